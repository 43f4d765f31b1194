#!/usr/bin/env bash
# Evidence for the ranked search (issue #10): `coe eval` of mutate, hybrid and ranked on one suite at
# budget 100, with half of each task's tests hidden (solved-on-hidden), then the budget curves:
# solved at 5/20/100 test runs, mean and median test runs per solved task, solved-on-hidden.
# The search is deterministic, so a task solved after k runs at budget 100 is solved at any budget >= k.
#   bash scripts/rank-evidence.sh SUITE [LIMIT]     e.g. bash scripts/rank-evidence.sh suites/real-bugs.jsonl
# Environment: MODEL (default models/coe-tiny.gguf), BUDGET (100), HIDDEN (0.5), OUT (runs/rank),
# MODES ("mutate hybrid ranked"), COE_RANK_WEIGHTS (ranked-mode weights as JSON, docs/ranking.md).
# The modes run side by side (one process each); outputs that exist are kept (delete them to rerun).
set -euo pipefail
cd "$(dirname "$0")/.."
SUITE=${1:?usage: rank-evidence.sh SUITE [LIMIT]}
LIMIT=${2:-0}
MODEL=${MODEL:-models/coe-tiny.gguf}
BUDGET=${BUDGET:-100}
HIDDEN=${HIDDEN:-0.5}
OUT=${OUT:-runs/rank}
MODES=${MODES:-mutate hybrid ranked}
NAME=$(basename "$SUITE" .jsonl)
mkdir -p "$OUT"
files=()
for mode in $MODES; do
  out="$OUT/$NAME-$mode.json"
  files+=("$out")
  [ -s "$out" ] && continue
  model=()
  [ "$mode" != mutate ] && model=(--model "$MODEL")
  nice -n 5 node bin/coe.js eval --suite "$SUITE" --mode "$mode" "${model[@]}" --budget "$BUDGET" \
    --hidden "$HIDDEN" --limit "$LIMIT" --json "$out" > "$OUT/$NAME-$mode.log" 2>&1 &
done
wait
node scripts/budget-curve.mjs "${files[@]}"
