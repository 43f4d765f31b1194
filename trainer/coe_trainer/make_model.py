"""Writes a llama-architecture GGUF with random weights and a real tokenizer (numpy only, no torch).

    python3 -m coe_trainer.make_model --out X.gguf [--tokenizer bpe|bpe:<file.json>|vocab:<file.gguf>]
        [--dim 64 --layers 2 --heads 4 --kv-heads 4 --ffn 128 --ctx 2048] [--seed 0] [--type f32|f16|q8_0] [--std 0.02]

Tests without torch use it to make models; the trainer uses the result as `--init`.
--tokenizer bpe: our byte-level BPE (coe_trainer/data/bpe-4096.json, see tokenizer.py);
--tokenizer vocab:F.gguf: every tokenizer.* key copied from a GGUF (e.g. llama.cpp's ggml-vocab-*.gguf).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, Dict, List, Tuple

import numpy as np

from .config import LlamaConfig, llama_metadata, tensor_shapes, tensor_type
from .gguf import TYPE_BY_NAME, read_gguf, write_gguf
from .tokenizer import DEFAULT_JSON, BPETokenizer


def tokenizer_metadata(spec: str = "bpe") -> Tuple[Dict[str, Any], Dict[str, Tuple[int, Any]]]:
    """(metadata, metadata_types) of the tokenizer named by spec."""
    if spec == "bpe" or spec.startswith("bpe:"):
        path = spec[4:] if spec.startswith("bpe:") else DEFAULT_JSON
        return BPETokenizer.load(path).gguf_metadata(), {}
    if spec.startswith("vocab:"):
        g = read_gguf(spec[6:], load_tensors=False)
        md = {k: v for k, v in g.metadata.items() if k.startswith("tokenizer.")}
        if "tokenizer.ggml.tokens" not in md:
            raise ValueError(f"{spec[6:]} has no tokenizer.ggml.tokens")
        return md, {k: g.metadata_types[k] for k in md}
    raise ValueError(f"unknown --tokenizer {spec!r} (bpe, bpe:<file.json>, vocab:<file.gguf>)")


def random_weights(cfg: LlamaConfig, seed: int = 0, std: float = 0.02) -> List[Tuple[str, np.ndarray]]:
    """Gaussian matrices (std 0.02, output projections scaled down by depth as GPT-2 does), unit norms."""
    rng = np.random.default_rng(seed)
    out = []
    for name, shape in tensor_shapes(cfg):
        if len(shape) == 1:
            out.append((name, np.ones(shape, np.float32)))
        else:
            s = std / np.sqrt(2 * cfg.layers) if name.endswith(("attn_output.weight", "ffn_down.weight")) else std
            out.append((name, (rng.standard_normal(shape) * s).astype(np.float32)))
    return out


def write_llama_gguf(path: str, cfg: LlamaConfig, weights: List[Tuple[str, np.ndarray]], tok_md: Dict[str, Any],
                     tok_types: Dict[str, Tuple[int, Any]] | None = None, ggml_type: int = 0) -> None:
    """Writes config + tokenizer metadata + weights (in tensor_shapes order) as one GGUF."""
    md = llama_metadata(cfg, ggml_type)
    md.update(tok_md)
    expected = dict(tensor_shapes(cfg))
    tensors = []
    for name, w in weights:
        if name not in expected:
            raise ValueError(f"unexpected tensor {name}")
        if tuple(w.shape) != expected[name]:
            raise ValueError(f"tensor {name} has shape {w.shape}, expected {expected[name]}")
        tensors.append((name, w, tensor_type(name, w.shape, ggml_type)))
    write_gguf(path, md, tensors, tok_types)


def make_model(out: str, tokenizer: str = "bpe", dim: int = 64, layers: int = 2, heads: int = 4,
               kv_heads: int | None = None, ffn: int = 128, ctx: int = 2048, seed: int = 0, type: str = "f32",
               name: str = "coe-llama-random", std: float = 0.02) -> LlamaConfig:
    tok_md, tok_types = tokenizer_metadata(tokenizer)
    cfg = LlamaConfig(vocab_size=len(tok_md["tokenizer.ggml.tokens"]), dim=dim, layers=layers, heads=heads,
                      kv_heads=kv_heads or heads, ffn=ffn, ctx=ctx, name=name)
    if type not in TYPE_BY_NAME:
        raise ValueError(f"--type must be one of {sorted(TYPE_BY_NAME)}")
    write_llama_gguf(out, cfg, random_weights(cfg, seed, std), tok_md, tok_types, TYPE_BY_NAME[type])
    return cfg


def main(argv: List[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--tokenizer", default="bpe")
    ap.add_argument("--dim", type=int, default=64)
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--kv-heads", type=int, default=None, help="default: --heads (no GQA)")
    ap.add_argument("--ffn", type=int, default=128)
    ap.add_argument("--ctx", type=int, default=2048)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--type", default="f32", choices=sorted(TYPE_BY_NAME))
    ap.add_argument("--name", default="coe-llama-random")
    ap.add_argument("--std", type=float, default=0.02, help="init std (tests use ~0.3 for peaked outputs)")
    a = ap.parse_args(argv)
    cfg = make_model(a.out, a.tokenizer, a.dim, a.layers, a.heads, a.kv_heads, a.ffn, a.ctx, a.seed, a.type, a.name, a.std)
    print(f"wrote {a.out}: {cfg.to_dict()}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
