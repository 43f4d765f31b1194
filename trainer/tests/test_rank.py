"""Learning to rank: the rank loss, its data, and the claim that training with it puts winners above losers.

Toy set (what `coe train sft` sees: the search's records beside a replay of demos): contexts that share one
long random prefix and differ in a single early token, each with a winner and three losers, all distinct
3-token commands. The next-token data teach every candidate once in its context (the replay: each is a
plausible edit there) and the winner once more; the control trains on those alone (next-token loss on the
winner is all it learns from the search), the ranked run adds the pairwise loss. Both start from the same
random model and run the same steps; the pairwise run must lower the winners' rank and open a much wider
margin (winner score minus the best loser's) than the control.
"""
import json

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from coe_trainer.data import RankExample, load_rank_examples  # noqa: E402
from coe_trainer.make_model import make_model  # noqa: E402
from coe_trainer.model import Llama  # noqa: E402
from coe_trainer.rank_loss import (command_scores, pair_accuracy, pick_rank_batch, rank_loss,  # noqa: E402
                                   winner_rank)
from coe_trainer.sft import SFTOptions, run_sft  # noqa: E402

N_CTX, PREFIX, CMD, LOSERS = 8, 40, 3, 3


def toy_set(seed=3):
    rng = np.random.default_rng(seed)
    shared = rng.integers(300, 4000, PREFIX)
    keys = rng.choice(np.arange(300, 4000), N_CTX, replace=False)
    ranks, sft = [], []
    for i in range(N_CTX):
        prefix = shared.copy()
        prefix[3] = keys[i]
        cands = [rng.integers(300, 4000, CMD) for _ in range(LOSERS + 1)]
        losers = [c.tolist() for c in cands[1:]]
        ranks.append({"prefix": prefix.tolist(), "winner": cands[0].tolist(), "losers": losers})
        for c in [cands[0]] + cands:
            sft.append({"ids": prefix.tolist() + c.tolist(), "mask": [0] * PREFIX + [1] * CMD})
    return ranks, sft


