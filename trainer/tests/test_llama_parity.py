"""Parity with llama.cpp (node-llama-cpp): tokenizer ids and next-token probabilities.

Skipped when node or node_modules/node-llama-cpp is missing. One node process per check (the per-type
parity runs all its models in one)."""
import base64
import json
import os
import shutil
import subprocess

import numpy as np
import pytest

from coe_trainer.bpe_train import build_corpus, load_mbpp_train
from coe_trainer.make_model import make_model
from coe_trainer.tokenizer import BPETokenizer

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PROBE = os.path.join(os.path.dirname(__file__), "llama_probe.mjs")
BUNDLE = os.path.join(ROOT, "node_modules", "node-llama-cpp", "llama", "gitRelease.bundle")
needs_node = pytest.mark.skipif(
    not shutil.which("node") or not os.path.isdir(os.path.join(ROOT, "node_modules", "node-llama-cpp")),
    reason="node-llama-cpp not installed")

EXTRA = [
    "REPL 3 >>>    return a + b", "L 12 ", "### State", "3/3 tests pass", "FAIL", "***", "", " ", "  ", "\n\n",
    "a  b   c", "x\t\ty", "it's don't we'll they're I've I'm he'd 'S", "'", "''", "'re", " 's",
    "héllo wörld", "日本語のテキスト", "emoji 🙂🚀 ok", "Ωmega ½ ² ٣ ⅷ", "tab\tend\t", "trail   ",
    "\r\n\r\n  x", "a\u00a0b\u2003c\u3000d", "ÿþ\x00\x01\x7f", "123456789 1.5e-3 0x1F", "def f(x):\n\treturn x\n",
    "ADDL 4 >>>        if n % 2 == 0:", "REPW 2 >>>- >>>+", "SyntaxError line 3: invalid syntax",
    "ERROR assert f(1) == 2: NameError: name 'y' is not defined (line 2)", "EXIT",
]


