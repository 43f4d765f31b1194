import type { Policy } from "../model/Policy.js";
import type { Verifier } from "../python/Verifier.js";
import { testsAsText, type EpisodeHeader } from "../tool/index.js";
import type { ProgressListener, TestSource, Trace, Verdict } from "../types.js";
import { runEpisode } from "./runEpisode.js";

export interface RepairOptions {
  code: string;
  tests: TestSource;
  policy: Policy;
  verifier: Verifier;
  /** Task text shown to the model, when known. */
  description?: string;
  /** How the tests read in the prompt (defaults to the snippets or the pytest file). */
  testsText?: string;
  fileName?: string;
  /** Parallel rollouts (sequences of one context); the tests pick the best. Default 1. */
  rollouts?: number;
  maxTurns?: number;
  tokenBudget?: number;
  /** Sampling temperature; default 0 for one rollout (greedy), 0.8 for several. */
  temperature?: number;
  seed?: number;
  timeoutMs?: number;
  /** Stop as soon as the tests pass (default, inference) or wait for EXIT (RL rollouts). */
  stopWhenSolved?: boolean;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

export interface RepairResult {
  /** The verdict of the code as given. */
  initial: Verdict;
  best: Trace;
  traces: Trace[];
  ms: number;
}

/** Orders traces best first: solved, then fraction passing, then fewer steps. */
export function compareTraces(a: Trace, b: Trace): number {
  if (a.solved !== b.solved) return a.solved ? -1 : 1;
  if (a.partial !== b.partial) return b.partial - a.partial;
  return a.steps.length - b.steps.length;
}

/**
 * Repairs code with N rollouts of the Chain-of-Edits loop, run concurrently on parallel sequences
 * of one model context, and returns the best trace as judged by the tests (verified best-of-N).
 */
export async function repair(options: RepairOptions): Promise<RepairResult> {
  const t0 = performance.now();
  const n = Math.max(1, options.rollouts ?? 1);
  const fileName = options.fileName ?? "solution.py";
  const initial = await options.verifier.verify({
    code: options.code,
    tests: options.tests,
    fileName,
    timeoutMs: options.timeoutMs,
    signal: options.signal,
  });
  options.onProgress?.({ type: "start", rollouts: n, initial });
  const header: EpisodeHeader = {
    ...(options.description ? { description: options.description } : {}),
    tests: options.testsText ?? testsAsText(options.tests),
  };
  const temperature = options.temperature ?? (n === 1 ? 0 : 0.8);
  const baseSeed = options.seed ?? 1;
  const sessions = await options.policy.openSessions(n);
  try {
    const traces = await Promise.all(
      sessions.map((session, rollout) =>
        runEpisode({
          session,
          verifier: options.verifier,
          code: options.code,
          tests: options.tests,
          header,
          initial,
          fileName,
          modelName: options.policy.name,
          maxTurns: options.maxTurns,
          tokenBudget: options.tokenBudget,
          temperature,
          seed: baseSeed + rollout,
          rollout,
          timeoutMs: options.timeoutMs,
          stopWhenSolved: options.stopWhenSolved,
          signal: options.signal,
          onStep: (step, turn) => options.onProgress?.({ type: "step", rollout, turn, step }),
        }).then((trace) => {
          options.onProgress?.({ type: "rollout-end", rollout, trace });
          return trace;
        }),
      ),
    );
    const best = traces.slice().sort(compareTraces)[0]!;
    return { initial, best, traces, ms: performance.now() - t0 };
  } finally {
    for (const s of sessions) s.dispose();
  }
}
