/**
 * Batched scoring of candidate commands on one sequence of a llama.cpp context (the ranked search,
 * issue #10): log p(command | episode so far) for many commands, with the episode's prefix evaluated
 * ONCE in the KV cache.
 *
 * How: tokenizeEpisode(context) gives the prefix (the one tokenizer, coe or chat style). The cache is
 * aligned to it (a sibling state's prefix shares the header and the early turns, so little is new) and
 * its last token is evaluated with the full next-token distribution. Each candidate is its "command"
 * segment (tokenizeCommandTurn: the command text and its "\n" in the coe style). Candidates are taken
 * in the order of their token ids, so those sharing leading tokens (e.g. "REPL 4 >>>") share their
 * evaluation: the cache keeps the previous candidate's tokens up to the common part and erases the rest
 * (eraseContextTokenRanges), never touching the prefix. The distribution after each evaluated token
 * comes from controlledEvaluate with greedy settings (temperature 0: the full softmax of the logits).
 */
import type { LlamaContextSequence, Token } from "node-llama-cpp";
import {
  emptyScoreStats,
  type CommandScore,
  type EpisodeContext,
  type ScoreCommandsOptions,
  type ScoreStats,
} from "./Policy.js";
import { tokenizeCommandTurn, tokenizeEpisode, type TokenizeEpisodeOptions } from "./tokenizeEpisode.js";
import { ContextOverflowError, GenerationAbortedError } from "./modelErrors.js";

export interface LlamaScorerOptions {
  sequence: LlamaContextSequence;
  tokenizeOptions: TokenizeEpisodeOptions;
  /** Accumulate into this object (e.g. the policy's totals); default: the scorer's own. */
  stats?: ScoreStats;
}

type Distribution = Map<Token, number>;

const WANT_DIST = { generateNext: { probabilities: true, options: { temperature: 0 } } } as const;

export class LlamaScorer {
  readonly stats: ScoreStats;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: LlamaScorerOptions) {
    this.stats = options.stats ?? emptyScoreStats();
  }

  /** Scores `commands` after `context`; calls are queued (one sequence evaluates one thing at a time). */
  score(
    context: EpisodeContext,
    commands: readonly string[],
    options: ScoreCommandsOptions = {},
  ): Promise<CommandScore[]> {
    const run = this.queue.then(() => this.scoreNow(context, commands, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async scoreNow(
    context: EpisodeContext,
    commands: readonly string[],
    { signal }: ScoreCommandsOptions,
  ): Promise<CommandScore[]> {
    if (signal?.aborted) throw new GenerationAbortedError(signal.reason);
    const started = performance.now();
    const { sequence, tokenizeOptions } = this.options;
    const prefix = tokenizeEpisode(context, tokenizeOptions).ids as Token[];
    const segments = commands.map((c) => tokenizeCommandTurn(context, c, tokenizeOptions) as Token[]);
    const longest = segments.reduce((m, s) => Math.max(m, s.length), 0);
    if (prefix.length + longest > sequence.contextSize)
      throw new ContextOverflowError(prefix.length, longest, sequence.contextSize);
    this.stats.calls++;
    if (commands.length === 0) return [];

    // The prefix, once: keep what the cache already holds, re-evaluate at least its last token.
    const cached = sequence.contextTokens;
    let same = 0;
    while (same < cached.length && same < prefix.length && cached[same] === prefix[same]) same++;
    same = Math.min(same, prefix.length - 1);
    await this.eraseFrom(same);
    const fresh = prefix.slice(same);
    const out = await sequence.controlledEvaluate(fresh.map((t, i) => (i === fresh.length - 1 ? [t, WANT_DIST] : t)));
    this.stats.prefixEvaluations++;
    this.stats.prefixTokens += fresh.length;
    const first = out[fresh.length - 1]?.next.probabilities;
    if (!first) throw new Error("llama.cpp returned no distribution after the prefix");

    // dists[j] = the distribution of the token after prefix + path[0..j-1]; path = candidate tokens cached.
    const dists: Distribution[] = [first];
    const path: Token[] = [];
    const order = segments.map((_, i) => i).sort((a, b) => compareIds(segments[a]!, segments[b]!));
    const scores: CommandScore[] = new Array<CommandScore>(commands.length);
    for (const i of order) {
      if (signal?.aborted) throw new GenerationAbortedError(signal.reason);
      const seg = segments[i]!;
      // The last token of a candidate needs no evaluation: only the distribution before it.
      const need = Math.max(0, seg.length - 1);
      let common = 0;
      while (common < path.length && common < need && path[common] === seg[common]) common++;
      if (path.length > common) {
        await this.eraseFrom(prefix.length + common);
        path.length = common;
        dists.length = common + 1;
      }
      const todo = seg.slice(common, need);
      if (todo.length > 0) {
        const res = await sequence.controlledEvaluate(todo.map((t) => [t, WANT_DIST]));
        todo.forEach((t, k) => {
          const d = res[k]?.next.probabilities;
          if (!d) throw new Error("llama.cpp returned no distribution for a candidate token");
          path.push(t);
          dists.push(d);
        });
        this.stats.candidateTokens += todo.length;
      }
      let logprob = 0;
      seg.forEach((t, j) => (logprob += Math.log(Math.max(dists[j]!.get(t) ?? 0, Number.MIN_VALUE))));
      scores[i] = { logprob, tokens: seg.length };
    }
    this.stats.candidates += commands.length;
    this.stats.ms += performance.now() - started;
    return scores;
  }

  private async eraseFrom(index: number): Promise<void> {
    const { sequence } = this.options;
    if (index < sequence.nextTokenIndex)
      await sequence.eraseContextTokenRanges([{ start: index, end: sequence.nextTokenIndex }]);
  }
}

/** Lexicographic order of token-id lists (a prefix comes first). */
function compareIds(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
