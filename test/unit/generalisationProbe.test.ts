/**
 * The generalisation probe ("plausible is not correct", #10): inputs next to the tests' own, and a
 * fix that passes the visible tests but hangs or crashes on them is kept aside while the search goes
 * on. Real PythonVerifier; skipped when /usr/bin/python3 (or $COE_PYTHON) is missing.
 */
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { PythonVerifier } from "../../server/src/core/python/PythonVerifier.js";
import { ModelProposer } from "../../server/src/core/search/ModelProposer.js";
import { searchRepair } from "../../server/src/core/search/searchRepair.js";
import { probeInputs } from "../../server/src/core/search/probeInputs.js";
import { GeneralisationProbe } from "../../server/src/core/search/GeneralisationProbe.js";
import { newSelfOperation } from "../../server/src/core/search/selfOperation.js";
import type { SearchProgress, TestSource } from "../../server/src/core/types.js";
import { TablePolicy } from "../helpers/searchFakes.js";

const python = process.env.COE_PYTHON ?? "/usr/bin/python3";
const skip = existsSync(python) ? false : `no Python at ${python}`;

describe("probeInputs", () => {
  const code = "def chunk(items, size):\n    return []\n\ndef count(text, pattern):\n    return 0\n";
  it("changes one literal of a tested call at a time, the arguments before what nests in them", () => {
    const calls = probeInputs(code, ["assert chunk([1, [2, 3]], 2) == [[1], [2]]"], 20);
    assert.deepEqual(calls, [
      "chunk([1], 2)", // the list without its last element
      "chunk([1, [2, 3]], 3)",
      "chunk([1, [2, 3]], 1)",
      "chunk([2, [2, 3]], 2)",
      "chunk([0, [2, 3]], 2)",
      "chunk([1, [2]], 2)",
      "chunk([1, [3, 3]], 2)",
      "chunk([1, [1, 3]], 2)",
      "chunk([1, [2, 4]], 2)",
      "chunk([1, [2, 2]], 2)",
    ]);
  });
  it("strings get one character shorter or longer; round-robin over the tests; never a test's own call", () => {
    const calls = probeInputs(
      code,
      ["assert count('ab', 'a') == 1", "assert count('a', 'a') == 1", "assert 1 == 1"],
      5,
    );
    // count('ab', 'a') shortened is count('a', 'a'): the second test's own call, left out.
    assert.deepEqual(calls, [
      "count('', 'a')",
      "count('aba', 'a')",
      "count('aa', 'a')",
      "count('ab', '')",
      "count('a', '')",
    ]);
  });
  it("gives nothing for tests it cannot read: no assert, a method call, several lines", () => {
    assert.deepEqual(
      probeInputs(code, [
        "count('a', 'b')",
        "assert x.chunk([1], 2) == []",
        "import math\nassert chunk([1], 2) == [[1]]",
      ]),
      [],
    );
  });
});

describe("newSelfOperation", () => {
  // [line before, line after, what is flagged or undefined]
  const table: Array<[string, string, string | undefined]> = [
    ["d = [s[x] - s[x + 1] for x in r]", "d = [s[x] - s[x] for x in r]", "s[x] - s[x]"],
    ["ok = all(l[i] >= l[i + 2] for i in r)", "ok = all(l[i] >= l[i] for i in r)", "l[i] >= l[i]"],
    ["if a is b:", "if a is a:", "a is a"],
    ["return n % 2", "return n % n", "n % n"],
    ["z = y - x", "z = self.a - self.a", "self.a - self.a"],
    ["z = y - x", "z = x - x - 1", "x - x"], // (x - x) - 1
    ["return x", "return not x == x", "x == x"],
    ["z = x", "z = x * x", undefined], // a square, not a constant
    ["z = a * x - y", "z = a * x - x", undefined], // (a * x) - x
    ["z = x == y + 1", "z = x == x + 1", undefined], // x == (x + 1)
    ["z = y - x", "z = x - x * 2", undefined],
    ["z = y - x", "z = -x - x", undefined],
    ["z = y - x", "z = f(x) - x", undefined],
    ["return a ** b - c", "return a ** b - b", undefined],
    ["z = x - x", "z = x - x", undefined], // there before the edit: not the edit's doing
  ];
  for (const [before, after, flagged] of table)
    it(`${before}  →  ${after}`, () => assert.equal(newSelfOperation(before, after), flagged));
});

