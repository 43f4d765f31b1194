import { endsWithColon, indentOf, leadingWhitespace, statementLines, type PyAnalysis } from "../pyAnalysis.js";
import type { Mutation } from "../lineEdit.js";

/**
 * Wrong loop shape:
 *  - `if` meant `while` (0.3, only inside a loop body): `if stack and values[stack[-1]] < v:` ->
 *    `while ...` (pop every smaller item, not one); `while` meant `if` (0.2);
 *  - the last group never flushed (0.25): an accumulating one-line statement inside a loop
 *    (`out.append(...)`, `out.extend(...)`, `total += ...`, `parts.add(...)`) on a name bound before the
 *    loop is copied after the loop, at the loop's indentation (run-length encoding, grouping,
 *    chunking: the group still open when the input ends). Anchored on the loop.
 */
export const CONTROL_FLOW_PRIORS = { ifToWhile: 0.3, whileToIf: 0.2, flush: 0.25 };
const ACCUMULATE = /^([A-Za-z_]\w*)(\.(append|extend|add|update)\(.*\)|\s*\+=\s*.+)$/;

export function controlFlowMutations(analysis: PyAnalysis): Mutation[] {
  const out: Mutation[] = [];
  const { lines, stmtEnd } = analysis;
  const starts = statementLines(analysis, 1, lines.length);
  const ind = (n: number): number => indentOf(analysis, n);
  const head = (n: number): string => analysis.lineTokens[n - 1]?.[0]?.text ?? "";
  const isHeader = (n: number): boolean => endsWithColon(analysis, n);
  /** Last line of the block whose header is on `n` (nested blocks included). */
  const blockEnd = (n: number): number => {
    let end = stmtEnd[n - 1] || n;
    for (const s of starts)
      if (s > n && (lines[s - 1] ?? "").trim() !== "") {
        if (ind(s) <= ind(n)) break;
        end = stmtEnd[s - 1] || s;
      }
    return end;
  };
  const loops = starts.filter((n) => (head(n) === "for" || head(n) === "while") && isHeader(n));
  const loopEnd = new Map(loops.map((l) => [l, blockEnd(l)])); // once per loop: large files stay linear-ish
  for (const n of starts) {
    const kw = head(n);
    if ((kw === "if" || kw === "while") && isHeader(n) && stmtEnd[n - 1] === n) {
      const inLoop = loops.some((l) => l < n && n <= loopEnd.get(l)! && ind(l) < ind(n));
      const text = lines[n - 1]!;
      const at = text.indexOf(kw);
      if (kw === "if" && inLoop)
        out.push({
          command: { op: "REPL", line: n, text: text.slice(0, at) + "while" + text.slice(at + 2) },
          line: n,
          prior: CONTROL_FLOW_PRIORS.ifToWhile,
          label: "keyword if -> while",
        });
      if (kw === "while")
        out.push({
          command: { op: "REPL", line: n, text: text.slice(0, at) + "if" + text.slice(at + 5) },
          line: n,
          prior: CONTROL_FLOW_PRIORS.whileToIf,
          label: "keyword while -> if",
        });
    }
  }
  for (const loop of loops) {
    const end = loopEnd.get(loop)!;
    const indent = leadingWhitespace(lines[loop - 1] ?? "");
    const after = (lines[end] ?? "").trim();
    const seen = new Set<string>();
    let before: string | undefined; // the code above the loop, joined only for a loop that accumulates
    for (const s of starts) {
      if (s <= loop || s > end || stmtEnd[s - 1] !== s) continue;
      const stmt = (lines[s - 1] ?? "").trim();
      const m = ACCUMULATE.exec(stmt);
      if (!m || seen.has(stmt) || stmt === after) continue;
      before ??= lines.slice(0, loop - 1).join("\n");
      if (!new RegExp(`\\b${m[1]}\\s*=[^=]`).test(before)) continue;
      seen.add(stmt);
      out.push({
        command: { op: "ADDL", line: end + 1, text: indent + stmt },
        line: s,
        prior: CONTROL_FLOW_PRIORS.flush,
        label: `flush after loop: ${stmt}`,
        anchor: [loop, end],
      });
    }
  }
  return out;
}
