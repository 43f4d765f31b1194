import {
  endsWithColon,
  indentOf,
  leadingWhitespace,
  statementLines,
  type FunctionInfo,
  type PyAnalysis,
} from "./pyAnalysis.js";
import type { Mutation } from "./lineEdit.js";

/**
 * Statement-level mutation operators: delete a statement line, insert a guard
 * (`if not x: return v`) at the top of a function, append `return v` at the end of a function that
 * does not end in a return, and swap the value a `return` gives back.
 */
const LITERAL_RE = /^(?:-?\d+(?:\.\d+)?|None|True|False|\[\]|\(\)|\{\}|''|""|set\(\))$/;

/** A one-line simple statement that is not alone in its block can be deleted without breaking syntax. */
function deletable(analysis: PyAnalysis, line: number, starts: readonly number[]): boolean {
  if (analysis.stmtEnd[line - 1] !== line) return false;
  const toks = analysis.lineTokens[line - 1] ?? [];
  const first = toks[0];
  if (
    !first ||
    endsWithColon(analysis, line) ||
    (first.kind === "string" && toks.length === 1) ||
    first.text === "@" ||
    ["def", "class", "async", "else", "elif", "except", "finally"].includes(first.text)
  )
    return false;
  const idx = starts.indexOf(line);
  const prev = starts[idx - 1];
  const next = starts[idx + 1];
  const ind = indentOf(analysis, line);
  const opensBlock = prev !== undefined && endsWithColon(analysis, prev) && indentOf(analysis, prev) < ind;
  const blockContinues = next !== undefined && indentOf(analysis, next) === ind;
  return !opensBlock || blockContinues;
}

/** The first statement of the body that is not the docstring. */
export function firstCodeLine(analysis: PyAnalysis, fn: FunctionInfo): number | undefined {
  if (fn.bodyStart === undefined) return undefined;
  const at = analysis.tokens.findIndex((t) => t.line === fn.bodyStart && t.kind !== "comment");
  const isDocstring = analysis.tokens[at]?.kind === "string" && analysis.tokens[at + 1]?.kind === "newline";
  if (isDocstring) {
    const end = analysis.tokens[at]!.endLine;
    return statementLines(analysis, end + 1, fn.endLine)[0];
  }
  return fn.bodyStart;
}

export function statementMutations(analysis: PyAnalysis): Mutation[] {
  const out: Mutation[] = [];
  const starts = statementLines(analysis, 1, analysis.lines.length);
  for (const line of starts) {
    const inFunction = analysis.functions.some((f) => f.defLine < line && line <= f.endLine);
    if (inFunction && deletable(analysis, line, starts))
      out.push({ command: { op: "DELL", line }, line, prior: 0.35, label: "delete statement" });
    // Negated condition of a one-line if/elif/while header.
    const toks = analysis.lineTokens[line - 1] ?? [];
    const text = analysis.lines[line - 1] ?? "";
    const last = toks[toks.length - 1];
    if (
      ["if", "elif", "while"].includes(toks[0]?.text ?? "") &&
      last?.text === ":" &&
      toks.length > 2 &&
      analysis.stmtEnd[line - 1] === line
    ) {
      const cond = text.slice(toks[1]!.col, toks[toks.length - 2]!.endCol);
      const negated = toks[1]!.text === "not" ? cond.replace(/^not\s*/, "") : `not (${cond})`;
      out.push({
        command: { op: "REPL", line, text: `${text.slice(0, toks[0]!.endCol)} ${negated}${text.slice(last.col)}` },
        line,
        prior: 0.5,
        label: "negate condition",
      });
    }
  }
  for (const fn of analysis.functions) {
    const values = (extra: readonly string[]): string[] => [
      ...new Set([...fn.returns.filter((r) => LITERAL_RE.test(r)), ...extra, "None", "0", "False", "[]"]),
    ];
    // Guards at the top of the body.
    const top = firstCodeLine(analysis, fn);
    if (top !== undefined) {
      const indent = leadingWhitespace(analysis.lines[top - 1] ?? "");
      for (const p of fn.params) {
        for (const v of values([p])) {
          out.push({
            command: { op: "ADDL", line: top, text: `${indent}if not ${p}: return ${v}` },
            line: top,
            prior: 0.25,
            label: `guard not ${p}`,
            anchor: [fn.defLine, fn.endLine],
          });
        }
      }
    }
    // A return at the end of a function whose last statement is not one.
    const body = fn.bodyStart === undefined ? [] : statementLines(analysis, fn.bodyStart, fn.endLine);
    const last = body[body.length - 1];
    const bodyIndent = fn.bodyIndent;
    const lastAtBodyLevel = body.filter((l) => indentOf(analysis, l) === bodyIndent.length).pop();
    if (
      last !== undefined &&
      lastAtBodyLevel !== undefined &&
      analysis.lineTokens[lastAtBodyLevel - 1]?.[0]?.text !== "return"
    ) {
      const locals = fn.variables.filter((v) => !fn.params.includes(v));
      for (const v of [...locals.reverse(), ...fn.params])
        out.push({
          command: { op: "ADDL", line: fn.endLine + 1, text: `${bodyIndent}return ${v}` },
          line: last,
          prior: fn.unread.includes(v) ? 0.6 : 0.3,
          label: `append return ${v}`,
          anchor: [fn.defLine, fn.endLine],
        });
    }
    // Swapped return values.
    for (const line of body) {
      const toks = analysis.lineTokens[line - 1] ?? [];
      if (toks[0]?.text !== "return" || toks.length < 2 || analysis.stmtEnd[line - 1] !== line) continue;
      const text = analysis.lines[line - 1]!;
      const lastExpr = toks[toks.length - 1]!.text === ";" ? toks.length - 2 : toks.length - 1; // keep a trailing ';'
      if (lastExpr < 1) continue;
      const current = text.slice(toks[1]!.col, toks[lastExpr]!.endCol);
      const head = text.slice(0, toks[1]!.col);
      const tail = text.slice(toks[lastExpr]!.endCol);
      for (const v of [...fn.variables, ...fn.undefinedNames, ...fn.returns, `not (${current})`]) {
        if (v === current) continue;
        out.push({
          command: { op: "REPL", line, text: `${head}${v}${tail}` },
          line,
          prior: fn.unread.includes(v) ? 0.7 : 0.3,
          label: `return ${v}`,
        });
      }
    }
  }
  return out;
}
