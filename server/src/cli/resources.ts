import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Policy } from "../core/model/Policy.js";
import { LlamaPolicy } from "../core/model/LlamaPolicy.js";
import { PythonVerifier } from "../core/python/PythonVerifier.js";
import type { Verifier } from "../core/python/Verifier.js";
import { resources } from "../core/resources.js";
import { UsageError } from "./UsageError.js";

/** Resolves --model (or the default model) and loads it; missing or corrupt files are UsageErrors. */
export async function openModel(
  model: string | undefined,
  options: { sequences?: number; threads?: string } = {},
): Promise<Policy> {
  const path = model ? resolve(model) : resources.bundledModel();
  if (!existsSync(path))
    throw new UsageError(
      model
        ? `no such model: ${model}`
        : `the default model ${path} is missing: pass --model M.gguf or train one (see models/README.md)`,
    );
  try {
    return await LlamaPolicy.load({
      modelPath: path,
      sequences: options.sequences ?? 1,
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
