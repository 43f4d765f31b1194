import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { resources } from "../core/resources.js";

/** What esmModule.ts exports (a type only: nothing of it is bundled into the CJS server). */
export type EsmModule = typeof import("./esmModule.js");

let loaded: Promise<EsmModule> | undefined;

/**
 * Loads the ESM half of the server (esmModule.ts) once, on first use, so starting the server never
 * pays for llama.cpp. From the CJS bundle (dist/server.cjs) it imports dist/model.mjs next to it;
 * from source (tsx, tests) it imports esmModule.ts directly. The specifiers are variables so that
 * esbuild leaves both import() calls alone instead of inlining the module into the CJS bundle.
 */
export function loadEsm(): Promise<EsmModule> {
  loaded ??= (async () => {
    const bundled = join(resources.codeDir(), "model.mjs");
    if (existsSync(bundled)) return (await import(pathToFileURL(bundled).href)) as EsmModule;
    const source = "./esmModule.js";
    return (await import(source)) as EsmModule;
  })();
  loaded.catch(() => (loaded = undefined));
  return loaded;
}
