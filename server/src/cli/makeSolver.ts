import type { Policy } from "../core/model/Policy.js";
import type { Solver } from "../core/eval/index.js";
import type { LearnedRanker } from "../core/rank/LearnedRanker.js";
import { solveRepair, type RepairMode } from "../core/solve/index.js";

export interface MakeSolverOptions {
  mode: RepairMode;
  policy?: Policy;
  rollouts: number;
  maxTurns: number;
  /** Verification budget of the search modes (test runs per task). */
  budget: number;
  seed: number;
  /** Wall-clock budget per task (search modes). Default 300 s, so that budgets, not a busy machine, end searches. */
  ms?: number;
  /** "ranked": a learned ranker (core/rank) in place of the hand-set edit score. */
  ranker?: LearnedRanker;
  /** Test runs in flight per search (default: the verifier's concurrency). */
  concurrency?: number;
  /** Check a fix on inputs next to the tests' before taking it (search modes; GeneralisationProbe.ts). */
  probe?: boolean;
}

/** The evaluation's solver: solveRepair (core/solve) with the mode's options, on each task's visible tests. */
export function makeSolver(options: MakeSolverOptions): Solver {
  if (options.mode === "model" && !options.policy) throw new Error("mode 'model' needs a model");
  return async (task, visible, verifier, signal) => {
    const r = await solveRepair({
      mode: options.mode,
      code: task.code,
      tests: { kind: "snippets", snippets: visible },
      verifier,
      policy: options.policy,
      rollouts: options.rollouts,
      maxTurns: options.maxTurns,
      seed: options.seed,
      budget: options.budget,
      ms: options.ms ?? 300_000,
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      ...(task.description ? { description: task.description } : {}),
      signal,
      ...(options.ranker ? { ranker: options.ranker } : {}),
      ...(options.probe ? { probe: true } : {}),
    });
    return {
      best: r.best,
      traces: r.traces,
      ...(r.rankRecords ? { rankRecords: r.rankRecords } : {}),
      ...(r.flags.length ? { flags: r.flags } : {}),
    };
  };
}
