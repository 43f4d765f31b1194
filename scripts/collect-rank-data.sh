#!/usr/bin/env bash
# Learning to rank, data collection (issue #10): the search repairs MBPP *train*-split failures
# (mbpp-train-repair, the only built-in suite a dataset may be fed from; eval --dataset refuses
# mbpp-repair and mbpp-val-repair, and suites/real-bugs.jsonl is for measuring only). Each solved
# task is recorded with its search's rank records (source: search): for every state on the winning
# path, the winning command and the verified sibling commands that failed. Then, with TRAIN=1, one
# training round on them: next-token loss + the pairwise rank loss (--rank-weight).
# Artefacts in runs/rank/ (git-ignored). See docs/learning-to-rank.md.
#   bash scripts/collect-rank-data.sh                      # collect (MODE=ranked when available, else hybrid)
#   MODE=hybrid LIMIT=100 BUDGET=60 TRAIN=1 bash scripts/collect-rank-data.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
COE="nice -n 5 node bin/coe.js"
BASE=${BASE:-models/coe-tiny.gguf}
OUT=${OUT:-runs/rank}
DATA=${DATA:-$OUT/dataset}
if [ -z "${MODE:-}" ]; then
  # "ranked" (the model orders the frontier) once the search has it; "hybrid" otherwise.
  if grep -q '"ranked"' server/src/core/search/searchWithMode.ts; then MODE=ranked; else MODE=hybrid; fi
fi
case "$MODE" in ranked | hybrid) ;; *) echo "MODE must be ranked or hybrid" >&2; exit 2 ;; esac
mkdir -p "$OUT"

# 1. Collect. --skip/--limit let a long collection run in parts over the same tasks.
$COE eval --suite mbpp-train-repair --mode "$MODE" --model "$BASE" --budget "${BUDGET:-100}" \
  --skip "${SKIP:-0}" --limit "${LIMIT:-0}" --dataset "$DATA" --json "$OUT/collect-$MODE-${SKIP:-0}.json"
$COE dataset list --dir "$DATA" | tail -n 1

# 2. Optionally train: the search records + a small replay of synthetic demos, with the rank loss.
if [ "${TRAIN:-0}" = 1 ]; then
  $COE train sft --init "$BASE" --dataset "$DATA" --variants 1 --steps "${STEPS:-150}" --batch-tokens 8192 \
    --lr 0.0003 --rank-weight "${RANK_WEIGHT:-1}" --bf16 --threads 1 --seed 1 \
    --work "$OUT/train-work" --out "$OUT/ranked-round.gguf"
fi