def _write(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return str(path)


def measure(model_path, rank_path):
    """(mean winner rank, 0 best; mean margin of the winner over its best loser)."""
    model, _ = Llama.from_gguf(model_path)
    model.eval()
    with torch.no_grad():
        scores = command_scores(model, load_rank_examples(rank_path))
    return (float(np.mean([winner_rank(s) for s in scores])),
            float(np.mean([float(s[0] - s[1:].max()) for s in scores])))


@pytest.fixture(scope="module")
def toy(tmp_path_factory):
    d = tmp_path_factory.mktemp("rank")
    init = str(d / "init.gguf")
    make_model(init, dim=32, layers=1, heads=2, ffn=64, ctx=256, seed=1)
    ranks, sft = toy_set()
    return d, init, _write(d / "rank.jsonl", ranks), _write(d / "sft.jsonl", sft)


def test_scores_match_the_full_forward(toy):
    _, init, rank_path, _ = toy
    model, _ = Llama.from_gguf(init)
    ex = load_rank_examples(rank_path)[:2]
    with torch.no_grad():
        got = command_scores(model, ex)
        for e, s in zip(ex, got):
            for c, score in zip(e.candidates, s):
                ids = torch.from_numpy(np.concatenate([e.prefix, c])).unsqueeze(0)
                lp = torch.log_softmax(model(ids)[0, :-1].float(), -1)
                want = lp[torch.arange(e.prefix.size - 1, ids.shape[1] - 1), ids[0, e.prefix.size:]].sum()
                assert float(score) == pytest.approx(float(want), abs=1e-4)
        mean = command_scores(model, ex, norm="mean")
    assert float(mean[0][0]) == pytest.approx(float(got[0][0]) / CMD, abs=1e-5)


def test_losses_and_ranks_on_known_scores():
    s = torch.tensor([0.0, 0.0, 0.0])
    assert float(rank_loss([s])) == pytest.approx(np.log(2))
    assert float(rank_loss([s], "listwise")) == pytest.approx(np.log(3))
    good, bad = torch.tensor([5.0, -5.0, -4.0]), torch.tensor([-5.0, 5.0, 1.0])
    assert float(rank_loss([good])) < 0.01 < 4.0 < float(rank_loss([bad]))
    assert winner_rank(good) == 0 and winner_rank(bad) == 2 and winner_rank(s) == 1.0
    assert pair_accuracy([good, bad]) == 0.5
    with pytest.raises(ValueError):
        rank_loss([s], "pointwise")


def test_loader_tolerates_a_torn_line_and_skips_unusable(tmp_path, capsys):
    ok = {"prefix": [1, 2], "winner": [3], "losers": [[4], [5, 6]]}
    p = tmp_path / "r.jsonl"
    p.write_text(json.dumps(ok) + "\n" + json.dumps({**ok, "losers": []}) + "\n" + json.dumps(ok)[:20])
    got = load_rank_examples(str(p), vocab_size=10, max_len=16)
    assert len(got) == 1 and [c.tolist() for c in got[0].candidates] == [[3], [4], [5, 6]]
    assert "torn last line" in capsys.readouterr().err
    p.write_text(json.dumps({"prefix": [1], "winner": []}) + "\n\n")
    with pytest.raises(ValueError, match="r.jsonl:1"):
        load_rank_examples(str(p))


def test_pick_is_deterministic_and_caps_losers():
    ex = [RankExample(np.arange(3), [np.array([k]) for k in range(12)]) for _ in range(5)]
    a = pick_rank_batch(ex, 7, 2, 0, 4)
    b = pick_rank_batch(ex, 7, 2, 0, 4)
    assert len(a) == 2 and all(len(e.candidates) == 5 and e.candidates[0][0] == 0 for e in a)
    assert [[c.tolist() for c in e.candidates] for e in a] == [[c.tolist() for c in e.candidates] for e in b]


def _train(toy, name, weight, capsys, kind="pairwise", steps=20):
    d, init, rank_path, sft_path = toy
    out = str(d / f"{name}.gguf")
    run_sft(SFTOptions(data=sft_path, init=init, out=out, steps=steps, batch_tokens=16 * (PREFIX + CMD), lr=5e-3,
                       warmup=2, log_every=5, rank_data=rank_path, rank_weight=weight, rank_loss=kind,
                       rank_per_step=4))
    events = [json.loads(l[9:]) for l in capsys.readouterr().out.splitlines() if l.startswith("PROGRESS ")]
    return out, [e for e in events if e["event"] == "step"]


def test_pairwise_loss_lowers_the_winners_rank_and_beats_the_control(toy, capsys):
    _, init, rank_path, _ = toy
    (before, m0) = measure(init, rank_path)
    ranked, steps = _train(toy, "ranked", 1.0, capsys)
    control, control_steps = _train(toy, "control", 0.0, capsys)
    (after, m1), (ctrl, mc) = measure(ranked, rank_path), measure(control, rank_path)
    with capsys.disabled():
        print(f"\nmean winner rank (0 best, of {LOSERS + 1}): before {before:.3f}, pairwise {after:.3f}, "
              f"control {ctrl:.3f}; margin before {m0:.2f}, pairwise {m1:.2f}, control {mc:.2f}")
        print("rank_loss:", [s["rank_loss"] for s in steps], "rank_acc:", [s["rank_acc"] for s in steps])
        print("next-token loss, pairwise:", [s["loss"] for s in steps], "control:", [s["loss"] for s in control_steps])
    assert "rank_loss" in steps[0] and "rank_loss" not in control_steps[0]
    assert steps[-1]["rank_loss"] < steps[0]["rank_loss"]
    assert after < before and after <= ctrl
    assert m1 > 2 * mc and m1 > m0 + 1.0


def test_listwise_loss_also_lowers_the_winners_rank(toy, capsys):
    _, init, rank_path, _ = toy
    before, _ = measure(init, rank_path)
    out, steps = _train(toy, "listwise", 1.0, capsys, kind="listwise", steps=10)
    after, _ = measure(out, rank_path)
    assert after < before and steps[-1]["rank_loss"] < steps[0]["rank_loss"]
