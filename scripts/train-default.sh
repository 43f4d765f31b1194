#!/usr/bin/env bash
# The recipe of the default model, models/coe-tiny.gguf (see models/README.md). CPU only; about an
# hour of SFT on this 2-core machine, then one GRPO round. Artefacts go to runs/ (git-ignored);
# re-running resumes (data, checkpoints and finished RL rounds are reused).
#   bash scripts/train-default.sh            # SFT, then RL, then promotion, then copy to models/
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
COE="node bin/coe.js"

# 1. SFT on synthetic Chain-of-Edits demos: MBPP train + validation programs (task_id 511-974 only),
#    8 corruptions each (1-5 edits of 9 kinds), kept when the tests catch them, inverted into traces.
$COE train sft --dim 256 --layers 4 --heads 8 --ffn 768 --ctx 2048 --steps 600 --batch-tokens 8192 \
  --lr 0.002 --variants 8 --bf16 --threads 2 --seed 0 --work runs/coe-tiny-sft --out runs/coe-tiny-sft.gguf --resume

# 2. RL (GRPO): groups of 8 rollouts on corruptions of MBPP train/validation programs.
$COE train rl --model runs/coe-tiny-sft.gguf --rounds "${RL_ROUNDS:-1}" --tasks "${RL_TASKS:-24}" --group 8 --edits 1 \
  --max-turns 3 --kl 0.02 --lr 0.0001 --threads 2 --work runs/coe-tiny-rl --out runs/coe-tiny-rl.gguf

# 3. Promotion: the RL model replaces the SFT model only if it does not lose on the validation
#    suite (mbpp-val-repair; the benchmark's test split never steers training).
for m in sft rl; do
  $COE eval --suite mbpp-val-repair --limit 40 --mode model --rollouts 4 --max-turns 5 \
    --model runs/coe-tiny-$m.gguf --json runs/val-$m.json
done
best=$(node -e '
  const f = (m) => JSON.parse(require("fs").readFileSync(`runs/val-${m}.json`, "utf8")).summary;
  const s = f("sft"), r = f("rl");
  console.log(r.bestOfN + r.pass1 >= s.bestOfN + s.pass1 ? "rl" : "sft");')
echo "promoting runs/coe-tiny-$best.gguf"
cp "runs/coe-tiny-$best.gguf" models/coe-tiny.gguf
