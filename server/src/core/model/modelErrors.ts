/**
 * Errors of the model runtime, with names the loop and the UI can test for.
 */

/** The model file is missing, unreadable, not a GGUF, or llama.cpp refused it. */
export class ModelLoadError extends Error {
  override name = "ModelLoadError";
  constructor(
    message: string,
    readonly modelPath: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The episode no longer fits this sequence's context (the loop treats it as "token budget exhausted"). */
export class ContextOverflowError extends Error {
  override name = "ContextOverflowError";
  constructor(
    /** Prompt tokens the episode needs. */
    readonly promptTokens: number,
    /** Room reserved for the command. */
    readonly maxTokens: number,
    /** Tokens one sequence can hold. */
    readonly contextSize: number,
  ) {
    super(
      `context overflow: the episode needs ${promptTokens} prompt tokens + ${maxTokens} for the command, but a sequence holds ${contextSize}`,
    );
  }
}

/** next() was cancelled through its AbortSignal. */
export class GenerationAbortedError extends Error {
  override name = "AbortError";
  constructor(reason?: unknown) {
    super("generation aborted", { cause: reason });
  }
}
