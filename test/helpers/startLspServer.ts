/**
 * Starts the Chain-of-Edits language server as a child process over stdio and connects to it with
 * vscode-jsonrpc (the node client side of vscode-languageserver), for tests without VS Code.
 * `entry: "source"` runs server/src/lsp/index.ts through tsx; `entry: "bundle"` runs dist/server.cjs
 * (build first), which is what the extension ships; `serverPath` runs another copy of that bundle
 * (e.g. one unpacked from the .vsix), with `cwd` and `env` for the child.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from "vscode-jsonrpc/node.js";
import type { CoeInitOptions } from "../../server/src/protocol.js";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** A notification as it arrived. */
export interface Received {
  method: string;
  params: unknown;
}

export interface LspServer {
  connection: MessageConnection;
  child: ChildProcess;
  /** Every notification received so far, oldest first. */
  received: Received[];
  /** Resolves with the first notification (already received or future) that matches. */
  waitFor<T>(method: string | { method: string }, match?: (params: T) => boolean, timeoutMs?: number): Promise<T>;
  /** Server stderr and window/logMessage text (for failure messages). */
  log: string[];
  /** shutdown + exit, then waits for the process to end (kills it after 5 s). */
  stop(): Promise<void>;
}

export async function startLspServer(options: {
  entry: "source" | "bundle";
  init: CoeInitOptions;
  rootUri: string;
  /** With entry "bundle": the server.cjs to run (default: dist/server.cjs of this checkout). */
  serverPath?: string;
  /** The child's working directory (default: the checkout). */
  cwd?: string;
  /** The child's environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
}): Promise<LspServer> {
  const args =
    options.entry === "source"
      ? ["--import", "tsx", join(ROOT, "server/src/lsp/index.ts"), "--stdio"]
      : [options.serverPath ?? join(ROOT, "dist/server.cjs"), "--stdio"];
  const child = spawn(process.execPath, args, {
    cwd: options.cwd ?? ROOT,
    env: options.env ?? process.env,
    stdio: ["pipe", "pipe", "pipe"],
  });
  const log: string[] = [];
  child.stderr!.setEncoding("utf8").on("data", (d: string) => log.push(d));
  const connection = createMessageConnection(
    new StreamMessageReader(child.stdout!),
    new StreamMessageWriter(child.stdin!),
  );
  const received: Received[] = [];
  const waiters: { method: string; match: (p: unknown) => boolean; resolve: (p: unknown) => void }[] = [];
  connection.onNotification((method: string, params: unknown) => {
    if (method === "window/logMessage") log.push((params as { message: string }).message);
    received.push({ method, params });
    for (const w of [...waiters])
      if (w.method === method && w.match(params)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(params);
      }
  });
  connection.listen();
  await connection.sendRequest("initialize", {
    processId: process.pid,
    rootUri: options.rootUri,
    capabilities: {},
    initializationOptions: options.init,
  });
  await connection.sendNotification("initialized", {});
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  return {
    connection,
    child,
    received,
    log,
    waitFor<T>(
      type: string | { method: string },
      match: (params: T) => boolean = () => true,
      timeoutMs = 60_000,
    ): Promise<T> {
      const method = typeof type === "string" ? type : type.method;
      const seen = received.find((r) => r.method === method && match(r.params as T));
      if (seen) return Promise.resolve(seen.params as T);
      return new Promise<T>((resolvePromise, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no ${method} within ${timeoutMs} ms; server log:\n${log.join("")}`)),
          timeoutMs,
        );
        waiters.push({
          method,
          match: (p) => match(p as T),
          resolve: (p) => {
            clearTimeout(timer);
            resolvePromise(p as T);
          },
        });
      });
    },
    async stop() {
      const kill = setTimeout(() => child.kill("SIGKILL"), 5000);
      try {
        await connection.sendRequest("shutdown");
        await connection.sendNotification("exit");
      } catch {
        child.kill("SIGKILL");
      }
      await exited;
      clearTimeout(kill);
      connection.dispose();
    },
  };
}
