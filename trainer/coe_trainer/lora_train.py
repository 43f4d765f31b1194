"""A LoRA round on the user's own GGUF: frozen base, trained adapter, llama.cpp adapter GGUF out.

    python3 -m coe_trainer.lora_train --base BASE.gguf --data D.jsonl --out ADAPTER.gguf --steps N
        [--rank 16] [--alpha 32] [--targets attn_q,attn_k,...] [--lr 2e-4] [--batch-tokens 4096] [--seq-len L]
        [--warmup W] [--weight-decay 0] [--clip 1.0] [--base-dtype bf16|f16|f32] [--no-grad-checkpoint]
        [--device cpu|cuda] [--procs P] [--ckpt-dir DIR] [--ckpt-every 100] [--log-every 10] [--resume]
        [--threads 1] [--seed 0] [--out-type f32|f16]

D.jsonl: {"ids", "mask"} per line, as for sft.py (data.py), tokenized with the base's tokenizer.
The base is checked first (missing file, not GGUF, unsupported architecture or tensor type: one error
line, exit 2, nothing trained). --procs P runs P data-parallel ranks on this machine (ddp.py; gloo on
CPU, NCCL on GPU); under torchrun, the ranks come from the environment.
Progress, checkpoints, SIGINT/SIGTERM and exit codes (0 done, 130 stopped with a checkpoint, 2 bad
input) are as for sft.py (train_utils.py), with "kind": "lora". Load it in llama.cpp / node-llama-cpp
with the base: createContext({lora: {adapters: [{filePath: ADAPTER.gguf, scale: 1}]}}).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from typing import Any, Dict, List, Optional

import torch
import torch.nn.functional as F

from .data import epoch_batches, load_examples
from .ddp import DataParallel, launch_local
from .gguf import TYPE_BY_NAME
from .lora import TARGETS, apply_lora, load_lora_tensors, lora_parameters, lora_tensors
from .lora_base import check_base, load_base
from .lora_gguf import write_lora_gguf
from .train_utils import (Progress, StopFlag, add_run_args, cosine_lr, load_checkpoint, padding_id, rng_state,
                          run_main, save_checkpoint, set_rng_state, setup_torch)

DTYPES = {"bf16": torch.bfloat16, "f16": torch.float16, "f32": torch.float32}


@dataclass
class LoRAOptions:
    base: str
    data: str
    out: str
    steps: int
    rank: int = 16
    alpha: float = 32.0
    targets: str = ",".join(TARGETS)
    lr: float = 2e-4
    batch_tokens: int = 4096
    seq_len: Optional[int] = None
    warmup: Optional[int] = None
    weight_decay: float = 0.0
    clip: float = 1.0
    base_dtype: str = "bf16"
    grad_checkpoint: bool = True
    device: str = "cpu"
    procs: int = 1
    ckpt_dir: Optional[str] = None
    ckpt_every: int = 100
    log_every: int = 10
    resume: bool = False
    threads: int = 1
    seed: int = 0
    out_type: str = "f32"


class _Quiet(Progress):
    def emit(self, event: str, **fields: Any) -> None:  # ranks other than 0 say nothing
        pass


def shard_loss(model: torch.nn.Module, batch: Any, rows: slice, total_weight: float, device: str) -> Optional[torch.Tensor]:
    """Sum of weighted cross-entropy over this rank's rows of a packed batch / the whole batch's weight."""
    ids = torch.from_numpy(batch.ids[rows]).to(device)
    if ids.shape[0] == 0:
        return None
    logits = model(ids, torch.from_numpy(batch.pos[rows]).to(device), torch.from_numpy(batch.seg[rows]).to(device))
    tgt = torch.from_numpy(batch.targets[rows]).to(device).reshape(-1)
    w = torch.from_numpy(batch.weights[rows]).to(device).reshape(-1)
    ce = F.cross_entropy(logits.float().reshape(-1, logits.shape[-1]), tgt, reduction="none")
    return (ce * w).sum() / max(total_weight, 1.0)


def validate(o: LoRAOptions) -> Any:
    """Everything that can be wrong with the input, before any training: returns the base's config."""
    if o.steps <= 0:
        raise ValueError("--steps must be positive")
    if o.rank <= 0 or o.alpha <= 0:
        raise ValueError("--rank and --alpha must be positive")
    if o.base_dtype not in DTYPES or o.out_type not in ("f32", "f16"):
        raise ValueError("--base-dtype must be bf16, f16 or f32; --out-type f32 or f16")
    if o.device.startswith("cuda") and not torch.cuda.is_available():
        raise ValueError("--device cuda: no CUDA device is visible to this torch")
    return check_base(o.base)


