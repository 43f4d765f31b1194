#!/usr/bin/env bash
# The whole test suite: set-up when missing, build, typecheck, lint, then unit, integration
# (real node-llama-cpp, real Python, the language server over stdio), Python (trainer, worker)
# and end-to-end tests (the extension in a real VS Code: code-server + headless chromium).
# COE_SKIP_E2E=1 skips the last part.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export LD_PRELOAD="${LD_PRELOAD:-/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4}"
echo "== typecheck and lint"
npx tsc -p . --noEmit
npx eslint server/src extension/src test bench
npx prettier --check . >/dev/null
echo "== unit tests"
node --import tsx --test --test-concurrency=1 test/unit/*.test.ts
echo "== integration tests"
node --import tsx --test --test-concurrency=1 test/integration/*.test.ts
echo "== python tests"
/usr/bin/python3 -m pytest -q -p no:cacheprovider trainer/tests server/python/tests
if [ "${COE_SKIP_E2E:-0}" != "1" ]; then
  echo "== end-to-end (code-server)"
  bash scripts/e2e-setup.sh
  npm run -s build
  node test/e2e/run.mjs
fi
