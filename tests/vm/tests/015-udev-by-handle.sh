#!/bin/bash
# udev/60-pvfsf.rules: every pvfsf device gets /dev/pvfsf/by-handle/<fs
# id>-<handle>, from the sysfs attributes, on creation and on a replayed
# event alike; the link goes with the device.  Two files of two file
# systems with the same handle get two names; the largest handle (2^64-1)
# is spelled out in full.
DESCRIPTION="udev: /dev/pvfsf/by-handle/<fs id>-<handle> for each device, gone with it"
TIMEOUT=120

# by_handle_target NAME: where the link points, "" if there is none.
by_handle_target() {
	readlink "/dev/pvfsf/by-handle/$1" 2>/dev/null || true
}

test() {
	local a b top=18446744073709551615
	pvfsf_udev_start
	pvfsf_load
	loop_members 4 1M
	a=$(pvfsf-ctl create --fs-id 7 --handle $top --strip 64K "${SPECS[0]}" "${SPECS[1]}")
	defer pvfsf-ctl remove "$a"
	b=$(pvfsf-ctl create --fs-id 8 --handle $top --strip 64K "${SPECS[2]}" "${SPECS[3]}")
	# removed by the test itself unless it fails first
	defer eval "pvfsf-ctl remove $b 2>/dev/null || :"
	udevadm settle --timeout=30

	[ "$(by_handle_target "7-$top")" = "../../${a#/dev/}" ] ||
		fail "7-$top -> '$(by_handle_target "7-$top")', want ../../${a#/dev/}"
	[ "$(by_handle_target "8-$top")" = "../../${b#/dev/}" ] ||
		fail "8-$top -> '$(by_handle_target "8-$top")', want ../../${b#/dev/}"
	udevadm info --query=property --name="$a" | grep -qx "PVFSF_HANDLE=$top" ||
		fail "udev's database lacks PVFSF_HANDLE for $a"

	# A replayed change event carries no driver keys: the link must stay.
	udevadm trigger --action=change --settle "/sys/block/${a#/dev/}"
	[ "$(by_handle_target "7-$top")" = "../../${a#/dev/}" ] ||
		fail "the link went after a replayed change event"

	# Bytes written through the link land on the device it names.
	head -c 4096 /dev/urandom >"$TMPDIR/block"
	dd if="$TMPDIR/block" of="/dev/pvfsf/by-handle/8-$top" bs=4096 oflag=direct status=none
	cmp -n 4096 "$TMPDIR/block" "$b" || fail "a write through the link missed $b"

	pvfsf-ctl remove "$b"
	udevadm settle --timeout=30
	[ -z "$(by_handle_target "8-$top")" ] || fail "8-$top outlived its device"
	[ -n "$(by_handle_target "7-$top")" ] || fail "7-$top went with the other device"
}
