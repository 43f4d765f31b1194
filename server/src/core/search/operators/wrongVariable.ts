import { PY_KEYWORDS } from "../../parse/pyTokens.js";
import { functionAt, PY_BUILTINS, type PyAnalysis } from "../pyAnalysis.js";
import { replaceSpan, type Mutation } from "../lineEdit.js";
import { functionScope, type FunctionScope } from "./functionScope.js";

/**
 * Wrong variable: a name read in a function replaced by another variable in scope (the function's
 * parameters and assigned names, plus names it reads that nothing binds). Priors:
 *  - 0.75 to a variable nobody reads, whose value never leaves it (functionScope.ts: `if v > best: best = v`
 *    and nothing else reads `best`), or a name nothing binds (a misnamed variable leaves one unread);
 *  - 0.4 between variables of the same kind (functionScope.ts: num, seq, str, dict, set, bool);
 *  - 0.35 when either kind is unknown, or both are containers (seq, str, set, dict: `x in seen` for
 *    `x in unique` is a real bug);
 *  - 0.12 between variables of different known kinds (an index for a list rarely fixes anything).
 * An undefined name (a NameError waiting to happen, not a builtin, global, call or keyword argument)
 * is renamed to each variable of the function with prior 0.6.
 * Example: `result.append(v)` -> `result.append(best)` (REPW 7 >>>v >>>best).
 */
export const RENAME_PRIORS = { undefinedName: 0.6, unread: 0.75, sameKind: 0.4, unknownKind: 0.35, otherKind: 0.12 };

const CONTAINERS = new Set(["seq", "str", "set", "dict"]);

export function wrongVariableMutations(analysis: PyAnalysis): Mutation[] {
  const out: Mutation[] = [];
  const scopes = new Map<number, FunctionScope>();
  analysis.lineTokens.forEach((toks, idx) => {
    const lineNo = idx + 1;
    const fn = functionAt(analysis, lineNo);
    if (!fn || fn.defLine === lineNo) return;
    let scope = scopes.get(fn.defLine);
    if (!scope) scopes.set(fn.defLine, (scope = functionScope(analysis, fn)));
    const { kinds, selfOnly } = scope;
    const unused = new Set([...fn.unread, ...fn.undefinedNames, ...selfOnly]);
    const text = analysis.lines[idx] ?? "";
    toks.forEach((t, i) => {
      const prev = toks[i - 1];
      const next = toks[i + 1];
      if (t.kind !== "name" || PY_KEYWORDS.has(t.text) || prev?.text === ".") return;
      if (!fn.variables.includes(t.text)) {
        const undefinedName =
          !PY_BUILTINS.has(t.text) && !analysis.globals.has(t.text) && next?.text !== "(" && next?.text !== "=";
        if (undefinedName)
          for (const v of fn.variables)
            out.push({
              command: replaceSpan(lineNo, text, toks, i, i, v),
              line: lineNo,
              prior: RENAME_PRIORS.undefinedName,
              label: `rename undefined ${t.text} -> ${v}`,
            });
        return;
      }
      if (next?.text === "=" && t.depth > 0) return; // keyword argument name
      const from = kinds.get(t.text);
      for (const v of [...fn.variables, ...fn.undefinedNames]) {
        if (v === t.text) continue;
        const to = kinds.get(v);
        const prior = unused.has(v)
          ? RENAME_PRIORS.unread
          : !from || !to || (CONTAINERS.has(from) && CONTAINERS.has(to) && from !== to)
            ? RENAME_PRIORS.unknownKind
            : from === to
              ? RENAME_PRIORS.sameKind
              : RENAME_PRIORS.otherKind;
        out.push({
          command: replaceSpan(lineNo, text, toks, i, i, v),
          line: lineNo,
          prior,
          label: `rename ${t.text} -> ${v}`,
        });
      }
    });
  });
  return out;
}
