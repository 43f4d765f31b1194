import { diffToTrace } from "../dataset/diffToTrace.js";
import { applyCommand, joinLines, printCommand, splitLines } from "../dsl/index.js";
import type { Verifier } from "../python/Verifier.js";
import { renderState } from "../tool/index.js";
import type { TestSource, Verdict } from "../types.js";

/**
 * The inverse of a corruption as an episode: the commands diffToTrace(corrupted, original) and,
 * before each of them, the state the tool would show (renderState with the real verifier's verdict).
 * The last command is EXIT, after which there is no state, so states.length === commands.length.
 */
export interface InverseEpisode {
  states: string[];
  commands: string[];
  /** The verdict of every state, in order (the first is the corrupted program's). */
  verdicts: Verdict[];
}

export interface InverseEpisodeOptions {
  corrupted: string;
  original: string;
  tests: TestSource;
  verifier: Verifier;
  /** The corrupted program's verdict when already known (saves one run). */
  initial?: Verdict;
  feedbackTokens?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export async function inverseEpisode(options: InverseEpisodeOptions): Promise<InverseEpisode> {
  const verify = (code: string): Promise<Verdict> =>
    options.verifier.verify({ code, tests: options.tests, timeoutMs: options.timeoutMs, signal: options.signal });
  const commands = diffToTrace(options.corrupted, options.original);
  let lines = splitLines(options.corrupted);
  let verdict = options.initial ?? (await verify(joinLines(lines)));
  const states = [renderState(lines, verdict, { feedbackTokens: options.feedbackTokens })];
  const verdicts = [verdict];
  for (const cmd of commands) {
    if (cmd.op === "EXIT") break;
    const r = applyCommand(lines, cmd);
    if (!r.ok) throw new Error(`diffToTrace produced an inapplicable command ${printCommand(cmd)}: ${r.error}`);
    lines = r.lines;
    verdict = await verify(joinLines(lines));
    states.push(renderState(lines, verdict, { feedbackTokens: options.feedbackTokens }));
    verdicts.push(verdict);
  }
  return { states, commands: commands.map(printCommand), verdicts };
}

/** Runs fn over items with at most `limit` in flight; results keep the input order. */
export async function mapPool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}
