"""Makes `coe_trainer` importable when pytest runs from the repo root, and keeps torch on one thread."""
import os
import sys

sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..")))

try:  # torch is optional: GGUF/tokenizer tests run without it
    import torch

    torch.set_num_threads(1)
except ImportError:  # pragma: no cover
    pass
