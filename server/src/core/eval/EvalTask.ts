import type { SuiteSplit } from "./suitePolicy.js";

/** One repair task of an evaluation suite (JSON Lines, one per line). */
export interface EvalTask {
  id: string;
  code: string;
  /** Python snippets run after the code in the same namespace; each passes when it raises nothing. */
  tests: string[];
  description?: string;
  /** Optional labels for breakdowns (synthetic suites): number of corruptions, bug kinds. */
  nCorruptions?: number;
  kinds?: string[];
  /** The tune / report split (suitePolicy.ts); hand-written suites label every task. */
  split?: SuiteSplit;
}

/** Parses a suite file's text; bad lines are errors naming the line (a suite is input, not a log). */
export function parseSuite(text: string, source = "suite"): EvalTask[] {
  const tasks: EvalTask[] = [];
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      throw new Error(`${source}:${i + 1}: not JSON`);
    }
    const t = v as Partial<EvalTask>;
    if (typeof t.code !== "string" || !Array.isArray(t.tests) || !t.tests.every((s) => typeof s === "string"))
      throw new Error(`${source}:${i + 1}: a task needs "code" (string) and "tests" (array of strings)`);
    if (t.split !== undefined && t.split !== "tune" && t.split !== "report")
      throw new Error(`${source}:${i + 1}: "split" must be "tune" or "report"`);
    tasks.push({ ...t, id: String(t.id ?? i + 1), code: t.code, tests: t.tests } as EvalTask);
  });
  if (tasks.length === 0) throw new Error(`${source}: no tasks`);
  return tasks;
}

/** Splits a task's tests into visible and hidden parts (--hidden F); at least one stays visible. */
export function splitHidden(tests: string[], fraction: number): { visible: string[]; hidden: string[] } {
  if (fraction <= 0 || tests.length < 2) return { visible: tests, hidden: [] };
  const nHidden = Math.min(tests.length - 1, Math.max(1, Math.round(tests.length * fraction)));
  return { visible: tests.slice(0, tests.length - nHidden), hidden: tests.slice(tests.length - nHidden) };
}
