/**
 * What the default model costs the ranked search (docs/RESULTS-2026-12-02-samples.md): the same
 * tasks searched with coe-tiny's samples where the shipped ranker's sample gate draws them
 * (sampleGate.ts), at every expanded state, and without a model, alternating task by task so that
 * all see the same machine load; the shipped ranker orders all. Prints the ratios of wall time and of
 * test runs and the solves of each, on the first tasks of real-bugs-tune (hand-written
 * bugs, where the model's samples rarely fix) and of mbpp-val-repair-tune (MBPP's corruptions, where
 * they do). `node --import tsx bench/modelInSearch.ts [--tasks 6] [--budget 40] [--samples 8] [--ranker R.json]`
 */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { LlamaPolicy } from "../server/src/core/model/LlamaPolicy.js";
import { PythonVerifier } from "../server/src/core/python/PythonVerifier.js";
import { searchWithMode } from "../server/src/core/search/searchWithMode.js";
import { LearnedRanker } from "../server/src/core/rank/LearnedRanker.js";
import { loadSuiteTasks } from "../server/src/cli/loadSuiteTasks.js";
import type { EvalTask } from "../server/src/core/eval/index.js";
import type { Policy } from "../server/src/core/model/Policy.js";
import type { Verifier } from "../server/src/core/python/Verifier.js";

const ROOT = new URL("..", import.meta.url).pathname;

interface Side {
  ms: number;
  runs: number;
  solved: number;
}

const side = (): Side => ({ ms: 0, runs: 0, solved: 0 });
const add = (to: Side, r: Side): void => {
  to.ms += r.ms;
  to.runs += r.runs;
  to.solved += r.solved;
};

async function searchOnce(
  task: EvalTask,
  verifier: Verifier,
  ranker: LearnedRanker,
  budget: number,
  model?: { policy: Policy; samples: number; gate: boolean },
): Promise<Side> {
  const t0 = performance.now();
  const r = await searchWithMode({
    code: task.code,
    tests: { kind: "snippets", snippets: task.tests },
    verifier,
    mode: "ranked",
    ranker,
    budget,
    samples: model?.samples ?? 0,
    ...(model ? { policy: model.policy, sampleGate: model.gate } : {}),
    ...(task.description ? { description: task.description } : {}),
  });
  return { ms: performance.now() - t0, runs: r.stats.verifications, solved: r.trace.solved ? 1 : 0 };
}

export async function benchModelInSearch(argv: string[] = []): Promise<Record<string, number | string>> {
  const { values } = parseArgs({
    args: argv,
    options: {
      tasks: { type: "string", default: "6" },
      budget: { type: "string", default: "40" },
      samples: { type: "string", default: "8" },
      ranker: { type: "string", default: `${ROOT}models/ranker.json` },
    },
  });
  const modelPath = `${ROOT}models/coe-tiny.gguf`;
  if (!existsSync(modelPath)) throw new Error(`no model at ${modelPath}`);
  const ranker = LearnedRanker.load(values.ranker, `${ROOT}models`);
  const policy = await LlamaPolicy.load({ modelPath });
  const verifier = new PythonVerifier({ pythonPath: process.env.COE_PYTHON ?? "/usr/bin/python3", concurrency: 1 });
  const row: Record<string, number | string> = {};
  try {
    for (const suite of ["real-bugs-tune", "mbpp-val-repair-tune"]) {
      const tasks = (await loadSuiteTasks(suite)).slice(0, Number(values.tasks));
      // Three arms, alternating task by task: the model's samples where the ranker's gate draws them
      // (the default), at every expanded state (no gate), and no model at all.
      const arms = { gated: side(), eager: side(), none: side() };
      for (const task of tasks) {
        const model = { policy, samples: Number(values.samples) };
        add(arms.gated, await searchOnce(task, verifier, ranker, Number(values.budget), { ...model, gate: true }));
        add(arms.eager, await searchOnce(task, verifier, ranker, Number(values.budget), { ...model, gate: false }));
        add(arms.none, await searchOnce(task, verifier, ranker, Number(values.budget)));
      }
      const { gated, eager, none } = arms;
      row[`${suite}: tasks`] = tasks.length;
      row[`${suite}: wall time, model at every state / no model (x)`] = eager.ms / none.ms;
      row[`${suite}: wall time, model where the gate draws / no model (x)`] = gated.ms / none.ms;
      row[`${suite}: wall time, gate / no gate (x)`] = gated.ms / eager.ms;
      row[`${suite}: test runs, gate / no gate (x)`] = gated.runs / eager.runs;
      row[`${suite}: test runs, gate / no model (x)`] = gated.runs / none.runs;
      row[`${suite}: solved gate | no gate | no model`] = `${gated.solved} | ${eager.solved} | ${none.solved}`;
    }
  } finally {
    await verifier.dispose();
    await policy.dispose();
  }
  return row;
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  const row = await benchModelInSearch(process.argv.slice(2));
  for (const [k, v] of Object.entries(row)) console.log(`${k.padEnd(60)} ${typeof v === "number" ? +v.toFixed(3) : v}`);
}
