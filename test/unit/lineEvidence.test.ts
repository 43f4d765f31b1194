/**
 * Line evidence (mutation-based fault localisation): what a state's verified edits say about its lines,
 * and how the ranked search demotes the remaining candidates of lines whose edits changed nothing.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { editEffect, LineEvidence } from "../../server/src/core/search/lineEvidence.js";
import { searchRepair } from "../../server/src/core/search/searchRepair.js";
import type { Proposal, Proposer, SearchState } from "../../server/src/core/search/Proposer.js";
import { parseCommand } from "../../server/src/core/dsl/index.js";
import type { TestResult, Verdict } from "../../server/src/core/types.js";
import { FakeVerifier } from "../helpers/searchFakes.js";

const verdict = (...tests: TestResult[]): Verdict => ({
  kind: "ok",
  passed: tests.filter((t) => t.status === "pass").length,
  total: tests.length,
  tests,
  ms: 1,
});
const pass = (name: string): TestResult => ({ name, status: "pass" });
const fail = (name: string, got?: string): TestResult => ({ name, status: "fail", ...(got ? { got } : {}) });

describe("editEffect", () => {
  const parent = verdict(pass("f(1) == 1"), fail("f(3) == 6", "4"));
  it("helped: a failing test passes, or its value comes closer", () => {
    assert.equal(editEffect(verdict(pass("f(1) == 1"), pass("f(3) == 6")), parent), "helped");
    assert.equal(editEffect(verdict(fail("f(1) == 1", "0"), fail("f(3) == 6", "5")), parent), "helped");
    assert.equal(editEffect({ ...parent, kind: "ok" }, { ...parent, kind: "crash", tests: [] }), "helped");
  });
  it("inert: every test reads as before", () => {
    assert.equal(editEffect(verdict(pass("f(1) == 1"), fail("f(3) == 6", "4")), parent), "inert");
  });
  it("changed: something moved, not for the better", () => {
    assert.equal(editEffect(verdict(fail("f(1) == 1", "2"), fail("f(3) == 6", "4")), parent), "changed");
    assert.equal(editEffect(verdict(pass("f(1) == 1"), fail("f(3) == 6", "9")), parent), "changed");
    assert.equal(editEffect({ ...parent, kind: "syntax", tests: [] }, parent), "changed");
  });
});

describe("LineEvidence", () => {
  const w = { inert: 1, elsewhere: 0.5 };
  it("penalises lines whose edits were all inert, and every line but a helped one", () => {
    const e = new LineEvidence();
    assert.equal(e.penalty(3, w), 0, "no evidence, no penalty");
    e.add(3, "inert");
    assert.equal(e.penalty(3, w), -1);
    assert.equal(e.penalty(4, w), 0);
    e.add(3, "changed");
    assert.equal(e.penalty(3, w), 0, "one edit of the line mattered");
    e.add(5, "helped");
    e.add(5, "inert");
    assert.equal(e.penalty(5, w), 0, "helped is kept");
    assert.equal(e.penalty(4, w), -0.5, "another line helped");
    e.add(6, "inert");
    assert.equal(e.penalty(6, w), -1.5);
    assert.equal(e.penalty(undefined, w), 0, "EXIT");
  });
});

describe("ranked search with line evidence", () => {
  // Line 2 is dead code for the failing test; line 3 holds the bug. The proposer ranks line 2's
  // three edits first; once the first of them changes nothing, the other two wait behind line 3's fix.
  const CODE = "def f(x):\n    unused = 1\n    return x + 2\n";
  const proposal = (text: string, score: number): Proposal => ({
    command: parseCommand(text),
    score,
    source: "mutate",
    prior: 0.5,
    label: "constant",
  });
  const proposer: Proposer = {
    name: "table",
    source: "mutate",
    async propose(state: SearchState) {
      if (state.lines[2] !== "    return x + 2") return [];
      return [
        proposal("REPW 2 >>>1 >>>2", 0.3),
        proposal("REPW 2 >>>1 >>>3", 0.25),
        proposal("REPW 2 >>>1 >>>4", 0.2),
        proposal("REPW 3 >>>2 >>>1", 0.15),
      ];
    },
  };
  const tests = [
    { name: "f(1) == 2", passes: (c: string) => c.includes("return x + 1") },
    { name: "f(0) == 1", passes: (c: string) => c.includes("return x + 1") },
  ];
  for (const [inert, expected] of [
    [0, 4],
    [3, 2],
  ] as const)
    it(`inert penalty ${inert}: the fix comes after ${expected} edits`, async () => {
      const verifier = new FakeVerifier(tests, 1);
      const r = await searchRepair({
        code: CODE,
        tests: { kind: "snippets", snippets: tests.map((t) => `assert ${t.name}`) },
        verifier,
        proposers: [proposer],
        budget: { verifications: 20 },
        ranked: true,
        rank: { inert, elsewhere: 0, size: 0, general: 0 },
        maxDepth: 1,
      });
      assert.equal(r.stats.solved, true);
      assert.equal(r.stats.verifications, 1 + expected, verifier.verified.join("\n---\n"));
    });
});
