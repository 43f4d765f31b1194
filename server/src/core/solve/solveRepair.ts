import type { LineRange } from "../dsl/index.js";
import { repair } from "../loop/repair.js";
import type { Policy } from "../model/Policy.js";
import type { Verifier } from "../python/Verifier.js";
import type { RankRecord } from "../search/RankRecord.js";
import type { SearchStats } from "../search/SearchRepairOptions.js";
import { searchWithMode } from "../search/searchWithMode.js";
import type { ProgressListener, TestSource, Trace, Verdict } from "../types.js";
import { searchSamples, type RepairMode } from "./RepairMode.js";
import type { LearnedRanker } from "../rank/LearnedRanker.js";

export interface SolveRepairOptions {
  mode: RepairMode;
  code: string;
  tests: TestSource;
  verifier: Verifier;
  /** Needed in "model" mode; in the search modes the model proposes edits when given (else mutations only). */
  policy?: Policy;
  /** "model": parallel rollouts (default 1). Search modes: model samples per expanded state, searchSamples(rollouts). */
  rollouts?: number;
  /** "model": turns per rollout. */
  maxTurns?: number;
  /** "model": seed of the first rollout (default 1). */
  seed?: number;
  /** Search modes: test runs allowed. */
  budget: number;
  /** Search modes: wall-clock budget in ms (default 120 s). */
  ms?: number;
  /** Search modes: test runs in flight at once (default: the verifier's concurrency). */
  concurrency?: number;
  /** Search modes: only these lines may change (1-based, inclusive), e.g. one function (LineScope). */
  lines?: LineRange;
  /** "ranked": a learned ranker (core/rank) in place of the hand-set edit score. */
  ranker?: LearnedRanker;
  /** Search modes: check a fix on inputs next to the tests' before taking it (GeneralisationProbe.ts). */
  probe?: boolean;
  /** Task text shown to the model, when known. */
  description?: string;
  fileName?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Every event: start, then steps and rollout-ends (model) or one 'search' event per test run. */
  onProgress?: ProgressListener;
}

export interface SolveRepairResult {
  /** The verdict of the code as given. */
  initial: Verdict;
  best: Trace;
  /** Every rollout ("model"), or the search's one trace. */
  traces: Trace[];
  ms: number;
  /** Warnings about the repair (e.g. 'edits-test-helper'); none in "model" mode. */
  flags: string[];
  /** The search's statistics (search modes only). */
  stats?: SearchStats;
  /** Learning to rank (#10): the search's rank records, when it solved (search modes only). */
  rankRecords?: RankRecord[];
}

/**
 * Repairs code with a mode (RepairMode, DESIGN §9): the one entry point of the CLI, the evaluation
 * and the language server. "model" runs N Chain-of-Edits rollouts (verified best-of-N); every other
 * mode runs the verified search with the proposers the mode asks for. Throws when "model" has no model.
 */
export async function solveRepair(options: SolveRepairOptions): Promise<SolveRepairResult> {
  const rollouts = Math.max(1, options.rollouts ?? 1);
  const common = {
    code: options.code,
    tests: options.tests,
    verifier: options.verifier,
    ...(options.description ? { description: options.description } : {}),
    ...(options.fileName ? { fileName: options.fileName } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    signal: options.signal,
    onProgress: options.onProgress,
  };
  if (options.mode === "model") {
    if (!options.policy) throw new Error("mode 'model' needs a model");
    const r = await repair({
      ...common,
      policy: options.policy,
      rollouts,
      ...(options.maxTurns !== undefined ? { maxTurns: options.maxTurns } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
    });
    return { ...r, flags: [] };
  }
  // "ranked" is the hybrid search with every candidate scored by the model (docs/ranking.md).
  const r = await searchWithMode({
    ...common,
    mode: options.mode,
    policy: options.policy,
    samples: searchSamples(rollouts),
    budget: options.budget,
    ...(options.ms !== undefined ? { ms: options.ms } : {}),
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    ...(options.lines ? { lines: options.lines } : {}),
    ...(options.ranker ? { ranker: options.ranker } : {}),
    ...(options.probe ? { probe: true } : {}),
  });
  return {
    initial: r.initial,
    best: r.best,
    traces: r.traces,
    ms: r.ms,
    flags: r.flags,
    stats: r.stats,
    ...(r.rankRecords ? { rankRecords: r.rankRecords } : {}),
  };
}
