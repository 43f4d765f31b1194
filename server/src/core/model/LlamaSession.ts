/**
 * One episode's rolling KV cache: a PolicySession over one sequence of a shared llama.cpp context.
 *
 * next(ctx) tokenizes the whole episode with tokenizeEpisode (the same ids training uses), compares
 * them with the tokens already in the sequence, erases the part that diverges (usually just the
 * command the model sampled, whose canonical tokenization can differ from the sampled tokens) and
 * evaluates only the new tokens. Then it samples one command under the turn's GBNF grammar.
 */
import {
  LlamaGrammarEvaluationState,
  type LlamaContextSequence,
  type LlamaGrammar,
  type LlamaModel,
  type Token,
} from "node-llama-cpp";
import type { EpisodeContext, GenerateOptions, Generation, PolicySession, SessionStats } from "./Policy.js";
import { tokenizeEpisode, type TokenizeEpisodeOptions } from "./tokenizeEpisode.js";
import { ContextOverflowError, GenerationAbortedError } from "./modelErrors.js";
import { parseCommand } from "../dsl/parseCommand.js";

/** What a session needs from its policy (kept small so the session stays testable). */
export interface LlamaSessionHost {
  readonly model: LlamaModel;
  readonly tokenizeOptions: TokenizeEpisodeOptions;
  grammar(text: string): Promise<LlamaGrammar>;
  /** Called once when the session is disposed (the policy releases the sequence and maybe the context). */
  release(session: LlamaSession): void;
}

export interface LlamaGeneration extends Generation {
  /** Set when the text is not one well-formed command (e.g. maxTokens cut it off, or no grammar was used). */
  error?: string;
  /** The sampled token ids. */
  tokenIds: number[];
}

const DEFAULT_MAX_TOKENS = 96;
const DEFAULT_TEMPERATURE = 0.7;

