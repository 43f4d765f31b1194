/**
 * The ranked search mode with a fake verifier (text predicates) and a scripted scorer standing in for
 * the model's scoreCommands: ranking order (model, priors, generalisation), two-edit combinations from
 * partial credit, the output-distance tie-breaker, exact budgets, learning-to-rank records and the
 * ranking-cost stats.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseCommand } from "../../server/src/core/dsl/index.js";
import { searchRepair } from "../../server/src/core/search/searchRepair.js";
import type { Proposal, Proposer, SearchState } from "../../server/src/core/search/Proposer.js";
import type { CommandScorer } from "../../server/src/core/search/rankCandidates.js";
import type { CommandScore, ScoreStats } from "../../server/src/core/model/Policy.js";
import type { TestSource } from "../../server/src/core/types.js";
import { FakeVerifier, type FakeTest } from "../helpers/searchFakes.js";

/** Mutations in a fixed order (prior 1/(i+1)), whatever the state. */
class ListProposer implements Proposer {
  readonly name = "list";
  readonly source = "mutate" as const;
  constructor(private readonly texts: string[]) {}
  async propose(state: SearchState): Promise<Proposal[]> {
    return this.texts
      .map((t, i) => ({ command: parseCommand(t), score: 1 / (i + 1), source: "mutate" as const }))
      .filter((p) => p.command.op === "EXIT" || p.command.line <= state.lines.length);
  }
}

/** A stand-in for Policy.scoreCommands: a table of log-likelihoods (default -20), counted. */
class TableScorer implements CommandScorer {
  calls = 0;
  readonly scoreStats: ScoreStats = {
    calls: 0,
    prefixEvaluations: 0,
    prefixTokens: 0,
    candidateTokens: 0,
    candidates: 0,
    ms: 0,
  };
  constructor(private readonly table: Record<string, number>) {}
  async scoreCommands(_context: unknown, commands: readonly string[]): Promise<CommandScore[]> {
    this.calls++;
    this.scoreStats.calls++;
    this.scoreStats.prefixEvaluations++;
    this.scoreStats.prefixTokens += 10;
    this.scoreStats.candidateTokens += commands.length * 3;
    return commands.map((c) => ({ logprob: this.table[c] ?? -20, tokens: 3 }));
  }
}

const AREA = "def area(w, h):\n    return w + h\n";
const areaTests: TestSource = { kind: "snippets", snippets: ["assert area(5, 3) == 15", "assert area(2, 2) == 4"] };
const areaSuite: FakeTest[] = [
  { name: "area(5, 3) == 15", passes: (c) => c.includes("w * h") || c.includes("return 15") },
  { name: "area(2, 2) == 4", passes: (c) => c.includes("w * h") || c.includes("w + h") },
];
const AREA_EDITS = ["REPW 2 >>>+ >>>-", "REPL 2 >>>    return 15", "REPW 2 >>>w >>>h", "REPW 2 >>>+ >>>*"];

