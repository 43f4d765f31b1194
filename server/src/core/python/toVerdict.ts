import type { TestResult, TestStatus, Verdict } from "../types.js";

const KINDS = new Set<Verdict["kind"]>(["ok", "syntax", "timeout", "crash", "notests"]);
const STATUSES = new Set<TestStatus>(["pass", "fail", "error", "timeout"]);

type Raw = Record<string, unknown>;

function isRecord(value: unknown): value is Raw {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function toTest(raw: unknown): TestResult | undefined {
  if (!isRecord(raw) || typeof raw.name !== "string") return undefined;
  const status = STATUSES.has(raw.status as TestStatus) ? (raw.status as TestStatus) : "error";
  const test: TestResult = { name: raw.name, status };
  if (typeof raw.message === "string") test.message = raw.message;
  if (typeof raw.got === "string") test.got = raw.got;
  if (typeof raw.want === "string") test.want = raw.want;
  if (typeof raw.line === "number" && Number.isInteger(raw.line) && raw.line > 0) test.line = raw.line;
  return test;
}

/**
 * Converts the worker's JSON verdict into exactly the Verdict type: known keys only, checked
 * types, and `passed`/`total` recomputed from the tests so they can never disagree.
 */
export function toVerdict(raw: unknown, ms: number): Verdict {
  if (!isRecord(raw)) {
    return { kind: "crash", passed: 0, total: 0, tests: [], detail: "malformed verdict from the worker", ms };
  }
  const kind = KINDS.has(raw.kind as Verdict["kind"]) ? (raw.kind as Verdict["kind"]) : "crash";
  const tests = Array.isArray(raw.tests) ? raw.tests.map(toTest).filter((t): t is TestResult => t !== undefined) : [];
  const verdict: Verdict = {
    kind,
    passed: tests.filter((t) => t.status === "pass").length,
    total: tests.length,
    tests,
    ms,
  };
  if (isRecord(raw.syntax) && typeof raw.syntax.line === "number") {
    verdict.syntax = { line: raw.syntax.line, message: String(raw.syntax.message ?? "SyntaxError") };
  }
  if (typeof raw.detail === "string") verdict.detail = raw.detail;
  if (isRecord(raw.coverage)) {
    const coverage: Record<string, number[]> = {};
    for (const [name, lines] of Object.entries(raw.coverage)) {
      if (Array.isArray(lines)) coverage[name] = lines.filter((n): n is number => typeof n === "number");
    }
    verdict.coverage = coverage;
  }
  return verdict;
}

/** A verdict for failures outside the sandboxed child (the worker itself died, hung, ...). */
export function crashVerdict(detail: string, ms: number): Verdict {
  return { kind: "crash", passed: 0, total: 0, tests: [], detail, ms };
}
