import { readFileSync } from "node:fs";
import { joinLines, splitLines } from "../dsl/index.js";
import { resources, type MbppFileSplit } from "../resources.js";

/**
 * MBPP (Austin et al., 2021) as JSON Lines: {task_id, text, code, test_list, test_setup_code,
 * challenge_test_list}. Its official splits by task_id: prompt 1-10, test 11-510,
 * validation 511-600, train 601-974.
 *
 * The test split is for evaluation only (DESIGN §6). Every load names its purpose: "train" (the
 * default) refuses any task of the test split, so no training data can be built from it by
 * accident; "eval" allows it (the mbpp-repair suite).
 */
export type MbppSplit = "prompt" | "test" | "validation" | "train";

export const MBPP_SPLITS: Record<MbppSplit, readonly [number, number]> = {
  prompt: [1, 10],
  test: [11, 510],
  validation: [511, 600],
  train: [601, 974],
};

export interface MbppTask {
  task_id: number;
  text: string;
  /** The reference solution, in normal form: "\n" line ends, no trailing spaces on a line. */
  code: string;
  test_list: string[];
  test_setup_code: string;
  challenge_test_list: string[];
}

export interface LoadMbppOptions {
  /** A full mbpp.jsonl (default: the package's data/mbpp/ files holding the splits asked for, core/resources.ts). */
  path?: string;
  /** The splits to load (default ["train", "validation"]). */
  splits?: MbppSplit[];
  /** Instead of splits: explicit task ids or inclusive ranges. */
  taskIds?: Array<number | [number, number]>;
  /** "train" (default) refuses the test split; "eval" allows it. */
  purpose?: "train" | "eval";
}

/** The split a task id belongs to. */
export function mbppSplitOf(taskId: number): MbppSplit | undefined {
  for (const [name, [lo, hi]] of Object.entries(MBPP_SPLITS))
    if (taskId >= lo && taskId <= hi) return name as MbppSplit;
  return undefined;
}

/** Throws when a task id of the MBPP test split is about to be used for training. */
export function assertTrainable(taskIds: Iterable<number>): void {
  const bad = [...taskIds].filter((id) => mbppSplitOf(id) === "test");
  if (bad.length > 0)
    throw new Error(
      `MBPP test split (task_id ${MBPP_SPLITS.test[0]}-${MBPP_SPLITS.test[1]}) is for evaluation only; ` +
        `refusing ${bad.length} task(s) for training (first: ${bad[0]}). Use purpose: "eval" for an eval suite.`,
    );
}

/** Normal form of MBPP code: "\r\n" to "\n", trailing whitespace removed from each line. */
export function normalizeCode(code: string): string {
  return joinLines(splitLines(code).map((l) => l.trimEnd()));
}

/** The tests of a task as verifier snippets: each assert with the setup code before it. */
export function mbppSnippets(task: MbppTask): string[] {
  const setup = task.test_setup_code.trim();
  return task.test_list.map((t) => (setup ? `${setup}\n${t}` : t));
}

export function loadMbpp(options: LoadMbppOptions = {}): MbppTask[] {
  const purpose = options.purpose ?? "train";
  const wanted = (id: number): boolean => {
    if (options.taskIds)
      return options.taskIds.some((t) => (typeof t === "number" ? t === id : id >= t[0] && id <= t[1]));
    const split = mbppSplitOf(id);
    return split !== undefined && (options.splits ?? ["train", "validation"]).includes(split);
  };
  if (purpose === "train" && !options.taskIds && (options.splits ?? []).includes("test"))
    assertTrainable([MBPP_SPLITS.test[0]]);
  const tasks: MbppTask[] = [];
  const files = options.path ? [options.path] : resources.mbppFiles(filesFor(options));
  const rows = files.flatMap((file) =>
    readFileSync(file, "utf8")
      .split("\n")
      .map((line, i) => ({ file, line, i }))
      .filter(({ line }) => line.trim() !== ""),
  );
  for (const { file, line, i } of rows) {
    let row: MbppTask;
    try {
      row = JSON.parse(line) as MbppTask;
    } catch {
      throw new Error(`${file}:${i + 1}: not JSON`);
    }
    if (!wanted(row.task_id)) continue;
    tasks.push({
      task_id: row.task_id,
      text: row.text,
      code: normalizeCode(row.code),
      test_list: row.test_list,
      test_setup_code: row.test_setup_code ?? "",
      challenge_test_list: row.challenge_test_list ?? [],
    });
  }
  if (purpose === "train") assertTrainable(tasks.map((t) => t.task_id));
  return tasks;
}

/** The package's MBPP files a load needs: the test file only for test-split ids, else train-validation. */
function filesFor(options: LoadMbppOptions): MbppFileSplit[] {
  const ranges = options.taskIds
    ? options.taskIds.map((t) => (typeof t === "number" ? [t, t] : t))
    : (options.splits ?? ["train", "validation"]).map((s) => MBPP_SPLITS[s]);
  const [testLo, testHi] = MBPP_SPLITS.test;
  const files: MbppFileSplit[] = [];
  if (ranges.some(([lo, hi]) => lo <= testHi && hi >= testLo)) files.push("test");
  if (ranges.some(([, hi]) => hi > testHi)) files.push("train-validation");
  return files;
}
