"""llama.cpp LoRA adapter GGUFs: write and read (numpy only).

What llama.cpp (src/llama-adapter.cpp, llama_adapter_lora_init_impl) expects:
  general.type = "adapter", adapter.type = "lora", general.architecture = the base's (must match),
  adapter.lora.alpha (f32; the scale is adapter_scale * alpha / rank, rank = lora_b's ne[0]);
  per adapted base tensor W ("blk.0.attn_q.weight", ne = [in, out]):
    "<W>.lora_a" with ne = [in, r]  (numpy/torch [r, in], as PEFT's lora_A.weight)
    "<W>.lora_b" with ne = [r, out] (numpy/torch [out, r], as PEFT's lora_B.weight)
  and computes W x + scale * B (A x) (llm_graph_context::build_lora_mm).

Q/K layout: HF checkpoints store attn_q/attn_k rows in the "rotate halves" order and convert_hf_to_gguf
permutes them for llama's adjacent-pair rope; convert_lora_to_gguf applies the same row permutation to
lora_b. Adapters trained here are trained on the GGUF tensors themselves (model.py applies llama.cpp's
rope to the rows as stored), so their lora_b rows are already in GGUF order: no permutation is applied.
"""

from __future__ import annotations

from typing import Any, Dict, Optional, Tuple

import numpy as np

from .gguf import GGML_F16, GGML_F32, T_FLOAT32, T_STRING, T_UINT32, Meta, read_gguf, write_gguf

LoraPairs = Dict[str, Tuple[np.ndarray, np.ndarray]]


def write_lora_gguf(path: str, base_metadata: Dict[str, Any], tensors: LoraPairs, alpha: float,
                    ggml_type: int = GGML_F32, name: Optional[str] = None,
                    extra: Optional[Dict[str, Any]] = None) -> None:
    """tensors: base tensor name -> (A [r, in], B [out, r]) as arrays; one rank for all pairs."""
    if ggml_type not in (GGML_F32, GGML_F16):
        raise ValueError("adapter tensors are written as f32 or f16")
    if not tensors:
        raise ValueError("no LoRA tensors to write")
    ranks = {np.asarray(a).shape[0] for a, _ in tensors.values()}
    if len(ranks) != 1:
        raise ValueError(f"all LoRA pairs must have one rank, got {sorted(ranks)}")
    arch = base_metadata.get("general.architecture")
    if not arch:
        raise ValueError("base metadata has no general.architecture")
    md: Dict[str, Any] = {
        "general.architecture": Meta(str(arch), T_STRING),
        "general.type": Meta("adapter", T_STRING),
        "general.name": Meta(name or f"{base_metadata.get('general.name', arch)}-lora", T_STRING),
        "general.alignment": Meta(32, T_UINT32),
        "adapter.type": Meta("lora", T_STRING),
        "adapter.lora.alpha": Meta(float(alpha), T_FLOAT32),
    }
    md.update(extra or {})
    out = []
    for base_name, (a, b) in tensors.items():
        a, b = np.asarray(a, np.float32), np.asarray(b, np.float32)
        if a.ndim != 2 or b.ndim != 2 or a.shape[0] != b.shape[1]:
            raise ValueError(f"{base_name}: A {a.shape} and B {b.shape} are not [r, in] and [out, r]")
        out += [(base_name + ".lora_a", a, ggml_type), (base_name + ".lora_b", b, ggml_type)]
    write_gguf(path, md, out)


def read_lora_gguf(path: str) -> Tuple[LoraPairs, float, Dict[str, Any]]:
    """(base tensor name -> (A, B), alpha, metadata). Raises ValueError on anything but a LoRA adapter."""
    g = read_gguf(path)
    if g.metadata.get("general.type") != "adapter" or g.metadata.get("adapter.type") != "lora":
        raise ValueError(f"{path}: not a LoRA adapter GGUF (general.type={g.metadata.get('general.type')!r}, "
                         f"adapter.type={g.metadata.get('adapter.type')!r})")
    pairs: Dict[str, Dict[str, np.ndarray]] = {}
    for name, t in g.tensors.items():
        for suffix in (".lora_a", ".lora_b"):
            if name.endswith(suffix):
                pairs.setdefault(name[: -len(suffix)], {})[suffix] = t.data
                break
        else:
            raise ValueError(f"{path}: tensor {name!r} is neither .lora_a nor .lora_b")
    out: LoraPairs = {}
    for base_name, ab in pairs.items():
        if set(ab) != {".lora_a", ".lora_b"}:
            raise ValueError(f"{path}: LoRA pair for {base_name!r} is missing one half")
        out[base_name] = (ab[".lora_a"], ab[".lora_b"])
    return out, float(g.metadata.get("adapter.lora.alpha", 0.0)), g.metadata
