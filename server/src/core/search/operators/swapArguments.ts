import { PY_KEYWORDS } from "../../parse/pyTokens.js";
import type { PyAnalysis } from "../pyAnalysis.js";
import { replaceSpan, type Mutation } from "../lineEdit.js";
import { eachLine, endsOperand, splitArgs } from "./exprSpans.js";

/**
 * Swapped arguments beyond the adjacent call-argument swap of the token operators:
 *  - swapped indices (0.45): `matrix[c][r]` -> `matrix[r][c]`;
 *  - non-adjacent call arguments (0.3): `f(a, b, c)` -> `f(c, b, a)` (first and last of 3+);
 *  - swapped values of a tuple assignment (0.35): `a, b = x, y` -> `a, b = y, x`.
 */
export const SWAP_PRIORS = { indices: 0.45, farArguments: 0.3, tupleValues: 0.35 };

export function swapArgumentMutations(analysis: PyAnalysis): Mutation[] {
  return eachLine(analysis, ({ lineNo, text, toks, match, add }) => {
    const span = (a: number, b: number): string => text.slice(toks[a]!.col, toks[b]!.endCol);
    toks.forEach((t, i) => {
      const close = match[i];
      if (close === undefined || close < i) return;
      // x[a][b] -> x[b][a]
      if (t.text === "[" && endsOperand(toks[i - 1]) && toks[close + 1]?.text === "[") {
        const close2 = match[close + 1];
        if (close2 !== undefined && close > i + 1 && close2 > close + 2) {
          const a = span(i + 1, close - 1);
          const b = span(close + 2, close2 - 1);
          if (a !== b && !a.includes(":") && !b.includes(":"))
            add(
              replaceSpan(lineNo, text, toks, i, close2, `[${b}][${a}]`),
              SWAP_PRIORS.indices,
              `swap indices ${a}, ${b}`,
            );
        }
      }
      // f(a, b, c) -> f(c, b, a)
      const callee = toks[i - 1];
      if (t.text === "(" && callee?.kind === "name" && !PY_KEYWORDS.has(callee.text) && toks[i - 2]?.text !== "def") {
        const args = splitArgs(toks, i, close);
        if (args.length < 3) return;
        const [s1, e1] = args[0]!;
        const [s2, e2] = args[args.length - 1]!;
        const first = span(s1, e1);
        const last = span(s2, e2);
        if (first === last || /^\*|=/.test(first + last) || [first, last].some((x) => /[=*]/.test(x))) return;
        const middle = text.slice(toks[e1]!.endCol, toks[s2]!.col);
        add(
          replaceSpan(lineNo, text, toks, s1, e2, `${last}${middle}${first}`),
          SWAP_PRIORS.farArguments,
          `swap first and last arguments of ${callee.text}`,
        );
      }
    });
    // a, b = x, y -> a, b = y, x
    const eq = toks.findIndex((t) => t.text === "=" && t.depth === 0);
    if (eq > 0 && toks.slice(0, eq).some((t) => t.text === ",")) {
      const commas = toks.map((t, k) => (k > eq && t.text === "," && t.depth === 0 ? k : -1)).filter((k) => k >= 0);
      if (commas.length === 1 && commas[0]! > eq + 1 && commas[0]! < toks.length - 1) {
        const c = commas[0]!;
        const x = span(eq + 1, c - 1);
        const y = span(c + 1, toks.length - 1);
        if (x !== y)
          add(
            replaceSpan(lineNo, text, toks, eq + 1, toks.length - 1, `${y}, ${x}`),
            SWAP_PRIORS.tupleValues,
            "swap tuple values",
          );
      }
    }
  });
}
