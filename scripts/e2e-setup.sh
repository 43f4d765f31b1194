#!/usr/bin/env bash
# Installs what the end-to-end test (test/e2e/run.mjs) needs, once per machine, OUTSIDE the repo:
#   - Debian packages: chromium (driven headless by playwright-core), libkrb5-dev (code-server's
#     kerberos module builds against it), ripgrep (seeds @vscode/ripgrep, whose postinstall would
#     otherwise download rg from GitHub, which this machine cannot reach)
#   - code-server 4.100.3 (VS Code 1.100.3, the last release that runs on Node 20) and playwright-core,
#     into $COE_E2E_HOME (default ~/.cache/coe-e2e). About 2.5 minutes and 300 MB the first time.
# Safe to run again: each step is skipped when its result is already there.
# See /work/shared/vscode-e2e.md (or the e2e section of README.md) for why each step is needed.
set -euo pipefail

E2E_HOME="${COE_E2E_HOME:-$HOME/.cache/coe-e2e}"
CODE_SERVER_VERSION=4.100.3
PLAYWRIGHT_VERSION=1.52.0
mkdir -p "$E2E_HOME"

# 1. Debian packages (only the missing ones; needs root, as in CI and this dev box).
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v rg >/dev/null || missing+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if [ ${#missing[@]} -gt 0 ]; then
  echo "e2e-setup: apt-get install ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

# 2. code-server + playwright-core in their own npm project outside the repo.
if [ ! -x "$E2E_HOME/node_modules/.bin/code-server" ] || [ ! -d "$E2E_HOME/node_modules/playwright-core" ]; then
  cd "$E2E_HOME"
  [ -f package.json ] || echo '{"name":"coe-e2e-tools","private":true}' > package.json
  # @vscode/ripgrep's postinstall downloads rg into $TMPDIR/vscode-ripgrep-cache-<ver>/; seed that cache
  # with Debian's rg under every name its versions ask for, so it never goes to the network.
  tmp="${TMPDIR:-/tmp}"
  seed="$(mktemp -d)"
  cp "$(command -v rg)" "$seed/rg"
  for ver in 1.15.9 1.15.10 1.15.11 1.15.12 1.15.13 1.15.14; do
    for rgv in v13.0.0-10 v13.0.0-13 v13.0.0-4; do
      mkdir -p "$tmp/vscode-ripgrep-cache-$ver"
      tar -czf "$tmp/vscode-ripgrep-cache-$ver/ripgrep-$rgv-x86_64-unknown-linux-musl.tar.gz" -C "$seed" rg
    done
  done
  rm -rf "$seed"
  echo "e2e-setup: npm install code-server@$CODE_SERVER_VERSION playwright-core@$PLAYWRIGHT_VERSION into $E2E_HOME (a few minutes)"
  # unsafe_perm: code-server's postinstall refuses to run as root otherwise; yes: node-pty's postinstall runs npx node-gyp.
  # dangerously_allow_all_scripts: npm 11 runs no dependency install scripts unless allowed, and
  # code-server's postinstall (which runs `npm install` again inside lib/vscode, for node-pty, kerberos,
  # spdlog, ...) needs them all. This applies to this isolated tools folder only, never to the repo.
  npm_config_unsafe_perm=true npm_config_yes=true npm_config_dangerously_allow_all_scripts=true \
    npm install --no-audit --no-fund --save-exact "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_VERSION"
fi
# An install whose postinstall was skipped (older runs of this script, npm 11 without the flag) lacks this link.
if [ ! -e "$E2E_HOME/node_modules/code-server/lib/vscode/node_modules.asar" ]; then
  echo "e2e-setup: running code-server's postinstall"
  (cd "$E2E_HOME" && npm_config_unsafe_perm=true npm_config_yes=true npm_config_dangerously_allow_all_scripts=true npm rebuild code-server argon2)
fi
"$E2E_HOME/node_modules/.bin/code-server" --version | head -1
echo "e2e-setup: ready in $E2E_HOME"
