import { functionAt, type PyAnalysis } from "../pyAnalysis.js";
import { replaceSpan } from "../lineEdit.js";
import { eachLine, endsOperand } from "./exprSpans.js";
import { variableKinds } from "./functionScope.js";

/**
 * Wrong literals beyond the token operators' constant ± 1:
 *  - wrong sign (0.3): `events.append((end, 1))` -> `events.append((end, -1))`, and `-1` -> `1`
 *    (a number in a unary place: after `(`, `,`, `=`, `[`, `return`, never `x - 1` -> `x - -1`);
 *  - a variable meant (0.2): a small literal (0, 1, 2) where a variable of the function belongs:
 *    `current = max(0, current + v)` -> `max(v, current + v)`, `cur = [0] + ...` -> `[i] + ...`,
 *    `base * 2` -> `base * base`. Candidates: the function's parameters and variables whose kind is
 *    a number or unknown (functionScope), so never a list or a string for a number.
 */
export const LITERAL_PRIORS = { sign: 0.3, variable: 0.2 };
const SMALL = new Set(["0", "1", "2"]);

export function literalMutations(analysis: PyAnalysis): ReturnType<typeof eachLine> {
  const kindsByFn = new Map<number, ReturnType<typeof variableKinds>>();
  return eachLine(analysis, ({ lineNo, text, toks, add }) => {
    const fn = functionAt(analysis, lineNo);
    if (!fn || lineNo === fn.defLine) return;
    if (!kindsByFn.has(fn.defLine)) kindsByFn.set(fn.defLine, variableKinds(analysis, fn));
    const kinds = kindsByFn.get(fn.defLine)!;
    const names = [...new Set([...fn.params, ...fn.variables])].filter((v) => (kinds.get(v) ?? "num") === "num");
    toks.forEach((t, i) => {
      if (t.kind !== "number" || !/^\d+$/.test(t.text)) return;
      const prev = toks[i - 1];
      const negated = prev?.text === "-" && !endsOperand(toks[i - 2]);
      if (negated)
        add(replaceSpan(lineNo, text, toks, i - 1, i, t.text), LITERAL_PRIORS.sign, `sign -${t.text} -> ${t.text}`);
      else if (!endsOperand(prev) && prev?.text !== "-" && prev?.text !== "+" && t.text !== "0")
        add(replaceSpan(lineNo, text, toks, i, i, `-${t.text}`), LITERAL_PRIORS.sign, `sign ${t.text} -> -${t.text}`);
      if (!SMALL.has(t.text) || negated) return;
      for (const name of names)
        add(replaceSpan(lineNo, text, toks, i, i, name), LITERAL_PRIORS.variable, `literal ${t.text} -> ${name}`);
    });
  });
}
