#!/usr/bin/env node
// Runs the bundled CLI (dist/cli.js, made by `npm run build`). In a source checkout where the
// sources are newer than the bundle, runs the TypeScript sources through tsx instead, so that a
// stale bundle never hides an edit.
import { existsSync, readdirSync, statSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, join } from "node:path";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const bundle = join(root, "dist", "cli.js");
const sources = join(root, "server", "src");

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const useBundle = existsSync(bundle) && (!existsSync(sources) || newestSource(sources) <= statSync(bundle).mtimeMs);
if (useBundle) {
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import(pathToFileURL(join(sources, "cli", "index.ts")).href);
}
