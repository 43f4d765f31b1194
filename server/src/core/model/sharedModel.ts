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

/** Per llama.cpp binding (a model belongs to the binding that loaded it), by file. */
const loaded = new WeakMap<Llama, Map<string, Entry>>();

export interface ModelLease {
  model: LlamaModel;
  /** True when the weights were already loaded for another policy (nothing was read from disk). */
  shared: boolean;
  /** Give the reference back; the last one disposes the model. Safe to call twice. */
  release(): Promise<void>;
}

function keyOf(modelPath: string): string {
  const st = statSync(modelPath);
  return JSON.stringify([modelPath, st.ino, st.size, st.mtimeMs]);
}

export async function acquireModel(llama: Llama, modelPath: string, signal?: AbortSignal): Promise<ModelLease> {
  const key = keyOf(modelPath);
  const files = loaded.get(llama) ?? new Map<string, Entry>();
  loaded.set(llama, files);
  let entry = files.get(key);
  const shared = entry !== undefined;
  if (!entry) {
    entry = { model: llama.loadModel({ modelPath, gpuLayers: 0, loadSignal: signal }), refs: 0 };
    files.set(key, entry);
  }
  entry.refs++;
  let model: LlamaModel;
  try {
    model = await entry.model;
  } catch (err) {
    if (--entry.refs === 0 && files.get(key) === entry) files.delete(key);
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
      if (files.get(key) === held) files.delete(key);
      await model.dispose();
    },
  };
}
