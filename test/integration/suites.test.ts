import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildMbppRepairSuite } from "../../server/src/cli/mbppRepairSuite.js";
import { PythonVerifier } from "../../server/src/core/python/PythonVerifier.js";
import {
  BUILTIN_SUITES,
  SPLIT,
  splitOf,
  trainableError,
  type MbppSuiteSource,
} from "../../server/src/core/eval/index.js";

const mbppSource = (name: string): MbppSuiteSource => {
  const source = BUILTIN_SUITES[name]!.source;
  assert.equal(source.kind, "mbpp");
  return source as MbppSuiteSource;
};

// Each built-in suite comes from its own MBPP split (a regression: mbpp-val-repair was once built from
// the test split), so data collected on mbpp-train-repair never contains a benchmark program.
for (const name of ["mbpp-val-repair", "mbpp-train-repair"]) {
  test(`${name} is built from MBPP ${mbppSource(name).taskIds.join("-")} only`, { timeout: 300_000 }, async () => {
    const spec = mbppSource(name);
    const tasks = await buildMbppRepairSuite(name);
    assert.ok(tasks.length > (spec.taskIds[1] - spec.taskIds[0]) / 2, `${tasks.length} tasks`);
    for (const t of tasks) {
      const id = Number(/^mbpp-repair-(\d+)/.exec(t.id)?.[1]);
      assert.ok(id >= spec.taskIds[0] && id <= spec.taskIds[1], `${t.id} outside ${spec.taskIds.join("-")}`);
      assert.ok(t.nCorruptions! >= spec.corruptions[0] && t.nCorruptions! <= spec.corruptions[1]);
      assert.ok(t.tests.length > 0);
    }
  });
}

test("only the train suites may feed a dataset; report suites never tune", () => {
  const names = (pick: (s: (typeof BUILTIN_SUITES)[string]) => boolean): string[] =>
    Object.entries(BUILTIN_SUITES)
      .filter(([, s]) => pick(s))
      .map(([n]) => n);
  assert.deepEqual(
    names((s) => s.trainable),
    ["mbpp-train-repair", "train-bugs"],
  );
  for (const n of names((s) => s.split === "report")) assert.equal(BUILTIN_SUITES[n]!.tunable, false, n);
  assert.equal(BUILTIN_SUITES["mbpp-repair"]!.tunable, false);
});

test("real-bugs: tune and report split it in two by the seeded hash of the id", async () => {
  const all = await buildMbppRepairSuite("real-bugs");
  const tune = await buildMbppRepairSuite("real-bugs-tune");
  const report = await buildMbppRepairSuite("real-bugs-report");
  assert.ok(all.length >= 130, `${all.length} tasks`);
  assert.equal(tune.length + report.length, all.length);
  const tuneIds = new Set(tune.map((t) => t.id));
  assert.ok(report.every((t) => !tuneIds.has(t.id) && t.split === "report" && splitOf(t.id) === "report"));
  assert.ok(tune.every((t) => t.split === "tune"));
  // about 40% tune: the hash is fair within a few standard deviations
  const share = tune.length / all.length;
  assert.ok(Math.abs(share - SPLIT.tuneFraction) < 0.12, `tune share ${share}`);
  // every task has an even number of tests: --hidden 0.5 holds back exactly its hidden half
  assert.ok(all.every((t) => t.tests.length % 2 === 0));
});

test("the val splits partition mbpp-val-repair", { timeout: 300_000 }, async () => {
  const all = await buildMbppRepairSuite("mbpp-val-repair");
  const tune = await buildMbppRepairSuite("mbpp-val-repair-tune");
  const report = await buildMbppRepairSuite("mbpp-val-repair-report");
  assert.equal(tune.length + report.length, all.length);
  assert.ok(tune.every((t) => t.split === "tune") && report.every((t) => t.split === "report"));
  assert.ok(Math.abs(tune.length / all.length - SPLIT.tuneFraction) < 0.12, `${tune.length} of ${all.length} in tune`);
});

for (const file of ["suites/real-bugs.jsonl", "suites/train-bugs.jsonl"])
  test(`check_suite.py passes on the whole of ${file} (sandboxed child per version)`, { timeout: 120_000 }, () => {
    const r = spawnSync("python3", ["suites/check_suite.py", file], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /(\d+)\/\1 tasks ok/);
  });

test("train-bugs is trainable, carries no split, and shares no task with real-bugs", async () => {
  const train = await buildMbppRepairSuite("train-bugs");
  const real = (await buildMbppRepairSuite("real-bugs")) as Array<EvalTaskWithFix>;
  assert.ok(train.length >= 120, `${train.length} tasks`);
  assert.ok(train.every((t) => /^tb-\d{3}-/.test(t.id)));
  // the file carries no split label: a labelled suite file is held out wherever it is read by path
  const lines = readFileSync("suites/train-bugs.jsonl", "utf8").trim().split("\n");
  assert.ok(lines.every((l) => !("split" in (JSON.parse(l) as object))));
  assert.equal(trainableError({ suite: "train-bugs" }), undefined);
  const realFixed = new Set(real.map((t) => t.fixed));
  for (const t of train as Array<EvalTaskWithFix>) assert.ok(!realFixed.has(t.fixed), `${t.id} is a real-bugs task`);
  // the committed file is what its builder (which refuses near-copies of real-bugs) makes today
  const dir = mkdtempSync(join(tmpdir(), "coe-tb-"));
  const r = spawnSync("python3", ["suites/make_train_bugs.py", join(dir, "tb.jsonl")], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readFileSync(join(dir, "tb.jsonl"), "utf8"), readFileSync("suites/train-bugs.jsonl", "utf8"));
});

test(
  "real-bugs in the product's own sandbox: fixed passes all, buggy fails a visible test",
  { timeout: 120_000 },
  async () => {
    const tasks = (await buildMbppRepairSuite("real-bugs")) as Array<EvalTaskWithFix>;
    const verifier = new PythonVerifier({});
    try {
      for (const t of tasks) {
        const nVisible = t.nVisible ?? t.tests.length;
        const fixed = await verifier.verify({ code: t.fixed, tests: { kind: "snippets", snippets: t.tests } });
        assert.ok(fixed.kind === "ok" && fixed.passed === fixed.total, `${t.id}: fixed ${fixed.passed}/${fixed.total}`);
        const visible = t.tests.slice(0, nVisible);
        const buggy = await verifier.verify({ code: t.code, tests: { kind: "snippets", snippets: visible } });
        assert.ok(buggy.passed < visible.length, `${t.id}: buggy passes every visible test`);
      }
    } finally {
      await verifier.dispose();
    }
  },
);

type EvalTaskWithFix = Awaited<ReturnType<typeof buildMbppRepairSuite>>[number] & { fixed: string; nVisible?: number };
