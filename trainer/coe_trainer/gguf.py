"""GGUF v3 reader and writer (numpy only, no torch).

Written by hand because no maintained GGUF package is installable here (DESIGN §7); the format is
small. Layout (all little-endian):

    magic "GGUF" | u32 version=3 | u64 n_tensors | u64 n_kv
    n_kv x  (string key, u32 value_type, value)
    n_tensors x (string name, u32 n_dims, u64 ne[n_dims], u32 ggml_type, u64 offset)
    padding to `general.alignment` (default 32)
    tensor data, each tensor starting at an aligned offset relative to the data section

A string is u64 length + UTF-8 bytes. An array is u32 element type + u64 count + elements.
ggml dims are innermost first: a numpy array of shape (rows, cols) is stored with ne = [cols, rows].

Supported tensor types: F32, F16, Q8_0 (blocks of 32 values: f16 scale d + 32 int8 q, x = d*q).
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

import numpy as np

GGUF_MAGIC = b"GGUF"
GGUF_VERSION = 3
DEFAULT_ALIGNMENT = 32

# Metadata value types.
T_UINT8, T_INT8, T_UINT16, T_INT16, T_UINT32, T_INT32, T_FLOAT32, T_BOOL, T_STRING, T_ARRAY, T_UINT64, T_INT64, T_FLOAT64 = range(13)
_SCALAR_FMT = {
    T_UINT8: "<B", T_INT8: "<b", T_UINT16: "<H", T_INT16: "<h", T_UINT32: "<I", T_INT32: "<i",
    T_FLOAT32: "<f", T_BOOL: "<?", T_UINT64: "<Q", T_INT64: "<q", T_FLOAT64: "<d",
}
_SCALAR_NP = {
    T_UINT8: "<u1", T_INT8: "<i1", T_UINT16: "<u2", T_INT16: "<i2", T_UINT32: "<u4", T_INT32: "<i4",
    T_FLOAT32: "<f4", T_BOOL: "<u1", T_UINT64: "<u8", T_INT64: "<i8", T_FLOAT64: "<f8",
}

# ggml tensor types (only the ones we read/write; names of others for error messages).
GGML_F32, GGML_F16, GGML_Q8_0 = 0, 1, 8
GGML_TYPE_NAMES = {
    0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 6: "Q5_0", 7: "Q5_1", 8: "Q8_0", 9: "Q8_1", 10: "Q2_K",
    11: "Q3_K", 12: "Q4_K", 13: "Q5_K", 14: "Q6_K", 15: "Q8_K", 16: "IQ2_XXS", 17: "IQ2_XS",
    18: "IQ3_XXS", 19: "IQ1_S", 20: "IQ4_NL", 21: "IQ3_S", 22: "IQ2_S", 23: "IQ4_XS", 24: "I8",
    25: "I16", 26: "I32", 27: "I64", 28: "F64", 29: "IQ1_M", 30: "BF16",
}
TYPE_BY_NAME = {"f32": GGML_F32, "f16": GGML_F16, "q8_0": GGML_Q8_0}
QK8_0 = 32


class Meta:
    """A metadata value with an explicit GGUF type (use when the default inference is wrong).

    Meta(5, T_UINT64); Meta([1, 2], T_ARRAY, T_INT32) for a typed array."""

    def __init__(self, value: Any, vtype: int, elem_type: Optional[int] = None):
        self.value, self.vtype, self.elem_type = value, vtype, elem_type


@dataclass
class GGUFTensor:
    name: str
    data: np.ndarray  # float32 array in numpy order (rows, cols), already dequantized when read
    ggml_type: int = GGML_F32  # type on disk


@dataclass
class GGUFFile:
    metadata: Dict[str, Any] = field(default_factory=dict)
    tensors: Dict[str, GGUFTensor] = field(default_factory=dict)
    # type of each metadata key as read from disk, so a read-modify-write keeps the types
    metadata_types: Dict[str, Tuple[int, Optional[int]]] = field(default_factory=dict)

    def tensor(self, name: str) -> np.ndarray:
        if name not in self.tensors:
            raise KeyError(f"GGUF has no tensor {name!r}")
        return self.tensors[name].data


# ---------------------------------------------------------------- quantization

def quantize_q8_0(x: np.ndarray) -> bytes:
    """Q8_0 as ggml's quantize_row_q8_0_ref: d = amax/127 (stored f16), q = roundf(x/d)."""
    flat = np.ascontiguousarray(x, dtype=np.float32).reshape(-1)
    if flat.size % QK8_0:
        raise ValueError(f"Q8_0 needs a multiple of {QK8_0} values per row, got {x.shape}")
    blocks = flat.reshape(-1, QK8_0)
    amax = np.abs(blocks).max(axis=1)
    d = amax / 127.0
    inv = np.where(d != 0, 1.0 / np.where(d != 0, d, 1.0), 0.0).astype(np.float32)
    scaled = blocks * inv[:, None]
    q = (np.sign(scaled) * np.floor(np.abs(scaled) + 0.5)).astype(np.int8)  # roundf: half away from 0
    out = np.empty(blocks.shape[0], dtype=[("d", "<f2"), ("qs", "i1", (QK8_0,))])
    out["d"] = d.astype(np.float16)
    out["qs"] = q
    return out.tobytes()


