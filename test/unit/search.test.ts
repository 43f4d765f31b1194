/**
 * searchRepair: verified best-first search over tool states. Uses a fake verifier (text predicates,
 * no Python) so every number here is exact: verification counts, budgets, the path found.
 * test/unit/searchPython.test.ts repeats the key cases with the real PythonVerifier.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseCommand } from "../../server/src/core/dsl/index.js";
import { MutationProposer } from "../../server/src/core/search/MutationProposer.js";
import { ModelProposer } from "../../server/src/core/search/ModelProposer.js";
import { searchRepair } from "../../server/src/core/search/searchRepair.js";
import { solveRepair } from "../../server/src/core/solve/index.js";
import type { Proposal, Proposer, SearchState } from "../../server/src/core/search/Proposer.js";
import type { TestSource } from "../../server/src/core/types.js";
import { FakeVerifier, TablePolicy, type FakeTest } from "../helpers/searchFakes.js";

const ADD = "def add(a, b):\n    return a - b\n";
const addTests: TestSource = { kind: "snippets", snippets: ["assert add(1, 2) == 3", "assert add(0, 0) == 0"] };
const addSuite: FakeTest[] = [
  { name: "assert add(1, 2) == 3", passes: (c) => /return (a \+ b|b \+ a)\n/.test(c) },
  { name: "assert add(0, 0) == 0", passes: (c) => /return /.test(c) },
];

/** Two edits needed: the initial value and the update. The second test gives partial credit for the update. */
const SUM = ["def total(xs):", "    t = 1", "    for x in xs:", "        t -= x", "    return t", ""].join("\n");
const sumTests: TestSource = { kind: "snippets", snippets: ["assert total([1, 2]) == 3", "assert total([]) == 0"] };
const sumSuite = (partial: boolean): FakeTest[] => [
  { name: "assert total([1, 2]) == 3", passes: (c) => c.includes("t = 0\n") && c.includes("t += x\n") },
  {
    name: "assert total([]) == 0",
    passes: (c) => (partial ? c.includes("t += x\n") : c.includes("t = 0\n") && c.includes("t += x\n")),
  },
];

/** A proposer that spies on its calls and returns a fixed list. */
class ListProposer implements Proposer {
  calls = 0;
  constructor(
    readonly name: string,
    readonly source: "model" | "mutate",
    private readonly texts: string[],
  ) {}
  async propose(_state: SearchState): Promise<Proposal[]> {
    this.calls++;
    return this.texts.map((t, i) => ({
      command: parseCommand(t),
      score: this.source === "model" ? -i : 1 / (i + 1),
      source: this.source,
    }));
  }
}

