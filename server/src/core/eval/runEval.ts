import type { Verifier } from "../python/Verifier.js";
import { CountingVerifier } from "../python/CountingVerifier.js";
import type { RankRecord } from "../search/RankRecord.js";
import type { Trace } from "../types.js";
import { splitHidden, type EvalTask } from "./EvalTask.js";

/** What a solver returns for one task: the winning trace and every rollout it tried. */
export interface SolverResult {
  best: Trace;
  traces: Trace[];
  /** The search's learning-to-rank records, when the solver searched (`eval --dataset` stores them). */
  rankRecords?: RankRecord[];
  /** Warnings about the fix (e.g. the generalisation probe's 'over-fitted? ...'). */
  flags?: string[];
}

/** Anything that repairs one task (model rollouts, the search, hybrid). It must verify only through `verifier`. */
export type Solver = (
  task: EvalTask,
  visibleTests: string[],
  verifier: Verifier,
  signal?: AbortSignal,
) => Promise<SolverResult>;

export interface TaskResult {
  id: string;
  nCorruptions?: number;
  kinds?: string[];
  /** Best-of-N: the best trace passes every visible test. */
  solved: boolean;
  /** Fraction of rollouts that solved on their own (pass@1 estimate). */
  pass1: number;
  /** With --hidden: the final code also passes the held-back tests. */
  solvedHidden?: boolean;
  turns: number;
  tokens: number;
  testRuns: number;
  ms: number;
  finalCode: string;
  trace: Trace;
  /** The solver's warnings about the fix, when it gave any. */
  flags?: string[];
  error?: string;
}

export interface EvalSummary {
  tasks: number;
  pass1: number;
  bestOfN: number;
  solvedHidden?: number;
  meanTurns: number;
  meanTokens: number;
  meanTestRuns: number;
  /** Test runs per solved task. */
  testRunsPerSolve: number;
  meanMs: number;
  byCorruptions: Record<string, { tasks: number; pass1: number; bestOfN: number }>;
  byKind: Record<string, { tasks: number; pass1: number; bestOfN: number }>;
}

export interface RunEvalOptions {
  tasks: EvalTask[];
  solver: Solver;
  verifier: Verifier;
  /** Fraction of each task's tests held back from the solver. */
  hidden?: number;
  signal?: AbortSignal;
  onTask?: (result: TaskResult, index: number) => void;
}

/** Runs a solver over a suite, one task at a time, and measures it. */
export async function runEval(options: RunEvalOptions): Promise<{ results: TaskResult[]; summary: EvalSummary }> {
  const results: TaskResult[] = [];
  for (const [index, task] of options.tasks.entries()) {
    if (options.signal?.aborted) break;
    const { visible, hidden } = splitHidden(task.tests, options.hidden ?? 0);
    const counter = new CountingVerifier(options.verifier);
    const t0 = performance.now();
    let result: TaskResult;
    try {
      const { best, traces, flags } = await options.solver(task, visible, counter, options.signal);
      const testRuns = counter.count;
      let solvedHidden: boolean | undefined;
      if (hidden.length > 0) {
        const v = await options.verifier.verify({
          code: best.finalCode,
          tests: { kind: "snippets", snippets: hidden },
        });
        solvedHidden = best.solved && v.kind === "ok" && v.passed === v.total;
      }
      result = {
        id: task.id,
        ...(task.nCorruptions !== undefined ? { nCorruptions: task.nCorruptions } : {}),
        ...(task.kinds ? { kinds: task.kinds } : {}),
        solved: best.solved,
        pass1: traces.length ? traces.filter((t) => t.solved).length / traces.length : 0,
        ...(solvedHidden !== undefined ? { solvedHidden } : {}),
        turns: best.steps.filter((s) => s.command !== "EXIT").length,
        tokens: traces.reduce((s, t) => s + t.tokens, 0),
        testRuns,
        ms: performance.now() - t0,
        finalCode: best.finalCode,
        trace: best,
        ...(flags?.length ? { flags } : {}),
      };
    } catch (err) {
      if (options.signal?.aborted) break;
      throw err;
    }
    results.push(result);
    options.onTask?.(result, index);
  }
  return { results, summary: summarize(results, (options.hidden ?? 0) > 0) };
}

const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

export function summarize(results: TaskResult[], withHidden = false): EvalSummary {
  const group = (key: (r: TaskResult) => string[]): EvalSummary["byKind"] => {
    const out: EvalSummary["byKind"] = {};
    for (const r of results)
      for (const k of key(r)) {
        const g = (out[k] ??= { tasks: 0, pass1: 0, bestOfN: 0 });
        g.tasks++;
        g.pass1 += r.pass1;
        g.bestOfN += r.solved ? 1 : 0;
      }
    for (const g of Object.values(out)) {
      g.pass1 /= g.tasks;
      g.bestOfN /= g.tasks;
    }
    return out;
  };
  const solved = results.filter((r) => r.solved);
  return {
    tasks: results.length,
    pass1: mean(results.map((r) => r.pass1)),
    bestOfN: mean(results.map((r) => (r.solved ? 1 : 0))),
    ...(withHidden ? { solvedHidden: mean(results.map((r) => (r.solvedHidden ? 1 : 0))) } : {}),
    meanTurns: mean(results.map((r) => r.turns)),
    meanTokens: mean(results.map((r) => r.tokens)),
    meanTestRuns: mean(results.map((r) => r.testRuns)),
    testRunsPerSolve: solved.length ? results.reduce((s, r) => s + r.testRuns, 0) / solved.length : Infinity,
    meanMs: mean(results.map((r) => r.ms)),
    byCorruptions: group((r) => (r.nCorruptions !== undefined ? [String(r.nCorruptions)] : [])),
    byKind: group((r) => [...new Set(r.kinds ?? [])]),
  };
}
