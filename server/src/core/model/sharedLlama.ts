/**
 * One llama.cpp binding per process, shared by every LlamaPolicy and reference-counted: starting the
 * binding costs 1-2 s on this machine while loading a small GGUF costs ~0.25 s, so a hot swap after
 * training (load the new policy, dispose the old one) keeps the binding alive and stays cheap.
 * The last release disposes it, so nothing native outlives the last policy.
 */
import { getLlama, LlamaLogLevel, type Llama } from "node-llama-cpp";

let shared: Promise<Llama> | undefined;
let refs = 0;

export interface LlamaLease {
  llama: Llama;
  /** Give the reference back; safe to call twice. */
  release(): Promise<void>;
}

export async function acquireLlama(): Promise<LlamaLease> {
  refs++;
  shared ??= getLlama({ gpu: false, logLevel: LlamaLogLevel.error, build: "never" });
  let llama: Llama;
  try {
    llama = await shared;
  } catch (err) {
    refs--;
    shared = undefined;
    throw err;
  }
  let released = false;
  return {
    llama,
    async release() {
      if (released) return;
      released = true;
      if (--refs > 0) return;
      const current = shared;
      shared = undefined;
      await (await current)?.dispose();
    },
  };
}
