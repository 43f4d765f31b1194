import type { Verdict, TestResult } from "../types.js";

/**
 * Renders the tool state the model reads (DESIGN §2): the numbered listing, a `***` line, then the
 * feedback. This function and formatEpisode are the only producers of model text; training data
 * (synth, dataset export) and inference (loop) both call them.
 */
export interface RenderStateOptions {
  /** Feedback budget in approximate tokens (4 characters each; deterministic and tokenizer-free so
   *  that training and inference truncate identically). Default 200. */
  feedbackTokens?: number;
  /** Message of a command that could not be applied on this turn. */
  commandError?: string;
}

export const CHARS_PER_TOKEN = 4;
const MAX_NAME = 100;
const MAX_DETAIL = 120;

export function renderListing(lines: readonly string[]): string {
  return lines.map((text, i) => `L ${i + 1} ${text}`).join("\n");
}

function clip(s: string, max: number): string {
  const one = s.replace(/\s*\n\s*/g, " ").trim();
  return one.length <= max ? one : one.slice(0, max - 3) + "...";
}

function testLine(t: TestResult): string {
  const name = clip(t.name, MAX_NAME);
  const at = t.line !== undefined ? ` (line ${t.line})` : "";
  switch (t.status) {
    case "timeout":
      return `TIMEOUT ${name}`;
    case "error":
      return `ERROR ${name}: ${clip(t.message ?? "error", MAX_DETAIL)}${at}`;
    case "fail": {
      if (t.got !== undefined) return `FAIL ${name}: got ${clip(t.got, MAX_DETAIL)}`;
      const msg = t.message && t.message !== "AssertionError" ? `: ${clip(t.message, MAX_DETAIL)}` : "";
      return `FAIL ${name}${msg}${at}`;
    }
    case "pass":
      return `PASS ${name}`;
  }
}

/** The feedback part of a state, truncated to the budget at line boundaries. */
export function renderFeedback(verdict: Verdict, options: RenderStateOptions = {}): string {
  const budget = (options.feedbackTokens ?? 200) * CHARS_PER_TOKEN;
  const head: string[] = [];
  if (options.commandError) head.push(`BAD COMMAND: ${clip(options.commandError, MAX_DETAIL)}`);
  const body: string[] = [];
  switch (verdict.kind) {
    case "syntax":
      head.push(
        `SyntaxError line ${verdict.syntax?.line ?? 0}: ${clip(verdict.syntax?.message ?? "invalid syntax", MAX_DETAIL)}`,
      );
      break;
    case "timeout":
      head.push(`TIMEOUT: ${clip(verdict.detail ?? "the tests ran too long", MAX_DETAIL)}`);
      break;
    case "crash":
      head.push(`CRASH: ${clip(verdict.detail ?? "the test process died", MAX_DETAIL)}`);
      break;
    case "notests":
      head.push("no tests");
      break;
    case "ok":
      head.push(`${verdict.passed}/${verdict.total} tests pass`);
      for (const t of verdict.tests) if (t.status !== "pass") body.push(testLine(t));
      break;
  }
  const out = head.slice();
  let used = head.join("\n").length;
  for (let i = 0; i < body.length; i++) {
    const line = body[i]!;
    const rest = body.length - i;
    if (used + 1 + line.length > budget && rest > 0) {
      out.push(`... ${rest} more`);
      break;
    }
    out.push(line);
    used += 1 + line.length;
  }
  return out.join("\n");
}

/** The whole state: listing, `***`, feedback. */
export function renderState(lines: readonly string[], verdict: Verdict, options: RenderStateOptions = {}): string {
  const listing = renderListing(lines);
  return `${listing}${listing ? "\n" : ""}***\n${renderFeedback(verdict, options)}`;
}
