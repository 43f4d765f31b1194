// Packages the VS Code extension: builds dist/ (scripts/build.mjs), then writes dist/coe-<version>.vsix
// with @vscode/vsce. The bundles leave node-llama-cpp external (ESM-only, native binaries), so the
// .vsix carries it and its runtime dependencies from node_modules. What goes in is .vscodeignore,
// an allowlist; before packaging this script checks that the allowlist re-includes every package
// the bundles import at run time (and their dependencies), and fails naming what is missing.
//
// Usage: node scripts/package.mjs [--out <file.vsix>] [--no-build]
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { createVSIX, listFiles } from "@vscode/vsce";

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), "..");
// The only native build the package carries; node-llama-cpp's other platform packages stay out.
const TARGET = "linux-x64";
const BUNDLES = ["dist/extension.cjs", "dist/server.cjs", "dist/model.mjs"];
// Files the bundles read at run time (scripts/build.mjs puts the dist/ ones there).
const RUNTIME_FILES = [
  ...BUNDLES,
  "dist/tree-sitter.wasm",
  "dist/tree-sitter-python.wasm",
  "dist/python/coe_worker.py",
  "models/coe-tiny.gguf",
  "models/ranker.json",
  "models/code-ngram.json",
  "data/mbpp/mbpp-train-validation.jsonl",
  "data/mbpp/README.md",
];
// Files that must never be in the package: MBPP's test split is for the evaluation suites only.
const NEVER_SHIPPED = ["data/mbpp/mbpp-test.jsonl"];

/** Bare package names that a bundle imports or requires (node builtins and "vscode" aside). */
export function externalImports(bundlePaths) {
  const builtins = new Set([...builtinModules, "vscode"]);
  const names = new Set();
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)["'](@?[a-z0-9][\w.-]*(?:\/[\w.-]+)*)["']/g;
  for (const file of bundlePaths) {
    for (const m of readFileSync(file, "utf8").matchAll(pattern)) {
      const spec = m[1];
      if (spec.startsWith("node:")) continue;
      const name = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0];
      if (!builtins.has(name)) names.add(name);
    }
  }
  return [...names].sort();
}

/**
 * The package folders (relative to `root`) that `names` need at run time: each package, its
 * dependencies, recursively, as node resolves them (nested node_modules first). Optional
 * dependencies count only when installed and meant for `target` (node-llama-cpp's prebuilt binaries).
 */
export function runtimeClosure({ root, names, target }) {
  const dirs = new Set();
  const visit = (name, from) => {
    for (let dir = from; ; dir = dirname(dir)) {
      const candidate = join(dir, "node_modules", name);
      if (existsSync(join(candidate, "package.json"))) {
        const rel = relative(root, candidate);
        if (dirs.has(rel)) return;
        dirs.add(rel);
        const manifest = JSON.parse(readFileSync(join(candidate, "package.json"), "utf8"));
        for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dep, candidate);
        for (const dep of Object.keys(manifest.optionalDependencies ?? {}))
          if (dep.endsWith(`/${target}`)) visit(dep, candidate);
        return;
      }
      if (dirname(dir) === dir)
        throw new Error(`${name} (needed by ${relative(root, from) || "the bundles"}) is not installed`);
    }
  };
  for (const name of names) visit(name, root);
  return [...dirs].sort();
}

async function main() {
  const { values } = parseArgs({ options: { out: { type: "string" }, "no-build": { type: "boolean" } } });
  process.chdir(ROOT);
  const { version } = JSON.parse(readFileSync("package.json", "utf8"));
  const out = resolve(values.out ?? join("dist", `coe-${version}.vsix`));
  if (!values["no-build"]) execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
  for (const f of RUNTIME_FILES)
    if (!existsSync(f)) throw new Error(`${f} is missing${f.startsWith("dist/") ? ": the build did not make it" : ""}`);

  const needed = runtimeClosure({ root: ROOT, names: externalImports(BUNDLES), target: TARGET });
  const files = new Set(await listFiles({ cwd: ROOT }));
  const left = RUNTIME_FILES.filter((f) => !files.has(f));
  if (left.length > 0)
    throw new Error(
      `.vscodeignore leaves out files the extension reads at run time; add:\n` + left.map((f) => `  !${f}`).join("\n"),
    );
  const shipped = NEVER_SHIPPED.filter((f) => files.has(f));
  if (shipped.length > 0)
    throw new Error(`.vscodeignore lets in files that must never be packaged: ${shipped.join(", ")}`);
  // A nested package (a/node_modules/b) comes with its parent's line: name only the outermost.
  const missing = needed
    .filter((dir) => !files.has(`${dir}/package.json`))
    .filter((dir, _, all) => !all.some((parent) => dir.startsWith(`${parent}/node_modules/`)));
  if (missing.length > 0)
    throw new Error(
      `.vscodeignore leaves out packages the bundles load at run time; add:\n` +
        missing.map((dir) => `  !${dir}/**`).join("\n"),
    );

  await createVSIX({
    cwd: ROOT,
    packagePath: out,
    target: TARGET,
    // No LICENSE file and no repository in this project yet: vsce would stop and ask.
    skipLicense: true,
    allowMissingRepository: true,
  });
  const shown = relative(ROOT, out).startsWith("..") ? out : relative(ROOT, out);
  console.log(`${shown}: ${(statSync(out).size / 1e6).toFixed(1)} MB, ${files.size} files`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  main().catch((err) => {
    console.error(`package: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  });
}
