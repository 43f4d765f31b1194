/**
 * (a) Adapter cost at inference on a small generated Q8_0 GGUF: decode tokens/s of the quantized base
 *     without and with a rank-16 adapter trained by lora_train, and the time to apply an adapter (a new
 *     context with it on the loaded model: what swapping adapters costs without reloading the base).
 * (b) LoRA training on pretrained-model shapes (random weights built directly in torch, no GGUF written):
 * tokens/s and peak RSS of trainer/coe_trainer/lora_bench.py, rank 16, bf16 frozen base, gradient
 * checkpointing per block, one thread. Minutes of CPU per shape, so `npm run bench` runs it only when
 * asked: `npm run bench -- lora` (0.5B) or `npm run bench -- lora-1.5b` (both shapes).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LlamaModel, Token } from "node-llama-cpp";
import { LlamaPolicy } from "../server/src/core/model/LlamaPolicy.js";
import { resources } from "../server/src/core/resources.js";
import { runTrainer } from "../server/src/core/train/runTrainer.js";
import { makeTestModel } from "../test/helpers/makeTestModel.js";

type Row = Record<string, number | string>;

export interface BenchLoraTrainOptions {
  shapes: string[];
  seq?: number;
  steps?: number;
}

const DECODE_TOKENS = 128;

/** ms to create a context with `adapter` and decode tokens/s (greedy, one thread) on it. */
async function decode(model: LlamaModel, adapter?: string): Promise<{ createMs: number; tokensPerS: number }> {
  const t0 = performance.now();
  const context = await model.createContext({
    contextSize: 512,
    threads: 1,
    lora: adapter ? { adapters: [{ filePath: adapter, scale: 1 }] } : undefined,
  });
  const createMs = performance.now() - t0;
  try {
    const prompt = model.tokenize("def add(a, b):\n    return a - b\n");
    let n = 0;
    const t1 = performance.now();
    for await (const token of context.getSequence().evaluate(prompt, { temperature: 0 })) {
      void (token as Token);
      if (++n >= DECODE_TOKENS) break;
    }
    return { createMs, tokensPerS: (n / (performance.now() - t1)) * 1000 };
  } finally {
    await context.dispose();
  }
}

export async function benchAdapterDecode(): Promise<Row> {
  const base = await makeTestModel({ dim: 256, layers: 4, heads: 4, ffn: 768, ctx: 512, type: "q8_0", std: 0.1 });
  const dir = mkdtempSync(join(tmpdir(), "coe-bench-lora-"));
  const data = join(dir, "d.jsonl");
  const ids = Array.from({ length: 64 }, (_, i) => (i * 37) % 4000);
  writeFileSync(data, JSON.stringify({ ids, mask: ids.map(() => 1) }) + "\n");
  const adapter = join(dir, "adapter.gguf");
  await runTrainer({
    module: "lora_train",
    args: ["--base", base, "--data", data, "--out", adapter, "--steps", "2", "--rank", "16", "--lr", "1e-3"],
  });
  const policy = await LlamaPolicy.load({ modelPath: base, style: "coe" });
  try {
    await decode(policy.model); // warm-up
    const plain = await decode(policy.model);
    const withAdapter = await decode(policy.model, adapter);
    return {
      "Q8_0 base (dim 256, 4 layers): decode tokens/s": plain.tokensPerS,
      "with a rank-16 adapter: decode tokens/s": withAdapter.tokensPerS,
      "slowdown with the adapter (ratio)": plain.tokensPerS / withAdapter.tokensPerS,
      "apply the adapter (new context) ms": withAdapter.createMs,
      "new context without adapter ms": plain.createMs,
    };
  } finally {
    await policy.dispose();
  }
}

export function benchLoraTrain(options: BenchLoraTrainOptions): Promise<Row> {
  const tcmalloc = "/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4";
  const env = {
    ...process.env,
    PYTHONPATH: resources.trainerDir(),
    ...(existsSync(tcmalloc) ? { LD_PRELOAD: tcmalloc } : {}),
  };
  const row: Row = {};
  for (const shape of options.shapes) {
    const args = ["-m", "coe_trainer.lora_bench", "--shape", shape, "--seq", `${options.seq ?? 256}`];
    const r = spawnSync("/usr/bin/python3", [...args, "--steps", `${options.steps ?? 2}`], {
      cwd: resources.trainerDir(),
      env,
      encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(`lora_bench ${shape} failed: ${r.stderr.slice(-500)}`);
    const res = JSON.parse(r.stdout.trim().split("\n").at(-1)!) as Record<string, number>;
    row[`${shape}: parameters (M) / adapter (M)`] = `${res.params_m} / ${res.adapter_params_m}`;
    row[`${shape}: training tokens/s (seq ${res.seq})`] = res.tokens_per_s!;
    row[`${shape}: peak RSS MB (after build / training)`] = `${res.peak_rss_after_build_mb} / ${res.peak_rss_mb}`;
  }
  return Promise.resolve(row);
}
