import type { Verdict } from "../types.js";
import { analyzePython, type PyAnalysis } from "./pyAnalysis.js";

/**
 * Fault localisation: how suspicious each line of the listing is, in [0, 1].
 *  1. Lines where a failing test raised (TestResult.line, the traceback's innermost line in the code)
 *     are the most suspicious.
 *  2. With per-test coverage (Verdict.coverage), spectrum-based fault localisation: the Ochiai score
 *     failed(l) / sqrt(totalFailed * (failed(l) + passed(l))), where failed(l)/passed(l) count the
 *     failing/passing tests that executed line l.
 *  3. Without coverage every line gets a flat prior (higher inside functions).
 * Lines never executed by a failing test keep a small floor so the search can still reach them.
 */
export interface RankLinesOptions {
  lineCount: number;
  verdict: Verdict;
  /** Lines inside some function (1-based); they get a higher flat prior when there is no coverage. */
  functionLines?: ReadonlySet<number>;
}

export const SUSPICION_FLOOR = 0.05;

export function rankLines(options: RankLinesOptions): number[] {
  const { lineCount, verdict, functionLines } = options;
  const failing = verdict.tests.filter((t) => t.status !== "pass");
  const flat = (n: number): number => (functionLines === undefined || functionLines.has(n) ? 0.3 : 0.1);
  const scores: number[] = [];
  const coverage = verdict.coverage;
  const covered = coverage && failing.some((t) => coverage[t.name] !== undefined);
  if (covered) {
    const failed = new Map<number, number>();
    const passed = new Map<number, number>();
    let totalFailed = 0;
    for (const t of verdict.tests) {
      const lines = coverage[t.name];
      if (!lines) continue;
      const bucket = t.status === "pass" ? passed : failed;
      if (t.status !== "pass") totalFailed++;
      for (const l of new Set(lines)) bucket.set(l, (bucket.get(l) ?? 0) + 1);
    }
    for (let n = 1; n <= lineCount; n++) {
      const f = failed.get(n) ?? 0;
      const p = passed.get(n) ?? 0;
      const ochiai = f === 0 ? 0 : f / Math.sqrt(totalFailed * (f + p));
      scores.push(SUSPICION_FLOOR + 0.85 * ochiai);
    }
  } else {
    for (let n = 1; n <= lineCount; n++) scores.push(flat(n));
  }
  // Traceback lines: count how many failing tests point at each, most-blamed first.
  const blame = new Map<number, number>();
  for (const t of failing)
    if (t.line !== undefined && t.line >= 1 && t.line <= lineCount) blame.set(t.line, (blame.get(t.line) ?? 0) + 1);
  const most = Math.max(0, ...blame.values());
  for (const [line, count] of blame) scores[line - 1] = 0.9 + 0.1 * (count / most);
  // A syntax error pins its line.
  if (verdict.kind === "syntax" && verdict.syntax && verdict.syntax.line >= 1 && verdict.syntax.line <= lineCount)
    scores[verdict.syntax.line - 1] = 1;
  return scores;
}

/** What the mutation proposer and the learned ranker's features both need of a state. */
export interface StateAnalysis {
  analysis: PyAnalysis;
  /** Lines inside some function (1-based). */
  functionLines: ReadonlySet<number>;
  /** rankLines' suspicion per line. */
  suspicion: readonly number[];
}

const analysed = new WeakMap<Verdict, { lines: readonly string[]; value: StateAnalysis }>();

/**
 * The listing's analysis and fault localisation, computed once per state: the ranked search asks for
 * them twice (mutationProposals, then rankFeatures) with the same lines and verdict objects.
 */
export function analyseState(lines: readonly string[], verdict: Verdict): StateAnalysis {
  const hit = analysed.get(verdict);
  if (hit && hit.lines === lines) return hit.value;
  const analysis = analyzePython(lines);
  const functionLines = new Set<number>();
  for (const f of analysis.functions) for (let n = f.defLine; n <= f.endLine; n++) functionLines.add(n);
  const value = { analysis, functionLines, suspicion: rankLines({ lineCount: lines.length, verdict, functionLines }) };
  analysed.set(verdict, { lines, value });
  return value;
}
