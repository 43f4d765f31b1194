import { tokenizePython, type PyToken } from "../parse/pyTokens.js";
import { splitLines } from "../dsl/index.js";

/** Operators whose two identical operands make a constant: `x - x` is 0, `a[i] >= a[i]` is True. */
const DEGENERATE = new Set(["-", "==", "!=", "<", "<=", ">", ">=", "/", "//", "%", "^", "is"]);

/** Python's binary operator precedence (higher binds tighter); names for `is`/`in`/`not`, `and`, `or`. */
const PREC: Record<string, number> = {
  or: 1,
  and: 2,
  not: 3,
  in: 5,
  is: 5,
  "==": 5,
  "!=": 5,
  "<": 5,
  "<=": 5,
  ">": 5,
  ">=": 5,
  "|": 6,
  "^": 7,
  "&": 8,
  "<<": 9,
  ">>": 9,
  "+": 10,
  "-": 10,
  "*": 11,
  "/": 11,
  "//": 11,
  "%": 11,
  "@": 11,
  "**": 13,
};

/**
 * A new self-operation: the first `E op E` (identical operands, an operator in DEGENERATE) on a line
 * of `after` that `before` does not have, as text; undefined when there is none. Such an edit turns
 * an expression into a constant: it passes weak tests by making a check vacuous (a repair
 * anti-pattern), and a correct program almost never contains one. `x * x` and `x + x` are left out.
 * Operands are primaries (names, numbers, with subscripts, calls and attributes), and precedence is
 * respected: in `a * x - x` or `x == x + 1` the operands differ.
 */
export function newSelfOperation(before: string, after: string): string | undefined {
  const old = new Set(splitLines(before).map((l) => l.trim()));
  for (const line of splitLines(after)) {
    if (old.has(line.trim())) continue;
    const found = selfOperation(line);
    if (found) return found;
  }
  return undefined;
}

function selfOperation(line: string): string | undefined {
  const toks = tokenizePython(line).filter((t) => t.kind !== "comment" && t.kind !== "newline");
  for (let k = 1; k < toks.length - 1; k++) {
    if (!DEGENERATE.has(toks[k]!.text) || (toks[k]!.kind !== "op" && toks[k]!.kind !== "name")) continue;
    const left = operandEndingAt(toks, k - 1);
    const right = operandStartingAt(toks, k + 1);
    if (left === undefined || right === undefined) continue;
    const l = toks
      .slice(left, k)
      .map((t) => t.text)
      .join("");
    const r = toks
      .slice(k + 1, right + 1)
      .map((t) => t.text)
      .join("");
    const prec = PREC[toks[k]!.text]!;
    // An operator binding at least as tightly before the left operand, or more tightly after the
    // right one, takes that operand into a larger expression (all these are left-associative).
    const before = PREC[toks[left - 1]?.text ?? ""] ?? 0;
    const after = PREC[toks[right + 1]?.text ?? ""] ?? 0;
    if (l === r && before < prec && after <= prec) return `${l} ${toks[k]!.text} ${r}`;
  }
  return undefined;
}

const KEYWORDS = new Set(["and", "or", "not", "is", "in", "if", "else", "lambda"]);
/** A name or a number that can start or end an operand (keywords cannot). */
const isAtom = (t: PyToken | undefined): boolean =>
  t !== undefined && (t.kind === "number" || (t.kind === "name" && !KEYWORDS.has(t.text)));

/** Index of the first token of the primary expression (name, then subscripts, calls, attributes) ending at `end`. */
function operandEndingAt(toks: PyToken[], end: number): number | undefined {
  let i = end;
  for (;;) {
    const t = toks[i];
    if (!t) return undefined;
    if (t.text === "]" || t.text === ")") {
      let depth = 0;
      for (; i >= 0; i--) {
        const x = toks[i]!.text;
        if (x === "]" || x === ")") depth++;
        else if (x === "[" || x === "(") depth--;
        if (depth === 0) break;
      }
      i--; // the token before the bracket: what is subscripted or called
      continue;
    }
    if (!isAtom(t)) return undefined;
    if (toks[i - 1]?.text === ".") {
      i -= 2;
      continue;
    }
    return i;
  }
}

/** Index of the last token of the primary expression starting at `start`. */
function operandStartingAt(toks: PyToken[], start: number): number | undefined {
  const t = toks[start];
  if (!isAtom(t)) return undefined;
  let i = start;
  for (;;) {
    const next = toks[i + 1]?.text;
    if (next === "[" || next === "(") {
      let depth = 0;
      for (i = i + 1; i < toks.length; i++) {
        const x = toks[i]!.text;
        if (x === "[" || x === "(") depth++;
        else if (x === "]" || x === ")") depth--;
        if (depth === 0) break;
      }
      if (i >= toks.length) return undefined;
      continue;
    }
    if (next === "." && toks[i + 2]?.kind === "name") {
      i += 2;
      continue;
    }
    return i;
  }
}
