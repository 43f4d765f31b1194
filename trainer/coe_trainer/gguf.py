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

Tensor types: F32, F16, BF16, Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q4_K, Q5_K, Q6_K, (de)quantized by quants.py
exactly as ggml does. Any other type is one ValueError at read time naming every such tensor.
The file is memory-mapped; read_gguf(path, load_tensors="lazy") dequantizes a tensor only when asked
(GGUFFile.tensor(name) / GGUFTensor.load()), so a large quantized model never sits in float32 at once.
"""

from __future__ import annotations

import mmap
import os
import struct
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple, Union

import numpy as np

from . import quants
from .quants import GGML_TYPE_NAMES, QK, TYPE_BY_NAME, UnsupportedTypeError  # noqa: F401 (re-exported)

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

# ggml tensor types (quants.py has them all).
GGML_F32, GGML_F16, GGML_BF16, GGML_Q8_0 = quants.F32, quants.F16, quants.BF16, quants.Q8_0
GGML_Q4_0, GGML_Q4_1, GGML_Q5_0, GGML_Q5_1 = quants.Q4_0, quants.Q4_1, quants.Q5_0, quants.Q5_1
GGML_Q4_K, GGML_Q5_K, GGML_Q6_K = quants.Q4_K, quants.Q5_K, quants.Q6_K
QK8_0 = QK


class Meta:
    """A metadata value with an explicit GGUF type (use when the default inference is wrong).

    Meta(5, T_UINT64); Meta([1, 2], T_ARRAY, T_INT32) for a typed array."""

    def __init__(self, value: Any, vtype: int, elem_type: Optional[int] = None):
        self.value, self.vtype, self.elem_type = value, vtype, elem_type


@dataclass
class GGUFTensor:
    name: str
    data: np.ndarray  # float32 array in numpy order (rows, cols); empty when not loaded (lazy)
    ggml_type: int = GGML_F32  # type on disk
    shape: Tuple[int, ...] = ()  # numpy shape (defaults to data.shape)
    raw: Optional[np.ndarray] = field(default=None, repr=False)  # bytes on disk (uint8 view), lazy reads

    def __post_init__(self) -> None:
        if not self.shape:
            self.shape = tuple(self.data.shape)

    def load(self) -> np.ndarray:
        """The float32 values: `data` when loaded, else dequantized from `raw` (not cached)."""
        if self.data.size or self.raw is None:
            return self.data
        count = int(np.prod(self.shape)) if self.shape else 1
        return quants.dequantize(self.raw, self.ggml_type, count, self.name).reshape(self.shape)


@dataclass
class GGUFFile:
    metadata: Dict[str, Any] = field(default_factory=dict)
    tensors: Dict[str, GGUFTensor] = field(default_factory=dict)
    # type of each metadata key as read from disk, so a read-modify-write keeps the types
    metadata_types: Dict[str, Tuple[int, Optional[int]]] = field(default_factory=dict)

    def tensor(self, name: str) -> np.ndarray:
        if name not in self.tensors:
            raise KeyError(f"GGUF has no tensor {name!r}")
        return self.tensors[name].load()


# ---------------------------------------------------------------- quantization

def quantize_q8_0(x: np.ndarray) -> bytes:
    """Q8_0 as ggml's quantize_row_q8_0_ref: d = amax/127 (stored f16), q = roundf(x/d)."""
    flat = np.ascontiguousarray(x, dtype=np.float32).reshape(-1)
    if flat.size % QK8_0:
        raise ValueError(f"Q8_0 needs a multiple of {QK8_0} values per row, got {x.shape}")
    return quants.quantize(flat, GGML_Q8_0)


def dequantize_q8_0(buf: bytes, count: int) -> np.ndarray:
    return quants.dequantize(buf, GGML_Q8_0, count)


def tensor_nbytes(ggml_type: int, count: int, what: str = "tensor") -> int:
    return quants.tensor_nbytes(ggml_type, count, what)


