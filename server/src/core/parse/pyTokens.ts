/**
 * The engine's one hand-written Python tokenizer, used by the search's mutation proposer (which
 * must never mutate inside a string or a comment, must know which tokens sit wholly on one listing
 * line, and must tell logical lines from continuation lines) and by synth's corruptions (which
 * edit code characters only, see synth/pyMask.ts). It follows Python's lexical rules for strings (prefixes,
 * triple quotes, escapes), numbers, names, operators, brackets and backslash continuations; it does
 * not produce INDENT/DEDENT tokens (indentation is read from the line text where needed).
 * Hand-written because tree-sitter's async WASM start-up and tree walking are heavier than the
 * 150 lines here, and the search calls this for every state it expands (tree-sitter, in
 * locateSyntaxError.ts, serves syntax-error locations).
 */
export type PyTokenKind = "name" | "number" | "string" | "op" | "comment" | "newline";

export interface PyToken {
  kind: PyTokenKind;
  text: string;
  /** 1-based listing line and 0-based column (UTF-16 index into the line) where the token starts. */
  line: number;
  col: number;
  /** Line and column just past the token's end (endLine > line for a multi-line string). */
  endLine: number;
  endCol: number;
  /** Bracket depth before the token (0 at statement level). */
  depth: number;
}

export const PY_KEYWORDS = new Set(
  (
    "False None True and as assert async await break class continue def del elif else except finally for " +
    "from global if import in is lambda nonlocal not or pass raise return try while with yield"
  ).split(" "),
);

// Longest first, so that "<=" is one operator and "<<" is never read as two "<".
const OPERATORS = [
  "**=",
  "//=",
  ">>=",
  "<<=",
  "...",
  "->",
  ":=",
  "**",
  "//",
  "<<",
  ">>",
  "<=",
  ">=",
  "==",
  "!=",
  "+=",
  "-=",
  "*=",
  "/=",
  "%=",
  "&=",
  "|=",
  "^=",
  "@=",
];
const SINGLE_OPS = "+-*/%@&|^~<>()[]{},:;.=!";
const NUMBER_RE =
  /0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?[jJ]?/y;
const NAME_RE = /[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*/y;
const PREFIX_RE = /(?:[rRbBuUfFtT]{1,2})(?=['"])/y;

/** The operator or bracket that starts at src[i] (the longest that matches), or undefined. */
export function matchOperator(src: string, i: number): string | undefined {
  const op = OPERATORS.find((o) => src.startsWith(o, i));
  if (op !== undefined) return op;
  const ch = src[i];
  return ch !== undefined && SINGLE_OPS.includes(ch) ? ch : undefined;
}

/** Tokenizes a whole source. Unterminated strings end at the end of their line (or file for triple quotes). */
export function tokenizePython(code: string): PyToken[] {
  const src = code.replace(/\r\n?/g, "\n");
  const tokens: PyToken[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let depth = 0;
  const push = (kind: PyTokenKind, start: number, end: number, startLine: number, startLineStart: number): void => {
    tokens.push({
      kind,
      text: src.slice(start, end),
      line: startLine,
      col: start - startLineStart,
      endLine: line,
      endCol: end - lineStart,
      depth,
    });
  };
  /** Advances i to `end`, counting the newlines crossed. */
  const advance = (end: number): void => {
    for (let k = i; k < end; k++) {
      if (src[k] === "\n") {
        line++;
        lineStart = k + 1;
      }
    }
    i = end;
  };
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === " " || ch === "\t" || ch === "\f") {
      i++;
      continue;
    }
    if (ch === "\\" && src[i + 1] === "\n") {
      advance(i + 2);
      continue;
    }
    if (ch === "\n") {
      // Only a newline at bracket depth 0 ends a logical line (Python's NEWLINE vs NL).
      const last = tokens[tokens.length - 1];
      if (depth === 0 && last && last.kind !== "newline") push("newline", i, i + 1, line, lineStart);
      advance(i + 1);
      continue;
    }
    if (ch === "#") {
      let end = src.indexOf("\n", i);
      if (end < 0) end = src.length;
      push("comment", i, end, line, lineStart);
      i = end;
      continue;
    }
    const startLine = line;
    const startLineStart = lineStart;
    PREFIX_RE.lastIndex = i;
    const prefix = PREFIX_RE.exec(src);
    const quoteAt = prefix ? i + prefix[0].length : i;
    if (src[quoteAt] === "'" || src[quoteAt] === '"') {
      const end = scanString(src, quoteAt);
      advance(end);
      push("string", quoteAt - (prefix ? prefix[0].length : 0), end, startLine, startLineStart);
      continue;
    }
    NUMBER_RE.lastIndex = i;
    const num = /[\d.]/.test(ch) ? NUMBER_RE.exec(src) : null;
    if (num && num[0] !== "" && num[0] !== ".") {
      advance(i + num[0].length);
      push("number", i - num[0].length, i, startLine, startLineStart);
      continue;
    }
    NAME_RE.lastIndex = i;
    const name = NAME_RE.exec(src);
    if (name) {
      advance(i + name[0].length);
      push("name", i - name[0].length, i, startLine, startLineStart);
      continue;
    }
    const text = matchOperator(src, i) ?? ch; // an unknown character becomes a one-character op; the verifier will reject it
    if (text === ")" || text === "]" || text === "}") depth = Math.max(0, depth - 1);
    advance(i + text.length);
    push("op", i - text.length, i, startLine, startLineStart);
    if (text === "(" || text === "[" || text === "{") depth++;
  }
  return tokens;
}

/** Returns the index just past the string literal whose opening quote is at `q`. */
function scanString(src: string, q: number): number {
  const quote = src[q]!;
  const triple = src.startsWith(quote.repeat(3), q);
  const close = triple ? quote.repeat(3) : quote;
  let k = q + close.length;
  while (k < src.length) {
    const c = src[k]!;
    if (c === "\\") {
      k += 2;
      continue;
    }
    if (!triple && c === "\n") return k; // unterminated single-quoted string
    if (src.startsWith(close, k)) return k + close.length;
    k++;
  }
  return src.length;
}
