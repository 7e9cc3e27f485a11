# Out-of-tree build of orangefs.ko with the pvfsf patch series
# (blk/orangefs/series) against Debian's linux-headers-<abi>.
# Source after tests/lib/common.sh, tests/vm/lib/kernel.sh and module.sh.
#
# fs/orangefs comes from linux-source-6.1, the package the KUnit tier
# unpacks: extracted once per package version into
# $PVFSF_CACHE/orangefs-kmod/<version>/orangefs.  The patched copy is made
# in a staging folder and synced into the build folder by checksum, so
# make rebuilds only the files a change of the series touched.  The module
# reaches pvfsf.ko with symbol_get(): it needs pvfsf's in-kernel header
# (blk/include/linux/pvfsf_kapi.h) to build and nothing of pvfsf's to load.

# pvfsf_vm_orangefs_module ABI [SRC [OUT]]: build OUT/orangefs.ko (default
# OUT: $PVFSF_BUILD/orangefs-module), log in OUT/build.log; returns as
# pvfsf_vm_module does (0 clean, 1 failed with OUT/build.why, 2 warnings).
pvfsf_vm_orangefs_module() {
	local abi=$1 src=${2:-$PVFSF_SRC} out=${3:-$PVFSF_BUILD/orangefs-module}
	local kdir=/usr/src/linux-headers-$abi pristine stage p
	pvfsf_vm_need_pkgs "linux-headers-$abi" linux-source-6.1 make patch \
		rsync xz-utils || return 1
	mkdir -p "$out"
	rm -f "$out/build.why" "$out"/*.ko
	_pvfsf_orangefs_why() { echo "$1" | tee "$out/build.why" >"$out/build.log"; }
	pristine=$(_pvfsf_orangefs_source) ||
		{ _pvfsf_orangefs_why "cannot extract fs/orangefs from linux-source-6.1"; return 1; }
	stage=$out/stage
	rm -rf "$stage"
	mkdir -p "$stage/fs" "$stage/include/linux"
	cp -r "$pristine" "$stage/fs/orangefs"
	while read -r p; do
		case $p in '' | '#'*) continue ;; esac
		patch -d "$stage" -p1 --batch --fuzz=0 --quiet <"$src/blk/orangefs/patches/$p" \
			>>"$out/patch.log" 2>&1 ||
			{ _pvfsf_orangefs_why "patch $p does not apply: $(tail -n1 "$out/patch.log")"; return 1; }
	done <"$src/blk/orangefs/series"
	cp "$src/blk/include/linux/pvfsf_kapi.h" "$stage/include/linux/"
	mkdir -p "$out/src"
	rsync -rc --delete --exclude='*.o' --exclude='*.ko' --exclude='*.mod' \
		--exclude='*.mod.c' --exclude='.*.cmd' --exclude='.*.d' --exclude='*.order' \
		--exclude='*.symvers' --exclude='.tmp*' \
		"$stage/fs/orangefs/" "$stage/include" "$out/src/" || return 1
	rm -rf "$stage" "$out/patch.log"
	pvfsf_vm_kbuild "$kdir" "$out/src" "$out" KCFLAGS="-I$out/src/include" || return
	cp "$out/src/orangefs.ko" "$out/orangefs.ko"
}

# The pristine fs/orangefs of the installed linux-source-6.1, extracted
# once; prints its path.
_pvfsf_orangefs_source() {
	local version tarball dir tmp
	version=$(dpkg-query -W -f='${Version}' linux-source-6.1) || return 1
	dir=$PVFSF_CACHE/orangefs-kmod/$version
	if [ ! -f "$dir/orangefs/Makefile" ]; then
		tarball=$(dpkg -L linux-source-6.1 | grep -m1 '^/usr/src/linux-source-.*\.tar\.xz$') || return 1
		tmp=$dir/extract.tmp
		rm -rf "$tmp" "$dir/orangefs"
		mkdir -p "$tmp"
		tar -xJf "$tarball" -C "$tmp" --wildcards '*/fs/orangefs/*' >&2 || return 1
		mv "$tmp"/*/fs/orangefs "$dir/orangefs" && rm -rf "$tmp" || return 1
	fi
	echo "$dir/orangefs"
}