def run_lora(o: LoRAOptions) -> Dict[str, Any]:
    cfg = validate(o)
    examples = load_examples(o.data, cfg.vocab_size, max_len=o.seq_len or cfg.ctx)
    dp = DataParallel(o.device)
    try:
        return _train(o, cfg, examples, dp)
    finally:
        dp.dispose()


def _train(o: LoRAOptions, cfg: Any, examples: List[Any], dp: DataParallel) -> Dict[str, Any]:
    setup_torch(o.threads, o.seed)
    if dp.device.startswith("cuda"):
        torch.backends.cuda.matmul.allow_tf32 = True
    model, source = load_base(o.base, DTYPES[o.base_dtype])
    apply_lora(model, o.rank, o.alpha, [t for t in o.targets.split(",") if t], DTYPES[o.base_dtype],
               checkpoint=o.grad_checkpoint)
    model.to(dp.device)
    params = lora_parameters(model)
    dp.broadcast(params)
    seq_len = o.seq_len or min(cfg.ctx, max(e.ids.size for e in examples))
    rows = max(1, o.batch_tokens // seq_len)
    pad_id = padding_id(source)
    warmup = o.warmup if o.warmup is not None else min(100, o.steps // 10)
    opt = torch.optim.AdamW(params, lr=o.lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=o.weight_decay)
    step, epoch, used = 0, 0, set()
    ckpt = os.path.join(o.ckpt_dir, "lora-ckpt.pt") if o.ckpt_dir else None
    meta = {"config": cfg.to_dict(), "n_examples": len(examples), "rank": o.rank, "alpha": o.alpha,
            "targets": o.targets, "world": dp.world}
    if o.resume:
        if not ckpt:
            raise ValueError("--resume needs --ckpt-dir")
        st = load_checkpoint(ckpt)
        if st is None:
            print(f"no checkpoint in {o.ckpt_dir}: starting a new adapter", file=sys.stderr)
        else:
            if {k: st.get(k) for k in meta} != meta:
                raise ValueError(f"{ckpt} is from another base, dataset or adapter shape; remove it or drop --resume")
            load_lora_tensors(model, st["lora"])
            opt.load_state_dict(st["optimizer"])
            step, epoch, used = st["step"], st["epoch"], set(st["used"])
            set_rng_state(st["rng"])
    prog = Progress(o.steps, step, "lora") if dp.main else _Quiet(o.steps, step, "lora")

    def save() -> None:
        if ckpt and dp.main:
            save_checkpoint(ckpt, {**meta, "lora": lora_tensors(model), "optimizer": opt.state_dict(), "step": step,
                                   "epoch": epoch, "used": sorted(used), "rng": rng_state(), "kind": "lora"})
            prog.emit("checkpoint", step=step, path=ckpt)

    prog.emit("start", step=step, steps=o.steps, examples=len(examples), seq_len=seq_len, rows=rows,
              params=sum(p.numel() for p in params), world=dp.world, device=dp.device)
    stop = StopFlag()
    batches = epoch_batches(examples, rows, seq_len, pad_id, o.seed, epoch, used)
    last_loss, acc_loss, acc_n, acc_tok = float("nan"), 0.0, 0, 0
    model.train()
    try:
        while step < o.steps:
            if dp.any(stop.stop):
                save()
                prog.emit("stopped", step=step)
                return {"stopped": True, "step": step}
            nxt = next(batches, None)
            if nxt is None:
                epoch, used = epoch + 1, set()
                batches = epoch_batches(examples, rows, seq_len, pad_id, o.seed, epoch, used)
                continue
            used, batch = nxt
            lr = cosine_lr(step, o.steps, o.lr, warmup)
            for g in opt.param_groups:
                g["lr"] = lr
            opt.zero_grad(set_to_none=True)
            loss = shard_loss(model, batch, dp.shard(rows), float(batch.weights.sum()), dp.device)
            if loss is not None:
                loss.backward()
            dp.sum_grads(params)
            if o.clip > 0:
                torch.nn.utils.clip_grad_norm_(params, o.clip)
            opt.step()
            step += 1
            acc_loss += dp.sum(0.0 if loss is None else loss.item())
            acc_n, acc_tok = acc_n + 1, acc_tok + batch.n_tokens
            if step % o.log_every == 0 or step == o.steps:
                last_loss = acc_loss / acc_n
                prog.step(step, last_loss, lr, acc_tok, epoch=epoch)
                acc_loss, acc_n, acc_tok = 0.0, 0, 0
            if step % o.ckpt_every == 0 or step == o.steps:
                save()
    finally:
        stop.dispose()
    same = dp.identical(params)
    if dp.main:
        pairs = {k: (a.numpy(), b.numpy()) for k, (a, b) in lora_tensors(model).items()}
        write_lora_gguf(o.out, source["metadata"], pairs, o.alpha, TYPE_BY_NAME[o.out_type])
    prog.emit("done", step=step, out=o.out, loss=last_loss, world=dp.world, replicas_identical=same)
    return {"stopped": False, "step": step, "loss": last_loss, "tokens_per_s": prog.tokens_per_s(),
            "elapsed_s": time.time() - prog.t0, "rows": rows, "seq_len": seq_len, "world": dp.world,
            "replicas_identical": same}


def parse_args(argv: Optional[List[str]] = None) -> LoRAOptions:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    for name in ("--base", "--data", "--out"):
        ap.add_argument(name, required=True)
    ap.add_argument("--steps", type=int, required=True)
    ap.add_argument("--rank", type=int, default=16)
    ap.add_argument("--alpha", type=float, default=32.0)
    ap.add_argument("--targets", default=",".join(TARGETS), help="comma-separated layer names")
    ap.add_argument("--lr", type=float, default=2e-4)
    ap.add_argument("--batch-tokens", type=int, default=4096)
    ap.add_argument("--seq-len", type=int, default=None, help="row length (default: longest example, <= ctx)")
    ap.add_argument("--warmup", type=int, default=None, help="default min(100, steps/10)")
    ap.add_argument("--weight-decay", type=float, default=0.0)
    ap.add_argument("--clip", type=float, default=1.0)
    ap.add_argument("--base-dtype", default="bf16", choices=sorted(DTYPES), help="storage of the frozen base")
    ap.add_argument("--no-grad-checkpoint", dest="grad_checkpoint", action="store_false")
    ap.add_argument("--device", default="cpu", help="cpu or cuda")
    ap.add_argument("--procs", type=int, default=1, help="data-parallel ranks to start on this machine")
    ap.add_argument("--ckpt-dir", default=None)
    ap.add_argument("--ckpt-every", type=int, default=100)
    ap.add_argument("--log-every", type=int, default=10)
    ap.add_argument("--resume", action="store_true")
    add_run_args(ap)
    return LoRAOptions(**vars(ap.parse_args(argv)))


def main(argv: Optional[List[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    o = parse_args(argv)
    if o.procs > 1 and "WORLD_SIZE" not in os.environ:
        try:  # bad input is one error here, not P of them
            cfg = validate(o)
            load_examples(o.data, cfg.vocab_size, max_len=o.seq_len or cfg.ctx)
        except (ValueError, FileNotFoundError) as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
        return launch_local("coe_trainer.lora_train", argv + ["--procs", "1"], o.procs)
    return run_main(lambda: run_lora(o))


if __name__ == "__main__":
    sys.exit(main())
