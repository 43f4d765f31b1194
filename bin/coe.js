#!/usr/bin/env node
// Runs the bundled CLI (npm run build makes dist/cli.js); falls back to the TypeScript sources via tsx.
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, join } from "node:path";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const bundle = join(root, "dist", "cli.js");
if (existsSync(bundle)) {
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import(pathToFileURL(join(root, "server", "src", "cli", "index.ts")).href);
}
