import { basename } from "node:path";
import { applyCommand, joinLines, parseCommand, printCommand, splitLines } from "../dsl/index.js";
import { testsAsText } from "../tool/testsAsText.js";
import type { Verifier } from "../python/Verifier.js";
import { formatChat, renderState, type EpisodeHeader } from "../tool/index.js";
import type { Verdict } from "../types.js";
import { diffToTrace } from "./diffToTrace.js";
import type { RepairRecord, RepairSource } from "./validateRecord.js";

/**
 * Dataset records → SFT chat examples. Every piece of model text is produced by renderState and
 * formatChat (the one formatter), exactly as the loop produces it at inference.
 */
export interface ExportSftOptions {
  /** Re-runs the tests on every intermediate version to rebuild the states. Needed for records
   *  whose trace lacks stored verdicts (hand fixes, or "diff" commands); otherwise optional. */
  verifier?: Verifier;
  /** Keep only solved repairs (default true). */
  onlySolved?: boolean;
  /** Keep only these sources (default all). */
  sources?: RepairSource[];
  /** Which commands to teach: "trace" = the recorded model commands, "diff" = diffToTrace(before,
   *  after); "auto" (default) = the trace when it is solved and every command applied, else diff. */
  commands?: "auto" | "trace" | "diff";
  /** Feedback budget of the states; must match inference (default: renderState's). */
  feedbackTokens?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface ExportSftResult {
  /** One JSON line per example: {"messages":[{"role","content"}...]}, plus "rank": [{"messages", "winner",
   *  "losers"}] when the record has rank data (learning to rank, docs/learning-to-rank.md). */
  lines: string[];
  written: number;
  skipped: { id: string; reason: string }[];
}

/** An episode as the formatter takes it. */
export interface SftEpisode {
  header: EpisodeHeader;
  states: string[];
  commands: string[];
}

type StepSpec = { code: string; verdict?: Verdict; error?: string };
type ChatLine = { role: string; content: string };

/** Builds the episode of one record, or returns the reason it cannot be exported. */
export async function recordToEpisode(
  record: RepairRecord,
  options: ExportSftOptions = {},
): Promise<SftEpisode | string> {
  const trace = record.trace;
  const mode = options.commands ?? "auto";
  const cleanTrace = !!trace && trace.solved && trace.steps.length > 0 && trace.steps.every((s) => !s.error);
  const useTrace = mode === "trace" || (mode === "auto" && cleanTrace);
  if (useTrace && !trace) return "no trace";
  const tests = record.tests;
  const fileName = basename(record.file) || "solution.py";
  const header: EpisodeHeader = {
    ...(record.description ? { description: record.description } : {}),
    tests: testsAsText(tests),
  };

  // The versions of the code: the start, then the state after each command except EXIT.
  let commands: string[];
  let specs: StepSpec[];
  if (useTrace && trace) {
    specs = [{ code: trace.initialCode, verdict: trace.initialVerdict }];
    commands = [];
    for (const s of trace.steps) {
      commands.push(s.command);
      if (s.command === "EXIT") break;
      specs.push({ code: s.code, verdict: s.verdict, error: s.error });
    }
    if (commands[commands.length - 1] !== "EXIT") commands.push("EXIT");
  } else {
    const start = trace?.initialCode ?? record.before;
    const cmds = diffToTrace(start, record.after);
    commands = cmds.map(printCommand);
    specs = [{ code: start }];
    let lines = splitLines(start);
    for (const c of cmds) {
      if (c.op === "EXIT") break;
      const r = applyCommand(lines, c);
      lines = r.lines;
      specs.push({ code: joinLines(lines) });
    }
  }
  for (const c of commands) {
    try {
      parseCommand(c);
    } catch {
      return `malformed command in trace: ${JSON.stringify(c.slice(0, 40))}`;
    }
  }

  const cache = new Map<string, Verdict>();
  const states: string[] = [];
  for (const spec of specs) {
    let verdict = options.verifier ? cache.get(spec.code) : spec.verdict;
    if (!verdict && options.verifier) {
      verdict = await options.verifier.verify({
        code: spec.code,
        tests,
        fileName,
        timeoutMs: options.timeoutMs,
        signal: options.signal,
      });
      cache.set(spec.code, verdict);
    }
    if (!verdict) return "a state has no stored verdict: pass a verifier to rebuild it";
    states.push(
      renderState(splitLines(spec.code), verdict, { feedbackTokens: options.feedbackTokens, commandError: spec.error }),
    );
  }
  return { header, states, commands };
}

/** Converts records to SFT chat lines (see ExportSftOptions for which records and commands). */
export async function episodesToSft(
  records: readonly RepairRecord[],
  options: ExportSftOptions = {},
): Promise<ExportSftResult> {
  const onlySolved = options.onlySolved ?? true;
  const lines: string[] = [];
  const skipped: { id: string; reason: string }[] = [];
  for (const record of records) {
    options.signal?.throwIfAborted();
    if (onlySolved && !record.outcome.solved) {
      skipped.push({ id: record.id, reason: "not solved" });
      continue;
    }
    if (options.sources && !options.sources.includes(record.source)) {
      skipped.push({ id: record.id, reason: `source ${record.source} not selected` });
      continue;
    }
    const episode = await recordToEpisode(record, options);
    if (typeof episode === "string") {
      skipped.push({ id: record.id, reason: episode });
      continue;
    }
    const chat = (h: EpisodeHeader, states: readonly string[], commands: readonly string[]): ChatLine[] =>
      formatChat(h, states, commands).map((m) => ({ role: m.role, content: m.text }));
    const messages = chat(episode.header, episode.states, episode.commands);
    // Rank data ride along: the context as chat messages (ending with the user's state), winner, losers.
    const rank = (record.rank ?? []).map((r) => ({
      messages: chat(r.context.header, r.context.states, r.context.commands),
      winner: r.winner,
      losers: r.losers,
    }));
    lines.push(JSON.stringify(rank.length > 0 ? { messages, rank } : { messages }));
  }
  return { lines, written: lines.length, skipped };
}
