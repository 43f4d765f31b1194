import type { Verifier } from "../python/Verifier.js";
import { corrupt, type CorruptionKind } from "./corrupt.js";
import { isSolved } from "../types.js";
import { mapPool } from "./inverseEpisode.js";
import { loadMbpp, MBPP_SPLITS, mbppSnippets } from "./loadMbpp.js";
import { mixSeed } from "./rng.js";

/**
 * The `mbpp-repair` evaluation suite: MBPP programs (by default the test split 11-510, the only
 * allowed use of it) corrupted with a fixed seed, kept only when the tests catch the corruption.
 * Each task is an EvalTask (core/eval/EvalTask.ts) plus the original program for reference.
 */
export interface RepairSuiteTask {
  /** "mbpp-repair-<task>[-<variant>]" */
  id: string;
  taskId: number;
  /** The corrupted program to repair. */
  code: string;
  /** Verifier snippets: each assert with the task's setup code before it. */
  tests: string[];
  description: string;
  kinds: string[];
  nCorruptions: number;
  /** The reference program the corruption started from. */
  original: string;
}

export interface MakeRepairSuiteOptions {
  verifier: Verifier;
  /** Task ids or inclusive ranges; default the MBPP test split. */
  taskIds?: Array<number | [number, number]>;
  seed: number;
  /** Inclusive range of the number of edits (default [1, 3]). */
  corruptions?: [number, number];
  /** Tasks per program (default 1). */
  variantsPerTask?: number;
  /** Seeds tried per variant until the tests catch the corruption (default 5). */
  attempts?: number;
  kinds?: readonly CorruptionKind[];
  /** A full mbpp.jsonl (default: the package's MBPP data, core/resources.ts). */
  path?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface RepairSuiteStats {
  programs: number;
  originalsFailing: number;
  /** Variants for which no attempt produced a corruption the tests catch. */
  uncaught: number;
  tasks: number;
}

export async function makeRepairSuite(
  options: MakeRepairSuiteOptions,
): Promise<{ tasks: RepairSuiteTask[]; stats: RepairSuiteStats }> {
  const programs = loadMbpp({
    path: options.path,
    taskIds: options.taskIds ?? [[...MBPP_SPLITS.test]],
    purpose: "eval",
  });
  const [minEdits, maxEdits] = options.corruptions ?? [1, 3];
  const variants = options.variantsPerTask ?? 1;
  const attempts = options.attempts ?? 5;
  const donors = programs.map((p) => p.code);
  const stats: RepairSuiteStats = { programs: programs.length, originalsFailing: 0, uncaught: 0, tasks: 0 };
  const perProgram = await mapPool(programs, options.verifier.concurrency, async (task) => {
    options.signal?.throwIfAborted();
    const tests = mbppSnippets(task);
    const verify = (code: string) =>
      options.verifier.verify({
        code,
        tests: { kind: "snippets", snippets: tests },
        timeoutMs: options.timeoutMs,
        signal: options.signal,
      });
    if (!isSolved(await verify(task.code))) {
      stats.originalsFailing++;
      return [];
    }
    const out: RepairSuiteTask[] = [];
    const seen = new Set<string>();
    for (let v = 0; v < variants; v++) {
      let found = false;
      for (let a = 0; a < attempts && !found; a++) {
        const c = corrupt(task.code, {
          seed: mixSeed(options.seed, task.task_id, v, a),
          minEdits,
          maxEdits,
          kinds: options.kinds,
          donors: donors.filter((d) => d !== task.code),
        });
        if (c.edits.length === 0 || seen.has(c.code)) continue;
        if (isSolved(await verify(c.code))) continue;
        seen.add(c.code);
        found = true;
        out.push({
          id: variants === 1 ? `mbpp-repair-${task.task_id}` : `mbpp-repair-${task.task_id}-${v}`,
          taskId: task.task_id,
          code: c.code,
          tests,
          description: task.text,
          kinds: c.edits.map((e) => e.kind),
          nCorruptions: c.edits.length,
          original: task.code,
        });
      }
      if (!found) stats.uncaught++;
    }
    return out;
  });
  const tasks = perProgram.flat();
  stats.tasks = tasks.length;
  return { tasks, stats };
}
