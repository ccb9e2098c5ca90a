#!/usr/bin/env bash
# prepare_asset.sh IN OUT [strip]: copies a file eyed serves (ui/, docs/openapi.json) to OUT for embedding, and OUT.gz beside it.
# With "strip" (the tracker, whose budget is 2 KB gzip'd) lines that are only a // comment and
# every line's indentation go: what a reader of the source needs, not a browser. That is safe
# for code without multi-line strings, which ui/eye.js keeps to.
set -euo pipefail
in=$1 out=$2 mode=${3:-}
mkdir -p "$(dirname "$out")"
if [ "$mode" == strip ]; then
  sed -E '/^[[:space:]]*\/\/ /d; s/^[[:space:]]+//' "$in" >"$out.tmp"
else
  cp "$in" "$out.tmp"
fi
mv "$out.tmp" "$out"
gzip -9 -n -c "$out" >"$out.gz"
