import { tokenizePython, PY_KEYWORDS, type PyToken } from "../parse/pyTokens.js";

/**
 * What the mutation proposer needs to know about a listing beyond its tokens: where statements
 * start and end, and for each function its body, parameters, variables and return expressions.
 * Everything is derived from the tokens, so text inside strings and comments never counts.
 */
export interface FunctionInfo {
  name: string;
  /** Line of the `def`. */
  defLine: number;
  /** First statement line of the body (undefined for a one-line `def f(): ...`). */
  bodyStart?: number;
  /** Last line of the body. */
  endLine: number;
  /** Leading whitespace of the def line and of the body's first statement. */
  indent: string;
  bodyIndent: string;
  params: string[];
  /** Parameters and names assigned in the body (targets of =, augmented =, for, as, :=), first seen first. */
  variables: string[];
  /** Text of each one-line `return <expr>` in the body. */
  returns: string[];
  /** Variables never read in the body (assigned or passed, then unused): a strong hint of a misnamed variable. */
  unread: string[];
  /** Names read in the body that nothing binds (not a variable, global or builtin): NameErrors in waiting. */
  undefinedNames: string[];
}

/** Builtins and common modules, never "undefined names" (enough of them for renaming decisions). */
export const PY_BUILTINS = new Set(
  (
    "abs all any bin bool bytes callable chr dict dir divmod enumerate filter float format frozenset getattr hasattr hash hex id " +
    "input int isinstance issubclass iter len list map max min next object oct open ord pow print range repr reversed round set " +
    "setattr slice sorted str sum super tuple type zip self cls Exception ValueError TypeError KeyError IndexError " +
    "ZeroDivisionError StopIteration NotImplementedError math re"
  ).split(" "),
);

export interface PyAnalysis {
  lines: readonly string[];
  tokens: PyToken[];
  /** lineTokens[n - 1]: code tokens (no comments, no newlines) that lie wholly on line n. */
  lineTokens: PyToken[][];
  /** stmtEnd[n - 1]: for a line that starts a statement, the statement's last line; otherwise 0. */
  stmtEnd: number[];
  functions: FunctionInfo[];
  /** Names bound at module level: defs, classes, imports, assignments. */
  globals: Set<string>;
}

export function leadingWhitespace(text: string): string {
  return /^[ \t]*/.exec(text)![0];
}

/** Statement starts in the line range, in order. */
export function statementLines(analysis: PyAnalysis, from: number, to: number): number[] {
  const out: number[] = [];
  for (let n = from; n <= to; n++) if (analysis.stmtEnd[n - 1]) out.push(n);
  return out;
}

export function indentOf(analysis: PyAnalysis, line: number): number {
  return leadingWhitespace(analysis.lines[line - 1] ?? "").length;
}

/** True when the statement starting at `line` ends with ':' (a block header). */
export function endsWithColon(analysis: PyAnalysis, line: number): boolean {
  const end = analysis.stmtEnd[line - 1] || line;
  const toks = analysis.lineTokens[end - 1] ?? [];
  return toks[toks.length - 1]?.text === ":";
}

/** Splits the token stream into logical lines (statements), comments dropped. */
function statements(tokens: readonly PyToken[]): PyToken[][] {
  const out: PyToken[][] = [];
  let cur: PyToken[] = [];
  for (const t of tokens) {
    if (t.kind === "comment") continue;
    if (t.kind === "newline") {
      if (cur.length) out.push(cur);
      cur = [];
      continue;
    }
    cur.push(t);
  }
  if (cur.length) out.push(cur);
  return out;
}

/** Names a statement binds: assignment targets, for/as/walrus targets. */
function assignedNames(stmt: readonly PyToken[]): string[] {
  const names: string[] = [];
  const isVar = (t: PyToken | undefined): boolean => !!t && t.kind === "name" && !PY_KEYWORDS.has(t.text);
  const topAssign = stmt.findIndex(
    (t) => t.kind === "op" && t.depth === stmt[0]!.depth && /^(=|[-+*/%@&|^]=|\/\/=|\*\*=|>>=|<<=)$/.test(t.text),
  );
  for (let i = 0; i < stmt.length; i++) {
    const t = stmt[i]!;
    const prev = stmt[i - 1];
    const next = stmt[i + 1];
    if (!isVar(t) || prev?.text === ".") continue;
    const beforeAssign =
      topAssign > 0 &&
      i < topAssign &&
      t.depth === stmt[0]!.depth &&
      next?.text !== "(" &&
      next?.text !== "[" &&
      next?.text !== ".";
    const afterAs = prev?.text === "as";
    const walrus = next?.text === ":=";
    let forTarget = false;
    for (let k = i - 1; k >= 0; k--) {
      const p = stmt[k]!;
      if (p.text === "for") {
        forTarget = true;
        break;
      }
      if (p.text !== "," && p.text !== "(" && !isVar(p)) break;
    }
    if (beforeAssign || afterAs || walrus || forTarget) names.push(t.text);
  }
  return names;
}

