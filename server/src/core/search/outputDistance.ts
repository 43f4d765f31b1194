import { editDistance } from "./editPenalties.js";
import type { TestResult, Verdict } from "../types.js";

/**
 * Per-test output distance, the ranked search's tie-breaker among states that pass as many tests:
 * how far each failing test's `got` is from the value its assert expects, in [0, 1] (0 = equal,
 * 1 = unknown or unrelated). Numbers compare by relative difference, anything else by the
 * normalised edit distance of the repr texts. The expected value is the right-hand side of the
 * test's top-level `==` (test names are the assert statements: `f(2) == 5` or `assert f(2) == 5`).
 */

const MAX_CHARS = 200;

/** The text right of the last top-level `==` of an assert-like test name, or undefined. */
export function expectedText(name: string): string | undefined {
  let depth = 0;
  let quote: string | undefined;
  let at = -1;
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) depth--;
    else if (depth === 0 && c === "=" && name[i + 1] === "=" && name[i - 1] !== "!" && name[i - 1] !== "=") at = i;
  }
  if (at < 0) return undefined;
  const rhs = name
    .slice(at + 2)
    .split(/,\s*['"]/)[0]!
    .trim();
  return rhs === "" ? undefined : rhs;
}

/** Distance in [0, 1] between a produced value's repr and an expected expression's text. */
export function valueDistance(got: string, expected: string): number {
  const g = got.trim().slice(0, MAX_CHARS);
  const e = expected.trim().slice(0, MAX_CHARS);
  if (g === e) return 0;
  const x = Number(g);
  const y = Number(e);
  if (g !== "" && e !== "" && Number.isFinite(x) && Number.isFinite(y)) {
    const d = Math.abs(x - y) / (Math.abs(y) + 1);
    return d / (1 + d);
  }
  return editDistance(g, e) / Math.max(g.length, e.length, 1);
}

/** One test's distance: 0 when it passes, 1 when it failed with no comparable value. */
export function testDistance(test: TestResult): number {
  if (test.status === "pass") return 0;
  const expected = expectedText(test.name);
  if (test.got === undefined || expected === undefined) return 1;
  return valueDistance(test.got, expected);
}

/** Mean distance of the failing tests of a verdict (0 when none fails; 1 when the tests did not run). */
export function outputDistance(verdict: Verdict): number {
  if (verdict.kind !== "ok") return 1;
  const failing = verdict.tests.filter((t) => t.status !== "pass");
  if (failing.length === 0) return 0;
  return failing.reduce((s, t) => s + testDistance(t), 0) / failing.length;
}
