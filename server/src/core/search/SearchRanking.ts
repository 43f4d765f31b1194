import { isSolved } from "../types.js";
import { combineEdits, raisesPassing } from "./combineEdits.js";
import type { MixedProposal } from "./mixProposals.js";
import { modelTerms, rankCandidates, type CommandScorer, type RankWeights } from "./rankCandidates.js";
import { buildRankRecords } from "./rankRecords.js";
import type { LearnedRanker } from "../rank/LearnedRanker.js";
import { failureClass, rankFeatures } from "../rank/rankFeatures.js";
import type { RankRecord } from "./RankRecord.js";
import type { Candidate, FrontierNode, SearchFrontier } from "./SearchFrontier.js";
import { editEffect, editLine, LineEvidence } from "./lineEvidence.js";

/** What ranking cost in one search (SearchStats.ranking; only the ranked mode fills it). */
export interface RankingStats {
  /** States whose candidates were ranked (priors and penalties). */
  states: number;
  /** States the model scored (scoreCommands succeeded): only those one of whose candidates reached the
   *  top of the queue. The per-state figures below are per scored state. */
  scoredStates: number;
  /** Candidates ranked, and of them the ones the model scored (top-K by prior). */
  candidates: number;
  scoredCandidates: number;
  /** Time in the model's scoring and its tokens (prefix + candidate tokens evaluated). */
  ms: number;
  tokens: number;
  msPerState: number;
  tokensPerState: number;
  /** Wall time of one test run (mean over this search's verifications), to compare with msPerState. */
  testRunMs: number;
  /** Two-edit combinations queued (children that each raised the tests passing). */
  combinations: number;
  /** scoreCommands failures (the state is then ranked without the model). */
  failures: number;
  /** Expanded states where the model's samples were not drawn (the sample gate: drawsSamples). */
  sampleSkips: number;
}

export interface SearchRankingOptions {
  /** The ranked mode: score candidates, combine improving edits, break ties by output distance. */
  ranked: boolean;
  weights: RankWeights;
  /** A learned ranker (core/rank): replaces the hand-set edit score (prior, size, generalisation) and
   *  sets the model term's weight and top-K; `weights` still give the depth and combination terms. */
  ranker?: LearnedRanker;
  /** The scorer's model name (the learned ranker's model term only applies to the model it was fitted with). */
  modelName?: string;
  literals: ReadonlySet<string>;
  /** Draw the model's samples only where the learned ranker says they pay (default true). */
  sampleGate?: boolean;
  frontier: SearchFrontier;
  scorer?: CommandScorer;
  onError?: (message: string) => void;
}

/**
 * The search's bookkeeping for ranking: every verified child by parent (for the learning-to-rank
 * records, in every mode), and in the ranked mode the candidates' edit scores, the two-edit
 * combinations and what ranking cost.
 */
export class SearchRanking {
  readonly stats: RankingStats = {
    states: 0,
    scoredStates: 0,
    candidates: 0,
    scoredCandidates: 0,
    ms: 0,
    tokens: 0,
    msPerState: 0,
    tokensPerState: 0,
    testRunMs: 0,
    combinations: 0,
    failures: 0,
    sampleSkips: 0,
  };
  private readonly children = new Map<FrontierNode, FrontierNode[]>();
  private readonly improving = new Map<FrontierNode, FrontierNode[]>();
  /** A state's ranked batch, and its model terms once scored. */
  private readonly batches = new Map<
    FrontierNode,
    { mixed: readonly MixedProposal[]; priority: readonly number[]; lm?: Promise<number[]> }
  >();
  /** Per state, what its verified children say about its lines (ranked mode). */
  private readonly evidence = new Map<FrontierNode, LineEvidence>();
  private testRuns = 0;
  private testMs = 0;

  constructor(private readonly options: SearchRankingOptions) {}

  /** The model term's weight: the learned ranker's (for its own model), else the hand-set one. */
  get modelWeight(): number {
    const { ranker, weights, modelName } = this.options;
    return ranker ? ranker.lmWeight(modelName) : weights.model;
  }

  /** Whether candidates wait for the model term (ranked mode with a scorer and a model weight). */
  get lazy(): boolean {
    return this.options.ranked && this.options.scorer !== undefined && this.modelWeight > 0;
  }

  /**
   * Whether to draw the model's samples at a state: always, but in the ranked mode with a learned ranker
   * that found this model's samples never paid at states failing as this one does (sampleGate.ts).
   */
  drawsSamples(node: FrontierNode): boolean {
    const { ranked, ranker, sampleGate, modelName } = this.options;
    if (!ranked || !ranker || sampleGate === false) return true;
    if (ranker.drawsSamples(failureClass(node.state.verdict), modelName)) return true;
    this.stats.sampleSkips++;
    return false;
  }

