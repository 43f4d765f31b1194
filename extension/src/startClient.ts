import * as vscode from "vscode";
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node.js";
import type { CoeInitOptions } from "../../server/src/protocol.js";
import { readSettings } from "./settings.js";

/**
 * Starts the language server (dist/server.cjs) as a child process talking over Node IPC (a pipe
 * between the two processes; no network port), for Python files. The settings go in
 * initializationOptions with the extension's global storage folder (the default home of the
 * dataset and of trained models), and every later change of the "coe" section is pushed to it.
 */
export async function startClient(
  context: vscode.ExtensionContext,
  output: vscode.OutputChannel,
): Promise<LanguageClient> {
  const module = context.asAbsolutePath("dist/server.cjs");
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ["--nolazy", "--inspect=127.0.0.1:6009"] } },
  };
  const storage = context.globalStorageUri.scheme === "file" ? context.globalStorageUri.fsPath : undefined;
  const init: CoeInitOptions = { settings: readSettings(), ...(storage ? { storageDir: storage } : {}) };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: "file", language: "python" }],
    initializationOptions: init,
    synchronize: { configurationSection: "coe" },
    outputChannel: output,
  };
  const client = new LanguageClient("coe", "Chain-of-Edits", serverOptions, clientOptions);
  await client.start();
  return client;
}