/** How often each name is read in the statements (occurrences that are not plain `=`/for/as targets). */
function readCounts(stmts: readonly PyToken[][]): Map<string, number> {
  const reads = new Map<string, number>();
  for (const stmt of stmts) {
    const plain = stmt.some((t) => t.text === "=" && t.depth === stmt[0]!.depth);
    const targets = plain || stmt.some((t) => t.text === "for" || t.text === "as") ? assignedNames(stmt) : [];
    const left = new Map<string, number>();
    for (const n of targets) left.set(n, (left.get(n) ?? 0) + 1);
    stmt.forEach((t, i) => {
      if (t.kind !== "name" || PY_KEYWORDS.has(t.text) || stmt[i - 1]?.text === ".") return;
      if (stmt[i + 1]?.text === "=" && t.depth > stmt[0]!.depth) return; // keyword argument name
      const l = left.get(t.text) ?? 0;
      if (l > 0) left.set(t.text, l - 1);
      else reads.set(t.text, (reads.get(t.text) ?? 0) + 1);
    });
  }
  return reads;
}

/** True when every occurrence of the name is a call (an undefined function is not a misnamed variable). */
function calledOnly(stmts: readonly PyToken[][], name: string): boolean {
  return stmts.every((s) => s.every((t, i) => t.text !== name || s[i + 1]?.text === "("));
}

/** Parameter names of a def statement (annotations and defaults skipped; self/cls left out). */
function paramNames(stmt: readonly PyToken[]): string[] {
  const open = stmt.findIndex((t) => t.text === "(");
  if (open < 0) return [];
  const depth = stmt[open]!.depth + 1;
  const out: string[] = [];
  for (let i = open + 1; i < stmt.length; i++) {
    const t = stmt[i]!;
    if (t.text === ")" && t.depth === depth - 1) break;
    const prev = stmt[i - 1]!;
    if (
      t.kind === "name" &&
      t.depth === depth &&
      ["(", ",", "*", "**"].includes(prev.text) &&
      t.text !== "self" &&
      t.text !== "cls"
    )
      out.push(t.text);
  }
  return out;
}

export function analyzePython(lines: readonly string[]): PyAnalysis {
  const tokens = tokenizePython(lines.join("\n") + "\n");
  const lineTokens: PyToken[][] = lines.map(() => []);
  for (const t of tokens)
    if (t.kind !== "comment" && t.kind !== "newline" && t.line === t.endLine) lineTokens[t.line - 1]?.push(t);
  const stmts = statements(tokens);
  const stmtEnd = lines.map(() => 0);
  for (const s of stmts) stmtEnd[s[0]!.line - 1] = s[s.length - 1]!.endLine;
  const indentOf = (s: readonly PyToken[]): number => leadingWhitespace(lines[s[0]!.line - 1] ?? "").length;
  const functions: FunctionInfo[] = [];
  stmts.forEach((s, si) => {
    const defAt = s[0]!.text === "async" ? 1 : 0;
    if (s[defAt]?.text !== "def" || s[defAt + 1]?.kind !== "name") return;
    const defLine = s[0]!.line;
    const indent = leadingWhitespace(lines[defLine - 1] ?? "");
    const body: PyToken[][] = [];
    const firstOnSameLine = s[s.length - 1]!.text !== ":";
    for (let k = si + 1; k < stmts.length && indentOf(stmts[k]!) > indent.length; k++) body.push(stmts[k]!);
    const last = body[body.length - 1];
    const bodyStart = firstOnSameLine || !body[0] ? undefined : body[0][0]!.line;
    const variables = [...new Set([...paramNames(s), ...body.flatMap(assignedNames)])];
    const reads = readCounts(body);
    const returns = body
      .filter((b) => b[0]!.text === "return" && b.length > 1 && b[0]!.line === b[b.length - 1]!.endLine)
      .map((b) => (lines[b[0]!.line - 1] ?? "").slice(b[1]!.col, b[b.length - 1]!.endCol).trim());
    functions.push({
      name: s[defAt + 1]!.text,
      defLine,
      bodyStart,
      endLine: last ? last[last.length - 1]!.endLine : s[s.length - 1]!.endLine,
      indent,
      bodyIndent: bodyStart ? leadingWhitespace(lines[bodyStart - 1] ?? "") : indent + "    ",
      params: paramNames(s),
      variables,
      returns: [...new Set(returns)],
      unread: variables.filter((v) => !reads.get(v)),
      undefinedNames: [...reads.keys()].filter(
        (n) => !variables.includes(n) && !PY_BUILTINS.has(n) && !calledOnly(body, n),
      ),
    });
  });
  const globals = new Set<string>();
  for (const s of stmts) {
    if (indentOf(s) > 0) continue;
    const head = s[0]!.text;
    if ((head === "def" || head === "class") && s[1]) globals.add(s[1].text);
    else if (head === "async" && s[2]) globals.add(s[2].text);
    else if (head === "import" || head === "from") {
      const imp = s.findIndex((t) => t.text === "import");
      s.slice(imp + 1).forEach((t, k, rest) => {
        if (t.kind === "name" && rest[k + 1]?.text !== "as" && rest[k + 1]?.text !== "." && t.text !== "as")
          globals.add(t.text);
      });
    } else for (const n of assignedNames(s)) globals.add(n);
  }
  for (const f of functions) f.undefinedNames = f.undefinedNames.filter((n) => !globals.has(n));
  return { lines, tokens, lineTokens, stmtEnd, functions, globals };
}

/** The innermost function whose def..end span contains the line. */
export function functionAt(analysis: PyAnalysis, line: number): FunctionInfo | undefined {
  let best: FunctionInfo | undefined;
  for (const f of analysis.functions)
    if (f.defLine <= line && line <= f.endLine && (!best || f.defLine > best.defLine)) best = f;
  return best;
}
