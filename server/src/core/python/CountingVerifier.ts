import type { Verdict } from "../types.js";
import type { Verifier, VerifyRequest } from "./Verifier.js";

/** Wraps a verifier and counts test runs (the eval harness and the search report them). */
export class CountingVerifier implements Verifier {
  count = 0;
  constructor(private readonly inner: Verifier) {}
  get concurrency(): number {
    return this.inner.concurrency;
  }
  verify(request: VerifyRequest): Promise<Verdict> {
    this.count++;
    return this.inner.verify(request);
  }
  /** The inner verifier is owned by the caller; disposing the counter does nothing. */
  async dispose(): Promise<void> {}
}
