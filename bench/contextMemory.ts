/**
 * Memory of parallel rollouts: N sequences of one llama.cpp context (what LlamaPolicy.openSessions(N)
 * gives `coe train rl` and the repair loop) vs. N separate contexts of the same model. Each layout
 * runs in a fresh child process (so freed memory of the other layout cannot hide in the allocator):
 * it loads the model, notes its RSS, creates the contexts as LlamaPolicy.createContext does (per
 * sequence contextSize, 1 thread), prefills one episode prompt per sequence through LlamaSession (so
 * the KV cache and compute buffers are really used), and notes the RSS again.
 * Reported: RSS growth (VmRSS of /proc/self/status), llama.cpp's state size (context.stateSize) and
 * node-llama-cpp's own RAM accounting (llama.getLlamaMemoryUsage().cpuRam), each as one/N ratios.
 * Target: one context with N sequences grows RSS less than N contexts (ratio < 1).
 *
 * Run alone: node --import tsx bench/contextMemory.ts (env BENCH_MODEL=path.gguf, BENCH_SEQUENCES=N).
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { basename, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import type { LlamaContext } from "node-llama-cpp";
import { LlamaSession, type LlamaSessionHost } from "../server/src/core/model/LlamaSession.js";
import { acquireLlama } from "../server/src/core/model/sharedLlama.js";
import { renderState } from "../server/src/core/tool/renderState.js";
import { makeTestModel } from "../test/helpers/makeTestModel.js";
import { procRssMiB, sleep } from "./verifierMemory.js";

type Row = Record<string, number | string>;
type Layout = "one" | "many";

const ROOT = resolve(import.meta.dirname, "..");
const THIS_FILE = fileURLToPath(import.meta.url);
const CHILD_FLAG = "--context-memory-child";
const RESULT = "RESULT ";

interface Measured {
  rssModelMiB: number;
  rssGrowthMiB: number;
  stateMiB: number;
  llamaRamGrowthMiB: number;
  contexts: number;
  contextSize: number;
}

const PROGRAM = [
  "def max_sub_array_sum(a, size):",
  "    max_so_far = 0",
  "    max_ending_here = 0",
  "    for i in range(0, size):",
  "        max_ending_here = max_ending_here + a[i]",
  "        if max_ending_here < 0:",
  "            max_ending_here = 0",
  "        elif max_so_far < max_ending_here:",
  "            max_so_far = max_ending_here",
  "    return max_ending_here",
];

/** In the child: one layout, measured. */
async function measure(layout: Layout, sequences: number, modelPath: string): Promise<Measured> {
  const lease = await acquireLlama();
  const mib = (bytes: number): number => bytes / 2 ** 20;
  try {
    const model = await lease.llama.loadModel({ modelPath, gpuLayers: 0 });
    const contextSize = Math.min(4096, model.trainContextSize > 0 ? model.trainContextSize : 4096);
    await sleep(300);
    const rssModel = procRssMiB(process.pid);
    const ramModel = (await lease.llama.getLlamaMemoryUsage()).cpuRam;
    const create = (n: number): Promise<LlamaContext> =>
      model.createContext({ sequences: n, contextSize, threads: 1, failedCreationRemedy: false });
    const contexts: LlamaContext[] = [];
    if (layout === "one") contexts.push(await create(sequences));
    else for (let i = 0; i < sequences; i++) contexts.push(await create(1));
    const host: LlamaSessionHost = {
      model,
      tokenizeOptions: { model, style: "coe" },
      grammar: () => Promise.reject(new Error("no grammar in this benchmark")),
      release: () => undefined,
    };
    const sessions = contexts.flatMap((c) =>
      Array.from({ length: c.sequencesLeft }, (_, i) => new LlamaSession(host, c.getSequence(), i)),
    );
    const verdict = {
      kind: "ok" as const,
      passed: 1,
      total: 2,
      ms: 1,
      tests: [{ name: "max_sub_array_sum([-2, -3, 4, -1, -2, 1, 5, -3], 8) == 7", status: "fail" as const, got: "4" }],
    };
    const episode = {
      header: { description: "Find the largest sum of a contiguous subarray.", tests: verdict.tests[0]!.name },
      states: [renderState(PROGRAM, verdict)],
      commands: [],
    };
    await Promise.all(sessions.map((s) => s.prefill(episode)));
    await sleep(300);
    const measured: Measured = {
      rssModelMiB: rssModel,
      rssGrowthMiB: procRssMiB(process.pid) - rssModel,
      stateMiB: mib(contexts.reduce((sum, c) => sum + c.stateSize, 0)),
      llamaRamGrowthMiB: mib((await lease.llama.getLlamaMemoryUsage()).cpuRam - ramModel),
      contexts: contexts.length,
      contextSize,
    };
    for (const s of sessions) s.dispose();
    await Promise.all(contexts.map((c) => c.dispose()));
    await model.dispose();
    return measured;
  } finally {
    await lease.release();
  }
}

