#!/bin/bash
# Attach on open (orangefs.ko 0004, udev/62-pvfsf-orangefs.rules), real
# OrangeFS of 4 servers, strip 64 KiB:
#  1. a directory with user.pvfs2.fastpath=on: a new file written into it
#     with cp raises one attach uevent naming its fs id, handle and path;
#     udev attaches it, and the device stays after cp's close;
#  2. an O_DIRECT open of it reads and writes through the device (its
#     sector counters move by the size of each request), the bytes the
#     model's;
#  3. closed, caches dropped: the mount, pvfs2-cp, stat and pvfs2-stat
#     agree with the model and the bstreams follow simple_stripe;
#  4. a file in a directory without the attribute (the mount's default is
#     off) raises no uevent and gets no device.
# Prints what open() costs with the fast path on and off, and how long the
# device took to be live after the open.
DESCRIPTION="orangefs attach on open: a directory's user.pvfs2.fastpath=on, the uevent, udev's attach, I/O through the device"
REQUIRES="pvfsf target_core_mod iscsi_target_mod target_core_file iscsi_tcp"
ORANGEFS=1
TIMEOUT=780
. "$PVFSF_SRC/tests/vm/guest/orangefs.sh"
. "$PVFSF_SRC/tests/vm/guest/ofs_fastpath.sh"
. "$PVFSF_SRC/tests/vm/guest/ofs_policy.sh"

# _open_cost PATH COUNT: mean microseconds of open(2)+close(2) of PATH.
_open_cost() {
	python3 - "$1" "$2" <<-'PY'
		import os, sys, time
		path, n = sys.argv[1], int(sys.argv[2])
		t = time.perf_counter()
		for _ in range(n):
		    os.close(os.open(path, os.O_RDONLY))
		print(int((time.perf_counter() - t) * 1e6 / n))
	PY
}

test() {
	local f g start dev on off none
	ofs_policy_setup
	mkdir "$OFS_MNT/fast" "$OFS_MNT/slow"
	ofs_fastpath_attr "$OFS_MNT/fast" on
	[ "$(ofs_fastpath_attr "$OFS_MNT/fast")" = on ] ||
		fail "the attribute does not read back"

	# 1. The open asks, udev attaches.
	f=$OFS_MNT/fast/f
	start=$EPOCHREALTIME
	ofs_new_file f "$f" 1000003
	ofs_wait_dev "$f" present
	ofs_time "device live after the first open (cp of 1,000,003 bytes)" "$start"
	[ "$(ofs_events attach "$f")" = 1 ] || fail "$(ofs_events attach "$f") attach uevents for $f, not 1"
	grep -qx "ORANGEFS_FS_ID=$OFS_FSID" "$OFS_UEVENTS" || fail "no ORANGEFS_FS_ID=$OFS_FSID in the uevent"
	grep -qx "ORANGEFS_PATH=$f" "$OFS_UEVENTS" || fail "no ORANGEFS_PATH=$f in the uevent"
	cp "$OFS_UEVENTS" "$PVFSF_OUT/uevents"
	dev=$(ofs_dev "$f")

	# 2. Through the device.
	ofs_policy_io "$f" f read:0:983040:dev write:65536:262144:dev read:0:524288:dev ||
		fail "I/O through the device failed"
	[ "$(ofs_dev "$f")" = "$dev" ] || fail "the device changed from $dev to $(ofs_dev "$f")"
	[ "$(ofs_events attach "$f")" = 1 ] || fail "the second open asked for another attach"

	# 3. The bytes, as the servers have them.
	_ofs_check_file f "$f" 1000003 "after device I-O"

	# 4. No attribute, mount default off: nothing asked.
	g=$OFS_MNT/slow/g
	ofs_new_file g "$g" 300000
	ofs_policy_io "$g" g read:0:262144:daemon || fail "I/O without the fast path failed"
	ofs_no_attach "$g" 3

	on=$(_open_cost "$f" 200)
	off=$(_open_cost "$g" 200)
	mount -o remount,nofastpath "$OFS_MNT" || fail "remount nofastpath failed"
	none=$(_open_cost "$f" 200)
	mount -o remount "$OFS_MNT" || fail "remount failed"
	echo "figure: open()+close(), mean of 200: device attached $on us, policy off $off us, nofastpath (no policy code) $none us" |
		tee -a "$PVFSF_OUT/figures"
}
