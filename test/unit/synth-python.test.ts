/**
 * makeDemos and makeRepairSuite with the real PythonVerifier on a handful of MBPP tasks
 * (a few seconds): the tests really catch the kept corruptions and the inverse trace really
 * ends solved. Skipped when python3 is missing.
 */
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { replayCommands } from "../../server/src/core/dataset/diffToTrace.js";
import { joinLines, parseCommand } from "../../server/src/core/dsl/index.js";
import { PythonVerifier } from "../../server/src/core/python/PythonVerifier.js";
import { loadMbpp, makeDemos, makeRepairSuite } from "../../server/src/core/synth/index.js";

const python = process.env.COE_PYTHON ?? "python3";
const hasPython = spawnSync(python, ["-c", "print(1)"]).status === 0;

void describe("synthetic data with the real verifier", { skip: !hasPython && "no python3" }, () => {
  const verifier = hasPython ? new PythonVerifier({ concurrency: 1 }) : undefined;
  after(() => verifier?.dispose());

  void it("demos: kept corruptions fail the real tests and the inverse trace ends solved", async () => {
    const tasks = loadMbpp({ taskIds: [601, 602, 605] });
    const { demos, stats } = await makeDemos({
      tasks,
      verifier: verifier!,
      seed: 3,
      variantsPerTask: 2,
      timeoutMs: 10_000,
    });
    assert.equal(stats.originalsFailing, 0);
    assert.ok(demos.length >= 4, JSON.stringify(stats));
    for (const d of demos) {
      const first = d.states[0]!;
      assert.doesNotMatch(first, /\*\*\*\n(\d+)\/\1 tests pass/); // caught by the tests
      assert.match(d.states[d.states.length - 1]!, /\*\*\*\n3\/3 tests pass$/);
      const corrupted = joinLines(
        first
          .slice(0, first.indexOf("\n***"))
          .split("\n")
          .map((l) => /^L \d+ (.*)$/s.exec(l)![1]!),
      );
      const task = tasks.find((t) => t.task_id === d.taskId)!;
      assert.equal(
        replayCommands(
          corrupted,
          d.commands.map((c) => parseCommand(c)),
        ),
        task.code,
      );
    }
  });

  void it("repair suite: corrupted test-split programs fail, originals pass", async () => {
    const { tasks, stats } = await makeRepairSuite({
      verifier: verifier!,
      taskIds: [[11, 13]],
      seed: 1,
      timeoutMs: 10_000,
    });
    assert.equal(stats.programs, 3);
    assert.equal(tasks.length, 3 - stats.originalsFailing - stats.uncaught);
    assert.ok(tasks.length >= 2);
    for (const t of tasks) {
      const v = await verifier!.verify({
        code: t.code,
        tests: { kind: "snippets", snippets: t.tests },
        timeoutMs: 10_000,
      });
      assert.ok(!(v.kind === "ok" && v.passed === v.total), `task ${t.id} passes its tests`);
    }
  });
});
