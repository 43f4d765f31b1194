import { leadingWhitespace, type FunctionInfo, type PyAnalysis } from "../pyAnalysis.js";
import { matchBrackets, replaceSpan, type Mutation } from "../lineEdit.js";
import { firstCodeLine } from "../mutateStatements.js";
import { splitArgs } from "./exprSpans.js";
import { variableKinds } from "./functionScope.js";

/**
 * Recursive functions (whose body calls the function itself): missing or wrong base case and wrong
 * recursion argument. Priors (a guard's prior is its condition's times its value's factor:
 * the parameter itself 1, 0/1 0.9, another literal return 0.7):
 *  - missing base case (0.4 down to 0.25): `if n <= 1: return n`, `if n == 0: return 1`, `if n < 2: ...`
 *    added at the top of the body (ADDL); for a sequence parameter `if len(xs) <= 1: return xs`;
 *  - wrong base-case condition (0.5): `if n == 0:` -> `if n < 2:` when the if's body returns;
 *  - wrong base-case value (0.45): `return 0` -> `return 1` / `return n` under such an if;
 *  - wrong recursion argument (0.5): `f(n)` -> `f(n - 1)`, `f(n - 1)` -> `f(n - 2)`, `f(n - 2)` -> `f(n - 1)`
 *    (0.2 for `f(n + 1)`).
 */
export const BASE_CONDITIONS: Array<[string, number, number]> = [
  ["<=", 1, 0.4],
  ["==", 0, 0.35],
  ["<", 2, 0.3],
  ["<=", 0, 0.3],
  ["==", 1, 0.25],
  ["<", 1, 0.25],
];
export const RECURSION_PRIORS = { baseCondition: 0.5, baseValue: 0.45, argument: 0.5, argumentUp: 0.2 };
const P = RECURSION_PRIORS;

function isRecursive(analysis: PyAnalysis, fn: FunctionInfo): boolean {
  for (let n = fn.defLine + 1; n <= fn.endLine; n++)
    if (
      (analysis.lineTokens[n - 1] ?? []).some(
        (t, i, a) => t.text === fn.name && a[i + 1]?.text === "(" && a[i - 1]?.text !== ".",
      )
    )
      return true;
  return false;
}

export function recursionMutations(analysis: PyAnalysis): Mutation[] {
  const out: Mutation[] = [];
  for (const fn of analysis.functions) {
    if (fn.bodyStart === undefined || !isRecursive(analysis, fn)) continue;
    const kinds = variableKinds(analysis, fn);
    const anchor: [number, number] = [fn.defLine, fn.endLine];
    const top = firstCodeLine(analysis, fn);
    const literals = fn.returns.filter((r) => /^(-?\d+|None|True|False|\[\]|''|"")$/.test(r));
    if (top !== undefined) {
      const indent = leadingWhitespace(analysis.lines[top - 1] ?? "");
      for (const p of fn.params) {
        if (kinds.get(p) === "seq") {
          out.push({
            command: { op: "ADDL", line: top, text: `${indent}if len(${p}) <= 1: return ${p}` },
            line: top,
            prior: 0.4,
            label: `base case len(${p}) <= 1`,
            anchor,
          });
          continue;
        }
        if (kinds.get(p) !== undefined && kinds.get(p) !== "num") continue;
        const values: Array<[string, number]> = [
          [p, 1],
          ["0", 0.9],
          ["1", 0.9],
          ...literals.map((l): [string, number] => [l, 0.7]),
        ];
        const seen = new Set<string>();
        for (const [cmp, k, prior] of BASE_CONDITIONS)
          for (const [v, factor] of values) {
            if (seen.has(`${cmp}${k}${v}`)) continue;
            seen.add(`${cmp}${k}${v}`);
            out.push({
              command: { op: "ADDL", line: top, text: `${indent}if ${p} ${cmp} ${k}: return ${v}` },
              line: top,
              prior: prior * factor,
              label: `base case ${p} ${cmp} ${k}`,
              anchor,
            });
          }
      }
    }
    for (let line = fn.bodyStart; line <= fn.endLine; line++) {
      const toks = analysis.lineTokens[line - 1] ?? [];
      const text = analysis.lines[line - 1] ?? "";
      // if <param> <cmp> <number>: followed by a return -> other base conditions and values.
      const cond =
        toks[0]?.text === "if" &&
        toks[1]?.kind === "name" &&
        fn.params.includes(toks[1].text) &&
        toks[3]?.kind === "number" &&
        toks[4]?.text === ":";
      if (cond) {
        const p = toks[1]!.text;
        const inline = toks[5]?.text === "return";
        const retLine = inline ? line : line + 1;
        const retToks = analysis.lineTokens[retLine - 1] ?? [];
        const r = inline ? 5 : 0;
        if (retToks[r]?.text === "return")
          for (const [cmp, k] of BASE_CONDITIONS)
            if (cmp !== toks[2]!.text || String(k) !== toks[3]!.text)
              out.push({
                command: replaceSpan(line, text, toks, 1, 3, `${p} ${cmp} ${k}`),
                line,
                prior: P.baseCondition,
                label: `base condition ${p} ${cmp} ${k}`,
              });
        if (retToks.length === r + 2 && retToks[r]?.text === "return") {
          const retText = analysis.lines[retLine - 1]!;
          for (const v of [p, "0", "1"])
            if (v !== retToks[r + 1]!.text)
              out.push({
                command: replaceSpan(retLine, retText, retToks, r + 1, r + 1, v),
                line: retLine,
                prior: P.baseValue,
                label: `base value ${v}`,
              });
        }
      }
      // Recursion arguments.
      const match = matchBrackets(toks);
      toks.forEach((t, i) => {
        if (t.text !== fn.name || toks[i + 1]?.text !== "(" || toks[i - 1]?.text === "." || line === fn.defLine) return;
        const close = match[i + 1];
        if (close === undefined) return;
        for (const [s, e] of splitArgs(toks, i + 1, close)) {
          const arg = text.slice(toks[s]!.col, toks[e]!.endCol);
          const add = (v: string, prior: number): void =>
            void out.push({
              command: replaceSpan(line, text, toks, s, e, v),
              line,
              prior,
              label: `recursion argument ${arg} -> ${v}`,
            });
          const numeric = (name: string): boolean => fn.params.includes(name) && (kinds.get(name) ?? "num") === "num";
          if (s === e && numeric(arg)) {
            add(`${arg} - 1`, P.argument);
            add(`${arg} + 1`, P.argumentUp);
          }
          const m = /^(\w+) - (\d+)$/.exec(arg);
          if (m && numeric(m[1]!)) {
            const k = Number(m[2]);
            add(`${m[1]} - ${k + 1}`, P.argument);
            if (k > 1) add(`${m[1]} - ${k - 1}`, P.argument);
          }
        }
      });
    }
  }
  return out;
}