def dequantize_q8_0(buf: bytes, count: int) -> np.ndarray:
    blocks = np.frombuffer(buf, dtype=[("d", "<f2"), ("qs", "i1", (QK8_0,))], count=count // QK8_0)
    return (blocks["d"].astype(np.float32)[:, None] * blocks["qs"].astype(np.float32)).reshape(-1)


def tensor_nbytes(ggml_type: int, count: int) -> int:
    if ggml_type == GGML_F32:
        return 4 * count
    if ggml_type == GGML_F16:
        return 2 * count
    if ggml_type == GGML_Q8_0:
        return count // QK8_0 * (2 + QK8_0)
    raise ValueError(f"unsupported GGUF tensor type {GGML_TYPE_NAMES.get(ggml_type, ggml_type)} "
                     f"(supported: F32, F16, Q8_0)")


def _encode_tensor(data: np.ndarray, ggml_type: int) -> bytes:
    if ggml_type == GGML_F32:
        return np.ascontiguousarray(data, dtype="<f4").tobytes()
    if ggml_type == GGML_F16:
        return np.ascontiguousarray(data, dtype="<f2").tobytes()
    if ggml_type == GGML_Q8_0:
        if data.shape[-1] % QK8_0:
            raise ValueError(f"Q8_0 needs rows of a multiple of {QK8_0}, got shape {data.shape}")
        return quantize_q8_0(data)
    tensor_nbytes(ggml_type, 0)  # raises the clear error
    raise AssertionError


# ---------------------------------------------------------------- reading

class _Reader:
    def __init__(self, buf: bytes, path: str):
        self.buf, self.pos, self.path = buf, 0, path

    def take(self, n: int) -> bytes:
        if n < 0 or self.pos + n > len(self.buf):
            raise ValueError(f"{self.path}: truncated GGUF (wanted {n} bytes at offset {self.pos}, "
                             f"file has {len(self.buf)})")
        b = self.buf[self.pos:self.pos + n]
        self.pos += n
        return b

    def scalar(self, vtype: int) -> Any:
        fmt = _SCALAR_FMT[vtype]
        return struct.unpack(fmt, self.take(struct.calcsize(fmt)))[0]

    def string(self) -> str:
        n = self.scalar(T_UINT64)
        raw = self.take(n)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise ValueError(f"{self.path}: invalid UTF-8 string at offset {self.pos - n}") from e

    def value(self, vtype: int) -> Tuple[Any, Optional[int]]:
        if vtype in _SCALAR_FMT:
            return self.scalar(vtype), None
        if vtype == T_STRING:
            return self.string(), None
        if vtype == T_ARRAY:
            etype = self.scalar(T_UINT32)
            n = self.scalar(T_UINT64)
            if etype in _SCALAR_NP:
                size = np.dtype(_SCALAR_NP[etype]).itemsize
                arr = np.frombuffer(self.take(n * size), dtype=_SCALAR_NP[etype])
                vals = arr.astype(bool).tolist() if etype == T_BOOL else arr.tolist()
                return vals, etype
            if etype in (T_STRING, T_ARRAY):
                return [self.value(etype)[0] for _ in range(n)], etype
            raise ValueError(f"{self.path}: unknown GGUF array element type {etype}")
        raise ValueError(f"{self.path}: unknown GGUF metadata value type {vtype} at offset {self.pos}")


def read_gguf(path: str, load_tensors: bool = True) -> GGUFFile:
    """Reads a GGUF file. Tensors come back as float32 numpy arrays (dequantized)."""
    with open(path, "rb") as f:
        buf = f.read()
    r = _Reader(buf, path)
    magic = r.take(4) if len(buf) >= 4 else b""
    if magic != GGUF_MAGIC:
        raise ValueError(f"{path}: not a GGUF file (bad magic {magic!r})")
    version = r.scalar(T_UINT32)
    if version not in (2, 3):
        raise ValueError(f"{path}: unsupported GGUF version {version} (expected 3)")
    n_tensors, n_kv = r.scalar(T_UINT64), r.scalar(T_UINT64)
    if n_tensors > 1 << 20 or n_kv > 1 << 20:
        raise ValueError(f"{path}: corrupt GGUF header ({n_tensors} tensors, {n_kv} keys)")
    out = GGUFFile()
    for _ in range(n_kv):
        key = r.string()
        vtype = r.scalar(T_UINT32)
        val, etype = r.value(vtype)
        out.metadata[key] = val
        out.metadata_types[key] = (vtype, etype)
    infos = []
    for _ in range(n_tensors):
        name = r.string()
        n_dims = r.scalar(T_UINT32)
        if n_dims > 4:
            raise ValueError(f"{path}: tensor {name!r} has {n_dims} dims (max 4)")
        ne = [r.scalar(T_UINT64) for _ in range(n_dims)]
        gtype = r.scalar(T_UINT32)
        offset = r.scalar(T_UINT64)
        infos.append((name, ne, gtype, offset))
    alignment = int(out.metadata.get("general.alignment", DEFAULT_ALIGNMENT))
    data_start = (r.pos + alignment - 1) // alignment * alignment
    for name, ne, gtype, offset in infos:
        count = int(np.prod(ne)) if ne else 1
        nbytes = tensor_nbytes(gtype, count)  # raises ValueError naming an unsupported type
        if not load_tensors:
            out.tensors[name] = GGUFTensor(name, np.empty((0,), np.float32), gtype)
            continue
        start = data_start + offset
        if start + nbytes > len(buf):
            raise ValueError(f"{path}: truncated GGUF (tensor {name!r} needs bytes {start}..{start + nbytes}, "
                             f"file has {len(buf)})")
        raw = buf[start:start + nbytes]
        if gtype == GGML_F32:
            arr = np.frombuffer(raw, dtype="<f4").astype(np.float32)
        elif gtype == GGML_F16:
            arr = np.frombuffer(raw, dtype="<f2").astype(np.float32)
        else:
            arr = dequantize_q8_0(raw, count)
        out.tensors[name] = GGUFTensor(name, arr.reshape(tuple(reversed(ne))), gtype)
    return out


# ---------------------------------------------------------------- writing

def _infer_type(value: Any) -> Tuple[int, Optional[int]]:
    if isinstance(value, Meta):
        return value.vtype, value.elem_type
    if isinstance(value, bool):
        return T_BOOL, None
    if isinstance(value, (int, np.integer)):
        return (T_UINT32 if 0 <= value < 2 ** 32 else T_INT64), None
    if isinstance(value, (float, np.floating)):
        return T_FLOAT32, None
    if isinstance(value, str):
        return T_STRING, None
    if isinstance(value, (list, tuple, np.ndarray)):
        items = list(value)
        if not items:
            return T_ARRAY, T_INT32
        if all(isinstance(v, str) for v in items):
            return T_ARRAY, T_STRING
        if all(isinstance(v, (bool, np.bool_)) for v in items):
            return T_ARRAY, T_BOOL
        if all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in items):
            return T_ARRAY, T_INT32
        if all(isinstance(v, (int, float, np.integer, np.floating)) for v in items):
            return T_ARRAY, T_FLOAT32
        raise ValueError("mixed-type metadata array: wrap it in Meta(value, T_ARRAY, elem_type)")
    raise ValueError(f"cannot store metadata value of type {type(value).__name__}")