def _probe(tmp_path, req):
    p = tmp_path / "req.json"
    p.write_text(json.dumps(req))
    r = subprocess.run(["node", PROBE, str(p)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    return json.loads(r.stdout)


def _strings():
    rows = load_mbpp_train()
    return [r["code"] for r in rows] + build_corpus()[1::2][:100] + EXTRA


@needs_node
def test_tokenizer_matches_llama_cpp(tmp_path):
    model = str(tmp_path / "m.gguf")
    make_model(model, dim=32, layers=1, heads=2, ffn=32)
    strings = _strings()
    got = _probe(tmp_path, {"model": model, "tokenize": strings})["tokens"]
    tok = BPETokenizer.load()
    bad = [(s, a, tok.encode(s)) for s, a in zip(strings, got) if a != tok.encode(s)]
    assert not bad, f"{len(bad)}/{len(strings)} differ, first: {bad[0]!r}"
    assert len(strings) > 500
    for s in EXTRA:
        assert tok.decode(tok.encode(s)) == s


def _vocab_gguf(tmp_path, name="ggml-vocab-gpt-2.gguf"):
    """Extracts one of llama.cpp's tokenizer-only GGUFs from the source bundle node-llama-cpp ships (~1 s)."""
    if not shutil.which("git") or not os.path.exists(BUNDLE):
        pytest.skip("llama.cpp source bundle not available")
    bare = tmp_path / "llama.git"
    subprocess.run(["git", "clone", "-q", "--bare", BUNDLE, str(bare)], check=True, capture_output=True)
    out = tmp_path / name
    with open(out, "wb") as f:
        subprocess.run(["git", "--git-dir", str(bare), "show", f"HEAD:models/{name}"], check=True, stdout=f)
    return str(out)


@needs_node
def test_pretokenizer_matches_llama_cpp_on_gpt2_vocab(tmp_path):
    """The real GPT-2 vocabulary (50k merges) checks the pre-tokenizer harder than our 4k one."""
    from coe_trainer.gguf import read_gguf
    VOCAB_GGUF = _vocab_gguf(tmp_path)
    model = str(tmp_path / "m.gguf")
    make_model(model, tokenizer=f"vocab:{VOCAB_GGUF}", dim=32, layers=1, heads=2, ffn=32)
    strings = _strings()[::4] + EXTRA
    got = _probe(tmp_path, {"model": model, "tokenize": strings})["tokens"]
    tok = BPETokenizer.from_gguf_metadata(read_gguf(VOCAB_GGUF, load_tensors=False).metadata)
    bad = [(s, a, tok.encode(s)) for s, a in zip(strings, got) if a != tok.encode(s)]
    assert not bad, f"{len(bad)}/{len(strings)} differ, first: {bad[0]!r}"


@needs_node
@pytest.mark.parametrize("kv_heads", [4, 2])
def test_logits_match_llama_cpp(tmp_path, kv_heads):
    torch = pytest.importorskip("torch")
    from coe_trainer.model import Llama
    model = str(tmp_path / "m.gguf")
    # std 0.3 makes the outputs peaked, so a wrong rope/GQA/norm shows up as a large difference
    make_model(model, dim=64, layers=2, heads=4, kv_heads=kv_heads, ffn=128, std=0.3, seed=kv_heads)
    tok = BPETokenizer.load()
    ids = tok.encode("def add(a, b):\n    return a - b\n***\n0/2 tests pass\n### Command\nREPL 2 >>>    return a + b\n" * 2)
    res = _probe(tmp_path, {"model": model, "probs": [ids], "top": 4096})["probs"][0]
    ref = np.zeros((len(ids), tok.vocab_size))
    for t, pairs in enumerate(res):
        for i, v in pairs:
            ref[t, i] = v
    m, _ = Llama.from_gguf(model)
    with torch.no_grad():
        lp = torch.log_softmax(m(torch.tensor([ids]))[0].double(), -1).numpy()
    assert ref.max(axis=1).mean() > 0.05  # peaked enough to be a real check
    assert (ref.argmax(1) == lp.argmax(1)).all()
    # llama.cpp keeps the KV cache in f16, hence not 1e-6
    assert np.abs(np.exp(lp) - ref).max() < 5e-3
    big = ref > 1e-3
    assert np.abs(np.log(ref[big]) - lp[big]).max() < 0.1


# ---------------------------------------------------------------- every architecture x tensor type
#
# max |log p_llama.cpp - log p_trainer| over every position and every one of the 4096 tokens (both
# log-softmax, i.e. the logits up to the per-position constant softmax ignores), on a 2-layer dim-256
# model with init "scaled" (logits of std ~4). llama.cpp's CPU matmuls round the activations to the
# weight's "vec_dot_type" first: F16 -> f16, BF16 -> bf16, Q8_0/Q4_0 -> Q8_0 blocks, K-quants -> Q8_K
# blocks, so quantized types carry 8-bit activation noise the trainer (float32 activations) has not; the
# f16 KV cache adds ~0.02 everywhere. A wrong block layout, rope mode or bias gives mean errors of ~1-5.
TOL = {  # type: (max abs, mean abs) of the log-probability difference; about 2x what was measured
    "f32": (0.05, 0.006), "f16": (0.05, 0.006), "bf16": (0.15, 0.025), "q8_0": (0.5, 0.08),
    "q4_0": (0.6, 0.09), "q4_1": (0.6, 0.09), "q5_0": (0.6, 0.09), "q5_1": (0.6, 0.09),
    "q4_k": (0.8, 0.12), "q5_k": (0.8, 0.12), "q6_k": (0.8, 0.12), "mixed": (0.7, 0.1),
}
ARCHS = ("llama", "qwen2")
PARITY_TEXT = "def add(a, b):\n    return a - b\n***\n0/2 tests pass\n### Command\nREPL 2 >>>    return a + b\n"


@pytest.fixture(scope="module")
def type_parity(tmp_path_factory):
    """{(arch, type): (model path, llama.cpp probabilities [T, V])}, one node process for all."""
    d = tmp_path_factory.mktemp("types")
    ids = BPETokenizer.load().encode(PARITY_TEXT)
    cases, runs = [], []
    for arch in ARCHS:
        for i, t in enumerate(TOL):
            path = str(d / f"{arch}-{t}.gguf")
            # qwen2 models are tied (no output.weight) like Qwen2.5 0.5B-3B; llama ones have output.weight
            make_model(path, arch=arch, dim=256, layers=2, heads=4, kv_heads=2, ffn=512, seed=i, type=t,
                       init="scaled", tied=arch == "qwen2")
            cases.append((arch, t, path))
            runs.append({"model": path, "probs": [ids], "dense": True, "vocab": 4096})
    # llama 3 rope factors (rope_freqs.weight) and linear rope scaling, in F32
    from coe_trainer.config import LlamaConfig
    from coe_trainer.make_model import random_weights, tokenizer_metadata, write_llama_gguf
    cfg = LlamaConfig(vocab_size=4096, dim=256, layers=2, heads=4, kv_heads=2, ffn=512, rope_freqs=True,
                      rope_scale=0.5, rope_base=500000.0)
    path = str(d / "llama-rope.gguf")
    write_llama_gguf(path, cfg, random_weights(cfg, seed=9, init="scaled"), *tokenizer_metadata())
    cases.append(("llama", "rope", path))
    runs.append({"model": path, "probs": [ids], "dense": True, "vocab": 4096})
    out = _probe(d, {"runs": runs})["runs"]
    res = {}
    for (arch, t, path), r in zip(cases, out):
        ref = np.frombuffer(base64.b64decode(r["dense"][0]), np.float32).reshape(len(ids), -1)
        res[(arch, t)] = (path, ref)
    return ids, res


@needs_node
@pytest.mark.parametrize("arch", ARCHS)
@pytest.mark.parametrize("gtype", list(TOL))
def test_logits_match_llama_cpp_per_type(type_parity, arch, gtype):
    torch = pytest.importorskip("torch")
    from coe_trainer.gguf import read_gguf
    from coe_trainer.model import Llama
    ids, res = type_parity
    path, ref = res[(arch, gtype)]
    m, src = Llama.from_gguf(path)
    types = {read_gguf(path, load_tensors=False).tensors[n].ggml_type for n in src["tensor_types"]}
    assert len(types) >= {"mixed": 4, "f32": 1}.get(gtype, 2)  # norms F32 + the type(s) under test
    assert m.cfg.arch == arch and m.cfg.tied == (arch == "qwen2") and m.cfg.qkv_bias == (arch == "qwen2")
    with torch.no_grad():
        lp = torch.log_softmax(m(torch.tensor([ids]))[0].double(), -1).numpy()
    diff = np.abs(np.log(np.maximum(ref, 1e-30)) - lp)
    max_tol, mean_tol = TOL[gtype]
    print(f"{arch} {gtype}: max |d log p| {diff.max():.4f} mean {diff.mean():.4f} "
          f"argmax agree {(ref.argmax(1) == lp.argmax(1)).mean():.2f}")
    assert ref.max(axis=1).mean() > 0.2  # peaked: a real check
    assert ref.min() > 1e-30  # every probability resolved, so the log difference is meaningful
    assert diff.max() < max_tol and diff.mean() < mean_tol
    assert (ref.argmax(1) == lp.argmax(1)).mean() >= 0.8


def _mean_diff(m, ids, ref):
    import torch
    with torch.no_grad():
        lp = torch.log_softmax(m(torch.tensor([ids]))[0].double(), -1).numpy()
    return np.abs(np.log(np.maximum(ref, 1e-30)) - lp).mean()


@needs_node
@pytest.mark.parametrize("arch", ARCHS)
def test_parity_tolerances_catch_layout_and_rope_errors(type_parity, arch):
    """The tolerances above are tight enough to see the mistakes they guard against."""
    torch = pytest.importorskip("torch")
    from coe_trainer.model import Llama, rope, rope_neox
    ids, res = type_parity
    path, ref = res[(arch, "q4_0")]
    m, _ = Llama.from_gguf(path)
    with torch.no_grad():  # nibble order mistaken: the two halves of every 32-value block swapped
        for name, p in m.named_parameters():
            if p.ndim == 2:
                p.copy_(p.reshape(-1, 2, 16).flip(1).reshape(p.shape))
    assert _mean_diff(m, ids, ref) > 5 * TOL["q4_0"][1]
    path, ref = res[(arch, "f32")]
    m, _ = Llama.from_gguf(path)
    for blk in m.blk:  # the other architecture's rope mode
        blk.rope = rope if arch == "qwen2" else rope_neox
    assert _mean_diff(m, ids, ref) > 5 * TOL["f32"][1]
    if arch == "qwen2":
        m, _ = Llama.from_gguf(path)
        with torch.no_grad():
            for blk in m.blk:
                blk.attn_q.bias.zero_()
        assert _mean_diff(m, ids, ref) > 5 * TOL["f32"][1]


@needs_node
def test_rope_factors_and_linear_scaling_match_llama_cpp(type_parity):
    torch = pytest.importorskip("torch")
    from coe_trainer.model import Llama
    ids, res = type_parity
    path, ref = res[("llama", "rope")]
    m, _ = Llama.from_gguf(path)
    assert m.cfg.rope_freqs and m.cfg.rope_scale == 0.5
    assert _mean_diff(m, ids, ref) < TOL["f32"][1]
    m.rope_freqs.weight.data.fill_(1.0)  # ignoring the factors is visible
    assert _mean_diff(m, ids, ref) > 5 * TOL["f32"][1]
