import type { Policy } from "../model/Policy.js";
import type { Verifier } from "../python/Verifier.js";
import type { RepairMode } from "../solve/RepairMode.js";
import { testsAsText } from "../tool/testsAsText.js";
import type { ProgressListener, TestSource, Trace, Verdict } from "../types.js";
import { splitLines, type LineRange } from "../dsl/index.js";
import { LineScope, ScopedProposer } from "./LineScope.js";
import { TestGuard } from "./TestGuard.js";
import { ModelProposer } from "./ModelProposer.js";
import { MutationProposer } from "./MutationProposer.js";
import type { Proposer } from "./Proposer.js";
import { searchRepair } from "./searchRepair.js";
import type { SearchResult } from "./SearchRepairOptions.js";
import type { CommandScorer, RankWeights } from "./rankCandidates.js";
import type { LearnedRanker } from "../rank/LearnedRanker.js";

/** The policy as a scorer, when it can score (LlamaPolicy can; stand-ins may not). */
function scorerOf(policy: Policy | undefined): CommandScorer | undefined {
  if (!policy?.scoreCommands) return undefined;
  return {
    scoreCommands: (context, commands, options) => policy.scoreCommands!(context, commands, options),
    get scoreStats() {
      return policy.scoreStats;
    },
  };
}

/** Ranked mode: weights from $COE_RANK_WEIGHTS (JSON, e.g. '{"model":0.3}'), for tuning runs (docs/ranking.md). */
function envWeights(): Partial<RankWeights> | undefined {
  const raw = process.env.COE_RANK_WEIGHTS;
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as Partial<RankWeights>;
  } catch {
    throw new Error(`COE_RANK_WEIGHTS is not JSON: ${raw}`);
  }
}

export interface SearchWithModeOptions {
  code: string;
  tests: TestSource;
  verifier: Verifier;
  /** A search mode (RepairMode, DESIGN §9): "model" means rollouts, which solveRepair runs instead. */
  mode: Exclude<RepairMode, "model">;
  /** The model for 'hybrid' and 'ranked'; without it the search uses mutations only. */
  policy?: Policy;
  /** Model samples per expanded state. */
  samples: number;
  /** Test runs allowed. */
  budget: number;
  /** Wall-clock budget in ms (default 120 s). */
  ms?: number;
  /** Test runs in flight at once (default: the verifier's concurrency). 1 makes the count of test runs
   *  a property of the ranking alone: with more, runs started before a slow fix came back count too. */
  concurrency?: number;
  fileName?: string;
  timeoutMs?: number;
  description?: string;
  signal?: AbortSignal;
  /** Ranked mode: the score's weights (default DEFAULT_RANK_WEIGHTS, or $COE_RANK_WEIGHTS). */
  rank?: Partial<RankWeights>;
  /** Ranked mode: a learned ranker in place of the hand-set edit score (core/rank, docs/ranking.md). */
  ranker?: LearnedRanker;
  /** Only these lines of `code` may change (1-based, inclusive): a repair scoped to one function. The
   *  model's grammar names only them and proposals that change anything else are dropped (LineScope). */
  lines?: LineRange;
  /** Ranked mode: draw the model's samples only where the learned ranker found they paid (default true;
   *  sampleGate.ts). */
  sampleGate?: boolean;
  /** Check a fix on inputs next to the tests' before taking it (GeneralisationProbe.ts). */
  probe?: boolean;
  /** Every event of the search: start, one 'search' event per test run, the final rollout-end. */
  onProgress?: ProgressListener;
}

export type SearchWithModeResult = SearchResult & { initial: Verdict; best: Trace; traces: Trace[]; ms: number };

/**
 * The verified search with the proposers a mode asks for (mutations always, the model in 'hybrid' and
 * 'ranked' when a policy is given); the result has repair()'s shape (initial, best, traces, ms), so
 * solveRepair (core/solve) treats model rollouts and the search alike.
 */
export async function searchWithMode(options: SearchWithModeOptions): Promise<SearchWithModeResult> {
  const scope = options.lines ? new LineScope(splitLines(options.code), options.lines) : undefined;
  let proposers: Proposer[] = [new MutationProposer()];
  let model: ModelProposer | undefined;
  if (options.mode !== "mutate" && options.policy) {
    model = new ModelProposer({
      policy: options.policy,
      samples: options.samples,
      ...(scope ? { lines: (lines: readonly string[]) => scope.rangeIn(lines) } : {}),
    });
    proposers.push(model);
  }
  if (scope) proposers = proposers.map((p) => new ScopedProposer(p, scope));
  // Tests in the file are not the code under repair: no proposal may change them (TestGuard).
  const guard = options.tests.kind === "auto" ? new TestGuard(splitLines(options.code)) : undefined;
  if (guard?.guards) proposers = proposers.map((p) => new ScopedProposer(p, guard));
  let initial: Verdict | undefined;
  try {
    const r = await searchRepair({
      code: options.code,
      tests: options.tests,
      verifier: options.verifier,
      proposers,
      ...(options.mode === "ranked"
        ? {
            ranked: true,
            scorer: scorerOf(options.policy),
            rank: options.rank ?? envWeights(),
            ...(options.ranker ? { ranker: options.ranker } : {}),
            ...(options.sampleGate === false ? { sampleGate: false } : {}),
            ...(options.policy ? { modelName: options.policy.name } : {}),
          }
        : {}),
      budget: { verifications: options.budget, ms: options.ms ?? 120_000 },
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      ...(options.probe ? { probe: true } : {}),
      header: {
        ...(options.description ? { description: options.description } : {}),
        tests: testsAsText(options.tests),
      },
      ...(options.fileName ? { fileName: options.fileName } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      signal: options.signal,
      onProgress: (e) => {
        if (e.type === "start") initial = e.initial;
        options.onProgress?.(e);
      },
    });
    const init = initial ??
      r.trace.initialVerdict ?? {
        kind: "ok",
        passed: r.trace.initialPassed,
        total: r.trace.initialTotal,
        tests: [],
        ms: 0,
      };
    return { ...r, initial: init, best: r.trace, traces: [r.trace], ms: r.stats.ms };
  } finally {
    await model?.dispose();
  }
}
