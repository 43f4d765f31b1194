import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pc from "picocolors";
import { parseSuite, type EvalTask } from "../core/eval/index.js";
import { PythonVerifier } from "../core/python/PythonVerifier.js";
import { makeRepairSuite } from "../core/synth/makeRepairSuite.js";
import { mbppPath, packageRoot } from "./packageRoot.js";

/** Fixed seed and shape of the `mbpp-repair` suite: MBPP's test split (11-510), 1-3 corruptions each. */
export const MBPP_REPAIR = { seed: 20250707, corruptions: [1, 3] as [number, number], version: 1 };

/** The built-in suites: `mbpp-repair` (the benchmark, test split) and `mbpp-val-repair` (the validation
 *  split 511-600 with another seed: programs the trainer saw, corruptions it did not; used to decide
 *  whether a training round is promoted, so the benchmark never steers training). */
export const BUILTIN_SUITES: Record<string, { taskIds: [number, number]; seed: number }> = {
  "mbpp-repair": { taskIds: [11, 510], seed: MBPP_REPAIR.seed },
  "mbpp-val-repair": { taskIds: [511, 600], seed: MBPP_REPAIR.seed + 1 },
};

/**
 * The `mbpp-repair` evaluation suite, built once from the MBPP test split with a fixed seed and
 * cached under .cache/ (building verifies every corruption: about a minute). Never used for training.
 */
export async function buildMbppRepairSuite(name = "mbpp-repair"): Promise<EvalTask[]> {
  const spec = BUILTIN_SUITES[name];
  if (!spec) throw new Error(`unknown built-in suite ${name}`);
  const dir = join(packageRoot(), ".cache");
  const cache = join(dir, `${name}-v${MBPP_REPAIR.version}-${spec.seed}.jsonl`);
  if (existsSync(cache)) return parseSuite(readFileSync(cache, "utf8"), cache);
  process.stderr.write(pc.dim(`building the ${name} suite from MBPP (once)...\n`));
  const verifier = new PythonVerifier({});
  try {
    const { tasks } = await makeRepairSuite({
      verifier,
      seed: MBPP_REPAIR.seed,
      corruptions: MBPP_REPAIR.corruptions,
      path: mbppPath(),
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
