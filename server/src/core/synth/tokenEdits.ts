import { matchOperator, PY_KEYWORDS } from "../parse/pyTokens.js";
import type { Rng } from "./rng.js";
import { isCode, type CodeMask } from "./pyMask.js";

/**
 * Token-level bug kinds (human-like bugs): each takes one line and returns the changed line, or
 * undefined when the line offers nothing to change. They touch code characters only (pyMask):
 * never the inside of a string or a comment.
 */
export interface LineContext {
  lines: readonly string[];
  mask: CodeMask;
  /** 0-based index of the line to edit. */
  index: number;
  rng: Rng;
  /** Names used as variables anywhere in the program (for wrong returns). */
  names: readonly string[];
}

export type LineEdit = (ctx: LineContext) => string | undefined;

// Soft keywords and `self` are never variables to swap or return either.
const KEYWORDS = new Set([...PY_KEYWORDS, "match", "case", "self"]);

const COMPARISON_SWAPS: Record<string, string[]> = {
  "<": ["<=", ">"],
  "<=": ["<", ">="],
  ">": [">=", "<"],
  ">=": [">", "<="],
  "==": ["!="],
  "!=": ["=="],
};

const ARITHMETIC_SWAPS: Record<string, string[]> = {
  "+": ["-", "*"],
  "-": ["+"],
  "*": ["+", "/", "//"],
  "/": ["*", "//"],
  "//": ["/", "%", "*"],
  "%": ["//"],
  "+=": ["-="],
  "-=": ["+="],
  "*=": ["/=", "+="],
  "/=": ["*="],
};

interface Span {
  start: number;
  end: number;
  text: string;
}

/** The operators of a line that lie in code, as spans. */
function operators(ctx: LineContext): Span[] {
  const line = ctx.lines[ctx.index]!;
  const out: Span[] = [];
  let j = 0;
  while (j < line.length) {
    const op = matchOperator(line, j);
    if (op && isCode(ctx.mask, ctx.index, j, j + op.length)) {
      out.push({ start: j, end: j + op.length, text: op });
      j += op.length;
    } else j++;
  }
  return out;
}

/** A binary operator follows an operand: a name, a number, a closing bracket or a string's end. */
function isBinary(line: string, start: number): boolean {
  const before = line.slice(0, start).trimEnd();
  return (
    /[\p{L}\p{N}_)\]}'"]$/u.test(before) &&
    !/(^|[^\p{L}\p{N}_])(lambda|return|yield|in|not|and|or|if|else)$/u.test(before)
  );
}

function replaceSpan(line: string, s: Span, text: string): string {
  return line.slice(0, s.start) + text + line.slice(s.end);
}

export const comparisonSwap: LineEdit = (ctx) => {
  const spans = operators(ctx).filter((s) => s.text in COMPARISON_SWAPS);
  if (spans.length === 0) return undefined;
  const s = ctx.rng.pick(spans);
  return replaceSpan(ctx.lines[ctx.index]!, s, ctx.rng.pick(COMPARISON_SWAPS[s.text]!));
};

export const arithmeticSwap: LineEdit = (ctx) => {
  const line = ctx.lines[ctx.index]!;
  const spans = operators(ctx).filter((s) => s.text in ARITHMETIC_SWAPS && isBinary(line, s.start));
  if (spans.length === 0) return undefined;
  const s = ctx.rng.pick(spans);
  return replaceSpan(line, s, ctx.rng.pick(ARITHMETIC_SWAPS[s.text]!));
};

/** Integer literals in code (not part of a name, a float or a hex/octal literal). */
function integers(ctx: LineContext): Span[] {
  const line = ctx.lines[ctx.index]!;
  const out: Span[] = [];
  for (const m of line.matchAll(/(?<![\p{L}\p{N}_.])\d+(?![\p{L}\p{N}_.])/gu)) {
    if (isCode(ctx.mask, ctx.index, m.index, m.index + m[0].length))
      out.push({ start: m.index, end: m.index + m[0].length, text: m[0] });
  }
  return out;
}

export const offByOne: LineEdit = (ctx) => {
  const spans = integers(ctx);
  if (spans.length === 0) return undefined;
  const s = ctx.rng.pick(spans);
  const n = BigInt(s.text);
  const next = n === 0n || ctx.rng.chance(0.5) ? n + 1n : n - 1n;
  return replaceSpan(ctx.lines[ctx.index]!, s, next.toString());
};

