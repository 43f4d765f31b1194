/**
 * LoRA training on pretrained-model shapes (random weights built directly in torch, no GGUF written):
 * tokens/s and peak RSS of trainer/coe_trainer/lora_bench.py, rank 16, bf16 frozen base, gradient
 * checkpointing per block, one thread. Minutes of CPU per shape, so `npm run bench` runs it only when
 * asked: `npm run bench -- lora` (0.5B) or `npm run bench -- lora-1.5b` (both shapes).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { trainerDir } from "../server/src/core/train/runTrainer.js";

type Row = Record<string, number | string>;

export interface BenchLoraTrainOptions {
  shapes: string[];
  seq?: number;
  steps?: number;
}

export function benchLoraTrain(options: BenchLoraTrainOptions): Promise<Row> {
  const tcmalloc = "/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4";
  const env = { ...process.env, PYTHONPATH: trainerDir(), ...(existsSync(tcmalloc) ? { LD_PRELOAD: tcmalloc } : {}) };
  const row: Row = {};
  for (const shape of options.shapes) {
    const args = ["-m", "coe_trainer.lora_bench", "--shape", shape, "--seq", `${options.seq ?? 256}`];
    const r = spawnSync("/usr/bin/python3", [...args, "--steps", `${options.steps ?? 2}`], {
      cwd: trainerDir(),
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
