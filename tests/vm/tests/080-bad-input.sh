#!/bin/bash
# Every bad control request gets its errno and one dmesg line saying why;
# never an oops or a WARN (the runner fails the test on either).
DESCRIPTION="control: every bad input is refused with its errno"
DMESG_ALLOW='pvfsf: .*refused: '

test() {
	local before after members left

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
	# The tool checks after each case that a refused create made nothing,
	# and waits for every removal: nothing of its own may be left.
	left=(/sys/block/pvfsf*)
	[ ! -e "${left[0]}" ] || fail "pvfsf-ioctl-abuse left a device: ${left[*]##*/}"
}
