import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Paths of the two .wasm files tree-sitter needs for Python. */
export interface TreeSitterWasm {
  /** web-tree-sitter's runtime (tree-sitter.wasm). */
  runtime: string;
  /** The Python grammar (tree-sitter-python.wasm). */
  python: string;
}

function moduleDir(): string {
  // __dirname exists in an esbuild CJS bundle; under ESM (tsx, tests) import.meta.url does.
  if (typeof __dirname === "string") return __dirname;
  return path.dirname(fileURLToPath(import.meta.url));
}

function findOne(fileName: string, packageName: string, explicit?: string): string {
  const tried: string[] = [];
  const ok = (candidate: string | undefined): string | undefined => {
    if (!candidate) return undefined;
    tried.push(candidate);
    return existsSync(candidate) ? candidate : undefined;
  };
  const here = moduleDir();
  if (ok(explicit)) return explicit!;
  try {
    const found = ok(createRequire(path.join(here, "index.js")).resolve(`${packageName}/${fileName}`));
    if (found) return found;
  } catch {
    // not resolvable from here (e.g. a bundle without node_modules): walk up instead
  }
  for (const start of [here, process.cwd()]) {
    let dir = start;
    for (let up = 0; up < 8; up++) {
      const found =
        ok(path.join(dir, fileName)) ??
        ok(path.join(dir, "wasm", fileName)) ??
        ok(path.join(dir, "node_modules", packageName, fileName));
      if (found) return found;
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error(`${fileName} not found; tried:\n  ${tried.join("\n  ")}`);
}

/**
 * Finds tree-sitter.wasm and tree-sitter-python.wasm: the explicit paths, $COE_TREE_SITTER_DIR,
 * node resolution from this module, then next to a bundle (`<dir>/` or `<dir>/wasm/`) and in
 * `node_modules/<package>/` of every ancestor directory.
 */
export function findTreeSitterWasm(explicit: Partial<TreeSitterWasm> = {}): TreeSitterWasm {
  const dir = process.env.COE_TREE_SITTER_DIR;
  return {
    runtime: findOne(
      "tree-sitter.wasm",
      "web-tree-sitter",
      explicit.runtime ?? (dir && path.join(dir, "tree-sitter.wasm")),
    ),
    python: findOne(
      "tree-sitter-python.wasm",
      "tree-sitter-python",
      explicit.python ?? (dir && path.join(dir, "tree-sitter-python.wasm")),
    ),
  };
}
