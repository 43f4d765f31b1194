import type { EpisodeHeader, PromptStyle } from "../tool/formatEpisode.js";

/** What the model has seen so far in one episode; the runtime renders it through the one formatter. */
export interface EpisodeContext {
  header: EpisodeHeader;
  /** Rendered states (renderState), oldest first. */
  states: readonly string[];
  /** Commands already issued (printCommand text, no newline). states.length === commands.length + 1. */
  commands: readonly string[];
}

export interface GenerateOptions {
  /** GBNF for this turn (commandGrammar). Omit only to measure the grammar's cost. */
  grammar?: string;
  /** 0 = greedy. Default 0.7 */
  temperature?: number;
  topK?: number;
  topP?: number;
  seed?: number;
  /** Cap on generated tokens for this command. Default 96. */
  maxTokens?: number;
  /** Compute Generation.logprob (default true). false is faster under a grammar: llama.cpp then checks
   *  only the sampled token against the grammar instead of the whole vocabulary; logprob is NaN. */
  logprob?: boolean;
  signal?: AbortSignal;
}

export interface Generation {
  /** The command text without the trailing newline. */
  text: string;
  /** Tokens generated for this command. */
  tokens: number;
  /** Sum of the log-probabilities of the generated tokens (under the sampling distribution). */
  logprob: number;
  /** Tokens newly evaluated to bring the context up to date before generating. */
  promptTokens: number;
}

export interface SessionStats {
  /** All prompt tokens evaluated over the session's life (KV reuse keeps this near contextTokens). */
  promptTokensEvaluated: number;
  generatedTokens: number;
  /** Tokens currently in this sequence's context. */
  contextTokens: number;
}

/** One sequence of a shared context: an episode's rolling KV cache. */
export interface PolicySession {
  /** Brings the sequence up to `context` (evaluating only tokens not already cached) and samples a command. */
  next(context: EpisodeContext, options?: GenerateOptions): Promise<Generation>;
  readonly stats: SessionStats;
  dispose(): void;
}

/** A model that proposes DSL commands. The loop and the search use nothing else of the model. */
export interface Policy {
  /** Shown in traces and the dataset (file name or a stand-in's name). */
  readonly name: string;
  readonly style: PromptStyle;
  /** n parallel sequences of one context (rollouts). */
  openSessions(n: number): Promise<PolicySession[]>;
  dispose(): Promise<void>;
}
