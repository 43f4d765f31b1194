"""Two-process data-parallel LoRA training (gloo, launched by hand through lora_train --procs 2): the
replicas stay bitwise identical and the adapter matches one process on the same global batch.

Tolerance 1e-5 absolute on A and B after 6 AdamW steps: the ranks sum their halves of the gradient, so
only the order of float additions differs from one process."""
import json
import os
import subprocess
import sys

import numpy as np
import pytest

pytest.importorskip("torch")
import torch.distributed as dist  # noqa: E402

from coe_trainer.lora_gguf import read_lora_gguf  # noqa: E402
from coe_trainer.make_model import make_model  # noqa: E402

TRAINER = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))


@pytest.mark.skipif(not dist.is_available() or not dist.is_gloo_available(), reason="no gloo in this torch")
def test_two_ranks_match_one_process(tmp_path):
    base = str(tmp_path / "m.gguf")
    make_model(base, dim=32, layers=2, heads=4, kv_heads=2, ffn=64, std=0.3)
    rng = np.random.default_rng(0)
    with open(tmp_path / "d.jsonl", "w") as f:
        for _ in range(24):
            k = int(rng.integers(10, 40))
            f.write(json.dumps({"ids": rng.integers(0, 4096, k).tolist(), "mask": [0] * 3 + [1] * (k - 3)}) + "\n")
    runs = {}
    for procs in (1, 2):
        out = str(tmp_path / f"a{procs}.gguf")
        r = subprocess.run([sys.executable, "-m", "coe_trainer.lora_train", "--base", base, "--data",
                            str(tmp_path / "d.jsonl"), "--out", out, "--steps", "6", "--rank", "4", "--lr", "1e-2",
                            "--batch-tokens", "160", "--log-every", "1", "--procs", str(procs)],
                           cwd=TRAINER, env={**os.environ, "PYTHONPATH": TRAINER}, capture_output=True, text=True,
                           timeout=300)
        assert r.returncode == 0, r.stderr[-3000:]
        events = [json.loads(line[9:]) for line in r.stdout.splitlines() if line.startswith("PROGRESS ")]
        assert sum(e["event"] == "start" for e in events) == 1  # only rank 0 reports
        done = events[-1]
        assert done["event"] == "done" and done["world"] == procs and done["replicas_identical"] is True
        runs[procs] = (read_lora_gguf(out)[0], [e["loss"] for e in events if e["event"] == "step"])
    (one, loss1), (two, loss2) = runs[1], runs[2]
    assert np.allclose(loss1, loss2, atol=1e-5)
    assert max(np.abs(b).max() for _, b in one.values()) > 1e-3  # it trained
    for k in one:
        for i in (0, 1):
            assert np.abs(one[k][i] - two[k][i]).max() < 1e-5, k
