import os from "node:os";
import { join } from "node:path";

/** Where models, rounds and the model choice live (each overridable by an environment variable). */
export interface ModelPaths {
  /** Pulled models: $COE_MODELS_DIR, else ~/.cache/coe/models. */
  modelsDir: string;
  /** Training rounds: $COE_ROUNDS_DIR, else ~/.cache/coe/rounds. */
  roundsDir: string;
  /** The model choice of `coe model use`: $COE_CONFIG, else $XDG_CONFIG_HOME/coe/config.json (~/.config). */
  configPath: string;
}

export function modelPaths(env: NodeJS.ProcessEnv = process.env): ModelPaths {
  const cache = join(env.XDG_CACHE_HOME || join(os.homedir(), ".cache"), "coe");
  const config = env.XDG_CONFIG_HOME || join(os.homedir(), ".config");
  return {
    modelsDir: env.COE_MODELS_DIR || join(cache, "models"),
    roundsDir: env.COE_ROUNDS_DIR || join(cache, "rounds"),
    configPath: env.COE_CONFIG || join(config, "coe", "config.json"),
  };
}
