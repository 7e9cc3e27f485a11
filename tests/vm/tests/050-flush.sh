#!/bin/bash
# An fsync of /dev/pvfsfN is one empty PREFLUSH bio; it must reach every
# member, which the members' flush counters (field 16 of .../stat) show.
DESCRIPTION="flush: an fsync of the device flushes every member"

flushes() {
	awk '{ print $16 }' "/sys/block/${1#/dev/}/stat"
}

test() {
	local i before=() dev

	pvfsf_load
	loop_members 5 8M
	dev=$(pvfsf-ctl create --fs-id 4 --handle 4 --strip 8192 "${SPECS[@]}") ||
		fail "create failed"
	[ "$(cat /sys/block/${dev#/dev/}/queue/write_cache)" = "write back" ] ||
		fail "write cache not advertised over caching members"
	for i in 0 1 2 3 4; do
		before+=("$(flushes "${LOOPS[$i]}")")
	done
	# a small write first, so that the flush has something to make durable
	dd if=/dev/urandom of="$dev" bs=4096 count=1 oflag=direct status=none
	python3 -c 'import os, sys; fd = os.open(sys.argv[1], os.O_RDWR); os.fsync(fd)' "$dev" ||
		fail "fsync failed"
	for i in 0 1 2 3 4; do
		[ "$(flushes "${LOOPS[$i]}")" -gt "${before[$i]}" ] ||
			fail "member $i (${LOOPS[$i]}) saw no flush"
	done
	pvfsf-ctl remove "$dev" || fail "remove failed"
}
