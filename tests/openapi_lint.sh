#!/usr/bin/env bash
# docs/openapi.json passes Redocly's linter (its recommended rules, as docs/redocly.yaml
# adjusts them). The linter is installed from npm into the build folder ($NPM_PREFIX) on the
# first run and reused after; when it cannot be installed (offline, no npm) the test FAILS, it
# never skips: a document nobody validated is not validated.
set -uo pipefail
: "${SOURCE_DIR:?set SOURCE_DIR to the source tree}" "${NPM_PREFIX:?set NPM_PREFIX to a folder for npm}"
# 1.x: it runs on Debian 12's Node.js 18 (2.x needs 20.19 or later).
REDOCLY_VERSION=1.34.5
REDOCLY="$NPM_PREFIX/node_modules/.bin/redocly"

if ! [ -x "$REDOCLY" ] || ! grep -q "\"version\": \"$REDOCLY_VERSION\"" "$NPM_PREFIX/node_modules/@redocly/cli/package.json" 2>/dev/null; then
  mkdir -p "$NPM_PREFIX"
  if ! npm install --prefix "$NPM_PREFIX" --no-audit --no-fund --no-save "@redocly/cli@$REDOCLY_VERSION" >"$NPM_PREFIX/install.log" 2>&1; then
    echo "FAIL: could not install @redocly/cli@$REDOCLY_VERSION from npm into $NPM_PREFIX:"
    tail -20 "$NPM_PREFIX/install.log"
    exit 1
  fi
fi
# No telemetry, no update check: the run is the same offline once installed.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
if ! "$REDOCLY" lint --config "$SOURCE_DIR/docs/redocly.yaml" --format stylish "$SOURCE_DIR/docs/openapi.json" 2>&1; then
  echo "FAIL: docs/openapi.json does not pass redocly lint"
  exit 1
fi
echo "docs/openapi.json: valid OpenAPI 3.1 (redocly $REDOCLY_VERSION)"
