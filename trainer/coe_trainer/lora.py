"""LoRA on a frozen base: rank-r A/B pairs beside the attention and FFN projections (torch).

    y = W x + b + (alpha / r) * B (A x)        A: [r, in] (Kaiming-uniform), B: [out, r] (zeros), dropout 0

exactly what llama.cpp computes for an adapter GGUF (build_lora_mm: scale = adapter_scale * alpha / rank).

The base is found generically: every nn.Linear whose module path ends in one of `targets`
(blk.N.attn_q, attn_k, attn_v, attn_output, ffn_gate, ffn_up, ffn_down) gets an adapter; every other
nn.Linear (the output head) is frozen as it is. Module paths are the GGUF tensor names less ".weight"
(model.py's convention), so an adapter's tensors are "<module>.weight.lora_a" / ".lora_b" as llama.cpp
wants them, whatever the architecture (llama, qwen2 with q/k/v biases and tied embeddings).

Memory: frozen matrices are kept in bf16 (or f16) and upcast one at a time inside the matmul (the CPU's
bf16 GEMM is ~30x slower than f32 on AVX2); backward re-upcasts instead of saving the f32 copy, and each
block is recomputed in backward (torch.utils.checkpoint), so activations are kept for one block at a time.
"""

from __future__ import annotations

import math
from typing import Dict, Iterable, List, Optional, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.utils.checkpoint as tcp

TARGETS = ("attn_q", "attn_k", "attn_v", "attn_output", "ffn_gate", "ffn_up", "ffn_down")


class _FrozenMatmul(torch.autograd.Function):
    """x @ W^T + b with W, b frozen (any dtype): saves W as it is, upcasts in forward and in backward."""

    @staticmethod
    def forward(ctx, x: torch.Tensor, w: torch.Tensor, b: Optional[torch.Tensor]) -> torch.Tensor:  # type: ignore
        ctx.save_for_backward(w)
        return F.linear(x, w.to(x.dtype), None if b is None else b.to(x.dtype))

    @staticmethod
    def backward(ctx, gy: torch.Tensor):  # type: ignore
        (w,) = ctx.saved_tensors
        return gy @ w.to(gy.dtype), None, None


