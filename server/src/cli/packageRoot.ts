import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The folder of this package (works from server/src under tsx, from the ESM CLI bundle and from the
 * CJS language-server bundle dist/server.cjs, where import.meta.url is empty but __dirname is set).
 */
export function packageRoot(): string {
  let dir = typeof __dirname === "string" ? __dirname : dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "coe-repair")
      return dir;
    dir = dirname(dir);
  }
  throw new Error("cannot find the coe-repair package folder");
}

/** The model a fresh install repairs with (trained by the project, DESIGN §6). */
export function defaultModelPath(): string {
  return join(packageRoot(), "models", "coe-tiny.gguf");
}

/** MBPP (mbpp.jsonl): $COE_MBPP, else the shared data folder beside the checkout. */
export function mbppPath(): string {
  const fromEnv = process.env.COE_MBPP;
  if (fromEnv) return fromEnv;
  const candidates = [
    join(packageRoot(), "..", "shared", "data", "mbpp", "mbpp.jsonl"),
    "/work/shared/data/mbpp/mbpp.jsonl",
  ];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`MBPP not found (looked in ${candidates.join(", ")}); set COE_MBPP to mbpp.jsonl`);
  return found;
}
