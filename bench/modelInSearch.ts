/**
 * What the default model costs the ranked search (docs/RESULTS-2026-12-02-samples.md): the same
 * tasks searched with coe-tiny's samples and without a model, alternating task by task so that both
 * see the same machine load; the shipped ranker orders both. Prints the ratio of wall time and of
 * test runs (with / without) and the solves of each, on the first tasks of real-bugs-tune (hand-written
 * bugs, where the model's samples rarely fix) and of mbpp-val-repair-tune (MBPP's corruptions, where
 * they do). `node --import tsx bench/modelInSearch.ts [--tasks 6] [--budget 40] [--samples 8]`
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

async function searchOnce(
  task: EvalTask,
  verifier: Verifier,
  ranker: LearnedRanker,
  budget: number,
  model?: { policy: Policy; samples: number },
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
    ...(model ? { policy: model.policy } : {}),
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
    },
  });
  const modelPath = `${ROOT}models/coe-tiny.gguf`;
  if (!existsSync(modelPath)) throw new Error(`no model at ${modelPath}`);
  const ranker = LearnedRanker.load(`${ROOT}models/ranker.json`);
  const policy = await LlamaPolicy.load({ modelPath });
  const verifier = new PythonVerifier({ pythonPath: process.env.COE_PYTHON ?? "/usr/bin/python3", concurrency: 1 });
  const row: Record<string, number | string> = {};
  try {
    for (const suite of ["real-bugs-tune", "mbpp-val-repair-tune"]) {
      const tasks = (await loadSuiteTasks(suite)).slice(0, Number(values.tasks));
      const withModel: Side = { ms: 0, runs: 0, solved: 0 };
      const without: Side = { ms: 0, runs: 0, solved: 0 };
      for (const task of tasks) {
        const a = await searchOnce(task, verifier, ranker, Number(values.budget), {
          policy,
          samples: Number(values.samples),
        });
        const b = await searchOnce(task, verifier, ranker, Number(values.budget));
        for (const [side, r] of [
          [withModel, a],
          [without, b],
        ] as const) {
          side.ms += r.ms;
          side.runs += r.runs;
          side.solved += r.solved;
        }
      }
      row[`${suite}: tasks`] = tasks.length;
      row[`${suite}: wall time, with / without model (x)`] = withModel.ms / without.ms;
      row[`${suite}: test runs, with / without model (x)`] = withModel.runs / without.runs;
      row[`${suite}: solved with | without model`] = `${withModel.solved} | ${without.solved}`;
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
