import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { BUILTIN_SUITES, parseSuite, type EvalTask } from "../core/eval/index.js";
import { buildMbppRepairSuite } from "./mbppRepairSuite.js";
import { UsageError } from "./UsageError.js";

/** A suite's tasks by built-in name (BUILTIN_SUITES) or path of a JSONL file; bad input is a UsageError. */
export async function loadSuiteTasks(suite: string): Promise<EvalTask[]> {
  if (BUILTIN_SUITES[suite]) return buildMbppRepairSuite(suite);
  const path = resolve(suite);
  if (!existsSync(path)) throw new UsageError(`no such suite: ${suite}`);
  try {
    return parseSuite(readFileSync(path, "utf8"), suite);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}
