import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pc from "picocolors";
import { parseSuite, type EvalTask } from "../core/eval/index.js";
import { PythonVerifier } from "../core/python/PythonVerifier.js";
import { makeRepairSuite } from "../core/synth/makeRepairSuite.js";
import { resources } from "../core/resources.js";

/** Fixed seed and shape of the `mbpp-repair` suite: MBPP's test split (11-510), 1-3 corruptions each. */
export const MBPP_REPAIR = { seed: 20250707, corruptions: [1, 3] as [number, number], version: 1 };

export interface BuiltinSuite {
  taskIds: [number, number];
  seed: number;
  corruptions: [number, number];
  /** May its solved tasks go to a training dataset (`coe eval --dataset`)? Never for the benchmark. */
  trainable: boolean;
}

/** The built-in suites, each from one MBPP split with its own seed:
 *  - `mbpp-repair`: the benchmark (test split 11-510). Never trained on, never steers training.
 *  - `mbpp-val-repair`: validation split 511-600, programs the trainer saw with corruptions it did not;
 *    decides whether a training round is promoted, so it is not trained on either.
 *  - `mbpp-train-repair`: train split 601-974, 1-2 corruptions: failures to run the search on and
 *    learn from (`coe eval --suite mbpp-train-repair --dataset DIR`, then `coe train sft --dataset DIR`). */
export const BUILTIN_SUITES: Record<string, BuiltinSuite> = {
  "mbpp-repair": { taskIds: [11, 510], seed: MBPP_REPAIR.seed, corruptions: MBPP_REPAIR.corruptions, trainable: false },
  "mbpp-val-repair": {
    taskIds: [511, 600],
    seed: MBPP_REPAIR.seed + 1,
    corruptions: MBPP_REPAIR.corruptions,
    trainable: false,
  },
  "mbpp-train-repair": { taskIds: [601, 974], seed: MBPP_REPAIR.seed + 2, corruptions: [1, 2], trainable: true },
};

/**
 * A built-in repair suite, built once from its MBPP split with its fixed seed and cached under
 * .cache/ (building verifies every corruption: about a minute for the test split).
 */
export async function buildMbppRepairSuite(name = "mbpp-repair"): Promise<EvalTask[]> {
  const spec = BUILTIN_SUITES[name];
  if (!spec) throw new Error(`unknown built-in suite ${name}`);
  const dir = join(resources.packageRoot(), ".cache");
  const cache = join(dir, `${name}-v${MBPP_REPAIR.version}-${spec.seed}.jsonl`);
  if (existsSync(cache)) return parseSuite(readFileSync(cache, "utf8"), cache);
  process.stderr.write(pc.dim(`building the ${name} suite from MBPP (once)...\n`));
  const verifier = new PythonVerifier({});
  try {
    const { tasks } = await makeRepairSuite({
      verifier,
      taskIds: [spec.taskIds],
      seed: spec.seed,
      corruptions: spec.corruptions,
    });
    const lines = tasks.map((t) =>
      JSON.stringify({
        id: t.id,
        code: t.code,
        tests: t.tests,
        description: t.description,
        kinds: t.kinds,
        nCorruptions: t.nCorruptions,
      }),
    );
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${cache}.tmp`, lines.join("\n") + "\n");
    renameSync(`${cache}.tmp`, cache);
    return parseSuite(lines.join("\n"), name);
  } finally {
    await verifier.dispose();
  }
}
