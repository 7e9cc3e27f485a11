#!/bin/bash
# How long a device attached at open stays (orangefs.ko 0004): real
# OrangeFS of 4 servers, fastpath_linger 20 s (8 s was shorter than a re-open
# takes on a loaded TCG guest), a directory that is on.
#  1. a file opened, its device awaited, closed; opened again 2 s later:
#     the same device, no second attach uevent, I/O through it;
#  2. still there 4 s after that last close, gone within the linger and
#     udev's detach after it (one detach uevent);
#  3. with a linger of 60 s, a file whose device lingers is removed with
#     rm through the mount: its device goes at once, not after 60 s.
# Prints the time from the last close to the device gone.
DESCRIPTION="orangefs attach on open: the device lingers after the last close, is reused, then detached; unlink detaches"
REQUIRES="pvfsf target_core_mod iscsi_target_mod target_core_file iscsi_tcp"
ORANGEFS=1
TIMEOUT=1200
. "$PVFSF_SRC/tests/vm/guest/orangefs.sh"
. "$PVFSF_SRC/tests/vm/guest/ofs_fastpath.sh"
. "$PVFSF_SRC/tests/vm/guest/ofs_policy.sh"

test() {
	local fast slow f dev closed
	ofs_policy_setup 20
	fast=$OFS_MNT/fast slow=$OFS_MNT/slow
	mkdir "$fast"
	ofs_fastpath_attr "$fast" on

	# 1. Reused within the linger.
	f=$fast/linger
	ofs_new_file linger "$f" 300000
	ofs_policy_io "$f" linger wait:present read:0:262144:dev || fail "I/O of $f failed"
	dev=$(ofs_dev "$f")
	sleep 2
	ofs_policy_io "$f" linger read:0:262144:dev write:0:65536:dev || fail "I/O of $f again failed"
	closed=$EPOCHREALTIME
	[ "$(ofs_dev "$f")" = "$dev" ] || fail "the device of $f changed from $dev to $(ofs_dev "$f")"
	[ "$(ofs_events attach "$f")" = 1 ] || fail "$(ofs_events attach "$f") attach uevents for $f, not 1"

	# 2. Detached after the linger.
	sleep 4
	[ "$(ofs_dev "$f")" = "$dev" ] || fail "$f lost its device 4 s after the last close, within the linger of 20 s"
	ofs_wait_dev "$f" absent 90
	ofs_time "device gone after the last close (linger 20 s)" "$closed"
	[ "$(ofs_events detach "$f")" = 1 ] || fail "$(ofs_events detach "$f") detach uevents for $f, not 1"
	_ofs_check_file linger "$f" 300000 "after the detach"

	# 3. An unlink does not wait for the linger.
	echo 60 >/sys/module/orangefs/parameters/fastpath_linger
	f=$fast/unlinked
	ofs_new_file unlinked "$f" 300000
	ofs_policy_io "$f" unlinked wait:present read:0:262144:dev || fail "I/O of $f failed"
	local link
	link=$(ofs_link "$f")
	closed=$EPOCHREALTIME
	rm "$f"
	for _ in $(seq 300); do
		[ -e "$link" ] || break
		sleep 0.1
	done
	[ ! -e "$link" ] || fail "$link still there 30 s after rm"
	ofs_time "device gone after rm" "$closed"
}
