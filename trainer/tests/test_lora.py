"""LoRA layers, the adapter GGUF and the lora_train command line (bad input, progress, resume)."""
import json
import os
import signal
import subprocess
import sys

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from coe_trainer.gguf import read_gguf, write_gguf  # noqa: E402
from coe_trainer.lora import LoRALinear, apply_lora, lora_parameters, lora_tensors  # noqa: E402
from coe_trainer.lora_base import load_adapted, load_base  # noqa: E402
from coe_trainer.lora_gguf import read_lora_gguf, write_lora_gguf  # noqa: E402
from coe_trainer.make_model import make_model  # noqa: E402

TRAINER = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))


def _model(tmp_path, **kw):
    path = str(tmp_path / "m.gguf")
    make_model(path, **{"dim": 32, "layers": 2, "heads": 4, "kv_heads": 2, "ffn": 64, "std": 0.3, **kw})
    return path


def _data(tmp_path, n=12, vocab=4096, seed=0):
    rng = np.random.default_rng(seed)
    path = tmp_path / "d.jsonl"
    with open(path, "w") as f:
        for _ in range(n):
            k = int(rng.integers(12, 40))
            f.write(json.dumps({"ids": rng.integers(0, vocab, k).tolist(), "mask": [0] * 4 + [1] * (k - 4)}) + "\n")
    return str(path)


def _cli(*args, timeout=300):
    env = {**os.environ, "PYTHONPATH": TRAINER}
    return subprocess.run([sys.executable, "-m", "coe_trainer.lora_train", *args], cwd=TRAINER, env=env,
                          capture_output=True, text=True, timeout=timeout)


def _events(stdout):
    return [json.loads(line[9:]) for line in stdout.splitlines() if line.startswith("PROGRESS ")]


def test_lora_linear_is_base_plus_scaled_low_rank():
    base = torch.nn.Linear(8, 6, bias=True)
    lin = LoRALinear(base, rank=2, alpha=4.0, dtype=torch.float32)
    x = torch.randn(3, 8)
    assert torch.allclose(lin(x), base(x), atol=1e-6)  # B starts at zero
    with torch.no_grad():
        lin.lora_b.normal_()
    merged = base.weight + 2.0 * lin.lora_b @ lin.lora_a
    assert torch.allclose(lin(x), x @ merged.T + base.bias, atol=1e-5)


def test_only_the_adapter_trains_and_checkpointing_keeps_gradients(tmp_path):
    path = _model(tmp_path)
    grads = []
    for ckpt in (False, True):
        torch.manual_seed(0)
        m, _ = load_base(path, torch.float32)
        adapted = apply_lora(m, 4, 8.0, checkpoint=ckpt)
        assert len(adapted) == 2 * 7
        with torch.no_grad():
            for p in lora_parameters(m):
                if p.shape[1] == 4:
                    p.normal_(0, 0.1)
        assert {n.rsplit(".", 1)[1] for n, p in m.named_parameters() if p.requires_grad} == {"lora_a", "lora_b"}
        ids = torch.randint(0, 4096, (2, 16))
        torch.manual_seed(1)
        m(ids).logsumexp(-1).mean().backward()
        grads.append(torch.cat([p.grad.reshape(-1) for p in lora_parameters(m)]))
    assert grads[0].abs().max() > 0
    assert torch.allclose(grads[0], grads[1], atol=1e-6)


def test_bf16_base_keeps_tied_embeddings_tied(tmp_path):
    path = _model(tmp_path)
    g = read_gguf(path)
    md = dict(g.metadata)
    tensors = [(t.name, t.data, t.ggml_type) for t in g.tensors.values() if t.name != "output.weight"]
    tied = str(tmp_path / "tied.gguf")
    write_gguf(tied, md, tensors, g.metadata_types)
    m, _ = load_base(tied, torch.bfloat16)
    apply_lora(m, 2, 4.0)
    assert m.output.weight is m.token_embd.weight and m.output.weight.dtype == torch.bfloat16
    assert m.blk[0].attn_norm.weight.dtype == torch.float32
    out = m(torch.tensor([[1, 2, 3]]))
    assert out.dtype == torch.float32 and torch.isfinite(out).all()


