"""Byte-level BPE tokenizer, identical to what llama.cpp runs from our GGUF metadata.

GGUF metadata written by `gguf_metadata()`:
  tokenizer.ggml.model = "gpt2"       (llama.cpp's byte-level BPE, LLAMA_VOCAB_TYPE_BPE)
  tokenizer.ggml.pre   = "gpt-2"      (pre-tokenizer LLAMA_VOCAB_PRE_TYPE_GPT2, regex
      's|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)  — llama.cpp runs it
      through the hand-written unicode_regex_split_custom_gpt2 in src/unicode.cpp, which `pretokenize`
      below follows line by line; when the whitespace lookahead fails it takes the whole run, i.e. `\\s+`)
  tokenizer.ggml.tokens / token_type / merges ("a b", in GPT-2's byte-to-unicode form)
  bos = eos = <|endoftext|> (id 0), padding = <|pad|> (id 1), add_bos_token = add_eos_token = false.

Why no BOS: our model text (core/tool/formatEpisode) always starts with "### " and is tokenized by
llama.cpp for inference and by the same llama.cpp call (or this module) for training data, so a BOS
would only be one more thing that can drift. The model just sees the formatter text, nothing added.

Python's `re` has no \\p{L}, so the pre-tokenizer uses unicodedata categories (L* letter, N* number)
and llama.cpp's own whitespace set.
"""

from __future__ import annotations

import json
import os
import unicodedata
from functools import lru_cache
from typing import Dict, Iterable, List, Sequence, Tuple

SPECIAL_TOKENS = ["<|endoftext|>", "<|pad|>"]
EOS_ID, PAD_ID = 0, 1
TOKEN_TYPE_NORMAL, TOKEN_TYPE_CONTROL = 1, 3
DEFAULT_JSON = os.path.join(os.path.dirname(__file__), "data", "bpe-4096.json")

# llama.cpp's unicode_set_whitespace (src/unicode-data.cpp).
WHITESPACE = frozenset([0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, *range(0x2000, 0x200B),
                        0x2028, 0x2029, 0x202F, 0x205F, 0x3000])


