#!/bin/bash
# Build the user-space half of pvfsf (helper library, pvfsf-ctl, VM-tier test
# tools, unit tests) into $PVFSF_BUILD/user, binaries in $PVFSF_BUILD/user/bin.
# Incremental and quiet: the build log goes to $PVFSF_BUILD/user/build.log
# and is shown on standard error only when the build fails (exit 1).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# go-md2man makes the manual pages from docs/*.8.md.
pvfsf_need_pkgs cmake g++ ninja-build libgtest-dev go-md2man \
	libboost-program-options-dev libudev-dev libblkid-dev \
	libopeniscsiusr-dev nlohmann-json3-dev libssl-dev pkg-config \
	python3-jsonschema ccache || pvfsf_die "cannot install build dependencies"

build=$PVFSF_BUILD/user
log=$build/build.log
mkdir -p "$build"

# A fresh clone gives every file a new mtime, so ninja rebuilds it all;
# ccache, keyed on contents and on paths relative to the clone, makes that
# rebuild of unchanged sources cheap (the cold build is the same as without).
export CCACHE_DIR=$PVFSF_CACHE/ccache CCACHE_BASEDIR=$PVFSF_SRC CCACHE_NOHASHDIR=1

# Configure once; later runs let ninja re-run cmake when CMakeLists.txt changes.
# A cache without build.ninja is from a failed or non-Ninja configure: redo it.
# One without PVFSF_WERROR=ON or ccache predates them: configure again,
# keeping the cache.
if [ ! -f "$build/build.ninja" ]; then
	rm -f "$build/CMakeCache.txt"
fi
if [ ! -f "$build/build.ninja" ] || ! grep -qx 'PVFSF_WERROR:BOOL=ON' "$build/CMakeCache.txt" ||
	! grep -qx 'CMAKE_CXX_COMPILER_LAUNCHER:STRING=ccache' "$build/CMakeCache.txt"; then
	if ! cmake -S "$PVFSF_SRC" -B "$build" -G Ninja -DPVFSF_WERROR=ON \
		-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >"$log" 2>&1; then
		cat "$log" >&2
		exit 1
	fi
fi
if ! cmake --build "$build" >"$log" 2>&1; then
	cat "$log" >&2
	exit 1
fi
