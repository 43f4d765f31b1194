import numpy as np
import pytest

torch = pytest.importorskip("torch")

from coe_trainer.data import Example, epoch_batches, pack  # noqa: E402
from coe_trainer.make_model import make_model  # noqa: E402
from coe_trainer.model import Llama  # noqa: E402


@pytest.fixture(scope="module")
def model_path(tmp_path_factory):
    p = str(tmp_path_factory.mktemp("m") / "m.gguf")
    make_model(p, dim=32, layers=2, heads=4, kv_heads=2, ffn=64, ctx=256, std=0.2, seed=5)
    return p


def test_packed_rows_equal_separate_sequences(model_path):
    m, _ = Llama.from_gguf(model_path)
    rng = np.random.default_rng(0)
    exs = [Example(rng.integers(2, 4096, n), np.ones(n, np.float32)) for n in (7, 12, 5)]
    b = pack(exs, rows=1, seq_len=32, pad_id=1)
    with torch.no_grad():
        packed = m(torch.from_numpy(b.ids), torch.from_numpy(b.pos), torch.from_numpy(b.seg))[0]
        s = 0
        for ex in exs:
            alone = m(torch.from_numpy(ex.ids)[None])[0]
            assert torch.allclose(packed[s:s + ex.ids.size], alone, atol=1e-5)
            s += ex.ids.size
    # targets are next tokens within an example only; padding and example ends carry no weight
    assert b.weights[0, 6] == 0 and b.weights[0, 5] == 1 and b.targets[0, 5] == exs[0].ids[6]
    assert b.weights[0, 24:].sum() == 0 and b.n_tokens == 24


def test_epoch_covers_every_example_once_and_resumes_identically():
    rng = np.random.default_rng(1)
    exs = [Example(np.full(n, i, np.int64), np.ones(n, np.float32)) for i, n in enumerate(rng.integers(3, 30, 40))]
    seen, states = [], []
    for used, b in epoch_batches(exs, rows=2, seq_len=32, pad_id=1, seed=7, epoch=0):
        states.append(used)
        seen += [int(v) for v in np.unique(b.ids[b.seg >= 0])]
    assert sorted(seen) == list(range(40))
    again = [b.ids for _, b in epoch_batches(exs, 2, 32, 1, seed=7, epoch=0, used=states[2])]
    full = [b.ids for _, b in epoch_batches(exs, 2, 32, 1, seed=7, epoch=0)]
    assert all(np.array_equal(x, y) for x, y in zip(again, full[3:])) and len(again) == len(full) - 3


def test_gguf_export_round_trip(model_path, tmp_path):
    m, src = Llama.from_gguf(model_path)
    out = str(tmp_path / "o.gguf")
    m.to_gguf(out, src)
    m2, src2 = Llama.from_gguf(out)
    for k, v in m.state_dict().items():
        assert torch.equal(v, m2.state_dict()[k])
    assert src2["metadata"]["tokenizer.ggml.merges"] == src["metadata"]["tokenizer.ggml.merges"]
    assert src2["metadata"]["llama.attention.head_count_kv"] == 2
