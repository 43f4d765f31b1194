import type { Policy } from "../core/model/Policy.js";
import type { Verifier } from "../core/python/Verifier.js";
import { searchWithMode } from "../core/search/searchWithMode.js";
import type { TestSource } from "../core/types.js";
import type { RoundEval } from "../protocol.js";

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
  signal?: AbortSignal;
}

/**
 * Solved tasks and test runs of one model on a task list: the hybrid search (mutations and the
 * model's proposals) with a small budget, the way the editor repairs. Two models are compared on
 * the same tasks with the same budget, so "does not lose" means: solves at least as many.
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
      mode: "hybrid",
      policy: options.policy,
      samples: 4,
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
