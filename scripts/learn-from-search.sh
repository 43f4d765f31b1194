#!/usr/bin/env bash
# One round of learning from search (issue #4): the search (hybrid, with the current model) repairs
# failures it is allowed to learn from, the winning traces go to a dataset (source: search), a short
# SFT round on them (plus a small replay of synthetic demos) starts from the current model, and the
# new model is measured against the old one on suites it never trained on. A control round trains the
# same way without the search traces, so the effect of the traces is separated from "more SFT".
# Artefacts in runs/learn/ (git-ignored). About 1.5 h on a 2-core CPU.
#   bash scripts/learn-from-search.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
COE="nice -n 5 node bin/coe.js"
BASE=${BASE:-models/coe-tiny.gguf}
OUT=runs/learn
mkdir -p $OUT

# 1. Collect: hybrid search on MBPP *train*-split failures (mbpp-train-repair; eval --dataset refuses
#    the benchmark and the validation suite). Each solved task's winning trace is recorded.
#    (The measured round ran this as two parts, --limit 200 then --skip 200: the same tasks.)
[ -s $OUT/collect.json ] || $COE eval --suite mbpp-train-repair --mode hybrid --model "$BASE" --budget 60 \
  --limit "${COLLECT_TASKS:-0}" --dataset $OUT/search-ds --json $OUT/collect.json

# 2. Train: the round (search traces + 1 replayed demo per program) and the control (replay only).
ROUND="--init $BASE --variants 1 --steps ${STEPS:-150} --batch-tokens 8192 --lr 0.0003 --bf16 --threads 1 --seed 1"
[ -s $OUT/round.gguf ] || $COE train sft $ROUND --dataset $OUT/search-ds --work $OUT/round-work --out $OUT/round.gguf &
[ -s $OUT/control.gguf ] || $COE train sft $ROUND --work $OUT/control-work --out $OUT/control.gguf &
wait
#    "only": the search traces alone (no replay), 60 steps: the variant that moved the search.
[ -s $OUT/only.gguf ] || $COE train sft --init "$BASE" --variants 0 --steps 60 --batch-tokens 8192 --lr 0.0003 --bf16 \
  --threads 1 --seed 1 --dataset $OUT/search-ds --work $OUT/only-work --out $OUT/only.gguf

# 3. Measure: the same search (hybrid, budget 100) with each model on suites never trained on.
for m in base round control only; do
  model=$OUT/$m.gguf
  [ $m = base ] && model=$BASE
  [ -s $OUT/mbpp50-$m.json ] || $COE eval --suite mbpp-repair --limit 50 --mode hybrid --budget 100 --model "$model" --json $OUT/mbpp50-$m.json
  [ -s $OUT/realbugs-$m.json ] || $COE eval --suite suites/real-bugs.jsonl --mode hybrid --budget 100 --model "$model" --json $OUT/realbugs-$m.json
  [ -s $OUT/val-$m.json ] || $COE eval --suite mbpp-val-repair --mode hybrid --budget 100 --model "$model" --json $OUT/val-$m.json
done
node scripts/budget-curve.mjs $OUT/{mbpp50,realbugs,val}-{base,round,control,only}.json
# The model's own first-state proposals (fix@8, hit@8 of the base search's winning edit):
node --import tsx scripts/proposal-hits.ts --suite mbpp-val-repair --ref $OUT/val-base.json "$BASE" $OUT/{round,control,only}.gguf
