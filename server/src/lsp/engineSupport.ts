/** Helpers of ServerEngine: the bundled model's location, file identity, settings hygiene, the shared config. */
import { statSync } from "node:fs";
import { resources } from "../core/resources.js";
import { modelPaths, readModelConfig, type ModelChoice } from "../core/models/index.js";
import { DEFAULT_SETTINGS, type CoeSettings } from "../protocol.js";

/** The choice saved by `coe model use` (a broken config file is logged and ignored). */
export function configuredChoice(log?: (line: string) => void): ModelChoice | undefined {
  try {
    return readModelConfig(modelPaths().configPath).choice;
  } catch (err) {
    log?.((err as Error).message);
    return undefined;
  }
}

/** The prompt style saved by `coe model use --style` (auto when none or unreadable). */
export function configuredStyle(): CoeSettings["promptStyle"] {
  try {
    return readModelConfig(modelPaths().configPath).promptStyle ?? "auto";
  } catch {
    return "auto";
  }
}

/** Where the bundled default model is: models/coe-tiny.gguf of the package this server runs from. */
export function locateDefaultModel(): { path: string } | { error: string } {
  try {
    return { path: resources.bundledModel() };
  } catch (err) {
    return { error: `the bundled default model cannot be located (${(err as Error).message})` };
  }
}

/** Size and mtime of a file ("" when it does not exist): a changed file is worth another load. */
export function fileKey(path: string): string {
  try {
    const st = statSync(path);
    return st.isFile() ? `${st.size}:${st.mtimeMs}` : "";
  } catch {
    return "";
  }
}

/** Drops undefined and wrongly typed fields so a partial or stale settings object cannot unset defaults. */
export function clean(s: Partial<CoeSettings> | undefined): Partial<CoeSettings> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s ?? {})) {
    const def = (DEFAULT_SETTINGS as unknown as Record<string, unknown>)[k];
    if (def !== undefined && typeof v === typeof def) out[k] = v;
  }
  return out as Partial<CoeSettings>;
}
