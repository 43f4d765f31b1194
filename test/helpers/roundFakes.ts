/**
 * Stand-ins for the ranker round's unit tests (core/rank/rankerRound): a model named like a GGUF that
 * samples one command of its own, four repairs of the user's with a fake verifier's tests (no Python,
 * no GGUF), and a ranker in use stamped for a model.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { RepairRecord } from "../../server/src/core/dataset/index.js";
import type { Generation, Policy, PolicySession } from "../../server/src/core/model/Policy.js";
import { LearnedRanker, type RankerFile } from "../../server/src/core/rank/LearnedRanker.js";
import { parseRankGroups, type RankGroup } from "../../server/src/core/rank/RankGroup.js";
import { FakeVerifier, type FakeTest } from "./searchFakes.js";

/** A command no mutation operator proposes (a string literal of its own): only the model's sample has it. */
export const SAMPLE = "REPL 2 >>>    return 'coe-sample'";

/** A stand-in model named like a GGUF that samples SAMPLE every time; `onSample` runs before each. */
export class SamplingPolicy implements Policy {
  readonly style = "coe" as const;
  calls = 0;
  constructor(
    readonly name: string,
    private readonly onSample: () => void = () => {},
  ) {}
  async openSessions(n: number): Promise<PolicySession[]> {
    return Array.from({ length: n }, () => ({
      stats: { promptTokensEvaluated: 0, generatedTokens: 0, contextTokens: 0 },
      next: async (): Promise<Generation> => {
        this.calls++;
        this.onSample();
        return { text: SAMPLE, tokens: 4, logprob: -2, promptTokens: 0 };
      },
      dispose: () => {},
    }));
  }
  async dispose(): Promise<void> {}
}

export const record = (id: string, before: string, snippets: string[]): RepairRecord => ({
  id,
  time: new Date().toISOString(),
  source: "user-fix",
  file: "solution.py",
  before,
  after: "",
  tests: { kind: "snippets", snippets },
  trace: null,
  model: "user",
  outcome: { solved: true, passed: snippets.length, total: snippets.length },
});

// Ids as in test/integration/rankerRound.test.ts: "r1" is held back (holdOut, fraction 0.2, seed 0).
export const BUGS: Array<{ r: RepairRecord; tests: FakeTest[] }> = [
  {
    r: record("r1", "def f(a, b):\n    return a * b\n", ["assert f(2, 3) == 5"]),
    tests: [{ name: "t1", passes: (c) => c.includes("a + b") }],
  },
  {
    r: record("r4", "def g(a, b):\n    return a - b\n", ["assert g(2, 3) == 5"]),
    tests: [{ name: "t4", passes: (c) => c.includes("a + b") }],
  },
  {
    r: record("r5", "def h(n):\n    return n + 1\n", ["assert h(3) == 4 - 2"]),
    tests: [{ name: "t5", passes: (c) => c.includes("n - 1") }],
  },
  {
    r: record("r7", "def k(x):\n    return x < 0\n", ["assert k(1)"]),
    tests: [{ name: "t7", passes: (c) => c.includes("x > 0") }],
  },
];
export const RECORDS = BUGS.map((b) => b.r);
export const suites = () =>
  new FakeVerifier(
    new Map(BUGS.map((b) => [(b.r.tests as { snippets: string[] }).snippets.join("\n"), b.tests] as const)),
  );

/** A stand-in ranker in use, stamped for `samples` when given (with the failure classes it skips). */
export const ranker = (samples?: string, skip?: string[]): LearnedRanker => {
  const file: RankerFile = { format: "coe-ranker/1", features: ["logMass", "sample"], weights: [1, 0.5] };
  return new LearnedRanker(samples ? { ...file, samples: { model: samples, ...(skip ? { skip } : {}) } } : file);
};

export const cachedGroups = (dir: string): RankGroup[] =>
  parseRankGroups(readFileSync(join(dir, "groups.jsonl"), "utf8")).groups;
export const sampled = (g: RankGroup) =>
  g.candidates.filter((c) => c.x.sample !== undefined || c.x.voted !== undefined);
