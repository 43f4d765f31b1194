"""LoRA training speed and peak memory on pretrained-model shapes with random weights (torch).

    python3 -m coe_trainer.lora_bench --shape 0.5b|1.5b|tiny [--seq 256] [--steps 3] [--rank 16]
        [--base-dtype bf16] [--no-grad-checkpoint] [--threads 1] [--from-gguf q8_0]

The model is built directly in torch (no multi-GB file): Qwen2.5-0.5B's shape (dim 896, 24 layers, 14 heads,
2 kv heads, ffn 4864, vocab 151936, tied embeddings) or 1.5B's (1536, 28, 12, 2, 8960). With --from-gguf T
it is written as a T GGUF under /tmp first (deleted afterwards) and loaded the way lora_train loads a base,
so the load's own peak is measured too. Prints one JSON line: tokens/s (steps after the first), seconds
per step, peak RSS (ru_maxrss) after building and after training, adapter parameters.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from typing import Any, Dict, List, Optional

import numpy as np
import torch
import torch.nn.functional as F

from .config import LlamaConfig, tensor_shapes
from .gguf import TYPE_BY_NAME
from .lora import apply_lora, lora_parameters
from .lora_base import _no_init, load_base
from .make_model import write_llama_gguf
from .model import Llama

SHAPES = {
    "tiny": dict(vocab_size=4096, dim=64, layers=2, heads=4, kv_heads=2, ffn=128),
    "0.5b": dict(vocab_size=151936, dim=896, layers=24, heads=14, kv_heads=2, ffn=4864),
    "1.5b": dict(vocab_size=151936, dim=1536, layers=28, heads=12, kv_heads=2, ffn=8960),
}
DTYPES = {"bf16": torch.bfloat16, "f16": torch.float16, "f32": torch.float32}


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def random_model(cfg: LlamaConfig, dtype: torch.dtype, seed: int = 0) -> Llama:
    """Llama(cfg) with N(0, 0.02) matrices made directly in `dtype`, output tied to token_embd."""
    torch.manual_seed(seed)
    with _no_init():
        model = Llama(cfg)
    for mod in model.modules():
        for pn, p in list(mod._parameters.items()):
            if p is not None and p.dim() >= 2 and not (mod is model.output):
                mod._parameters[pn] = torch.nn.Parameter(torch.empty(p.shape, dtype=dtype).normal_(0, 0.02),
                                                         requires_grad=False)
    model.output.weight = model.token_embd.weight
    return model


def write_random_gguf(path: str, cfg: LlamaConfig, ggml_type: str, seed: int = 0) -> None:
    """cfg with N(0, 0.02) matrices and unit norms as a GGUF without output.weight (tied), no tokenizer."""
    rng = np.random.default_rng(seed)
    weights = [(n, np.ones(s, np.float32) if len(s) == 1 else (rng.standard_normal(s, np.float32) * 0.02))
               for n, s in tensor_shapes(cfg) if n != "output.weight"]
    write_llama_gguf(path, cfg, weights, {}, None, TYPE_BY_NAME[ggml_type])


def gguf_model(shape: str, ggml_type: str, dtype: torch.dtype) -> Llama:
    """Writes cfg with random weights as a GGUF in /tmp, loads it as lora_train does, deletes it."""
    fd, path = tempfile.mkstemp(suffix=".gguf", dir="/tmp")
    os.close(fd)
    try:  # written by a child process, so this one's peak RSS is the load's alone
        subprocess.run([sys.executable, "-m", "coe_trainer.lora_bench", "--write-gguf", path, "--shape", shape,
                        "--from-gguf", ggml_type], check=True)
        model, _ = load_base(path, dtype)
        return model
    finally:
        os.remove(path)


def bench(shape: str, seq: int, steps: int, rank: int, base_dtype: str, grad_checkpoint: bool,
          from_gguf: Optional[str], threads: int) -> Dict[str, Any]:
    torch.set_num_threads(threads)
    cfg = LlamaConfig(ctx=max(seq, 2048), name=f"bench-{shape}", **SHAPES[shape])
    dtype = DTYPES[base_dtype]
    t0 = time.time()
    model = gguf_model(shape, from_gguf, dtype) if from_gguf else random_model(cfg, dtype)
    build_s, build_rss = time.time() - t0, peak_rss_mb()
    apply_lora(model, rank, 2.0 * rank, dtype=dtype, checkpoint=grad_checkpoint)
    params = lora_parameters(model)
    opt = torch.optim.AdamW(params, lr=1e-4)
    ids = torch.randint(0, cfg.vocab_size, (1, seq + 1))
    times: List[float] = []
    for _ in range(steps):
        t = time.time()
        logits = model(ids[:, :-1])
        loss = F.cross_entropy(logits.reshape(-1, cfg.vocab_size), ids[:, 1:].reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        del logits, loss
        times.append(time.time() - t)
    timed = times[1:] or times
    return {"shape": shape, "params_m": round(sum(p.numel() for p in model.parameters()) / 1e6, 1),
            "adapter_params_m": round(sum(p.numel() for p in params) / 1e6, 2), "rank": rank, "seq": seq,
            "base_dtype": base_dtype, "grad_checkpoint": grad_checkpoint, "from_gguf": from_gguf, "threads": threads,
            "build_s": round(build_s, 1), "peak_rss_after_build_mb": round(build_rss),
            "peak_rss_mb": round(peak_rss_mb()), "step_s": [round(x, 1) for x in times],
            "tokens_per_s": round(seq * len(timed) / sum(timed), 2)}


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shape", default="0.5b", choices=sorted(SHAPES))
    ap.add_argument("--seq", type=int, default=256)
    ap.add_argument("--steps", type=int, default=3)
    ap.add_argument("--rank", type=int, default=16)
    ap.add_argument("--base-dtype", default="bf16", choices=sorted(DTYPES))
    ap.add_argument("--no-grad-checkpoint", dest="grad_checkpoint", action="store_false")
    ap.add_argument("--from-gguf", default=None, choices=sorted(TYPE_BY_NAME))
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--write-gguf", default=None, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.write_gguf:
        write_random_gguf(a.write_gguf, LlamaConfig(name=f"bench-{a.shape}", **SHAPES[a.shape]), a.from_gguf or "f32")
        return 0
    res = bench(a.shape, a.seq, a.steps, a.rank, a.base_dtype, a.grad_checkpoint, a.from_gguf, a.threads)
    print(json.dumps(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
