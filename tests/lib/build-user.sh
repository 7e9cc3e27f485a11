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

# A fresh clone gives every file a new mtime, so ninja compiles it all
# again; ccache hands back what an earlier clone compiled from the same
# sources.  Its key holds the paths on the compiler's command line, so CMake
# sees the sources through the link $PVFSF_BUILD/src: made relative to
# base_dir, every clone's paths read ../src/...  A cold cache costs what no
# cache does.
export CCACHE_DIR=$PVFSF_CACHE/ccache CCACHE_BASEDIR=$PVFSF_BUILD CCACHE_NOHASHDIR=1
ln -sfn "$PVFSF_SRC" "$PVFSF_BUILD/src"

# Configure once; later runs let ninja re-run cmake when CMakeLists.txt changes.
# A cache without build.ninja is from a failed or non-Ninja configure, one
# of the sources at another path is from before the link: start again.  One
# without PVFSF_WERROR=ON or ccache predates them: configure again, keeping
# the cache.
if [ ! -f "$build/build.ninja" ] ||
	! grep -qx "CMAKE_HOME_DIRECTORY:INTERNAL=$PVFSF_BUILD/src" "$build/CMakeCache.txt"; then
	rm -rf "$build/CMakeCache.txt" "$build/CMakeFiles" "$build/build.ninja"
fi
if [ ! -f "$build/build.ninja" ] || ! grep -qx 'PVFSF_WERROR:BOOL=ON' "$build/CMakeCache.txt" ||
	! grep -qx 'CMAKE_CXX_COMPILER_LAUNCHER:STRING=ccache' "$build/CMakeCache.txt"; then
	if ! cmake -S "$PVFSF_BUILD/src" -B "$build" -G Ninja -DPVFSF_WERROR=ON \
		-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >"$log" 2>&1; then
		cat "$log" >&2
		exit 1
	fi
fi
if ! cmake --build "$build" >"$log" 2>&1; then
	cat "$log" >&2
	exit 1
fi
