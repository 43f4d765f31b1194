"""ggml tensor types: vectorised numpy (de)quantization that follows ggml's reference code bit for bit.

Dequantizers reproduce dequantize_row_* in llama.cpp's ggml/src/ggml-quants.c (float32 arithmetic in the
same order, so the values are identical). Quantizers follow quantize_row_*_ref exactly for F16, BF16,
Q4_0, Q4_1, Q5_0, Q5_1 and Q8_0 (same bytes as ggml, checked against ggml's own output in
tests/fixtures/ggml_ref.npz). For Q4_K, Q5_K and Q6_K the quantizer is simpler than ggml's (no search over
candidate scales) but writes the same block layout, so any ggml reader decodes it:

  Q4_K (256 values, 144 bytes): f16 d, f16 dmin, scales[12] (8 six-bit scales + 8 six-bit mins packed as
        get_scale_min_k4 reads them), qs[128] (4-bit; each 64-value chunk: low nibbles = first 32 values)
        x = d*sc*q - dmin*m
  Q5_K (256, 176): as Q4_K plus qh[32]: bit s of qh[l] is the 5th bit of value l of 32-value sub-block s
  Q6_K (256, 210): ql[128], qh[64], int8 scales[16] (one per 16 values), f16 d; x = d*sc*(q - 32)
"""

from __future__ import annotations

from typing import Callable, Dict, NamedTuple, Union

import numpy as np

F32, F16, Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q4_K, Q5_K, Q6_K, BF16 = 0, 1, 2, 3, 6, 7, 8, 12, 13, 14, 30
QK, QK_K = 32, 256

GGML_TYPE_NAMES = {
    0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 6: "Q5_0", 7: "Q5_1", 8: "Q8_0", 9: "Q8_1", 10: "Q2_K",
    11: "Q3_K", 12: "Q4_K", 13: "Q5_K", 14: "Q6_K", 15: "Q8_K", 16: "IQ2_XXS", 17: "IQ2_XS",
    18: "IQ3_XXS", 19: "IQ1_S", 20: "IQ4_NL", 21: "IQ3_S", 22: "IQ2_S", 23: "IQ4_XS", 24: "I8",
    25: "I16", 26: "I32", 27: "I64", 28: "F64", 29: "IQ1_M", 30: "BF16", 34: "TQ1_0", 35: "TQ2_0",
    39: "MXFP4",
}

Raw = Union[bytes, bytearray, memoryview, np.ndarray]
_H = "<f2"
_DT = {
    Q4_0: np.dtype([("d", _H), ("qs", "u1", 16)]),
    Q4_1: np.dtype([("d", _H), ("m", _H), ("qs", "u1", 16)]),
    Q5_0: np.dtype([("d", _H), ("qh", "<u4"), ("qs", "u1", 16)]),
    Q5_1: np.dtype([("d", _H), ("m", _H), ("qh", "<u4"), ("qs", "u1", 16)]),
    Q8_0: np.dtype([("d", _H), ("qs", "i1", 32)]),
    Q4_K: np.dtype([("d", _H), ("dmin", _H), ("scales", "u1", 12), ("qs", "u1", 128)]),
    Q5_K: np.dtype([("d", _H), ("dmin", _H), ("scales", "u1", 12), ("qh", "u1", 32), ("qs", "u1", 128)]),
    Q6_K: np.dtype([("ql", "u1", 128), ("qh", "u1", 64), ("scales", "i1", 16), ("d", _H)]),
}


class QType(NamedTuple):
    name: str
    block: int  # values per block
    nbytes: int  # bytes per block
    dequantize: Callable[[np.ndarray], np.ndarray]  # structured blocks -> float32 [n_blocks, block]
    quantize: Callable[[np.ndarray], np.ndarray]  # float32 [n_blocks, block] -> structured blocks


class UnsupportedTypeError(ValueError):
    pass


def _f32(a: np.ndarray) -> np.ndarray:
    return a.astype(np.float32)


