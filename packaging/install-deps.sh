#!/usr/bin/env bash
# Installs the Debian 12 packages that building, running and testing The Eye need.
# Idempotent: when every package is already present it only checks and exits.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config ccache
  libpoco-dev libcli11-dev libspdlog-dev libfmt-dev libsqlite3-dev
  libssl-dev  # OpenSSL's SHA-256 for fingerprints (SHA extensions where the CPU has them)
  libsimdjson-dev  # the ingest path's JSON parser
  catch2 scdoc gzip curl jq sqlite3 procps
  clang-14 libclang-rt-14-dev
  libhowardhinnant-date-dev tzdata
  libsystemd-dev lintian adduser
  chromium nodejs  # the browser tests (tests/browser/): chromium driven by npm's puppeteer-core
  postgresql-15 libpq-dev
  haproxy  # the scale-out example (packaging/haproxy/eyed.cfg) that integration(pg): haproxy runs
  python3
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm installs the browser tests' puppeteer-core and the OpenAPI linter (tests/openapi_lint.sh).
# Debian's nodejs leaves npm to a package of its own; a nodejs from elsewhere (NodeSource)
# brings npm itself and conflicts with Debian's, so ask for it only when there is none.
command -v npm >/dev/null || missing+=(npm)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