class RawData:
    """Tensor bytes already in ggml form (written as is): RawData(shape, raw uint8 array or bytes)."""

    def __init__(self, shape: Tuple[int, ...], raw: Union[bytes, np.ndarray]):
        self.shape, self.raw = tuple(shape), raw


def _encode_tensor(name: str, data: Union[np.ndarray, RawData], ggml_type: int) -> bytes:
    if isinstance(data, RawData):
        raw = bytes(np.frombuffer(data.raw, np.uint8))
        count = int(np.prod(data.shape)) if data.shape else 1
        if len(raw) != tensor_nbytes(ggml_type, count, name):
            raise ValueError(f"tensor {name}: {len(raw)} raw bytes do not hold {data.shape} of {quants.type_name(ggml_type)}")
        return raw
    return quants.quantize(data, ggml_type, f"tensor {name}")


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


def _map(path: str) -> Union[bytes, mmap.mmap]:
    with open(path, "rb") as f:
        if os.fstat(f.fileno()).st_size == 0:
            return b""
        return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)


def read_gguf(path: str, load_tensors: Union[bool, str] = True) -> GGUFFile:
    """Reads a GGUF file. load_tensors: True -> every tensor dequantized to float32 now; "lazy" -> each
    tensor keeps a view of its bytes (`raw`) and dequantizes on load(); False -> shapes and types only.
    Every tensor type is checked first: unsupported ones are one ValueError naming each tensor and type."""
    buf = _map(path)
    r = _Reader(buf, path)  # type: ignore[arg-type]
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
    bad = [f"{name} ({quants.type_name(t)})" for name, _, t, _ in infos if t not in quants.QTYPES]
    if bad:
        raise UnsupportedTypeError(f"{path}: unsupported tensor type in {len(bad)} tensor(s): {', '.join(bad[:8])}"
                                   f"{' ...' if len(bad) > 8 else ''} (supported: {quants.SUPPORTED})")
    alignment = int(out.metadata.get("general.alignment", DEFAULT_ALIGNMENT))
    data_start = (r.pos + alignment - 1) // alignment * alignment
    for name, ne, gtype, offset in infos:
        count = int(np.prod(ne)) if ne else 1
        shape = tuple(reversed(ne))
        nbytes = tensor_nbytes(gtype, count, f"{path}: tensor {name}")
        if not load_tensors:
            out.tensors[name] = GGUFTensor(name, np.empty((0,), np.float32), gtype, shape)
            continue
        start = data_start + offset
        if start + nbytes > len(buf):
            raise ValueError(f"{path}: truncated GGUF (tensor {name!r} needs bytes {start}..{start + nbytes}, "
                             f"file has {len(buf)})")
        raw = np.frombuffer(buf, dtype=np.uint8, count=nbytes, offset=start)
        t = GGUFTensor(name, np.empty((0,), np.float32), gtype, shape, raw)
        if load_tensors != "lazy":
            t.data, t.raw = t.load(), None
        out.tensors[name] = t
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


def write_gguf(path: str, metadata: Dict[str, Any], tensors: List[Tuple[str, Union[np.ndarray, RawData], int]],
               metadata_types: Optional[Dict[str, Tuple[int, Optional[int]]]] = None) -> None:
    """Writes a GGUF v3 file atomically (temp file + rename).

    metadata: key -> value (types inferred: int -> UINT32, float -> FLOAT32, list[str] -> string array;
    wrap in Meta for anything else); metadata_types overrides inference per key (from read_gguf).
    tensors: (name, float array in numpy order or RawData, ggml type) in file order."""
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
        if not isinstance(data, RawData):
            data = np.asarray(data, dtype=np.float32)
        blob = _encode_tensor(name, data, gtype)
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
    """Writes a GGUFFile back (e.g. after read_gguf + edits), keeping each tensor's type; tensors read
    lazily and never loaded are copied byte for byte (no requantization)."""
    tensors = [(t.name, RawData(t.shape, t.raw) if t.raw is not None and not t.data.size else t.data, t.ggml_type)
               for t in g.tensors.values()]
    write_gguf(path, g.metadata, tensors, g.metadata_types)
