import { getLlama, type Llama, type LlamaModel } from "node-llama-cpp";
import { checkModelFile } from "./checkModelFile.js";

/** A model loaded for its tokenizer only (no weights in memory): what training-data producers need. */
export interface Vocab {
  model: LlamaModel;
  dispose(): Promise<void>;
}

/**
 * Loads a GGUF's tokenizer (vocabOnly) so that training data is tokenized by llama.cpp itself,
 * through tokenizeEpisode, exactly as inference will tokenize it.
 */
export async function loadVocab(modelPath: string): Promise<Vocab> {
  await checkModelFile(modelPath);
  const llama: Llama = await getLlama({ gpu: false, logLevel: "error" as never, build: "never" });
  const model = await llama.loadModel({ modelPath, vocabOnly: true });
  return {
    model,
    async dispose() {
      await model.dispose();
      await llama.dispose();
    },
  };
}
