import type { PyAnalysis } from "../pyAnalysis.js";
import { parseCommand } from "../../dsl/index.js";
import type { Command } from "../../types.js";
import { replaceSpan, type Mutation } from "../lineEdit.js";
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

/** `-x` for an operand, `-(a + b)` for an expression, `x` for `-x`. */
function flip(component: string): string {
  if (component.startsWith("-")) return component.slice(1).trimStart();
  return /^[\w.[\]()'"]+$/.test(component) && !/^\w+\s/.test(component) ? `-${component}` : `-(${component})`;
}

export function sortKeyMutations(analysis: PyAnalysis): Mutation[] {
  return eachLine(analysis, ({ lineNo, text, toks, match, add }) => {
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
      // `, reverse=True` in the same call (the tokens after the lambda's tuple).
      const rev = toks.findIndex(
        (r, k) => k > close && r.text === "reverse" && toks[k + 1]?.text === "=" && toks[k + 2]?.text === "True",
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
        const command: Command = parseCommand(`REPL ${lineNo} >>>${line}`);
        add(command, SORT_KEY_PRIOR, `key ${component} -> ${flipped}, reverse=True dropped`);
      }
    });
  });
}
