"""Supervised fine-tuning on CoE demonstrations, GGUF in and GGUF out.

    python3 -m coe_trainer.sft --data D.jsonl --init X.gguf --out Y.gguf --steps N [--batch-tokens 4096]
        [--seq-len L] [--lr 1e-3] [--warmup W] [--weight-decay 0.1] [--clip 1.0] [--ckpt-dir DIR]
        [--ckpt-every 100] [--log-every 10] [--resume] [--threads 1] [--seed 0] [--out-type f32|f16] [--bf16]
        [--rank-data R.jsonl] [--rank-weight 1.0] [--rank-loss pairwise|listwise] [--rank-norm sum|mean]
        [--rank-per-step 1] [--rank-max-losers 7]

D.jsonl: {"ids": [...], "mask": [...]} per line (data.py). --init keeps its architecture and tokenizer.
With --rank-data (learning to rank, rank_loss.py) each step adds rank_weight times the rank loss of
--rank-per-step rank examples to the next-token loss; --rank-weight 0 turns it off. Progress then also reports
rank_loss and rank_acc (the fraction of winner/loser pairs the model orders right in that step's examples).
Every --ckpt-every steps (and on SIGTERM/SIGINT) DIR/ckpt.pt is replaced atomically with model, optimizer,
step, data position and RNG state; --resume continues from it with exactly the same data order.
Progress: "PROGRESS {json}" lines on stdout, readable lines on stderr (train_utils.py). Exit code 0 when
the GGUF is written, 130 when stopped by a signal (checkpoint saved), 2 on bad input.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from dataclasses import dataclass
from typing import Any, Dict, List, Optional

import torch
import torch.nn.functional as F

from .data import epoch_batches, load_examples, load_rank_examples
from .gguf import TYPE_BY_NAME
from .model import Llama
from .rank_loss import RANK_KINDS, RANK_NORMS, command_scores, pair_accuracy, pick_rank_batch, rank_loss
from .train_utils import (Progress, StopFlag, add_run_args, cosine_lr, load_checkpoint, make_adamw, optimizer_step,
                          padding_id, rng_state, run_main, save_checkpoint, set_rng_state, setup_torch)


@dataclass
class SFTOptions:
    data: str
    init: str
    out: str
    steps: int
    batch_tokens: int = 4096
    seq_len: Optional[int] = None
    lr: float = 1e-3
    warmup: Optional[int] = None
    weight_decay: float = 0.1
    clip: float = 1.0
    ckpt_dir: Optional[str] = None
    ckpt_every: int = 100
    log_every: int = 10
    resume: bool = False
    threads: int = 1
    seed: int = 0
    out_type: str = "f32"
    bf16: bool = False
    rank_data: Optional[str] = None
    rank_weight: float = 1.0
    rank_loss: str = "pairwise"
    rank_norm: str = "sum"
    rank_per_step: int = 1
    rank_max_losers: int = 7


def masked_loss(model: Llama, batch: Any, bf16: bool = False) -> torch.Tensor:
    """Mean cross-entropy over the weighted target tokens of a packed batch."""
    ids, tgt = torch.from_numpy(batch.ids), torch.from_numpy(batch.targets)
    w = torch.from_numpy(batch.weights)
    ctx = torch.autocast("cpu", dtype=torch.bfloat16) if bf16 else contextlib.nullcontext()
    with ctx:
        logits = model(ids, torch.from_numpy(batch.pos), torch.from_numpy(batch.seg))
    ce = F.cross_entropy(logits.float().reshape(-1, logits.shape[-1]), tgt.reshape(-1), reduction="none")
    return (ce * w.reshape(-1)).sum() / w.sum().clamp(min=1.0)


def run_sft(o: SFTOptions) -> Dict[str, Any]:
    if o.steps <= 0:
        raise ValueError("--steps must be positive")
    if o.out_type not in ("f32", "f16"):
        raise ValueError("--out-type must be f32 or f16")
    setup_torch(o.threads, o.seed)
    model, source = Llama.from_gguf(o.init)
    cfg = model.cfg
    examples = load_examples(o.data, cfg.vocab_size, max_len=o.seq_len or cfg.ctx)
    ranks = load_rank_examples(o.rank_data, cfg.vocab_size, cfg.ctx) if o.rank_data and o.rank_weight > 0 else []
    if o.rank_loss not in RANK_KINDS or o.rank_norm not in RANK_NORMS or o.rank_weight < 0:
        raise ValueError(f"--rank-loss {RANK_KINDS}, --rank-norm {RANK_NORMS}, --rank-weight >= 0")
    if o.rank_data and o.rank_weight > 0 and not ranks:
        print(f"warning: {o.rank_data}: no usable rank example: next-token loss only", file=sys.stderr)
    seq_len = o.seq_len or min(cfg.ctx, max(e.ids.size for e in examples))
    rows = max(1, o.batch_tokens // seq_len)
    pad_id = padding_id(source)
    warmup = o.warmup if o.warmup is not None else min(100, o.steps // 10)
    opt = make_adamw(model, o.lr, o.weight_decay)
    step, epoch, used = 0, 0, set()
    ckpt = os.path.join(o.ckpt_dir, "ckpt.pt") if o.ckpt_dir else None
    if o.resume:
        if not ckpt:
            raise ValueError("--resume needs --ckpt-dir")
        st = load_checkpoint(ckpt)
        if st is None:
            print(f"no checkpoint in {o.ckpt_dir}: starting from --init", file=sys.stderr)
        else:
            if (st["config"] != cfg.to_dict() or st["n_examples"] != len(examples)
                    or st.get("n_rank", 0) != len(ranks)):
                raise ValueError(f"{ckpt} is from another model or dataset; remove it or drop --resume")
            model.load_state_dict(st["model"])
            opt.load_state_dict(st["optimizer"])
            step, epoch, used = st["step"], st["epoch"], set(st["used"])
            set_rng_state(st["rng"])

    def save() -> None:
        if ckpt:
            save_checkpoint(ckpt, {"model": model.state_dict(), "optimizer": opt.state_dict(), "step": step,
                                   "epoch": epoch, "used": sorted(used), "rng": rng_state(), "config": cfg.to_dict(),
                                   "n_examples": len(examples), "n_rank": len(ranks), "kind": "sft"})
            prog.emit("checkpoint", step=step, path=ckpt)

    prog = Progress(o.steps, step, "sft")
    prog.emit("start", step=step, steps=o.steps, examples=len(examples), rank_examples=len(ranks), seq_len=seq_len,
              rows=rows,
              params=sum(p.numel() for p in model.parameters()))
    stop = StopFlag()
    batches = epoch_batches(examples, rows, seq_len, pad_id, o.seed, epoch, used)
    last_loss, acc_loss, acc_n, acc_tok = float("nan"), 0.0, 0, 0
    acc_rank, acc_acc = 0.0, 0.0
    model.train()
    try:
        while step < o.steps:
            if stop.stop:
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
            loss = masked_loss(model, batch, o.bf16)
            nt_loss = loss.item()
            if ranks:
                picked = pick_rank_batch(ranks, step, o.rank_per_step, o.seed, o.rank_max_losers)
                with torch.autocast("cpu", dtype=torch.bfloat16) if o.bf16 else contextlib.nullcontext():
                    scores = command_scores(model, picked, o.rank_norm)
                r_loss = rank_loss(scores, o.rank_loss)
                loss = loss + o.rank_weight * r_loss
                acc_rank, acc_acc = acc_rank + r_loss.item(), acc_acc + pair_accuracy(scores)
                acc_tok += sum(e.prefix.size + sum(c.size for c in e.candidates) for e in picked)
            optimizer_step(model, opt, loss, o.clip)
            step += 1
            acc_loss, acc_n, acc_tok = acc_loss + nt_loss, acc_n + 1, acc_tok + batch.n_tokens
            if step % o.log_every == 0 or step == o.steps:
                last_loss = acc_loss / acc_n
                extra = ({"rank_loss": round(acc_rank / acc_n, 6), "rank_acc": round(acc_acc / acc_n, 4)}
                         if ranks else {})
                prog.step(step, last_loss, lr, acc_tok, epoch=epoch, **extra)
                acc_loss, acc_n, acc_tok, acc_rank, acc_acc = 0.0, 0, 0, 0.0, 0.0
            if step % o.ckpt_every == 0 or step == o.steps:
                save()
    finally:
        stop.dispose()
    model.to_gguf(o.out, source, TYPE_BY_NAME[o.out_type])
    prog.emit("done", step=step, out=o.out, loss=last_loss)
    return {"stopped": False, "step": step, "loss": last_loss, "tokens_per_s": prog.tokens_per_s(),
            "elapsed_s": time.time() - prog.t0, "cpu_s": time.process_time() - prog.cpu0, "rows": rows, "seq_len": seq_len}


def parse_args(argv: Optional[List[str]] = None) -> SFTOptions:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True)
    ap.add_argument("--init", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--steps", type=int, required=True)
    ap.add_argument("--batch-tokens", type=int, default=4096)
    ap.add_argument("--seq-len", type=int, default=None, help="row length (default: longest example, <= ctx)")
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--warmup", type=int, default=None, help="default min(100, steps/10)")
    ap.add_argument("--weight-decay", type=float, default=0.1)
    ap.add_argument("--clip", type=float, default=1.0)
    ap.add_argument("--ckpt-dir", default=None)
    ap.add_argument("--ckpt-every", type=int, default=100)
    ap.add_argument("--log-every", type=int, default=10)
    ap.add_argument("--resume", action="store_true")
    add_run_args(ap)
    ap.add_argument("--bf16", action="store_true", help="bf16 autocast (faster on CPUs with bf16 support)")
    ap.add_argument("--rank-data", default=None, help="rank examples (JSONL of prefix, winner, losers)")
    ap.add_argument("--rank-weight", type=float, default=1.0, help="weight of the rank loss (0: off)")
    ap.add_argument("--rank-loss", default="pairwise", choices=list(RANK_KINDS))
    ap.add_argument("--rank-norm", default="sum", choices=list(RANK_NORMS), help="command score: sum or mean log-prob")
    ap.add_argument("--rank-per-step", type=int, default=1, help="rank examples per step")
    ap.add_argument("--rank-max-losers", type=int, default=7, help="losers per rank example (a seeded sample)")
    a = ap.parse_args(argv)
    return SFTOptions(**{k: v for k, v in vars(a).items()})


def main(argv: Optional[List[str]] = None) -> int:
    o = parse_args(argv)
    return run_main(lambda: run_sft(o))


if __name__ == "__main__":
    sys.exit(main())