describe("searchRepair", () => {
  it("repairs a one-edit bug with mutations and returns an ordinary trace ending in EXIT", async () => {
    const verifier = new FakeVerifier(addSuite);
    const r = await searchRepair({
      code: ADD,
      tests: addTests,
      verifier,
      proposers: [new MutationProposer()],
      budget: { verifications: 50 },
    });
    assert.equal(r.stats.solved, true);
    assert.equal(r.trace.solved, true);
    assert.equal(r.trace.stop, "exit");
    assert.equal(r.trace.finalCode, "def add(a, b):\n    return a + b\n");
    const [fix, exit] = r.trace.steps;
    assert.equal(fix!.command, "REPW 2 >>>- >>>+");
    assert.equal(fix!.reward, 1);
    assert.equal(fix!.passed, 2);
    assert.match(fix!.diff, /-    return a - b\n\+    return a \+ b/);
    assert.equal(exit!.command, "EXIT");
    assert.equal(r.trace.steps.length, 2);
    assert.equal(r.trace.reward, 1);
    assert.equal(r.trace.initialPassed, 1);
    assert.equal(r.stats.verifications, verifier.verified.length);
    assert.ok(r.stats.verifications <= 6, `few verifications (${r.stats.verifications})`);
  });

  it("never verifies the same code twice and counts the duplicates it skipped", async () => {
    const verifier = new FakeVerifier(sumSuite(false));
    // Two proposers that propose the same edits: every second proposal is a duplicate.
    const edits = ["REPW 2 >>>1 >>>2", "REPW 4 >>>-= >>>*=", "REPL 2 >>>    t = 1"];
    const r = await searchRepair({
      code: SUM,
      tests: sumTests,
      verifier,
      budget: { verifications: 100 },
      maxDepth: 2,
      proposers: [new ListProposer("a", "mutate", edits), new ListProposer("b", "model", edits)],
    });
    assert.equal(new Set(verifier.verified).size, verifier.verified.length, "no code verified twice");
    assert.equal(r.stats.verifications, verifier.verified.length);
    assert.ok(r.stats.duplicates > 0);
    assert.equal(r.stats.uniqueStates, r.stats.verifications);
    assert.equal(r.stats.solved, false);
    assert.equal(r.stats.stop, "exhausted");
  });

  it("respects the verification budget exactly, in parallel too", async () => {
    for (const concurrency of [1, 4]) {
      const verifier = new FakeVerifier(sumSuite(false), concurrency, 5);
      const r = await searchRepair({
        code: SUM,
        tests: sumTests,
        verifier,
        proposers: [new MutationProposer()],
        budget: { verifications: 13 },
        maxDepth: 1,
      });
      assert.equal(r.stats.verifications, 13);
      assert.equal(verifier.verified.length, 13);
      assert.equal(r.stats.stop, "budget");
      assert.equal(verifier.maxInFlight, concurrency, `uses ${concurrency} slots`);
      assert.equal(r.trace.steps.at(-1)!.command, "EXIT");
    }
  });

  it("solveRepair's concurrency caps the test runs in flight (1: the count depends on the order alone)", async () => {
    for (const concurrency of [1, 3]) {
      const verifier = new FakeVerifier(sumSuite(false), 4, 5);
      const r = await solveRepair({ mode: "mutate", code: SUM, tests: sumTests, verifier, budget: 9, concurrency });
      assert.equal(r.stats!.verifications, 9);
      assert.equal(verifier.maxInFlight, concurrency);
    }
  });

  it("respects the wall-clock budget", async () => {
    const verifier = new FakeVerifier(sumSuite(false), 2, 40);
    const t0 = Date.now();
    const r = await searchRepair({
      code: SUM,
      tests: sumTests,
      verifier,
      proposers: [new MutationProposer()],
      budget: { verifications: 1000, ms: 300 },
    });
    const took = Date.now() - t0;
    assert.equal(r.stats.stop, "time");
    assert.ok(took < 450, `stopped near the limit (${took} ms)`);
    assert.ok(r.stats.verifications < 30);
  });

  it("solves a task whose fix needs two edits", async () => {
    for (const partial of [true, false]) {
      const verifier = new FakeVerifier(sumSuite(partial));
      const r = await searchRepair({
        code: SUM,
        tests: sumTests,
        verifier,
        proposers: [new MutationProposer()],
        budget: { verifications: partial ? 60 : 1500 },
        maxDepth: 2,
      });
      assert.equal(r.stats.solved, true, `solved (partial credit: ${partial})`);
      assert.equal(r.trace.steps.length, 3);
      assert.deepEqual(
        r.trace.steps.map((s) => s.reward),
        [0, 1, 0],
      );
      assert.equal(r.trace.finalCode, SUM.replace("t = 1", "t = 0").replace("t -= x", "t += x"));
      if (partial) assert.equal(r.trace.steps[0]!.passed, 1, "partial credit leads the way");
    }
  });

  it("verifies the winner on hidden tests without counting them in the budget", async () => {
    const hidden: TestSource = { kind: "snippets", snippets: ["assert add(5, 5) == 10"] };
    const suites = new Map<string, FakeTest[]>([
      [addTests.kind === "snippets" ? addTests.snippets.join("\n") : "", addSuite],
      ["assert add(5, 5) == 10", [{ name: "h", passes: (c) => c.includes("return a + b") }]],
    ]);
    const verifier = new FakeVerifier(suites);
    const r = await searchRepair({
      code: ADD,
      tests: addTests,
      hiddenTests: hidden,
      verifier,
      proposers: [new MutationProposer()],
      budget: { verifications: 50 },
    });
    assert.equal(r.stats.solvedVisible, true);
    assert.equal(r.stats.solvedHidden, true);
    assert.equal(r.stats.hiddenVerifications, 1);
    assert.equal(verifier.verified.length, r.stats.verifications + 1);
    // An overfit: the visible tests accept `b + a`-style fixes the hidden ones reject.
    const strict = new Map(suites);
    strict.set("assert add(5, 5) == 10", [{ name: "h", passes: () => false }]);
    const r2 = await searchRepair({
      code: ADD,
      tests: addTests,
      hiddenTests: hidden,
      verifier: new FakeVerifier(strict),
      proposers: [new MutationProposer()],
      budget: { verifications: 50 },
    });
    assert.equal(r2.stats.solvedVisible, true);
    assert.equal(r2.stats.solvedHidden, false);
    const r3 = await searchRepair({
      code: ADD,
      tests: addTests,
      verifier: new FakeVerifier(addSuite),
      proposers: [new MutationProposer()],
      budget: { verifications: 50 },
    });
    assert.equal(r3.stats.solvedHidden, undefined, "absent without hidden tests");
  });

  it("a hanging candidate costs one timeout and the search goes on", async () => {
    const policy = new TablePolicy({
      "": [
        ["ADDL 2 >>>    while True: pass", -0.1],
        ["REPW 2 >>>- >>>+", -3],
      ],
    });
    const verifier = new FakeVerifier(addSuite);
    const r = await searchRepair({
      code: ADD,
      tests: addTests,
      verifier,
      proposers: [new ModelProposer({ policy, samples: 2 })],
      budget: { verifications: 10 },
      timeoutMs: 150,
    });
    assert.equal(r.stats.timeouts, 1);
    assert.equal(r.stats.solved, true);
    assert.equal(r.stats.verifications, 3, "initial, the hang, the fix");
    assert.ok(verifier.verified[1]!.includes("while True: pass"), "the hang was tried first (higher log-probability)");
  });

  it("hybrid mixes proposers: a confident wrong model does not jump the queue, agreement ranks first", async () => {
    const wrong = ["REPL 2 >>>    return a * b", "REPL 2 >>>    return b - a"];
    const mutations = ["REPW 2 >>>- >>>+", "REPW 2 >>>a >>>b", "REPW 2 >>>b >>>a"];
    const run = async (modelTexts: string[], modelShare?: number): Promise<string[]> => {
      const verifier = new FakeVerifier(addSuite);
      const r = await searchRepair({
        code: ADD,
        tests: addTests,
        verifier,
        proposers: [new ListProposer("m", "model", modelTexts), new ListProposer("u", "mutate", mutations)],
        budget: { verifications: 10 },
        ...(modelShare !== undefined ? { modelShare } : {}),
      });
      assert.equal(r.stats.solved, true);
      return verifier.verified.slice(1);
    };
    // With the default share, the mutation prior outranks the model's (wrong) favourites.
    assert.match((await run(wrong))[0]!, /return a \+ b/);
    // A model given the whole mass is tried first, as in 'model' mode.
    assert.match((await run(wrong, 1))[0]!, /return a \* b/);
    // An edit both propose adds up its mass: the model's agreement moves the third mutation first.
    // (share 0.3: alone the model's 0.3 loses to the top mutation's 0.38; with agreement it has 0.43.)
    assert.match((await run(["REPW 2 >>>b >>>a"], 0.3))[0]!, /return a - a/);
    assert.match((await run(["REPL 2 >>>    return 0"], 0.3))[0]!, /return a \+ b/);
  });

  it("uses every proposer it is given (a mode's choice is searchWithMode's), and none is an error", async () => {
    for (const sources of [["model"], ["mutate"], ["model", "mutate"]] as const) {
      const model = new ListProposer("m", "model", ["REPL 2 >>>    return a + b"]);
      const mutate = new ListProposer("u", "mutate", ["REPW 2 >>>- >>>+"]);
      const r = await searchRepair({
        code: ADD,
        tests: addTests,
        verifier: new FakeVerifier(addSuite),
        proposers: sources.map((s) => (s === "model" ? model : mutate)),
        budget: { verifications: 5 },
      });
      assert.equal(r.stats.solved, true);
      assert.equal(model.calls > 0, sources.includes("model" as never), `model used with ${sources.join("+")}`);
      assert.equal(mutate.calls > 0, sources.includes("mutate" as never), `mutations used with ${sources.join("+")}`);
      assert.equal(r.trace.model, sources.map((s) => (s === "model" ? "m" : "u")).join("+"));
    }
    await assert.rejects(
      searchRepair({
        code: ADD,
        tests: addTests,
        verifier: new FakeVerifier(addSuite),
        proposers: [],
        budget: { verifications: 5 },
      }),
      /no proposer/,
    );
  });

  it("flags a repair that edits a helper the tests use to compute the expected value", async () => {
    const code = "def helper(x):\n    return x * 2\n\ndef f(x):\n    return x * 3\n";
    const tests: TestSource = { kind: "snippets", snippets: ["assert f(2) == helper(2)", "assert f(3) == helper(3)"] };
    const onlyTarget = await searchRepair({
      code,
      tests,
      proposers: [new MutationProposer()],
      budget: { verifications: 40 },
      verifier: new FakeVerifier(
        tests.snippets.map((n) => ({ name: n, passes: (c: string) => c.endsWith("def f(x):\n    return x * 2\n") })),
      ),
    });
    assert.equal(onlyTarget.stats.solved, true);
    assert.deepEqual(onlyTarget.flags, []);
    const onlyHelper = await searchRepair({
      code,
      tests,
      proposers: [new MutationProposer()],
      budget: { verifications: 60 },
      verifier: new FakeVerifier(
        tests.snippets.map((n) => ({ name: n, passes: (c: string) => c === code.replace("x * 2", "x * 3") })),
      ),
    });
    assert.equal(onlyHelper.stats.solved, true);
    assert.deepEqual(onlyHelper.flags, ["edits-test-helper"]);
  });

  it("expands an initial state that does not compile", async () => {
    const broken = "def add(a, b):\n    return a -* b\n";
    const verifier = new FakeVerifier(addSuite, 1, 0, (c) => c.includes("-*"));
    const fix = new ListProposer("m", "model", ["REPL 2 >>>    return a + b"]);
    const r = await searchRepair({
      code: broken,
      tests: addTests,
      verifier,
      proposers: [fix],
      budget: { verifications: 5 },
    });
    assert.equal(r.stats.solved, true);
    assert.equal(r.trace.initialTotal, 0);
    assert.equal(r.stats.verifications, 2);
  });

  it("passes each expanded state's episode context to the model", async () => {
    const policy = new TablePolicy({
      "": [["REPW 4 >>>-= >>>+=", -0.2]],
      "REPW 4 >>>-= >>>+=": [["REPW 2 >>>1 >>>0", -0.3]],
    });
    const r = await searchRepair({
      code: SUM,
      tests: sumTests,
      verifier: new FakeVerifier(sumSuite(true)),
      proposers: [new ModelProposer({ policy, samples: 1 })],
      budget: { verifications: 5 },
    });
    assert.equal(r.stats.solved, true);
    assert.deepEqual(
      r.trace.steps.map((s) => s.command),
      ["REPW 4 >>>-= >>>+=", "REPW 2 >>>1 >>>0", "EXIT"],
    );
    assert.equal(r.stats.verifications, 3);
    assert.ok(r.trace.tokens > 0, "model tokens are counted");
  });
});
