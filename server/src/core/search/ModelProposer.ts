import { applyCommand, commandGrammar, joinLines, tryParseCommand, type LineRange } from "../dsl/index.js";
import type { Policy, PolicySession } from "../model/Policy.js";
import type { Proposal, ProposeOptions, Proposer, SearchState } from "./Proposer.js";

/**
 * The model as a proposer: k grammar-constrained samples of the next command from the state's
 * episode context (what the model would have seen had it walked the search path itself),
 * deduplicated by the code they produce, scored by log-probability. Samples that do not parse, do
 * not apply, change nothing or say EXIT are dropped (and counted in stats).
 */
export interface ModelProposerOptions {
  policy: Policy;
  /** Samples per expanded state (default 8). */
  samples?: number;
  /** Parallel sequences to sample on (default 1); samples are spread over them. */
  sessions?: number;
  /** Sampling temperature (default 0.8; 0 makes every sample the greedy one). */
  temperature?: number;
  maxTokens?: number;
  /** Base seed; sample i of the n-th call uses seed + n * samples + i (default 1). */
  seed?: number;
  /** The lines the grammar admits in a state (a function-scoped repair); default: every line. */
  lines?: (lines: readonly string[]) => LineRange | undefined;
  /** REPW's <old> only text that is on the line (the grammar reads the listing; default true): every
   *  REPW sample applies. false: any text (the grammar of earlier versions, for comparison). */
  oldOnLine?: boolean;
}

export interface ModelProposerStats {
  samples: number;
  generatedTokens: number;
  /** Prompt tokens evaluated before sampling (the KV cache keeps this small after the first sample). */
  promptTokens: number;
  /** Samples that did not parse, did not apply, changed nothing, or were EXIT. */
  unusable: number;
  /** Samples that repeated another sample's resulting code. */
  duplicates: number;
}

export class ModelProposer implements Proposer {
  readonly source = "model" as const;
  readonly name: string;
  readonly stats: ModelProposerStats = {
    samples: 0,
    generatedTokens: 0,
    promptTokens: 0,
    unusable: 0,
    duplicates: 0,
  };
  private sessions: Promise<PolicySession[]> | undefined;
  private calls = 0;

  constructor(private readonly options: ModelProposerOptions) {
    this.name = `model:${options.policy.name}`;
  }

  /** Every token this proposer made the model evaluate or generate. */
  get tokensSpent(): number {
    return this.stats.promptTokens + this.stats.generatedTokens;
  }

  async propose(state: SearchState, options: ProposeOptions): Promise<Proposal[]> {
    const k = this.options.samples ?? 8;
    this.sessions ??= this.options.policy.openSessions(Math.max(1, this.options.sessions ?? 1));
    const sessions = await this.sessions;
    const lines = this.options.lines?.(state.lines);
    const grammar = commandGrammar({
      lineCount: state.lines.length,
      ...(lines ? { lines } : {}),
      ...(this.options.oldOnLine === false ? {} : { listing: state.lines }),
    });
    const base = (this.options.seed ?? 1) + this.calls++ * k;
    const original = joinLines(state.lines);
    const best = new Map<string, Proposal>();
    // Each session is one sequence: its samples run one after another; sessions run side by side.
    await Promise.all(
      sessions.map(async (session, s) => {
        for (let i = s; i < k; i += sessions.length) {
          if (options.signal?.aborted) return;
          const gen = await session.next(state.context, {
            grammar,
            temperature: this.options.temperature ?? 0.8,
            maxTokens: this.options.maxTokens,
            seed: base + i,
            signal: options.signal,
          });
          this.stats.samples++;
          this.stats.generatedTokens += gen.tokens;
          this.stats.promptTokens += gen.promptTokens;
          const spent = gen.tokens + gen.promptTokens;
          const command = tryParseCommand(gen.text);
          const applied = command && command.op !== "EXIT" ? applyCommand(state.lines, command) : undefined;
          const code = applied?.ok ? joinLines(applied.lines) : undefined;
          if (!command || code === undefined || code === original) {
            this.stats.unusable++;
            continue;
          }
          const seen = best.get(code);
          if (seen) this.stats.duplicates++;
          if (!seen || seen.score < gen.logprob)
            best.set(code, {
              command,
              score: gen.logprob,
              source: "model",
              label: gen.text,
              tokens: spent + (seen?.tokens ?? 0),
            });
          else seen.tokens = (seen.tokens ?? 0) + spent;
        }
      }),
    );
    return [...best.values()].sort((a, b) => b.score - a.score).slice(0, options.limit);
  }

  /** Releases the sequences (the policy itself belongs to the caller). */
  async dispose(): Promise<void> {
    const sessions = this.sessions;
    this.sessions = undefined;
    if (sessions) for (const s of await sessions.catch(() => [])) s.dispose();
  }
}
