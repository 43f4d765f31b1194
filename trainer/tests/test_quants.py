"""ggml tensor types: known bytes from llama.cpp's reference code, round-trip bounds, clear errors.

fixtures/ggml_ref.npz holds what llama.cpp's own quantize_row_*_ref / dequantize_row_* (ggml-quants.c of
the llama.cpp node-llama-cpp ships, compiled by fixtures/make_ggml_ref.sh) made of a fixed input."""
import os

import numpy as np
import pytest

from coe_trainer import quants as Q

FIXTURE = os.path.join(os.path.dirname(__file__), "fixtures", "ggml_ref.npz")
ALL = ["F16", "BF16", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0", "Q4_K", "Q5_K", "Q6_K"]
# our quantizer is ggml's reference algorithm for these (same bytes); the K-quants use a simpler search
EXACT_QUANTIZER = ["F16", "BF16", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0"]
# ggml's block sizes (ggml-common.h static_asserts): values per block, bytes per block
LAYOUT = {"F32": (1, 4), "F16": (1, 2), "BF16": (1, 2), "Q4_0": (32, 18), "Q4_1": (32, 20), "Q5_0": (32, 22),
          "Q5_1": (32, 24), "Q8_0": (32, 34), "Q4_K": (256, 144), "Q5_K": (256, 176), "Q6_K": (256, 210)}
# round trip of N(0, 1) rows: bound on rms error (relative to the rms of x), measured x ~1.3
RMS_BOUND = {"F32": 0.0, "F16": 5e-4, "BF16": 3e-3, "Q8_0": 8e-3, "Q6_K": 0.03, "Q5_K": 0.05, "Q5_1": 0.05,
             "Q5_0": 0.06, "Q4_K": 0.1, "Q4_1": 0.1, "Q4_0": 0.11}


@pytest.fixture(scope="module")
def ref():
    return np.load(FIXTURE)


def _t(name):
    return Q.TYPE_BY_NAME[name.lower()]


@pytest.mark.parametrize("name", ALL)
def test_dequantize_is_bit_identical_to_ggml(ref, name):
    x = ref["x"]
    got = Q.dequantize(ref[f"q_{name}"].tobytes(), _t(name), x.size)
    want = ref[f"dq_{name}"]
    assert got.dtype == np.float32 and got.shape == want.shape
    assert np.array_equal(got.view(np.uint32), want.view(np.uint32)), np.abs(got - want).max()


@pytest.mark.parametrize("name", EXACT_QUANTIZER)
def test_quantize_writes_ggml_reference_bytes(ref, name):
    assert Q.quantize(ref["x"], _t(name)) == ref[f"q_{name}"].tobytes()


@pytest.mark.parametrize("name", ["Q4_K", "Q5_K", "Q6_K"])
def test_k_quantizer_is_close_to_ggml_reference(ref, name):
    """Not ggml's bytes (no scale search), but within 1.7x ggml's own error on each super-block."""
    x = ref["x"]
    ours = np.abs(Q.dequantize(Q.quantize(x, _t(name)), _t(name), x.size) - x).reshape(-1, 256).max(axis=1)
    theirs = np.abs(ref[f"dq_{name}"] - x).reshape(-1, 256).max(axis=1)
    assert (ours <= 1.7 * theirs + 1e-6).all(), (ours, theirs)


@pytest.mark.parametrize("name", list(LAYOUT))
def test_layout_and_round_trip(name):
    t = _t(name)
    blk, nbytes = LAYOUT[name]
    assert (Q.QTYPES[t].block, Q.QTYPES[t].nbytes) == (blk, nbytes)
    x = np.random.default_rng(3).standard_normal((8, 512)).astype(np.float32)
    raw = Q.quantize(x, t)
    assert len(raw) == x.size // blk * nbytes == Q.tensor_nbytes(t, x.size)
    y = Q.dequantize(raw, t, x.size).reshape(x.shape)
    rms = np.sqrt(np.mean((y - x) ** 2))
    assert rms <= RMS_BOUND[name]
    # zeros and constants survive exactly (up to the f16 scale), nothing is NaN
    z = np.zeros((2, 512), np.float32)
    z[1] = 0.75
    back = Q.dequantize(Q.quantize(z, t), t, z.size).reshape(z.shape)
    assert np.isfinite(back).all() and np.allclose(back, z, atol=2e-3)
    # a lazily read buffer (numpy uint8 view at an offset) decodes the same as bytes
    buf = np.frombuffer(b"\0" * 7 + raw, np.uint8)[7:]
    assert np.array_equal(Q.dequantize(buf, t, x.size), y.reshape(-1))


def test_q8_0_and_q4_0_error_bounds_per_block():
    x = np.random.default_rng(5).standard_normal(32 * 64).astype(np.float32)
    for t, levels in ((Q.Q8_0, 127), (Q.Q4_0, 8)):
        y = Q.dequantize(Q.quantize(x, t), t, x.size)
        amax = np.abs(x.reshape(-1, 32)).max(axis=1)
        err = np.abs(y - x).reshape(-1, 32).max(axis=1)
        # half a step, plus the f16 rounding of the scale (2^-11 relative, times up to `levels` steps);
        # Q4_0's asymmetric range (-8..7 steps) costs up to a whole step at the far end
        step = amax / levels
        assert (err <= step * (0.5 if t == Q.Q8_0 else 1.0) + amax * 2.0 ** -11 + 1e-6).all()


def test_bad_input_is_one_clear_error():
    with pytest.raises(ValueError, match="Q4_K needs rows of a multiple of 256"):
        Q.quantize(np.ones((2, 128), np.float32), Q.Q4_K, "tensor blk.0.ffn_up.weight")
    with pytest.raises(Q.UnsupportedTypeError, match=r"blk.0.x: unsupported GGUF tensor type IQ2_XXS"):
        Q.dequantize(b"\0" * 66, 16, 256, "blk.0.x")
    with pytest.raises(ValueError, match="truncated"):
        Q.dequantize(b"\0" * 100, Q.Q6_K, 256)
