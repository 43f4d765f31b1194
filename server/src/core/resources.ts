import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The one resource locator: every file the product reads from its own package (the bundled model,
 * MBPP, the tree-sitter .wasm files, the Python worker, the trainer) is found here, from the package
 * folder: the source checkout, or the unpacked .vsix (its extension/ folder). Nothing outside the
 * package is looked at (no folder beside the package, no absolute path); these variables override:
 *
 *   COE_MBPP              a full mbpp.jsonl (all splits) instead of data/mbpp/
 *   COE_WORKER_PATH       coe_worker.py
 *   COE_TREE_SITTER_DIR   a folder with tree-sitter.wasm and tree-sitter-python.wasm
 */

/** The folder of the running code: server/src/core from source (tsx), dist/ in a bundle. */
function codeDir(): string {
  // The one place that needs this: a CJS bundle (dist/server.cjs) has __dirname and an empty
  // import.meta.url; ES modules (source, dist/cli.js, dist/model.mjs) have import.meta.url only.
  return typeof __dirname === "string" ? __dirname : dirname(fileURLToPath(import.meta.url));
}

let root: string | undefined;

/** The package folder: the nearest folder above the running code whose package.json is coe-repair's. */
function packageRoot(): string {
  if (root) return root;
  for (let dir = codeDir(), up = 0; up < 8; up++, dir = dirname(dir)) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "coe-repair")
      return (root = dir);
  }
  throw new Error(`cannot find the coe-repair package folder above ${codeDir()}`);
}

/** The model a fresh install repairs with (trained by the project, DESIGN §6). */
function bundledModelPath(): string {
  return join(packageRoot(), "models", "coe-tiny.gguf");
}

/** The code n-gram of the ranker's naturalness features (`coe ranker ngram`, CodeNgram.ts); may be absent. */
function bundledNgramPath(): string {
  return join(packageRoot(), "models", "code-ngram.json");
}

/** The learned ranker of the ranked mode (fitted by `coe ranker fit`, docs/ranking.md); may be absent. */
function bundledRankerPath(): string {
  return join(packageRoot(), "models", "ranker.json");
}

export type MbppFileSplit = "test" | "train-validation";

/**
 * The MBPP files holding the splits asked for (DESIGN §6): data/mbpp/mbpp-train-validation.jsonl
 * (511-974, also in the .vsix) and data/mbpp/mbpp-test.jsonl (11-510, the repository only), or
 * $COE_MBPP. Throws, naming the file, when one is missing.
 */
function mbppFiles(splits: readonly MbppFileSplit[]): string[] {
  const fromEnv = process.env.COE_MBPP;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`COE_MBPP names a missing file: ${fromEnv}`);
    return [resolve(fromEnv)];
  }
  return [...new Set(splits)].map((split) => {
    const file = join(packageRoot(), "data", "mbpp", `mbpp-${split}.jsonl`);
    if (!existsSync(file))
      throw new Error(
        split === "test"
          ? `MBPP's test split is not here (${file}): it is for evaluation suites, in the repository only (not in the .vsix)`
          : `MBPP not found: ${file} is missing (set COE_MBPP to an mbpp.jsonl)`,
      );
    return file;
  });
}

/** server/python/coe_worker.py (source), or dist/python/coe_worker.py beside a bundle; or `explicit`, $COE_WORKER_PATH. */
function workerScriptPath(explicit?: string): string {
  const given = [explicit, process.env.COE_WORKER_PATH].find((p) => p && existsSync(p));
  if (given) return resolve(given);
  const candidates = [
    explicit,
    process.env.COE_WORKER_PATH,
    join(codeDir(), "python", "coe_worker.py"),
    join(packageRoot(), "server", "python", "coe_worker.py"),
    join(packageRoot(), "dist", "python", "coe_worker.py"),
  ];
  return firstExisting("coe_worker.py", candidates);
}

/** Paths of the two .wasm files tree-sitter needs for Python. */
export interface TreeSitterWasm {
  /** web-tree-sitter's runtime (tree-sitter.wasm). */
  runtime: string;
  /** The Python grammar (tree-sitter-python.wasm). */
  python: string;
}

/** The tree-sitter .wasm files: `explicit`, $COE_TREE_SITTER_DIR, beside a bundle (dist/), or from node_modules. */
function treeSitterWasm(explicit: Partial<TreeSitterWasm> = {}): TreeSitterWasm {
  const one = (file: string, pkg: string, given?: string): string => {
    const dir = process.env.COE_TREE_SITTER_DIR;
    let installed: string | undefined;
    try {
      installed = createRequire(join(packageRoot(), "package.json")).resolve(`${pkg}/${file}`);
    } catch {
      // not installed (an unpacked .vsix): the copy beside the bundle is the one
    }
    return firstExisting(file, [given, dir && join(dir, file), join(codeDir(), file), installed]);
  };
  return {
    runtime: one("tree-sitter.wasm", "web-tree-sitter", explicit.runtime),
    python: one("tree-sitter-python.wasm", "tree-sitter-python", explicit.python),
  };
}

/** trainer/ (the coe_trainer package the training rounds run). */
function trainerDir(): string {
  const dir = join(packageRoot(), "trainer");
  if (!existsSync(join(dir, "coe_trainer"))) throw new Error(`the trainer is missing: no ${join(dir, "coe_trainer")}`);
  return dir;
}

function firstExisting(what: string, candidates: Array<string | undefined>): string {
  const tried = candidates.filter((c): c is string => !!c).map((c) => resolve(c));
  const found = tried.find((c) => existsSync(c));
  if (!found) throw new Error(`${what} not found; tried:\n  ${tried.join("\n  ")}`);
  return found;
}

/** The package's own files, found one way (see the top of this file). */
export const resources = {
  codeDir,
  packageRoot,
  bundledModel: bundledModelPath,
  bundledRanker: bundledRankerPath,
  bundledNgram: bundledNgramPath,
  mbppFiles,
  workerScript: workerScriptPath,
  treeSitterWasm,
  trainerDir,
};