/** Runs one layout in a fresh node process and parses its result line. */
async function inChild(layout: Layout, sequences: number, modelPath: string): Promise<Measured> {
  const args = ["--import", "tsx", THIS_FILE, CHILD_FLAG, layout, String(sequences), modelPath];
  const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: ROOT, maxBuffer: 1 << 24 });
  const line = stdout.split("\n").find((l) => l.startsWith(RESULT));
  if (!line) throw new Error(`the ${layout}-context child printed no result:\n${stdout.slice(-2000)}`);
  return JSON.parse(line.slice(RESULT.length)) as Measured;
}

async function benchModel(): Promise<string> {
  if (process.env.BENCH_MODEL) return process.env.BENCH_MODEL;
  const shipped = resolve(ROOT, "models/coe-tiny.gguf");
  if (existsSync(shipped)) return shipped;
  return makeTestModel({ dim: 256, layers: 4, heads: 8, ffn: 768, ctx: 2048, seed: 3 });
}

export async function benchContextMemory(): Promise<Row> {
  const sequences = Number(process.env.BENCH_SEQUENCES ?? 8);
  if (!Number.isInteger(sequences) || sequences < 2)
    throw new Error(`BENCH_SEQUENCES must be an integer >= 2, got ${process.env.BENCH_SEQUENCES}`);
  const modelPath = await benchModel();
  const one = await inChild("one", sequences, modelPath);
  const many = await inChild("many", sequences, modelPath);
  const r = (n: number): number => Math.round(n * 10) / 10;
  const ratio = one.rssGrowthMiB / many.rssGrowthMiB;
  return {
    model: `${basename(modelPath)}, ${one.contextSize} tokens per sequence`,
    "process RSS with the model loaded (MiB)": r(one.rssModelMiB),
    [`RSS growth, 1 context x ${sequences} sequences (MiB)`]: r(one.rssGrowthMiB),
    [`RSS growth, ${many.contexts} contexts x 1 sequence (MiB)`]: r(many.rssGrowthMiB),
    "RSS growth ratio (one context / N contexts)": ratio,
    "llama.cpp state size, one / N contexts (MiB)": `${r(one.stateMiB)} / ${r(many.stateMiB)}`,
    "node-llama-cpp RAM estimate ratio (one / N)": one.llamaRamGrowthMiB / many.llamaRamGrowthMiB,
    "target: one context < N contexts (RSS)": ratio < 1 ? "met" : "not met",
  };
}

if (process.argv[2] === CHILD_FLAG) {
  const [layout, sequences, modelPath] = process.argv.slice(3);
  if ((layout !== "one" && layout !== "many") || !modelPath) throw new Error(`bad child arguments: ${process.argv}`);
  process.stdout.write(RESULT + JSON.stringify(await measure(layout, Number(sequences), modelPath)) + "\n");
} else if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  for (const [k, v] of Object.entries(await benchContextMemory()))
    console.log(`${k.padEnd(52)} ${typeof v === "number" ? +v.toFixed(3) : v}`);
}
