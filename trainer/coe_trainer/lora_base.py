"""The frozen base of a LoRA round: checked up front, then loaded in bf16 without an f32 copy (torch).

check_base(path) is cheap and raises one clear error (FileNotFoundError / ValueError) for a missing file,
a file that is not GGUF, an adapter given as the base, an unsupported architecture or tensor type, or
missing / unexpected tensors, before any data is read or any training starts. load_base(path, dtype) is
model.py's Llama.from_gguf (lazy: each tensor is dequantized from the file and stored as `dtype`, one at
a time; norms and biases in f32; tied embeddings stay tied), frozen.
"""

from __future__ import annotations

import os
from typing import Any, Dict, Tuple

import torch
import torch.nn as nn

from .config import config_from_metadata, tensor_shapes
from .gguf import read_gguf
from .model import Llama, _no_init  # noqa: F401  (_no_init: re-exported for lora_bench)


def check_base(path: str) -> Any:
    """The model config of the GGUF at `path`; raises before any training on what the trainer cannot use."""
    if not os.path.isfile(path):
        raise FileNotFoundError(f"{path}: no such base model file")
    g = read_gguf(path, load_tensors=False)  # bad magic, truncation, unsupported tensor type
    if g.metadata.get("general.type") == "adapter":
        raise ValueError(f"{path}: is a LoRA adapter, not a base model")
    try:
        cfg = config_from_metadata(g.metadata, list(g.tensors))  # unsupported architecture
    except KeyError as e:
        raise ValueError(f"{path}: metadata key {e} missing") from e
    expected = dict(tensor_shapes(cfg))
    missing = sorted(set(expected) - set(g.tensors))
    extra = sorted(set(g.tensors) - set(expected))
    if missing or extra:
        raise ValueError(f"{path}: " + (f"missing tensors {', '.join(missing[:5])}" if missing else
                                        f"tensors the trainer's model does not use: {', '.join(extra[:5])}"))
    return cfg


def load_base(path: str, dtype: torch.dtype = torch.bfloat16) -> Tuple[nn.Module, Dict[str, Any]]:
    """(frozen model, {"metadata", "metadata_types", ...}) as Llama.from_gguf returns, matrices in `dtype`."""
    check_base(path)
    model, source = Llama.from_gguf(path, dtype)
    for p in model.parameters():
        p.requires_grad_(False)
    return model, source


def load_adapted(base: str, adapter: str, dtype: torch.dtype = torch.float32,
                 scale: float = 1.0) -> Tuple[nn.Module, Dict[str, Any]]:
    """The base with a LoRA adapter GGUF applied at `scale` (what llama.cpp runs), for evaluation."""
    from .lora import apply_lora, load_lora_tensors
    from .lora_gguf import read_lora_gguf

    pairs, alpha, md = read_lora_gguf(adapter)
    model, source = load_base(base, dtype)
    if md.get("general.architecture") != source["metadata"].get("general.architecture"):
        raise ValueError(f"{adapter}: adapter and base architectures differ")
    rank = next(iter(pairs.values()))[0].shape[0]
    targets = sorted({name.split(".")[-2] for name in pairs})
    apply_lora(model, rank, alpha * scale if alpha else rank * scale, targets, dtype, checkpoint=False)
    load_lora_tensors(model, {k: (torch.from_numpy(a), torch.from_numpy(b)) for k, (a, b) in pairs.items()})
    model.eval()
    return model, source
