// Bundles the CLI (ESM), the language server and the extension client (CJS) with esbuild.
// node-llama-cpp stays external: it is ESM-only and ships native binaries (DESIGN §7).
import { build } from "esbuild";
import { cpSync, mkdirSync, rmSync, existsSync } from "node:fs";

const external = ["node-llama-cpp", "web-tree-sitter", "tree-sitter-python", "vscode"];
rmSync("dist", { recursive: true, force: true });
mkdirSync("dist", { recursive: true });
await build({
  entryPoints: { cli: "server/src/cli/index.ts" },
  outdir: "dist",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  external,
  logLevel: "warning",
});
for (const [name, entry] of [
  ["server", "server/src/lsp/index.ts"],
  ["extension", "extension/src/extension.ts"],
]) {
  if (!existsSync(entry)) continue;
  await build({
    entryPoints: { [name]: entry },
    outdir: "dist",
    outExtension: { ".js": ".cjs" },
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    sourcemap: true,
    external,
    logLevel: "warning",
  });
}
// The server's ESM half (node-llama-cpp is ESM-only with top-level await, so the CJS server bundle
// loads it with import() of dist/model.mjs; see server/src/lsp/loadEsm.ts).
if (existsSync("server/src/lsp/esmModule.ts")) {
  await build({
    entryPoints: { model: "server/src/lsp/esmModule.ts" },
    outdir: "dist",
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    sourcemap: true,
    external,
    logLevel: "warning",
  });
}
cpSync("server/python", "dist/python", {
  recursive: true,
  filter: (p) => !p.includes("__pycache__") && !p.includes("/tests"),
});
console.log("built dist/");
