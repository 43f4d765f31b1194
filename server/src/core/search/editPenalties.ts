import { applyCommand } from "../dsl/index.js";
import { tokenizePython, type PyToken } from "../parse/pyTokens.js";
import type { Command } from "../types.js";

/**
 * Two penalties of the ranked search's score (docs/ranking.md), computed from the edit alone:
 *  - editSize: how many Python tokens the edit changes (prefer the smallest edit);
 *  - generalisation: how much the edit looks like special-casing the tests instead of fixing the
 *    code (a guard that returns a constant, a return expression replaced by a literal, a literal
 *    copied from the tests into the code).
 */

/** Literals so common that using them says nothing about the tests. */
const GENERIC_LITERALS = new Set(["0", "1", "-1", "2", "True", "False", "None", '""', "''", "[]", "{}", "()"]);

const codeTokens = (text: string): PyToken[] =>
  tokenizePython(text).filter((t) => t.kind !== "comment" && t.kind !== "newline");

const isLiteral = (t: PyToken): boolean =>
  t.kind === "number" || t.kind === "string" || ["True", "False", "None"].includes(t.text);

/** Levenshtein distance of two sequences (tokens, or a string's characters); the inputs are short, so a
 *  plain O(n·m) table is enough. */
export function editDistance<T>(a: ArrayLike<T>, b: ArrayLike<T>): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/** Python tokens the edit inserts, deletes or replaces (1 at least for any edit). */
export function editSize(lines: readonly string[], command: Command): number {
  if (command.op === "EXIT") return 0;
  const old = command.op === "ADDL" ? "" : (lines[command.line - 1] ?? "");
  let now: string;
  if (command.op === "DELL") now = "";
  else if (command.op === "REPW") {
    const applied = applyCommand(lines, command);
    now = applied.ok ? (applied.lines[command.line - 1] ?? "") : old;
  } else now = command.text;
  const a = codeTokens(old).map((t) => t.text);
  const b = codeTokens(now).map((t) => t.text);
  return Math.max(1, editDistance(a, b));
}

/** The literals the tests mention that are not generic (e.g. 5, 'abc', 3.5). */
export function testLiterals(testsText: string): Set<string> {
  return new Set(
    codeTokens(testsText)
      .filter(isLiteral)
      .map((t) => t.text)
      .filter((t) => !GENERIC_LITERALS.has(t)),
  );
}

/**
 * 0 (a plain fix) up to 2: +1 for a guard that returns a constant (`if x == 5: return 3`, one line) or a
 * return whose expression becomes a literal; +0.5 for each literal the tests mention that the edit
 * brings into the code (capped at 1).
 */
export function generalisationPenalty(
  lines: readonly string[],
  command: Command,
  literals: ReadonlySet<string>,
): number {
  if (command.op === "EXIT" || command.op === "DELL") return 0;
  const old = command.op === "ADDL" ? "" : (lines[command.line - 1] ?? "");
  let now = command.op === "REPW" ? old : command.text;
  if (command.op === "REPW") {
    const applied = applyCommand(lines, command);
    if (applied.ok) now = applied.lines[command.line - 1] ?? old;
  }
  const before = codeTokens(old);
  const after = codeTokens(now);
  let penalty = 0;
  // `if ...: return LITERAL` on one line, or a return whose (non-literal) expression becomes a literal.
  const returnAt = after.findIndex((t) => t.text === "return");
  const returnsLiteral = returnAt >= 0 && after.length === returnAt + 2 && isLiteral(after[returnAt + 1]!);
  const isGuard = after[0]?.text === "if" || after[0]?.text === "elif";
  const returnedExpression =
    before[0]?.text === "return" && before.length >= 2 && !(before.length === 2 && isLiteral(before[1]!));
  if (returnsLiteral && (isGuard || returnedExpression)) penalty += 1;
  const had = new Set(before.map((t) => t.text));
  const brought = after.filter((t) => isLiteral(t) && literals.has(t.text) && !had.has(t.text)).length;
  penalty += Math.min(1, 0.5 * brought);
  return penalty;
}
