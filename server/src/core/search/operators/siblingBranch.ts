import { leadingWhitespace, type PyAnalysis } from "../pyAnalysis.js";
import type { Mutation } from "../lineEdit.js";

/**
 * Missing statement copied from a sibling branch: a one-line statement present in one branch of an
 * if/elif/else but not in another is added to the other (ADDL, re-indented). It goes where it sat
 * in its own branch, at the top (it was the branch's first statement) or at the bottom (it was the
 * last; never after a closing return/raise/break/continue) with prior 0.35, and at the other end
 * with prior 0.2. `pass` and docstrings are never copied.
 * Example: `if x > best:\n    best = x\n    count += 1\nelse:\n    best = best` -> ADDL after
 * `best = best` of `    count += 1`.
 */
export const SIBLING_PRIORS = { samePlace: 0.35, otherEnd: 0.2 };
const CLOSERS = new Set(["return", "raise", "break", "continue"]);

interface Branch {
  header: number;
  /** Direct one-line statements of the body (line numbers). */
  stmts: number[];
  /** Last line of the branch (nested blocks included). */
  end: number;
  indent: string;
}

/** The branches of the if statement whose header is on `line` (empty if it is not a one-line if header). */
function branchesOf(analysis: PyAnalysis, line: number, starts: readonly number[]): Branch[] {
  const ind = (n: number): number => leadingWhitespace(analysis.lines[n - 1] ?? "").length;
  const head = (n: number): string => analysis.lineTokens[n - 1]?.[0]?.text ?? "";
  const lastTok = (n: number): string => {
    const t = analysis.lineTokens[(analysis.stmtEnd[n - 1] || n) - 1] ?? [];
    return t[t.length - 1]?.text ?? "";
  };
  if (head(line) !== "if" || lastTok(line) !== ":") return [];
  const base = ind(line);
  const out: Branch[] = [];
  let cur: Branch | undefined;
  for (let k = starts.indexOf(line); k < starts.length; k++) {
    const n = starts[k]!;
    if (n !== line && ind(n) < base) break;
    if (n === line || (ind(n) === base && ["elif", "else"].includes(head(n)) && lastTok(n) === ":")) {
      if (cur) out.push(cur);
      cur = { header: n, stmts: [], end: analysis.stmtEnd[n - 1] || n, indent: "" };
      continue;
    }
    if (ind(n) === base || !cur) break;
    if (!cur.indent) cur.indent = leadingWhitespace(analysis.lines[n - 1] ?? "");
    if (ind(n) === cur.indent.length && analysis.stmtEnd[n - 1] === n && lastTok(n) !== ":") cur.stmts.push(n);
    cur.end = analysis.stmtEnd[n - 1] || n;
  }
  if (cur) out.push(cur);
  return out.filter((b) => b.indent);
}

export function siblingBranchMutations(analysis: PyAnalysis): Mutation[] {
  const out: Mutation[] = [];
  const starts: number[] = [];
  analysis.stmtEnd.forEach((e, i) => e && starts.push(i + 1));
  const trimmed = (n: number): string => (analysis.lines[n - 1] ?? "").trim();
  for (const line of starts) {
    const branches = branchesOf(analysis, line, starts);
    if (branches.length < 2) continue;
    for (const a of branches)
      for (const b of branches) {
        if (a === b) continue;
        const have = new Set(b.stmts.map(trimmed));
        const bLast = analysis.lineTokens[(b.stmts[b.stmts.length - 1] ?? b.header) - 1]?.[0]?.text ?? "";
        a.stmts.forEach((s, j) => {
          const stmt = trimmed(s);
          const first = analysis.lineTokens[s - 1]?.[0];
          if (have.has(stmt) || stmt === "pass" || first?.kind === "string") return;
          const closer = CLOSERS.has(first?.text ?? "");
          const push = (at: number, prior: number, where: string): void =>
            void out.push({
              command: { op: "ADDL", line: at, text: b.indent + stmt },
              line: b.header,
              prior,
              label: `copy \`${stmt}\` from line ${s} to the ${where} of line ${b.header}'s branch`,
              anchor: [b.header, b.end],
            });
          const { samePlace, otherEnd } = SIBLING_PRIORS;
          if (!closer) push(b.stmts[0] ?? b.header + 1, j === 0 ? samePlace : otherEnd, "top");
          if (!CLOSERS.has(bLast)) push(b.end + 1, closer || j === a.stmts.length - 1 ? samePlace : otherEnd, "bottom");
        });
      }
  }
  return out;
}
