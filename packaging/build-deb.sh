#!/usr/bin/env bash
# Builds eye_<version>_amd64.deb: a build folder of its own configured for /usr (the unit, the
# default configuration file and the programs agree on Debian's paths), then CPack.
# Usage: build-deb.sh SOURCE_DIR DEB_BUILD_DIR. Prints the package's path last.
set -euo pipefail
source_dir=$(realpath "$1")
build_dir=$2
# A sibling of the main build folder: ccache finds its own objects of an earlier package
# build from the same relative paths.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$source_dir} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
# Debian's hardening flags, as dpkg-buildflags gives them to every package (fortified libc
# calls, stack protector, read-only relocations bound at start).
# From the source folder, so that -ffile-prefix-map is the same whoever calls this.
eval "$(cd "$source_dir" && DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --export=sh)"
cmake -S "$source_dir" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_INSTALL_PREFIX=/usr -DBUILD_TESTING=OFF \
  -DCMAKE_CXX_FLAGS="$CPPFLAGS $CXXFLAGS" -DCMAKE_EXE_LINKER_FLAGS="$LDFLAGS" >/dev/null
cmake --build "$build_dir" -j"${JOBS:-2}"
(cd "$build_dir" && cpack -G DEB >/dev/null)
ls "$build_dir"/eye_*_amd64.deb
