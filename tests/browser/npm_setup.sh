#!/usr/bin/env bash
# Installs the browser tests' npm packages (puppeteer-core, which drives the system chromium and
# downloads no browser) into NODE_DIR, a folder of the build tree; ctest runs it once before the
# browser tests (a fixture). When npm cannot install them the tests fail: they never skip.
set -euo pipefail
: "${NODE_DIR:?set NODE_DIR to the folder to install into}" "${SOURCE_DIR:?set SOURCE_DIR to the source tree}"
mkdir -p "$NODE_DIR"
if cmp -s "$SOURCE_DIR/tests/browser/package.json" "$NODE_DIR/package.json" &&
   [ -f "$NODE_DIR/node_modules/puppeteer-core/package.json" ]; then
  echo "npm_setup: puppeteer-core already in $NODE_DIR"
  exit 0
fi
command -v npm >/dev/null || { echo "FAIL: npm is not installed (packaging/install-deps.sh installs it)"; exit 1; }
cp "$SOURCE_DIR/tests/browser/package.json" "$NODE_DIR/package.json"
cd "$NODE_DIR"
# PUPPETEER_SKIP_DOWNLOAD: belt and braces; puppeteer-core never downloads a browser anyway.
if ! PUPPETEER_SKIP_DOWNLOAD=1 timeout 300 npm install --no-audit --no-fund --loglevel=error; then
  rm -f "$NODE_DIR/package.json"  # so the next run tries again
  echo "FAIL: npm could not install puppeteer-core into $NODE_DIR"
  exit 1
fi
echo "npm_setup: installed $(node -p 'require("puppeteer-core/package.json").version') into $NODE_DIR"
