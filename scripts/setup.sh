#!/usr/bin/env bash
# Installs what the project needs on a fresh Debian machine, only when it is missing:
# Debian's python3 with numpy, torch (trainer) and pytest, and the npm packages (npm ci).
set -euo pipefail
cd "$(dirname "$0")/.."
need_apt=()
/usr/bin/python3 -c "import numpy" 2>/dev/null || need_apt+=(python3-numpy)
/usr/bin/python3 -c "import pytest" 2>/dev/null || need_apt+=(python3-pytest)
/usr/bin/python3 -c "import torch" 2>/dev/null || need_apt+=(python3-torch libopenblas0-pthread)
[ -e /usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 ] || need_apt+=(libtcmalloc-minimal4)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: apt-get install ${need_apt[*]}" >&2
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
if [ ! -d node_modules/node-llama-cpp ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci" >&2
  npm ci --no-audit --no-fund
fi
[ -f dist/cli.js ] && [ -z "$(find server/src -newer dist/cli.js -name '*.ts' -print -quit)" ] || npm run -s build
