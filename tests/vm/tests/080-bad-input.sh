#!/bin/bash
# Every bad control request gets its errno and one dmesg line saying why;
# never an oops or a WARN (the runner fails the test on either).
DESCRIPTION="control: every bad input is refused with its errno"
DMESG_ALLOW='pvfsf: .*refused: '

test() {
	local i loops=() before after

	pvfsf_load
	for i in 0 1 2 3; do
		truncate -s 4M "$TMPDIR/b$i"
		loops+=("$(losetup -f --show "$TMPDIR/b$i")")
	done
	# a member too small: a tenth of the others, more than a strip short
	truncate -s 64K "$TMPDIR/small"
	loops+=("$(losetup -f --show "$TMPDIR/small")")
	# 4 KiB logical blocks next to 512-byte ones
	truncate -s 4M "$TMPDIR/big-block"
	loops+=("$(losetup -f --show -b 4096 "$TMPDIR/big-block")")

	before=$(dmesg | grep -c 'refused: ' || true)
	pvfsf-ioctl-abuse "${loops[@]}" >&2 || fail "some bad input was not refused as it should be"
	after=$(dmesg | grep -c 'refused: ' || true)
	[ "$after" -gt "$before" ] || fail "refusals left no line in dmesg"
	[ -z "$(ls -d /sys/block/pvfsf* 2>/dev/null)" ] || fail "a refused create left a device"
	for i in "${loops[@]}"; do
		losetup -d "$i"
	done
}
