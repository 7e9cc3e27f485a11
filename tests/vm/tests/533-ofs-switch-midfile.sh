#!/bin/bash
# The fast path comes and goes under an open file, and a failed attach
# costs the program nothing (orangefs.ko 0004, 62-pvfsf-orangefs.rules):
# real OrangeFS of 4 servers, fastpath_linger 3 s, a directory that is on.
#  1. the export service of one server unreachable (its port in the
#     client's servers file is closed): the open asks for the attach, the
#     attach fails, and the program's O_DIRECT writes and reads succeed
#     through the client daemon;
#  2. the linger after the last close clears the request (one detach
#     uevent), and with the service back one open of the file sees, in
#     turn: I/O through the daemon or the device, the device appearing
#     (I/O through it), the device detached by hand (I/O through the
#     daemon again), with no error;
#  3. the file, read through the mount, pvfs2-cp and the bstreams, holds
#     every byte written on either path.
DESCRIPTION="orangefs attach on open: a failed attach leaves the daemon's path, the device switched on and off under an open file"
REQUIRES="pvfsf target_core_mod iscsi_target_mod target_core_file iscsi_tcp"
ORANGEFS=1
TIMEOUT=780
. "$PVFSF_SRC/tests/vm/guest/orangefs.sh"
. "$PVFSF_SRC/tests/vm/guest/ofs_fastpath.sh"
. "$PVFSF_SRC/tests/vm/guest/ofs_policy.sh"

test() {
	local fast slow f pid
	ofs_policy_setup 3
	fast=$OFS_MNT/fast slow=$OFS_MNT/slow
	mkdir "$fast"
	ofs_fastpath_attr "$fast" on

	# 1. A failed attach.
	cp /etc/pvfsf/servers.json "$TMPDIR/servers.json"
	sed -i 's/"127.0.10.2:3263"/"127.0.10.2:3999"/' /etc/pvfsf/servers.json
	grep -q 127.0.10.2:3999 /etc/pvfsf/servers.json || fail "servers.json: no service of ofs2 to break"
	f=$fast/f
	ofs_new_file f "$f" 600000
	ofs_policy_io "$f" f write:0:131072:daemon sleep:6 write:131072:131072:daemon read:0:524288:daemon ||
		fail "I/O of $f with the attach failing failed"
	[ "$(ofs_events attach "$f")" -ge 1 ] || fail "no attach asked for $f"
	[ -z "$(ofs_dev "$f")" ] || fail "$f got a device with ofs2's service unreachable"
	[ -z "$(ls /dev/pvfsf[0-9]* 2>/dev/null)" ] || fail "a failed attach left $(ls /dev/pvfsf[0-9]*)"

	# 2. The request cleared by the linger, then on and off in mid-file.
	for _ in $(seq 100); do
		[ "$(ofs_events detach "$f")" -ge 1 ] && break
		sleep 0.1
	done
	[ "$(ofs_events detach "$f")" -ge 1 ] || fail "no detach uevent 10 s after the last close (linger 3 s)"
	cp "$TMPDIR/servers.json" /etc/pvfsf/servers.json
	ofs_policy_io "$f" f write:262144:65536:any wait:present write:327680:131072:dev \
		read:0:524288:dev "mark:$TMPDIR/through-dev" wait:absent write:458752:65536:daemon \
		read:0:589824:daemon &
	pid=$!
	# Off once the program's I/O has gone through the device.
	for _ in $(seq 1200); do
		[ -e "$TMPDIR/through-dev" ] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if [ ! -e "$TMPDIR/through-dev" ]; then
		wait "$pid" || fail "I/O of $f switched on failed"
		fail "I/O of $f through the device did not come in 120 s"
	fi
	pvfs-stripe-attach detach "$OFS_FSID-$(stat -c %i "$f")" || fail "detach of $f under the open failed"
	wait "$pid" || fail "I/O of $f switched on and off failed"

	# 3. Every byte, whichever way it went.
	_ofs_check_file f "$f" 600000 "at the end"
}
