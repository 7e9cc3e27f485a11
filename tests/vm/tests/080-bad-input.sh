#!/bin/bash
# Every bad control request gets its errno and one dmesg line saying why;
# never an oops or a WARN (the runner fails the test on either).
DESCRIPTION="control: every bad input is refused with its errno"
DMESG_ALLOW='pvfsf: .*refused: '

test() {
	local before after members

	pvfsf_load
	loop_members 4 4M
	members=("${LOOPS[@]}")
	# a member too small: more than a strip short of the others
	loop_members 1 64K
	members+=("${LOOPS[@]}")
	# 4 KiB logical blocks next to 512-byte ones
	loop_members 1 4M -b 4096
	members+=("${LOOPS[@]}")

	before=$(dmesg | grep -c 'refused: ' || true)
	pvfsf-ioctl-abuse "${members[@]}" >&2 || fail "some bad input was not refused as it should be"
	after=$(dmesg | grep -c 'refused: ' || true)
	[ "$after" -gt "$before" ] || fail "refusals left no line in dmesg"
	[ -z "$(ls -d /sys/block/pvfsf* 2>/dev/null)" ] || fail "a refused create left a device"
}
