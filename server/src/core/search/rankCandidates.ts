import { printCommand } from "../dsl/index.js";
import type { CommandScore, EpisodeContext, ScoreCommandsOptions, ScoreStats } from "../model/Policy.js";
import { editSize, generalisationPenalty } from "./editPenalties.js";
import type { MixedProposal } from "./mixProposals.js";
import type { SearchState } from "./Proposer.js";
import { spreadLm, topIndices } from "../rank/LearnedRanker.js";

/**
 * The ranked search's edit score (docs/ranking.md): for each candidate edit c of a state,
 *
 *   edit(c) = model × lm(c) + prior × log mass(c) − size × log(1 + tokens changed) − general × g(c)
 *
 * lm(c) = the model's log-likelihood of c's printed command after the state's episode, log-softmaxed
 * over the state's scored candidates (top-K by prior; the others get the lowest lm of the state);
 * mass(c) = c's share of the proposers' mixture (fault localisation × operator prior, plus the model's
 * samples); g(c) = generalisationPenalty (constant guards, literal returns, literals from the tests).
 * Every term is ≤ 0, so a child never outranks its parent's key (the frontier's bound holds).
 */
export interface RankWeights {
  /** Weight of the normalised model log-likelihood (0: the model does not rank). */
  model: number;
  /** Weight of the log prior mass (fault localisation and operator priors, model samples). */
  prior: number;
  /** Weight of log(1 + Python tokens the edit changes). */
  size: number;
  /** Weight of the generalisation penalty (0..2 per edit). */
  general: number;
  /** Bonus (log units) of a two-edit combination of children that each raised the tests passing: it
   *  orders that candidate only; its verified state and that state's children do not inherit it. */
  combine: number;
  /** Only the top-K candidates by prior are scored by the model (the cost of ranking grows with K). */
  topK: number;
  /** The frontier's depth penalty in the ranked mode (replaces SearchRepairOptions.depthPenalty): the
   *  ranked edit scores spread wider than log masses, so a deeper state must promise more. */
  depth: number;
  /** Penalty of a candidate whose line's verified edits all changed nothing the tests see (lineEvidence.ts). */
  inert: number;
  /** Penalty of a candidate on another line than one whose edit helped a failing test (lineEvidence.ts). */
  elsewhere: number;
}

export const DEFAULT_RANK_WEIGHTS: RankWeights = {
  model: 0.1,
  prior: 1,
  size: 0.3,
  general: 1.5,
  // 8, not inherited (2 was inherited by the combination's whole subtree, which then crowded out
  // the rest of the search): real-bugs-tune and train-bugs' two-edit bugs (docs/RESULTS-2026-12-02-combine.md).
  combine: 8,
  topK: 32,
  depth: 2,
  // Line evidence is off: on real-bugs-tune it was within noise (docs/ranking.md, "Line evidence").
  inert: 0,
  elsewhere: 0,
};

/** What the ranked search needs of a model: Policy.scoreCommands (LlamaPolicy has it). */
export interface CommandScorer {
  scoreCommands(
    context: EpisodeContext,
    commands: readonly string[],
    options?: ScoreCommandsOptions,
  ): Promise<CommandScore[]>;
  readonly scoreStats?: ScoreStats;
}

export interface ModelTerms {
  /** Per mixed proposal (same order): lm(c), the normalised log-likelihood (≤ 0; 0 for all when unscored). */
  lm: number[];
  /** Time spent in the model, and its tokens (prefix + candidates evaluated). */
  ms: number;
  tokens: number;
  /** Whether the model scored this state (false when scoring failed). */
  scored: boolean;
  /** Candidates the model scored (the top-K by prior). */
  count: number;
  error?: string;
}

export interface RankCandidatesOptions {
  state: SearchState;
  mixed: readonly MixedProposal[];
  weights: RankWeights;
  /** Literals of the tests (testLiterals), for the generalisation penalty. */
  literals: ReadonlySet<string>;
}

/**
 * The edit scores of a state's candidates without the model term (prior, size, generalisation): the
 * search queues them with these, an upper bound of the full score since model × lm ≤ 0, and adds the
 * model term (modelTerms) only when one of the state's candidates reaches the top of the queue.
 */
export function rankCandidates(options: RankCandidatesOptions): number[] {
  const { state, mixed, weights, literals } = options;
  return mixed.map((m) => {
    const cmd = m.proposal.command;
    return handEditScore(
      weights,
      Math.log(Math.max(m.mass, 1e-12)),
      Math.log(1 + editSize(state.lines, cmd)),
      generalisationPenalty(state.lines, cmd, literals),
    );
  });
}

/** The hand-set edit score from its parts (the learned ranker's features logMass, size and general). */
export function handEditScore(weights: RankWeights, logMass: number, logSize: number, general: number): number {
  return weights.prior * logMass - weights.size * logSize - weights.general * general;
}

/** lm(c) for a state's candidates: one batched scoreCommands call over the top-K by `priority` (the
 *  candidates' scores without the model term). */
export async function modelTerms(
  state: SearchState,
  mixed: readonly MixedProposal[],
  priority: readonly number[],
  topK: number,
  scorer: CommandScorer,
  signal?: AbortSignal,
): Promise<ModelTerms> {
  const out: ModelTerms = { lm: new Array<number>(mixed.length).fill(0), ms: 0, tokens: 0, scored: false, count: 0 };
  if (mixed.length === 0) return out;
  const top = topIndices(priority, topK);
  const started = performance.now();
  const before = scorer.scoreStats ? { ...scorer.scoreStats } : undefined;
  try {
    const scores = await scorer.scoreCommands(
      state.context,
      top.map((i) => printCommand(mixed[i]!.proposal.command)),
      { signal },
    );
    out.lm = spreadLm(
      mixed.length,
      top,
      scores.map((s) => s.logprob),
    );
    out.scored = true;
    out.count = top.length;
    const after = scorer.scoreStats;
    out.tokens =
      before && after
        ? after.prefixTokens + after.candidateTokens - before.prefixTokens - before.candidateTokens
        : scores.reduce((n, s) => n + s.tokens, 0);
  } catch (err) {
    out.error = String((err as Error)?.message ?? err);
  }
  out.ms = performance.now() - started;
  return out;
}
