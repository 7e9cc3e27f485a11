#!/bin/bash
# An open device is not pulled from under its user: detach refuses it
# (exit 8) and detach --lazy leaves the removal to its last close.  Then
# the kernel removes it, udev's rule runs `pvfs-stripe-attach cleanup`, and
# the members are released: no disk, no LUN, no record; the sessions stay.
# A read-only attach refuses writes and reads the file; attaching it
# read-write meanwhile is refused.
DESCRIPTION="attach: detach of an open device is refused, --lazy releases it at the last close"
REQUIRES="pvfsf target_core_mod iscsi_target_mod target_core_file iscsi_tcp"
TIMEOUT=420

test() {
	local layout=$TMPDIR/file.json dev rc=0 out k
	attach_cluster 4
	pvfsf_udev_start
	head -c 500000 /dev/urandom >"$TMPDIR/file"
	pvfs-sim put "$TMPDIR/file" --strip 64K --dir "$SIM" >"$layout" || fail "put failed"

	# Read-only.
	dev=$(pvfs-stripe-attach attach "$layout" --read-only) || fail "attach --read-only failed"
	cmp -n 500000 "$TMPDIR/file" "$dev" || fail "the read-only device does not read the file"
	dd if=/dev/zero of="$dev" bs=4096 count=1 oflag=direct status=none 2>/dev/null &&
		fail "a write to the read-only device succeeded"
	out=$(pvfs-stripe-attach attach "$layout" 2>&1) && fail "a read-write attach of a read-only file succeeded"
	[[ $out == *"is attached already as $dev, read-only: detach it to attach it otherwise" ]] ||
		fail "read-write attach over read-only said: $out"
	pvfs-stripe-attach detach "$dev" || fail "detach of the read-only device failed"

	dev=$(pvfs-stripe-attach attach "$layout") || fail "attach failed"
	exec 3<"$dev"
	out=$(pvfs-stripe-attach detach "$dev" 2>&1) || rc=$?
	[ "$rc" = 8 ] || fail "detach of an open device exited $rc: $out"
	[ "$out" = "pvfs-stripe-attach detach: $dev is open: close it first, or detach --lazy to detach it at its last close" ] ||
		fail "detach of an open device said: $out"
	pvfs-stripe-attach detach --lazy "$dev" || fail "detach --lazy failed"
	[ -b "$dev" ] || fail "detach --lazy removed the open device at once"
	pvfs-stripe-attach list | grep -q "live,remove-on-close" || fail "list does not show the pending removal: $(pvfs-stripe-attach list)"
	for k in 1 2 3 4; do
		[ "$(sim_luns $k | wc -l)" = 1 ] || fail "server$k unexported while the device is open"
	done
	cmp -n 500000 "$TMPDIR/file" /dev/fd/3 || fail "the open device no longer reads the file"

	# The last close: the kernel removes the device, udev runs cleanup.
	exec 3<&-
	wait_released 4
	[ ! -e "$dev" ] || fail "$dev is still there after its last close"
	[ -z "$(sd_disks)" ] || fail "disks left after the last close: $(sd_disks)"
	for k in 1 2 3 4; do
		[ -z "$(sim_luns $k)" ] || fail "server$k still exports after the last close"
	done
	[ "$(pvfs-stripe-attach list --json)" = "[]" ] || fail "list: $(pvfs-stripe-attach list)"
	[ "$(iscsi_session_count)" = 4 ] || fail "sessions after the lazy detach: $(iscsi_session_count)"
}
