import { existsSync } from "node:fs";
import type { Policy } from "../core/model/Policy.js";
import { LlamaPolicy } from "../core/model/LlamaPolicy.js";
import { PythonVerifier } from "../core/python/PythonVerifier.js";
import type { Verifier } from "../core/python/Verifier.js";
import { activeChoice, modelPaths, parsePromptStyle } from "../core/models/index.js";
import { resources } from "../core/resources.js";
import { UsageError } from "./UsageError.js";
import { LearnedRanker, RankerFileError } from "../core/rank/LearnedRanker.js";

/**
 * Resolves --model, else the choice of `coe model use` (with its LoRA adapters), else the bundled
 * default model, and loads it with the prompt style (--style, else the config's, else auto). A
 * choice of "none" gives no model (hybrid then searches with mutations only) unless `required`.
 * Missing or corrupt files are UsageErrors.
 */
export async function openModel(
  model: string | undefined,
  options: { sequences?: number; threads?: string; style?: string; required?: boolean } = {},
): Promise<Policy | undefined> {
  let active;
  let style;
  try {
    active = activeChoice({ explicit: model, paths: modelPaths(), bundled: resources.bundledModel() });
    style = parsePromptStyle(options.style) ?? active.promptStyle ?? "auto";
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { choice } = active;
  if (choice.model === "none") {
    if (options.required) throw new UsageError("no model is in use (coe model use none): pass --model M.gguf");
    return undefined;
  }
  const path = choice.model;
  if (!existsSync(path))
    throw new UsageError(
      active.from === "flag"
        ? `no such model: ${model}`
        : active.from === "config"
          ? `the model chosen with coe model use is missing: ${path} (run coe model use NAME)`
          : `the default model ${path} is missing: pass --model M.gguf or train one (see models/README.md)`,
    );
  try {
    return await LlamaPolicy.load({
      modelPath: path,
      style,
      sequences: options.sequences ?? 1,
      ...(choice.adapters?.length ? { loraAdapters: choice.adapters } : {}),
      ...(options.threads ? { threads: Number(options.threads) } : {}),
    });
  } catch (err) {
    throw new UsageError(`cannot load model ${path}: ${(err as Error).message}`);
  }
}

/** The sandboxed Python verifier; a missing python3 is a UsageError. */
export async function openVerifier(): Promise<Verifier> {
  try {
    return new PythonVerifier({});
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** The ranked mode's learned ranker: --ranker FILE, --ranker none (the hand-set score), else models/ranker.json. */
export function openRanker(choice: string | undefined): LearnedRanker | undefined {
  try {
    return LearnedRanker.choose(choice, resources.bundledRanker());
  } catch (err) {
    throw new UsageError(err instanceof RankerFileError ? err.message : String(err));
  }
}
