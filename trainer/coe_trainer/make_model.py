"""Writes a llama- or qwen2-architecture GGUF with random weights and a real tokenizer (numpy only).

    python3 -m coe_trainer.make_model --out X.gguf [--arch llama|qwen2] [--tokenizer bpe|bpe:<f.json>|vocab:<f.gguf>]
        [--dim 64 --layers 2 --heads 4 --kv-heads 4 --ffn 128 --ctx 2048] [--seed 0] [--std 0.02] [--init gpt2|scaled]
        [--type f32|f16|bf16|q8_0|q4_0|q4_1|q5_0|q5_1|q4_k|q5_k|q6_k|mixed|<plan>] [--tied]
        [--chat-template chatml|<template text>|@<file>]

Tests without torch use it to make models; the trainer uses the result as `--init`.
--tokenizer bpe: our byte-level BPE (coe_trainer/data/bpe-4096.json, see tokenizer.py), with
  tokenizer.ggml.pre "gpt-2" for llama and "qwen2" for qwen2 (llama.cpp then splits text with Qwen2's regex);
--tokenizer vocab:F.gguf: every tokenizer.* key copied from a GGUF (e.g. llama.cpp's ggml-vocab-*.gguf).
--arch qwen2: q/k/v biases, rope freq base 1e6, rms eps 1e-6, NEOX rope; --tied drops output.weight.
--type <plan>: comma-separated `substring=type` rules, first match wins, `*=type` for the rest, e.g.
  "attn_q=q8_0,attn=q4_0,ffn_down=q6_k,ffn=q4_k,token_embd=bf16,*=f16"; "mixed" is that plan. Norms and
  biases stay F32. K-quants (q4_k, q5_k, q6_k) need rows (the input dim) of a multiple of 256.
--chat-template: sets tokenizer.chat_template ("chatml" = the ChatML template Qwen ships).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from typing import Any, Callable, Dict, List, Tuple, Union

import numpy as np

from .config import SUPPORTED_ARCHS, LlamaConfig, llama_metadata, tensor_shapes, tensor_type
from .gguf import TYPE_BY_NAME, read_gguf, write_gguf
from .tokenizer import DEFAULT_JSON, BPETokenizer

MIXED = "attn_q=q8_0,attn=q4_0,ffn_down=q6_k,ffn_up=q5_k,ffn=q4_k,token_embd=bf16,*=f16"
CHATML = ("{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + "
          "'<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}")
TypePlan = Union[int, Callable[[str, Tuple[int, ...]], int]]


def tokenizer_metadata(spec: str = "bpe", arch: str = "llama") -> Tuple[Dict[str, Any], Dict[str, Tuple[int, Any]]]:
    """(metadata, metadata_types) of the tokenizer named by spec."""
    if spec == "bpe" or spec.startswith("bpe:"):
        path = spec[4:] if spec.startswith("bpe:") else DEFAULT_JSON
        md = BPETokenizer.load(path).gguf_metadata()
        if arch == "qwen2":
            md["tokenizer.ggml.pre"] = "qwen2"
        return md, {}
    if spec.startswith("vocab:"):
        g = read_gguf(spec[6:], load_tensors=False)
        md = {k: v for k, v in g.metadata.items() if k.startswith("tokenizer.")}
        if "tokenizer.ggml.tokens" not in md:
            raise ValueError(f"{spec[6:]} has no tokenizer.ggml.tokens")
        return md, {k: g.metadata_types[k] for k in md}
    raise ValueError(f"unknown --tokenizer {spec!r} (bpe, bpe:<file.json>, vocab:<file.gguf>)")


def type_plan(spec: str) -> TypePlan:
    """A --type value -> one ggml type, or a function (name, shape) -> type for a plan of rules."""
    spec = MIXED if spec == "mixed" else spec
    if "=" not in spec:
        if spec not in TYPE_BY_NAME:
            raise ValueError(f"--type must be one of {sorted(TYPE_BY_NAME)}, 'mixed' or a plan, got {spec!r}")
        return TYPE_BY_NAME[spec]
    rules = []
    for part in spec.split(","):
        pat, _, tname = part.partition("=")
        if tname not in TYPE_BY_NAME:
            raise ValueError(f"--type plan {spec!r}: unknown type {tname!r} (one of {sorted(TYPE_BY_NAME)})")
        rules.append((pat.strip(), TYPE_BY_NAME[tname]))
    default = next((t for p, t in rules if p == "*"), TYPE_BY_NAME["f32"])

    def pick(name: str, shape: Tuple[int, ...]) -> int:
        return next((t for p, t in rules if p != "*" and p in name), default)
    return pick


def random_weights(cfg: LlamaConfig, seed: int = 0, std: float = 0.02, init: str = "gpt2") -> List[Tuple[str, np.ndarray]]:
    """init "gpt2": Gaussian matrices (std `std`, output projections scaled down by depth as GPT-2 does),
    unit norms, biases of std `std`. init "scaled" (parity tests): every matrix N(0, 1/fan_in) so activations
    keep their size through the layers, embeddings N(0, 1), logits of std ~4 (output N(0, 0.25^2)), norms
    1 +- 0.1, biases N(0, 0.5^2): peaked but well-conditioned outputs, where quantization noise stays small
    and a wrong layout, rope or bias is large."""
    rng = np.random.default_rng(seed)
    if init == "scaled":
        return [(name, _scaled(rng, cfg, name, shape)) for name, shape in tensor_shapes(cfg)]
    if init != "gpt2":
        raise ValueError(f"--init must be gpt2 or scaled, got {init!r}")
    out = []
    for name, shape in tensor_shapes(cfg):
        if name.endswith(".bias"):
            out.append((name, (rng.standard_normal(shape) * std).astype(np.float32)))
        elif name == "rope_freqs.weight":
            out.append((name, np.linspace(1.0, 8.0, shape[0]).astype(np.float32)))
        elif len(shape) == 1:
            out.append((name, np.ones(shape, np.float32)))
        else:
            s = std / np.sqrt(2 * cfg.layers) if name.endswith(("attn_output.weight", "ffn_down.weight")) else std
            out.append((name, (rng.standard_normal(shape) * s).astype(np.float32)))
    return out


def _scaled(rng: np.random.Generator, cfg: LlamaConfig, name: str, shape: Tuple[int, ...]) -> np.ndarray:
    if name == "rope_freqs.weight":
        w = np.linspace(1.0, 8.0, shape[0])
    elif name.endswith(".bias"):
        w = rng.standard_normal(shape) * 0.5
    elif len(shape) == 1:
        w = 1 + 0.1 * rng.standard_normal(shape)
    elif name == "token_embd.weight":
        w = rng.standard_normal(shape) * (0.25 if cfg.tied else 1.0)
    elif name == "output.weight":
        w = rng.standard_normal(shape) * 0.25
    else:
        w = rng.standard_normal(shape) / np.sqrt(shape[1])
    return w.astype(np.float32)


def write_llama_gguf(path: str, cfg: LlamaConfig, weights: List[Tuple[str, np.ndarray]], tok_md: Dict[str, Any],
                     tok_types: Dict[str, Tuple[int, Any]] | None = None, ggml_type: TypePlan = 0) -> None:
    """Writes config + tokenizer metadata + weights (in tensor_shapes order) as one GGUF. ggml_type: one type
    for every matrix or a function (name, shape) -> type; 1-D tensors are always F32."""
    expected = dict(tensor_shapes(cfg))
    tensors = []
    for name, w in weights:
        if name not in expected:
            raise ValueError(f"unexpected tensor {name}")
        if tuple(w.shape) != expected[name]:
            raise ValueError(f"tensor {name} has shape {w.shape}, expected {expected[name]}")
        wanted = ggml_type(name, tuple(w.shape)) if callable(ggml_type) else ggml_type
        tensors.append((name, w, tensor_type(name, w.shape, wanted)))
    matrix_types = Counter(t for _, w, t in tensors if w.ndim > 1)
    md = llama_metadata(cfg, matrix_types.most_common(1)[0][0] if matrix_types else 0)
    md.update(tok_md)
    write_gguf(path, md, tensors, tok_types)


def make_model(out: str, tokenizer: str = "bpe", dim: int = 64, layers: int = 2, heads: int = 4,
               kv_heads: int | None = None, ffn: int = 128, ctx: int = 2048, seed: int = 0, type: str = "f32",
               name: str = "coe-llama-random", std: float = 0.02, arch: str = "llama", tied: bool = False,
               chat_template: str | None = None, init: str = "gpt2") -> LlamaConfig:
    if arch not in SUPPORTED_ARCHS:
        raise ValueError(f"--arch must be one of {SUPPORTED_ARCHS}, got {arch!r}")
    tok_md, tok_types = tokenizer_metadata(tokenizer, arch)
    if chat_template is not None:
        tok_md["tokenizer.chat_template"] = CHATML if chat_template == "chatml" else chat_template
    qwen = arch == "qwen2"
    cfg = LlamaConfig(vocab_size=len(tok_md["tokenizer.ggml.tokens"]), dim=dim, layers=layers, heads=heads,
                      kv_heads=kv_heads or heads, ffn=ffn, ctx=ctx, name=name, arch=arch, qkv_bias=qwen, tied=tied,
                      rms_eps=1e-6 if qwen else 1e-5, rope_base=1e6 if qwen else 10000.0)
    write_llama_gguf(out, cfg, random_weights(cfg, seed, std, init), tok_md, tok_types, type_plan(type))
    return cfg


def main(argv: List[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--arch", default="llama", choices=SUPPORTED_ARCHS)
    ap.add_argument("--tokenizer", default="bpe")
    ap.add_argument("--dim", type=int, default=64)
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--kv-heads", type=int, default=None, help="default: --heads (no GQA)")
    ap.add_argument("--ffn", type=int, default=128)
    ap.add_argument("--ctx", type=int, default=2048)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--type", default="f32", help="a ggml type, 'mixed', or a plan (see above)")
    ap.add_argument("--tied", action="store_true", help="no output.weight (tied to token_embd)")
    ap.add_argument("--name", default="coe-llama-random")
    ap.add_argument("--std", type=float, default=0.02, help="init std (tests use ~0.3 for peaked outputs)")
    ap.add_argument("--init", default="gpt2", choices=("gpt2", "scaled"), help="weight init (see random_weights)")
    ap.add_argument("--chat-template", default=None, help="'chatml', template text, or @file")
    a = ap.parse_args(argv)
    tmpl = a.chat_template
    if tmpl is not None and tmpl.startswith("@"):
        with open(tmpl[1:], encoding="utf-8") as f:
            tmpl = f.read()
    try:
        cfg = make_model(a.out, a.tokenizer, a.dim, a.layers, a.heads, a.kv_heads, a.ffn, a.ctx, a.seed, a.type,
                         a.name, a.std, a.arch, a.tied, tmpl, a.init)
    except ValueError as e:
        print(f"make_model: {e}", file=sys.stderr)
        return 2
    print(f"wrote {a.out}: {cfg.to_dict()}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
