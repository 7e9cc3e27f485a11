#!/bin/bash
# The device's own I/O is counted in /sys/block/pvfsfN/stat, /proc/diskstats
# and iostat: each bio once, whole, however many strips it crosses.
DESCRIPTION="iostat: every bio of the device is counted once"

# stat_fields DEV: reads, read sectors, writes, written sectors, in flight
stat_fields() {
	awk '{ print $1, $3, $5, $7, $9 }' "/sys/block/$1/stat"
}

test() {
	local dev name after
	local r0 rs0 w0 ws0 r1 rs1 w1 ws1 inflight kb_read kb_wrtn

	pvfsf_load
	loop_members 4 8M
	# 64 KiB and 128 KiB bios over 16 KiB strips: 4 and 8 pieces each
	dev=$(pvfsf-ctl create --fs-id 12 --handle 12 --strip 16384 "${SPECS[@]}") ||
		fail "create failed"
	name=${dev#/dev/}
	[ "$(cat /sys/block/$name/queue/iostats)" = 1 ] || fail "queue/iostats is not 1"

	read -r r0 rs0 w0 ws0 inflight < <(stat_fields "$name")
	fio --name=w --filename="$dev" --direct=1 --ioengine=psync --rw=write \
		--bs=64k --size=4M --output=/dev/null || fail "fio write failed"
	fio --name=r --filename="$dev" --direct=1 --ioengine=psync --rw=read \
		--bs=128k --size=4M --output=/dev/null || fail "fio read failed"
	read -r r1 rs1 w1 ws1 inflight < <(stat_fields "$name")
	echo "stat deltas: reads $((r1 - r0)) ($((rs1 - rs0)) sectors)," \
		"writes $((w1 - w0)) ($((ws1 - ws0)) sectors), in flight $inflight"
	[ $((w1 - w0)) = 64 ] && [ $((ws1 - ws0)) = 8192 ] ||
		fail "4 MiB in 64 KiB writes counted as $((w1 - w0)) writes of $((ws1 - ws0)) sectors"
	[ $((r1 - r0)) = 32 ] && [ $((rs1 - rs0)) = 8192 ] ||
		fail "4 MiB in 128 KiB reads counted as $((r1 - r0)) reads of $((rs1 - rs0)) sectors"
	[ "$inflight" = 0 ] || fail "$inflight I/Os still in flight"

	after=$(awk -v n="$name" '$3 == n { print $4, $6, $8, $10 }' /proc/diskstats)
	[ "$after" = "$r1 $rs1 $w1 $ws1" ] ||
		fail "/proc/diskstats says '$after', sysfs '$r1 $rs1 $w1 $ws1'"
	# the device is new: iostat's totals since boot are these I/Os
	read -r kb_read kb_wrtn < <(iostat -d -k "$name" | awk -v n="$name" '$1 == n { print $6, $7 }')
	[ "$kb_read" = 4096 ] && [ "$kb_wrtn" = 4096 ] ||
		fail "iostat shows ${kb_read:-nothing} kB read, ${kb_wrtn:-nothing} kB written"

	pvfsf-ctl remove "$dev" || fail "remove failed"
}
