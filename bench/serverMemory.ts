/**
 * The language server's idle memory: dist/server.cjs (the bundle the extension ships) started over
 * stdio as test/helpers/startLspServer.ts does, its process RSS (VmRSS of /proc/<pid>/status) idle
 * after initialize (tree-sitter warmed, no model: the model loads lazily on the first repair), then
 * idle again after coe/reloadModel loaded the model (the shipped models/coe-tiny.gguf, or
 * BENCH_MODEL) with the default settings (4 rollout sequences of one context). Reported as numbers
 * and as the model's share of the loaded server's RSS (node-llama-cpp's binding included: only a
 * loaded model brings it in). No target: this is what a user's machine pays for an idle server.
 *
 * Run alone: node --import tsx bench/serverMemory.ts (build first: npm run build).
 */
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import * as P from "../server/src/protocol.js";
import { startLspServer, ROOT, type LspServer } from "../test/helpers/startLspServer.js";
import { makeTestModel } from "../test/helpers/makeTestModel.js";
import { procRssMiB, realPython, sleep } from "./verifierMemory.js";

type Row = Record<string, number | string>;

/** Idle pause before sampling, and how many samples (their median is reported). */
const SETTLE_MS = 2500;
const SAMPLES = 5;

async function benchModel(): Promise<string> {
  if (process.env.BENCH_MODEL) return resolve(process.env.BENCH_MODEL);
  const shipped = join(ROOT, "models/coe-tiny.gguf");
  return existsSync(shipped) ? shipped : makeTestModel({ dim: 256, layers: 4, heads: 8, ffn: 768, ctx: 2048 });
}

/** Median of SAMPLES readings of the server's RSS, 200 ms apart, after SETTLE_MS of idle time. */
async function idleRss(server: LspServer): Promise<number> {
  const pid = server.child.pid;
  if (pid === undefined || server.child.exitCode !== null)
    throw new Error(`the language server is not running; log:\n${server.log.join("")}`);
  await sleep(SETTLE_MS);
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    samples.push(procRssMiB(pid));
    await sleep(200);
  }
  return samples.sort((a, b) => a - b)[Math.floor(SAMPLES / 2)]!;
}

export async function benchServerMemory(): Promise<Row> {
  const bundle = join(ROOT, "dist/server.cjs");
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run npm run build first`);
  const modelPath = await benchModel();
  const work = mkdtempSync(join(tmpdir(), "coe-bench-lsp-"));
  let server: LspServer | undefined;
  try {
    server = await startLspServer({
      entry: "bundle",
      rootUri: pathToFileURL(work).href,
      init: {
        storageDir: join(work, "storage"),
        settings: { python: realPython(), model: modelPath, mode: "hybrid", rollouts: P.DEFAULT_SETTINGS.rollouts },
      },
    });
    const before = await server.connection.sendRequest(P.ModelInfoRequest);
    if (before.loaded) throw new Error("the model was loaded before any repair (expected a lazy load)");
    const without = await idleRss(server);
    const started = performance.now();
    const info = await server.connection.sendRequest(P.ReloadModelRequest, { path: modelPath });
    const loadMs = performance.now() - started;
    if (!info.loaded) throw new Error(`coe/reloadModel did not load ${modelPath}: ${info.problem ?? ""}`);
    const withModel = await idleRss(server);
    const r = (n: number): number => Math.round(n * 10) / 10;
    return {
      model: `${basename(modelPath)} (${r(statSync(modelPath).size / 2 ** 20)} MiB file), ${P.DEFAULT_SETTINGS.rollouts} sequences`,
      "server RSS idle, no model loaded (MiB)": r(without),
      "server RSS idle, model loaded (MiB)": r(withModel),
      "model's share of the loaded server's RSS (%)": ((withModel - without) / withModel) * 100,
      "coe/reloadModel time (ms)": Math.round(loadMs),
    };
  } finally {
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  for (const [k, v] of Object.entries(await benchServerMemory()))
    console.log(`${k.padEnd(52)} ${typeof v === "number" ? +v.toFixed(3) : v}`);
}
