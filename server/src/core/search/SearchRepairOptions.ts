import type { RankRecord } from "./RankRecord.js";
import type { ProgressListener, TestSource, Trace } from "../types.js";
import type { Verifier } from "../python/Verifier.js";
import type { EpisodeHeader } from "../tool/index.js";
import type { Proposer } from "./Proposer.js";
import type { CommandScorer, RankWeights } from "./rankCandidates.js";
import type { LearnedRanker } from "../rank/LearnedRanker.js";
import type { RankingStats } from "./SearchRanking.js";

/* What searchRepair (searchRepair.ts) takes and returns: its options, budget, statistics and result. */

export interface SearchBudget {
  /** Most calls to verifier.verify on the visible tests, the initial state's included. Never exceeded. */
  verifications: number;
  /** Wall-clock limit in ms: no verification starts after it, those in flight are aborted. */
  ms?: number;
}

export interface SearchRepairOptions {
  code: string;
  /** The tests the search sees. */
  tests: TestSource;
  /** Evaluation only: tests the search never sees; the winner is verified on them once. */
  hiddenTests?: TestSource;
  verifier: Verifier;
  /** Every proposer takes part (a repair mode's choice of proposers is searchWithMode's, DESIGN §9). */
  proposers: readonly Proposer[];
  budget: SearchBudget;
  /** What a model proposer sees before the first state (default: the tests' text). */
  header?: EpisodeHeader;
  /** Module file name for the verifier and the trace (default "solution.py"). */
  fileName?: string;
  /** Per-verification wall limit (the verifier's default when omitted). */
  timeoutMs?: number;
  /** Deepest path explored (default 3 edits). */
  maxDepth?: number;
  /** Proposals asked from each proposer per expanded state (default 300). */
  proposalsPerState?: number;
  /** Verifications in flight at once (default verifier.concurrency). */
  concurrency?: number;
  /** Ask the verifier for per-test line coverage for fault localisation (default true). */
  coverage?: boolean;
  /** The function under repair, when known (else: the function most tests call first). */
  target?: string;
  /** Priority of a candidate = passedWeight × fraction of tests its parent passes + log-confidence of its
   *  path (each edit's share of its proposer batch, summed) − depthPenalty × depth. Defaults 4 and 1. */
  passedWeight?: number;
  depthPenalty?: number;
  /** Ranked mode (docs/ranking.md): every state's candidates ordered by one score; set by searchWithMode. */
  ranked?: boolean;
  /** Ranked mode: the model that scores candidates (Policy.scoreCommands); without it the ranked score
   *  has no model term. */
  scorer?: CommandScorer;
  /** Ranked mode: the score's weights (DEFAULT_RANK_WEIGHTS in rankCandidates.ts, docs/ranking.md). */
  rank?: Partial<RankWeights>;
  /** Ranked mode: a learned ranker (core/rank/LearnedRanker.ts) in place of the hand-set edit score. */
  ranker?: LearnedRanker;
  /** Ranked mode: the scorer's model name (a learned ranker's model term applies only to its own model). */
  modelName?: string;
  /** Ranked mode with a learned ranker stamped for this model: draw the model's samples only at states
   *  of the failure classes where they paid (LearnedRanker.drawsSamples, sampleGate.ts). Default true. */
  sampleGate?: boolean;
  /** Hybrid and ranked: the model's share of each state's proposal mass (default 0.15; mutations get the rest). */
  modelShare?: number;
  /** Check a candidate that passes every test on inputs next to the tests' (GeneralisationProbe.ts)
   *  before taking it; one that crashes or hangs there is returned only if nothing else passes. */
  probe?: boolean;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

export interface SearchStats {
  /** Verifications on the visible tests (≤ budget.verifications). */
  verifications: number;
  /** Verifications on the hidden tests (0 or 1). */
  hiddenVerifications: number;
  /** States whose proposals were asked for. */
  expanded: number;
  /** Distinct codes verified. */
  uniqueStates: number;
  /** Proposals skipped because their code had already been verified or was in flight. */
  duplicates: number;
  proposals: number;
  /** Model tokens the search spent (prompt evaluated + generated, every sample counted; 0 without a model). */
  tokens: number;
  /** Verifications that hit a time limit (the whole run, or one of its tests). */
  timeouts: number;
  ms: number;
  solved: boolean;
  solvedVisible: boolean;
  /** Present only when hiddenTests were given. */
  solvedHidden?: boolean;
  stop: "solved" | "budget" | "time" | "exhausted" | "aborted";
  /** Test runs the generalisation probe spent (counted in verifications too); absent without the probe. */
  probes?: number;
  /** Ranked mode only: what ranking cost (ms and tokens per state, next to one test run's ms). */
  ranking?: RankingStats;
}

export interface SearchResult {
  trace: Trace;
  stats: SearchStats;
  /** 'edits-test-helper' when the path edits a function the tests call other than the one under repair. */
  flags: string[];
  /** Learning to rank (#10): for each state on the winning path, its winning edit and the verified
   *  sibling edits that failed. Empty when the search did not solve. */
  rankRecords?: RankRecord[];
}
