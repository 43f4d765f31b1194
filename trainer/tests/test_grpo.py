import json

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from coe_trainer.grpo import GRPOOptions, load_rollouts, run_grpo, token_logprobs, turn_returns  # noqa: E402
from coe_trainer.make_model import make_model  # noqa: E402
from coe_trainer.model import Llama  # noqa: E402
from coe_trainer.tokenizer import BPETokenizer  # noqa: E402
from coe_trainer.toy import encode_segments  # noqa: E402

PROMPT = "### State\nL 1 def add(a, b):\nL 2     return a - b\n***\n0/1 tests pass\n### Command\n"


def _rollout(tok, group, commands, rewards):
    segs = [(PROMPT, 0)]
    for c in commands:
        segs += [(c + "\n", 1), ("### State\nL 1 x\n***\n### Command\n", 0)]
    ids, mask = encode_segments(tok, segs)
    spans, pos = [], 0
    for text, m in segs:
        n = len(tok.encode(text))
        if m:
            spans.append([pos, pos + n])
        pos += n
    return {"group": group, "ids": ids, "mask": mask, "turn_rewards": rewards, "turn_spans": spans}


def _seq_logprob(model, r, turn=None):
    """Sum of log-probs of the command tokens (of one turn when given)."""
    ids = torch.tensor([r["ids"]])
    with torch.no_grad():
        lp = token_logprobs(model, ids)[0].numpy()
    if turn is not None:
        s, e = r["turn_spans"][turn]
        return float(lp[s:e].sum())
    return float((lp * np.asarray(r["mask"])).sum())


def test_turn_returns():
    assert turn_returns([0.0, -0.5, 1.0], 1.0) == [0.5, 0.5, 1.0]
    assert turn_returns([0.0, 1.0], 0.5) == [0.5, 1.0]


def test_grpo_moves_policy_towards_positive_advantage(tmp_path):
    tok = BPETokenizer.load()
    init = str(tmp_path / "init.gguf")
    make_model(init, dim=32, layers=1, heads=2, ffn=64, ctx=256, seed=3)
    good = _rollout(tok, "g1", ["REPL 2 >>>    return a + b", "EXIT"], [1.0, 0.0])
    bad = _rollout(tok, "g1", ["DELL 1", "EXIT"], [-0.5, 0.0])
    path = tmp_path / "r.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in (good, bad)))
    ro = load_rollouts(str(path), tok.vocab_size)
    s0, e0 = good["turn_spans"][0]
    s1, e1 = bad["turn_spans"][0]
    assert ro[0].adv[s0:e0].min() > 0 and ro[1].adv[s1:e1].max() < 0  # the solving vs the bad first command
    m0 = Llama.from_gguf(init)[0]
    out = str(tmp_path / "out.gguf")
    run_grpo(GRPOOptions(rollouts=str(path), init=init, out=out, lr=3e-3, epochs=2, ref=init, kl=0.01))
    m1 = Llama.from_gguf(out)[0]
    assert _seq_logprob(m1, good, 0) > _seq_logprob(m0, good, 0) + 0.1
    assert _seq_logprob(m1, bad, 0) < _seq_logprob(m0, bad, 0) - 0.1


def test_turn_normalisation_compares_same_depth(tmp_path):
    tok = BPETokenizer.load()
    rs = [_rollout(tok, "g", ["REPL 2 >>>    return a + b", "EXIT"], [1.0, 0.0]),
          _rollout(tok, "g", ["DELL 1", "EXIT"], [-0.5, 0.0])]
    path = tmp_path / "r.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rs))
    ro = load_rollouts(str(path), tok.vocab_size, adv_norm="turn")
    (s, e), (s2, e2) = rs[0]["turn_spans"]
    assert ro[0].adv[s:e].min() > 0.9 and np.all(ro[0].adv[s2:e2] == 0)  # EXITs tie at depth 2


def test_equal_rewards_give_no_update(tmp_path):
    tok = BPETokenizer.load()
    init = str(tmp_path / "init.gguf")
    make_model(init, dim=32, layers=1, heads=2, ffn=64, ctx=256, seed=3)
    rs = [_rollout(tok, "g", ["EXIT"], [1.0]), _rollout(tok, "g", ["DELL 2", "EXIT"], [0.0, 1.0])]  # returns all 1.0
    path = tmp_path / "r.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rs))
    out = str(tmp_path / "out.gguf")
    run_grpo(GRPOOptions(rollouts=str(path), init=init, out=out, lr=1e-2))
    m0, m1 = Llama.from_gguf(init)[0], Llama.from_gguf(out)[0]
    assert _seq_logprob(m1, rs[0]) == pytest.approx(_seq_logprob(m0, rs[0]), abs=1e-4)


def test_bad_rollouts_fail_clearly(tmp_path):
    p = tmp_path / "r.jsonl"
    p.write_text(json.dumps({"group": 1, "ids": [1, 2], "mask": [0, 1], "turn_rewards": [1], "turn_spans": [[1, 5]]}))
    with pytest.raises(ValueError, match="span"):
        load_rollouts(str(p), 4096)
    p.write_text("")
    with pytest.raises(ValueError, match="no rollouts"):
        load_rollouts(str(p), 4096)
