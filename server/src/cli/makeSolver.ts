import { repair } from "../core/loop/index.js";
import type { Policy } from "../core/model/Policy.js";
import type { SearchMode } from "../core/search/SearchRepairOptions.js";
import { searchWithMode } from "../core/search/searchWithMode.js";
import type { Solver } from "../core/eval/index.js";

export type SolveMode = SearchMode;

export interface MakeSolverOptions {
  mode: SolveMode;
  policy?: Policy;
  rollouts: number;
  maxTurns: number;
  /** Verification budget of the search modes (test runs per task). */
  budget: number;
  seed: number;
  /** Wall-clock budget per task (search modes). Default 300 s, so that budgets, not a busy machine, end searches. */
  ms?: number;
}

/**
 * One solver per mode: "model" runs N Chain-of-Edits rollouts (verified best-of-N); "mutate" and
 * "hybrid" run the verified search, with the model as one more proposer in hybrid.
 */
export function makeSolver(options: MakeSolverOptions): Solver {
  if (options.mode === "model") {
    if (!options.policy) throw new Error("mode 'model' needs a model");
    const policy = options.policy;
    return async (task, visible, verifier, signal) => {
      const r = await repair({
        code: task.code,
        tests: { kind: "snippets", snippets: visible },
        policy,
        verifier,
        ...(task.description ? { description: task.description } : {}),
        rollouts: options.rollouts,
        maxTurns: options.maxTurns,
        seed: options.seed,
        signal,
      });
      return { best: r.best, traces: r.traces };
    };
  }
  return async (task, visible, verifier, signal) => {
    const r = await searchWithMode({
      code: task.code,
      tests: { kind: "snippets", snippets: visible },
      verifier,
      mode: options.mode,
      policy: options.policy,
      samples: Math.max(4, options.rollouts),
      budget: options.budget,
      ms: options.ms ?? 300_000,
      ...(task.description ? { description: task.description } : {}),
      signal,
    });
    return { best: r.best, traces: r.traces, ...(r.rankRecords ? { rankRecords: r.rankRecords } : {}) };
  };
}
