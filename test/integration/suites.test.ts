import { test } from "node:test";
import assert from "node:assert/strict";
import { BUILTIN_SUITES, buildMbppRepairSuite } from "../../server/src/cli/mbppRepairSuite.js";

// Each built-in suite comes from its own MBPP split (a regression: mbpp-val-repair was once built from
// the test split), so data collected on mbpp-train-repair never contains a benchmark program.
for (const name of ["mbpp-val-repair", "mbpp-train-repair"]) {
  test(`${name} is built from MBPP ${BUILTIN_SUITES[name]!.taskIds.join("-")} only`, { timeout: 300_000 }, async () => {
    const spec = BUILTIN_SUITES[name]!;
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

test("only the train suite may feed a dataset", () => {
  assert.deepEqual(
    Object.entries(BUILTIN_SUITES)
      .filter(([, s]) => s.trainable)
      .map(([n]) => n),
    ["mbpp-train-repair"],
  );
});
