"""Training examples and packing (numpy only; the trainer turns the arrays into tensors).

An SFT example is one JSON line {"ids": [...], "mask": [...]}: token ids of the formatter text (no BOS,
see tokenizer.py) and a 0/1 mask, 1 on the tokens the model must learn to write (its commands).
The loss at position t predicts ids[t+1] with weight mask[t+1].

Packing: examples are laid end to end into rows of `seq_len` tokens. Each example is its own segment:
positions restart at 0 and attention never crosses a segment (model.forward's `seg`), so packing is
exactly equivalent to running the examples one by one. The unused tail of a row is padding (mask 0).

A rank example (learning to rank, rank_loss.py) is one JSON line {"prefix": [...], "winner": [...],
"losers": [[...], ...]}: the ids of the context up to the command cue, and the ids of each candidate command
(the edit that led to the fix, and verified sibling edits that did not), all from tokenizeEpisode.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from typing import Iterator, List, Optional, Sequence, Set, Tuple

import numpy as np


@dataclass
class Example:
    ids: np.ndarray  # int64 [n]
    mask: np.ndarray  # float32 [n]


def _jsonl_records(path: str):
    """(line number, record) of each non-empty JSONL line. A torn last line (no newline, invalid JSON: an
    interrupted append) is skipped with a warning; invalid JSON elsewhere raises ValueError."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            if n == len(lines):  # last line without newline: a torn append
                print(f"warning: {path}:{n}: skipping torn last line", file=sys.stderr)
                continue
            raise ValueError(f"{path}:{n}: invalid JSON ({e})") from e
        yield n, rec


def load_examples(path: str, vocab_size: Optional[int] = None, max_len: Optional[int] = None) -> List[Example]:
    """Reads a JSONL of {"ids", "mask"}. Raises ValueError on a malformed line or an empty dataset.

    A torn last line (no newline, invalid JSON: an interrupted append) is skipped with a warning.
    Examples longer than max_len keep their first max_len tokens (warned once with a count)."""
    out: List[Example] = []
    truncated = skipped = 0
    for n, rec in _jsonl_records(path):
        ids, mask = rec.get("ids"), rec.get("mask")
        if not isinstance(ids, list) or not isinstance(mask, list) or len(ids) != len(mask):
            raise ValueError(f"{path}:{n}: need 'ids' and 'mask' lists of equal length")
        a = np.asarray(ids, dtype=np.int64)
        m = np.asarray(mask, dtype=np.float32)
        if vocab_size is not None and a.size and (a.min() < 0 or a.max() >= vocab_size):
            raise ValueError(f"{path}:{n}: token id out of range [0, {vocab_size})")
        if max_len is not None and a.size > max_len:
            a, m = a[:max_len], m[:max_len]
            truncated += 1
        if a.size < 2 or m[1:].sum() == 0:
            skipped += 1
            continue
        out.append(Example(a, m))
    if truncated:
        print(f"warning: {path}: {truncated} examples longer than {max_len} tokens were truncated", file=sys.stderr)
    if skipped:
        print(f"warning: {path}: {skipped} examples without any trained token were skipped", file=sys.stderr)
    if not out:
        raise ValueError(f"{path}: empty dataset (no example with at least one mask=1 token after the first)")
    return out


@dataclass
class Batch:
    ids: np.ndarray  # int64 [rows, seq_len]
    targets: np.ndarray  # int64 [rows, seq_len] (next token; pad where none)
    weights: np.ndarray  # float32 [rows, seq_len] (loss weight of each target)
    pos: np.ndarray  # int64 [rows, seq_len]
    seg: np.ndarray  # int64 [rows, seq_len]
    n_tokens: int  # real (non-pad) tokens


