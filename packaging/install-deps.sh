#!/usr/bin/env bash
# Installs the Debian 12 packages that building, running and testing The Eye need.
# Idempotent: when every package is already present it only checks and exits.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config ccache
  libpoco-dev libcli11-dev libspdlog-dev libfmt-dev libsqlite3-dev
  catch2 scdoc gzip curl jq sqlite3 procps
  clang-14 libclang-rt-14-dev
  libhowardhinnant-date-dev tzdata
  python3
)
# npm installs the OpenAPI linter the tests run (tests/openapi_lint.sh). A Node.js from
# elsewhere (NodeSource's carries its own npm) is used as it is.
command -v npm >/dev/null || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

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
