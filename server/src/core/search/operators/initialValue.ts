import type { PyAnalysis } from "../pyAnalysis.js";
import { replaceSpan, type Mutation } from "../lineEdit.js";
import { variableKinds } from "./functionScope.js";

/**
 * Wrong initial value: the literal seed of an accumulator or a running best (`total = 0`,
 * `first = second = 0`, `best = ""`) replaced by the seeds real code uses. Priors:
 *  - inf <-> -inf (0.6): `best = float('inf')` -> `best = float('-inf')`;
 *  - a max()/min() seed (0.6): a variable later compared by `>`/`max(` seeded with `float('-inf')`
 *    or the first element of a sequence parameter; `<`/`min(` with `float('inf')`;
 *  - number <-> None / empty (0.45): `0` -> `None`, `None` -> `0`, `""` -> `None`, `[]` -> `None`;
 *  - other seeds (0.3): `0` -> `-1`, `None` -> `""`/`[]`, `[]` -> `""`.
 * Never None for a seed that is later a method receiver (`out.append(x)`) or augmented (`n += 1`).
 * Example: `first = second = 0` -> `first = second = None` (REPW 3 >>>= 0 >>>= None).
 */
export const INITIAL_VALUE_PRIORS = { infFlip: 0.6, seed: 0.6, noneSwap: 0.45, other: 0.3 };
const P = INITIAL_VALUE_PRIORS;
const INF = "float('inf')";
const NEG_INF = "float('-inf')";

/** Alternatives for a literal seed, with their priors. */
function alternatives(value: string): Array<[string, number]> {
  const v = value.replace(/"/g, "'");
  if (v === "float('inf')" || v === "math.inf") return [[NEG_INF, P.infFlip]];
  if (v === "float('-inf')" || v === "-float('inf')" || v === "-math.inf") return [[INF, P.infFlip]];
  if (v === "0")
    return [
      ["None", P.noneSwap],
      ["1", P.noneSwap],
      ["-1", P.other],
      [NEG_INF, P.other],
      [INF, P.other],
    ];
  if (v === "1")
    return [
      ["0", P.noneSwap],
      ["None", P.other],
    ];
  if (v === "-1")
    return [
      ["0", P.noneSwap],
      ["None", P.other],
    ];
  if (v === "''")
    return [
      ["None", P.noneSwap],
      ["[]", P.other],
    ];
  if (v === "None")
    return [
      ["0", P.noneSwap],
      ["''", P.other],
      ["[]", P.other],
      [NEG_INF, P.other],
      [INF, P.other],
    ];
  if (v === "[]")
    return [
      ["None", P.noneSwap],
      ["''", P.other],
    ];
  return [];
}

export function initialValueMutations(analysis: PyAnalysis): Mutation[] {
  const out: Mutation[] = [];
  for (const fn of analysis.functions) {
    if (fn.bodyStart === undefined) continue;
    const kinds = variableKinds(analysis, fn);
    const seqParams = fn.params.filter((p) => kinds.get(p) === "seq");
    const bodyText = analysis.lines.slice(fn.bodyStart - 1, fn.endLine).join("\n");
    for (let line = fn.bodyStart; line <= fn.endLine; line++) {
      if (analysis.stmtEnd[line - 1] !== line) continue;
      const toks = analysis.lineTokens[line - 1] ?? [];
      const eq = toks
        .map((t, i) => (t.text === "=" && t.depth === 0 ? i : -1))
        .filter((i) => i >= 0)
        .pop();
      if (eq === undefined || toks[0]?.kind !== "name" || eq + 1 >= toks.length) continue;
      const text = analysis.lines[line - 1]!;
      const rhs = text.slice(toks[eq + 1]!.col, toks[toks.length - 1]!.endCol);
      const targets = toks
        .slice(0, eq)
        .filter((t) => t.kind === "name")
        .map((t) => t.text);
      const options = alternatives(rhs);
      if (!options.length) continue;
      // A running best: compared with > / max( -> seed low; with < / min( -> seed high.
      const esc = targets.map((n) => n.replace(/\W/g, "")).join("|");
      const high = new RegExp(`max\\((?:${esc})\\b|>=? *(?:${esc})\\b|\\b(?:${esc}) *<`).test(bodyText);
      const low = new RegExp(`min\\((?:${esc})\\b|<=? *(?:${esc})\\b|\\b(?:${esc}) *>`).test(bodyText);
      if (["0", "None", "''", '""'].includes(rhs)) {
        if (high && !low)
          options.push([NEG_INF, P.seed], ...seqParams.map((p): [string, number] => [`${p}[0]`, P.seed]));
        if (low && !high) options.push([INF, P.seed], ...seqParams.map((p): [string, number] => [`${p}[0]`, P.seed]));
      }
      // A seed that is later a method receiver (`out.append`) or augmented (`count += 1`) cannot be None.
      const usedAsValue = new RegExp(`\\b(?:${esc})(?:\\.\\w|\\s*[-+*/%]=)`).test(bodyText);
      const best = new Map<string, number>();
      for (const [v, prior] of options)
        if (!(v === "None" && usedAsValue)) best.set(v, Math.max(best.get(v) ?? 0, prior));
      for (const [v, prior] of best) {
        if (v === rhs) continue;
        out.push({
          command: replaceSpan(line, text, toks, eq + 1, toks.length - 1, v),
          line,
          prior,
          label: `initial ${rhs} -> ${v}`,
        });
      }
    }
  }
  return out;
}
