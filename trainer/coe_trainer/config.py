"""Llama architecture hyper-parameters and their GGUF metadata keys (no torch here).

Conventions shared by make_model.py (numpy) and model.py (torch):
- tensors are named as llama.cpp names them (token_embd.weight, blk.N.attn_q.weight, ...) and stored in
  numpy/torch order (out_features, in_features); GGUF reverses the dims on disk.
- Rope is llama.cpp's LLAMA-arch ("normal", not neox) rope: it rotates ADJACENT pairs (x[2i], x[2i+1])
  of each head. The q/k weights in our GGUFs are used exactly as stored: HF checkpoints need the
  convert_hf_to_gguf permutation to get there, ours are born in this layout, so the torch model applies
  the same adjacent-pair rope and never permutes anything.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Dict, List, Tuple

from .gguf import GGML_F16, GGML_F32, GGML_Q8_0, T_FLOAT32, T_UINT32, Meta

# general.file_type values (llama_ftype)
FILE_TYPE = {GGML_F32: 0, GGML_F16: 1, GGML_Q8_0: 7}


@dataclass
class LlamaConfig:
    vocab_size: int
    dim: int = 64
    layers: int = 2
    heads: int = 4
    kv_heads: int = 4
    ffn: int = 128
    ctx: int = 2048
    rms_eps: float = 1e-5
    rope_base: float = 10000.0
    name: str = "coe-llama"

    @property
    def head_dim(self) -> int:
        return self.dim // self.heads

    def validate(self) -> None:
        if self.dim % self.heads or self.heads % self.kv_heads:
            raise ValueError(f"dim {self.dim} must divide by heads {self.heads}, heads by kv_heads {self.kv_heads}")
        if self.head_dim % 2:
            raise ValueError("head_dim must be even for rope")

    def to_dict(self) -> Dict[str, Any]:
        return asdict(self)


def llama_metadata(cfg: LlamaConfig, file_type: int = GGML_F32) -> Dict[str, Any]:
    cfg.validate()
    return {
        "general.architecture": "llama",
        "general.name": cfg.name,
        "general.alignment": Meta(32, T_UINT32),
        "general.file_type": Meta(FILE_TYPE.get(file_type, 0), T_UINT32),
        "llama.vocab_size": Meta(cfg.vocab_size, T_UINT32),
        "llama.context_length": Meta(cfg.ctx, T_UINT32),
        "llama.embedding_length": Meta(cfg.dim, T_UINT32),
        "llama.block_count": Meta(cfg.layers, T_UINT32),
        "llama.feed_forward_length": Meta(cfg.ffn, T_UINT32),
        "llama.attention.head_count": Meta(cfg.heads, T_UINT32),
        "llama.attention.head_count_kv": Meta(cfg.kv_heads, T_UINT32),
        "llama.attention.layer_norm_rms_epsilon": Meta(float(cfg.rms_eps), T_FLOAT32),
        "llama.rope.freq_base": Meta(float(cfg.rope_base), T_FLOAT32),
        "llama.rope.dimension_count": Meta(cfg.head_dim, T_UINT32),
    }


def config_from_metadata(md: Dict[str, Any]) -> LlamaConfig:
    arch = md.get("general.architecture")
    if arch != "llama":
        raise ValueError(f"only general.architecture=llama is supported, got {arch!r}")
    tokens = md.get("tokenizer.ggml.tokens") or []
    heads = int(md["llama.attention.head_count"])
    cfg = LlamaConfig(
        vocab_size=int(md.get("llama.vocab_size", len(tokens))),
        dim=int(md["llama.embedding_length"]), layers=int(md["llama.block_count"]), heads=heads,
        kv_heads=int(md.get("llama.attention.head_count_kv", heads)), ffn=int(md["llama.feed_forward_length"]),
        ctx=int(md.get("llama.context_length", 2048)),
        rms_eps=float(md.get("llama.attention.layer_norm_rms_epsilon", 1e-5)),
        rope_base=float(md.get("llama.rope.freq_base", 10000.0)), name=str(md.get("general.name", "coe-llama")))
    rope_dims = int(md.get("llama.rope.dimension_count", cfg.head_dim))
    if rope_dims != cfg.head_dim:
        raise ValueError(f"partial rope (dimension_count {rope_dims} != head_dim {cfg.head_dim}) is not supported")
    cfg.validate()
    return cfg


def tensor_shapes(cfg: LlamaConfig) -> List[Tuple[str, Tuple[int, ...]]]:
    """Every tensor of the model in file order, with its numpy shape (out, in)."""
    kv = cfg.kv_heads * cfg.head_dim
    out: List[Tuple[str, Tuple[int, ...]]] = [("token_embd.weight", (cfg.vocab_size, cfg.dim))]
    for i in range(cfg.layers):
        p = f"blk.{i}."
        out += [(p + "attn_norm.weight", (cfg.dim,)), (p + "attn_q.weight", (cfg.dim, cfg.dim)),
                (p + "attn_k.weight", (kv, cfg.dim)), (p + "attn_v.weight", (kv, cfg.dim)),
                (p + "attn_output.weight", (cfg.dim, cfg.dim)), (p + "ffn_norm.weight", (cfg.dim,)),
                (p + "ffn_gate.weight", (cfg.ffn, cfg.dim)), (p + "ffn_up.weight", (cfg.ffn, cfg.dim)),
                (p + "ffn_down.weight", (cfg.dim, cfg.ffn))]
    out += [("output_norm.weight", (cfg.dim,)), ("output.weight", (cfg.vocab_size, cfg.dim))]
    return out


def tensor_type(name: str, shape: Tuple[int, ...], wanted: int) -> int:
    """Norms (1-D) stay F32, as llama.cpp's converters do; matrices take the wanted type."""
    return GGML_F32 if len(shape) == 1 else wanted
