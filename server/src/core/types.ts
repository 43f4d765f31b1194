/**
 * Plain-JSON types shared by every part of the engine. Nothing here holds a resource:
 * commands, verdicts and traces cross process boundaries (LSP, webview, dataset) unchanged.
 */

/** One DSL command (DESIGN §1). Lines are 1-based. */
export type Command =
  | { op: "DELL"; line: number }
  | { op: "ADDL"; line: number; text: string }
  | { op: "REPL"; line: number; text: string }
  | { op: "REPW"; line: number; old: string; new: string }
  | { op: "EXIT" };

export type TestStatus = "pass" | "fail" | "error" | "timeout";

/** The result of one test (a pytest test, a doctest, an assert, or one suite snippet). */
export interface TestResult {
  name: string;
  status: TestStatus;
  /** Exception type and message, e.g. "AssertionError" or "NameError: name 'x' is not defined". */
  message?: string;
  /** The value the failing expression produced, when the verifier could compute it. */
  got?: string;
  /** What a failing `left == right` expected (repr of right), when the verifier could compute it. */
  want?: string;
  /** The line in the code listing (1-based) where the failure was raised, when it is inside the code. */
  line?: number;
}

export interface SyntaxProblem {
  line: number;
  message: string;
}

/** What the verifier says about one version of the code. */
export interface Verdict {
  /** ok: tests ran; syntax: the code does not compile; timeout: the whole run hit its wall limit;
   *  crash: the sandboxed child died (memory, signal, os._exit); notests: nothing to run. */
  kind: "ok" | "syntax" | "timeout" | "crash" | "notests";
  passed: number;
  total: number;
  tests: TestResult[];
  syntax?: SyntaxProblem;
  /** Free text for crash/timeout/notests. */
  detail?: string;
  /** Lines of the code executed per test name (only when coverage was asked for). */
  coverage?: Record<string, number[]>;
  ms: number;
}

/** Solved: the tests ran and every one of them passed (at least one). The one definition of it. */
export function isSolved(v: Verdict): boolean {
  return v.kind === "ok" && v.total > 0 && v.passed === v.total;
}

/** One step of a trace: the command, the code after it, and what the tests said. */
export interface TraceStep {
  command: string;
  /** Set when the command could not be applied (out of range, REPW without a match, malformed). */
  error?: string;
  code: string;
  /** Unified diff from the previous step's code to this one. */
  diff: string;
  passed: number;
  total: number;
  verdict?: Verdict;
  reward: number;
  tokens: number;
  ms: number;
}

export interface Trace {
  file: string;
  model: string;
  solved: boolean;
  /** The code the episode started from. */
  initialCode: string;
  initialPassed: number;
  initialTotal: number;
  /** The verdict of initialCode, when kept: the dataset's SFT export renders the first state from it. */
  initialVerdict?: Verdict;
  finalCode: string;
  steps: TraceStep[];
  /** Sum of the step rewards (DESIGN §3). */
  reward: number;
  /** Fraction of tests passing at the end. */
  partial: number;
  /** Prompt + generated tokens of this rollout. */
  tokens: number;
  ms: number;
  /** Why the episode ended. */
  stop: "exit" | "solved" | "max-turns" | "token-budget" | "aborted" | "solved-no-exit" | "error";
  rollout?: number;
  seed?: number;
}

/** Where the tests come from (DESIGN §4). */
export type TestSource =
  | { kind: "pytest"; file: string; content: string }
  | { kind: "snippets"; snippets: string[] }
  | { kind: "auto" };

/** The verified search after one test run (one event per run, in order): how far it got, the best so far. */
export interface SearchProgress {
  type: "search";
  /** Test runs finished so far, the initial code's included: 1, 2, 3, … and never above `budget`. */
  testRuns: number;
  /** Test runs the search may spend. */
  budget: number;
  /** Tests passed by the best code found so far, out of `total`. */
  bestPassed: number;
  /** Tests in the suite (the most any run reported; 0 until one ran). */
  total: number;
  /** Verified states waiting to be expanded. */
  frontier: number;
  /** Candidate edits waiting for a test run. */
  queued: number;
  /** The command of the run that just finished (printed DSL; absent for the initial code). */
  command?: string;
  /** The run's edit as a unified diff from the state it edits (absent for the initial code): the
   *  review panel lists each tried edit live, while the search runs. */
  diff?: string;
  /** Edits from the initial code to the run's code (absent for the initial code). */
  depth?: number;
  /** What the tests said about that run (for a probe's run: how many of its calls finished). */
  verdict: Pick<Verdict, "kind" | "passed" | "total">;
  /** Set for a run of the generalisation probe (docs/probe.md), which has no command: what it ran. */
  probe?: string;
}

/** Progress events: every long operation reports through one of these (DESIGN §5). */
export type ProgressEvent =
  | { type: "start"; rollouts: number; initial: Verdict }
  | { type: "step"; rollout: number; turn: number; step: TraceStep }
  | { type: "rollout-end"; rollout: number; trace: Trace }
  | { type: "message"; text: string }
  | SearchProgress;

export type ProgressListener = (event: ProgressEvent) => void;
