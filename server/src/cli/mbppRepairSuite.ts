import { join } from "node:path";
import pc from "picocolors";
import { loadBuiltinSuite, type EvalTask } from "../core/eval/index.js";
import { resources } from "../core/resources.js";

/** The policy table lives in core (core/eval/suitePolicy.ts); re-exported for scripts. */
export { BUILTIN_SUITES } from "../core/eval/index.js";

/**
 * A built-in suite's tasks (MBPP suites built once and cached under .cache/, hand-written suites read
 * from suites/), with this package's folders. The policy itself is core/eval/suitePolicy.ts.
 */
export async function buildMbppRepairSuite(name = "mbpp-repair"): Promise<EvalTask[]> {
  const root = resources.packageRoot();
  return loadBuiltinSuite({
    name,
    root,
    cacheDir: join(root, ".cache"),
    log: (line) => process.stderr.write(pc.dim(line + "\n")),
  });
}
