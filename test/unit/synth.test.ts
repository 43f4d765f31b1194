/**
 * The synthetic bug generator and the MBPP demos: corruptions are deterministic per seed, every
 * kind changes the program (outside strings and comments for the operator kinds), demos replay to
 * the original program, and the MBPP test split is refused for training.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { replayCommands } from "../../server/src/core/dataset/diffToTrace.js";
import { joinLines, parseCommand, splitLines } from "../../server/src/core/dsl/index.js";
import type { Verifier, VerifyRequest } from "../../server/src/core/python/Verifier.js";
import {
  applyCorruption,
  corrupt,
  CORRUPTION_KINDS,
  loadMbpp,
  makeDemos,
  makeRepairSuite,
  makeRng,
  mbppSplitOf,
  type CorruptionKind,
  type EpisodeDemo,
} from "../../server/src/core/synth/index.js";
import type { Verdict } from "../../server/src/core/types.js";

const TRAIN = loadMbpp({ splits: ["train"] });
const DONORS = TRAIN.slice(0, 50).map((t) => t.code);

/**
 * A stand-in for the Python verifier: a program passes when it equals a known-good one. With
 * `leak`, some wrong programs pass too (a test suite that misses bugs), chosen by a hash.
 */
function fakeVerifier(good: readonly string[], leak = false): Verifier & { calls: number } {
  const goodSet = new Set(good.map((g) => joinLines(splitLines(g))));
  const v = {
    calls: 0,
    concurrency: 2,
    async verify(req: VerifyRequest): Promise<Verdict> {
      v.calls++;
      const code = joinLines(splitLines(req.code));
      let h = 0;
      for (const ch of code) h = (h * 31 + ch.codePointAt(0)!) >>> 0;
      const pass = goodSet.has(code) || (leak && h % 3 === 0);
      const tests = req.tests.kind === "snippets" ? req.tests.snippets : ["t"];
      return {
        kind: "ok",
        passed: pass ? tests.length : 0,
        total: tests.length,
        tests: tests.map((name) => ({ name, status: pass ? "pass" : "fail" })),
        ms: 0,
      };
    },
    async dispose() {},
  };
  return v;
}

/** The listing of a state back to code (the inverse of renderListing). */
function stateCode(state: string): string {
  const listing = state.slice(0, state.indexOf("***"));
  return joinLines(
    listing
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => /^L \d+ (.*)$/s.exec(l)![1]!),
  );
}

