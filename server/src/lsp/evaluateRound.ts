import { basename } from "node:path";
import { resources } from "../core/resources.js";
import type { RepairRecord } from "../core/dataset/index.js";
import { loadBuiltinSuite } from "../core/eval/loadBuiltinSuite.js";
import type { Policy } from "../core/model/Policy.js";
import type { Verifier } from "../core/python/Verifier.js";
import { searchWithMode } from "../core/search/searchWithMode.js";
import type { TestSource } from "../core/types.js";
import type { RoundEval } from "../protocol.js";
import { SEARCH_SAMPLES, type RepairMode } from "../core/solve/RepairMode.js";
import { userRanker } from "../core/rank/rankerRound.js";
import type { LearnedRanker } from "../core/rank/LearnedRanker.js";

/** One task a round is judged on: a validation-suite bug, or one of the user's held-back fixes. */
export interface RoundTask {
  id: string;
  code: string;
  tests: TestSource;
  fileName?: string;
}

export interface EvaluateRoundOptions {
  suite: string;
  tasks: readonly RoundTask[];
  policy: Policy | undefined;
  verifier: Verifier;
  /** Test runs per task. */
  budget: number;
  /** The search the user repairs with (default "hybrid"): "ranked" orders candidates by `ranker`. */
  mode?: "hybrid" | "ranked";
  /** "ranked": the learned ranker in use (the same for both models compared). */
  ranker?: LearnedRanker;
  signal?: AbortSignal;
}

/** The mode a round is judged in: the user's own search (ranked or hybrid) with the ranker in use. */
export function roundMode(mode: RepairMode, storageDir: string): { mode: "hybrid" | "ranked"; ranker?: LearnedRanker } {
  if (mode !== "ranked") return { mode: "hybrid" };
  const { ranker } = userRanker(storageDir); // a torn file: the hand-set score, as in the repair itself
  return ranker ? { mode, ranker } : { mode };
}

/**
 * Solved tasks and test runs of one model on a task list: the search the user repairs with (ranked,
 * with the ranker in use, or hybrid: mutations and the model's proposals) with a small budget. It
 * measures what the model's proposals add to the user's own search. Two models are compared on the
 * same tasks with the same budget and ranker, so "does not lose" means: solves at least as many.
 */
export async function evaluateRound(options: EvaluateRoundOptions): Promise<RoundEval> {
  let solved = 0;
  let testRuns = 0;
  for (const task of options.tasks) {
    options.signal?.throwIfAborted();
    const r = await searchWithMode({
      code: task.code,
      tests: task.tests,
      verifier: options.verifier,
      mode: options.mode ?? "hybrid",
      ...(options.mode === "ranked" && options.ranker ? { ranker: options.ranker } : {}),
      policy: options.policy,
      samples: SEARCH_SAMPLES,
      budget: options.budget,
      ms: 60_000,
      timeoutMs: 5000,
      ...(task.fileName ? { fileName: task.fileName } : {}),
      signal: options.signal,
    });
    if (r.stats.solved) solved++;
    testRuns += r.stats.verifications;
  }
  return { suite: options.suite, tasks: options.tasks.length, solved, testRuns };
}

/** Whether the candidate loses to the current model on any suite (fewer solved). */
export function loses(candidate: readonly RoundEval[], current: readonly RoundEval[]): string | undefined {
  for (const c of candidate) {
    const o = current.find((x) => x.suite === c.suite);
    if (o && c.solved < o.solved) return `${c.suite}: ${c.solved}/${c.tasks} solved, the current model ${o.solved}`;
  }
  return undefined;
}

/** The name of a round's evaluation suite of the user's held-back fixes (the other is the validation suite). */
export const HELD_BACK_SUITE = "held-back fixes";

/** A round's evaluation suites: the held-back fixes, plus the first `limit` tasks of the validation
 *  suite (mbpp-val-repair) when MBPP is there (built once and cached in cacheDir). */
export async function roundTasks(options: {
  held: readonly RepairRecord[];
  limit: number;
  cacheDir: string;
  signal?: AbortSignal;
  log?: (line: string) => void;
}): Promise<Map<string, RoundTask[]>> {
  const suites = new Map<string, RoundTask[]>();
  suites.set(
    HELD_BACK_SUITE,
    options.held.map((r) => ({ id: r.id, code: r.before, tests: r.tests, fileName: basename(r.file) })),
  );
  const mbpp = roundMbpp();
  if (mbpp && options.limit > 0) {
    options.signal?.throwIfAborted();
    const tasks = await loadBuiltinSuite({
      name: "mbpp-val-repair",
      root: resources.packageRoot(),
      cacheDir: options.cacheDir,
      mbppPath: () => mbpp,
      log: options.log,
    });
    suites.set(
      "mbpp-val-repair",
      tasks
        .slice(0, options.limit)
        .map((t) => ({ id: t.id, code: t.code, tests: { kind: "snippets", snippets: t.tests } })),
    );
  }
  return suites;
}

/** MBPP's train/validation programs for a round (replay, RL tasks, the validation suite), or undefined
 *  when they cannot be found (COE_MBPP naming a missing file turns them off, as the tests do). */
export function roundMbpp(): string | undefined {
  try {
    return resources.mbppFiles(["train-validation"])[0];
  } catch {
    return undefined;
  }
}
