# Out-of-tree build of pvfsf.ko against Debian's linux-headers-<abi>.
# Source after tests/lib/common.sh and tests/vm/lib/kernel.sh.

# What of the source tree Kbuild needs; everything else stays out.
PVFSF_VM_MODULE_FILES=(Kbuild blk)

# pvfsf_vm_module ABI [SRC [OUT]]: build the module of SRC (default
# $PVFSF_SRC) in OUT (default $PVFSF_BUILD/module), log in OUT/build.log.
# The sources are copied first (the clone stays clean) with checksums, so
# unchanged files keep their mtime and make rebuilds only what changed.
# Returns 0 when built cleanly, 1 when the build failed (the stale .ko is
# removed, so no test runs an old module), 2 when it built with warnings.
# A one-line reason is left in OUT/build.why.
pvfsf_vm_module() {
	local abi=$1 src=${2:-$PVFSF_SRC} out=${3:-$PVFSF_BUILD/module}
	local kdir=/usr/src/linux-headers-$abi f args=()
	pvfsf_vm_need_pkgs "linux-headers-$abi" make rsync || return 1
	mkdir -p "$out"
	rm -f "$out/build.why"
	if [ ! -f "$src/Kbuild" ]; then
		echo "no Kbuild in $src" | tee "$out/build.why" >"$out/build.log"
		rm -f "$out"/*.ko
		return 1
	fi
	for f in "${PVFSF_VM_MODULE_FILES[@]}"; do
		args+=(--include="/$f" --include="/$f/***")
	done
	# Build products are excluded both ways: never copied from a tree
	# someone built in, never deleted from ours by --delete.
	rsync -rlc --delete \
		--exclude='*.o' --exclude='*.ko' --exclude='*.mod' --exclude='*.mod.c' \
		--exclude='.*.cmd' --exclude='.*.d' --exclude='*.order' --exclude='*.symvers' \
		--exclude='.tmp*' --exclude=/build.log --exclude=/build.why \
		"${args[@]}" --exclude='*' "$src/" "$out/" || return 1
	pvfsf_vm_kbuild "$kdir" "$out" "$out"
}

# pvfsf_vm_kbuild KDIR MODDIR LOGDIR [MAKE-ARG...]: make the modules in
# MODDIR against the headers in KDIR, log in LOGDIR/build.log.  Returns 0
# when built cleanly, 1 when make failed (MODDIR's .ko files removed, so no
# test runs an old module), 2 when it built with warnings: gcc's "warning:"
# and modpost's "WARNING:" (an undefined symbol, a missing licence) are
# failures too.  The one-line reason is left in LOGDIR/build.why.
pvfsf_vm_kbuild() {
	local kdir=$1 mod=$2 log=$3 n
	shift 3
	if ! make -C "$kdir" M="$mod" "$@" -j"$(nproc)" modules >"$log/build.log" 2>&1; then
		rm -f "$mod"/*.ko
		echo "make failed: $(grep -m1 -E 'error|Error' "$log/build.log")" >"$log/build.why"
		return 1
	fi
	n=$(grep -ci 'warning:' "$log/build.log")
	if [ "$n" -gt 0 ]; then
		echo "$n warning(s), first: $(grep -m1 -i 'warning:' "$log/build.log")" >"$log/build.why"
		return 2
	fi
	return 0
}
