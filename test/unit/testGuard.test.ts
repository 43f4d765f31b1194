/**
 * Tests in the file are not the code under repair (TestGuard): no search proposal and no model command
 * may change a file's own asserts or doctests. Before this guard, the mutation search "repaired" a file
 * by turning its failing `assert f(x) == 3` into `!= 3`. The search test uses the real PythonVerifier.
 */
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { applyCommand, parseCommand, splitLines } from "../../server/src/core/dsl/index.js";
import { TestGuard, testText } from "../../server/src/core/search/TestGuard.js";
import { PythonVerifier } from "../../server/src/core/python/PythonVerifier.js";
import { searchWithMode } from "../../server/src/core/search/searchWithMode.js";
import { runEpisode } from "../../server/src/core/loop/index.js";
import { ScriptedPolicy } from "../helpers/ScriptedPolicy.js";

const python = process.env.COE_PYTHON ?? "/usr/bin/python3";
const skip = existsSync(python) ? false : `no Python at ${python}`;

const FILE = [
  "def count_overlapping(text, pattern):", // 1
  "    count = 0", // 2
  "    start = 0", // 3
  "    while True:", // 4
  "        idx = text.find(pattern, start)", // 5
  "        if idx == -1:", // 6
  "            return count", // 7
  "        count += 1", // 8
  "        start = idx + len(pattern)", // 9
  "", // 10
  "", // 11
  "assert count_overlapping('aaaa', 'aa') == 3", // 12
  "data = 'abab'", // 13
  "assert count_overlapping(data, 'ab') == 2", // 14
  "", // 15
].join("\n");

const DOCTEST = [
  "def double(x):", // 1
  '    """Twice x.', // 2
  "", // 3
  "    >>> double(2)", // 4
  "    4", // 5
  '    """', // 6
  "    return x + x", // 7
  "",
].join("\n");

describe("TestGuard", () => {
  const lines = splitLines(FILE);
  const guard = new TestGuard(lines);
  // [command, admitted?] on FILE: the function may change, the asserts and their set-up may not.
  const table: Array<[string, boolean]> = [
    ["REPL 9 >>>        start = idx + 1", true],
    ["ADDL 3 >>>    step = 1", true],
    ["DELL 2", true],
    ["REPW 12 >>>== >>>!=", false],
    ["DELL 12", false],
    ["REPW 13 >>>abab >>>ab", false], // the set-up of the next assert
    ["ADDL 15 >>>count_overlapping = lambda t, p: 3", false],
    ["ADDL 13 >>>def count_overlapping(t, p): return 3", false], // a new def among the asserts
    ["EXIT", true],
  ];
  for (const [command, admitted] of table)
    it(`${command} → ${admitted ? "admitted" : "refused"}`, () =>
      assert.equal(guard.admits(lines, parseCommand(command)), admitted));

  it("doctest examples and their expected output are tests, the prose and the body are not", () => {
    const doc = splitLines(DOCTEST);
    const g = new TestGuard(doc);
    assert.equal(testText(doc), ">>> double(2)\n4");
    assert.equal(g.admits(doc, parseCommand("REPL 5 >>>    5")), false);
    assert.equal(g.admits(doc, parseCommand('REPL 2 >>>    """Two times x.')), true);
    assert.equal(g.admits(doc, parseCommand("REPL 7 >>>    return 2 * x")), true);
  });

  it("a def among the asserts keeps its header; its body may change", () => {
    const mixed = ["def f():", "    return 1", "assert f() == 2", "def g():", "    return 2", "assert g() == 2"];
    const g = new TestGuard(mixed);
    assert.equal(g.admits(mixed, parseCommand("REPL 5 >>>    return 3")), true);
    assert.equal(g.admits(mixed, parseCommand("REPL 4 >>>def g(x=0):")), false);
    assert.equal(g.admits(mixed, parseCommand("DELL 4")), false);
  });

  it("decides every command as a comparison of the whole test text would (its shortcut included)", () => {
    const files = [FILE, DOCTEST, `${DOCTEST}\nassert double(2) == 4\n`, "def f():\n    return 1\n"];
    const texts = ["    x = 1", "", "assert f() == 1", "    >>> f()", '    """', "if __name__ == '__main__':", "# c"];
    for (const file of files) {
      const lines = splitLines(file);
      const g = new TestGuard(lines);
      for (let n = 1; n <= lines.length + 1; n++) {
        const commands = [`DELL ${n}`, ...texts.flatMap((t) => [`ADDL ${n} >>>${t}`, `REPL ${n} >>>${t}`])];
        for (const c of commands) {
          const cmd = parseCommand(c);
          const applied = applyCommand(lines, cmd);
          const whole = applied.ok && testText(applied.lines) === testText(lines);
          assert.equal(g.admits(lines, cmd), whole, `${c} on ${JSON.stringify(file.slice(0, 30))}`);
        }
      }
    }
  });

  it("a file without tests of its own guards nothing", () => {
    assert.equal(new TestGuard(["def f():", "    return 1"]).guards, false);
  });
});

describe("the search and the model loop keep a file's tests", { skip }, () => {
  const verifier = skip ? undefined! : new PythonVerifier({ pythonPath: python, concurrency: 1 });
  after(() => verifier?.dispose());

  it("the mutation search repairs the code, never the asserts", async () => {
    const r = await searchWithMode({
      code: FILE,
      tests: { kind: "auto" },
      verifier,
      mode: "mutate",
      samples: 0,
      budget: 60,
      timeoutMs: 2000,
    });
    assert.equal(testText(splitLines(r.best.finalCode)), testText(splitLines(FILE)));
    for (const step of r.best.steps) assert.doesNotMatch(step.diff, /^[-+]assert/m, step.command);
  });

  it("a model command that edits an assert is refused with a reason, and the file keeps it", async () => {
    const [session] = await new ScriptedPolicy([["REPW 12 >>>== >>>!=", "EXIT"]]).openSessions(1);
    const initial = await verifier.verify({ code: FILE, tests: { kind: "auto" } });
    const trace = await runEpisode({
      session: session!,
      verifier,
      code: FILE,
      tests: { kind: "auto" },
      header: { tests: "in the file" },
      initial,
    });
    assert.match(trace.steps[0]!.error ?? "", /changes the tests in the file/);
    assert.equal(trace.steps[0]!.code, FILE);
    assert.equal(trace.solved, false);
  });
});
