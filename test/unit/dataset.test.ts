/**
 * Dataset store (JSON Lines, atomic appends, torn lines), diffToTrace (exact replay, property test
 * with a seeded PRNG) and the SFT export.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DatasetStore, type NewRepairRecord } from "../../server/src/core/dataset/DatasetStore.js";
import { chooseRepw, diffToTrace, replayCommands } from "../../server/src/core/dataset/diffToTrace.js";
import { withFileLock } from "../../server/src/core/dataset/fileLock.js";
import { joinLines, parseCommand, printCommand, splitLines } from "../../server/src/core/dsl/index.js";
import { makeRng, type Rng } from "../../server/src/core/synth/rng.js";
import { formatChat, renderState } from "../../server/src/core/tool/index.js";
import type { Verifier, VerifyRequest } from "../../server/src/core/python/Verifier.js";
import type { Trace, Verdict } from "../../server/src/core/types.js";

const tmp = (): Promise<string> => fs.mkdtemp(join(tmpdir(), "coe-dataset-"));

// ---------------------------------------------------------------- diffToTrace

const VOCAB = [
  "",
  "def f(a, b):",
  "    return a + b",
  "    return a - b",
  "\tif x > 0:",
  "\t\tx -= 1",
  "x = 1",
  "x = 1",
  "y = [i for i in range(10) if i % 2]",
  "s = 'héllo wörld 😀'",
  "# 注释 >>> REPW 1 >>>a >>>b",
  "    pass",
  "print('>>>')",
  "  ",
  "a  b  a",
];

function randomLine(rng: Rng): string {
  if (rng.chance(0.7)) return rng.pick(VOCAB);
  const chars = "ab xy_=+-<>()[]:'\"\t😀é0123456789";
  const cps = Array.from(chars);
  let s = "";
  for (let i = rng.int(0, 12); i > 0; i--) s += rng.pick(cps);
  return s;
}

function mutateLine(rng: Rng, line: string): string {
  const cps = Array.from(line);
  const at = rng.int(0, cps.length);
  switch (rng.int(0, 3)) {
    case 0:
      cps.splice(at, 1);
      break;
    case 1:
      cps.splice(at, 0, rng.pick(["x", "+", ">", " ", "😀", "1"]));
      break;
    case 2:
      cps.splice(at, rng.int(0, 3), ...Array.from(rng.pick(["foo", "-", "<=", "é"])));
      break;
    default:
      return randomLine(rng);
  }
  return cps.join("");
}

function randomPair(rng: Rng): [string, string] {
  const a: string[] = [];
  for (let i = rng.int(0, 12); i > 0; i--) a.push(randomLine(rng));
  let b = a.slice();
  if (rng.chance(0.1)) {
    b = [];
    for (let i = rng.int(0, 12); i > 0; i--) b.push(randomLine(rng));
  } else {
    for (let e = rng.int(0, 5); e > 0; e--) {
      const k = rng.int(0, 2);
      if (k === 0 && b.length > 0) b.splice(rng.int(0, b.length - 1), 1);
      else if (k === 1) b.splice(rng.int(0, b.length), 0, randomLine(rng));
      else if (b.length > 0) {
        const i = rng.int(0, b.length - 1);
        b[i] = mutateLine(rng, b[i]!);
      }
    }
  }
  // Vary the file form: missing final newline, CRLF endings.
  const form = (lines: string[]): string => {
    let s = joinLines(lines);
    if (rng.chance(0.2) && s.endsWith("\n")) s = s.slice(0, -1);
    if (rng.chance(0.1)) s = s.replace(/\n/g, "\r\n");
    return s;
  };
  return [form(a), form(b)];
}

void describe("diffToTrace", () => {
  void it("replays to `after` exactly on 5000 random pairs (seeded)", () => {
    const rng = makeRng(20250711);
    const counts: Record<string, number> = { DELL: 0, ADDL: 0, REPL: 0, REPW: 0, EXIT: 0 };
    for (let n = 0; n < 5000; n++) {
      const [before, after] = randomPair(rng);
      const cmds = diffToTrace(before, after);
      assert.deepEqual(cmds[cmds.length - 1], { op: "EXIT" });
      assert.equal(cmds.filter((c) => c.op === "EXIT").length, 1);
      for (const c of cmds) {
        counts[c.op]!++;
        // Every command survives the text form the model reads and writes.
        const text = printCommand(c);
        assert.ok(!text.includes("\n"));
        assert.deepEqual(parseCommand(text), c);
        if (c.op === "REPW") {
          assert.ok(c.old !== "" && !c.old.includes(">"), `bad REPW old ${JSON.stringify(c.old)}`);
        }
      }
      const replayed = replayCommands(before, cmds);
      assert.equal(replayed, joinLines(splitLines(after)), `pair #${n}: ${JSON.stringify([before, after])}`);
      if (JSON.stringify(splitLines(before)) === JSON.stringify(splitLines(after))) assert.equal(cmds.length, 1);
    }
    // The generator exercised every command kind.
    for (const op of ["DELL", "ADDL", "REPL", "REPW"]) assert.ok(counts[op]! > 100, `${op}: ${counts[op]}`);
  });

  void it("one changed line is one REPL or REPW, never a delete plus an add", () => {
    const before = "def add(a, b):\n    s = a\n    return a - b\n";
    const cmds = diffToTrace(before, "def add(a, b):\n    s = a\n    return a + b\n").map(printCommand);
    assert.deepEqual(cmds, ["REPW 3 >>>- >>>+", "EXIT"]);
    const repl = diffToTrace(before, "def add(a, b):\n    s = a\n    return sum([a, b, 0])\n").map(printCommand);
    assert.deepEqual(repl, ["REPL 3 >>>    return sum([a, b, 0])", "EXIT"]);
  });

  void it("counts line numbers in the state left by earlier commands", () => {
    const cmds = diffToTrace("a\nb\nc\nd\n", "b\nX\nc\nd\nE\n").map(printCommand);
    assert.deepEqual(cmds, ["DELL 1", "ADDL 2 >>>X", "ADDL 5 >>>E", "EXIT"]);
  });

  void it("handles empty files both ways and an unchanged file", () => {
    assert.deepEqual(diffToTrace("", "x = 1\ny = 2\n").map(printCommand), [
      "ADDL 1 >>>x = 1",
      "ADDL 2 >>>y = 2",
      "EXIT",
    ]);
    assert.deepEqual(diffToTrace("x = 1\ny = 2\n", "").map(printCommand), ["DELL 1", "DELL 1", "EXIT"]);
    assert.deepEqual(diffToTrace("x\n", "x").map(printCommand), ["EXIT"]);
    assert.deepEqual(diffToTrace("", "", { exit: false }), []);
  });

  void it("pairs the most similar lines when a hunk has more deletions than additions", () => {
    const cmds = diffToTrace("zzz\n    total = total + x\nqqq\n", "    total = total - x\n").map(printCommand);
    assert.deepEqual(cmds, ["DELL 1", "REPW 1 >>>+ >>>-", "DELL 2", "EXIT"]);
  });

  void it("chooseRepw keeps <old> unique, '>'-free and shorter than a REPL", () => {
    assert.deepEqual(chooseRepw("    return n + 1", "    return n + 2"), { old: "1", new: "2" });
    assert.deepEqual(chooseRepw("x = min_val(a)", "x = max_val(a)"), { old: "min_val", new: "max_val" });
    // "a" occurs twice: the old string must be widened until it is unique.
    const w = chooseRepw("y = a * a + b", "y = a * b + b");
    assert.ok(w && "y = a * a + b".split(w.old).length === 2 && !w.old.includes(">"));
    assert.equal(chooseRepw("if a > b:", "if a > c:")?.old.includes(">"), false);
    assert.equal(chooseRepw("x", "y"), undefined); // nothing unchanged to keep: REPL 1 >>>y
    assert.equal(chooseRepw("    return a - b", "    return sum([a, b, 0])"), undefined); // too many tokens
    assert.equal(chooseRepw("same", "same"), undefined);
  });

  void it("REPL only when REPW is disabled", () => {
    const cmds = diffToTrace("a = 1\n", "a = 2\n", { useRepw: false }).map(printCommand);
    assert.deepEqual(cmds, ["REPL 1 >>>a = 2", "EXIT"]);
  });
});

// ---------------------------------------------------------------- DatasetStore

function record(i: number, pad = 0): NewRepairRecord {
  return {
    source: "user-fix",
    file: "pkg/mod.py",
    before: `def f():\n    return ${i} - 1\n` + "#".repeat(pad),
    after: `def f():\n    return ${i} + 1\n`,
    tests: { kind: "snippets", snippets: [`assert f() == ${i + 1}`] },
    trace: null,
    model: "user",
    outcome: { solved: true, passed: 1, total: 1 },
  };
}

const here = fileURLToPath(new URL(".", import.meta.url));

void describe("DatasetStore", () => {
  void it("appends and reads records in order, filling id and time", async () => {
    const store = new DatasetStore({ dir: join(await tmp(), "nested") });
    const a = await store.append(record(1));
    const b = await store.append({ ...record(2), id: "fixed", description: "adds one" });
    assert.match(a.id, /^[0-9a-f-]{36}$/);
    assert.ok(!Number.isNaN(Date.parse(a.time)));
    assert.equal(b.id, "fixed");
    const { records, warnings } = await store.read();
    assert.deepEqual(warnings, []);
    assert.deepEqual(records, [a, b]);
    await store.dispose();
    await assert.rejects(store.read(), /disposed/);
  });

  void it("reading a missing file gives no records and no warnings", async () => {
    const store = new DatasetStore({ dir: await tmp() });
    assert.deepEqual(await store.read(), { records: [], warnings: [] });
  });

  void it("rejects an invalid record on append", async () => {
    const store = new DatasetStore({ dir: await tmp() });
    await assert.rejects(store.append({ ...record(1), source: "nope" as "accepted" }), /unknown source/);
    await assert.rejects(store.append({ ...record(1), outcome: { solved: true } as never }), /outcome/);
  });

  void it("skips and reports a torn last line, and the next append starts on a new line", async () => {
    const store = new DatasetStore({ dir: await tmp() });
    await store.append(record(1));
    await store.append(record(2));
    const full = JSON.stringify({ ...record(3), id: "x", time: "t" });
    await fs.appendFile(store.path, full.slice(0, full.length / 2)); // a crash mid-write
    let r = await store.read();
    assert.equal(r.records.length, 2);
    assert.equal(r.warnings.length, 1);
    assert.equal(r.warnings[0]!.line, 3);
    assert.match(r.warnings[0]!.message, /torn/);
    await store.append(record(4));
    r = await store.read();
    assert.deepEqual(
      r.records.map((x) => x.before.match(/return (\d+)/)![1]),
      ["1", "2", "4"],
    );
    assert.deepEqual(
      r.warnings.map((w) => w.line),
      [3],
    );
  });

  void it("reports invalid and corrupt lines in the middle with their line numbers", async () => {
    const store = new DatasetStore({ dir: await tmp() });
    await store.append(record(1));
    await fs.appendFile(store.path, '{"id": 5}\n\n{not json\n');
    await store.append(record(2));
    const r = await store.read();
    assert.equal(r.records.length, 2);
    assert.deepEqual(
      r.warnings.map((w) => w.line),
      [2, 4],
    );
    assert.match(r.warnings[0]!.message, /invalid record: id must be a string/);
  });

  void it("two processes appending large records at once never interleave lines", async () => {
    const dir = await tmp();
    const script = join(dir, "appender.mts");
    const storeUrl = new URL("../../server/src/core/dataset/DatasetStore.ts", import.meta.url).href;
    await fs.writeFile(
      script,
      `import { DatasetStore } from ${JSON.stringify(storeUrl)};
const store = new DatasetStore({ dir: ${JSON.stringify(dir)} });
const tag = process.argv[2];
for (let i = 0; i < 15; i++) {
  await store.append({ source: "synthetic", file: tag + i, before: tag.repeat(700000), after: "", tests: { kind: "auto" },
    trace: null, model: "m", outcome: { solved: false, passed: 0, total: 1 } });
}
`,
    );
    const runOne = (tag: string): Promise<number> =>
      new Promise((resolve, reject) => {
        const p = spawn(process.execPath, ["--import", "tsx", script, tag], {
          cwd: join(here, "../.."),
          stdio: "inherit",
        });
        p.on("error", reject);
        p.on("exit", (code) => resolve(code ?? -1));
      });
    assert.deepEqual(await Promise.all([runOne("A"), runOne("B")]), [0, 0]);
    const store = new DatasetStore({ dir });
    const { records, warnings } = await store.read();
    assert.deepEqual(warnings, []);
    assert.equal(records.length, 30);
    for (const r of records) assert.equal(r.before, r.file[0]!.repeat(700000));
    assert.equal(records.filter((r) => r.file.startsWith("A")).length, 15);
    await assert.rejects(fs.access(store.lockPath)); // released
  });

  void it("breaks a stale lock left by a dead process, and times out on a live one", async () => {
    const dir = await tmp();
    const store = new DatasetStore({ dir, lockTimeoutMs: 300 });
    await fs.writeFile(
      store.lockPath,
      JSON.stringify({
        pid: 2 ** 22 + 12345,
        host: (await import("node:os")).hostname(),
        token: "dead",
        time: Date.now(),
      }),
    );
    await store.append(record(1)); // dead owner: broken at once
    await withFileLock(store.lockPath, async () => {
      await assert.rejects(store.append(record(2)), /could not lock/);
    });
    const old = new DatasetStore({ dir, lockTimeoutMs: 2000, staleLockMs: 50 });
    await fs.writeFile(store.lockPath, "garbage"); // unreadable lock: judged by its age
    await new Promise((r) => setTimeout(r, 80));
    await old.append(record(3));
    assert.equal((await store.read()).records.length, 2);
  });
});

// ---------------------------------------------------------------- SFT export

/** A stand-in verifier: the tests pass when the code equals `good`. */
function fakeVerifier(good: string): Verifier & { calls: number } {
  const v = {
    calls: 0,
    concurrency: 1,
    async verify(req: VerifyRequest): Promise<Verdict> {
      v.calls++;
      const pass = joinLines(splitLines(req.code)) === joinLines(splitLines(good));
      return {
        kind: "ok",
        passed: pass ? 1 : 0,
        total: 1,
        tests: [{ name: "assert f() == 2", status: pass ? "pass" : "fail", ...(pass ? {} : { got: "0" }) }],
        ms: 1,
      };
    },
    async dispose() {},
  };
  return v;
}

