"""The frozen base of a LoRA round: checked up front, then loaded into bf16 without an f32 copy (torch).

check_base(path) is cheap and raises one clear error (FileNotFoundError / ValueError) for a missing file,
a file that is not GGUF, an unsupported architecture or tensor type, or missing tensors, before any data
is read or any training starts. load_base(path, dtype) builds model.py's model without initialising
it (its parameters are never touched in f32) and moves each dequantized tensor in as `dtype` (matrices)
or f32 (norms), dropping the numpy copy as it goes; a missing output.weight is tied to token_embd.
"""

from __future__ import annotations

import contextlib
import os
from typing import Any, Dict, Iterator, Tuple

import torch
import torch.nn as nn

from .config import config_from_metadata, tensor_shapes
from .gguf import read_gguf
from .model import Llama


def check_base(path: str) -> Any:
    """The model config of the GGUF at `path`; raises before any training on what the trainer cannot use."""
    if not os.path.isfile(path):
        raise FileNotFoundError(f"{path}: no such base model file")
    g = read_gguf(path, load_tensors=False)  # bad magic, truncation, unsupported tensor type
    if g.metadata.get("general.type") == "adapter":
        raise ValueError(f"{path}: is a LoRA adapter, not a base model")
    cfg = config_from_metadata(g.metadata)  # unsupported architecture
    for name, _shape in tensor_shapes(cfg):
        if name not in g.tensors and name != "output.weight":
            raise ValueError(f"{path}: missing tensor {name}")
    return cfg


@contextlib.contextmanager
def _no_init() -> Iterator[None]:
    """Skips the default random init of Linear/Embedding (their storage stays untouched, not resident)."""
    saved = nn.Linear.reset_parameters, nn.Embedding.reset_parameters
    nn.Linear.reset_parameters = lambda self: None  # type: ignore[assignment]
    nn.Embedding.reset_parameters = lambda self: None  # type: ignore[assignment]
    try:
        yield
    finally:
        nn.Linear.reset_parameters, nn.Embedding.reset_parameters = saved  # type: ignore[assignment]


def load_base(path: str, dtype: torch.dtype = torch.bfloat16) -> Tuple[nn.Module, Dict[str, Any]]:
    """(frozen model, {"metadata", "metadata_types"}) as Llama.from_gguf returns, in `dtype`."""
    cfg = check_base(path)
    with _no_init():
        model = Llama(cfg)
    g = read_gguf(path)
    tensors = g.tensors
    loaded: Dict[str, nn.Parameter] = {}
    for mod_name, mod in model.named_modules():
        for pn, p in list(mod._parameters.items()):
            if p is None:
                continue
            full = f"{mod_name}.{pn}" if mod_name else pn
            if full not in tensors and full == "output.weight" and "token_embd.weight" in loaded:
                mod._parameters[pn] = loaded["token_embd.weight"]  # tied embeddings
                continue
            if full not in tensors:
                raise ValueError(f"{path}: missing tensor {full}")
            arr = tensors.pop(full).data
            if tuple(arr.shape) != tuple(p.shape):
                raise ValueError(f"{path}: tensor {full} has shape {arr.shape}, expected {tuple(p.shape)}")
            t = torch.from_numpy(arr).to(dtype if arr.ndim >= 2 else torch.float32)
            del arr
            loaded[full] = mod._parameters[pn] = nn.Parameter(t, requires_grad=False)
    if tensors:
        raise ValueError(f"{path}: tensors the trainer's model does not use (unsupported feature): "
                         f"{', '.join(sorted(tensors)[:5])}")
    return model, {"metadata": g.metadata, "metadata_types": g.metadata_types}


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
