"""Learning to rank (issue #10): the winner's command above its verified-failing siblings.

A search leaves, for each state on its winning path, the command that led to the fix (the winner) and the
sibling commands the tests rejected (the losers); data.py loads them as RankExample. The score of a command is
its log-likelihood given the context, l = sum (norm "sum", the default: what the search ranks by) or mean
(norm "mean") of log p(token | context, earlier tokens) over the command's tokens. Two losses:

  pairwise (default): mean over losers of -log sigmoid(l_w - l_l)   (= softplus(l_l - l_w))
  listwise:           -log softmax([l_w, l_1, ..., l_k])[0]

sft.py adds `rank_weight * rank loss` (default weight 1.0) to the usual next-token loss; the next-token loss
keeps the model writing well-formed commands, the rank loss orders them. The prefix is evaluated once per
candidate (the trainer's model has no KV cache); only the command positions go through the output layer.
"""

from __future__ import annotations

from typing import List, Sequence, Tuple

import numpy as np
import torch
import torch.nn.functional as F

from .data import RankExample
from .model import Llama

RANK_KINDS = ("pairwise", "listwise")
RANK_NORMS = ("sum", "mean")


def _hidden(model: Llama, ids: torch.Tensor) -> torch.Tensor:
    """model.forward without the output layer: [B, T] -> [B, T, dim] (causal, positions 0..T-1)."""
    b, t = ids.shape
    pos = torch.arange(t, device=ids.device).unsqueeze(0).expand(b, t)
    ang = pos.to(torch.float32).unsqueeze(-1) * model.inv_freq
    cos, sin = ang.cos().unsqueeze(1), ang.sin().unsqueeze(1)
    mask = torch.ones(t, t, dtype=torch.bool, device=ids.device).tril().unsqueeze(0).unsqueeze(1)
    x = model.token_embd(ids)
    for blk in model.blk:
        x = blk(x, cos, sin, mask)
    return model.output_norm(x)


def command_scores(model: Llama, examples: Sequence[RankExample], norm: str = "sum") -> List[torch.Tensor]:
    """For each example, a tensor [K] of its candidates' scores (winner first), differentiable."""
    if norm not in RANK_NORMS:
        raise ValueError(f"rank norm must be one of {RANK_NORMS}")
    rows: List[np.ndarray] = []
    spans: List[Tuple[int, int]] = []  # (start, length) of each row's command
    for ex in examples:
        for c in ex.candidates:
            rows.append(np.concatenate([ex.prefix, c]))
            spans.append((ex.prefix.size, c.size))
    t = max(r.size for r in rows)
    ids = np.zeros((len(rows), t), np.int64)  # right padding: causal attention never reads it
    for i, r in enumerate(rows):
        ids[i, :r.size] = r
    ids_t = torch.from_numpy(ids)
    h = _hidden(model, ids_t)
    row_idx = np.concatenate([np.full(n, i) for i, (_, n) in enumerate(spans)])
    tgt_pos = np.concatenate([np.arange(s, s + n) for s, n in spans])
    hr = h[torch.from_numpy(row_idx), torch.from_numpy(tgt_pos - 1)]  # the state that predicts each token
    lp = torch.log_softmax(model.output(hr).float(), -1)
    tok_lp = lp.gather(-1, ids_t[torch.from_numpy(row_idx), torch.from_numpy(tgt_pos)].unsqueeze(-1)).squeeze(-1)
    per_row = torch.zeros(len(rows), dtype=tok_lp.dtype).index_add(0, torch.from_numpy(row_idx), tok_lp)
    if norm == "mean":
        per_row = per_row / torch.tensor([n for _, n in spans], dtype=per_row.dtype)
    out, k = [], 0
    for ex in examples:
        out.append(per_row[k:k + len(ex.candidates)])
        k += len(ex.candidates)
    return out


def rank_loss(scores: Sequence[torch.Tensor], kind: str = "pairwise") -> torch.Tensor:
    """Mean over examples of the pairwise or listwise loss of one score vector (winner at 0)."""
    if kind not in RANK_KINDS:
        raise ValueError(f"rank loss must be one of {RANK_KINDS}")
    per = []
    for s in scores:
        if kind == "pairwise":
            per.append(F.softplus(s[1:] - s[0]).mean())
        else:
            per.append(-torch.log_softmax(s, 0)[0])
    return torch.stack(per).mean()


def winner_rank(scores: torch.Tensor) -> float:
    """0 when the winner scores above every loser; ties count half."""
    s = scores.detach()
    return float((s[1:] > s[0]).sum().item() + 0.5 * (s[1:] == s[0]).sum().item())


def pair_accuracy(scores: Sequence[torch.Tensor]) -> float:
    """Fraction of (winner, loser) pairs ordered right."""
    right = sum(int((s.detach()[1:] < s.detach()[0]).sum().item()) for s in scores)
    total = sum(int(s.numel()) - 1 for s in scores)
    return right / max(1, total)


def pick_rank_batch(examples: Sequence[RankExample], step: int, per_step: int, seed: int,
                    max_losers: int) -> List[RankExample]:
    """The rank examples of one step: a seeded permutation per pass over the examples, indexed by step (so a
    resumed run picks exactly the same ones), with at most max_losers losers each (a seeded sample)."""
    n = len(examples)
    out: List[RankExample] = []
    for j in range(per_step):
        i = step * per_step + j
        order = np.random.default_rng([seed, 10, i // n]).permutation(n)
        ex = examples[int(order[i % n])]
        losers = ex.candidates[1:]
        if len(losers) > max_losers:
            keep = np.random.default_rng([seed, 11, i]).choice(len(losers), max_losers, replace=False)
            losers = [losers[int(k)] for k in sorted(keep)]
        out.append(RankExample(ex.prefix, [ex.candidates[0], *losers]))
    return out