void describe("exportSft", () => {
  const before = "def f():\n    return 1 - 1\n";
  const after = "def f():\n    return 1 + 1\n";
  const verdict = (pass: boolean): Verdict => ({
    kind: "ok",
    passed: pass ? 1 : 0,
    total: 1,
    tests: [{ name: "assert f() == 2", status: pass ? "pass" : "fail" }],
    ms: 1,
  });

  void it("exports a solved trace through formatChat, and a hand fix via diffToTrace with a verifier", async () => {
    const dir = await tmp();
    const store = new DatasetStore({ dir });
    const trace = {
      file: "solution.py",
      model: "m",
      solved: true,
      initialCode: before,
      initialPassed: 0,
      initialTotal: 1,
      finalCode: after,
      initialVerdict: verdict(false),
      steps: [
        {
          command: "REPW 2 >>>- >>>+",
          code: after,
          diff: "",
          passed: 1,
          total: 1,
          verdict: verdict(true),
          reward: 1,
          tokens: 5,
          ms: 1,
        },
        { command: "EXIT", code: after, diff: "", passed: 1, total: 1, reward: 0, tokens: 1, ms: 1 },
      ],
      reward: 1,
      partial: 1,
      tokens: 6,
      ms: 2,
      stop: "exit",
    } as Trace;
    await store.append({
      ...record(1),
      before,
      after,
      source: "accepted",
      trace,
      description: "return two",
      model: "m",
    });
    await store.append({ ...record(1), before, after }); // a hand fix: no trace
    await store.append({ ...record(1), outcome: { solved: false, passed: 0, total: 1 } });

    // Without a verifier the hand fix has no states to show: skipped with a reason.
    const out = join(dir, "sft", "train.jsonl");
    let res = await store.exportSft({ out });
    assert.equal(res.written, 1);
    assert.deepEqual(
      res.skipped.map((s) => s.reason),
      ["a state has no stored verdict: pass a verifier to rebuild it", "not solved"],
    );
    const first = JSON.parse((await fs.readFile(out, "utf8")).split("\n")[0]!);
    const expected = formatChat(
      { description: "return two", tests: "assert f() == 2" },
      [renderState(splitLines(before), verdict(false)), renderState(splitLines(after), verdict(true))],
      ["REPW 2 >>>- >>>+", "EXIT"],
    ).map((m) => ({ role: m.role, content: m.text }));
    assert.deepEqual(first, { messages: expected });

    const verifier = fakeVerifier(after);
    res = await store.exportSft({ out, verifier });
    assert.equal(res.written, 2);
    const lines = (await fs.readFile(out, "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { messages: { role: string; content: string }[] });
    const hand = lines[1]!.messages;
    assert.deepEqual(
      hand.map((m) => m.role),
      ["system", "user", "assistant", "user", "assistant"],
    );
    assert.equal(hand[2]!.content, "REPW 2 >>>- >>>+");
    assert.match(hand[1]!.content, /0\/1 tests pass/);
    assert.match(hand[3]!.content, /1\/1 tests pass/);
    assert.equal(hand[4]!.content, "EXIT");
    assert.ok(verifier.calls >= 2);
  });
});
