import type { TestResult, TestSource, Verdict } from "../types.js";
import { probeInputs } from "./probeInputs.js";
import { newSelfOperation } from "./selfOperation.js";
import { deadLoop } from "./deadLoop.js";

export interface GeneralisationProbeOptions {
  /** The code the search started from: the reference for what "still finishes" means. */
  code: string;
  /** The visible tests; their one-line asserts give probes (snippets, and the asserts of a pytest file). */
  tests: TestSource;
  /** Runs code on tests (the search's own verify: sandboxed, counted against its budget). */
  verify: (code: string, tests: TestSource) => Promise<Verdict>;
  /** Most probe calls per run (default 12). */
  max?: number;
}

export type ProbeOutcome = { suspect: false } | { suspect: true; reason: string };

/**
 * "Plausible is not correct": a candidate that passes every visible test may still be over-fitted
 * to them. First, without a run: an edit that makes an expression a constant (`a[i] >= a[i]`,
 * selfOperation.ts) is suspect, and so is one that stops a loop the tests ran (deadLoop.ts). Then an oracle that needs no expected values: it calls the tested function on
 * inputs next to the tests' own (probeInputs.ts) and flags a candidate that raises, or hangs, on an
 * input where the code the search started from finished. One run per candidate, counted like any
 * test run, and once per search, only when a call failed, the same calls on the starting code. An
 * exception the code raises on purpose (`raise ValueError`) is a refusal, not a crash, and never
 * flags a candidate. Probes come from one-line asserts that call a function of the code: assert
 * snippets, the assert lines of a pytest file, and the file's own asserts and doctest examples (the
 * probe calls run in the module's namespace, as snippets).
 */
export class GeneralisationProbe {
  readonly calls: readonly string[];
  private reference: Promise<Verdict> | undefined;

  constructor(private readonly options: GeneralisationProbeOptions) {
    this.calls = probeInputs(options.code, assertLines(options.tests, options.code), options.max);
  }

  /** Test runs the next check may spend at most (2 before the starting code was probed, then 1; 0 when
   *  there is nothing to probe). */
  get runsNeeded(): number {
    return this.calls.length === 0 ? 0 : this.reference ? 1 : 2;
  }

  /**
   * Whether a fix that passes the tests looks over-fitted; `run: false` checks without test runs.
   * With the fix's verdict and the starting code's (`verdict`, `start`, with line coverage) it also
   * checks, without a run, that the edit did not stop a loop the tests ran (deadLoop.ts).
   */
  async check(
    code: string,
    options: { run?: boolean; verdict?: Verdict; start?: Verdict } = {},
  ): Promise<ProbeOutcome> {
    const self = newSelfOperation(this.options.code, code);
    if (self) return { suspect: true, reason: `passes the tests through ${self}, which is a constant` };
    const dead =
      options.verdict && options.start ? deadLoop(this.options.code, code, options.start, options.verdict) : undefined;
    if (dead) return { suspect: true, reason: `passes the tests, but ${dead}` };
    if (options.run === false || this.calls.length === 0) return { suspect: false };
    const probes: TestSource = { kind: "snippets", snippets: [...this.calls] };
    const after = await this.options.verify(this.runnable(code), probes);
    if (after.kind !== "ok" && after.kind !== "timeout" && after.kind !== "crash") return { suspect: false };
    const deliberate = raisedNames(code);
    const failing = this.calls
      .map((call, i) => ({ call, i, now: after.tests[i] }))
      .filter(
        ({ now }) => after.kind !== "ok" || (now && now.status !== "pass" && !deliberate.has(exceptionName(now))),
      );
    if (failing.length === 0) return { suspect: false };
    // Only now the starting code's run (once per search): an input it could not handle either says nothing.
    this.reference ??= this.options.verify(this.runnable(this.options.code), probes);
    const before = await this.reference;
    if (before.kind !== "ok") return { suspect: false };
    if (after.kind !== "ok")
      return {
        suspect: true,
        reason: `passes the tests but ${after.kind === "timeout" ? "hangs" : "crashes"} on inputs next to them (${this.calls[0]}, ...)`,
      };
    const toOriginal = originalLines(this.options.code, code);
    for (const { call, i, now } of failing) {
      if (before.tests[i]?.status !== "pass") continue;
      // Where the fix failed must be code the starting code ran on this input: one that finished only
      // by skipping that code (a loop it never entered) says nothing about the input being valid.
      const covered = before.coverage?.[before.tests[i]!.name];
      const at = now!.status === "error" && now!.line !== undefined ? toOriginal(now!.line) : toOriginal(0);
      if (covered && !at.some((l) => covered.includes(l))) continue;
      const what = now!.status === "timeout" ? "hangs" : `raises ${now!.message ?? now!.status}`;
      return { suspect: true, reason: `passes the tests but ${what} on ${call}, where the original code finished` };
    }
    return { suspect: false };
  }

  /** The code the probe calls run against: with tests in the file (`auto`), its top-level asserts
   *  become `pass`, or the starting code's import would fail on them before any probe ran. */
  private runnable(code: string): string {
    if (this.options.tests.kind !== "auto") return code;
    return code
      .split("\n")
      .map((line) => (/^assert\b/.test(line) && !line.trimEnd().endsWith("\\") ? "pass" : line))
      .join("\n");
  }
}

/**
 * Maps a line of `after` to the lines of `before` it stands for: the same line outside the edited
 * region (common prefix and suffix), the whole edited region inside it (or the lines around a pure
 * insertion). Line 0 means "the edit": the edited region itself.
 */
function originalLines(before: string, after: string): (line: number) => number[] {
  const b = before.split("\n");
  const a = after.split("\n");
  let prefix = 0;
  while (prefix < Math.min(a.length, b.length) && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < Math.min(a.length, b.length) - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix])
    suffix++;
  const region = Array.from({ length: b.length - suffix - prefix }, (_, k) => prefix + 1 + k);
  const edited = region.length > 0 ? region : [prefix, prefix + 1].filter((l) => l >= 1 && l <= b.length);
  return (line) => {
    if (line >= 1 && line <= prefix) return [line];
    if (line > a.length - suffix) return [line - (a.length - b.length)];
    return edited;
  };
}

/** The one-line asserts of the tests, as snippets; doctest examples (`>>> f(2)`) as `assert f(2)`. */
function assertLines(tests: TestSource, code: string): string[] {
  if (tests.kind === "snippets") return tests.snippets;
  const lines = (tests.kind === "pytest" ? tests.content : code).split("\n").map((line) => line.trim());
  return [
    ...lines.filter((line) => line.startsWith("assert ")),
    ...(tests.kind === "auto" ? lines.filter((l) => l.startsWith(">>> ")).map((l) => `assert ${l.slice(4)}`) : []),
  ];
}

function exceptionName(t: TestResult): string {
  return (t.message ?? "").split(":")[0]!.trim();
}

/** Exception classes the code raises itself (`raise ValueError(...)`). */
function raisedNames(code: string): Set<string> {
  return new Set([...code.matchAll(/\braise\s+([A-Za-z_][\w.]*)/g)].map((m) => m[1]!.split(".").pop()!));
}
