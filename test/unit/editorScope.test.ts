/**
 * The editor's building blocks (#9): the per-state grammar limited to a line range, tree-sitter's
 * enclosing function, LineScope / ScopedProposer, a function-scoped search on the real verifier,
 * DatasetStore.delete (atomic, under the lock, nothing else lost) and the per-hunk review (RepairHunks).
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, appendFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { DatasetStore, type NewRepairRecord } from "../../server/src/core/dataset/DatasetStore.js";
import { commandGrammar, splitLines } from "../../server/src/core/dsl/index.js";
import { PythonSyntaxLocator } from "../../server/src/core/parse/locateSyntaxError.js";
import { PythonVerifier } from "../../server/src/core/python/PythonVerifier.js";
import { LineScope, ScopedProposer } from "../../server/src/core/search/LineScope.js";
import type { Proposal, Proposer } from "../../server/src/core/search/Proposer.js";
import { searchWithMode } from "../../server/src/core/search/searchWithMode.js";
import { RepairHunks } from "../../extension/src/hunks.js";

const TWO = [
  "def f(x):",
  "    return x - 1",
  "",
  "",
  "class C:",
  "    @staticmethod",
  "    def g(x):",
  "        def inner(y):",
  "            return y",
  "        return inner(x) * 3",
  "",
  "",
  "TOP = 1",
  "",
].join("\n");

describe("commandGrammar with a line range", () => {
  it("names only the range's lines (ADDL also one past its end)", () => {
    const g = commandGrammar({ lineCount: 12, lines: { from: 5, to: 8 } });
    assert.match(g, /^ln ::= "5" \| "6" \| "7" \| "8"$/m);
    assert.match(g, /^lnadd ::= "5" \| "6" \| "7" \| "8" \| "9"$/m);
    const all = commandGrammar({ lineCount: 3 });
    assert.match(all, /^ln ::= "1" \| "2" \| "3"$/m);
  });
});

describe("enclosingFunction (tree-sitter)", () => {
  it("finds the innermost function or method, decorators included", async () => {
    const locator = await PythonSyntaxLocator.create();
    try {
      assert.deepEqual(locator.functionAt(TWO, 2), { name: "f", from: 1, to: 2 });
      assert.deepEqual(locator.functionAt(TWO, 10), { name: "C.g", from: 6, to: 10 });
      assert.deepEqual(locator.functionAt(TWO, 9), { name: "C.inner", from: 8, to: 9 });
      assert.equal(locator.functionAt(TWO, 13), undefined, "module level is no function");
      assert.equal(locator.functionAt(TWO, 3), undefined, "a blank line between functions");
    } finally {
      locator.dispose();
    }
  });
});

describe("LineScope", () => {
  const lines = splitLines(TWO);
  const scope = new LineScope(lines, { from: 6, to: 10 });
  it("follows the range through edits inside it and refuses edits outside", () => {
    assert.deepEqual(scope.rangeIn(lines), { from: 6, to: 10 });
    assert.ok(scope.admits(lines, { op: "REPL", line: 10, text: "        return inner(x) * 2" }));
    assert.ok(scope.admits(lines, { op: "ADDL", line: 11, text: "        # end" }), "ADDL right after the range");
    assert.ok(!scope.admits(lines, { op: "REPL", line: 2, text: "    return x" }));
    assert.ok(!scope.admits(lines, { op: "DELL", line: 13 }));
    const grown = [...lines.slice(0, 8), "            y += 0", ...lines.slice(8)];
    assert.deepEqual(scope.rangeIn(grown), { from: 6, to: 11 });
  });
  it("ScopedProposer drops proposals outside the range", async () => {
    const inner: Proposer = {
      name: "fake",
      source: "mutate",
      propose: async () =>
        [
          { command: { op: "REPL", line: 2, text: "    return x" }, score: 1, source: "mutate" },
          { command: { op: "REPL", line: 10, text: "        return inner(x) * 2" }, score: 0.5, source: "mutate" },
        ] satisfies Proposal[],
    };
    const scoped = new ScopedProposer(inner, scope);
    const state = { lines } as unknown as Parameters<Proposer["propose"]>[0];
    const kept = await scoped.propose(state, { limit: 10 });
    assert.deepEqual(
      kept.map((p) => p.command),
      [{ op: "REPL", line: 10, text: "        return inner(x) * 2" }],
    );
    assert.equal(scoped.dropped, 1);
  });
});

const python = process.env.COE_PYTHON ?? "/usr/bin/python3";
describe("a function-scoped search (real verifier)", { skip: existsSync(python) ? false : "no python" }, () => {
  const verifier = new PythonVerifier({ pythonPath: python, concurrency: 1 });
  after(() => verifier.dispose());
  it("fixes the function in scope and leaves every other line alone", async () => {
    const code = "def f(x):\n    return x - 1\n\n\ndef g(x):\n    return x * 3\n";
    const tests = { kind: "snippets" as const, snippets: ["assert f(2) == 2", "assert g(2) == 4"] };
    const r = await searchWithMode({
      code,
      tests,
      verifier,
      mode: "mutate",
      samples: 4,
      budget: 60,
      lines: { from: 5, to: 6 },
    });
    const out = splitLines(r.best.finalCode);
    assert.deepEqual(out.slice(0, 4), splitLines(code).slice(0, 4), "f untouched");
    assert.notEqual(out[5], "    return x * 3", "g was repaired");
    assert.equal(r.best.steps.at(-1)?.passed, 1, "g's test passes, f's still fails (out of scope)");
  });
});

describe("DatasetStore.delete", () => {
  const dir = mkdtempSync(join(tmpdir(), "coe-del-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const rec = (n: number): NewRepairRecord => ({
    source: "user-fix",
    file: `f${n}.py`,
    before: "x = 1\n",
    after: `x = ${n}\n`,
    tests: { kind: "auto" },
    trace: null,
    model: "user",
    outcome: { solved: true, passed: 1, total: 1 },
  });
  it("removes exactly the named records, keeps torn lines and concurrent appends", async () => {
    const store = new DatasetStore({ dir });
    const [a, b] = [await store.append(rec(1)), await store.append(rec(2))];
    appendFileSync(store.path, '{"torn": tr\n');
    const c = await store.append(rec(3));
    const [removed] = await Promise.all([store.delete([b.id, "no-such-id"]), store.append(rec(4))]);
    assert.deepEqual(removed, [b.id]);
    const { records, warnings } = await store.read();
    assert.deepEqual(
      records.map((r) => r.file).sort(),
      ["f1.py", "f3.py", "f4.py"],
      "the deleted one is gone, the append made meanwhile is kept",
    );
    assert.equal(warnings.length, 1, "the torn line is still there");
    assert.ok(readFileSync(store.path, "utf8").includes(a.id) && readFileSync(store.path, "utf8").includes(c.id));
    assert.deepEqual(await store.delete(["no-such-id"]), []);
  });
});

describe("RepairHunks (per-hunk review)", () => {
  const before = ["a", "b", "c", "d", "e", "f", "g", "h", ""].join("\n");
  const after = ["a", "B", "c", "d", "e", "f", "G", "h", ""].join("\n");
  it("the file gets exactly the accepted hunks", () => {
    const h = new RepairHunks(before, after);
    assert.equal(h.views().length, 2);
    h.decide(0, false);
    assert.equal(h.decided, false);
    h.decide(1, true);
    assert.ok(h.decided && !h.all);
    assert.equal(h.text(), ["a", "b", "c", "d", "e", "f", "G", "h", ""].join("\n"));
    h.decide(0, true);
    assert.equal(h.text(), after);
    assert.throws(() => h.decide(5, true), /no hunk 5/);
  });
});
