import { stat } from "node:fs/promises";
import { basename } from "node:path";
import { fileTypeName, tensorTypeName } from "./ggufNames.js";
import { readGgufHeader, type GgufHeader, type GgufValue } from "./readGgufHeader.js";

/** What the model list shows about one GGUF file (read from its header, no weights loaded). */
export interface ModelDescription {
  path: string;
  /** File name without .gguf. */
  name: string;
  bytes: number;
  /** general.architecture (llama, qwen2, ...). */
  architecture: string;
  /** general.name, when set. */
  modelName?: string;
  /** general.file_type by name (Q4_K_M, Q8_0, F16, ...), else "mostly <type>" of the largest tensors. */
  quantization: string;
  /** <arch>.context_length; 0 when absent (adapters have none). */
  contextLength: number;
  /** tokenizer.chat_template present: the prompt style "auto" picks chat for it. */
  chatTemplate: boolean;
  /** A LoRA adapter (general.type = adapter), applied on top of a base model, not loaded alone. */
  adapter: boolean;
  /** Parameters (elements of all tensors). */
  parameters: number;
}

function num(v: GgufValue | undefined): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  return undefined;
}

/** The ggml type holding the most elements (the quantization of a file without general.file_type). */
function dominantType(header: GgufHeader): string {
  const byType = new Map<number, number>();
  for (const t of header.tensors) {
    const n = t.dims.reduce((a, b) => a * b, 1);
    byType.set(t.type, (byType.get(t.type) ?? 0) + n);
  }
  let best = -1;
  let bestN = -1;
  for (const [type, n] of byType)
    if (n > bestN) {
      best = type;
      bestN = n;
    }
  return best < 0 ? "unknown" : `mostly ${tensorTypeName(best)}`;
}

/** Reads a GGUF's header into a ModelDescription; a bad file is an Error naming it. */
export async function describeModel(path: string): Promise<ModelDescription> {
  const [st, header] = await Promise.all([stat(path), readGgufHeader(path)]);
  const m = header.metadata;
  const architecture = typeof m["general.architecture"] === "string" ? m["general.architecture"] : "unknown";
  const fileType = num(m["general.file_type"]);
  const template = m["tokenizer.chat_template"];
  return {
    path,
    name: basename(path).replace(/\.gguf$/i, ""),
    bytes: st.size,
    architecture,
    ...(typeof m["general.name"] === "string" ? { modelName: m["general.name"] } : {}),
    quantization: fileType !== undefined ? fileTypeName(fileType) : dominantType(header),
    contextLength: num(m[`${architecture}.context_length`]) ?? 0,
    chatTemplate: typeof template === "string" && template.trim() !== "",
    adapter: m["general.type"] === "adapter",
    parameters: header.tensors.reduce((s, t) => s + t.dims.reduce((a, b) => a * b, 1), 0),
  };
}
