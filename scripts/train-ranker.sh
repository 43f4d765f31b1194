#!/bin/bash
# The default learned ranker (models/ranker.json, docs/ranking.md): every candidate of each training
# bug verified (hidden half held back), then a listwise fit on three sources:
#   - bugs injected into MBPP train programs by the repair operators (drawn by operator prior),
#   - suites/train-bugs.jsonl, 250 hand-written bugs written for training (apart from real-bugs),
#     weighed 3 times (`*3`): few, but of the kind the ranker is for, and
#   - mbpp-train-repair, MBPP's train split with the benchmark's corruptions (lines from other
#     programs, syntax breaks), where the default model's samples fix what no operator proposes.
# The last two are collected with the default model's 8 samples among the candidates (--samples 8),
# so the ranker learns what coe-tiny's samples and votes are worth (they apply to that model only).
# `--cv 5` prints each source's 5-fold cross-validated report beside the fit. About 90 min on a
# 2-core machine. The naturalness features need the code n-gram (models/code-ngram.json), counted
# first from the standard library of the local python3 (ordinary code, never a benchmark's).
#   bash scripts/train-ranker.sh [WORK_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${1:-runs/ranker}
mkdir -p "$WORK"
node bin/coe.js ranker ngram --out models/code-ngram.json
node bin/coe.js ranker inject --out "$WORK/inject.jsonl" --per-program 2 --seed 2
# Each collection resumes when interrupted (tasks already in the output are skipped).
node bin/coe.js ranker collect --suite "$WORK/inject.jsonl" --model none --hidden 0.5 --out "$WORK/inject-groups.jsonl"
node bin/coe.js ranker collect --suite train-bugs --model models/coe-tiny.gguf --samples 8 --hidden 0.5 \
  --out "$WORK/train-bugs-groups.jsonl"
node bin/coe.js ranker collect --suite mbpp-train-repair --model models/coe-tiny.gguf --samples 8 --hidden 0.5 \
  --out "$WORK/mbpp-train-repair-groups.jsonl"
node bin/coe.js ranker fit --data "$WORK/inject-groups.jsonl,$WORK/train-bugs-groups.jsonl*3,$WORK/mbpp-train-repair-groups.jsonl" \
  --out models/ranker.json --steps 400 --cv 5
# The model term: collect with --model models/coe-tiny.gguf and fit with --lm; for coe-tiny it gets
# weight 0.006 (models/README.md), so the shipped ranker has none and ranking costs no model time.
# Offline check on the tune split of real-bugs (never fitted on).
node bin/coe.js ranker collect --suite real-bugs-tune --model models/coe-tiny.gguf --samples 8 --hidden 0.5 \
  --out "$WORK/real-bugs-tune.jsonl"
node bin/coe.js ranker report --data "$WORK/real-bugs-tune.jsonl" models/ranker.json
