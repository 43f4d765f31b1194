import { PY_KEYWORDS, type PyToken } from "../../parse/pyTokens.js";
import { leadingWhitespace, type FunctionInfo, type PyAnalysis } from "../pyAnalysis.js";

/**
 * A simple scope analysis of one function (its scope: parameters and names assigned in the body),
 * for the operators that pick a variable: functionScope() gives each variable's kind and the
 * variables whose value never leaves them.
 *
 * Kinds tell a loop index from a list or a string when guessing which variable was meant. They come
 * from the first assignment that tells (a literal, a builtin call, a for over range()), and for
 * parameters from how they are used (len(p), list(p), sorted(p), p[...], for x in p -> "seq";
 * range(p), p ± 1 -> "num"). Unknown variables are left out of the map.
 */
export interface FunctionScope {
  kinds: Map<string, VarKind>;
  /** Variables whose every read feeds only themselves (see selfOnlyVariables). */
  selfOnly: string[];
}

export function functionScope(analysis: PyAnalysis, fn: FunctionInfo): FunctionScope {
  return { kinds: variableKinds(analysis, fn), selfOnly: selfOnlyVariables(analysis, fn) };
}

export type VarKind = "num" | "seq" | "str" | "dict" | "set" | "bool";

const CALL_KINDS: Record<string, VarKind> = {
  len: "num",
  sum: "num",
  int: "num",
  abs: "num",
  ord: "num",
  round: "num",
  float: "num",
  list: "seq",
  sorted: "seq",
  reversed: "seq",
  range: "seq",
  tuple: "seq",
  str: "str",
  dict: "dict",
  set: "set",
  bool: "bool",
};

/** Builtins whose argument is a sequence (or another iterable, which the search treats alike). */
const ITERABLE_CALLS = new Set([
  "len",
  "list",
  "sorted",
  "set",
  "sum",
  "enumerate",
  "reversed",
  "tuple",
  "any",
  "all",
  "zip",
]);

/** Tokens (no comments/newlines) of the statement that starts at `line`. */
export function statementTokens(analysis: PyAnalysis, line: number): PyToken[] {
  const end = analysis.stmtEnd[line - 1] || line;
  if (end === line) return analysis.lineTokens[line - 1] ?? [];
  return analysis.tokens.filter((t) => t.line >= line && t.line <= end && t.kind !== "comment" && t.kind !== "newline");
}

/** The kind of the expression that starts at token `at`, when its first tokens tell. */
export function expressionKind(toks: readonly PyToken[], at: number): VarKind | undefined {
  const t = toks[at];
  const next = toks[at + 1];
  if (!t) return undefined;
  if (t.kind === "number") return "num";
  if (t.kind === "string") return "str";
  if (t.text === "True" || t.text === "False" || t.text === "not") return "bool";
  if (t.text === "[") return "seq";
  if (t.text === "{") return next?.text === "}" || toks.slice(at).some((x) => x.text === ":") ? "dict" : "set";
  if (t.text === "-" && toks[at + 1]?.kind === "number") return "num";
  if (t.kind === "name" && next?.text === "(") return CALL_KINDS[t.text];
  return undefined;
}

export function variableKinds(analysis: PyAnalysis, fn: FunctionInfo): Map<string, VarKind> {
  const kinds = new Map<string, VarKind>();
  const set = (name: string, kind: VarKind | undefined): void => {
    if (kind && fn.variables.includes(name) && !kinds.has(name)) kinds.set(name, kind);
  };
  const start = fn.bodyStart ?? fn.defLine + 1;
  for (let line = start; line <= fn.endLine; line++) {
    if (!analysis.stmtEnd[line - 1]) continue;
    const toks = statementTokens(analysis, line);
    const first = toks[0];
    if (!first) continue;
    // a = b = <expr>, x += 1
    const eqs = toks.map((t, i) => (t.text === "=" && t.depth === first.depth ? i : -1)).filter((i) => i >= 0);
    if (eqs.length && first.kind === "name") {
      const kind = expressionKind(toks, eqs[eqs.length - 1]! + 1);
      for (let i = 0; i < eqs[eqs.length - 1]!; i++)
        if (
          toks[i]!.kind === "name" &&
          (toks[i + 1]?.text === "=" || toks[i + 1]?.text === ",") &&
          toks[i - 1]?.text !== "."
        )
          set(toks[i]!.text, toks[i + 1]?.text === "=" ? kind : undefined);
    }
    if (first.kind === "name" && /^[-+*]=$/.test(toks[1]?.text ?? "") && toks[2]?.kind === "number")
      set(first.text, "num");
    // for i in range(...), for i, x in enumerate(...)
    toks.forEach((t, i) => {
      if (t.text !== "for") return;
      const inAt = toks.findIndex((x, k) => k > i && x.text === "in");
      const iter = toks[inAt + 1]?.text;
      if (iter === "range" && inAt === i + 2) set(toks[i + 1]!.text, "num");
      if (iter === "enumerate" && toks[i + 2]?.text === ",") set(toks[i + 1]!.text, "num");
    });
    // How parameters are used.
    toks.forEach((t, i) => {
      if (t.kind !== "name" || !fn.params.includes(t.text) || toks[i - 1]?.text === ".") return;
      const prev = toks[i - 1]?.text;
      const next = toks[i + 1]?.text;
      const iterated =
        (prev === "(" || prev === ",") && ITERABLE_CALLS.has(toks[i - 2]?.text ?? "") && (next === ")" || next === ",");
      if (next === "[" || iterated || (prev === "in" && next === ":")) set(t.text, "seq");
      else if (
        (prev === "(" && toks[i - 2]?.text === "range") ||
        (/^[-+]$/.test(next ?? "") && toks[i + 2]?.kind === "number")
      )
        set(t.text, "num");
    });
  }
  return kinds;
}

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