/** A 32-bit seed for one turn, derived from the session seed and the turn index (reproducible). */
function turnSeed(seed: number, turn: number): number {
  let h = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (turn + 1), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

export class LlamaSession implements PolicySession {
  private readonly _stats: SessionStats = { promptTokensEvaluated: 0, generatedTokens: 0, contextTokens: 0 };
  private busy = false;
  private disposed = false;
  /** dispose() came while next() ran: release when it returns. */
  private releasePending = false;

  constructor(
    private readonly host: LlamaSessionHost,
    private readonly sequence: LlamaContextSequence,
    /** Used when next() gets no seed. */
    readonly defaultSeed: number,
  ) {}

  get stats(): SessionStats {
    return { ...this._stats, contextTokens: this.disposed ? 0 : this.sequence.nextTokenIndex };
  }

  /** The token ids now in this sequence's KV cache. */
  get cachedTokens(): number[] {
    return this.disposed ? [] : this.sequence.contextTokens.slice();
  }

  /** Tokens one sequence can hold. */
  get contextSize(): number {
    return this.sequence.contextSize;
  }

  /** Brings the cache to exactly tokenizeEpisode(context) without generating (warm-up, tests). */
  async prefill(context: EpisodeContext): Promise<number> {
    return this.exclusive(async () => {
      const ids = tokenizeEpisode(context, this.host.tokenizeOptions).ids;
      this.checkFits(ids.length, 0);
      const fresh = await this.alignTo(ids, false);
      if (fresh.length > 0) await this.sequence.evaluateWithoutGeneratingNewTokens(fresh as Token[]);
      this._stats.promptTokensEvaluated += fresh.length;
      return fresh.length;
    });
  }

  async next(context: EpisodeContext, options: GenerateOptions = {}): Promise<LlamaGeneration> {
    return this.exclusive(() => this.generate(context, options));
  }

  private async generate(context: EpisodeContext, options: GenerateOptions): Promise<LlamaGeneration> {
    const { signal } = options;
    if (signal?.aborted) throw new GenerationAbortedError(signal.reason);
    const maxTokens = options.maxTokens ?? DEFAULT_MAX_TOKENS;
    const ids = tokenizeEpisode(context, this.host.tokenizeOptions).ids;
    this.checkFits(ids.length, maxTokens);
    const grammar = options.grammar !== undefined ? await this.host.grammar(options.grammar) : undefined;
    const fresh = await this.alignTo(ids, true);
    this._stats.promptTokensEvaluated += fresh.length;

    const model = this.host.model;
    // Asking llama.cpp for the chosen token's probability makes it apply the grammar to the whole
    // vocabulary at every step (node-llama-cpp's AddonSampler "forceGrammar"); without it, llama.cpp
    // only checks the sampled token and falls back to the full pass when that token is invalid.
    const wantLogprob = options.logprob ?? true;
    const gen = this.sequence.evaluateWithMetadata(
      fresh as Token[],
      { confidence: wantLogprob },
      {
        temperature: options.temperature ?? DEFAULT_TEMPERATURE,
        topK: options.topK ?? 40,
        topP: options.topP ?? 0.95,
        seed: turnSeed(options.seed ?? this.defaultSeed, context.commands.length),
        grammarEvaluationState: grammar ? new LlamaGrammarEvaluationState({ model, grammar }) : undefined,
        // Never drop the beginning of an episode silently: checkFits keeps us from needing a shift.
        contextShift: {
          strategy: () => Promise.reject(new ContextOverflowError(ids.length, maxTokens, this.contextSize)),
        },
      },
    );
    const tokenIds: number[] = [];
    let logprob = 0;
    let raw = "";
    let aborted = false;
    try {
      for (let step = await gen.next(); !step.done; step = await gen.next()) {
        if (signal?.aborted || this.disposed) {
          aborted = true;
          break;
        }
        const { token, confidence } = step.value as { token: Token; confidence?: number };
        tokenIds.push(token);
        logprob += confidence === undefined ? NaN : Math.log(Math.max(confidence, Number.MIN_VALUE));
        raw += model.detokenize([token], false);
        // The grammar ends every command with "\n" and admits no "\n" inside one.
        if (raw.includes("\n") || tokenIds.length >= maxTokens) break;
      }
    } finally {
      await gen.return();
    }
    this._stats.generatedTokens += tokenIds.length;
    if (aborted) throw new GenerationAbortedError(signal?.reason);

    const full = model.detokenize(tokenIds as Token[], false);
    const cut = full.indexOf("\n");
    const text = cut >= 0 ? full.slice(0, cut) : full;
    const result: LlamaGeneration = { text, tokens: tokenIds.length, logprob, promptTokens: fresh.length, tokenIds };
    try {
      parseCommand(text); // the grammar should make this always succeed; never trust it blindly
      if (cut < 0) result.error = `no complete command within ${maxTokens} tokens`;
    } catch (err) {
      result.error = (err as Error).message;
    }
    return result;
  }

  /**
   * Erases the cached suffix that differs from `ids` and returns the tokens still to evaluate.
   * When `needLogits`, at least one token is left to evaluate (sampling needs the last token's logits).
   */
  private async alignTo(ids: readonly number[], needLogits: boolean): Promise<number[]> {
    const cached = this.sequence.contextTokens;
    let same = 0;
    while (same < cached.length && same < ids.length && cached[same] === ids[same]) same++;
    if (needLogits && same === ids.length) same = Math.max(0, ids.length - 1);
    if (same < this.sequence.nextTokenIndex)
      await this.sequence.eraseContextTokenRanges([{ start: same, end: this.sequence.nextTokenIndex }]);
    return ids.slice(same);
  }

  private checkFits(promptTokens: number, maxTokens: number): void {
    if (promptTokens + maxTokens > this.contextSize)
      throw new ContextOverflowError(promptTokens, maxTokens, this.contextSize);
  }

  private async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (this.disposed) throw new Error("this session was disposed");
    if (this.busy) throw new Error("a session runs one next() at a time");
    this.busy = true;
    try {
      return await fn();
    } finally {
      this.busy = false;
      if (this.releasePending) {
        this.releasePending = false;
        this.host.release(this);
      }
    }
  }

  /** Frees the sequence (after the running next(), if any). Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.busy) this.releasePending = true;
    else this.host.release(this);
  }

  /** For the policy: the sequence to free. */
  get llamaSequence(): LlamaContextSequence {
    return this.sequence;
  }
}
