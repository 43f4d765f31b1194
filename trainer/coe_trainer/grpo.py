"""GRPO on multi-turn CoE rollouts (Chain-of-Edits, arXiv 2507.05065), GGUF in and GGUF out.

    python3 -m coe_trainer.grpo --rollouts R.jsonl --init X.gguf --out Y.gguf [--ref SFT.gguf --kl 0.02]
        [--epochs 1] [--lr 1e-5] [--clip-eps 0.2] [--gamma 1.0] [--batch-tokens 8192] [--threads 1]
        [--seed 0] [--out-type f32|f16] [--adv-norm group|turn|none]

R.jsonl, one rollout per line, sampled by the TypeScript engine:
  {"group": id, "ids": [...], "mask": [...], "turn_rewards": [r_1..r_K], "turn_spans": [[s_1,e_1],...],
   "old_logprobs": [...]?}
  - mask: 1 on the model's command tokens (the only trained tokens);
  - turn_spans[k] = [start, end): token span of command k in ids; turn_rewards[k]: reward of that turn
    (the paper's: +1 where the tests first all pass, -0.5 for a malformed command, ...);
  - old_logprobs (optional, len(ids)): log p(ids[t] | ids[:t]) under the sampling policy at command
    tokens. When absent, the policy at the start of training stands in (exactly on-policy data).
Algorithm: the return of turn k is G_k = sum_{j>=k} gamma^(j-k) r_j; every token of command k gets G_k;
advantages are normalised within each group, A = (G - mean) / (std + 1e-6), with mean/std over all
turns of the group's rollouts (--adv-norm group, default) or over the group's turns of the same index
(--adv-norm turn: a step-level baseline; EXIT after a solve is then compared with other turns at that
depth instead of with the solving turn) or not at all (none); returns that are all equal teach nothing, A = 0; loss per command token is the PPO clip
-min(ratio A, clip(ratio, 1-eps, 1+eps) A) plus kl * (exp(ref - logp) - (ref - logp) - 1) (the k3
estimator) when --ref is given; averaged over all command tokens of a minibatch.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Dict, List, Optional

import numpy as np
import torch

from .gguf import TYPE_BY_NAME
from .model import Llama
from .train_utils import Progress, StopFlag, add_run_args, make_adamw, optimizer_step, padding_id, run_main, setup_torch


@dataclass
class Rollout:
    group: str
    ids: np.ndarray
    mask: np.ndarray
    adv: np.ndarray  # per token (0 outside command spans)
    old_lp: Optional[np.ndarray]
    reward: float


def turn_returns(rewards: List[float], gamma: float) -> List[float]:
    out, g = [0.0] * len(rewards), 0.0
    for k in range(len(rewards) - 1, -1, -1):
        g = rewards[k] + gamma * g
        out[k] = g
    return out


def load_rollouts(path: str, vocab_size: int, gamma: float = 1.0, adv_norm: str = "group") -> List[Rollout]:
    recs = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            r = json.loads(line)
            ids, mask, spans, rw = r.get("ids"), r.get("mask"), r.get("turn_spans"), r.get("turn_rewards")
            if not (isinstance(ids, list) and isinstance(mask, list) and len(ids) == len(mask)):
                raise ValueError(f"{path}:{n}: need 'ids' and 'mask' lists of equal length")
            if not (isinstance(spans, list) and isinstance(rw, list) and len(spans) == len(rw)):
                raise ValueError(f"{path}:{n}: need 'turn_spans' and 'turn_rewards' of equal length")
            if any(not (0 <= s < e <= len(ids)) for s, e in spans):
                raise ValueError(f"{path}:{n}: a turn span is outside the token ids")
            if ids and (min(ids) < 0 or max(ids) >= vocab_size):
                raise ValueError(f"{path}:{n}: token id out of range [0, {vocab_size})")
            old = r.get("old_logprobs")
            if old is not None and len(old) != len(ids):
                raise ValueError(f"{path}:{n}: old_logprobs must have one entry per token")
            recs.append((str(r.get("group", n)), r, turn_returns([float(x) for x in rw], gamma)))
    if not recs:
        raise ValueError(f"{path}: no rollouts")
    # statistics per group (adv_norm "group": all turns pooled) or per (group, turn index) ("turn")
    pools: Dict[Any, List[float]] = defaultdict(list)
    for g, _, rets in recs:
        for k, ret in enumerate(rets):
            pools[g if adv_norm == "group" else (g, k)].append(ret)
    stats = {key: (float(np.mean(v)), float(np.std(v))) for key, v in pools.items()}
    out = []
    for g, r, rets in recs:
        adv = np.zeros(len(r["ids"]), np.float32)
        for k, ((s, e), ret) in enumerate(zip(r["turn_spans"], rets)):
            if adv_norm == "none":
                adv[s:e] = ret
                continue
            mean, std = stats[g if adv_norm == "group" else (g, k)]
            adv[s:e] = 0.0 if std < 1e-8 else (ret - mean) / (std + 1e-6)
        old = r.get("old_logprobs")
        out.append(Rollout(g, np.asarray(r["ids"], np.int64), np.asarray(r["mask"], np.float32), adv,
                           None if old is None else np.asarray(old, np.float32), float(sum(r["turn_rewards"]))))
    return out


def token_logprobs(model: Llama, ids: torch.Tensor) -> torch.Tensor:
    """[B, T] -> [B, T]: entry t = log p(ids[t] | ids[:t]); entry 0 is 0."""
    logits = model(ids)[:, :-1].float()
    lp = torch.log_softmax(logits, -1).gather(-1, ids[:, 1:].unsqueeze(-1)).squeeze(-1)
    return torch.cat([torch.zeros_like(lp[:, :1]), lp], dim=1)


def _pad(rows: List[np.ndarray], fill: float, dtype: Any) -> torch.Tensor:
    t = max(len(r) for r in rows)
    out = np.full((len(rows), t), fill, dtype=dtype)
    for i, r in enumerate(rows):
        out[i, :len(r)] = r
    return torch.from_numpy(out)


def minibatches(n_tokens: List[int], batch_tokens: int, order: np.ndarray) -> List[List[int]]:
    out: List[List[int]] = [[]]
    for i in order:
        if out[-1] and (len(out[-1]) + 1) * max(n_tokens[j] for j in out[-1] + [i]) > batch_tokens:
            out.append([])
        out[-1].append(int(i))
    return out


@dataclass
class GRPOOptions:
    rollouts: str
    init: str
    out: str
    ref: Optional[str] = None
    kl: float = 0.0
    epochs: int = 1
    lr: float = 1e-5
    clip_eps: float = 0.2
    gamma: float = 1.0
    batch_tokens: int = 8192
    grad_clip: float = 1.0
    threads: int = 1
    seed: int = 0
    out_type: str = "f32"
    adv_norm: str = "group"


def run_grpo(o: GRPOOptions) -> Dict[str, Any]:
    setup_torch(o.threads, o.seed)
    model, source = Llama.from_gguf(o.init)
    ro = load_rollouts(o.rollouts, model.cfg.vocab_size, o.gamma, o.adv_norm)
    ref = Llama.from_gguf(o.ref)[0].eval() if o.ref and o.kl > 0 else None
    pad_id = padding_id(source)
    rng = np.random.default_rng(o.seed)
    plan = [minibatches([r.ids.size for r in ro], o.batch_tokens, rng.permutation(len(ro))) for _ in range(o.epochs)]
    steps = sum(len(p) for p in plan)
    opt = make_adamw(model, o.lr, 0.0)
    prog = Progress(steps, 0, "grpo")
    prog.emit("start", steps=steps, rollouts=len(ro), groups=len({r.group for r in ro}),
              mean_reward=float(np.mean([r.reward for r in ro])))
    # frozen per-token log-probs: the sampling policy (when not given) and the reference
    frozen: Dict[int, Dict[str, torch.Tensor]] = {}
    with torch.no_grad():
        for mb in plan[0]:
            ids = _pad([ro[i].ids for i in mb], pad_id, np.int64)
            cur = token_logprobs(model, ids) if any(ro[i].old_lp is None for i in mb) else None
            rl = token_logprobs(ref, ids) if ref is not None else None
            for k, i in enumerate(mb):
                n = ro[i].ids.size
                frozen[i] = {"old": torch.from_numpy(ro[i].old_lp) if ro[i].old_lp is not None else cur[k, :n].clone()}
                if rl is not None:
                    frozen[i]["ref"] = rl[k, :n].clone()
    stop = StopFlag()
    step = 0
    model.train()
    try:
        for ep, mbs in enumerate(plan):
            for mb in mbs:
                if stop.stop:
                    prog.emit("stopped", step=step)
                    return {"stopped": True, "step": step}
                ids = _pad([ro[i].ids for i in mb], pad_id, np.int64)
                w = _pad([ro[i].mask for i in mb], 0.0, np.float32)
                w[:, 0] = 0.0  # the first token has no prediction
                adv = _pad([ro[i].adv for i in mb], 0.0, np.float32)
                old = _pad([frozen[i]["old"].numpy() for i in mb], 0.0, np.float32)
                lp = token_logprobs(model, ids)
                ratio = torch.exp(lp - old)
                surr = torch.min(ratio * adv, ratio.clamp(1 - o.clip_eps, 1 + o.clip_eps) * adv)
                per_tok = -surr
                kl_val = torch.zeros(())
                if ref is not None:
                    rl = _pad([frozen[i]["ref"].numpy() for i in mb], 0.0, np.float32)
                    d = rl - lp
                    kl_tok = torch.exp(d) - d - 1
                    per_tok = per_tok + o.kl * kl_tok
                    kl_val = (kl_tok * w).sum() / w.sum().clamp(min=1)
                loss = (per_tok * w).sum() / w.sum().clamp(min=1)
                optimizer_step(model, opt, loss, o.grad_clip)
                step += 1
                with torch.no_grad():
                    clipped = (((ratio - 1).abs() > o.clip_eps).float() * w).sum() / w.sum().clamp(min=1)
                prog.step(step, float(loss.item()), o.lr, int(sum(ro[i].ids.size for i in mb)), epoch=ep,
                          kl=float(kl_val.item()), clip_frac=float(clipped.item()))
    finally:
        stop.dispose()
    model.to_gguf(o.out, source, TYPE_BY_NAME[o.out_type])
    prog.emit("done", step=step, out=o.out)
    return {"stopped": False, "step": step}


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rollouts", required=True)
    ap.add_argument("--init", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--ref", default=None)
    ap.add_argument("--kl", type=float, default=0.0)
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--lr", type=float, default=1e-5)
    ap.add_argument("--clip-eps", type=float, default=0.2)
    ap.add_argument("--gamma", type=float, default=1.0)
    ap.add_argument("--batch-tokens", type=int, default=8192)
    ap.add_argument("--grad-clip", type=float, default=1.0)
    add_run_args(ap)
    ap.add_argument("--adv-norm", default="group", choices=["group", "turn", "none"])
    a = ap.parse_args(argv)
    return run_main(lambda: run_grpo(GRPOOptions(**vars(a))))


if __name__ == "__main__":
    sys.exit(main())
