/**
 * Loaded GGUF weights shared by every LlamaPolicy of the same file and reference-counted, so a policy
 * that differs only in its LoRA adapters (a promoted LoRA round, coe/selectModel of an adapter on the
 * model in use) costs a new context, not a second copy of the weights: the swap neither reloads the
 * model nor holds it twice in memory. The key is the file's path, inode, size and modification time, so a
 * GGUF rewritten in place is loaded afresh. The last release disposes the model.
 */
import { statSync } from "node:fs";
import type { Llama, LlamaModel } from "node-llama-cpp";

interface Entry {
  model: Promise<LlamaModel>;
  refs: number;
}

const loaded = new Map<string, Entry>();

export interface ModelLease {
  model: LlamaModel;
  /** True when the weights were already loaded for another policy (nothing was read from disk). */
  shared: boolean;
  /** Give the reference back; the last one disposes the model. Safe to call twice. */
  release(): Promise<void>;
}

function keyOf(llama: Llama, modelPath: string): string {
  const st = statSync(modelPath);
  return JSON.stringify([modelPath, st.ino, st.size, st.mtimeMs, llamaId(llama)]);
}

const llamaIds = new WeakMap<Llama, number>();
let nextLlamaId = 0;
function llamaId(llama: Llama): number {
  let id = llamaIds.get(llama);
  if (id === undefined) llamaIds.set(llama, (id = nextLlamaId++));
  return id;
}

export async function acquireModel(llama: Llama, modelPath: string, signal?: AbortSignal): Promise<ModelLease> {
  const key = keyOf(llama, modelPath);
  let entry = loaded.get(key);
  const shared = entry !== undefined;
  if (!entry) {
    entry = { model: llama.loadModel({ modelPath, gpuLayers: 0, loadSignal: signal }), refs: 0 };
    loaded.set(key, entry);
  }
  entry.refs++;
  let model: LlamaModel;
  try {
    model = await entry.model;
  } catch (err) {
    if (--entry.refs === 0 && loaded.get(key) === entry) loaded.delete(key);
    throw err;
  }
  let released = false;
  const held = entry;
  return {
    model,
    shared,
    async release() {
      if (released) return;
      released = true;
      if (--held.refs > 0) return;
      if (loaded.get(key) === held) loaded.delete(key);
      await model.dispose();
    },
  };
}
