#!/usr/bin/env bash
# Builds eye_<version>_amd64.deb: a build folder of its own configured for /usr (the unit, the
# default configuration file and the programs agree on Debian's paths), then CPack.
# Usage: build-deb.sh SOURCE_DIR DEB_BUILD_DIR. Prints the package's path last.
set -euo pipefail
source_dir=$(realpath "$1")
build_dir=$2
# The build's own flags (CMakeLists.txt: Debian's hardening flags), so that ccache serves this
# sibling build folder from the test build's objects.
cmake -S "$source_dir" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_INSTALL_PREFIX=/usr -DBUILD_TESTING=OFF >/dev/null
cmake --build "$build_dir" -j"${JOBS:-2}"
(cd "$build_dir" && cpack -G DEB >/dev/null)
ls "$build_dir"/eye_*_amd64.deb