void describe("corrupt", () => {
  void it("is deterministic for a seed and varies across seeds", () => {
    const code = TRAIN[3]!.code;
    for (let seed = 0; seed < 20; seed++)
      assert.deepEqual(corrupt(code, { seed, donors: DONORS }), corrupt(code, { seed, donors: DONORS }));
    const distinct = new Set(Array.from({ length: 30 }, (_, seed) => corrupt(code, { seed, donors: DONORS }).code));
    assert.ok(distinct.size >= 25, `only ${distinct.size} distinct corruptions of 30`);
  });

  void it("applies 1-5 edits (or exactly `count`), always changes the program, and reports edit lines in range", () => {
    const counts = new Set<number>();
    for (const [i, task] of TRAIN.slice(0, 80).entries()) {
      const c = corrupt(task.code, { seed: i, donors: DONORS });
      assert.notEqual(c.code, task.code);
      assert.ok(c.edits.length >= 1 && c.edits.length <= 5);
      counts.add(c.edits.length);
      for (const e of c.edits)
        assert.ok(e.line >= 1 && e.line <= splitLines(task.code).length + 5 && CORRUPTION_KINDS.includes(e.kind));
      assert.equal(corrupt(task.code, { seed: i, donors: DONORS, count: 2 }).edits.length, 2);
    }
    assert.deepEqual([...counts].sort(), [1, 2, 3, 4, 5]);
  });

  void it("every kind changes the program, and applies to most MBPP programs", () => {
    const minShare: Record<CorruptionKind, number> = {
      "delete-line": 1,
      "add-line": 1,
      "replace-line": 1,
      typo: 1,
      "comparison-swap": 0.3,
      "arithmetic-swap": 0.3,
      "off-by-one": 0.5,
      "swap-variables": 0.6,
      "wrong-return": 0.8,
    };
    const programs = TRAIN.slice(0, 100);
    for (const kind of CORRUPTION_KINDS) {
      let applied = 0;
      for (const [i, t] of programs.entries()) {
        const r = applyCorruption(t.code, kind, makeRng(i), DONORS);
        if (!r) continue;
        applied++;
        assert.notEqual(r.code, t.code, `${kind} left task ${t.task_id} unchanged`);
        // The line is counted in the code before the edit (a deleted last line is past the new end).
        assert.ok(
          r.line >= 1 && r.line <= Math.max(splitLines(r.code).length, splitLines(t.code).length),
          `${kind}: line ${r.line}`,
        );
      }
      assert.ok(applied / programs.length >= minShare[kind], `${kind} applied to ${applied}/${programs.length}`);
    }
  });

  void it("operator, number, name and return edits never touch strings or comments", () => {
    const code = [
      "def f(a, b):",
      "    s = 'a < b + 1 - x'  # a < b + 1 - x",
      '    t = """a == b * 2',
      '    c > d + 3"""',
      "    if a < b + 1:",
      "        return a - b * 2",
      "    return s",
    ].join("\n");
    const protectedParts = ["'a < b + 1 - x'", "# a < b + 1 - x", '"""a == b * 2', '    c > d + 3"""'];
    const kinds: CorruptionKind[] = [
      "comparison-swap",
      "arithmetic-swap",
      "off-by-one",
      "swap-variables",
      "wrong-return",
    ];
    const seen = new Set<string>();
    for (const kind of kinds) {
      for (let seed = 0; seed < 60; seed++) {
        const r = applyCorruption(code, kind, makeRng(seed));
        assert.ok(r, kind);
        for (const p of protectedParts) assert.ok(r.code.includes(p), `${kind} seed ${seed} changed ${p}:\n${r.code}`);
        seen.add(`${kind}:${r.line}`);
      }
    }
    // The edits did land on the code lines (5, 6, 7).
    for (const k of ["comparison-swap:5", "arithmetic-swap:6", "off-by-one:5", "wrong-return:6"])
      assert.ok(seen.has(k), k);
  });

  void it("the token kinds make the expected kind of change", () => {
    const code = "def f(a, b):\n    if a < b:\n        return a - b + 1\n    return b\n";
    const line = (c: string, n: number) => splitLines(c)[n - 1]!;
    for (let seed = 0; seed < 30; seed++) {
      const cmp = applyCorruption(code, "comparison-swap", makeRng(seed))!;
      assert.match(line(cmp.code, 2), /^ {4}if a (<=|>) b:$/);
      const ar = applyCorruption(code, "arithmetic-swap", makeRng(seed))!;
      assert.notEqual(ar.code, code);
      assert.match(line(ar.code, 3), /^ {8}return a [-+*/]{1,2} b [-+*/]{1,2} 1$/);
      const sw = applyCorruption(code, "swap-variables", makeRng(seed))!;
      const swapped = line(sw.code, sw.line);
      assert.deepEqual([...swapped].sort(), [...line(code, sw.line)].sort()); // same characters, new order
      const wr = applyCorruption(code, "wrong-return", makeRng(seed))!;
      assert.match(line(wr.code, wr.line), /^ +return \S/);
      const add = applyCorruption(code, "add-line", makeRng(seed), DONORS)!;
      const added = line(add.code, add.line);
      const prev = add.line > 1 ? line(add.code, add.line - 1) : "";
      const indents = new Set([
        /^\s*/.exec(prev)![0],
        /^\s*/.exec(prev)![0] + "    ",
        /^\s*/.exec(line(add.code, add.line + 1) ?? "")![0],
      ]);
      if (add.line === 1) indents.add("");
      assert.ok(
        indents.has(/^\s*/.exec(added)![0]),
        `odd indentation ${JSON.stringify(added)} after ${JSON.stringify(prev)}`,
      );
    }
  });
});

void describe("MBPP splits", () => {
  void it("loads train and validation by default, never the test split", () => {
    const tasks = loadMbpp();
    assert.equal(tasks.length, 374 + 90);
    assert.ok(tasks.every((t) => mbppSplitOf(t.task_id) === "train" || mbppSplitOf(t.task_id) === "validation"));
    assert.ok(tasks.every((t) => !t.code.includes("\r") && splitLines(t.code).every((l) => l === l.trimEnd())));
  });

  void it("refuses the test split (11-510) for training, by split or by id", () => {
    assert.throws(() => loadMbpp({ splits: ["test"] }), /evaluation only/);
    assert.throws(() => loadMbpp({ splits: ["train", "test"] }), /evaluation only/);
    assert.throws(() => loadMbpp({ taskIds: [[500, 520]] }), /evaluation only/);
    assert.throws(() => loadMbpp({ taskIds: [11] }), /evaluation only/);
    assert.equal(loadMbpp({ taskIds: [[11, 20]], purpose: "eval" }).length, 10);
    assert.equal(loadMbpp({ taskIds: [511, 600, 974] }).length, 3);
    // The few-shot prompt tasks (1-10) are not carried in data/mbpp/ (nothing uses them).
    assert.equal(loadMbpp({ taskIds: [1, 511] }).length, 1);
  });

  void it("makeDemos refuses test-split programs even when handed over directly", async () => {
    const test = loadMbpp({ taskIds: [42], purpose: "eval" });
    await assert.rejects(makeDemos({ tasks: test, verifier: fakeVerifier([]), seed: 1 }), /evaluation only/);
  });
});

