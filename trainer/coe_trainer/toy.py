"""Toy SFT data for tests and benchmarks: imitation CoE episodes from MBPP train (task_id 511-974).

    python3 -m coe_trainer.toy --out D.jsonl [--n 64] [--max-len 512]

Each example is the episode text of bpe_train.dsl_documents, tokenized with our BPE; the mask is 1 on the
command lines (the text after each "### Command\\n" up to and including its newline), 0 elsewhere.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import List, Optional, Tuple

from .bpe_train import dsl_documents, load_mbpp_train
from .tokenizer import BPETokenizer

CUE = "### Command\n"


def episode_segments(text: str) -> List[Tuple[str, int]]:
    """(text, mask) pieces: the command after each cue is trained (1), the rest is context (0)."""
    out: List[Tuple[str, int]] = []
    rest = text
    while CUE in rest:
        head, rest = rest.split(CUE, 1)
        out.append((head + CUE, 0))
        cmd, nl, rest = rest.partition("\n")
        out.append((cmd + nl, 1))
    if rest:
        out.append((rest, 0))
    return out


def encode_segments(tok: BPETokenizer, segments: List[Tuple[str, int]]) -> Tuple[List[int], List[int]]:
    """Tokenizes segment by segment (each begins a new word: a cue ends in a newline, so the pre-tokenizer
    splits there anyway and the ids equal those of the whole text)."""
    ids: List[int] = []
    mask: List[int] = []
    for text, m in segments:
        t = tok.encode(text)
        ids += t
        mask += [m] * len(t)
    return ids, mask


def toy_examples(n: int = 64, max_len: int = 512, tok: Optional[BPETokenizer] = None) -> List[dict]:
    tok = tok or BPETokenizer.load()
    out = []
    for row in load_mbpp_train():
        ids, mask = encode_segments(tok, episode_segments(dsl_documents(row)[1]))
        if len(ids) <= max_len:
            out.append({"ids": ids, "mask": mask})
        if len(out) >= n:
            break
    return out


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--n", type=int, default=64)
    ap.add_argument("--max-len", type=int, default=512)
    a = ap.parse_args(argv)
    rows = toy_examples(a.n, a.max_len)
    with open(a.out, "w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    print(f"wrote {a.out}: {len(rows)} examples", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
