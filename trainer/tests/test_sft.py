import json
import os
import signal
import subprocess
import sys

import pytest

torch = pytest.importorskip("torch")

from coe_trainer.make_model import make_model  # noqa: E402
from coe_trainer.sft import SFTOptions, run_sft  # noqa: E402
from coe_trainer.toy import toy_examples  # noqa: E402

TRAINER = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
ENV = {**os.environ, "PYTHONPATH": TRAINER, "LD_PRELOAD": "/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4"}
if not os.path.exists(ENV["LD_PRELOAD"]):
    del ENV["LD_PRELOAD"]


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    d = tmp_path_factory.mktemp("sft")
    init = str(d / "init.gguf")
    make_model(init, dim=32, layers=1, heads=2, ffn=64, ctx=512, seed=1)
    data = str(d / "data.jsonl")
    with open(data, "w") as f:
        for r in toy_examples(n=8, max_len=320):
            f.write(json.dumps(r) + "\n")
    return d, init, data


def _losses(stdout):
    return [json.loads(l[9:]) for l in stdout.splitlines() if l.startswith("PROGRESS ")]


def test_sft_drives_loss_down_and_exports(setup, capsys):
    d, init, data = setup
    out = str(d / "out.gguf")
    res = run_sft(SFTOptions(data=data, init=init, out=out, steps=40, batch_tokens=1280, lr=1e-2, warmup=2,
                             log_every=5, out_type="f16"))
    events = _losses(capsys.readouterr().out)
    steps = [e for e in events if e["event"] == "step"]
    assert steps[0]["loss"] > 7.0  # ~ln(4096) at random init
    assert steps[-1]["loss"] < steps[0]["loss"] - 3.0
    assert events[-1]["event"] == "done" and res["step"] == 40
    from coe_trainer.gguf import GGML_F16, read_gguf
    g = read_gguf(out)
    assert g.tensors["blk.0.attn_q.weight"].ggml_type == GGML_F16
    assert g.metadata["tokenizer.ggml.tokens"] == read_gguf(init, load_tensors=False).metadata["tokenizer.ggml.tokens"]


def test_empty_dataset_fails_clearly(setup, tmp_path, capsys):
    from coe_trainer.sft import main
    _, init, _ = setup
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n")
    assert main(["--data", str(empty), "--init", init, "--out", str(tmp_path / "o.gguf"), "--steps", "3"]) == 2
    assert "empty dataset" in capsys.readouterr().err
    assert not (tmp_path / "o.gguf").exists()
    nomask = tmp_path / "nomask.jsonl"
    nomask.write_text(json.dumps({"ids": [5, 6, 7], "mask": [0, 0, 0]}) + "\n")
    with pytest.raises(ValueError, match="empty dataset"):
        run_sft(SFTOptions(data=str(nomask), init=init, out=str(tmp_path / "o.gguf"), steps=3))


def _cmd(data, init, out, ckdir, *extra):
    return [sys.executable, "-m", "coe_trainer.sft", "--data", data, "--init", init, "--out", out, "--steps", "60",
            "--batch-tokens", "640", "--lr", "5e-3", "--ckpt-dir", ckdir, "--ckpt-every", "10", "--log-every", "10",
            *extra]


def test_resume_after_kill_matches_uninterrupted_run(setup, tmp_path, capsys):
    d, init, data = setup
    ck = str(tmp_path / "ck")
    out = str(tmp_path / "resumed.gguf")
    p = subprocess.Popen(_cmd(data, init, out, ck), cwd=TRAINER, env=ENV, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True)
    for line in p.stdout:  # kill hard as soon as the first checkpoint is on disk
        if line.startswith("PROGRESS ") and json.loads(line[9:])["event"] == "checkpoint":
            p.send_signal(signal.SIGKILL)
            break
    p.wait()
    assert p.returncode == -signal.SIGKILL and not os.path.exists(out)
    r = subprocess.run(_cmd(data, init, out, ck, "--resume"), cwd=TRAINER, env=ENV, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    ev = _losses(r.stdout)
    assert ev[0]["event"] == "start" and 10 <= ev[0]["step"] < 60
    assert ev[-1] == {**ev[-1], "event": "done", "step": 60}
    # same data order and optimizer state: the resumed model equals an uninterrupted run's
    ref = str(tmp_path / "ref.gguf")
    from coe_trainer.sft import main
    assert main(_cmd(data, init, ref, str(tmp_path / "ck2"))[3:]) == 0  # in-process: saves a torch import
    from coe_trainer.gguf import read_gguf
    a, b = read_gguf(out), read_gguf(ref)
    for name, t in a.tensors.items():
        assert abs(t.data - b.tensors[name].data).max() < 1e-5, name
    assert _losses(capsys.readouterr().out)[-1]["loss"] == pytest.approx(ev[-1]["loss"], abs=1e-4)
