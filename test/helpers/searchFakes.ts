/**
 * Stand-ins for the search's unit tests: a table-driven policy and a fake verifier that runs no
 * Python but judges code by predicates on its text (each test passes when its predicate holds).
 */
import assert from "node:assert/strict";
import { splitLines } from "../../server/src/core/dsl/index.js";
import type {
  EpisodeContext,
  GenerateOptions,
  Generation,
  Policy,
  PolicySession,
} from "../../server/src/core/model/Policy.js";
import type { Verifier, VerifyRequest } from "../../server/src/core/python/Verifier.js";
import type { Verdict } from "../../server/src/core/types.js";

/** Per context (keyed by the commands so far, joined by '|') a fixed list of [text, logprob] samples, served in order. */
export class TablePolicy implements Policy {
  readonly style = "coe" as const;
  readonly name = "table";
  calls = 0;
  private readonly used = new Map<string, number>();
  constructor(private readonly table: Record<string, Array<[string, number]>>) {}
  async openSessions(n: number): Promise<PolicySession[]> {
    return Array.from({ length: n }, () => ({
      stats: { promptTokensEvaluated: 0, generatedTokens: 0, contextTokens: 0 },
      next: async (context: EpisodeContext, options?: GenerateOptions): Promise<Generation> => {
        this.calls++;
        assert.ok(options?.grammar?.includes("root ::="), "sampled under the command grammar");
        assert.equal(context.states.length, context.commands.length + 1, "context holds one more state than commands");
        const key = context.commands.join("|");
        const i = this.used.get(key) ?? 0;
        this.used.set(key, i + 1);
        const [text, logprob] = this.table[key]?.[i] ?? ["EXIT", -0.1];
        return { text, tokens: 3, logprob, promptTokens: 0 };
      },
      dispose: () => {},
    }));
  }
  async dispose(): Promise<void> {}
}

export interface FakeTest {
  name: string;
  passes: (code: string) => boolean;
}

/** Judges code by text predicates; code containing `while True: pass` hangs until the request's timeout. */
export class FakeVerifier implements Verifier {
  readonly verified: string[] = [];
  inFlight = 0;
  maxInFlight = 0;
  constructor(
    private readonly suites: Map<string, FakeTest[]> | FakeTest[],
    readonly concurrency = 1,
    private readonly delayMs = 0,
    /** Code for which the fake reports a syntax error at line 2. */
    private readonly badSyntax: (code: string) => boolean = () => false,
  ) {}

  async verify(request: VerifyRequest): Promise<Verdict> {
    this.verified.push(request.code);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      const sleep = (ms: number): Promise<void> =>
        new Promise((resolve) => {
          const t = setTimeout(resolve, ms);
          request.signal?.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
        });
      if (this.delayMs) await sleep(this.delayMs);
      if (request.code.includes("while True: pass")) {
        await sleep(request.timeoutMs ?? 5000);
        return { kind: "timeout", passed: 0, total: 0, tests: [], detail: "timed out", ms: request.timeoutMs ?? 5000 };
      }
      if (this.badSyntax(request.code))
        return {
          kind: "syntax",
          passed: 0,
          total: 0,
          tests: [],
          syntax: { line: 2, message: "invalid syntax" },
          ms: 0,
        };
      const key = request.tests.kind === "snippets" ? request.tests.snippets.join("\n") : "";
      const suite = Array.isArray(this.suites) ? this.suites : (this.suites.get(key) ?? []);
      const lines = splitLines(request.code).map((_, i) => i + 1);
      const tests = suite.map((t) => ({
        name: t.name,
        status: t.passes(request.code) ? ("pass" as const) : ("fail" as const),
      }));
      return {
        kind: "ok",
        passed: tests.filter((t) => t.status === "pass").length,
        total: tests.length,
        tests,
        coverage: request.coverage ? Object.fromEntries(tests.map((t) => [t.name, lines])) : undefined,
        ms: this.delayMs,
      };
    } finally {
      this.inFlight--;
    }
  }
  async dispose(): Promise<void> {}
}