void describe("makeDemos", () => {
  const tasks = TRAIN.slice(0, 12);

  void it("emits inverse traces that replay to the original program, with failing start and passing end", async () => {
    const verifier = fakeVerifier(
      tasks.map((t) => t.code),
      true,
    );
    const { demos, stats } = await makeDemos({ tasks, verifier, seed: 7, variantsPerTask: 4 });
    assert.equal(stats.tasks, 12);
    assert.ok(stats.uncaught > 0, "the leaky fake lets some corruptions through");
    assert.equal(stats.demos, demos.length);
    assert.equal(stats.variants, 48);
    assert.equal(stats.demos + stats.uncaught + stats.duplicates + stats.unsolved + stats.tooLong, 48);
    assert.equal(stats.verifications, verifier.calls);
    for (const d of demos) {
      const task = tasks.find((t) => t.task_id === d.taskId)!;
      assert.equal(d.states.length, d.commands.length);
      assert.equal(d.commands[d.commands.length - 1], "EXIT");
      assert.equal(d.nCorruptions, d.kinds.length);
      assert.equal(d.header.description, task.text);
      assert.equal(d.header.tests, task.test_list.join("\n"));
      const corrupted = stateCode(d.states[0]!);
      assert.notEqual(corrupted, task.code);
      assert.match(d.states[0]!, /\*\*\*\n0\/3 tests pass/);
      assert.match(d.states[d.states.length - 1]!, /\*\*\*\n3\/3 tests pass$/);
      // Each state is the previous one with the command applied; the whole trace gives the original.
      const cmds = d.commands.map((c) => parseCommand(c));
      for (let i = 1; i < d.states.length; i++)
        assert.equal(replayCommands(stateCode(d.states[i - 1]!), [cmds[i - 1]!]), stateCode(d.states[i]!));
      assert.equal(replayCommands(corrupted, cmds), task.code);
    }
    const again = await makeDemos({
      tasks,
      verifier: fakeVerifier(
        tasks.map((t) => t.code),
        true,
      ),
      seed: 7,
      variantsPerTask: 4,
    });
    assert.deepEqual(again.demos, demos);
    const other = await makeDemos({
      tasks,
      verifier: fakeVerifier(
        tasks.map((t) => t.code),
        true,
      ),
      seed: 8,
      variantsPerTask: 4,
    });
    assert.notDeepEqual(
      other.demos.map((d: EpisodeDemo) => d.states[0]),
      demos.map((d) => d.states[0]),
    );
  });

  void it("drops demos whose commands the inference grammar could not produce", async () => {
    const verifier = fakeVerifier(tasks.map((t) => t.code));
    const { demos, stats } = await makeDemos({ tasks, verifier, seed: 7, variantsPerTask: 2, maxTextChars: 20 });
    assert.ok(stats.tooLong > 0);
    for (const d of demos)
      for (const c of d.commands.map((x) => parseCommand(x))) {
        if (c.op === "ADDL" || c.op === "REPL") assert.ok(c.text.length <= 20);
        if (c.op === "REPW") assert.ok(c.old.length <= 20 && c.new.length <= 20);
      }
  });

  void it("skips programs that fail their own tests", async () => {
    const { demos, stats } = await makeDemos({
      tasks,
      verifier: fakeVerifier([tasks[0]!.code]),
      seed: 1,
      variantsPerTask: 2,
    });
    assert.equal(stats.originalsFailing, 11);
    assert.ok(demos.length > 0 && demos.every((d) => d.taskId === tasks[0]!.task_id));
  });
});

void describe("makeRepairSuite", () => {
  void it("builds caught corruptions of test-split programs, deterministic for a seed", async () => {
    const programs = loadMbpp({ taskIds: [[11, 30]], purpose: "eval" });
    const make = (seed: number) =>
      makeRepairSuite({
        verifier: fakeVerifier(
          programs.map((p) => p.code),
          true,
        ),
        taskIds: [[11, 30]],
        seed,
        corruptions: [1, 3],
      });
    const { tasks, stats } = await make(5);
    assert.equal(stats.programs, 20);
    assert.equal(stats.tasks, tasks.length);
    assert.ok(tasks.length >= 18, `${tasks.length} tasks`);
    const ids = new Set<string>();
    for (const t of tasks) {
      assert.ok(t.taskId >= 11 && t.taskId <= 30);
      assert.ok(t.nCorruptions >= 1 && t.nCorruptions <= 3 && t.kinds.length === t.nCorruptions);
      assert.notEqual(t.code, t.original);
      assert.equal(t.original, programs.find((p) => p.task_id === t.taskId)!.code);
      assert.ok(t.tests.length >= 3 && t.tests.every((s) => s.includes("assert")));
      assert.ok(!ids.has(t.id));
      ids.add(t.id);
    }
    assert.deepEqual((await make(5)).tasks, tasks);
    assert.notDeepEqual(
      (await make(6)).tasks.map((t) => t.code),
      tasks.map((t) => t.code),
    );
  });
});