def _nibbles(qs: np.ndarray) -> np.ndarray:
    """[n, 16] bytes -> [n, 32] values: low nibbles are values 0..15, high nibbles 16..31."""
    return np.concatenate([qs & 0xF, qs >> 4], axis=-1)


def _high_bits(qh: np.ndarray) -> np.ndarray:
    """u32 [n] -> [n, 32] of bit e (the 5th bit of value e) for Q5_0/Q5_1."""
    return ((qh[:, None] >> np.arange(32, dtype=np.uint32)) & 1).astype(np.uint8)


def scale_min_k4(scales: np.ndarray) -> "tuple[np.ndarray, np.ndarray]":
    """ggml's get_scale_min_k4 for j = 0..7 at once: [n, 12] packed bytes -> (sc [n, 8], m [n, 8])."""
    s = scales
    sc = np.concatenate([s[:, 0:4] & 63, (s[:, 8:12] & 0xF) | ((s[:, 0:4] >> 6) << 4)], axis=1)
    m = np.concatenate([s[:, 4:8] & 63, (s[:, 8:12] >> 4) | ((s[:, 4:8] >> 6) << 4)], axis=1)
    return sc, m


# ---------------------------------------------------------------- dequantize (dequantize_row_*)

def _dq_q4_0(b: np.ndarray) -> np.ndarray:
    return (_nibbles(b["qs"]).astype(np.int32) - 8).astype(np.float32) * _f32(b["d"])[:, None]


def _dq_q4_1(b: np.ndarray) -> np.ndarray:
    return _nibbles(b["qs"]).astype(np.float32) * _f32(b["d"])[:, None] + _f32(b["m"])[:, None]


def _dq_q5_0(b: np.ndarray) -> np.ndarray:
    q = (_nibbles(b["qs"]) | (_high_bits(b["qh"]) << 4)).astype(np.int32) - 16
    return q.astype(np.float32) * _f32(b["d"])[:, None]


def _dq_q5_1(b: np.ndarray) -> np.ndarray:
    q = (_nibbles(b["qs"]) | (_high_bits(b["qh"]) << 4)).astype(np.float32)
    return q * _f32(b["d"])[:, None] + _f32(b["m"])[:, None]


def _dq_q8_0(b: np.ndarray) -> np.ndarray:
    return _f32(b["d"])[:, None] * b["qs"].astype(np.float32)


def _k_chunks(qs: np.ndarray) -> np.ndarray:
    """[n, 128] Q4_K/Q5_K nibbles -> [n, 8, 32]: chunk c's low nibbles are sub-block 2c, high ones 2c+1."""
    q = qs.reshape(-1, 4, 1, 32)
    return np.concatenate([q & 0xF, q >> 4], axis=2).reshape(-1, 8, 32)


def _dq_q4_k(b: np.ndarray, q: "np.ndarray | None" = None) -> np.ndarray:
    sc, m = scale_min_k4(b["scales"])
    d1 = _f32(b["d"])[:, None] * sc.astype(np.float32)  # [n, 8]
    m1 = _f32(b["dmin"])[:, None] * m.astype(np.float32)
    q = _k_chunks(b["qs"]) if q is None else q
    return (d1[:, :, None] * q.astype(np.float32) - m1[:, :, None]).reshape(-1, QK_K)


def _dq_q5_k(b: np.ndarray) -> np.ndarray:
    hb = (b["qh"][:, None, :] >> np.arange(8, dtype=np.uint8)[None, :, None]) & 1  # [n, 8, 32]
    return _dq_q4_k(b, _k_chunks(b["qs"]) + (hb << 4))


