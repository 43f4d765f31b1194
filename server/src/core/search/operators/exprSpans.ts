import { PY_KEYWORDS, type PyToken } from "../../parse/pyTokens.js";
import type { PyAnalysis } from "../pyAnalysis.js";
import { matchBrackets, type Mutation } from "../lineEdit.js";

/**
 * Expression spans on one line's tokens, shared by the token operators (mutateTokens.ts) and the
 * operator families in this folder: where an operand starts and ends, how tightly an operator
 * binds, and where a call's top-level arguments lie.
 */
/** Binding strength of binary operators (higher binds tighter); used to swap operands safely. */
export const PRECEDENCE: Record<string, number> = {
  or: 1,
  and: 2,
  not: 3,
  "<": 4,
  "<=": 4,
  ">": 4,
  ">=": 4,
  "==": 4,
  "!=": 4,
  in: 4,
  is: 4,
  "|": 5,
  "^": 6,
  "&": 7,
  "<<": 8,
  ">>": 8,
  "+": 9,
  "-": 9,
  "*": 10,
  "/": 10,
  "//": 10,
  "%": 10,
  "@": 10,
  "**": 12,
};
/** True when the token can end an operand (so an operator after it is binary). */
export function endsOperand(t: PyToken | undefined): boolean {
  if (!t) return false;
  if (t.kind === "number" || t.kind === "string") return true;
  if (t.kind === "name") return !PY_KEYWORDS.has(t.text) || ["True", "False", "None"].includes(t.text);
  return t.text === ")" || t.text === "]" || t.text === "}";
}

/** Index of the first token of the primary (atom + trailers) that ends at token `end`, or -1. */
export function primaryStart(toks: readonly PyToken[], match: ReadonlyArray<number | undefined>, end: number): number {
  let k = end;
  for (;;) {
    const t = toks[k];
    if (!t) return -1;
    if (t.kind === "op" && ")]}".includes(t.text)) {
      const open = match[k];
      if (open === undefined) return -1;
      k = open;
      const before = toks[k - 1];
      if (before && endsOperand(before) && before.kind !== "string" && before.kind !== "number") {
        k = k - 1; // call or subscript trailer: continue with what is being called
        continue;
      }
      return k;
    }
    if (!endsOperand(t)) return -1;
    if (toks[k - 1]?.text === "." && toks[k - 2]) {
      k = k - 2;
      continue;
    }
    return k;
  }
}

/** Index of the last token of the primary that starts at token `start`, or -1. */
export function primaryEnd(toks: readonly PyToken[], match: ReadonlyArray<number | undefined>, start: number): number {
  const t = toks[start];
  if (!t) return -1;
  let k: number;
  if (t.kind === "op" && "([{".includes(t.text)) {
    const close = match[start];
    if (close === undefined) return -1;
    k = close;
  } else if (endsOperand(t) && t.kind !== "op") k = start;
  else return -1;
  for (;;) {
    const n = toks[k + 1];
    if (n?.text === "." && toks[k + 2]?.kind === "name") k += 2;
    else if ((n?.text === "(" || n?.text === "[") && match[k + 1] !== undefined) k = match[k + 1]!;
    else return k;
  }
}

export function precedenceAt(t: PyToken | undefined, unary: boolean): number {
  if (!t) return 0;
  if (unary) return 11;
  return PRECEDENCE[t.text] ?? (t.text === "." ? 13 : 0);
}

/** Token ranges [start, end] of the top-level arguments between brackets open..close. */
export function splitArgs(toks: readonly PyToken[], open: number, close: number): Array<[number, number]> {
  const args: Array<[number, number]> = [];
  const depth = toks[open]!.depth + 1;
  let start = open + 1;
  for (let k = open + 1; k <= close; k++) {
    const t = toks[k]!;
    if ((t.text === "," && t.depth === depth) || k === close) {
      if (k > start) args.push([start, k - 1]);
      start = k + 1;
    }
  }
  return args;
}

/** One line of the listing as an operator family walks it: its tokens, bracket matches, and `add`. */
export interface OperatorLine {
  lineNo: number;
  text: string;
  toks: readonly PyToken[];
  match: Array<number | undefined>;
  /** Appends a mutation of this line to the family's output. */
  add(command: Mutation["command"], prior: number, label: string): void;
}

/** Walks every line of the listing for an operator family; mutations go to the returned list. */
export function eachLine(analysis: PyAnalysis, visit: (line: OperatorLine) => void): Mutation[] {
  const out: Mutation[] = [];
  analysis.lineTokens.forEach((toks, idx) => {
    const lineNo = idx + 1;
    visit({
      lineNo,
      text: analysis.lines[idx] ?? "",
      toks,
      match: matchBrackets(toks),
      add: (command, prior, label) => void out.push({ command, line: lineNo, prior, label }),
    });
  });
  return out;
}
