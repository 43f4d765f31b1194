#!/usr/bin/env bash
# Evidence for the ranked search (issue #10): `coe eval` of mutate, hybrid and ranked on one suite at
# budget 100, with half of each task's tests hidden (solved-on-hidden), then the budget curves:
# solved at 5/20/100 test runs, mean and median test runs per solved task, solved-on-hidden.
# The search is deterministic, so a task solved after k runs at budget 100 is solved at any budget >= k.
#   bash scripts/rank-evidence.sh SUITE [LIMIT]     e.g. bash scripts/rank-evidence.sh suites/real-bugs.jsonl
# Environment: MODEL (default models/coe-tiny.gguf), BUDGET (100), HIDDEN (0.5), OUT (runs/rank),
# MODES ("mutate hybrid ranked"), COE_RANK_WEIGHTS (ranked-mode weights as JSON, docs/ranking.md),
# CHUNKS (1; a SUITE.jsonl file can be split into N parts run side by side per mode, then merged).
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
CHUNKS=${CHUNKS:-1}
TASKS=$([ -f "$SUITE" ] && grep -c . "$SUITE" || true)
TASKS=${TASKS:-0}
[ "$LIMIT" -gt 0 ] && [ "$LIMIT" -lt "$TASKS" ] && TASKS=$LIMIT
[ "$TASKS" -gt 0 ] || CHUNKS=1
for mode in $MODES; do
  out="$OUT/$NAME-$mode.json"
  files+=("$out")
  [ -s "$out" ] && continue
  model=()
  [ "$mode" != mutate ] && model=(--model "$MODEL")
  if [ "$CHUNKS" -le 1 ]; then
    nice -n 5 node bin/coe.js eval --suite "$SUITE" --mode "$mode" "${model[@]}" --budget "$BUDGET" \
      --hidden "$HIDDEN" --limit "$LIMIT" --json "$out" > "$OUT/$NAME-$mode.log" 2>&1 &
    continue
  fi
  size=$(( (TASKS + CHUNKS - 1) / CHUNKS ))
  for ((i = 0; i < CHUNKS; i++)); do
    nice -n 5 node bin/coe.js eval --suite "$SUITE" --mode "$mode" "${model[@]}" --budget "$BUDGET" \
      --hidden "$HIDDEN" --skip $((i * size)) --limit "$size" --json "$out.part$i" > "$OUT/$NAME-$mode.log$i" 2>&1 &
  done
done
wait
# Merge the chunks of each mode (in task order) into one eval file.
for out in "${files[@]}"; do
  [ -s "$out" ] || [ ! -e "$out.part0" ] || node -e '
    const fs = require("node:fs");
    const [out, ...parts] = process.argv.slice(1);
    const runs = parts.map((p) => JSON.parse(fs.readFileSync(p, "utf8")));
    fs.writeFileSync(out, JSON.stringify({ ...runs[0], summary: undefined, results: runs.flatMap((r) => r.results) }, null, 1) + "\n");
  ' "$out" $(ls "$out".part* | sort -V)
done
node scripts/budget-curve.mjs "${files[@]}"