describe("ranked search", () => {
  it("the model's log-likelihood reorders a state's candidates: the fix is verified first", async () => {
    const run = async (scorer?: CommandScorer) => {
      const verifier = new FakeVerifier(areaSuite);
      const r = await searchRepair({
        code: AREA,
        tests: areaTests,
        verifier,
        proposers: [new ListProposer(AREA_EDITS)],
        ranked: true,
        scorer,
        budget: { verifications: 20 },
      });
      return { r, runs: verifier.verified.length };
    };
    const withModel = await run(new TableScorer({ "REPW 2 >>>+ >>>*": -1 }));
    assert.equal(withModel.r.trace.finalCode, "def area(w, h):\n    return w * h\n");
    assert.equal(withModel.runs, 2, "the initial state, then the fix");
    const ranking = withModel.r.stats.ranking!;
    assert.equal(ranking.states, 1);
    assert.equal(ranking.scoredStates, 1);
    assert.equal(ranking.tokens, 10 + 3 * 4);
    assert.ok(ranking.msPerState >= 0 && ranking.testRunMs >= 0);
    const noModel = await run(undefined);
    assert.ok(noModel.runs > 2, "by priors alone the fix comes later");
    assert.equal(noModel.r.stats.ranking!.scoredStates, 0);
  });

  it("ranks down a constant-returning edit that special-cases a test's literal", async () => {
    const verifier = new FakeVerifier([{ name: "area(5, 3) == 15", passes: (c) => /return (15|w \* h)\n/.test(c) }]);
    const r = await searchRepair({
      code: AREA,
      tests: { kind: "snippets", snippets: ["assert area(5, 3) == 15"] },
      verifier,
      proposers: [new ListProposer(["REPL 2 >>>    return 15", "REPW 2 >>>+ >>>*"])],
      ranked: true,
      budget: { verifications: 10 },
    });
    assert.equal(
      r.trace.finalCode,
      "def area(w, h):\n    return w * h\n",
      "the general fix wins, though its prior is lower",
    );
    const hybrid = await searchRepair({
      code: AREA,
      tests: { kind: "snippets", snippets: ["assert area(5, 3) == 15"] },
      verifier: new FakeVerifier([{ name: "area(5, 3) == 15", passes: (c) => /return (15|w \* h)\n/.test(c) }]),
      proposers: [new ListProposer(["REPL 2 >>>    return 15", "REPW 2 >>>+ >>>*"])],
      ranked: false,
      budget: { verifications: 10 },
    });
    assert.equal(hybrid.trace.finalCode, "def area(w, h):\n    return 15\n", "hybrid keeps the prior order");
  });

  // Two independent faults: each fix alone raises the tests passing, both together solve.
  const TWO = ["def f(x):", "    a = x - 1", "    b = x * 3", "    return a + b", ""].join("\n");
  const twoTests: TestSource = {
    kind: "snippets",
    snippets: ["assert f(1) == 3", "assert f(2) == 6", "assert f(0) == 0"],
  };
  const fixA = (c: string): boolean => c.includes("a = x\n");
  const fixB = (c: string): boolean => c.includes("b = x * 2");
  const twoSuite: FakeTest[] = [
    { name: "f(1) == 3", passes: fixA },
    { name: "f(2) == 6", passes: fixB },
    { name: "f(0) == 0", passes: (c) => fixA(c) && fixB(c) },
  ];
  const twoEdits = [
    "REPW 2 >>>- >>>+",
    "REPL 2 >>>    a = x",
    "REPW 3 >>>3 >>>2",
    "DELL 4",
    "REPW 4 >>>+ >>>-",
    "REPW 3 >>>* >>>+",
    "REPW 2 >>>1 >>>2",
    "REPW 3 >>>3 >>>4",
  ];

  it("combines two edits that each raised the tests passing, early, as a depth-2 path", async () => {
    const verifier = new FakeVerifier(twoSuite);
    const r = await searchRepair({
      code: TWO,
      tests: twoTests,
      verifier,
      proposers: [new ListProposer(twoEdits)],
      ranked: true,
      budget: { verifications: 40 },
    });
    assert.equal(r.stats.solved, true);
    assert.equal(r.trace.steps.length, 3, "two edits and EXIT");
    assert.ok(r.stats.ranking!.combinations >= 1);
    const hybrid = await searchRepair({
      code: TWO,
      tests: twoTests,
      verifier: new FakeVerifier(twoSuite),
      proposers: [new ListProposer(twoEdits)],
      ranked: false,
      budget: { verifications: 40 },
    });
    assert.ok(
      r.stats.verifications < hybrid.stats.verifications,
      `ranked ${r.stats.verifications} runs, hybrid ${hybrid.stats.verifications}`,
    );
  });

  it("keeps the verification budget exact, in parallel too", async () => {
    for (const concurrency of [1, 3]) {
      const verifier = new FakeVerifier([{ name: "never", passes: () => false }], concurrency);
      const r = await searchRepair({
        code: TWO,
        tests: twoTests,
        verifier,
        proposers: [new ListProposer(twoEdits)],
        ranked: true,
        scorer: new TableScorer({}),
        budget: { verifications: 13 },
      });
      assert.equal(r.stats.verifications, 13);
      assert.equal(verifier.verified.length, 13);
      assert.equal(r.stats.stop, "budget");
      assert.deepEqual(r.rankRecords, [], "no records without a fix");
    }
  });

  it("leaves learning-to-rank records: the winning edit over its verified failing siblings", async () => {
    for (const mode of ["ranked", "hybrid"] as const) {
      const r = await searchRepair({
        code: AREA,
        tests: areaTests,
        verifier: new FakeVerifier(areaSuite),
        proposers: [new ListProposer(AREA_EDITS)],
        ranked: mode === "ranked",
        budget: { verifications: 20 },
      });
      assert.equal(r.rankRecords?.length, 1, mode);
      const [record] = r.rankRecords!;
      assert.equal(record!.winner, "REPW 2 >>>+ >>>*");
      assert.ok(record!.losers.length >= 1 && !record!.losers.includes(record!.winner));
      assert.ok(record!.losers.every((l) => AREA_EDITS.includes(l)));
      assert.equal(record!.context.states.length, 1);
      assert.equal(record!.context.commands.length, 0);
    }
  });
});
