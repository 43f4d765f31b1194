"""Model hyper-parameters of the llama.cpp architectures the trainer runs, and their GGUF metadata keys
(no torch here). Architectures: `llama` and `qwen2` (SUPPORTED_ARCHS); anything else is one ValueError.

Conventions shared by make_model.py (numpy) and model.py (torch):
- tensors are named as llama.cpp names them (token_embd.weight, blk.N.attn_q.weight, ...) and stored in
  numpy/torch order (out_features, in_features); GGUF reverses the dims on disk.
- Rope follows llama.cpp's rope type per architecture (llama_model_rope_type in src/llama-model.cpp):
  llama = LLAMA_ROPE_TYPE_NORM, which rotates ADJACENT pairs (x[2i], x[2i+1]) of each head; qwen2 =
  LLAMA_ROPE_TYPE_NEOX, which rotates (x[i], x[i + head_dim/2]). The q/k weights in a GGUF are used exactly
  as stored: for llama, convert_hf_to_gguf already permuted HF's q/k rows so that NORM rope reproduces
  HF's rotate-half; our own models are born in that layout; qwen2 is converted without permutation
  because NEOX rope is rotate-half. So the torch model applies the file's rope type and never permutes.
- qwen2 has q/k/v biases (blk.N.attn_{q,k,v}.bias); a model without output.weight ties it to token_embd
  (as llama.cpp does for both); llama may carry rope_freqs.weight (Llama 3 rope factors: each frequency
  divided by its factor, as ggml_rope_ext's freq_factors). Linear rope scaling multiplies positions by
  1/factor; other scaling types are refused.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Dict, List, Optional, Sequence, Tuple

from . import quants
from .gguf import GGML_F32, T_FLOAT32, T_UINT32, Meta

SUPPORTED_ARCHS = ("llama", "qwen2")
# general.file_type values (llama_ftype); a K-quant model is reported as its _M variant
FILE_TYPE = {quants.F32: 0, quants.F16: 1, quants.Q4_0: 2, quants.Q4_1: 3, quants.Q8_0: 7, quants.Q5_0: 8,
             quants.Q5_1: 9, quants.Q4_K: 15, quants.Q5_K: 17, quants.Q6_K: 18, quants.BF16: 32}


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
    arch: str = "llama"  # llama | qwen2
    qkv_bias: bool = False  # blk.N.attn_{q,k,v}.bias (qwen2)
    tied: bool = False  # no output.weight: the output projection is token_embd
    rope_freqs: bool = False  # rope_freqs.weight present (Llama 3 frequency factors)
    rope_scale: float = 1.0  # linear rope scaling: positions are multiplied by this (1/factor)

    @property
    def rope_neox(self) -> bool:
        """NEOX rope (rotate halves) for qwen2, NORM rope (adjacent pairs) for llama."""
        return self.arch == "qwen2"

    @property
    def head_dim(self) -> int:
        return self.dim // self.heads

    def validate(self) -> None:
        if self.arch not in SUPPORTED_ARCHS:
            raise ValueError(f"unsupported architecture {self.arch!r} (supported: {', '.join(SUPPORTED_ARCHS)})")
        if self.dim % self.heads or self.heads % self.kv_heads:
            raise ValueError(f"dim {self.dim} must divide by heads {self.heads}, heads by kv_heads {self.kv_heads}")
        if self.head_dim % 2:
            raise ValueError("head_dim must be even for rope")

    def to_dict(self) -> Dict[str, Any]:
        return asdict(self)


def llama_metadata(cfg: LlamaConfig, file_type: int = GGML_F32) -> Dict[str, Any]:
    """general.* and <arch>.* keys of cfg (for llama and qwen2 alike)."""
    cfg.validate()
    a = cfg.arch
    md: Dict[str, Any] = {
        "general.architecture": a,
        "general.name": cfg.name,
        "general.alignment": Meta(32, T_UINT32),
        "general.file_type": Meta(FILE_TYPE.get(file_type, 0), T_UINT32),
        f"{a}.vocab_size": Meta(cfg.vocab_size, T_UINT32),
        f"{a}.context_length": Meta(cfg.ctx, T_UINT32),
        f"{a}.embedding_length": Meta(cfg.dim, T_UINT32),
        f"{a}.block_count": Meta(cfg.layers, T_UINT32),
        f"{a}.feed_forward_length": Meta(cfg.ffn, T_UINT32),
        f"{a}.attention.head_count": Meta(cfg.heads, T_UINT32),
        f"{a}.attention.head_count_kv": Meta(cfg.kv_heads, T_UINT32),
        f"{a}.attention.layer_norm_rms_epsilon": Meta(float(cfg.rms_eps), T_FLOAT32),
        f"{a}.rope.freq_base": Meta(float(cfg.rope_base), T_FLOAT32),
        f"{a}.rope.dimension_count": Meta(cfg.head_dim, T_UINT32),
    }
    if cfg.rope_scale != 1.0:
        md[f"{a}.rope.scaling.type"] = "linear"
        md[f"{a}.rope.scaling.factor"] = Meta(1.0 / cfg.rope_scale, T_FLOAT32)
    return md


def config_from_metadata(md: Dict[str, Any], tensor_names: Optional[Sequence[str]] = None) -> LlamaConfig:
    """The config of a GGUF. Pass its tensor names (e.g. read_gguf(p, load_tensors=False).tensors) to learn
    qkv_bias / tied / rope_freqs from the file; without them they follow the architecture's defaults."""
    a = md.get("general.architecture")
    if a not in SUPPORTED_ARCHS:
        raise ValueError(f"unsupported model architecture {a!r} (the trainer reads: {', '.join(SUPPORTED_ARCHS)})")
    tokens = md.get("tokenizer.ggml.tokens") or []
    heads = int(md[f"{a}.attention.head_count"])
    cfg = LlamaConfig(
        vocab_size=int(md.get(f"{a}.vocab_size", len(tokens))),
        dim=int(md[f"{a}.embedding_length"]), layers=int(md[f"{a}.block_count"]), heads=heads,
        kv_heads=int(md.get(f"{a}.attention.head_count_kv", heads)), ffn=int(md[f"{a}.feed_forward_length"]),
        ctx=int(md.get(f"{a}.context_length", 2048)),
        rms_eps=float(md.get(f"{a}.attention.layer_norm_rms_epsilon", 1e-6 if a == "qwen2" else 1e-5)),
        rope_base=float(md.get(f"{a}.rope.freq_base", 1e6 if a == "qwen2" else 10000.0)),
        name=str(md.get("general.name", "coe-llama")), arch=a, qkv_bias=a == "qwen2")
    for key in ("rope.dimension_count", "attention.key_length", "attention.value_length"):
        v = int(md.get(f"{a}.{key}", cfg.head_dim))
        if v != cfg.head_dim:
            raise ValueError(f"{a}.{key} = {v} differs from embedding_length/head_count = {cfg.head_dim}: "
                             f"not supported by the trainer")
    scaling = str(md.get(f"{a}.rope.scaling.type", "none"))
    if scaling == "linear":
        cfg.rope_scale = 1.0 / float(md.get(f"{a}.rope.scaling.factor", 1.0))
    elif scaling not in ("none", ""):
        raise ValueError(f"rope scaling type {scaling!r} is not supported by the trainer (none, linear)")
    if tensor_names is not None:
        names = set(tensor_names)
        if "blk.0.attn_qkv.weight" in names:
            raise ValueError("fused attn_qkv tensors are not supported by the trainer")
        cfg.qkv_bias = "blk.0.attn_q.bias" in names
        cfg.tied = "output.weight" not in names
        cfg.rope_freqs = "rope_freqs.weight" in names
    cfg.validate()
    return cfg


