"""llama.cpp's LLAMA and QWEN2 architectures in PyTorch, matching llama.cpp on GGUFs (see config.py).

Module and parameter names ARE the GGUF tensor names (token_embd.weight, blk.0.attn_q.weight, ...), so
loading and exporting are plain state_dict copies. Pieces, as llama.cpp computes them:
  RMSNorm: x / sqrt(mean(x^2) + eps) * w
  rope: llama = "normal" mode, rotates adjacent pairs (x[2i], x[2i+1]); qwen2 = "neox" mode, rotates
        (x[i], x[i + D/2]); both by pos * rope_scale * base^(-2i/head_dim) / rope_freqs[i]
  attention: q/k/v projections (+ bias for qwen2), causal, scale 1/sqrt(head_dim), GQA (q head h reads kv
        head h // (heads/kv_heads))
  FFN: ffn_down(silu(ffn_gate(x)) * ffn_up(x)); logits = output(output_norm(x)), output tied to
        token_embd when the file has no output.weight.

forward(ids, pos=None, seg=None): ids [B, T]; pos [B, T] positions (default 0..T-1); seg [B, T] segment ids
for packed rows (tokens attend only within their own segment; pass pos restarting at 0 per segment).
Llama.from_gguf(path, dtype=torch.float32) reads any supported tensor type (dequantized one tensor at a
time); model.to_gguf(path, source, ggml_type) writes one back (ggml_type: one type or a function
(name, shape) -> type).
"""

from __future__ import annotations

import contextlib
import math
from typing import Any, Callable, Dict, Iterator, Optional, Tuple, Union

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


def rope_neox(x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor) -> torch.Tensor:
    """x [B, H, T, D]; cos/sin [B, 1, T, D/2]. Rotates (x[i], x[i + D/2]) (llama.cpp ROPE_TYPE_NEOX)."""
    half = x.shape[-1] // 2
    x0, x1 = x[..., :half], x[..., half:]
    return torch.cat((x0 * cos - x1 * sin, x0 * sin + x1 * cos), dim=-1)


class Block(nn.Module):
    def __init__(self, cfg: LlamaConfig):
        super().__init__()
        kv = cfg.kv_heads * cfg.head_dim
        self.cfg = cfg
        self.attn_norm = RMSNorm(cfg.dim, cfg.rms_eps)
        self.attn_q = nn.Linear(cfg.dim, cfg.dim, bias=cfg.qkv_bias)
        self.attn_k = nn.Linear(cfg.dim, kv, bias=cfg.qkv_bias)
        self.attn_v = nn.Linear(cfg.dim, kv, bias=cfg.qkv_bias)
        self.rope = rope_neox if cfg.rope_neox else rope
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
        q, k = self.rope(q, cos, sin), self.rope(k, cos, sin)
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
        if cfg.tied:
            self.output.weight = self.token_embd.weight
        if cfg.rope_freqs:  # a module so that the parameter is named rope_freqs.weight, frozen
            self.rope_freqs = nn.Module()
            self.rope_freqs.weight = nn.Parameter(torch.ones(cfg.head_dim // 2), requires_grad=False)
        half = cfg.head_dim // 2
        inv = cfg.rope_base ** (-2.0 * torch.arange(half, dtype=torch.float64) / cfg.head_dim)
        self.register_buffer("inv_freq", inv.float(), persistent=False)

    def forward(self, ids: torch.Tensor, pos: Optional[torch.Tensor] = None,
                seg: Optional[torch.Tensor] = None) -> torch.Tensor:
        b, t = ids.shape
        if pos is None:
            pos = torch.arange(t, device=ids.device).unsqueeze(0).expand(b, t)
        inv = self.inv_freq * self.cfg.rope_scale
        if self.cfg.rope_freqs:
            inv = inv / self.rope_freqs.weight.float()
        ang = pos.to(torch.float32).unsqueeze(-1) * inv  # [B, T, D/2]
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
    def from_gguf(path: str, dtype: torch.dtype = torch.float32) -> Tuple["Llama", Dict[str, Any]]:
        """(model, {"metadata", "metadata_types", "tensor_types"}). Unsupported architecture, tensor type,
        missing or unexpected tensor: one ValueError before anything is trained. Matrices are stored in
        `dtype`, 1-D tensors (norms, biases, rope factors) in float32."""
        g = read_gguf(path, load_tensors="lazy")
        try:
            cfg = config_from_metadata(g.metadata, list(g.tensors))
        except KeyError as e:
            raise ValueError(f"{path}: metadata key {e} missing") from e
        except ValueError as e:
            raise ValueError(f"{path}: {e}") from e
        expected = dict(tensor_shapes(cfg))
        extra = sorted(set(g.tensors) - set(expected))
        if extra:
            raise ValueError(f"{path}: tensors the trainer's {cfg.arch} model does not use (unsupported feature): "
                             f"{', '.join(extra[:6])}")
        with _no_init():
            model = Llama(cfg)
        params = dict(model.named_parameters())
        for name, shape in expected.items():
            t = g.tensors.get(name)
            if t is None:
                raise ValueError(f"{path}: missing tensor {name}")
            if tuple(t.shape) != shape:
                raise ValueError(f"{path}: tensor {name} has shape {t.shape}, expected {shape}")
            arr = torch.from_numpy(np.ascontiguousarray(t.load(), dtype=np.float32))
            params[name].data = arr.to(dtype) if len(shape) > 1 else arr
        return model, {"metadata": g.metadata, "metadata_types": g.metadata_types,
                       "tensor_types": {n: t.ggml_type for n, t in g.tensors.items()}}

    def to_gguf(self, path: str, source: Dict[str, Any], ggml_type: Union[int, Callable[[str, Tuple[int, ...]], int]]
                = GGML_F32, name: Optional[str] = None) -> None:
        """Exports with the tokenizer (all tokenizer.* keys) of `source` (what from_gguf returned).
        ggml_type: one type for every matrix, or a function (tensor name, shape) -> type."""
        md, types = source["metadata"], source["metadata_types"]
        tok_md = {k: v for k, v in md.items() if k.startswith("tokenizer.")}
        tok_types = {k: types[k] for k in tok_md if k in types}
        cfg = self.cfg if name is None else LlamaConfig(**{**self.cfg.to_dict(), "name": name})
        sd = self.state_dict()
        weights = [(n, sd[n].detach().float().cpu().numpy()) for n, _ in tensor_shapes(self.cfg)]
        write_llama_gguf(path, cfg, weights, tok_md, tok_types, ggml_type)


@contextlib.contextmanager
def _no_init() -> Iterator[None]:
    """Skips the random init of Linear/Embedding (from_gguf overwrites every weight anyway)."""
    saved = nn.Linear.reset_parameters, nn.Embedding.reset_parameters
    nn.Linear.reset_parameters = lambda self: None  # type: ignore[assignment]
    nn.Embedding.reset_parameters = lambda self: None  # type: ignore[assignment]
    try:
        yield
    finally:
        nn.Linear.reset_parameters, nn.Embedding.reset_parameters = saved  # type: ignore[assignment]
