#!/bin/bash
# pvfsf's in-kernel interface (<linux/pvfsf_kapi.h>), as a file system
# uses it, through the test module pvfsf_kapi_hold.ko (tests/vm/kmod/),
# which holds the device of (fs_id, handle) while it is loaded: a file
# without a device is not found (ENODEV), a neighbour's device is not
# taken for it, and a device held is removed as one a program has open:
# REMOVE says busy, a deferred REMOVE waits for the last put.
DESCRIPTION="kapi: lookup by (fs id, handle), a held device is busy for remove, deferred to the put"
SMP=2
REQUIRES="pvfsf"

test() {
	local ko=$PVFSF_BUILD/test-kmod/pvfsf_kapi_hold.ko dev out i
	[ -f "$ko" ] || fail "$ko was not built"
	pvfsf_load
	loop_members 2 4M
	dev=$(pvfsf-ctl create --fs-id 5 --handle 5 --strip 4096 "${SPECS[@]}") ||
		fail "create failed"

	out=$(insmod "$ko" fs_id=5 handle=6 2>&1) && fail "held handle 6, which has no device"
	grep -q 'No such device' <<<"$out" || fail "holding handle 6 said: $out"
	out=$(insmod "$ko" fs_id=6 handle=5 2>&1) && fail "held fs 6, which has no device"
	grep -q 'No such device' <<<"$out" || fail "holding fs 6 said: $out"

	insmod "$ko" fs_id=5 handle=5 || fail "cannot hold fs 5 handle 5"
	out=$(pvfsf-ctl remove "$dev" 2>&1) && fail "remove of a held device succeeded"
	grep -qi busy <<<"$out" || fail "remove of a held device said: $out"
	rmmod pvfsf 2>/dev/null && fail "pvfsf.ko unloaded under a held device"
	pvfsf-ctl remove --deferred "$dev" || fail "deferred remove failed"
	[ -e "/sys/block/${dev#/dev/}" ] || fail "a deferred remove removed a held device"
	rmmod pvfsf_kapi_hold || fail "rmmod pvfsf_kapi_hold failed"
	for i in $(seq 50); do
		[ -e "/sys/block/${dev#/dev/}" ] || break
		sleep 0.1
	done
	[ ! -e "/sys/block/${dev#/dev/}" ] || fail "not removed after the put"
}
