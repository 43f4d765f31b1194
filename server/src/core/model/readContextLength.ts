import { checkModelFile } from "./checkModelFile.js";
import { ModelLoadError } from "./modelErrors.js";

/**
 * The context length a GGUF was trained with: its `<general.architecture>.context_length` metadata
 * (e.g. `llama.context_length`), read from the header only (no weights, no llama.cpp). Training
 * from an --init model caps episodes at this, not at the shape of a new model. A missing, corrupt
 * or context-less file is a ModelLoadError that names the file.
 */
export async function readContextLength(modelPath: string, signal?: AbortSignal): Promise<number> {
  const info = await checkModelFile(modelPath, signal);
  const arch = String(info.metadata.general?.architecture ?? "");
  const value: unknown = info.architectureMetadata?.context_length;
  const ctx = typeof value === "bigint" ? Number(value) : value;
  if (typeof ctx !== "number" || !Number.isSafeInteger(ctx) || ctx <= 0)
    throw new ModelLoadError(
      `${modelPath} has no usable ${arch || "<architecture>"}.context_length in its GGUF metadata (got ${String(value)})`,
      modelPath,
    );
  return ctx;
}