def _dq_q6_k(b: np.ndarray) -> np.ndarray:
    ql = b["ql"].reshape(-1, 2, 64)
    qh = b["qh"].reshape(-1, 2, 32)
    qa, qb = ql[:, :, :32], ql[:, :, 32:]
    q = np.stack([(qa & 0xF) | ((qh & 3) << 4), (qb & 0xF) | (((qh >> 2) & 3) << 4),
                  (qa >> 4) | (((qh >> 4) & 3) << 4), (qb >> 4) | (((qh >> 6) & 3) << 4)], axis=2)
    q = (q.astype(np.int8) - 32).astype(np.float32).reshape(-1, 16, 16)  # groups of 16 in value order
    ds = _f32(b["d"])[:, None] * b["scales"].astype(np.float32)  # [n, 16]
    return (ds[:, :, None] * q).reshape(-1, QK_K)


# ---------------------------------------------------------------- quantize (quantize_row_*_ref)

def _blocks_of(n: int, t: int) -> np.ndarray:
    return np.zeros(n, dtype=_DT[t])


def _absmax_signed(x: np.ndarray) -> np.ndarray:
    """Per row, the value of largest magnitude (the first one on ties, as ggml's strict `<` scan)."""
    return np.take_along_axis(x, np.abs(x).argmax(axis=-1)[..., None], axis=-1)[..., 0]


def _inv(d: np.ndarray) -> np.ndarray:
    return np.where(d != 0, np.float32(1) / np.where(d != 0, d, np.float32(1)), np.float32(0)).astype(np.float32)


def _pack_nibbles(q: np.ndarray) -> np.ndarray:
    return (q[:, :16] | (q[:, 16:] << 4)).astype(np.uint8)


def _pack_high_bits(q: np.ndarray) -> np.ndarray:
    return (((q.astype(np.uint32) >> 4) & 1) << np.arange(32, dtype=np.uint32)).sum(axis=1, dtype=np.uint32)


def _q_sym(x: np.ndarray, t: int, nmax: int) -> np.ndarray:
    """Q4_0 (nmax 8) / Q5_0 (nmax 16): d = max/-nmax, q = min(2nmax-1, (int8)(x/d + nmax + 0.5))."""
    d = (_absmax_signed(x) / np.float32(-nmax)).astype(np.float32)
    xi = np.trunc(x * _inv(d)[:, None] + np.float32(nmax + 0.5)).astype(np.int32)
    q = np.minimum(2 * nmax - 1, xi).astype(np.uint8)
    b = _blocks_of(len(x), t)
    b["d"], b["qs"] = d, _pack_nibbles(q & 0xF)
    if t == Q5_0:
        b["qh"] = _pack_high_bits(q)
    return b


def _q_asym(x: np.ndarray, t: int, nmax: int) -> np.ndarray:
    """Q4_1 (nmax 15) / Q5_1 (nmax 31): d = (max-min)/nmax, m = min, q = (int)((x-min)/d + 0.5)."""
    mn, mx = x.min(axis=1), x.max(axis=1)
    d = ((mx - mn) / np.float32(nmax)).astype(np.float32)
    xi = np.trunc((x - mn[:, None]) * _inv(d)[:, None] + np.float32(0.5)).astype(np.int32)
    q = np.minimum(nmax, xi).astype(np.uint8)
    b = _blocks_of(len(x), t)
    b["d"], b["m"], b["qs"] = d, mn, _pack_nibbles(q & 0xF)
    if t == Q5_1:
        b["qh"] = _pack_high_bits(q)
    return b


def _q_q8_0(x: np.ndarray) -> np.ndarray:
    d = (np.abs(x).max(axis=1) / np.float32(127)).astype(np.float32)
    s = x * _inv(d)[:, None]
    b = _blocks_of(len(x), Q8_0)
    b["d"], b["qs"] = d, (np.sign(s) * np.floor(np.abs(s) + np.float32(0.5))).astype(np.int8)  # roundf
    return b


