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

/** The model's log-likelihood of one candidate command after an episode context. */
export interface CommandScore {
  /** Sum of the log-probabilities of the command's tokens (its "command" segment: the text and the "\n"
   *  formatCommandTurn adds in the coe style, the assistant text in the chat style). Full softmax, no
   *  temperature, no grammar. */
  logprob: number;
  /** Tokens of the command segment. */
  tokens: number;
}

export interface ScoreCommandsOptions {
  signal?: AbortSignal;
}

/** What scoring has cost over a policy's life (scoreCommands). */
export interface ScoreStats {
  /** scoreCommands calls. */
  calls: number;
  /** Times a state's prefix was brought into the KV cache (one per call, whatever the number of candidates). */
  prefixEvaluations: number;
  /** Prefix tokens evaluated (only the part not already cached). */
  prefixTokens: number;
  /** Candidate tokens evaluated (candidates sharing leading tokens share their evaluation). */
  candidateTokens: number;
  /** Candidates scored. */
  candidates: number;
  ms: number;
}

/** A ScoreStats with every count at zero. */
export const emptyScoreStats = (): ScoreStats => ({
  calls: 0,
  prefixEvaluations: 0,
  prefixTokens: 0,
  candidateTokens: 0,
  candidates: 0,
  ms: 0,
});

/** A model that proposes DSL commands. The loop and the search use nothing else of the model. */
export interface Policy {
  /** Shown in traces and the dataset (file name or a stand-in's name). */
  readonly name: string;
  readonly style: PromptStyle;
  /** n parallel sequences of one context (rollouts). */
  openSessions(n: number): Promise<PolicySession[]>;
  /**
   * Batched scoring (the ranked search): the log-likelihood of each command as the next command after
   * `context`. The context's prefix is evaluated once in one sequence's KV cache, then each candidate's
   * few tokens, erased back to the prefix between candidates. Optional: stand-ins may lack it.
   */
  scoreCommands?(
    context: EpisodeContext,
    commands: readonly string[],
    options?: ScoreCommandsOptions,
  ): Promise<CommandScore[]>;
  /** Totals of scoreCommands (present when scoreCommands is). */
  readonly scoreStats?: ScoreStats;
  dispose(): Promise<void>;
}
