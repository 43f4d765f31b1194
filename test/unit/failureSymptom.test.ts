/** failureSymptom: how a wrong value differs from the expected one, from the judge's repr strings. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { failureSymptom, parsePyRepr, valueSymptom } from "../../server/src/core/rank/failureSymptom.js";
import { rankFeatures } from "../../server/src/core/rank/rankFeatures.js";
import { MutationProposer } from "../../server/src/core/search/MutationProposer.js";
import { mixProposals } from "../../server/src/core/search/mixProposals.js";
import type { SearchState } from "../../server/src/core/search/Proposer.js";
import { splitLines } from "../../server/src/core/dsl/index.js";
import type { Verdict } from "../../server/src/core/types.js";

describe("parsePyRepr", () => {
  it("reads the plain values a judge prints, and nothing else", () => {
    assert.deepEqual(parsePyRepr("[1, (2, 'a'), None, True, -3.5e-1]"), [1, [2, "a"], null, true, -0.35]);
    assert.deepEqual(parsePyRepr("(7,)"), [7]);
    assert.equal(parsePyRepr("'it\\'s'"), "it's");
    assert.equal(parsePyRepr("{1: 2}"), undefined);
    assert.equal(parsePyRepr("[1, 2"), undefined);
    assert.equal(parsePyRepr("<object at 0x1>"), undefined);
  });
});

describe("valueSymptom", () => {
  const cases: Array<[string, string, string | undefined]> = [
    ["9", "10", "off1"],
    ["-4", "4", "sign"],
    ["0", "12", "zero"],
    ["11", "14", "near"],
    ["100", "3", "other"],
    ["[1, 2]", "[1, 2, 3]", "len1"],
    ["'abc'", "'ab'", "len1"],
    ["[3, 2, 1]", "[1, 2, 3]", "reversed"],
    ["[2, 1, 3]", "[1, 2, 3]", "perm"],
    ["[]", "[1, 2]", "empty"],
    ["[1, 5]", "[1, 2]", "elems"],
    ["'3'", "3", "type"],
    ["None", "3", undefined],
    ["{1}", "{2}", undefined],
  ];
  for (const [got, want, symptom] of cases)
    it(`got ${got}, want ${want}: ${String(symptom)}`, () => assert.equal(valueSymptom(got, want), symptom));

  it("a state's symptom is the one most failing tests share", () => {
    const v = (pairs: Array<[string, string]>): Pick<Verdict, "tests"> => ({
      tests: [
        { name: "ok", status: "pass" },
        ...pairs.map(([got, want], i) => ({ name: `t${i}`, status: "fail" as const, got, want })),
      ],
    });
    assert.equal(
      failureSymptom(
        v([
          ["4", "5"],
          ["9", "10"],
          ["[]", "[1]"],
        ]),
      ),
      "off1",
    );
    assert.equal(failureSymptom(v([])), undefined);
  });
});

describe("rankFeatures with a symptom", () => {
  it("crosses the symptom of a wrong value with each candidate's operator family and command", async () => {
    const lines = splitLines("def count_to(n):\n    return len(range(1, n))\n");
    const verdict: Verdict = {
      kind: "ok",
      passed: 0,
      total: 1,
      tests: [{ name: "count_to(3) == 3", status: "fail", message: "AssertionError", got: "2", want: "3", line: 2 }],
      ms: 1,
    };
    const state = { lines, verdict, depth: 0 } as unknown as SearchState;
    const proposer = new MutationProposer();
    const batch = await proposer.propose(state, { limit: 100 });
    const { mixed } = mixProposals(lines, [{ proposer, batch }], 0);
    const f = rankFeatures(state, mixed, new Set());
    assert.ok(f.length > 0);
    for (const x of f) {
      assert.ok(Object.keys(x).some((k) => k.startsWith("sym:off1|fam:")));
      assert.ok(Object.keys(x).some((k) => k.startsWith("sym:off1|op:")));
    }
    const noWant = { ...verdict, tests: [{ ...verdict.tests[0]!, want: undefined }] } as Verdict;
    const g = rankFeatures({ lines, verdict: noWant }, mixed, new Set());
    assert.ok(
      g.every((x) => Object.keys(x).every((k) => !k.startsWith("sym:"))),
      "no symptom without values",
    );
  });
});
