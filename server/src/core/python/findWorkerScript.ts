import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The directory of this module, both when it runs as ESM source (tsx, tests) and inside an
 * esbuild CJS bundle (where `import.meta.url` is empty but `__dirname` exists).
 */
export function moduleDir(): string {
  if (typeof __dirname === "string") return __dirname;
  return path.dirname(fileURLToPath(import.meta.url));
}

/**
 * Finds server/python/coe_worker.py. Looks, in order, at `explicit`, $COE_WORKER_PATH, then
 * walks up from this module's directory checking `<dir>/python/` (a bundle in dist/, where the
 * build copies server/python to dist/python) and `<dir>/server/python/` (the source tree), and
 * finally the current directory. Throws with every path it tried.
 */
export function findWorkerScript(explicit?: string): string {
  const tried: string[] = [];
  const check = (candidate: string | undefined): string | undefined => {
    if (!candidate) return undefined;
    const full = path.resolve(candidate);
    tried.push(full);
    return existsSync(full) ? full : undefined;
  };
  const direct = check(explicit) ?? check(process.env.COE_WORKER_PATH);
  if (direct) return direct;
  const starts = [moduleDir(), process.cwd()];
  for (const start of starts) {
    let dir = start;
    for (let up = 0; up < 7; up++) {
      const found =
        check(path.join(dir, "python", "coe_worker.py")) ?? check(path.join(dir, "server", "python", "coe_worker.py"));
      if (found) return found;
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error(`coe_worker.py not found; tried:\n  ${tried.join("\n  ")}`);
}
