import struct

import numpy as np
import pytest

from coe_trainer.gguf import (GGML_F16, GGML_F32, GGML_Q8_0, T_ARRAY, T_INT64, T_UINT8, Meta, read_gguf,
                              write_gguf)


def _tensors(rng):
    return [("a", rng.standard_normal((3, 64)).astype(np.float32)), ("b", rng.standard_normal(32).astype(np.float32))]


@pytest.mark.parametrize("gtype,tol", [(GGML_F32, 0.0), (GGML_F16, 2e-3), (GGML_Q8_0, 2e-2)])
def test_round_trip(tmp_path, gtype, tol):
    rng = np.random.default_rng(0)
    md = {"general.name": "t", "general.alignment": Meta(32, 4), "x.u": 7, "x.f": 1.5, "x.b": True,
          "x.neg": -3, "x.strs": ["a b", "Ġx", "世界", ""], "x.ints": [1, -2, 3], "x.floats": [0.5, 1.0],
          "x.i64": Meta(-(2 ** 40), T_INT64), "x.u8s": Meta([1, 2, 255], T_ARRAY, T_UINT8),
          "x.nested": Meta([["p", "q"], ["r"]], T_ARRAY, T_ARRAY)}
    ts = _tensors(rng)
    p = str(tmp_path / "m.gguf")
    write_gguf(p, md, [(n, a, gtype) for n, a in ts])
    g = read_gguf(p)
    assert g.metadata["x.strs"] == ["a b", "Ġx", "世界", ""]
    assert g.metadata["x.ints"] == [1, -2, 3] and g.metadata["x.u"] == 7 and g.metadata["x.neg"] == -3
    assert g.metadata["x.b"] is True and g.metadata["x.f"] == 1.5 and g.metadata["x.floats"] == [0.5, 1.0]
    assert g.metadata["x.i64"] == -(2 ** 40) and g.metadata["x.u8s"] == [1, 2, 255]
    assert g.metadata["x.nested"] == [["p", "q"], ["r"]]
    for n, a in ts:
        assert g.tensors[n].data.shape == a.shape and g.tensors[n].ggml_type == gtype
        err = np.abs(g.tensors[n].data - a).max() / np.abs(a).max()
        assert err <= tol
        if gtype == GGML_F32:
            assert np.array_equal(g.tensors[n].data, a)
    # tensor data offsets are aligned: the file size is a multiple of the alignment
    assert len(open(p, "rb").read()) % 32 == 0
    # read-modify-write keeps types and values
    p2 = str(tmp_path / "m2.gguf")
    from coe_trainer.gguf import write_gguf_file
    write_gguf_file(p2, g)
    assert open(p2, "rb").read() == open(p, "rb").read()


def test_q8_0_matches_ggml_rounding():
    from coe_trainer.gguf import dequantize_q8_0, quantize_q8_0
    x = np.linspace(-1, 1, 64, dtype=np.float32)
    y = dequantize_q8_0(quantize_q8_0(x), 64)
    assert np.abs(y - x).max() < 1 / 127 * 0.51 + 1e-3
    assert len(quantize_q8_0(x)) == 2 * 34


def test_bad_magic(tmp_path):
    p = tmp_path / "x.gguf"
    p.write_bytes(b"GGML" + b"\0" * 40)
    with pytest.raises(ValueError, match="bad magic"):
        read_gguf(str(p))


def test_truncated(tmp_path):
    p = str(tmp_path / "m.gguf")
    write_gguf(p, {"general.name": "t"}, [("a", np.ones((4, 32), np.float32), GGML_F32)])
    data = open(p, "rb").read()
    for cut in (10, 30, len(data) - 8):
        open(p, "wb").write(data[:cut])
        with pytest.raises(ValueError, match="truncated"):
            read_gguf(p)


def test_unsupported_tensor_type(tmp_path):
    p = str(tmp_path / "m.gguf")
    write_gguf(p, {"general.name": "t"}, [("a", np.ones((4, 32), np.float32), GGML_F32)])
    data = bytearray(open(p, "rb").read())
    # the tensor's type field sits right before its u64 offset, after name + n_dims + dims
    i = data.index(b"\x01\x00\x00\x00\x00\x00\x00\x00a") + 9
    i += 4 + 2 * 8
    assert struct.unpack("<I", data[i:i + 4])[0] == GGML_F32
    data[i:i + 4] = struct.pack("<I", 16)  # IQ2_XXS: not read by the trainer
    open(p, "wb").write(bytes(data))
    for mode in (True, False, "lazy"):  # even a metadata-only read refuses it, naming tensor and type
        with pytest.raises(ValueError, match=r"unsupported tensor type in 1 tensor\(s\): a \(IQ2_XXS\)"):
            read_gguf(p, load_tensors=mode)


ALL_TYPES = ["f32", "f16", "bf16", "q8_0", "q4_0", "q4_1", "q5_0", "q5_1", "q4_k", "q5_k", "q6_k"]


def test_every_type_through_a_file_and_lazy_byte_exact_copy(tmp_path):
    from coe_trainer.gguf import TYPE_BY_NAME, write_gguf_file
    rng = np.random.default_rng(1)
    ts = [(f"t.{n}", rng.standard_normal((3, 512)).astype(np.float32), TYPE_BY_NAME[n]) for n in ALL_TYPES]
    p = str(tmp_path / "all.gguf")
    write_gguf(p, {"general.name": "all"}, ts)
    eager, lazy = read_gguf(p), read_gguf(p, load_tensors="lazy")
    for name, a, t in ts:
        assert eager.tensors[name].ggml_type == t and eager.tensors[name].data.shape == (3, 512)
        assert lazy.tensors[name].data.size == 0 and lazy.tensors[name].shape == (3, 512)
        assert np.array_equal(lazy.tensor(name), eager.tensors[name].data)
        assert np.abs(eager.tensors[name].data - a).max() < 0.5
    # a lazy read written back copies every quantized block byte for byte (no requantization)
    p2 = str(tmp_path / "copy.gguf")
    write_gguf_file(p2, lazy)
    assert open(p2, "rb").read() == open(p, "rb").read()


def test_k_quant_rows_must_hold_whole_blocks(tmp_path):
    from coe_trainer.gguf import GGML_Q4_K
    with pytest.raises(ValueError, match="tensor w: Q4_K needs rows of a multiple of 256"):
        write_gguf(str(tmp_path / "x.gguf"), {}, [("w", np.ones((4, 64), np.float32), GGML_Q4_K)])
