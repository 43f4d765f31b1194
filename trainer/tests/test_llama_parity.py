"""Parity with llama.cpp (node-llama-cpp): tokenizer ids and next-token probabilities.

Skipped when node or node_modules/node-llama-cpp is missing. One node process per check."""
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
