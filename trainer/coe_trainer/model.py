"""Llama in PyTorch, matching llama.cpp's LLAMA architecture on our GGUFs (see config.py).

Module and parameter names ARE the GGUF tensor names (token_embd.weight, blk.0.attn_q.weight, ...), so
loading and exporting are plain state_dict copies. Pieces, as llama.cpp computes them:
  RMSNorm: x / sqrt(mean(x^2) + eps) * w
  rope (LLAMA = "normal" mode): rotate adjacent pairs (x[2i], x[2i+1]) by pos * base^(-2i/head_dim)
  attention: causal, scale 1/sqrt(head_dim), GQA (q head h reads kv head h // (heads/kv_heads))
  FFN: ffn_down(silu(ffn_gate(x)) * ffn_up(x)); logits = output(output_norm(x)).

forward(ids, pos=None, seg=None): ids [B, T]; pos [B, T] positions (default 0..T-1); seg [B, T] segment ids
for packed rows (tokens attend only within their own segment; pass pos restarting at 0 per segment).
"""

from __future__ import annotations

import math
from typing import Any, Dict, Optional, Tuple

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from .config import LlamaConfig, config_from_metadata, tensor_shapes
from .gguf import GGML_F32, read_gguf
from .make_model import write_llama_gguf

_HAS_SDPA = hasattr(F, "scaled_dot_product_attention")


class RMSNorm(nn.Module):
    def __init__(self, dim: int, eps: float):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))
        self.eps = eps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def rope(x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor) -> torch.Tensor:
    """x [B, H, T, D]; cos/sin [B, 1, T, D/2]. Rotates adjacent pairs (llama.cpp ROPE_TYPE_NORM)."""
    x0, x1 = x[..., 0::2], x[..., 1::2]
    return torch.stack((x0 * cos - x1 * sin, x0 * sin + x1 * cos), dim=-1).flatten(-2)


class Block(nn.Module):
    def __init__(self, cfg: LlamaConfig):
        super().__init__()
        kv = cfg.kv_heads * cfg.head_dim
        self.cfg = cfg
        self.attn_norm = RMSNorm(cfg.dim, cfg.rms_eps)
        self.attn_q = nn.Linear(cfg.dim, cfg.dim, bias=False)
        self.attn_k = nn.Linear(cfg.dim, kv, bias=False)
        self.attn_v = nn.Linear(cfg.dim, kv, bias=False)
        self.attn_output = nn.Linear(cfg.dim, cfg.dim, bias=False)
        self.ffn_norm = RMSNorm(cfg.dim, cfg.rms_eps)
        self.ffn_gate = nn.Linear(cfg.dim, cfg.ffn, bias=False)
        self.ffn_up = nn.Linear(cfg.dim, cfg.ffn, bias=False)
        self.ffn_down = nn.Linear(cfg.ffn, cfg.dim, bias=False)

    def forward(self, x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        c = self.cfg
        b, t, _ = x.shape
        h = self.attn_norm(x)
        q = self.attn_q(h).view(b, t, c.heads, c.head_dim).transpose(1, 2)
        k = self.attn_k(h).view(b, t, c.kv_heads, c.head_dim).transpose(1, 2)
        v = self.attn_v(h).view(b, t, c.kv_heads, c.head_dim).transpose(1, 2)
        q, k = rope(q, cos, sin), rope(k, cos, sin)
        if c.kv_heads != c.heads:
            rep = c.heads // c.kv_heads
            k, v = k.repeat_interleave(rep, dim=1), v.repeat_interleave(rep, dim=1)
        if _HAS_SDPA:
            a = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
        else:
            s = (q @ k.transpose(-1, -2)) * (1.0 / math.sqrt(c.head_dim))
            s = s.masked_fill(~mask, float("-inf"))
            a = torch.softmax(s, dim=-1) @ v
        x = x + self.attn_output(a.transpose(1, 2).reshape(b, t, c.dim))
        h = self.ffn_norm(x)
        return x + self.ffn_down(F.silu(self.ffn_gate(h)) * self.ffn_up(h))


class Llama(nn.Module):
    def __init__(self, cfg: LlamaConfig):
        super().__init__()
        cfg.validate()
        self.cfg = cfg
        self.token_embd = nn.Embedding(cfg.vocab_size, cfg.dim)
        self.blk = nn.ModuleList([Block(cfg) for _ in range(cfg.layers)])
        self.output_norm = RMSNorm(cfg.dim, cfg.rms_eps)
        self.output = nn.Linear(cfg.dim, cfg.vocab_size, bias=False)
        half = cfg.head_dim // 2
        inv = cfg.rope_base ** (-2.0 * torch.arange(half, dtype=torch.float64) / cfg.head_dim)
        self.register_buffer("inv_freq", inv.float(), persistent=False)

    def forward(self, ids: torch.Tensor, pos: Optional[torch.Tensor] = None,
                seg: Optional[torch.Tensor] = None) -> torch.Tensor:
        b, t = ids.shape
        if pos is None:
            pos = torch.arange(t, device=ids.device).unsqueeze(0).expand(b, t)
        ang = pos.to(torch.float32).unsqueeze(-1) * self.inv_freq  # [B, T, D/2]
        cos, sin = ang.cos().unsqueeze(1), ang.sin().unsqueeze(1)
        mask = torch.ones(t, t, dtype=torch.bool, device=ids.device).tril().unsqueeze(0)
        if seg is not None:
            mask = mask & (seg.unsqueeze(-1) == seg.unsqueeze(-2))
        mask = mask.unsqueeze(1)  # [B or 1, 1, T, T]
        x = self.token_embd(ids)
        for blk in self.blk:
            x = blk(x, cos, sin, mask)
        return self.output(self.output_norm(x))

    # ------------------------------------------------------------ GGUF

    @staticmethod
    def from_gguf(path: str) -> Tuple["Llama", Dict[str, Any]]:
        """(model, gguf metadata). Missing output.weight is tied to token_embd (copied)."""
        g = read_gguf(path)
        cfg = config_from_metadata(g.metadata)
        model = Llama(cfg)
        sd = {}
        for name, shape in tensor_shapes(cfg):
            src = name if name in g.tensors or name != "output.weight" else "token_embd.weight"
            if src not in g.tensors:
                raise ValueError(f"{path}: missing tensor {name}")
            arr = g.tensors[src].data
            if tuple(arr.shape) != shape:
                raise ValueError(f"{path}: tensor {name} has shape {arr.shape}, expected {shape}")
            sd[name] = torch.from_numpy(np.ascontiguousarray(arr, dtype=np.float32))
        model.load_state_dict(sd)
        return model, {"metadata": g.metadata, "metadata_types": g.metadata_types}

    def to_gguf(self, path: str, source: Dict[str, Any], ggml_type: int = GGML_F32, name: Optional[str] = None) -> None:
        """Exports with the tokenizer (all tokenizer.* keys) of `source` (what from_gguf returned)."""
        md, types = source["metadata"], source["metadata_types"]
        tok_md = {k: v for k, v in md.items() if k.startswith("tokenizer.")}
        tok_types = {k: types[k] for k in tok_md if k in types}
        cfg = self.cfg if name is None else LlamaConfig(**{**self.cfg.to_dict(), "name": name})
        sd = self.state_dict()
        weights = [(n, sd[n].detach().float().cpu().numpy()) for n, _ in tensor_shapes(self.cfg)]
        write_llama_gguf(path, cfg, weights, tok_md, tok_types, ggml_type)