def bytes_to_unicode() -> Dict[int, str]:
    """GPT-2's reversible byte -> printable character map (llama.cpp: unicode_byte_to_utf8)."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {b: chr(c) for b, c in zip(bs, cs)}


BYTE_TO_UNI = bytes_to_unicode()
UNI_TO_BYTE = {c: b for b, c in BYTE_TO_UNI.items()}


@lru_cache(maxsize=65536)
def _flags(ch: str) -> int:
    """1 = letter, 2 = number, 4 = whitespace, 0 = other (llama.cpp's unicode_cpt_flags subset)."""
    if ord(ch) in WHITESPACE:
        return 4
    cat = unicodedata.category(ch)
    return 1 if cat[0] == "L" else 2 if cat[0] == "N" else 0


def pretokenize(text: str) -> List[str]:
    """Splits text into words exactly as llama.cpp's unicode_regex_split_custom_gpt2."""
    out: List[str] = []
    n = len(text)
    fl = [_flags(c) for c in text]
    pos = 0
    while pos < n:
        start = pos
        c = text[pos]
        if c == "'" and pos + 1 < n:
            nx = text[pos + 1]
            if nx in "stmd":
                out.append(text[pos:pos + 2]); pos += 2; continue
            if pos + 2 < n and text[pos + 1:pos + 3] in ("re", "ve", "ll"):
                out.append(text[pos:pos + 3]); pos += 3; continue
        f2 = (fl[pos + 1] if pos + 1 < n else -1) if c == " " else fl[pos]
        if f2 in (1, 2):  # ' ?\p{L}+' or ' ?\p{N}+'
            pos += c == " "
            while pos < n and fl[pos] == f2:
                pos += 1
            out.append(text[start:pos]); continue
        if f2 == 0:  # ' ?[^\s\p{L}\p{N}]+'
            pos += c == " "
            while pos < n and fl[pos] == 0:
                pos += 1
            out.append(text[start:pos]); continue
        ws = 0
        while pos + ws < n and fl[pos + ws] == 4:
            ws += 1
        if ws > 1 and pos + ws < n:  # '\s+(?!\S)': leave the last space for the next word
            pos += ws - 1
        elif ws > 0:
            pos += ws
        else:
            pos += 1
        out.append(text[start:pos])
    return out


def to_byte_chars(word: str) -> str:
    return "".join(BYTE_TO_UNI[b] for b in word.encode("utf-8"))


class BPETokenizer:
    """tokens: id -> token text (byte-to-unicode form); merges: "a b" in rank order."""

    def __init__(self, tokens: Sequence[str], merges: Sequence[str], token_types: Sequence[int] | None = None,
                 eos_id: int = EOS_ID, pad_id: int = PAD_ID):
        self.tokens = list(tokens)
        self.merges = list(merges)
        self.token_types = list(token_types) if token_types is not None else [
            TOKEN_TYPE_CONTROL if t in SPECIAL_TOKENS else TOKEN_TYPE_NORMAL for t in self.tokens]
        self.eos_id, self.pad_id = eos_id, pad_id
        self.token_to_id = {t: i for i, t in enumerate(self.tokens)}
        self.ranks: Dict[Tuple[str, str], int] = {}
        for i, m in enumerate(self.merges):
            sp = m.find(" ", 1)  # as llama.cpp: the separator is the first space after position 0
            if sp < 0:
                raise ValueError(f"bad merge {m!r} (expected 'a b')")
            a, b = m[:sp], m[sp + 1:]
            self.ranks[(a, b)] = i
        missing = [b for b in BYTE_TO_UNI.values() if b not in self.token_to_id]
        if missing:
            raise ValueError(f"vocabulary lacks {len(missing)} byte tokens (a byte-level BPE needs all 256)")
        self._cache: Dict[str, List[int]] = {}

    @property
    def vocab_size(self) -> int:
        return len(self.tokens)

    def _bpe(self, word: str) -> List[int]:
        """Greedy lowest-rank merging (leftmost on ties), as llama.cpp's llm_tokenizer_bpe_session."""
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        syms = list(to_byte_chars(word))
        ranks = self.ranks
        while len(syms) > 1:
            best, best_i = None, -1
            for i in range(len(syms) - 1):
                r = ranks.get((syms[i], syms[i + 1]))
                if r is not None and (best is None or r < best):
                    best, best_i = r, i
            if best is None:
                break
            syms[best_i:best_i + 2] = [syms[best_i] + syms[best_i + 1]]
        ids: List[int] = []
        for s in syms:
            tid = self.token_to_id.get(s)
            if tid is None:  # merge result not in vocab: fall back to bytes (llama.cpp does the same)
                ids.extend(self.token_to_id[ch] for ch in s)
            else:
                ids.append(tid)
        if len(self._cache) < 200000:
            self._cache[word] = ids
        return ids

    def encode(self, text: str) -> List[int]:
        ids: List[int] = []
        for w in pretokenize(text):
            ids.extend(self._bpe(w))
        return ids

    def decode(self, ids: Iterable[int], skip_special: bool = True) -> str:
        data = bytearray()
        for i in ids:
            t = self.tokens[i]
            if self.token_types[i] == TOKEN_TYPE_CONTROL:
                if not skip_special:
                    data += t.encode("utf-8")
                continue
            data += bytes(UNI_TO_BYTE[c] for c in t)
        return data.decode("utf-8", errors="replace")

    # ------------------------------------------------------------ persistence

    def gguf_metadata(self) -> Dict[str, object]:
        return {
            "tokenizer.ggml.model": "gpt2",
            "tokenizer.ggml.pre": "gpt-2",
            "tokenizer.ggml.tokens": self.tokens,
            "tokenizer.ggml.token_type": self.token_types,
            "tokenizer.ggml.merges": self.merges,
            "tokenizer.ggml.bos_token_id": self.eos_id,
            "tokenizer.ggml.eos_token_id": self.eos_id,
            "tokenizer.ggml.padding_token_id": self.pad_id,
            "tokenizer.ggml.add_bos_token": False,
            "tokenizer.ggml.add_eos_token": False,
        }

    @staticmethod
    def from_gguf_metadata(md: Dict[str, object]) -> "BPETokenizer":
        if md.get("tokenizer.ggml.model") != "gpt2":
            raise ValueError(f"only byte-level BPE (tokenizer.ggml.model=gpt2) is supported in Python, "
                             f"got {md.get('tokenizer.ggml.model')!r}")
        eos = int(md.get("tokenizer.ggml.eos_token_id", EOS_ID))  # type: ignore[arg-type]
        return BPETokenizer(md["tokenizer.ggml.tokens"], md.get("tokenizer.ggml.merges", []),  # type: ignore[arg-type]
                            md.get("tokenizer.ggml.token_type"), eos_id=eos,  # type: ignore[arg-type]
                            pad_id=int(md.get("tokenizer.ggml.padding_token_id", eos)))  # type: ignore[arg-type]

    def save(self, path: str) -> None:
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump({"format": "coe-bpe-1", "pre": "gpt-2", "eos_id": self.eos_id, "pad_id": self.pad_id,
                       "tokens": self.tokens, "token_types": self.token_types, "merges": self.merges},
                      f, ensure_ascii=False, indent=0)
        os.replace(tmp, path)

    @staticmethod
    def load(path: str = DEFAULT_JSON) -> "BPETokenizer":
        with open(path, encoding="utf-8") as f:
            d = json.load(f)
        return BPETokenizer(d["tokens"], d["merges"], d["token_types"], d["eos_id"], d["pad_id"])
