"""Trainer throughput vs. a bare forward/backward loop on the same model and batch shape.

    python3 -m coe_trainer.bench [--dim 128 --layers 4 --heads 4 --ffn 384] [--seq-len 512]
        [--batch-tokens 2048] [--steps 10] [--threads 1] [--bf16]

bare: random ids [rows, seq_len], forward, cross-entropy, backward, grad clip, AdamW step (no data, no mask).
trainer: coe_trainer.sft on toy CoE episodes (toy.py) with the same rows x seq_len, packing, masks,
segment attention, schedule and progress output; no checkpoints. Prints tokens/s of both and the ratio
(trainer real tokens / bare tokens; padding left by packing counts against the trainer).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
import tempfile
import time
from typing import List, Optional

import torch
import torch.nn.functional as F

from .make_model import make_model
from .model import Llama
from .sft import SFTOptions, run_sft
from .toy import toy_examples
from .train_utils import make_adamw, optimizer_step, setup_torch


def bare_loop(model: Llama, rows: int, seq_len: int, steps: int, warmup: int = 2, bf16: bool = False):
    """(tokens per wall second, tokens per CPU second)."""
    opt = make_adamw(model, 1e-3, 0.1)
    g = torch.Generator().manual_seed(0)
    ids = torch.randint(0, model.cfg.vocab_size, (rows, seq_len + 1), generator=g)
    x, y = ids[:, :-1], ids[:, 1:]
    t0 = c0 = 0.0
    for i in range(warmup + steps):
        if i == warmup:
            t0, c0 = time.time(), time.process_time()
        ctx = torch.autocast("cpu", dtype=torch.bfloat16) if bf16 else contextlib.nullcontext()
        with ctx:
            logits = model(x)
        loss = F.cross_entropy(logits.float().reshape(-1, logits.shape[-1]), y.reshape(-1))
        optimizer_step(model, opt, loss, 1.0)
    n = rows * seq_len * steps
    return n / (time.time() - t0), n / (time.process_time() - c0)


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dim", type=int, default=128)
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--ffn", type=int, default=384)
    ap.add_argument("--seq-len", type=int, default=512)
    ap.add_argument("--batch-tokens", type=int, default=2048)
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--bf16", action="store_true")
    a = ap.parse_args(argv)
    setup_torch(a.threads, 0)
    rows = max(1, a.batch_tokens // a.seq_len)
    with tempfile.TemporaryDirectory() as d:
        init = os.path.join(d, "init.gguf")
        cfg = make_model(init, dim=a.dim, layers=a.layers, heads=a.heads, ffn=a.ffn, ctx=max(2048, a.seq_len))
        data = os.path.join(d, "data.jsonl")
        with open(data, "w") as f:
            for r in toy_examples(n=256, max_len=a.seq_len):
                f.write(json.dumps(r) + "\n")
        model = Llama.from_gguf(init)[0]
        params = sum(p.numel() for p in model.parameters())
        bare, bare_cpu = bare_loop(model, rows, a.seq_len, a.steps, bf16=a.bf16)
        # warm-up steps are inside the trainer's timing; run 2 extra and accept the small bias
        with contextlib.redirect_stdout(io.StringIO()):
            res = run_sft(SFTOptions(data=data, init=init, out=os.path.join(d, "out.gguf"), steps=a.steps + 2,
                                     batch_tokens=a.batch_tokens, seq_len=a.seq_len, log_every=a.steps + 2,
                                     ckpt_every=10 ** 9, threads=a.threads, bf16=a.bf16))
    slots = rows * a.seq_len * (a.steps + 2) / res["elapsed_s"]
    real_cpu = res["tokens_per_s"] * res["elapsed_s"] / res["cpu_s"]
    slots_cpu = slots * res["elapsed_s"] / res["cpu_s"]
    out = {"params": params, "vocab": cfg.vocab_size, "rows": rows, "seq_len": a.seq_len, "threads": a.threads,
           "bf16": a.bf16, "bare_tokens_per_s": round(bare, 1), "trainer_tokens_per_s": round(res["tokens_per_s"], 1),
           "trainer_slot_tokens_per_s": round(slots, 1), "ratio": round(res["tokens_per_s"] / bare, 3),
           "bare_tokens_per_cpu_s": round(bare_cpu, 1), "trainer_tokens_per_cpu_s": round(real_cpu, 1),
           "trainer_slot_tokens_per_cpu_s": round(slots_cpu, 1), "cpu_ratio": round(real_cpu / bare_cpu, 3),
           "cpu_slot_ratio": round(slots_cpu / bare_cpu, 3)}
    print(f"model {params / 1e6:.2f}M params, {rows}x{a.seq_len} tokens/step, {a.threads} thread(s)")
    print("                             per wall s   per CPU s   ratio (CPU)")
    print(f"bare forward/backward loop: {bare:10.0f} {bare_cpu:11.0f}")
    print(f"trainer (real tokens):      {res['tokens_per_s']:10.0f} {real_cpu:11.0f}   {out['cpu_ratio']:.2f}")
    print(f"trainer (incl. padding):    {slots:10.0f} {slots_cpu:11.0f}   {out['cpu_slot_ratio']:.2f}")
    print("BENCH " + json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