def pack(examples: Sequence[Example], rows: int, seq_len: int, pad_id: int) -> Batch:
    """Packs examples (each at most seq_len long, in order) into at most `rows` rows, first fit."""
    ids = np.full((rows, seq_len), pad_id, np.int64)
    tgt = np.full((rows, seq_len), pad_id, np.int64)
    w = np.zeros((rows, seq_len), np.float32)
    pos = np.zeros((rows, seq_len), np.int64)
    seg = np.full((rows, seq_len), -1, np.int64)
    fill = [0] * rows
    n_tok = 0
    for k, ex in enumerate(examples):
        n = ex.ids.size
        r = next((i for i in range(rows) if fill[i] + n <= seq_len), None)
        if r is None:
            raise ValueError("examples do not fit the batch (caller must size the group)")
        s = fill[r]
        ids[r, s:s + n] = ex.ids
        tgt[r, s:s + n - 1] = ex.ids[1:]
        w[r, s:s + n - 1] = ex.mask[1:]
        pos[r, s:s + n] = np.arange(n)
        seg[r, s:s + n] = k
        fill[r] += n
        n_tok += n
    # padding attends to itself only: give each pad position its own segment
    pad = seg < 0
    seg[pad] = -1 - np.arange(int(pad.sum()))
    return Batch(ids, tgt, w, pos, seg, n_tok)


def epoch_batches(examples: Sequence[Example], rows: int, seq_len: int, pad_id: int, seed: int, epoch: int,
                  used: Optional[Set[int]] = None, lookahead: int = 64) -> Iterator[Tuple[Set[int], Batch]]:
    """Yields (positions used so far, batch) over one epoch in a seeded order.

    Rows are filled first-fit from a window of the next `lookahead` unused examples of the epoch's
    permutation, so short examples plug the gaps long ones leave (little padding). The order depends only
    on (seed, epoch) and the set of used positions, so a resumed run continues with exactly the same data."""
    order = np.random.default_rng([seed, epoch]).permutation(len(examples))
    used = set(used or ())
    head = 0
    while True:
        while head < len(order) and head in used:
            head += 1
        if head >= len(order):
            return
        group: List[Example] = []
        fill = [0] * rows
        k = head
        window = 0
        while k < len(order) and window < lookahead:
            if k not in used:
                window += 1
                ex = examples[order[k]]
                r = next((j for j in range(rows) if fill[j] + ex.ids.size <= seq_len), None)
                if r is not None:
                    fill[r] += ex.ids.size
                    group.append(ex)
                    used.add(k)
                    if min(fill) == seq_len:
                        break
            k += 1
        yield set(used), pack(group, rows, seq_len, pad_id)


@dataclass
class RankExample:
    prefix: np.ndarray  # int64 [n]: the context, ending with the command cue
    candidates: List[np.ndarray]  # int64 ids of each command; the winner first, then its losers


def load_rank_examples(path: str, vocab_size: Optional[int] = None, max_len: Optional[int] = None) -> List[RankExample]:
    """Reads a JSONL of {"prefix", "winner", "losers"}. Raises ValueError on a malformed line; a torn last line
    is skipped with a warning, as are examples without losers or longer than max_len (counted, warned once).
    An empty file gives an empty list: rank data are optional."""
    out: List[RankExample] = []
    no_losers = too_long = 0
    for n, rec in _jsonl_records(path):
        prefix, winner, losers = rec.get("prefix"), rec.get("winner"), rec.get("losers")
        ok = isinstance(prefix, list) and len(prefix) > 0 and isinstance(winner, list) and isinstance(losers, list)
        cands = [winner] + (losers if ok else [])
        if not ok or not all(isinstance(c, list) and len(c) > 0 for c in cands):
            raise ValueError(f"{path}:{n}: need a non-empty 'prefix', a non-empty 'winner' and 'losers' lists")
        arrays = [np.asarray(c, dtype=np.int64) for c in [prefix] + cands]
        if vocab_size is not None and any(a.min() < 0 or a.max() >= vocab_size for a in arrays):
            raise ValueError(f"{path}:{n}: token id out of range [0, {vocab_size})")
        if not losers:
            no_losers += 1
            continue
        if max_len is not None and arrays[0].size + max(a.size for a in arrays[1:]) > max_len:
            too_long += 1
            continue
        out.append(RankExample(arrays[0], arrays[1:]))
    if no_losers:
        print(f"warning: {path}: {no_losers} rank examples without losers were skipped", file=sys.stderr)
    if too_long:
        print(f"warning: {path}: {too_long} rank examples longer than {max_len} tokens were skipped", file=sys.stderr)
    return out