def _q_k(x: np.ndarray, t: int) -> np.ndarray:
    """Q4_K / Q5_K: per 32-value sub-block scale = (max - min(min, 0)) / nmax and min = -min(min, 0),
    both stored as 6-bit multiples of the super-block's d / dmin, then q = round((x + dmin*m) / (d*sc))."""
    nmax = 15 if t == Q4_K else 31
    xb = x.reshape(-1, 8, 32)
    mn = np.minimum(xb.min(axis=2), np.float32(0))
    scale, mins = (xb.max(axis=2) - mn) / np.float32(nmax), -mn
    max_scale, max_min = scale.max(axis=1), mins.max(axis=1)
    ls = np.minimum(63, np.rint(_inv(max_scale)[:, None] * np.float32(63) * scale)).astype(np.uint8)
    lm = np.minimum(63, np.rint(_inv(max_min)[:, None] * np.float32(63) * mins)).astype(np.uint8)
    b = _blocks_of(len(xb), t)
    b["d"], b["dmin"] = max_scale / np.float32(63), max_min / np.float32(63)
    s = np.zeros((len(xb), 12), np.uint8)
    s[:, 0:4] = ls[:, :4] | ((ls[:, 4:] >> 4) << 6)
    s[:, 4:8] = lm[:, :4] | ((lm[:, 4:] >> 4) << 6)
    s[:, 8:12] = (ls[:, 4:] & 0xF) | ((lm[:, 4:] & 0xF) << 4)
    b["scales"] = s
    sc, m = scale_min_k4(s)
    d = _f32(b["d"])[:, None] * sc.astype(np.float32)
    dm = _f32(b["dmin"])[:, None] * m.astype(np.float32)
    q = np.rint((xb + dm[:, :, None]) / np.where(d != 0, d, 1)[:, :, None])
    q = np.where(d[:, :, None] != 0, np.clip(q, 0, nmax), 0).astype(np.uint8)  # [n, 8, 32]
    lo = (q & 0xF).reshape(-1, 4, 2, 32)
    b["qs"] = (lo[:, :, 0] | (lo[:, :, 1] << 4)).reshape(-1, 128)
    if t == Q5_K:
        b["qh"] = ((q >> 4) << np.arange(8, dtype=np.uint8)[None, :, None]).sum(axis=1, dtype=np.uint8)
    return b


def _q_q6_k(x: np.ndarray) -> np.ndarray:
    """Q6_K: per 16 values scale = (value of largest magnitude) / -32; int8 scales relative to the
    super-block's d (the largest scale maps to -128, as ggml), q = round(x / (d*sc)) + 32 in 0..63."""
    xb = x.reshape(-1, 16, 16)
    scale = _absmax_signed(xb) / np.float32(-32)  # [n, 16]
    max_scale = _absmax_signed(scale)
    zero = np.abs(max_scale) < np.float32(1e-15)
    iscale = np.float32(-128) * _inv(np.where(zero, np.float32(1), max_scale))
    b = _blocks_of(len(xb), Q6_K)
    b["d"] = np.where(zero, np.float32(0), _inv(iscale))
    b["scales"] = np.where(zero[:, None], 0, np.minimum(127, np.rint(iscale[:, None] * scale))).astype(np.int8)
    d = _f32(b["d"])[:, None] * b["scales"].astype(np.float32)
    q = np.rint(xb / np.where(d != 0, d, 1)[:, :, None])
    q = (np.where(d[:, :, None] != 0, np.clip(q, -32, 31), 0) + 32).astype(np.uint8).reshape(-1, 2, 4, 32)
    lo = q & 0xF
    ql = np.concatenate([lo[:, :, 0] | (lo[:, :, 2] << 4), lo[:, :, 1] | (lo[:, :, 3] << 4)], axis=2)
    qh = (q[:, :, 0] >> 4) | ((q[:, :, 1] >> 4) << 2) | ((q[:, :, 2] >> 4) << 4) | ((q[:, :, 3] >> 4) << 6)
    b["ql"], b["qh"] = ql.reshape(-1, 128), qh.reshape(-1, 64)
    return b


def _bf16_bits(x: np.ndarray) -> np.ndarray:
    u = np.ascontiguousarray(x, dtype=np.float32).view(np.uint32)
    rounded = ((u + (np.uint32(0x7FFF) + ((u >> 16) & 1))) >> 16).astype(np.uint16)
    nan = (u & 0x7FFFFFFF) > 0x7F800000
    return np.where(nan, ((u >> 16) | 64).astype(np.uint16), rounded)


