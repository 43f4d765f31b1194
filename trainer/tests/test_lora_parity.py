"""A LoRA round changes llama.cpp's outputs as the trainer predicts (node-llama-cpp applies the adapter).

The trainer trains an adapter on a small random GGUF, then its own base+adapter probabilities are checked
against llama.cpp's on the same file with the adapter GGUF applied, and against the base alone.
Tolerance, absolute on next-token probabilities, per base tensor type: F32 5e-3 (as test_llama_parity.py:
llama.cpp keeps the KV cache in f16); Q8_0 5e-2 (llama.cpp also quantizes the activations to Q8_0 inside
its Q8_0 dot products: on these peaked random models the base alone already differs by up to ~1.5e-2,
the adapted one by up to ~3e-2). The adapter itself moves them by far more than that (> 0.1)."""
import json
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from coe_trainer.lora_base import load_adapted, load_base  # noqa: E402
from coe_trainer.make_model import make_model  # noqa: E402
from coe_trainer.tokenizer import BPETokenizer  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TRAINER = os.path.join(ROOT, "trainer")
PROBE = os.path.join(os.path.dirname(__file__), "lora_probe.mjs")
needs_node = pytest.mark.skipif(
    not shutil.which("node") or not os.path.isdir(os.path.join(ROOT, "node_modules", "node-llama-cpp")),
    reason="node-llama-cpp not installed")
TEXT = "def add(a, b):\n    return a - b\n***\n0/2 tests pass\n### Command\nREPL 2 >>>    return a + b\n"


def _probe(tmp_path, model, ids, lora=None):
    p = tmp_path / "req.json"
    p.write_text(json.dumps({"model": model, "probs": [ids], "top": 4096, "lora": lora or []}))
    r = subprocess.run(["node", PROBE, str(p)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    ref = np.zeros((len(ids), 4096))
    for t, pairs in enumerate(json.loads(r.stdout)["probs"][0]):
        for i, v in pairs:
            ref[t, i] = v
    return ref


def _train(tmp_path, base, ids, extra=()):
    data = tmp_path / "d.jsonl"
    data.write_text(json.dumps({"ids": ids, "mask": [1] * len(ids)}) + "\n")
    out = str(tmp_path / "adapter.gguf")
    r = subprocess.run([sys.executable, "-m", "coe_trainer.lora_train", "--base", base, "--data", str(data), "--out",
                        out, "--steps", "12", "--rank", "4", "--alpha", "8", "--lr", "3e-2", "--log-every", "4",
                        *extra], cwd=TRAINER, env={**os.environ, "PYTHONPATH": TRAINER},
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    return out


@needs_node
@pytest.mark.parametrize("arch,kv_heads,base_type", [("llama", 2, "f32"), ("llama", 4, "q8_0"), ("qwen2", 2, "f32")])
def test_adapter_logits_match_llama_cpp(tmp_path, arch, kv_heads, base_type):
    """qwen2: q/k/v biases, tied embeddings and NEOX rope under the adapter."""
    base = str(tmp_path / "m.gguf")
    make_model(base, dim=64, layers=2, heads=4, kv_heads=kv_heads, ffn=128, std=0.3, seed=kv_heads, type=base_type,
               arch=arch, tied=arch == "qwen2")
    ids = BPETokenizer.load().encode(TEXT * 2)
    adapter = _train(tmp_path, base, ids)
    m_base, _ = load_base(base, torch.float32)
    m_lora, _ = load_adapted(base, adapter)
    with torch.no_grad():
        p_base = torch.softmax(m_base(torch.tensor([ids]))[0].double(), -1).numpy()
        p_lora = torch.softmax(m_lora(torch.tensor([ids]))[0].double(), -1).numpy()
    ref_base = _probe(tmp_path, base, ids)
    ref_lora = _probe(tmp_path, base, ids, [{"filePath": adapter, "scale": 1}])
    assert np.abs(p_lora - p_base).max() > 0.1  # the round changed the model's outputs a lot
    assert np.abs(ref_lora - ref_base).max() > 0.1  # and llama.cpp's
    tol = {"f32": 5e-3, "q8_0": 5e-2}[base_type]
    assert np.abs(ref_lora - p_lora).max() < tol  # as the trainer predicts
    assert (ref_lora.argmax(1) == p_lora.argmax(1)).mean() > 0.95
    # the round learned the sequence: llama.cpp with the adapter puts more mass on it than the base
    tgt = np.array(ids[1:])
    pos = np.arange(len(ids) - 1)
    assert np.log(ref_lora[pos, tgt] + 1e-9).mean() > np.log(ref_base[pos, tgt] + 1e-9).mean() + 0.5
    half = _probe(tmp_path, base, ids, [{"filePath": adapter, "scale": 0.5}])
    m_half, _ = load_adapted(base, adapter, scale=0.5)
    with torch.no_grad():
        p_half = torch.softmax(m_half(torch.tensor([ids]))[0].double(), -1).numpy()
    assert np.abs(half - p_half).max() < tol  # llama.cpp's scale is alpha/rank * adapter scale
