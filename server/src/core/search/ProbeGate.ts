import { isSolved, type TestSource, type Verdict } from "../types.js";
import { GeneralisationProbe } from "./GeneralisationProbe.js";
import type { FrontierNode } from "./SearchFrontier.js";

/** Wall limit of a probe run: the starting code finished the same calls. */
const PROBE_TIMEOUT_MS = 2000;

export interface ProbeGateOptions {
  /** The code the search started from, and its visible tests. */
  code: string;
  tests: TestSource;
  /** The search's verify (sandboxed, counted against its budget), with a tests and a time limit. */
  verify: (code: string, tests: TestSource, timeoutMs: number) => Promise<Verdict>;
  /** The search's per-run time limit (default 5 s); a probe run gets at most PROBE_TIMEOUT_MS. */
  timeoutMs?: number;
  /** After each probe run (the search streams it as a 'search' event): its verdict and what it ran. */
  onRun: (verdict: Verdict, what: string) => void;
}

/**
 * The search's side of the generalisation probe (docs/probe.md): before the search takes a state
 * that passes every test, `keptAside` checks it (GeneralisationProbe); a suspect one is kept aside, the
 * first of them returned by `fallback` when nothing else passes, with its reason for a warning.
 */
export class ProbeGate {
  private readonly probe: GeneralisationProbe;
  private kept: { node: FrontierNode; reason: string } | undefined;
  /** Test runs the probe spent. */
  runs = 0;

  constructor(options: ProbeGateOptions) {
    const limit = Math.min(options.timeoutMs ?? 5000, PROBE_TIMEOUT_MS);
    this.probe = new GeneralisationProbe({
      code: options.code,
      tests: options.tests,
      verify: async (code, tests) => {
        const v = await options.verify(code, tests, limit);
        this.runs++;
        const what = code === options.code ? "the starting code" : "the fix";
        options.onRun(v, `${what} on ${v.total} calls next to the tests' inputs`);
        return v;
      },
    });
  }

  /**
   * Why `node` is kept aside (it passes every test and looks over-fitted), or undefined: the search may take it.
   * `runsLeft`: what the budget still allows (no probe run without room for it); `start`: the starting
   * code's verdict (its coverage).
   */
  async keptAside(node: FrontierNode, runsLeft: number, start: Verdict | undefined): Promise<string | undefined> {
    if (!isSolved(node.verdict)) return undefined;
    const outcome = await this.probe.check(node.code, {
      run: this.probe.runsNeeded <= runsLeft,
      verdict: node.verdict,
      ...(start ? { start } : {}),
    });
    if (!outcome.suspect) return undefined;
    this.kept ??= { node, reason: outcome.reason };
    return outcome.reason;
  }

  /** The first fix kept aside, with why. */
  get fallback(): { node: FrontierNode; reason: string } | undefined {
    return this.kept;
  }
}
