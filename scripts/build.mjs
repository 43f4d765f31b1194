// Bundles the CLI (ESM), the language server and the extension client (CJS) with esbuild.
// node-llama-cpp stays external: it is ESM-only and ships native binaries (DESIGN §7).
import { build } from "esbuild";
import { cpSync, mkdirSync, rmSync } from "node:fs";

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
  { name: "server", entry: "server/src/lsp/index.ts", format: "cjs", ext: ".cjs" },
  { name: "extension", entry: "extension/src/extension.ts", format: "cjs", ext: ".cjs" },
  // The server's ESM half: node-llama-cpp is ESM-only with top-level await, so the CJS server bundle
  // loads it with import() of dist/model.mjs (see server/src/lsp/loadEsm.ts).
  { name: "model", entry: "server/src/lsp/esmModule.ts", format: "esm", ext: ".mjs" },
];

rmSync("dist", { recursive: true, force: true });
mkdirSync("dist", { recursive: true });
for (const b of bundles) {
  await build({ ...common, entryPoints: { [b.name]: b.entry }, format: b.format, outExtension: { ".js": b.ext } });
}
cpSync("server/python", "dist/python", {
  recursive: true,
  filter: (p) => !p.includes("__pycache__") && !p.includes("/tests"),
});
console.log("built dist/");