class FrozenLinear(nn.Module):
    """A frozen nn.Linear stored in `dtype`; computes in the input's dtype. Keeps the names weight/bias."""

    def __init__(self, base: nn.Linear, dtype: torch.dtype):
        super().__init__()
        self.in_features, self.out_features = base.in_features, base.out_features
        self.weight = base.weight if base.weight.dtype == dtype else nn.Parameter(base.weight.detach().to(dtype))
        self.weight.requires_grad_(False)
        self.bias = None if base.bias is None else nn.Parameter(base.bias.detach().float(), requires_grad=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return _FrozenMatmul.apply(x, self.weight, self.bias)


class LoRALinear(FrozenLinear):
    def __init__(self, base: nn.Linear, rank: int, alpha: float, dtype: torch.dtype):
        super().__init__(base, dtype)
        if rank <= 0:
            raise ValueError(f"LoRA rank must be positive, got {rank}")
        self.rank, self.alpha, self.scale = rank, float(alpha), float(alpha) / rank
        dev = base.weight.device
        self.lora_a = nn.Parameter(torch.empty(rank, self.in_features, device=dev))
        nn.init.kaiming_uniform_(self.lora_a, a=math.sqrt(5))  # as PEFT does
        self.lora_b = nn.Parameter(torch.zeros(self.out_features, rank, device=dev))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = _FrozenMatmul.apply(x, self.weight, self.bias)
        return y + F.linear(F.linear(x, self.lora_a), self.lora_b) * self.scale


def _float_output(_m: nn.Module, _inp: object, out: torch.Tensor) -> torch.Tensor:
    return out.float()


def _checkpointed(forward):
    def run(*args, **kwargs):
        if torch.is_grad_enabled():
            return tcp.checkpoint(forward, *args, use_reentrant=False, **kwargs)
        return forward(*args, **kwargs)
    return run


def apply_lora(model: nn.Module, rank: int = 16, alpha: float = 32.0, targets: Iterable[str] = TARGETS,
               dtype: torch.dtype = torch.bfloat16, checkpoint: bool = True) -> List[str]:
    """Freezes `model` in place (matrices in `dtype`, 1-D weights in f32), adds adapters on `targets`,
    checkpoints each block of model.blk. Returns the adapted module paths."""
    targets = tuple(targets)
    unknown = [t for t in targets if t not in TARGETS]
    if unknown:
        raise ValueError(f"unknown LoRA targets {unknown} (choose from {', '.join(TARGETS)})")
    for p in model.parameters():
        p.requires_grad_(False)
    linears = [(n, m) for n, m in model.named_modules() if isinstance(m, nn.Linear)]
    shared: Dict[int, nn.Parameter] = {}  # tied weights stay tied
    adapted = []
    for name, lin in linears:
        parent = model.get_submodule(name.rsplit(".", 1)[0]) if "." in name else model
        leaf = name.rsplit(".", 1)[-1]
        if leaf in targets:
            new: FrozenLinear = LoRALinear(lin, rank, alpha, dtype)
            adapted.append(name)
        else:
            new = FrozenLinear(lin, dtype)
        key = id(lin.weight)
        if key in shared:
            new.weight = shared[key]
        shared[key] = new.weight
        setattr(parent, leaf, new)
    if not adapted:
        raise ValueError(f"the model has no linear layer named {', '.join(targets)}: nothing to adapt")
    for m in model.modules():
        if isinstance(m, nn.Embedding):
            if id(m.weight) in shared:
                m.weight = shared[id(m.weight)]
            elif m.weight.dtype != dtype:
                m.weight = nn.Parameter(m.weight.detach().to(dtype), requires_grad=False)
            m.register_forward_hook(_float_output)
        elif not isinstance(m, FrozenLinear):
            for pn, p in list(m._parameters.items()):
                if p is not None and p.dtype != torch.float32:
                    m._parameters[pn] = nn.Parameter(p.detach().float(), requires_grad=False)
    if checkpoint:
        for blk in getattr(model, "blk", []):
            blk.forward = _checkpointed(blk.forward)
    return adapted


def lora_parameters(model: nn.Module) -> List[nn.Parameter]:
    return [p for n, p in model.named_parameters() if n.endswith((".lora_a", ".lora_b"))]


def lora_tensors(model: nn.Module) -> Dict[str, Tuple[torch.Tensor, torch.Tensor]]:
    """GGUF base tensor name ("blk.0.attn_q.weight") -> (A [r, in], B [out, r]), detached f32 on CPU."""
    return {f"{n}.weight": (m.lora_a.detach().float().cpu(), m.lora_b.detach().float().cpu())
            for n, m in model.named_modules() if isinstance(m, LoRALinear)}


def load_lora_tensors(model: nn.Module, tensors: Dict[str, Tuple[torch.Tensor, torch.Tensor]]) -> None:
    """Copies (A, B) pairs keyed by base tensor name into the model's adapters (shapes must match)."""
    mods = {f"{n}.weight": m for n, m in model.named_modules() if isinstance(m, LoRALinear)}
    missing = sorted(set(tensors) - set(mods))
    if missing:
        raise ValueError(f"adapter has tensors the model does not adapt: {missing[:3]}")
    for name, (a, b) in tensors.items():
        m = mods[name]
        if tuple(a.shape) != tuple(m.lora_a.shape) or tuple(b.shape) != tuple(m.lora_b.shape):
            raise ValueError(f"adapter tensor {name}: shapes {tuple(a.shape)}/{tuple(b.shape)} do not match "
                             f"{tuple(m.lora_a.shape)}/{tuple(m.lora_b.shape)}")
        with torch.no_grad():
            m.lora_a.copy_(torch.as_tensor(a))
            m.lora_b.copy_(torch.as_tensor(b))
