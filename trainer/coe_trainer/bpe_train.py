"""Trains the byte-level BPE (tokenizer.py) on MBPP train+validation code plus CoE DSL text.

    python3 -m coe_trainer.bpe_train [--vocab 4096] [--mbpp PATH] [--out coe_trainer/data/bpe-4096.json]

Only MBPP task_id 511-974 (validation 511-600, train 601-974) is read: the test split (11-510) is for
evaluation and must not leak into anything trained, the tokenizer included. Training is deterministic:
the corpus is built in task order with a per-task seeded RNG, and merge ties break on the pair text.
"""

from __future__ import annotations

import argparse
import heapq
import json
import os
import random
import sys
from collections import Counter, defaultdict
from typing import Dict, Iterable, List, Tuple

from .tokenizer import BYTE_TO_UNI, DEFAULT_JSON, SPECIAL_TOKENS, BPETokenizer, pretokenize, to_byte_chars

# MBPP's train and validation programs as the repository carries them (data/mbpp/README.md), or $COE_MBPP.
DEFAULT_MBPP = os.environ.get("COE_MBPP", os.path.join(os.path.dirname(__file__), "..", "..", "data", "mbpp",
                                                       "mbpp-train-validation.jsonl"))
TRAIN_IDS = range(511, 975)


def load_mbpp_train(path: str = DEFAULT_MBPP) -> List[dict]:
    """MBPP records with task_id 511-974 only, in task order."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                if r["task_id"] in TRAIN_IDS:
                    rows.append(r)
    rows.sort(key=lambda r: r["task_id"])
    return rows


def _listing(lines: List[str]) -> str:
    return "\n".join(f"L {i + 1} {t}" for i, t in enumerate(lines))


def dsl_documents(row: dict) -> List[str]:
    """Code plus an imitation CoE episode (same shapes as core/tool/renderState + formatEpisode)."""
    rng = random.Random(row["task_id"])
    code = row["code"].replace("\r\n", "\n").replace("\r", "\n")
    lines = code.split("\n")
    tests = [t.strip() for t in row["test_list"]]
    n = len(tests)
    parts = [f"### Task\n{row['text']}\n### Tests\n" + "\n".join(tests) + "\n"]
    i = rng.randrange(len(lines))
    broken = lines[:]
    broken[i] = broken[i].replace("+", "-", 1) if "+" in broken[i] else broken[i] + " x"
    fail = rng.choice([f"FAIL {tests[0]}: got {rng.randint(-9, 99)}",
                       f"ERROR {tests[0]}: NameError: name 'x' is not defined (line {i + 1})",
                       f"FAIL {tests[0]}"]) if tests else "no tests"
    feedback = rng.choice([f"0/{n} tests pass\n{fail}", f"SyntaxError line {i + 1}: invalid syntax",
                           f"{rng.randint(0, max(n - 1, 0))}/{n} tests pass\n{fail}"])
    parts.append(f"### State\n{_listing(broken)}\n***\n{feedback}\n### Command\n")
    kind = rng.randrange(4)
    if kind == 0:
        cmd = f"REPL {i + 1} >>>{lines[i]}"
    elif kind == 1:
        cmd = f"DELL {i + 1}"
    elif kind == 2:
        cmd = f"ADDL {i + 1} >>>{lines[i]}"
    else:
        words = [w for w in lines[i].split() if w.isidentifier()] or ["x"]
        cmd = f"REPW {i + 1} >>>{rng.choice(words)} >>>{rng.choice(words)}"
    parts.append(cmd + "\n")
    parts.append(f"### State\n{_listing(lines)}\n***\n{n}/{n} tests pass\n### Command\nEXIT\n")
    return [code, "".join(parts)]


def build_corpus(mbpp_path: str = DEFAULT_MBPP) -> List[str]:
    docs: List[str] = []
    for row in load_mbpp_train(mbpp_path):
        docs.extend(dsl_documents(row))
    if not docs:
        raise ValueError(f"no MBPP records with task_id 511-974 in {mbpp_path}")
    return docs


def train_bpe(docs: Iterable[str], vocab_size: int = 4096, min_freq: int = 2) -> BPETokenizer:
    """Classic BPE on pre-tokenized words, with incremental pair counts and a lazy max-heap."""
    base = SPECIAL_TOKENS + [BYTE_TO_UNI[b] for b in range(256)]
    if vocab_size < len(base):
        raise ValueError(f"vocab size must be at least {len(base)}")
    counts: Counter = Counter()
    for d in docs:
        counts.update(pretokenize(d))
    words: List[List[str]] = []
    freqs: List[int] = []
    for w, c in sorted(counts.items()):
        words.append(list(to_byte_chars(w)))
        freqs.append(c)
    pair_count: Dict[Tuple[str, str], int] = defaultdict(int)
    where: Dict[Tuple[str, str], set] = defaultdict(set)
    for wi, syms in enumerate(words):
        for p in zip(syms, syms[1:]):
            pair_count[p] += freqs[wi]
            where[p].add(wi)
    heap = [(-c, p) for p, c in pair_count.items()]
    heapq.heapify(heap)
    merges: List[str] = []
    tokens = list(base)
    known = set(tokens)
    while len(tokens) < vocab_size and heap:
        negc, pair = heapq.heappop(heap)
        if pair_count.get(pair, 0) != -negc:
            continue  # stale entry
        if -negc < min_freq:
            break
        a, b = pair
        new = a + b
        merges.append(f"{a} {b}")
        if new not in known:
            tokens.append(new)
            known.add(new)
        changed = set()
        for wi in sorted(where.pop(pair, ())):
            syms, f = words[wi], freqs[wi]
            if len(syms) < 2:
                continue
            for p in zip(syms, syms[1:]):
                pair_count[p] -= f
                changed.add(p)
            out, k = [], 0
            while k < len(syms):
                if k + 1 < len(syms) and syms[k] == a and syms[k + 1] == b:
                    out.append(new); k += 2
                else:
                    out.append(syms[k]); k += 1
            words[wi] = out
            for p in zip(out, out[1:]):
                pair_count[p] += f
                where[p].add(wi)
                changed.add(p)
        pair_count.pop(pair, None)
        for p in changed:
            c = pair_count.get(p, 0)
            if c > 0:
                heapq.heappush(heap, (-c, p))
            elif p in pair_count:
                del pair_count[p]
    return BPETokenizer(tokens, merges)


def main(argv: List[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--vocab", type=int, default=4096)
    ap.add_argument("--mbpp", default=DEFAULT_MBPP)
    ap.add_argument("--out", default=None, help=f"default: {DEFAULT_JSON} for 4096, else bpe-<vocab>.json beside it")
    a = ap.parse_args(argv)
    out = a.out or os.path.join(os.path.dirname(DEFAULT_JSON), f"bpe-{a.vocab}.json")
    tok = train_bpe(build_corpus(a.mbpp), a.vocab)
    tok.save(out)
    print(f"wrote {out}: {tok.vocab_size} tokens, {len(tok.merges)} merges", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
