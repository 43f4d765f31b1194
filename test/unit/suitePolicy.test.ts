import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NotTrainableError, recordRepair, DatasetStore } from "../../server/src/core/dataset/index.js";
import { BUILTIN_SUITES, parseSuite, splitOf, trainableError } from "../../server/src/core/eval/index.js";
import type { Trace } from "../../server/src/core/types.js";

const before = "def add(a, b):\n    return a - b\n";
const after = "def add(a, b):\n    return a + b\n";
const trace: Trace = {
  file: "add.py",
  model: "none",
  solved: true,
  initialCode: before,
  initialPassed: 0,
  initialTotal: 1,
  finalCode: after,
  steps: [
    {
      command: "REPL 2 >>>    return a + b",
      code: after,
      diff: "",
      passed: 1,
      total: 1,
      reward: 1,
      tokens: 0,
      ms: 1,
    },
  ],
  reward: 1,
  partial: 1,
  tokens: 0,
  ms: 1,
  stop: "solved",
};
const record = (dir: string, origin?: { suite: string; split?: string }): Promise<void> =>
  recordRepair({
    dir,
    file: "add.py",
    code: before,
    tests: { kind: "snippets", snippets: ["assert add(1, 2) == 3"] },
    trace,
    source: "search",
    model: "none",
    ...(origin ? { origin } : {}),
  });

test("splitOf is a stable seeded hash (the same labels as suites/make_real_bugs.py)", () => {
  // Pinned values: if these move, every suite split moves with them.
  assert.equal(splitOf("rb-001-chunk"), "tune");
  assert.equal(splitOf("rb-006-factorial"), "report");
  assert.equal(splitOf("mbpp-repair-511"), "tune");
  assert.equal(splitOf("mbpp-repair-512"), "report");
  const ids = Array.from({ length: 1000 }, (_, i) => `task-${i}`);
  const tune = ids.filter((id) => splitOf(id) === "tune").length;
  assert.ok(tune > 340 && tune < 460, `${tune} of 1000 in tune`);
  assert.notDeepEqual(
    ids.map((id) => splitOf(id, 1)),
    ids.map((id) => splitOf(id, 2)),
  );
});

test("recording a task of a suite kept for measuring is refused, and nothing is written", async () => {
  const dir = await fs.mkdtemp(join(tmpdir(), "coe-policy-"));
  for (const suite of ["mbpp-repair", "mbpp-val-repair", "real-bugs", "real-bugs-tune", "real-bugs-report"]) {
    await assert.rejects(record(dir, { suite }), (err: Error) => {
      assert.ok(err instanceof NotTrainableError);
      assert.match(err.message, new RegExp(`not recorded: ${suite} is kept for measuring, never for training`));
      return true;
    });
  }
  // a hand-written suite read by path: its split labels mark it as held out
  await assert.rejects(record(dir, { suite: "suites/real-bugs.jsonl", split: "report" }), /task split: report/);
  assert.equal(existsSync(join(dir, "repairs.jsonl")), false);
});

test("the train suite, the user's own suites and files without a suite are recorded", async () => {
  const dir = await fs.mkdtemp(join(tmpdir(), "coe-policy-"));
  await record(dir, { suite: "mbpp-train-repair" });
  await record(dir, { suite: "my-bugs.jsonl" });
  await record(dir);
  const store = new DatasetStore({ dir });
  try {
    const { records } = await store.read();
    assert.equal(records.length, 3);
  } finally {
    await store.dispose();
  }
});

test("trainableError follows the table for every built-in suite", () => {
  for (const [name, spec] of Object.entries(BUILTIN_SUITES))
    assert.equal(trainableError({ suite: name }) === undefined, spec.trainable, name);
});

test("parseSuite keeps a task's split and refuses an unknown one", () => {
  const line = (split: string): string => JSON.stringify({ id: "a", code: "x = 1\n", tests: ["assert x"], split });
  assert.equal(parseSuite(line("report"))[0]!.split, "report");
  assert.throws(() => parseSuite(line("train"), "s.jsonl"), /s\.jsonl:1: "split" must be "tune" or "report"/);
});
