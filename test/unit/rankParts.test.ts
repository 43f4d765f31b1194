/**
 * The pure parts of the ranked search: edit size and the generalisation penalty (fixtures: a listing
 * and a command), the per-test output distance, two-edit combination (line shifts, clashes), and the
 * learning-to-rank records of a winning path.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseCommand } from "../../server/src/core/dsl/index.js";
import { editSize, generalisationPenalty, testLiterals } from "../../server/src/core/search/editPenalties.js";
import { expectedText, outputDistance, valueDistance } from "../../server/src/core/search/outputDistance.js";
import { combineEdits, shiftCommand } from "../../server/src/core/search/combineEdits.js";

const LINES = ["def area(w, h):", "    if w < 0:", "        return 0", "    return w + h"];
const TESTS = "assert area(5, 3) == 15\nassert area(2, 2) == 4";
const literals = testLiterals(TESTS);
const size = (cmd: string): number => editSize(LINES, parseCommand(cmd));
const general = (cmd: string): number => generalisationPenalty(LINES, parseCommand(cmd), literals);

describe("edit size (Python tokens changed)", () => {
  it("one operator is 1 token; a rewritten expression more; a deleted line its tokens", () => {
    assert.equal(size("REPW 4 >>>+ >>>*"), 1);
    assert.equal(size("REPL 4 >>>    return w * h"), 1);
    assert.equal(size("REPL 4 >>>    return (w + 1) * (h - 1)"), 8);
    assert.equal(size("DELL 3"), 2);
    assert.equal(size("ADDL 4 >>>    w = abs(w)"), 6);
  });
});

describe("generalisation penalty", () => {
  it("the tests' literals, without generic ones", () => {
    assert.deepEqual([...literals].sort(), ["15", "3", "4", "5"]);
  });
  it("a plain fix costs nothing", () => {
    assert.equal(general("REPW 4 >>>+ >>>*"), 0);
    assert.equal(general("REPL 2 >>>    if w <= 0:"), 0);
    assert.equal(general("DELL 3"), 0);
  });
  it("a constant-returning guard on a test's input is ranked down", () => {
    // if w == 5: return 15 -> a guard (+1) and two literals from the tests (+1, capped).
    assert.equal(general("ADDL 2 >>>    if w == 5: return 15"), 2);
    assert.equal(general("ADDL 2 >>>    if w == 0: return 0"), 1, "a generic guard still is a guard");
  });
  it("a return expression replaced by a literal is ranked down; a literal base case is not", () => {
    assert.equal(general("REPL 4 >>>    return 15"), 1.5);
    assert.equal(general("REPL 4 >>>    return 0"), 1);
    assert.equal(general("REPL 3 >>>        return 1"), 0, "literal replaces literal: no guard, no test literal");
  });
  it("a literal from the tests brought into the code costs 0.5", () => {
    assert.equal(general("REPL 2 >>>    if w < 5:"), 0.5);
  });
});

describe("per-test output distance", () => {
  it("reads the expected value right of the top-level ==", () => {
    assert.equal(expectedText("assert f([1, 2] == x, 3) == [4, 5]"), "[4, 5]");
    assert.equal(expectedText("f('a==b') == 'c'"), "'c'");
    assert.equal(expectedText("f(2) != 3"), undefined);
  });
  it("numbers by relative difference, other values by edit distance; closer is smaller", () => {
    assert.equal(valueDistance("15", "15"), 0);
    assert.ok(valueDistance("14", "15") < valueDistance("8", "15"));
    assert.ok(valueDistance("[1, 2, 3]", "[1, 2, 4]") < valueDistance("[]", "[1, 2, 4]"));
    assert.ok(valueDistance("8", "15") > 0 && valueDistance("8", "15") < 1);
  });
  it("a verdict's distance is the mean over its failing tests; 1 without a value", () => {
    const near = outputDistance({
      kind: "ok",
      passed: 1,
      total: 2,
      ms: 0,
      tests: [
        { name: "area(5, 3) == 15", status: "fail", got: "14" },
        { name: "area(2, 2) == 4", status: "pass" },
      ],
    });
    const far = outputDistance({
      kind: "ok",
      passed: 1,
      total: 2,
      ms: 0,
      tests: [{ name: "area(5, 3) == 15", status: "fail", got: "8" }],
    });
    const error = outputDistance({
      kind: "ok",
      passed: 1,
      total: 2,
      ms: 0,
      tests: [{ name: "area(5, 3) == 15", status: "error", message: "TypeError" }],
    });
    assert.ok(near < far && far < error && error === 1, `${near} ${far} ${error}`);
  });
});

describe("two-edit combination", () => {
  it("moves the other edit's line past an added or deleted line, refuses clashes", () => {
    assert.deepEqual(shiftCommand(parseCommand("REPW 4 >>>+ >>>*"), parseCommand("ADDL 2 >>>    pass")), {
      op: "REPW",
      line: 5,
      old: "+",
      new: "*",
    });
    assert.equal((shiftCommand(parseCommand("REPL 3 >>>x"), parseCommand("DELL 2")) as { line: number }).line, 2);
    assert.equal(shiftCommand(parseCommand("REPL 2 >>>x"), parseCommand("DELL 2")), undefined);
    assert.equal(shiftCommand(parseCommand("REPL 4 >>>x"), parseCommand("REPL 4 >>>y")), undefined);
    assert.equal((shiftCommand(parseCommand("REPL 1 >>>x"), parseCommand("REPL 4 >>>y")) as { line: number }).line, 1);
  });
  it("applies both edits: the combination's code has both fixes", () => {
    const base = parseCommand("REPW 2 >>>< >>><=");
    const after = ["def area(w, h):", "    if w <= 0:", "        return 0", "    return w + h"];
    const combo = combineEdits(after, base, parseCommand("REPW 4 >>>+ >>>*"));
    assert.equal(combo?.code, "def area(w, h):\n    if w <= 0:\n        return 0\n    return w * h\n");
    assert.equal(combineEdits(after, base, parseCommand("REPW 2 >>>w >>>h")), undefined, "one line, two rewrites");
    assert.equal(combineEdits(after, base, parseCommand("REPW 3 >>>0 >>>0")), undefined, "nothing changes");
  });
});