def tensor_shapes(cfg: LlamaConfig) -> List[Tuple[str, Tuple[int, ...]]]:
    """Every tensor of the model in file order, with its numpy shape (out, in); biases are 1-D."""
    kv = cfg.kv_heads * cfg.head_dim
    out: List[Tuple[str, Tuple[int, ...]]] = [("token_embd.weight", (cfg.vocab_size, cfg.dim))]
    for i in range(cfg.layers):
        p = f"blk.{i}."
        out += [(p + "attn_norm.weight", (cfg.dim,)), (p + "attn_q.weight", (cfg.dim, cfg.dim)),
                (p + "attn_k.weight", (kv, cfg.dim)), (p + "attn_v.weight", (kv, cfg.dim))]
        if cfg.qkv_bias:
            out += [(p + "attn_q.bias", (cfg.dim,)), (p + "attn_k.bias", (kv,)), (p + "attn_v.bias", (kv,))]
        out += [(p + "attn_output.weight", (cfg.dim, cfg.dim)), (p + "ffn_norm.weight", (cfg.dim,)),
                (p + "ffn_gate.weight", (cfg.ffn, cfg.dim)), (p + "ffn_up.weight", (cfg.ffn, cfg.dim)),
                (p + "ffn_down.weight", (cfg.dim, cfg.ffn))]
    out += [("output_norm.weight", (cfg.dim,))]
    if not cfg.tied:
        out += [("output.weight", (cfg.vocab_size, cfg.dim))]
    if cfg.rope_freqs:
        out += [("rope_freqs.weight", (cfg.head_dim // 2,))]
    return out


def tensor_type(name: str, shape: Tuple[int, ...], wanted: int) -> int:
    """Norms (1-D) stay F32, as llama.cpp's converters do; matrices take the wanted type."""
    return GGML_F32 if len(shape) == 1 else wanted
