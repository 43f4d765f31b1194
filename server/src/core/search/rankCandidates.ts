import { printCommand } from "../dsl/index.js";
import type { CommandScore, EpisodeContext, ScoreCommandsOptions, ScoreStats } from "../model/Policy.js";
import { editSize, generalisationPenalty } from "./editPenalties.js";
import type { MixedProposal } from "./mixProposals.js";
import type { SearchState } from "./Proposer.js";

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
  /** Bonus (log units) of a two-edit combination of children that each raised the tests passing. */
  combine: number;
  /** Only the top-K candidates by prior are scored by the model (cost on big models). */
  topK: number;
}

export const DEFAULT_RANK_WEIGHTS: RankWeights = {
  model: 0.5,
  prior: 1,
  size: 0.3,
  general: 1.5,
  combine: 2,
  topK: 64,
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

export interface RankedCandidates {
  /** Per mixed proposal (same order): its edit score. */
  scores: number[];
  /** Time spent in the model, and its tokens (prefix + candidates evaluated). */
  ms: number;
  tokens: number;
  /** Whether the model scored this state (false without a scorer or when scoring failed). */
  scored: boolean;
  error?: string;
}

export interface RankCandidatesOptions {
  state: SearchState;
  mixed: readonly MixedProposal[];
  weights: RankWeights;
  /** Literals of the tests (testLiterals), for the generalisation penalty. */
  literals: ReadonlySet<string>;
  scorer?: CommandScorer;
  signal?: AbortSignal;
}

/** Log-softmax of a list of totals. */
function logSoftmax(xs: readonly number[]): number[] {
  const max = Math.max(...xs);
  const log = Math.log(xs.reduce((s, x) => s + Math.exp(x - max), 0)) + max;
  return xs.map((x) => x - log);
}

/** The edit scores of a state's candidates (model scoring batched over the top-K by prior). */
export async function rankCandidates(options: RankCandidatesOptions): Promise<RankedCandidates> {
  const { state, mixed, weights, literals, scorer } = options;
  const lm = new Array<number>(mixed.length).fill(0);
  const out: RankedCandidates = { scores: [], ms: 0, tokens: 0, scored: false };
  if (scorer && weights.model > 0 && mixed.length > 0) {
    const top = mixed
      .map((m, i) => ({ mass: m.mass, i }))
      .sort((a, b) => b.mass - a.mass || a.i - b.i)
      .slice(0, Math.max(1, weights.topK))
      .map((x) => x.i);
    const started = performance.now();
    const before = scorer.scoreStats ? { ...scorer.scoreStats } : undefined;
    try {
      const scores = await scorer.scoreCommands(
        state.context,
        top.map((i) => printCommand(mixed[i]!.proposal.command)),
        { signal: options.signal },
      );
      const norm = logSoftmax(scores.map((s) => s.logprob));
      const floor = Math.min(...norm);
      lm.fill(floor);
      top.forEach((i, k) => (lm[i] = norm[k]!));
      out.scored = true;
      const after = scorer.scoreStats;
      out.tokens =
        before && after
          ? after.prefixTokens + after.candidateTokens - before.prefixTokens - before.candidateTokens
          : scores.reduce((n, s) => n + s.tokens, 0);
    } catch (err) {
      out.error = String((err as Error)?.message ?? err);
    }
    out.ms = performance.now() - started;
  }
  out.scores = mixed.map((m, i) => {
    const cmd = m.proposal.command;
    return (
      weights.model * lm[i]! +
      weights.prior * Math.log(Math.max(m.mass, 1e-12)) -
      weights.size * Math.log(1 + editSize(state.lines, cmd)) -
      weights.general * generalisationPenalty(state.lines, cmd, literals)
    );
  });
  return out;
}
