#!/bin/bash
# An attach of a file whose device is going (detach --lazy of an open
# device: removed at its last close) never gets that device: it waits for
# the last close and the removal, then attaches the file anew, and the new
# device reads the file; the cleanup udev runs for the old device leaves
# the new one's members alone.  Still open after the attach's --timeout:
# exit 8, the device untouched.
DESCRIPTION="attach of a file whose device goes at its last close waits for it, then attaches anew"
SMP=2
REQUIRES="pvfsf target_core_mod iscsi_target_mod target_core_file iscsi_tcp"
TIMEOUT=720

# state_of: the STATE column of list, for the one file attached.
state_of() {
	pvfs-stripe-attach list --json | python3 -c 'import json,sys; l = json.load(sys.stdin); print(" ".join(f["state"] for f in l))'
}

test() {
	local layout=$TMPDIR/file.json dev new apid rc out start ms handle k
	attach_cluster 4
	pvfsf_udev_start
	head -c 500000 /dev/urandom >"$TMPDIR/file"
	pvfs-sim put "$TMPDIR/file" --strip 64K --dir "$SIM" >"$layout" || fail "put failed"
	handle=$(layout_handle "$layout")

	dev=$(pvfs-stripe-attach attach "$layout") || fail "attach failed"
	exec 3<"$dev"
	pvfs-stripe-attach detach --lazy "$dev" 2>/dev/null || fail "detach --lazy failed"
	[ "$(state_of)" = "live,remove-on-close" ] || fail "state after detach --lazy: $(state_of)"

	# Attach while the device waits for its last close: the attach waits.
	# (Without 3<&- it would inherit the open device and wait for itself.)
	start=$EPOCHREALTIME
	pvfs-stripe-attach attach "$layout" --timeout 60 >"$TMPDIR/out" 2>"$TMPDIR/err" 3<&- &
	apid=$!
	sleep 3
	kill -0 "$apid" 2>/dev/null || fail "the attach returned while $dev waits for its last close: $(cat "$TMPDIR/out" "$TMPDIR/err")"
	[ -b "$dev" ] || fail "$dev went while open"
	cmp -n 500000 "$TMPDIR/file" /dev/fd/3 || fail "the open device no longer reads the file"
	exec 3<&-
	rc=0
	wait "$apid" || rc=$?
	ms=$(ms_since "$start")
	[ "$rc" = 0 ] || fail "the attach after the last close exited $rc: $(cat "$TMPDIR/err")"
	new=$(cat "$TMPDIR/out")
	echo "attach over the dying $dev: $new after $ms ms (the last close at 3 s)" | tee -a "$PVFSF_OUT/times.txt"
	[ -b "$new" ] || fail "the attach printed '$new', no device"
	[ "$(state_of)" = "live" ] || fail "the new device is $(state_of)"
	cmp -n 500000 "$TMPDIR/file" "$new" || fail "$new does not read the file"

	# udev's cleanup for the old device has run by now: the new device
	# keeps its members and LUNs.
	udevadm settle --timeout=30
	sleep 1
	udevadm settle --timeout=30
	[ "$(state_of)" = "live" ] || fail "after udev's cleanup the file is $(state_of)"
	for k in 1 2 3 4; do
		[ "$(sim_luns $k | wc -l)" = 1 ] || fail "server$k exports $(sim_luns $k | wc -l) LUNs after udev's cleanup"
	done
	cmp -n 500000 "$TMPDIR/file" "$new" || fail "$new does not read the file after udev's cleanup"

	# Still open after --timeout: refused, nothing touched.
	exec 3<"$new"
	pvfs-stripe-attach detach --lazy "$new" 2>/dev/null || fail "second detach --lazy failed"
	rc=0
	out=$(pvfs-stripe-attach attach "$layout" --timeout 2 2>&1 3<&-) || rc=$?
	[ "$rc" = 8 ] || fail "attach over a device still open after --timeout exited $rc: $out"
	[ "$out" = "pvfs-stripe-attach attach: fs 7, handle $handle: its device $new is being removed at its last close and still open after 2 s: attach it once it is closed" ] ||
		fail "attach over a device still open after --timeout said: $out"
	[ "$(state_of)" = "live,remove-on-close" ] || fail "the refused attach left the file $(state_of)"
	cmp -n 500000 "$TMPDIR/file" /dev/fd/3 || fail "the open device no longer reads the file"
	exec 3<&-
	wait_released 4
	[ "$(pvfs-stripe-attach list --json)" = "[]" ] || fail "list after the last close: $(pvfs-stripe-attach list)"
	[ -z "$(sd_disks)" ] || fail "disks left after the last close: $(sd_disks)"
}
