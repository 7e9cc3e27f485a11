#!/bin/bash
# Create a device over four loop members and check what it shows: sysfs
# attributes, the holder tree lsblk reads, the capacity the stripe model
# gives for members that differ by less than a strip, and the queue limits.
DESCRIPTION="create: sysfs, holders, capacity and limits of /dev/pvfsfN"

test() {
	local strip=65536 sectors=$((65536 / 512)) i dev loops=() want

	pvfsf_load
	# datafiles of one file differ by up to a strip: 3 strips, 3, 2.5, 2
	truncate -s $((3 * strip)) "$TMPDIR/m0"
	truncate -s $((3 * strip)) "$TMPDIR/m1"
	truncate -s $((5 * strip / 2)) "$TMPDIR/m2"
	truncate -s $((2 * strip)) "$TMPDIR/m3"
	for i in 0 1 2 3; do
		loops+=("$(losetup -f --show "$TMPDIR/m$i")")
		defer losetup -d "${loops[$i]}"
	done

	# the kernel's own events, as udev would receive them
	uevent_monitor "$TMPDIR/events" block
	dev=$(pvfsf-ctl create --fs-id 7 --handle 18446744073709551615 \
		--strip $strip "${loops[0]}:100" "${loops[1]}:101" \
		"${loops[2]}:102" "${loops[3]}:103") || fail "create failed"
	[ "$dev" = /dev/pvfsf0 ] || fail "create printed '$dev'"
	local sys=/sys/block/pvfsf0/pvfsf
	[ "$(cat $sys/fs_id)" = 7 ] || fail "fs_id $(cat $sys/fs_id)"
	[ "$(cat $sys/handle)" = 18446744073709551615 ] || fail "handle $(cat $sys/handle)"
	[ "$(cat $sys/strip_size)" = $strip ] || fail "strip_size $(cat $sys/strip_size)"
	[ "$(cat $sys/state)" = live ] || fail "state $(cat $sys/state)"
	for i in 0 1 2 3; do
		want="$i 10$i $(lsblk -dno MAJ:MIN "${loops[$i]}" | tr -d ' ')"
		grep -qx "$want" $sys/members || fail "members lacks '$want': $(cat $sys/members)"
		[ -e "/sys/block/pvfsf0/slaves/${loops[$i]#/dev/}" ] || fail "no slave link ${loops[$i]}"
		[ -e "/sys/block/${loops[$i]#/dev/}/holders/pvfsf0" ] || fail "no holder link on ${loops[$i]}"
	done
	lsblk -s /dev/pvfsf0 >&2
	cp "$TMPDIR/events" "$PVFSF_OUT/events"
	for i in 1 2 3 4 5 6 7 8 9 10; do
		grep -q '^PVFSF_HANDLE=' "$TMPDIR/events" && break
		sleep 0.2
	done
	# the change event after add names the file; the add came first
	grep -A12 '^KERNEL\[.*\] add .*/pvfsf0 (block)' "$TMPDIR/events" |
		grep -q '^DEVNAME=/dev/pvfsf0$' || fail "no add event for pvfsf0"
	grep -B12 '^PVFSF_HANDLE=18446744073709551615$' "$TMPDIR/events" |
		grep -q '^ACTION=change' || fail "no change event with PVFSF_HANDLE: $(cat "$TMPDIR/events")"
	grep -q '^PVFSF_FS_ID=7$' "$TMPDIR/events" || fail "no PVFSF_FS_ID=7 in the events"
	grep -q '^PVFSF_STATE=live$' "$TMPDIR/events" || fail "no PVFSF_STATE=live in the events"

	# member 3 holds strips 3 and 7; with 2 strips its limit is strip 11:
	# member 2 (2.5 strips) holds 2, 6 and half of 10, so the capacity is
	# 10.5 strips; members 0 and 1 (3 strips) would allow 12 and 13.
	want=$(( (10 * sectors) + sectors / 2 ))
	[ "$(cat /sys/block/pvfsf0/size)" = $want ] ||
		fail "capacity $(cat /sys/block/pvfsf0/size) sectors, want $want"
	[ "$(cat /sys/block/pvfsf0/queue/minimum_io_size)" = $strip ] || fail "io_min"
	[ "$(cat /sys/block/pvfsf0/queue/optimal_io_size)" = $((4 * strip)) ] || fail "io_opt"
	[ "$(cat /sys/block/pvfsf0/queue/logical_block_size)" = 512 ] || fail "lbs"

	pvfsf-ctl remove /dev/pvfsf0 || fail "remove failed"
	[ ! -e /sys/block/pvfsf0 ] || fail "pvfsf0 still in sysfs after remove"
}