  /** Edit scores for a state's mixed proposals without the model term (ranked mode), else undefined. */
  scores(node: FrontierNode, mixed: readonly MixedProposal[]): number[] | undefined {
    if (!this.options.ranked) return undefined;
    const { weights, literals, ranker } = this.options;
    this.stats.states++;
    this.stats.candidates += mixed.length;
    const scores = ranker
      ? ranker.scores(rankFeatures(node.state, mixed, literals, ranker.ngram), this.options.modelName ?? "")
      : rankCandidates({ state: node.state, mixed, weights, literals });
    // The model scores the top-K by the learned score, or (hand-set weights) by prior mass.
    if (this.lazy) this.batches.set(node, { mixed, priority: ranker ? scores : mixed.map((m) => m.mass) });
    return scores;
  }

  /**
   * A popped candidate whose key is still optimistic: scores its state's batch with the model (once per
   * state, batched) and returns the model term to add (≤ 0); undefined when the key is already exact.
   */
  async settle(c: Candidate, signal?: AbortSignal): Promise<number | undefined> {
    let delta: number | undefined;
    // The line evidence of its siblings verified since it was queued (only ever lowers a key).
    const penalty = this.adjustment(c);
    if (penalty < (c.adjusted ?? 0) - 1e-9) {
      delta = penalty - (c.adjusted ?? 0);
      c.adjusted = penalty;
    }
    const batch = c.pending === undefined ? undefined : this.batches.get(c.parent);
    if (!batch || c.pending === undefined) return delta;
    batch.lm ??= this.scoreBatch(c.parent, batch.mixed, batch.priority, signal);
    return (delta ?? 0) + this.modelWeight * ((await batch.lm)[c.pending] ?? 0);
  }

  /** The line-evidence penalty (≤ 0) of a candidate now (ranked mode; lineEvidence.ts). */
  adjustment(c: Candidate): number {
    if (!this.options.ranked) return 0;
    const { weights } = this.options;
    return this.evidence.get(c.parent)?.penalty(editLine(c.proposal.command), weights) ?? 0;
  }

  private async scoreBatch(
    node: FrontierNode,
    mixed: readonly MixedProposal[],
    priority: readonly number[],
    signal?: AbortSignal,
  ): Promise<number[]> {
    const { weights, scorer, ranker } = this.options;
    const r = await modelTerms(node.state, mixed, priority, ranker ? ranker.topK : weights.topK, scorer!, signal);
    const s = this.stats;
    s.ms += r.ms;
    s.tokens += r.tokens;
    if (r.scored) {
      s.scoredStates++;
      s.scoredCandidates += r.count;
    }
    if (r.error !== undefined && !signal?.aborted && s.failures++ === 0)
      this.options.onError?.(`ranking without the model: ${r.error}`);
    return r.lm;
  }

  /** A verified node: remember it under its parent; in the ranked mode, combine improving siblings. */
  verified(node: FrontierNode): void {
    this.testRuns++;
    this.testMs += node.ms;
    const parent = node.parent as FrontierNode | undefined;
    if (!parent) return;
    this.children.set(parent, [...(this.children.get(parent) ?? []), node]);
    const line = editLine(node.command);
    if (this.options.ranked && line !== undefined) {
      const e = this.evidence.get(parent) ?? new LineEvidence();
      e.add(line, editEffect(node.verdict, parent.verdict));
      this.evidence.set(parent, e);
    }
    if (!this.options.ranked || isSolved(node.verdict) || !raisesPassing(node.verdict, parent.verdict)) return;
    const earlier = this.improving.get(parent) ?? [];
    this.improving.set(parent, [...earlier, node]);
    for (const other of earlier) {
      // The child passing more tests carries the combination (the earlier one on a tie).
      const [base, extra] = node.verdict.passed > other.verdict.passed ? [node, other] : [other, node];
      this.combine(base, extra, parent);
    }
  }

  private combine(base: FrontierNode, extra: FrontierNode, parent: FrontierNode): void {
    const { frontier, weights } = this.options;
    if (!base.command || !extra.command) return;
    const combo = combineEdits(base.state.lines, base.command, extra.command);
    if (!combo) return;
    this.stats.combinations++;
    const extraScore = extra.logp - parent.logp;
    frontier.addCandidate(
      base,
      { command: combo.command, score: extraScore, source: "mutate", label: "combine" },
      combo.code,
      extraScore,
      { bonus: weights.combine },
    );
  }

  /** Learning-to-rank records of the path to `winner` (every mode). */
  records(winner: FrontierNode): RankRecord[] {
    return buildRankRecords(winner, this.children);
  }

  /** The stats with the per-state and per-run means filled in. */
  summary(): RankingStats {
    const s = { ...this.stats };
    s.msPerState = s.scoredStates > 0 ? s.ms / s.scoredStates : 0;
    s.tokensPerState = s.scoredStates > 0 ? s.tokens / s.scoredStates : 0;
    s.testRunMs = this.testRuns > 0 ? this.testMs / this.testRuns : 0;
    return s;
  }
}
