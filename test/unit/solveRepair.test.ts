/**
 * solveRepair, the one "repair with a mode" entry point (DESIGN §9): "model" runs rollouts, every
 * other mode the verified search with the mode's proposers; the model reads the same test header
 * whichever way it is run.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { REPAIR_MODES, isRepairMode, solveRepair, type RepairMode } from "../../server/src/core/solve/index.js";
import type { EpisodeContext, Policy } from "../../server/src/core/model/Policy.js";
import { ModelProposer } from "../../server/src/core/search/ModelProposer.js";
import { searchRepair } from "../../server/src/core/search/searchRepair.js";
import { testsAsText } from "../../server/src/core/tool/index.js";
import type { TestSource } from "../../server/src/core/types.js";
import { FakeVerifier, TablePolicy, type FakeTest } from "../helpers/searchFakes.js";

const ADD = "def add(a, b):\n    return a - b\n";
const addTests: TestSource = { kind: "snippets", snippets: ["assert add(1, 2) == 3", "assert add(0, 0) == 0"] };
const addSuite: FakeTest[] = [
  { name: "assert add(1, 2) == 3", passes: (c) => /return (a \+ b|b \+ a)\n/.test(c) },
  { name: "assert add(0, 0) == 0", passes: (c) => /return /.test(c) },
];

/** A policy that remembers every header it was shown (and proposes the fix). */
function headerSpy(): { policy: Policy; headers: string[] } {
  const headers: string[] = [];
  const table = new TablePolicy({ "": [["REPW 2 >>>- >>>+", -0.1]] });
  const policy: Policy = {
    name: table.name,
    style: table.style,
    openSessions: async (n) =>
      (await table.openSessions(n)).map((s) => ({
        stats: s.stats,
        next: async (context: EpisodeContext, options) => {
          headers.push(context.header.tests);
          return s.next(context, options);
        },
        dispose: () => s.dispose(),
      })),
    dispose: () => table.dispose(),
  };
  return { policy, headers };
}

describe("solveRepair", () => {
  it("has one mode type, 'ranked' included, and checks user input against it", () => {
    assert.deepEqual([...REPAIR_MODES], ["model", "mutate", "hybrid", "ranked"]);
    assert.ok(isRepairMode("ranked"));
    assert.ok(!isRepairMode("search"));
    assert.ok(!isRepairMode(undefined));
  });

  it("'model' runs rollouts (steps as the model wrote them); the search modes run the search", async () => {
    for (const mode of REPAIR_MODES) {
      const { policy, headers } = headerSpy();
      const r = await solveRepair({
        mode,
        code: ADD,
        tests: addTests,
        verifier: new FakeVerifier(addSuite),
        policy,
        rollouts: 1,
        maxTurns: 3,
        budget: 20,
      });
      assert.equal(r.best.solved, true, mode);
      assert.equal(r.initial.passed, 1, mode);
      assert.equal(r.stats === undefined, mode === "model", `search statistics only from the search (${mode})`);
      assert.equal(headers.length > 0, mode !== "mutate", `the model is asked in ${mode}`);
      if (mode === "model") assert.equal(r.best.model, "table");
      else assert.match(r.best.model, mode === "mutate" ? /^mutate/ : /model:table/);
    }
  });

  it("searches with mutations only when a search mode has no model, and refuses 'model' without one", async () => {
    for (const mode of ["hybrid", "ranked"] as RepairMode[]) {
      const r = await solveRepair({
        mode,
        code: ADD,
        tests: addTests,
        verifier: new FakeVerifier(addSuite),
        budget: 20,
      });
      assert.equal(r.best.solved, true);
      assert.doesNotMatch(r.best.model, /model:/);
    }
    await assert.rejects(
      solveRepair({ mode: "model", code: ADD, tests: addTests, verifier: new FakeVerifier(addSuite), budget: 20 }),
      /mode 'model' needs a model/,
    );
  });

  it("shows the model the same test header in rollouts and in the search, for every kind of tests", async () => {
    const kinds: TestSource[] = [
      addTests,
      { kind: "pytest", file: "test_add.py", content: "def test_add():\n    assert add(1, 2) == 3\n" },
      { kind: "auto" },
    ];
    for (const tests of kinds) {
      const seen: Record<string, string[]> = {};
      for (const mode of ["model", "hybrid"] as RepairMode[]) {
        const { policy, headers } = headerSpy();
        const suites = new Map<string, FakeTest[]>([["", addSuite]]);
        const verifier = new FakeVerifier(tests.kind === "snippets" ? addSuite : suites);
        await solveRepair({ mode, code: ADD, tests, verifier, policy, rollouts: 1, maxTurns: 2, budget: 5 });
        seen[mode] = [...new Set(headers)];
      }
      assert.deepEqual(seen.model, [testsAsText(tests)], tests.kind);
      assert.deepEqual(seen.hybrid, seen.model, `${tests.kind}: one header for both entry points`);
      // searchRepair called directly (no header given) defaults to the same text.
      const { policy, headers } = headerSpy();
      const model = new ModelProposer({ policy, samples: 1 });
      await searchRepair({
        code: ADD,
        tests,
        verifier: new FakeVerifier(tests.kind === "snippets" ? addSuite : new Map([["", addSuite]])),
        proposers: [model],
        budget: { verifications: 3 },
      });
      await model.dispose();
      assert.deepEqual([...new Set(headers)], seen.model, `${tests.kind}: searchRepair's default header`);
    }
    assert.equal(testsAsText({ kind: "auto" }), "(tests in the file)");
  });
});
