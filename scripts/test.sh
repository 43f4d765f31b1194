#!/usr/bin/env bash
# The whole test suite: set-up when missing, build, typecheck, lint, then unit, integration and Python tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export LD_PRELOAD="${LD_PRELOAD:-/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4}"
npx tsc -p . --noEmit
npx eslint server/src test bench
node --import tsx --test --test-concurrency=1 test/unit/*.test.ts
node --import tsx --test --test-concurrency=1 test/integration/*.test.ts
/usr/bin/python3 -m pytest -q -p no:cacheprovider trainer/tests server/python/tests
