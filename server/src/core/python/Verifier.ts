import type { TestSource, Verdict } from "../types.js";

/** One evaluation request: a version of the code and the tests to judge it by. */
export interface VerifyRequest {
  /** The full source of the module under repair. */
  code: string;
  /** Module file name used inside the scratch copy (tests import it by this name). Default "solution.py". */
  fileName?: string;
  tests: TestSource;
  /** Wall-clock limit for the whole evaluation. Default 5000 ms. */
  timeoutMs?: number;
  /** Ask for per-test line coverage of the code (used by fault localisation in search). */
  coverage?: boolean;
  signal?: AbortSignal;
}

/**
 * Judges code by running its tests in a sandbox (DESIGN §4). The loop, the search, the eval
 * harness and the trainer's rollouts all reach Python only through this interface.
 */
export interface Verifier {
  verify(request: VerifyRequest): Promise<Verdict>;
  /** How many evaluations can usefully run at once. */
  readonly concurrency: number;
  dispose(): Promise<void>;
}
