import { applyCommand, commandGrammar, joinLines, parseCommand, printCommand, splitLines } from "../dsl/index.js";
import { renderState, type EpisodeHeader } from "../tool/index.js";
import type { PolicySession } from "../model/Policy.js";
import type { Verifier } from "../python/Verifier.js";
import { isSolved, type Command, type TestSource, type Trace, type TraceStep, type Verdict } from "../types.js";
import { unifiedDiff } from "./unifiedDiff.js";
import { TestGuard } from "../search/TestGuard.js";

/** Rewards of DESIGN §3 (the paper's). */
export const REWARD_SOLVED = 1;
export const PENALTY_MALFORMED = -0.5;
export const PENALTY_NO_EXIT = -0.5;

export interface EpisodeOptions {
  session: PolicySession;
  verifier: Verifier;
  code: string;
  tests: TestSource;
  header: EpisodeHeader;
  /** The verdict of `code` (verified once, shared by all rollouts). */
  initial: Verdict;
  fileName?: string;
  modelName?: string;
  maxTurns?: number;
  /** Stop when the context holds this many tokens. Default 3500. */
  tokenBudget?: number;
  /** At inference the tool knows when the tests pass: stop there without waiting for EXIT (default).
   *  RL rollouts set false so the model must learn to EXIT (penalty otherwise). */
  stopWhenSolved?: boolean;
  temperature?: number;
  seed?: number;
  rollout?: number;
  timeoutMs?: number;
  feedbackTokens?: number;
  signal?: AbortSignal;
  onStep?: (step: TraceStep, turn: number) => void;
}

/**
 * One Chain-of-Edits episode: the model issues one command per turn, the tool applies it, re-runs
 * the tests and shows the new state. Returns the trace (plain JSON). Never throws for model output;
 * throws only when aborted before the first step or for verifier infrastructure errors.
 */
export async function runEpisode(options: EpisodeOptions): Promise<Trace> {
  const t0 = performance.now();
  const maxTurns = options.maxTurns ?? 10;
  const budget = options.tokenBudget ?? 3500;
  const stopWhenSolved = options.stopWhenSolved ?? true;
  const fileName = options.fileName ?? "solution.py";
  const render = (lines: string[], v: Verdict, commandError?: string): string =>
    renderState(lines, v, { feedbackTokens: options.feedbackTokens, commandError });

  let lines = splitLines(options.code);
  // Tests in the file (doctests, asserts) are not the code under repair: a command may not change them.
  const guard = options.tests.kind === "auto" ? new TestGuard(lines) : undefined;
  let verdict = options.initial;
  let solved = isSolved(verdict);
  const states = [render(lines, verdict)];
  const commands: string[] = [];
  const steps: TraceStep[] = [];
  let stop: Trace["stop"] = "max-turns";

  for (let turn = 1; turn <= maxTurns; turn++) {
    if (options.signal?.aborted) {
      stop = "aborted";
      break;
    }
    if (solved && stopWhenSolved) {
      stop = "solved";
      break;
    }
    const ts = performance.now();
    let text: string;
    let tokens: number;
    try {
      const gen = await options.session.next(
        { header: options.header, states, commands },
        {
          grammar: commandGrammar({ lineCount: lines.length, listing: lines }),
          temperature: options.temperature,
          seed: options.seed,
          signal: options.signal,
          // Rollouts pick by tests, not by likelihood: skip the per-token probabilities (~30% faster).
          logprob: false,
        },
      );
      text = gen.text;
      tokens = gen.tokens + gen.promptTokens;
    } catch (err) {
      if (options.signal?.aborted) stop = "aborted";
      else if (/context|budget|overflow/i.test(String(err))) stop = "token-budget";
      else stop = "error";
      break;
    }
    let cmd: Command | undefined;
    let error: string | undefined;
    try {
      cmd = parseCommand(text);
    } catch (err) {
      error = `malformed command: ${(err as Error).message}`;
    }
    const before = joinLines(lines);
    if (cmd?.op === "EXIT") {
      commands.push(printCommand(cmd));
      steps.push({
        command: "EXIT",
        code: before,
        diff: "",
        passed: verdict.passed,
        total: verdict.total,
        reward: 0,
        tokens,
        ms: performance.now() - ts,
      });
      options.onStep?.(steps[steps.length - 1]!, turn);
      stop = "exit";
      break;
    }
    let reward = 0;
    if (cmd) {
      const applied = applyCommand(lines, cmd);
      if (applied.ok && guard && !guard.admits(lines, cmd))
        error = "the command changes the tests in the file; they are not the code under repair";
      else if (applied.ok) {
        lines = applied.lines;
        verdict = await options.verifier.verify({
          code: joinLines(lines),
          tests: options.tests,
          fileName,
          timeoutMs: options.timeoutMs,
          signal: options.signal,
        });
      } else error = applied.error;
    } else reward += PENALTY_MALFORMED;
    const nowSolved = isSolved(verdict);
    if (nowSolved && !solved) reward += REWARD_SOLVED;
    solved = nowSolved;
    const code = joinLines(lines);
    const step: TraceStep = {
      command: cmd ? printCommand(cmd) : text,
      ...(error ? { error } : {}),
      code,
      diff: unifiedDiff(before, code, fileName),
      passed: verdict.passed,
      total: verdict.total,
      verdict,
      reward,
      tokens,
      ms: performance.now() - ts,
    };
    steps.push(step);
    commands.push(step.command);
    states.push(render(lines, verdict, error));
    options.onStep?.(step, turn);
    if (options.session.stats.contextTokens >= budget) {
      stop = "token-budget";
      break;
    }
  }
  if (solved && stop !== "exit" && stop !== "solved" && stop !== "aborted") {
    stop = "solved-no-exit";
    const last = steps[steps.length - 1];
    if (last) last.reward += PENALTY_NO_EXIT;
  }
  const finalCode = joinLines(lines);
  return {
    file: fileName,
    model: options.modelName ?? "model",
    solved,
    initialCode: options.code,
    initialPassed: options.initial.passed,
    initialTotal: options.initial.total,
    initialVerdict: options.initial,
    finalCode,
    steps,
    reward: steps.reduce((s, x) => s + x.reward, 0),
    partial: verdict.total > 0 ? verdict.passed / verdict.total : 0,
    tokens: options.session.stats.promptTokensEvaluated + options.session.stats.generatedTokens,
    ms: performance.now() - t0,
    stop,
    ...(options.rollout !== undefined ? { rollout: options.rollout } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  };
}
