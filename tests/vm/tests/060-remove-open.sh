#!/bin/bash
# Remove while open is refused with EBUSY; a deferred remove leaves the
# device working until its last close, then removes it, as loop's autoclear.
DESCRIPTION="remove: busy while open, deferred to the last close"
SMP=2

test() {
	local i dev out

	pvfsf_load
	loop_members 2 4M
	dev=$(pvfsf-ctl create --fs-id 5 --handle 5 --strip 4096 "${SPECS[@]}") ||
		fail "create failed"

	exec 3<"$dev"
	out=$(pvfsf-ctl remove "$dev" 2>&1) && fail "remove of an open device succeeded"
	grep -qi busy <<<"$out" || fail "remove of an open device said: $out"
	[ -e "/sys/block/${dev#/dev/}" ] || fail "refused remove removed the device"

	pvfsf-ctl remove --deferred "$dev" || fail "deferred remove failed"
	[ -e "/sys/block/${dev#/dev/}" ] || fail "deferred remove removed an open device"
	# still usable while open
	dd if="$dev" of=/dev/null bs=4096 count=16 iflag=direct status=none ||
		fail "read after deferred remove failed"
	pvfsf-ctl info "$dev" | grep -qi 'remove.on.close' ||
		fail "info does not show the pending removal"
	# a second open and close must not remove it while fd 3 is open
	dd if="$dev" of=/dev/null bs=4096 count=1 status=none
	[ -e "/sys/block/${dev#/dev/}" ] || fail "removed while still open"
	exec 3<&-
	for i in $(seq 50); do
		[ -e "/sys/block/${dev#/dev/}" ] || break
		sleep 0.1
	done
	[ ! -e "/sys/block/${dev#/dev/}" ] || fail "not removed after the last close"

	# the members are free again: a new device can hold them
	dev=$(pvfsf-ctl create --fs-id 5 --handle 5 --strip 4096 "${SPECS[@]}") ||
		fail "members still held after the deferred removal"
	pvfsf-ctl remove "$dev" || fail "remove failed"
}