describe("GeneralisationProbe with the real verifier", { skip }, () => {
  const verifier = skip ? undefined! : new PythonVerifier({ pythonPath: python, concurrency: 1 });
  after(() => verifier?.dispose());
  const snippets = (...s: string[]): TestSource => ({ kind: "snippets", snippets: s });
  // Counts overlapping matches; the bug steps over the whole match (non-overlapping count).
  const buggy = [
    "def count_overlapping(text, pattern):",
    "    count = 0",
    "    start = 0",
    "    while True:",
    "        idx = text.find(pattern, start)",
    "        if idx == -1:",
    "            return count",
    "        count += 1",
    "        start = idx + len(pattern)",
    "",
  ].join("\n");
  const overfit = buggy.replace("start = idx + len(pattern)", "start = idx + len(pattern) - 1"); // hangs on 1-char patterns
  const fixed = buggy.replace("start = idx + len(pattern)", "start = idx + 1");
  const tests = snippets(
    "assert count_overlapping('aaaa', 'aa') == 3",
    "assert count_overlapping('abc', 'd') == 0",
    "assert count_overlapping('abab', 'ab') == 2",
  );
  const verify = (code: string, t: TestSource) => verifier.verify({ code, tests: t, timeoutMs: 1500, coverage: true });

  it("flags a fix that hangs next to the tests, passes the right one, and spends one run per check after the first", async () => {
    let runs = 0;
    const probe = new GeneralisationProbe({ code: buggy, tests, verify: (c, t) => (runs++, verify(c, t)) });
    assert.ok(probe.calls.includes("count_overlapping('aaaa', 'a')"), probe.calls.join(" "));
    assert.equal(probe.runsNeeded, 2);
    const bad = await probe.check(overfit);
    assert.equal(bad.suspect, true);
    assert.match(bad.suspect ? bad.reason : "", /hangs/);
    assert.equal(runs, 2);
    assert.equal(probe.runsNeeded, 1);
    assert.deepEqual(await probe.check(fixed), { suspect: false });
    assert.equal(runs, 3);
  });

  it("a fix that finishes every probe call costs one run: the starting code is run only to explain a failure", async () => {
    let runs = 0;
    const probe = new GeneralisationProbe({ code: buggy, tests, verify: (c, t) => (runs++, verify(c, t)) });
    assert.deepEqual(await probe.check(fixed), { suspect: false });
    assert.equal(runs, 1);
    assert.equal(probe.runsNeeded, 2, "the starting code's run is still to come");
  });

  it("probes from the asserts of a pytest file too, in the module's namespace", async () => {
    const content = [
      "from solution import count_overlapping",
      "",
      "def test_runs():",
      "    assert count_overlapping('aaaa', 'aa') == 3",
      "    assert count_overlapping('abab', 'ab') == 2",
      "",
    ].join("\n");
    const probe = new GeneralisationProbe({
      code: buggy,
      tests: { kind: "pytest", file: "test_solution.py", content },
      verify,
    });
    assert.ok(probe.calls.includes("count_overlapping('aaaa', 'a')"));
    assert.equal((await probe.check(overfit)).suspect, true);
    assert.deepEqual(await probe.check(fixed), { suspect: false });
  });

  it("probes from the file's own asserts and doctest examples, with the asserts out of the way", async () => {
    const inFile = (c: string) =>
      c + "\n\nassert count_overlapping('aaaa', 'aa') == 3\nassert count_overlapping('abab', 'ab') == 2\n";
    const probe = new GeneralisationProbe({ code: inFile(buggy), tests: { kind: "auto" }, verify });
    assert.ok(probe.calls.includes("count_overlapping('aaaa', 'a')"), probe.calls.join(" "));
    assert.equal((await probe.check(inFile(overfit))).suspect, true);
    assert.deepEqual(await probe.check(inFile(fixed)), { suspect: false });

    const doc = (c: string) =>
      c.replace("    count = 0", '    """\n    >>> count_overlapping(\'aaaa\', \'aa\')\n    3\n    """\n    count = 0');
    const doctests = new GeneralisationProbe({ code: doc(buggy), tests: { kind: "auto" }, verify });
    assert.ok(doctests.calls.includes("count_overlapping('aaaa', 'a')"), doctests.calls.join(" "));
    assert.equal((await doctests.check(doc(overfit))).suspect, true);
  });

  it("a fix through a constant is suspect without a test run", async () => {
    let runs = 0;
    const code = "def rising(xs):\n    return all(xs[i] < xs[i + 1] for i in range(len(xs) - 2))\n";
    const probe = new GeneralisationProbe({
      code,
      tests: snippets("assert rising([1, 2, 3])"),
      verify: (c, t) => (runs++, verify(c, t)),
    });
    const r = await probe.check(code.replace("xs[i] < xs[i + 1]", "xs[i] <= xs[i]"));
    assert.equal(r.suspect, true);
    assert.match(r.suspect ? r.reason : "", /xs\[i\] <= xs\[i\], which is a constant/);
    assert.equal(runs, 0);
  });

  it("a fix that stops a loop the tests ran is suspect, from the coverage the runs already had", async () => {
    const start = [
      "def same(a, b, n):",
      "    a.sort()",
      "    b.sort()",
      "    for i in range(0, n):",
      "        if a[i] == b[i]:", // the bug: == for !=
      "            return False",
      "    return True",
      "",
    ].join("\n");
    const vacuous = start.replace("range(0, n)", "range(n, 0)");
    const right = start.replace("a[i] == b[i]", "a[i] != b[i]");
    const t = snippets("assert same([1, 2, 3], [3, 2, 1], 3)", "assert same([5], [5], 1)");
    const run = (code: string) => verifier.verify({ code, tests: t, coverage: true });
    const probe = new GeneralisationProbe({ code: start, tests: t, verify });
    const startVerdict = await run(start);
    const bad = await probe.check(vacuous, { run: false, verdict: await run(vacuous), start: startVerdict });
    assert.equal(bad.suspect, true);
    assert.match(bad.suspect ? bad.reason : "", /the loop on line 4 \(for i in range\(n, 0\):\) no longer runs/);
    assert.deepEqual(await probe.check(right, { run: false, verdict: await run(right), start: startVerdict }), {
      suspect: false,
    });
  });

  it("a crash where the starting code never went (it skipped the loop) is not held against the fix", async () => {
    const start = [
      "def total_upto(xs, n):",
      "    s = 0",
      "    i = 0",
      "    while i > n:", // the bug: the loop never runs
      "        s += xs[i]",
      "        i += 1",
      "    return s",
      "",
    ].join("\n");
    const right = start.replace("while i > n:", "while i < n:");
    const t = snippets("assert total_upto([1, 2, 3], 2) == 3", "assert total_upto([4, 5], 2) == 9");
    const probe = new GeneralisationProbe({
      code: start,
      tests: t,
      verify: (c, x) => verifier.verify({ code: c, tests: x, coverage: true }),
    });
    // total_upto([4, 5], 3) is outside the function's contract: the right fix raises IndexError on it,
    // and the starting code "finished" it only because its loop never ran.
    assert.ok(probe.calls.includes("total_upto([4, 5], 3)"), probe.calls.join(" "));
    assert.deepEqual(await probe.check(right), { suspect: false });
  });

  it("an exception the code raises on purpose is a refusal, not a crash", async () => {
    const code = "def half(n):\n    return n // 2\n";
    const strict = "def half(n):\n    if n % 2:\n        raise ValueError('odd')\n    return n // 2\n";
    const crashing = "def half(n):\n    if n % 2:\n        return [][0]\n    return n // 2\n";
    const probe = new GeneralisationProbe({ code, tests: snippets("assert half(4) == 2"), verify });
    assert.deepEqual(await probe.check(strict), { suspect: false });
    const r = await probe.check(crashing);
    assert.equal(r.suspect, true);
    assert.match(r.suspect ? r.reason : "", /IndexError/);
  });

  it("the search keeps a suspect fix aside and returns the next one; alone, it returns it with a warning", async () => {
    const table = (...edits: string[]) =>
      new ModelProposer({ policy: new TablePolicy({ "": edits.map((e, i) => [e, -0.1 - i]) }), samples: edits.length });
    const toOverfit = "REPW 9 >>>len(pattern) >>>len(pattern) - 1";
    const toFixed = "REPL 9 >>>        start = idx + 1";
    const events: SearchProgress[] = [];
    const run = (probe: boolean, ...edits: string[]) =>
      searchRepair({
        code: buggy,
        tests,
        verifier,
        proposers: [table(...edits)],
        budget: { verifications: 10 },
        timeoutMs: 1500,
        probe,
        onProgress: (e) => void (e.type === "search" && events.push(e)),
      });

    const off = await run(false, toOverfit, toFixed);
    assert.equal(off.trace.finalCode, overfit);

    const on = await run(true, toOverfit, toFixed);
    assert.equal(on.trace.finalCode, fixed);
    assert.equal(on.stats.probes, 3); // the starting code once, the over-fitted fix, the right one
    assert.equal(on.stats.verifications, 1 + 2 + 3);
    assert.deepEqual(on.flags, []);
    // One 'search' event per test run, in order, the probe's runs included (marked, without a command).
    const mine = events.slice(-on.stats.verifications);
    assert.deepEqual(
      mine.map((e) => e.testRuns),
      Array.from({ length: on.stats.verifications }, (_, i) => i + 1),
    );
    assert.equal(mine.filter((e) => e.probe !== undefined && e.command === undefined).length, 3);

    const alone = await run(true, toOverfit);
    assert.equal(alone.stats.solved, true);
    assert.equal(alone.trace.finalCode, overfit);
    assert.match(alone.flags.join(" "), /^over-fitted\? passes the tests but hangs/);
  });
});