/** Identifier occurrences in code that look like variables (not keywords, attributes or calls). */
function variables(ctx: LineContext): Span[] {
  const line = ctx.lines[ctx.index]!;
  if (/^\s*(def|class|import|from)\b/.test(line)) return [];
  const out: Span[] = [];
  for (const m of line.matchAll(/(?<![\p{L}\p{N}_.])[\p{L}_][\p{L}\p{N}_]*/gu)) {
    const end = m.index + m[0].length;
    if (KEYWORDS.has(m[0]) || !isCode(ctx.mask, ctx.index, m.index, end)) continue;
    if (/^\s*\(/.test(line.slice(end))) continue; // a call
    out.push({ start: m.index, end, text: m[0] });
  }
  return out;
}

export const swapVariables: LineEdit = (ctx) => {
  const spans = variables(ctx);
  const names = [...new Set(spans.map((s) => s.text))];
  if (names.length < 2) return undefined;
  const a = ctx.rng.pick(names);
  const b = ctx.rng.pick(names.filter((n) => n !== a));
  const sa = ctx.rng.pick(spans.filter((s) => s.text === a));
  const sb = ctx.rng.pick(spans.filter((s) => s.text === b));
  const [first, second] = sa.start < sb.start ? [sa, sb] : [sb, sa];
  const line = ctx.lines[ctx.index]!;
  return (
    line.slice(0, first.start) + second.text + line.slice(first.end, second.start) + first.text + line.slice(second.end)
  );
};

const CONSTANTS = ["0", "1", "-1", "True", "False", "[]", '""'];

export const wrongReturn: LineEdit = (ctx) => {
  const line = ctx.lines[ctx.index]!;
  const m = /^(\s*return\s+)(.*)$/.exec(line);
  if (!m || !isCode(ctx.mask, ctx.index, m[1]!.trimEnd().length - 6, m[1]!.trimEnd().length)) return undefined;
  // The expression ends where a comment starts.
  let end = line.length;
  for (let j = m[1]!.length; j < line.length; j++)
    if (line[j] === "#" && !ctx.mask[ctx.index]![j]) {
      end = j;
      break;
    }
  const expr = line.slice(m[1]!.length, end).trimEnd();
  if (expr === "") return undefined;
  const pools = [["None"], CONSTANTS, ctx.names.filter((n) => n !== expr)].filter((p) => p.length > 0);
  const choices = ctx.rng.pick(pools).filter((c) => c !== expr);
  if (choices.length === 0) return undefined;
  return m[1]! + ctx.rng.pick(choices) + line.slice(m[1]!.length + expr.length);
};

/** A character typo inside a name or number: drop, double, swap with the next, or substitute. */
export const typo: LineEdit = (ctx) => {
  const line = ctx.lines[ctx.index]!;
  const spots: number[] = [];
  for (let j = 0; j < line.length; j++) if (ctx.mask[ctx.index]![j] && /[A-Za-z0-9_]/.test(line[j]!)) spots.push(j);
  if (spots.length === 0) return undefined;
  const j = ctx.rng.pick(spots);
  const c = line[j]!;
  switch (ctx.rng.int(0, 3)) {
    case 0:
      return line.slice(0, j) + line.slice(j + 1);
    case 1:
      return line.slice(0, j) + c + line.slice(j);
    case 2:
      if (j + 1 < line.length && line[j + 1] !== c && /[A-Za-z0-9_]/.test(line[j + 1]!))
        return line.slice(0, j) + line[j + 1] + c + line.slice(j + 2);
      return line.slice(0, j) + line.slice(j + 1);
    default: {
      const letters = "abcdefghijklmnopqrstuvwxyz".replace(c.toLowerCase(), "");
      return line.slice(0, j) + ctx.rng.pick(Array.from(letters)) + line.slice(j + 1);
    }
  }
};

/** Names assigned or taken as parameters anywhere in the program (candidates for wrong returns). */
export function programNames(lines: readonly string[]): string[] {
  const names = new Set<string>();
  for (const line of lines) {
    const def = /^\s*def\s+\w+\s*\(([^)]*)\)/.exec(line);
    if (def)
      for (const p of def[1]!.split(",")) {
        const n = /^\s*\**([A-Za-z_]\w*)/.exec(p)?.[1];
        if (n && n !== "self") names.add(n);
      }
    const asg = /^\s*([A-Za-z_]\w*)\s*(?:[+\-*/%]|\/\/)?=(?!=)/.exec(line);
    if (asg && !KEYWORDS.has(asg[1]!)) names.add(asg[1]!);
    const loop = /^\s*for\s+([A-Za-z_]\w*)\s+in\b/.exec(line);
    if (loop) names.add(loop[1]!);
  }
  return [...names].sort();
}
