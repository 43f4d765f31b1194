import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { assertTrainable, type MbppTask } from "../synth/loadMbpp.js";
import { runTrainer } from "../train/runTrainer.js";

export interface AmplifyTestsOptions {
  /** MBPP train programs (the test split is refused). */
  tasks: readonly MbppTask[];
  /** New tests per task, at most (default 6). */
  perTask?: number;
  seed?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/**
 * MBPP train programs with more tests (trainer/coe_trainer/amplify_tests.py): the literal arguments of
 * each `assert f(args) == y` perturbed one at a time, the expected value computed by the reference
 * solution. Why: MBPP's three asserts leave an injected bug ONE visible test under `--hidden 0.5`, which
 * it fails, so the ranker's training states never pass some tests and fail others, unlike real bugs,
 * and never show what per-test coverage is worth. The originals stay first, so `splitHidden` keeps
 * them visible.
 */
export async function amplifyTests(options: AmplifyTestsOptions): Promise<MbppTask[]> {
  assertTrainable(options.tasks.map((t) => t.task_id));
  const dir = mkdtempSync(join(tmpdir(), "coe-amplify-"));
  try {
    const input = join(dir, "in.jsonl");
    const output = join(dir, "out.jsonl");
    writeFileSync(input, options.tasks.map((t) => JSON.stringify(t)).join("\n") + "\n");
    await runTrainer({
      module: "amplify_tests",
      args: [input, output, "--per-task", String(options.perTask ?? 6), "--seed", String(options.seed ?? 1)],
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (p) => options.onProgress?.(Number(p.step ?? 0), Number(p.steps ?? options.tasks.length)),
    });
    const tests = new Map<number, string[]>();
    for (const line of readFileSync(output, "utf8").split("\n")) {
      if (!line.trim()) continue;
      const t = JSON.parse(line) as Pick<MbppTask, "task_id" | "test_list">;
      tests.set(t.task_id, t.test_list);
    }
    return options.tasks.map((t) => ({ ...t, test_list: tests.get(t.task_id) ?? t.test_list }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
