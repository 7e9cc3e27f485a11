#!/bin/bash
# Discard and write-zeroes are split at strips and forwarded when every
# member takes them, and not advertised when one member does not.
DESCRIPTION="discard: forwarded over capable members, hidden otherwise"
REQUIRES="brd"

test() {
	local i dev strip=65536

	pvfsf_load
	loop_members 4 8M
	for i in 0 1 2 3; do
		head -c 8M /dev/urandom > "${LOOPS[$i]}"
	done
	dev=$(pvfsf-ctl create --fs-id 9 --handle 9 --strip $strip "${SPECS[@]}") ||
		fail "create failed"
	[ "$(cat /sys/block/${dev#/dev/}/queue/discard_max_bytes)" -gt 0 ] ||
		fail "discard not advertised over loop members"
	head -c 4096 "${LOOPS[1]}" > "$TMPDIR/before1"
	# a punched hole is REQ_OP_WRITE_ZEROES (loop punches its file, which
	# tmpfs can do): 5.5 strips from inside strip 1 touch all four members
	fallocate --punch-hole --keep-size -o $((strip + 4096)) \
		-l $((11 * strip / 2)) "$dev" || fail "write-zeroes failed"
	cmp -n $((11 * strip / 2)) -i $((strip + 4096)):0 "$dev" /dev/zero ||
		fail "zeroed range is not zero"
	# strip 1 is member 1's first strip; its first 4 KiB were outside
	cmp -n 4096 "$TMPDIR/before1" "${LOOPS[1]}" || fail "bytes before the range changed"
	blkdiscard -o $((8 * strip)) -l $((8 * strip)) "$dev" || fail "discard failed"
	cmp -n $((8 * strip)) -i $((8 * strip)):0 "$dev" /dev/zero ||
		fail "discarded range does not read as zeroes"
	pvfsf-ctl remove "$dev" || fail "remove failed"

	# brd takes no discard: one such member hides it for the whole device
	modprobe brd rd_nr=1 rd_size=8192 || fail "brd did not load"
	dev=$(pvfsf-ctl create --fs-id 9 --handle 10 --strip $strip "${LOOPS[0]}:1" /dev/ram0:2) ||
		fail "create over brd failed"
	[ "$(cat /sys/block/${dev#/dev/}/queue/discard_max_bytes)" = 0 ] ||
		fail "discard advertised over a member without it"
	pvfsf-ctl remove "$dev" || fail "remove failed"
	modprobe -r brd
}
