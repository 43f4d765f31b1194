import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pc from "picocolors";
import { parseSuite, type EvalTask } from "../core/eval/index.js";
import { PythonVerifier } from "../core/python/PythonVerifier.js";
import { makeRepairSuite } from "../core/synth/makeRepairSuite.js";
import { mbppPath, packageRoot } from "./packageRoot.js";

/** Fixed seed and shape of the `mbpp-repair` suite: MBPP's test split (11-510), 1-3 corruptions each. */
export const MBPP_REPAIR = { seed: 20250707, corruptions: [1, 3] as [number, number], version: 1 };

/**
 * The `mbpp-repair` evaluation suite, built once from the MBPP test split with a fixed seed and
 * cached under .cache/ (building verifies every corruption: about a minute). Never used for training.
 */
export async function buildMbppRepairSuite(): Promise<EvalTask[]> {
  const dir = join(packageRoot(), ".cache");
  const cache = join(dir, `mbpp-repair-v${MBPP_REPAIR.version}-${MBPP_REPAIR.seed}.jsonl`);
  if (existsSync(cache)) return parseSuite(readFileSync(cache, "utf8"), cache);
  process.stderr.write(pc.dim("building the mbpp-repair suite from MBPP's test split (once)...\n"));
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
    return parseSuite(lines.join("\n"), "mbpp-repair");
  } finally {
    await verifier.dispose();
  }
}