def test_adapter_gguf_has_llama_cpp_layout(tmp_path):
    path = _model(tmp_path)
    m, src = load_base(path, torch.float32)
    apply_lora(m, 4, 8.0, targets=["attn_q", "ffn_down"])
    out = str(tmp_path / "a.gguf")
    pairs = {k: (a.numpy(), b.numpy() + 0.5) for k, (a, b) in lora_tensors(m).items()}
    write_lora_gguf(out, src["metadata"], pairs, 8.0)
    g = read_gguf(out)
    assert g.metadata["general.type"] == "adapter" and g.metadata["adapter.type"] == "lora"
    assert g.metadata["general.architecture"] == "llama" and g.metadata["adapter.lora.alpha"] == 8.0
    assert g.tensors["blk.0.attn_q.weight.lora_a"].data.shape == (4, 32)  # ne [in, r]
    assert g.tensors["blk.1.ffn_down.weight.lora_b"].data.shape == (32, 4)  # ne [r, out]
    back, alpha, _ = read_lora_gguf(out)
    assert alpha == 8.0 and set(back) == set(pairs)
    assert np.array_equal(back["blk.1.ffn_down.weight"][1], pairs["blk.1.ffn_down.weight"][1])
    adapted, _ = load_adapted(path, out)
    base, _ = load_base(path, torch.float32)
    ids = torch.tensor([[5, 6, 7, 8]])
    with torch.no_grad():
        assert (adapted(ids) - base(ids)).abs().max() > 1e-3


@pytest.mark.parametrize("case", ["missing", "not_gguf", "arch", "adapter"])
def test_bad_base_is_one_error_and_exit_2(tmp_path, case):
    data = _data(tmp_path)
    base = str(tmp_path / "base.gguf")
    if case == "not_gguf":
        open(base, "w").write("def f():\n    return 1\n")
    elif case in ("arch", "adapter"):
        g = read_gguf(_model(tmp_path))
        md = dict(g.metadata)
        md["general.architecture"] = "mamba" if case == "arch" else md["general.architecture"]
        if case == "adapter":
            md["general.type"] = "adapter"
        write_gguf(base, md, [(t.name, t.data, t.ggml_type) for t in g.tensors.values()], g.metadata_types)
    r = _cli("--base", base, "--data", data, "--out", str(tmp_path / "a.gguf"), "--steps", "2", timeout=120)
    assert r.returncode == 2, r.stderr
    errors = [line for line in r.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "Traceback" not in r.stderr
    assert {"missing": "no such", "not_gguf": "not a GGUF", "arch": "mamba", "adapter": "adapter"}[case] in errors[0]
    assert not os.path.exists(tmp_path / "a.gguf") and "PROGRESS" not in r.stdout


def test_cli_trains_stops_on_sigint_and_resumes_exactly(tmp_path):
    base, data = _model(tmp_path), _data(tmp_path)
    common = ["--base", base, "--data", data, "--rank", "4", "--lr", "1e-2", "--batch-tokens", "128",
              "--log-every", "1", "--steps", "30"]
    full = _cli(*common, "--out", str(tmp_path / "full.gguf"))
    assert full.returncode == 0, full.stderr
    ev = _events(full.stdout)
    assert ev[0]["event"] == "start" and ev[-1]["event"] == "done" and ev[-1]["kind"] == "lora"
    assert [e["step"] for e in ev if e["event"] == "step"] == list(range(1, 31))
    assert ev[-1]["loss"] < ev[1]["loss"]
    ck = ["--ckpt-dir", str(tmp_path / "ck"), "--out", str(tmp_path / "resumed.gguf")]
    env = {**os.environ, "PYTHONPATH": TRAINER}
    p = subprocess.Popen([sys.executable, "-m", "coe_trainer.lora_train", *common, *ck], cwd=TRAINER, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    for line in p.stdout:
        if line.startswith("PROGRESS ") and json.loads(line[9:]).get("step") == 2:
            p.send_signal(signal.SIGINT)
            break
    rest = p.stdout.read()
    assert p.wait(timeout=120) == 130
    stopped = [e for e in _events(rest) if e["event"] == "stopped"]
    assert stopped and stopped[0]["step"] < 30 and not os.path.exists(tmp_path / "resumed.gguf")
    again = _cli(*common, *ck, "--resume")
    assert again.returncode == 0, again.stderr
    assert _events(again.stdout)[0]["step"] == stopped[0]["step"]
    a, _, _ = read_lora_gguf(str(tmp_path / "full.gguf"))
    b, _, _ = read_lora_gguf(str(tmp_path / "resumed.gguf"))
    assert max(np.abs(x[1]).max() for x in a.values()) > 0  # B moved away from zero
    for k in a:
        assert np.allclose(a[k][0], b[k][0], atol=1e-6) and np.allclose(a[k][1], b[k][1], atol=1e-6)
