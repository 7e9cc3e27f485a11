#!/bin/bash
# A read-only device refuses to open for writing and serves reads of what
# the members hold.
DESCRIPTION="read-only: writes refused, reads served"

test() {
	local i dev

	pvfsf_load
	loop_members 3 4M
	for i in 0 1 2; do
		head -c 4M /dev/urandom > "${LOOPS[$i]}"
	done
	dev=$(pvfsf-ctl create --read-only --fs-id 8 --handle 8 --strip 16384 "${SPECS[@]}") ||
		fail "create failed"
	[ "$(cat /sys/block/${dev#/dev/}/ro)" = 1 ] || fail "ro is not 1"
	dd if=/dev/zero of="$dev" bs=4096 count=1 oflag=direct status=none 2>/dev/null &&
		fail "a write to a read-only device succeeded"
	# strip 1 (bytes 16K..32K) lives at the start of member 1
	cmp -n 16384 -i 16384:0 "$dev" "${LOOPS[1]}" || fail "strip 1 is not member 1's first strip"
	pvfsf-ctl remove "$dev" || fail "remove failed"
}
