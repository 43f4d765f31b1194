/**
 * Cheap checks before a file reaches llama.cpp: it exists, it is a regular file, it starts with the
 * GGUF magic, its header parses (node-llama-cpp's JS GGUF reader), and its tensors lie inside the file.
 * llama.cpp itself is then only handed files that look sane, so a wrong path or a truncated download
 * becomes a clear ModelLoadError instead of a native failure.
 */
import { open, stat } from "node:fs/promises";
import { readGgufFileInfo, type GgufFileInfo } from "node-llama-cpp";
import { ModelLoadError } from "./modelErrors.js";

const GGUF_MAGIC = "GGUF";

export async function checkModelFile(modelPath: string, signal?: AbortSignal): Promise<GgufFileInfo> {
  let size: number;
  try {
    const st = await stat(modelPath);
    if (!st.isFile()) throw new ModelLoadError(`model path is not a file: ${modelPath}`, modelPath);
    size = st.size;
  } catch (err) {
    if (err instanceof ModelLoadError) throw err;
    throw new ModelLoadError(`model file not found: ${modelPath}`, modelPath, { cause: err });
  }
  const head = Buffer.alloc(4);
  const fh = await open(modelPath, "r");
  try {
    await fh.read(head, 0, 4, 0);
  } finally {
    await fh.close();
  }
  if (size < 4 || head.toString("latin1") !== GGUF_MAGIC)
    throw new ModelLoadError(
      `not a GGUF model file (bad magic ${JSON.stringify(head.toString("latin1"))}): ${modelPath}`,
      modelPath,
    );
  let info: GgufFileInfo;
  try {
    info = await readGgufFileInfo(modelPath, {
      readTensorInfo: true,
      sourceType: "filesystem",
      logWarnings: false,
      signal,
    });
  } catch (err) {
    throw new ModelLoadError(`corrupt GGUF header in ${modelPath}: ${(err as Error).message}`, modelPath, {
      cause: err,
    });
  }
  for (const t of info.tensorInfo ?? []) {
    if (Number(t.fileOffset) >= size)
      throw new ModelLoadError(`truncated GGUF file (tensor ${t.name} starts past the end): ${modelPath}`, modelPath);
  }
  return info;
}