# ---------------------------------------------------------------- registry and API

QTYPES: Dict[int, QType] = {
    F32: QType("F32", 1, 4, lambda b: b.astype(np.float32)[:, None], lambda x: x.reshape(-1).astype("<f4")),
    F16: QType("F16", 1, 2, lambda b: b.astype(np.float32)[:, None], lambda x: x.reshape(-1).astype("<f2")),
    BF16: QType("BF16", 1, 2, lambda b: (b.astype(np.uint32) << 16).view(np.float32)[:, None],
                lambda x: _bf16_bits(x.reshape(-1))),
    Q4_0: QType("Q4_0", QK, 18, _dq_q4_0, lambda x: _q_sym(x, Q4_0, 8)),
    Q4_1: QType("Q4_1", QK, 20, _dq_q4_1, lambda x: _q_asym(x, Q4_1, 15)),
    Q5_0: QType("Q5_0", QK, 22, _dq_q5_0, lambda x: _q_sym(x, Q5_0, 16)),
    Q5_1: QType("Q5_1", QK, 24, _dq_q5_1, lambda x: _q_asym(x, Q5_1, 31)),
    Q8_0: QType("Q8_0", QK, 34, _dq_q8_0, _q_q8_0),
    Q4_K: QType("Q4_K", QK_K, 144, _dq_q4_k, lambda x: _q_k(x, Q4_K)),
    Q5_K: QType("Q5_K", QK_K, 176, _dq_q5_k, lambda x: _q_k(x, Q5_K)),
    Q6_K: QType("Q6_K", QK_K, 210, _dq_q6_k, _q_q6_k),
}
_RAW_DT = {F32: np.dtype("<f4"), F16: np.dtype("<f2"), BF16: np.dtype("<u2")}
TYPE_BY_NAME = {q.name.lower(): t for t, q in QTYPES.items()}
SUPPORTED = ", ".join(q.name for q in QTYPES.values())


def type_name(t: int) -> str:
    return GGML_TYPE_NAMES.get(t, f"type {t}")


def qtype(t: int, what: str = "tensor") -> QType:
    if t not in QTYPES:
        raise UnsupportedTypeError(f"{what}: unsupported GGUF tensor type {type_name(t)} (supported: {SUPPORTED})")
    return QTYPES[t]


def tensor_nbytes(t: int, count: int, what: str = "tensor") -> int:
    q = qtype(t, what)
    if count % q.block:
        raise ValueError(f"{what}: {count} values is not a multiple of {q.name}'s block of {q.block}")
    return count // q.block * q.nbytes


def dequantize(raw: Raw, t: int, count: int, what: str = "tensor") -> np.ndarray:
    """Bytes of `count` values of ggml type t -> float32 [count] (exactly ggml's dequantize_row_*)."""
    q = qtype(t, what)
    n = tensor_nbytes(t, count, what)
    have = np.frombuffer(raw, dtype=np.uint8).size
    if have < n:
        raise ValueError(f"{what}: truncated data ({count} values of {q.name} need {n} bytes, got {have})")
    blocks = np.frombuffer(raw, dtype=_RAW_DT.get(t, _DT.get(t)), count=count // q.block)
    return q.dequantize(blocks).reshape(-1)


def quantize(x: np.ndarray, t: int, what: str = "tensor") -> bytes:
    """float array (rows along the last axis) -> ggml bytes of type t. Rows must hold whole blocks."""
    q = qtype(t, what)
    x = np.ascontiguousarray(x, dtype=np.float32)
    if x.shape and x.shape[-1] % q.block:
        raise ValueError(f"{what}: {q.name} needs rows of a multiple of {q.block} values, got shape {x.shape}")
    return q.quantize(x.reshape(-1, q.block)).tobytes()
