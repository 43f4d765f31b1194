/**
 * Random LoRA adapter GGUFs in llama.cpp's adapter format (general.type = adapter, adapter.type =
 * lora, adapter.lora.alpha; blk.N.<w>.weight.lora_a with numpy shape (rank, in) and .lora_b with
 * shape (out, rank)) for a base model, written with the trainer's own GGUF writer. A stand-in for
 * the LoRA trainer's output in tests of what happens around training (rounds, hot swap).
 * FAKE_LORA_TRAINER is an executable "python" for runTrainer (COE_TRAIN_PYTHON) that answers
 * `-m coe_trainer.lora_train --base B --data D --out A ...` with such an adapter and PROGRESS lines.
 */
import { execFile } from "node:child_process";
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { ROOT } from "./startLspServer.js";

const run = promisify(execFile);
const PYTHON = process.env.COE_TEST_PYTHON ?? "/usr/bin/python3";

export const ADAPTER_PY = `
import json, sys
import numpy as np
from coe_trainer.gguf import read_gguf, write_gguf, Meta, GGML_F32

def make_adapter(base, out, rank=4, scale=1.0, seed=0):
    g = read_gguf(base)
    rng = np.random.default_rng(seed)
    tensors = []
    for name, t in g.tensors.items():
        if not name.startswith("blk.") or not name.endswith(("attn_q.weight", "attn_v.weight", "ffn_up.weight")):
            continue
        out_dim, in_dim = g.tensor(name).shape
        tensors.append((name + ".lora_a", rng.normal(0, scale, (rank, in_dim)), GGML_F32))
        tensors.append((name + ".lora_b", rng.normal(0, scale, (out_dim, rank)), GGML_F32))
    meta = {
        "general.architecture": g.metadata["general.architecture"],
        "general.type": "adapter",
        "adapter.type": "lora",
        "adapter.lora.alpha": float(rank),
    }
    write_gguf(out, meta, tensors)
`;

/** Writes a random adapter for `base` at `out` (scale: std of the A and B entries). */
export async function makeTestAdapter(options: {
  base: string;
  out: string;
  rank?: number;
  scale?: number;
  seed?: number;
}): Promise<string> {
  const code = `${ADAPTER_PY}\nmake_adapter(sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]))\n`;
  const args = [String(options.rank ?? 4), String(options.scale ?? 1), String(options.seed ?? 0)];
  await run(PYTHON, ["-c", code, options.base, options.out, ...args], {
    cwd: join(ROOT, "trainer"),
    env: { ...process.env, PYTHONPATH: join(ROOT, "trainer") },
    timeout: 120_000,
  });
  return options.out;
}

/** Writes the stand-in trainer executable into `dir` and returns its path (for COE_TRAIN_PYTHON). */
export function fakeLoraTrainer(dir: string): string {
  const path = join(dir, "fake-lora-python");
  const main = `
args = sys.argv[1:]
assert args[:2] == ["-m", "coe_trainer.lora_train"], args
opt = dict(zip(args[2::2], args[3::2]))
n = sum(1 for _ in open(opt["--data"]))
assert n > 0, "no training episodes"
steps = int(opt["--steps"])
for s in range(1, steps + 1):
    print("PROGRESS " + json.dumps({"step": s, "steps": steps, "loss": 1.0 / s}), flush=True)
make_adapter(opt["--base"], opt["--out"], int(opt["--rank"]), 1.0, 1)
print(f"wrote {opt['--out']} from {n} episodes", file=sys.stderr)
`;
  writeFileSync(path, `#!${PYTHON}\n${ADAPTER_PY}\n${main}`);
  chmodSync(path, 0o755);
  return path;
}
