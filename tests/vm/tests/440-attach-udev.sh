#!/bin/bash
# pvfs-stripe-attach attach with systemd-udevd running: the device is
# created first, assembling, and udev/61-pvfsf-member.rules binds each
# member disk into it as the disk appears (the attach binds any it finds
# first, and incremental then finds it bound); the attach returns the live
# device with the file's data and the size a udev-less attach gives
# (lun_size() x datafiles).
DESCRIPTION="attach with udevd: the device waits assembling, udev's events bind every member"
REQUIRES="pvfsf target_core_mod iscsi_target_mod target_core_file iscsi_tcp"
TIMEOUT=480

test() {
	local layout=$TMPDIR/file.json dev disk out i
	attach_cluster 3
	pvfsf_udev_start
	head -c 300000 /dev/urandom >"$TMPDIR/file"
	pvfs-sim put "$TMPDIR/file" --strip 64K --dir "$SIM" >"$layout" || fail "put failed"

	dev=$(pvfs-stripe-attach attach "$layout" --verbose 2>"$TMPDIR/attach.err") ||
		fail "attach failed: $(tail -n1 "$TMPDIR/attach.err")"
	cp "$TMPDIR/attach.err" "$PVFSF_OUT/attach.err"
	grep -q "created $dev, assembling" "$TMPDIR/attach.err" ||
		fail "attach did not create the device before the disks: $(cat "$TMPDIR/attach.err")"
	[ "$(cat "/sys/block/${dev#/dev/}/pvfsf/state")" = live ] ||
		fail "attach returned a device that is $(cat "/sys/block/${dev#/dev/}/pvfsf/state")"
	# incremental on a member disk, as udev ran it: bound already, exit 0
	udevadm settle --timeout=30
	for i in 0 1 2; do
		disk=$(sed -n "$((i + 1))p" "/sys/block/${dev#/dev/}/pvfsf/members" | cut -d' ' -f3)
		disk=/dev/$(basename "$(readlink -f "/sys/dev/block/$disk")")
		out=$(pvfs-stripe-attach incremental "$disk" 2>&1) || fail "incremental $disk: $out"
		[[ $out == *"bound already as $dev slot $i" ]] || fail "incremental $disk said: $out"
	done
	# two whole stripes of 3 x 64 KiB hold 300000 bytes
	[ "$(blockdev --getsize64 "$dev")" = $((2 * 3 * 65536)) ] ||
		fail "$dev holds $(blockdev --getsize64 "$dev") bytes"
	cmp -n 300000 "$TMPDIR/file" "$dev" || fail "the device does not read the file"
	pvfs-stripe-attach detach "$dev" || fail "detach failed"
}
