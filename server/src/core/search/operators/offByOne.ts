import type { PyAnalysis } from "../pyAnalysis.js";
import { enclosingOpeners, insertAfter, replaceSpan, type Mutation } from "../lineEdit.js";
import { eachLine, endsOperand, precedenceAt, primaryEnd } from "./exprSpans.js";

/**
 * Off-by-one operators that the token operators (constant ±1, `bound ± 1` on range()/subscript
 * bounds, `<` <-> `<=`) do not cover:
 *  - drop ± 1 (prior 0.6): `len(x) - 1` -> `len(x)`, `x[i + 1]` -> `x[i]` (anywhere; the constant
 *    operator no longer writes `- 0`);
 *  - drop a term of a range/subscript bound (0.45): `range(0, len(xs) - size, size)` -> `range(0, len(xs), size)`;
 *  - other literal terms (0.3): `n + 2` -> `n`;
 *  - comparison bound ± 1 (0.4): `while i < n:` -> `while i < n - 1:` / `n + 1`;
 *  - len() - 1 (0.45): `right = len(s)` -> `right = len(s) - 1`;
 *  - one-based range (0.4 / 0.35): `range(n)` -> `range(1, n + 1)` / `range(1, n)`.
 */
export const OFF_BY_ONE_PRIORS = {
  dropOne: 0.6,
  dropBoundTerm: 0.45,
  dropLiteral: 0.3,
  compareBound: 0.4,
  lenMinusOne: 0.45,
  oneBased: 0.4,
  oneBasedExclusive: 0.35,
};
const P = OFF_BY_ONE_PRIORS;
const LOOSE = 9; // additive precedence: a term dropped from the right must not be bound tighter

export function offByOneMutations(analysis: PyAnalysis): Mutation[] {
  return eachLine(analysis, ({ lineNo, text, toks, match, add }) => {
    const openers = enclosingOpeners(toks);
    const inBound = (i: number): boolean => {
      const open = toks[openers[i]!];
      const before = toks[openers[i]! - 1];
      return (open?.text === "(" && before?.text === "range") || (open?.text === "[" && endsOperand(before));
    };
    toks.forEach((t, i) => {
      const prev = toks[i - 1];
      // Drop a term: `a - 1` -> `a`.
      if ((t.text === "+" || t.text === "-") && t.kind === "op" && endsOperand(prev)) {
        const re = primaryEnd(toks, match, i + 1);
        if (re > i && precedenceAt(toks[re + 1], false) <= LOOSE && toks[re + 1]?.text !== ".") {
          const term = text.slice(toks[i + 1]!.col, toks[re]!.endCol);
          const literal = re === i + 1 && toks[re]!.kind === "number";
          const prior = term === "1" ? P.dropOne : inBound(i) ? P.dropBoundTerm : literal ? P.dropLiteral : 0;
          if (prior > 0) add(replaceSpan(lineNo, text, toks, i - 1, re, prev!.text), prior, `drop ${t.text} ${term}`);
        }
      }
      // Comparison bound ± 1: `i < n` -> `i < n - 1`.
      if (t.kind === "op" && ["<", "<=", ">", ">="].includes(t.text)) {
        const re = primaryEnd(toks, match, i + 1);
        const after = toks[re + 1];
        if (re > i && toks[re]!.kind !== "number" && precedenceAt(after, false) <= 4 && after?.text !== ".") {
          add(insertAfter(lineNo, text, toks, re, " - 1"), P.compareBound, "comparison bound - 1");
          add(insertAfter(lineNo, text, toks, re, " + 1"), P.compareBound, "comparison bound + 1");
        }
      }
      // len(x) -> len(x) - 1 where nothing is added to it yet.
      if (t.text === "len" && toks[i + 1]?.text === "(" && prev?.text !== ".") {
        const close = match[i + 1];
        if (close !== undefined && !["+", "-", "*", "/", "//", "%", "."].includes(toks[close + 1]?.text ?? ""))
          add(insertAfter(lineNo, text, toks, close, " - 1"), P.lenMinusOne, "len() - 1");
      }
      // range(n) -> range(1, n + 1) / range(1, n).
      if (t.text === "range" && toks[i + 1]?.text === "(" && prev?.text !== ".") {
        const close = match[i + 1];
        if (close === undefined || close === i + 2) return;
        const inner = toks.slice(i + 2, close);
        if (inner.some((x) => x.text === "," && x.depth === toks[i + 1]!.depth + 1)) return;
        const arg = text.slice(toks[i + 2]!.col, toks[close - 1]!.endCol);
        add(replaceSpan(lineNo, text, toks, i + 2, close - 1, `1, ${arg} + 1`), P.oneBased, "range(1, n + 1)");
        add(replaceSpan(lineNo, text, toks, i + 2, close - 1, `1, ${arg}`), P.oneBasedExclusive, "range(1, n)");
      }
    });
  });
}
