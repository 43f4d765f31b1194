import type { Verdict } from "../types.js";
import { splitLines } from "../dsl/index.js";

/**
 * A loop the edit stopped: a `for`/`while` header the edit changed whose body no test executes any
 * more, where the tests did execute it in the code before (line coverage of both verdicts). Such a
 * fix passes by making the loop vacuous (`range(0, n - 1)` → `range(n - 1, 0)`). Only edits that
 * keep the line count (REPL, REPW) are compared; undefined when there is no such loop or no coverage.
 */
export function deadLoop(before: string, after: string, was: Verdict, now: Verdict): string | undefined {
  const b = splitLines(before);
  const a = splitLines(after);
  if (a.length !== b.length || !was.coverage || !now.coverage) return undefined;
  const ranBefore = new Set(Object.values(was.coverage).flat());
  const ranNow = new Set(Object.values(now.coverage).flat());
  for (let i = 0; i < a.length; i++) {
    const line = a[i]!;
    if (line === b[i] || !/^\s*(for|while)\b/.test(line)) continue;
    const indent = line.length - line.trimStart().length;
    const body: number[] = [];
    for (let j = i + 1; j < a.length; j++) {
      const t = a[j]!;
      if (t.trim() === "") continue;
      if (t.length - t.trimStart().length <= indent) break;
      body.push(j + 1);
    }
    if (body.some((l) => ranBefore.has(l)) && !body.some((l) => ranNow.has(l)))
      return `the loop on line ${i + 1} (${line.trim()}) no longer runs for any test`;
  }
  return undefined;
}
