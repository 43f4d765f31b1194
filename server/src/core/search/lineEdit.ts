import type { Command } from "../types.js";
import type { PyToken } from "../parse/pyTokens.js";

/** One candidate edit from a mutation operator, before it is scored against line suspiciousness. */
export interface Mutation {
  command: Command;
  /** The line whose suspiciousness scales this edit's score. */
  line: number;
  /** Operator prior in (0, 1]: how often this kind of edit is the fix in real one-function bugs. */
  prior: number;
  /** Operator name, e.g. "compare < -> <=". */
  label: string;
  /** For edits that belong to a whole function (guards, appended returns): score by the most suspicious line in [from, to]. */
  anchor?: [number, number];
}

/**
 * Expresses "replace token(s) text on a line" as the shortest command a model could also write:
 * REPW when the replaced text (alone, or with its neighbouring tokens) occurs once on the line and
 * contains no '>' (the grammar's <old> excludes '>'), REPL with the whole new line otherwise.
 */
export function replaceSpan(
  lineNo: number,
  text: string,
  toks: readonly PyToken[],
  from: number,
  to: number,
  replacement: string,
): Command {
  const start = toks[from]!.col;
  const end = toks[to]!.endCol;
  const newText = text.slice(0, start) + replacement + text.slice(end);
  const tries: Array<[number, number]> = [[start, end]];
  const prev = toks[from - 1];
  const next = toks[to + 1];
  if (prev) tries.push([prev.col, end]);
  if (next) tries.push([start, next.endCol]);
  if (prev && next) tries.push([prev.col, next.endCol]);
  for (const [a, b] of tries) {
    const old = text.slice(a, b);
    if (old === "" || old.includes(">") || old.trim() !== old) continue;
    const neu = text.slice(a, start) + replacement + text.slice(end, b);
    if (text.split(old).length === 2 && text.split(old).join(neu) === newText)
      return { op: "REPW", line: lineNo, old, new: neu };
  }
  return { op: "REPL", line: lineNo, text: newText };
}

/** Same as replaceSpan but for inserting text just after token `at`. */
export function insertAfter(
  lineNo: number,
  text: string,
  toks: readonly PyToken[],
  at: number,
  insertion: string,
): Command {
  const tok = toks[at]!;
  return replaceSpan(lineNo, text, toks, at, at, tok.text + insertion);
}

/** Indices of matching brackets on one line's tokens (undefined where a bracket has no partner on the line). */
export function matchBrackets(toks: readonly PyToken[]): Array<number | undefined> {
  const match: Array<number | undefined> = toks.map(() => undefined);
  const stack: number[] = [];
  toks.forEach((t, i) => {
    if (t.kind !== "op") return;
    if ("([{".includes(t.text)) stack.push(i);
    else if (")]}".includes(t.text) && stack.length) {
      const j = stack.pop()!;
      match[i] = j;
      match[j] = i;
    }
  });
  return match;
}

/** For each token, the index of the innermost opening bracket around it on this line (or -1). */
export function enclosingOpeners(toks: readonly PyToken[]): number[] {
  const out: number[] = [];
  const stack: number[] = [];
  toks.forEach((t, i) => {
    if (t.kind === "op" && ")]}".includes(t.text)) stack.pop();
    out.push(stack.length ? stack[stack.length - 1]! : -1);
    if (t.kind === "op" && "([{".includes(t.text)) stack.push(i);
  });
  return out;
}
