import { PY_KEYWORDS, type PyToken } from "../../parse/pyTokens.js";
import { leadingWhitespace, type FunctionInfo, type PyAnalysis } from "../pyAnalysis.js";
import { statementTokens } from "./varKinds.js";

/**
 * Variables whose value never leaves them: every read of the variable is in an assignment to that
 * same variable (`best = max(best, v)`) or in the condition of an if/elif/while whose body only
 * assigns it (`if v > best: best = v`). Like a variable nobody reads (FunctionInfo.unread), such a
 * variable is a strong hint that another name was written where it was meant
 * (`result.append(v)` for `result.append(best)`).
 */
const ASSIGN_RE = /^(=|[-+*/%@&|^]=|\/\/=|\*\*=|>>=|<<=)$/;

/** Names a statement assigns at its top level (undefined when it is not an assignment). */
function targets(toks: readonly PyToken[]): Set<string> | undefined {
  const eq = toks.findIndex((t) => t.depth === toks[0]!.depth && ASSIGN_RE.test(t.text));
  if (eq <= 0) return undefined;
  const names = toks.slice(0, eq).filter((t, i, a) => t.kind === "name" && a[i - 1]?.text !== ".");
  if (toks.slice(0, eq).some((t) => t.text === "[" || t.text === ".")) return new Set(); // x[i] = / x.a =: not a plain target
  return new Set(names.map((t) => t.text));
}

/** True when the statement mentions the name as a read (not as a plain assignment or for target). */
function reads(toks: readonly PyToken[], name: string): boolean {
  const eq = toks.findIndex((t) => t.depth === toks[0]!.depth && ASSIGN_RE.test(t.text));
  const inAt = toks[0]?.text === "for" ? toks.findIndex((t) => t.text === "in") : -1;
  return toks.some((t, i) => {
    if (t.text !== name || t.kind !== "name" || toks[i - 1]?.text === ".") return false;
    if (toks[i + 1]?.text === "=" && t.depth > toks[0]!.depth) return false; // keyword argument
    if (eq > 0 && i < eq && toks[eq]!.text === "=") return false; // plain target
    if (inAt > 0 && i < inAt) return false; // for target
    return true;
  });
}

export function selfOnlyVariables(analysis: PyAnalysis, fn: FunctionInfo): string[] {
  if (fn.bodyStart === undefined) return [];
  const starts: number[] = [];
  for (let n = fn.bodyStart; n <= fn.endLine; n++) if (analysis.stmtEnd[n - 1]) starts.push(n);
  const stmts = starts.map((n) => statementTokens(analysis, n));
  const ind = (n: number): number => leadingWhitespace(analysis.lines[n - 1] ?? "").length;
  const out: string[] = [];
  for (const v of fn.variables) {
    if (PY_KEYWORDS.has(v) || fn.params.includes(v) || fn.unread.includes(v)) continue;
    let readCount = 0;
    const ok = stmts.every((toks, k) => {
      if (!toks.length || !reads(toks, v)) return true;
      readCount++;
      const assigned = targets(toks);
      if (assigned && assigned.size === 1 && assigned.has(v)) return true;
      if (!["if", "elif", "while"].includes(toks[0]!.text)) return false;
      // The body (until the indentation comes back) only assigns v.
      const body: PyToken[][] = [];
      for (let j = k + 1; j < starts.length && ind(starts[j]!) > ind(starts[k]!); j++) body.push(stmts[j]!);
      return (
        body.length > 0 &&
        body.every((b) => {
          const t = targets(b);
          return t !== undefined && t.size === 1 && t.has(v);
        })
      );
    });
    if (ok && readCount > 0) out.push(v);
  }
  return out;
}
