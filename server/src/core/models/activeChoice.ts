import { resolve } from "node:path";
import { readModelConfig, type ModelChoice, type PromptStyleSetting } from "./ModelConfig.js";
import type { ModelPaths } from "./modelPaths.js";

export interface ActiveChoice {
  choice: ModelChoice;
  /** Where it came from: --model, the config of `coe model use`, or the bundled default. */
  from: "flag" | "config" | "bundled";
  /** The config's prompt style (a --style flag or coe.promptStyle wins over it). */
  promptStyle?: PromptStyleSetting;
}

/**
 * The model a CLI command or the language server uses when nothing more specific is given:
 * an explicit path (--model, coe.model) wins, then the choice of `coe model use`, then the bundled model.
 */
export function activeChoice(options: { explicit?: string; paths: ModelPaths; bundled: string }): ActiveChoice {
  const config = readModelConfig(options.paths.configPath);
  const style = config.promptStyle ? { promptStyle: config.promptStyle } : {};
  const explicit = options.explicit?.trim();
  if (explicit)
    return {
      choice: explicit.toLowerCase() === "none" ? { model: "none" } : { model: resolve(explicit) },
      from: "flag",
      ...style,
    };
  if (config.choice) return { choice: config.choice, from: "config", ...style };
  return { choice: { model: options.bundled }, from: "bundled", ...style };
}

/** Same model and adapters (the list marks the entry in use with this). */
export function sameChoice(a: ModelChoice, b: ModelChoice): boolean {
  const adapters = (c: ModelChoice): string => (c.adapters ?? []).map((x) => `${x.filePath}@${x.scale ?? 1}`).join(",");
  return resolve(a.model) === resolve(b.model) && adapters(a) === adapters(b);
}