def _pack_string(s: str) -> bytes:
    b = s.encode("utf-8")
    return struct.pack("<Q", len(b)) + b


def _pack_value(value: Any, vtype: int, etype: Optional[int]) -> bytes:
    if isinstance(value, Meta):
        value = value.value
    if vtype in _SCALAR_FMT:
        return struct.pack(_SCALAR_FMT[vtype], value)
    if vtype == T_STRING:
        return _pack_string(value)
    if vtype == T_ARRAY:
        assert etype is not None
        items = list(value)
        head = struct.pack("<IQ", etype, len(items))
        if etype in _SCALAR_NP:
            return head + np.asarray(items, dtype=_SCALAR_NP[etype]).tobytes()
        if etype == T_STRING:
            return head + b"".join(_pack_string(s) for s in items)
        return head + b"".join(_pack_value(v, *_infer_type(v)) for v in items)
    raise ValueError(f"unknown metadata type {vtype}")


def write_gguf(path: str, metadata: Dict[str, Any], tensors: List[Tuple[str, np.ndarray, int]],
               metadata_types: Optional[Dict[str, Tuple[int, Optional[int]]]] = None) -> None:
    """Writes a GGUF v3 file atomically (temp file + rename).

    metadata: key -> value (types inferred: int -> UINT32, float -> FLOAT32, list[str] -> string array;
    wrap in Meta for anything else); metadata_types overrides inference per key (from read_gguf).
    tensors: (name, float array in numpy order, ggml type) in file order."""
    al = metadata.get("general.alignment", DEFAULT_ALIGNMENT)
    alignment = int(al.value if isinstance(al, Meta) else al)
    if alignment <= 0 or alignment % 8:
        raise ValueError(f"general.alignment must be a positive multiple of 8, got {alignment}")
    kv = bytearray()
    for key, value in metadata.items():
        vtype, etype = (metadata_types or {}).get(key) or _infer_type(value)
        kv += _pack_string(key) + struct.pack("<I", vtype) + _pack_value(value, vtype, etype)
    blobs, infos, offset = [], bytearray(), 0
    for name, data, gtype in tensors:
        data = np.asarray(data, dtype=np.float32)
        blob = _encode_tensor(data, gtype)
        ne = list(reversed(data.shape)) or [1]
        infos += _pack_string(name) + struct.pack("<I", len(ne)) + struct.pack(f"<{len(ne)}Q", *ne)
        infos += struct.pack("<IQ", gtype, offset)
        pad = (-len(blob)) % alignment
        blobs.append(blob + b"\0" * pad)
        offset += len(blob) + pad
    header = GGUF_MAGIC + struct.pack("<IQQ", GGUF_VERSION, len(tensors), len(metadata)) + bytes(kv) + bytes(infos)
    header += b"\0" * ((-len(header)) % alignment)
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "wb") as f:
        f.write(header)
        for b in blobs:
            f.write(b)
    os.replace(tmp, path)


def write_gguf_file(path: str, g: GGUFFile) -> None:
    """Writes a GGUFFile back (e.g. after read_gguf + edits), keeping each tensor's type."""
    write_gguf(path, g.metadata, [(t.name, t.data, t.ggml_type) for t in g.tensors.values()], g.metadata_types)
