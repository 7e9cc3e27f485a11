#!/bin/bash
# Zoned members are refused: a stripe cuts zones apart, and a zoned model
# stacked from them would advertise zones the device cannot honour.
DESCRIPTION="zoned: create over zoned null_blk members is refused"
REQUIRES="null_blk"
DMESG_ALLOW='pvfsf: create refused: member [0-9]+ \([0-9:]+\) is a zoned device'

test() {
	local out dev

	pvfsf_load
	modprobe null_blk nr_devices=2 zoned=1 zone_size=4 gb=1 ||
		fail "null_blk zoned did not load"
	[ "$(cat /sys/block/nullb0/queue/zoned)" = host-managed ] ||
		fail "nullb0 is not zoned"
	loop_members 1 8M
	out=$(pvfsf-ctl create --fs-id 14 --handle 14 --strip 65536 \
		/dev/nullb0:1 /dev/nullb1:2 2>&1) && fail "create over zoned members succeeded"
	dmesg | grep -q 'member 0 (.*) is a zoned device' || fail "refused, but not for the zones: $out"
	out=$(pvfsf-ctl create --fs-id 14 --handle 14 --strip 65536 \
		"${LOOPS[0]}:1" /dev/nullb1:2 2>&1) && fail "create over one zoned member succeeded"
	dmesg | grep -q 'member 1 (.*) is a zoned device' || fail "refused, but not for the zone: $out"
	[ -z "$(ls /sys/block | grep '^pvfsf' || true)" ] || fail "a refused create left a disk"
	# the members were released
	dev=$(pvfsf-ctl create --fs-id 14 --handle 15 --strip 65536 "${LOOPS[0]}:1") ||
		fail "the regular member is still held"
	pvfsf-ctl remove "$dev"
	modprobe -r null_blk
}
