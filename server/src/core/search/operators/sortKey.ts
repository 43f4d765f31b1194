import type { PyAnalysis } from "../pyAnalysis.js";
import { parseCommand } from "../../dsl/index.js";
import { enclosingOpeners, replaceSpan, type Mutation } from "../lineEdit.js";
import { eachLine } from "./exprSpans.js";

/**
 * A tuple sort key in the wrong direction: one component meant descending among ascending ones.
 *  - a component negated (0.3): `key=lambda v: (counts[v], v)` -> `(-counts[v], v)` (and a negated
 *    one un-negated);
 *  - with `reverse=True`, the reverse dropped and one component negated (0.3): `sorted(rs, key=lambda
 *    r: (r[1], r[0]), reverse=True)` -> `sorted(rs, key=lambda r: (-r[1], r[0]))`: the first stays
 *    descending, the others become ascending, as the task meant.
 * One-line calls only; a component that is not one operand is negated in parentheses. A string
 * component negated fails its tests (TypeError), so the tests sort these out.
 */
export const SORT_KEY_PRIOR = 0.3;

/** One operand (a name, number or string with calls and subscripts): a unary minus binds to all of it. */
const OPERAND = /^[\w.[\]()'"]+$/;

/** Whether `s` is one parenthesised group: `(a + b)`, not `(a) + (b)`. */
function parenthesised(s: string): boolean {
  if (!s.startsWith("(") || !s.endsWith(")")) return false;
  let depth = 0;
  for (let k = 0; k < s.length; k++) {
    if (s[k] === "(") depth++;
    else if (s[k] === ")" && --depth === 0 && k < s.length - 1) return false;
  }
  return depth === 0;
}

/** `-x` for an operand, `-(a + b)` for an expression, `x` for `-x` and `(a + b)` for `-(a + b)`; a minus
 *  that negates only the first operand (`-a - b`) is negated whole: `-(-a - b)`. */
function flip(component: string): string {
  const negated = component.startsWith("-") ? component.slice(1).trimStart() : undefined;
  if (negated !== undefined && (OPERAND.test(negated) || parenthesised(negated))) return negated;
  return OPERAND.test(component) ? `-${component}` : `-(${component})`;
}

export function sortKeyMutations(analysis: PyAnalysis): Mutation[] {
  return eachLine(analysis, ({ lineNo, text, toks, match, add }) => {
    const openers = enclosingOpeners(toks);
    toks.forEach((t, i) => {
      if (t.text !== "key" || toks[i + 1]?.text !== "=" || toks[i + 2]?.text !== "lambda") return;
      let colon = i + 3;
      while (colon < toks.length && toks[colon]!.text !== ":") colon++;
      const open = colon + 1;
      const close = match[open];
      if (toks[open]?.text !== "(" || close === undefined) return;
      // The tuple's components: token ranges between top-level commas.
      const parts: Array<[number, number]> = [];
      let from = open + 1;
      for (let k = open + 1; k < close; k++) {
        const m = match[k];
        if (m !== undefined && m > k) k = m;
        else if (toks[k]!.text === ",") {
          parts.push([from, k - 1]);
          from = k + 1;
        }
      }
      if (from < close) parts.push([from, close - 1]);
      if (parts.length < 2) return;
      // `, reverse=True` after the lambda's tuple, in the same call (its brackets are the key's).
      const rev = toks.findIndex(
        (r, k) =>
          k > close &&
          openers[k] === openers[i] &&
          r.text === "reverse" &&
          toks[k + 1]?.text === "=" &&
          toks[k + 2]?.text === "True",
      );
      for (const [a, b] of parts) {
        const component = text.slice(toks[a]!.col, toks[b]!.endCol);
        const flipped = flip(component);
        add(replaceSpan(lineNo, text, toks, a, b, flipped), SORT_KEY_PRIOR, `key ${component} -> ${flipped}`);
        if (rev < 0 || toks[rev - 1]?.text !== ",") continue;
        const line =
          text.slice(0, toks[a]!.col) +
          flipped +
          text.slice(toks[b]!.endCol, toks[rev - 1]!.col) +
          text.slice(toks[rev + 2]!.endCol);
        add(
          parseCommand(`REPL ${lineNo} >>>${line}`),
          SORT_KEY_PRIOR,
          `key ${component} -> ${flipped}, reverse=True dropped`,
        );
      }
    });
  });
}
