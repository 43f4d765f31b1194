#!/usr/bin/env bash
# The main job on a fresh machine: set up if needed, then repair the sample failing file with the
# default model (models/coe-tiny.gguf). The sample stays unchanged; pass --apply to write the fix.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node bin/coe.js repair samples/buggy_stats.py --tests samples/test_buggy_stats.py --trace-json /tmp/coe-demo-trace.json "$@"
