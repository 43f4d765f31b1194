// Bundles the CLI (ESM), the language server and the extension client (CJS) with esbuild.
// node-llama-cpp stays external: it is ESM-only and ships native binaries (DESIGN §7).
// The language server bundles web-tree-sitter (its CJS build, DESIGN §7) for syntax errors while the
// user types; its two .wasm files are copied beside the bundle, where core/resources.ts looks for them.
import { build } from "esbuild";
import { copyFileSync, cpSync, mkdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

const external = ["node-llama-cpp", "web-tree-sitter", "tree-sitter-python", "vscode"];
const common = {
  outdir: "dist",
  bundle: true,
  platform: "node",
  target: "node20",
  sourcemap: true,
  external,
  logLevel: "warning",
};
const bundles = [
  { name: "cli", entry: "server/src/cli/index.ts", format: "esm", ext: ".js" },
  {
    name: "server",
    entry: "server/src/lsp/index.ts",
    format: "cjs",
    ext: ".cjs",
    // esbuild would pick web-tree-sitter's ESM build (import.meta, top-level await) for an import
    // statement; its .cjs build is the one that runs inside a CJS bundle. Not in its exports map, so
    // it is aliased by path (resolved from the working directory, the repository root).
    alias: { "web-tree-sitter": "./node_modules/web-tree-sitter/tree-sitter.cjs" },
    bundle: ["web-tree-sitter"],
  },
  { name: "extension", entry: "extension/src/extension.ts", format: "cjs", ext: ".cjs" },
  // The server's ESM half: node-llama-cpp is ESM-only with top-level await, so the CJS server bundle
  // loads it with import() of dist/model.mjs (see server/src/lsp/loadEsm.ts).
  { name: "model", entry: "server/src/lsp/esmModule.ts", format: "esm", ext: ".mjs" },
];

rmSync("dist", { recursive: true, force: true });
mkdirSync("dist", { recursive: true });
for (const b of bundles) {
  await build({
    ...common,
    external: external.filter((name) => !b.bundle?.includes(name)),
    ...(b.alias ? { alias: b.alias } : {}),
    // The CJS bundles find their files from __dirname; import.meta.url is only read when that is unset.
    ...(b.format === "cjs" ? { logOverride: { "empty-import-meta": "silent" } } : {}),
    entryPoints: { [b.name]: b.entry },
    format: b.format,
    outExtension: { ".js": b.ext },
  });
}
// The tree-sitter runtime and the Python grammar, beside dist/server.cjs (.vscodeignore ships both).
for (const wasm of ["web-tree-sitter/tree-sitter.wasm", "tree-sitter-python/tree-sitter-python.wasm"])
  copyFileSync(require.resolve(wasm), `dist/${wasm.split("/")[1]}`);
cpSync("server/python", "dist/python", {
  recursive: true,
  filter: (p) => !p.includes("__pycache__") && !p.includes("/tests"),
});
console.log("built dist/");
