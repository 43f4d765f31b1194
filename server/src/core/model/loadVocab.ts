import type { LlamaModel } from "node-llama-cpp";
import { checkModelFile } from "./checkModelFile.js";
import { acquireLlama } from "./sharedLlama.js";

/** A model loaded for its tokenizer only (no weights in memory): what training-data producers need. */
export interface Vocab {
  model: LlamaModel;
  dispose(): Promise<void>;
}

/**
 * Loads a GGUF's tokenizer (vocabOnly) so that training data is tokenized by llama.cpp itself,
 * through tokenizeEpisode, exactly as inference will tokenize it. Uses the process's shared
 * llama.cpp binding (sharedLlama.ts).
 */
export async function loadVocab(modelPath: string): Promise<Vocab> {
  await checkModelFile(modelPath);
  const lease = await acquireLlama();
  let model: LlamaModel;
  try {
    model = await lease.llama.loadModel({ modelPath, vocabOnly: true });
  } catch (err) {
    await lease.release();
    throw err;
  }
  return {
    model,
    async dispose() {
      await model.dispose();
      await lease.release();
    },
  };
}
