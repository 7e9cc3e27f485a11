# The guest the VM tier boots is the one every other VM test relies on.
DESCRIPTION="guest runs the expected kernel, loads its modules, sees the shares and does O_DIRECT I/O on a loop device"
REQUIRES="loop"
TIMEOUT=120

test() {
	local m dev

	# The kernel whose headers the module was built against.
	[ "$(uname -r)" = "$PVFSF_ABI" ] ||
		fail "running $(uname -r), expected $PVFSF_ABI"

	ip -o link show lo | grep -q '[<,]UP[,>]' || fail "lo is not up"

	for m in loop null_blk dm-mod target_core_mod iscsi_tcp; do
		modprobe "$m" || fail "modprobe $m failed"
	done
	# dm-stripe is built into dm-mod.
	dmsetup targets | grep -q '^striped ' || fail "dm has no striped target"

	# The repository and the build tree are visible and read-only.
	[ -f "$PVFSF_SRC/tests/vm/guest/lib.sh" ] || fail "repository not visible at $PVFSF_SRC"
	[ -d "$PVFSF_BUILD" ] || fail "build tree not visible at $PVFSF_BUILD"
	if touch "$PVFSF_SRC/.pvfsf-guest-write" 2>/dev/null; then
		rm -f "$PVFSF_SRC/.pvfsf-guest-write"
		fail "repository is writable from the guest"
	fi
	# The results directory is writable.
	echo ok >"$PVFSF_OUT/written" || fail "cannot write $PVFSF_OUT"

	# 4 KiB written and read back with O_DIRECT through a loop device.
	truncate -s 1M "$TMPDIR/backing"
	dev=$(losetup -f --show "$TMPDIR/backing")
	defer losetup -d "$dev"
	head -c 4096 /dev/urandom >"$TMPDIR/pattern"
	dd if="$TMPDIR/pattern" of="$dev" bs=4096 seek=7 count=1 oflag=direct status=none
	dd if="$dev" of="$TMPDIR/readback" bs=4096 skip=7 count=1 iflag=direct status=none
	cmp "$TMPDIR/pattern" "$TMPDIR/readback" || fail "O_DIRECT read-back differs"
	# And it reached the backing file, at the right offset.
	cmp -i $((7 * 4096)):0 -n 4096 "$TMPDIR/backing" "$TMPDIR/pattern" ||
		fail "backing file does not hold the written block"
}
