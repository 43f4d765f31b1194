import { leadingWhitespace, type PyAnalysis } from "../pyAnalysis.js";
import { matchBrackets, type Mutation } from "../lineEdit.js";
import { primaryEnd } from "./exprSpans.js";

/**
 * Missing or misplaced return:
 *  - missing `return` (0.5 on the function's last statement, 0.3 elsewhere): an expression statement
 *    that computes a value and drops it (`"/" + joined`) becomes `return "/" + joined`; bare calls
 *    (`out.append(x)`) are left alone;
 *  - early return inside a loop (0.4; 0.2 inside an if): the last `return` of a for/while body moved
 *    out of the loop by one indentation level (`        return None` -> `    return None`).
 */
export const RETURN_PRIORS = { missingLast: 0.5, missing: 0.3, dedentLoop: 0.4, dedentIf: 0.2 };
const P = RETURN_PRIORS;
const STATEMENT_KEYWORDS = new Set(
  "return pass break continue raise import from global nonlocal del assert if elif else for while try except finally with def class async yield await lambda print".split(
    " ",
  ),
);

export function returnPlacementMutations(analysis: PyAnalysis): Mutation[] {
  const out: Mutation[] = [];
  const ind = (n: number): number => leadingWhitespace(analysis.lines[n - 1] ?? "").length;
  for (const fn of analysis.functions) {
    if (fn.bodyStart === undefined) continue;
    const starts: number[] = [];
    for (let n = fn.bodyStart; n <= fn.endLine; n++) if (analysis.stmtEnd[n - 1]) starts.push(n);
    starts.forEach((line, k) => {
      const toks = analysis.lineTokens[line - 1] ?? [];
      const text = analysis.lines[line - 1] ?? "";
      const first = toks[0];
      if (!first || analysis.stmtEnd[line - 1] !== line) return;
      // Expression statement -> return it.
      const assigns = toks.some((t) => t.depth === 0 && /^(=|[-+*/%@&|^]=|\/\/=|\*\*=|:=)$/.test(t.text));
      const bareCall =
        primaryEnd(toks, matchBrackets(toks), 0) === toks.length - 1 && toks[toks.length - 1]!.text === ")";
      const keyword = STATEMENT_KEYWORDS.has(first.text);
      const docstring = first.kind === "string" && toks.length === 1;
      if (!assigns && !bareCall && !keyword && !docstring) {
        const indent = leadingWhitespace(text);
        out.push({
          command: { op: "REPL", line, text: `${indent}return ${text.slice(indent.length)}` },
          line,
          prior: k === starts.length - 1 ? P.missingLast : P.missing,
          label: "missing return",
        });
      }
      // Last return of a block -> one level out.
      if (first.text !== "return") return;
      const next = starts[k + 1];
      if (next !== undefined && ind(next) >= ind(line)) return;
      let header: number | undefined;
      for (let j = k - 1; j >= 0; j--)
        if (ind(starts[j]!) < ind(line)) {
          header = starts[j];
          break;
        }
      if (header === undefined || header <= fn.defLine) return;
      const kind = analysis.lineTokens[header - 1]?.[0]?.text ?? "";
      const siblings = starts.filter((s) => s > header! && s < line && ind(s) === ind(line));
      if (!siblings.length) return;
      const prior =
        kind === "for" || kind === "while"
          ? P.dedentLoop
          : kind === "if" || kind === "else" || kind === "elif"
            ? P.dedentIf
            : 0;
      const nextHead = next === undefined ? "" : (analysis.lineTokens[next - 1]?.[0]?.text ?? "");
      if (prior === 0 || ["else", "elif", "except", "finally"].includes(nextHead)) return;
      if (kind !== "for" && kind !== "while" && (next === undefined || ind(next) < ind(header))) return;
      const outer = leadingWhitespace(analysis.lines[header - 1] ?? "");
      out.push({
        command: { op: "REPL", line, text: outer + text.trimStart() },
        line,
        prior,
        label: `return out of ${kind}`,
      });
    });
  }
  return out;
}
