#!/bin/bash
# Who decides on the fast path (orangefs.ko 0004): a file's own
# user.pvfs2.fastpath before its directory's, the directory's before the
# mount's fastpath= default, and nofastpath over everything.  Real
# OrangeFS of 4 servers; each file is made where no policy applies and
# moved where it is tested, so that only the open under test can ask.
#  1. a file whose attribute is off, in a directory that is on: no uevent,
#     no device, its I/O through the client daemon;
#  2. a file whose attribute is direct: a buffered open asks nothing, an
#     O_DIRECT open gets the device and its I/O goes through it;
#  3. remounted fastpath=on: a file with no attribute in a directory with
#     none gets its device;
#  4. remounted nofastpath: the remount waits for the decision of an open
#     made before it, held up in the client daemon, and that decision asks
#     nothing; a new file in the directory that is on asks nothing, and a
#     file attached before takes the client daemon.
DESCRIPTION="orangefs fast-path policy: file off over directory on, direct, fastpath=on default, nofastpath forbids"
REQUIRES="pvfsf target_core_mod iscsi_target_mod target_core_file iscsi_tcp"
ORANGEFS=1
TIMEOUT=1200
. "$PVFSF_SRC/tests/vm/guest/orangefs.sh"
. "$PVFSF_SRC/tests/vm/guest/ofs_fastpath.sh"
. "$PVFSF_SRC/tests/vm/guest/ofs_policy.sh"

# remount_nofastpath_under F: the remount to nofastpath while the decision
# of an open of F, whose own attribute is on, waits for the client daemon
# (stopped): the remount must wait for the decision, which then asks for
# nothing.  Without the daemon the open may use only what the kernel has
# cached: dentries and attributes are kept long for it; F's attribute is
# set over a second before (a value read is cached that long), so the
# decision has to ask the daemon for it.
remount_nofastpath_under() {
	local f=$1 t=/sys/fs/orangefs core opener remount i
	ofs_fastpath_attr "$f" on
	defer eval "echo $(cat $t/dcache_timeout_msecs) >$t/dcache_timeout_msecs"
	defer eval "echo $(cat $t/getattr_timeout_msecs) >$t/getattr_timeout_msecs"
	sleep 1.2
	echo 600000 >$t/dcache_timeout_msecs
	echo 600000 >$t/getattr_timeout_msecs
	stat "$OFS_MNT" "${f%/*}" "$f" >/dev/null
	core=$(pgrep -s "$_OFS_CLIENT_PID" -x pvfs2-client-co) || fail "no pvfs2-client-core"
	kill -STOP "$core"
	defer kill -CONT "$core"
	background bash -c 'exec 3<"$1" && touch "$2" && exec sleep 60' opener "$f" "$TMPDIR/opened"
	opener=$!
	for ((i = 0; i < 50; i++)); do
		[ -e "$TMPDIR/opened" ] && break
		sleep 0.1
	done
	[ -e "$TMPDIR/opened" ] || { kill -CONT "$core"; fail "the open of $f waited for the client daemon"; }
	# mount(2) itself: mount(8) would look at the mount first.
	(cd / && exec python3 -c 'import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
if libc.mount(None, sys.argv[1].encode(), None, 32, b"nofastpath"):  # MS_REMOUNT
    sys.exit("remount: " + os.strerror(ctypes.get_errno()))' "$OFS_MNT") &
	remount=$!
	for ((i = 0; i < 100; i++)); do
		grep -q orangefs_remount_fs "/proc/$remount/stack" 2>/dev/null && break
		sleep 0.1
	done
	if ! grep -q orangefs_remount_fs "/proc/$remount/stack" 2>/dev/null; then
		kill -CONT "$core"
		case $(awk '/^State:/ { print $2 }' "/proc/$remount/status" 2>/dev/null || true) in
		'' | Z) fail "the remount returned without waiting for the decision of the open before it" ;;
		esac
		fail "the remount waits elsewhere: $(tr '\n' ' ' <"/proc/$remount/stack" 2>/dev/null || true)"
	fi
	kill -CONT "$core"
	wait "$remount" || fail "the remount to nofastpath failed"
	kill "$opener"
	wait "$opener" 2>/dev/null || true
	udevadm settle --timeout=30
	[ "$(ofs_events attach "$f")" = 0 ] || fail "$f: an attach was asked for after the remount to nofastpath"
}

test() {
	local fast slow f dev
	ofs_policy_setup
	fast=$OFS_MNT/fast slow=$OFS_MNT/slow
	mkdir "$fast" "$slow"
	ofs_fastpath_attr "$fast" on

	# (For 4: made while nothing applies, its attribute set there.)
	ofs_new_file late "$slow/late" 65536
	ofs_fastpath_attr "$slow/late" off

	# 1. The file's own off wins over its directory's on.
	ofs_new_file off "$slow/off" 300000
	ofs_fastpath_attr "$slow/off" off
	mv "$slow/off" "$fast/off"
	f=$fast/off
	ofs_policy_io "$f" off read:0:262144:daemon write:0:65536:daemon || fail "I/O of $f failed"
	ofs_no_attach "$f" 4

	# 2. direct: O_DIRECT opens only.
	f=$slow/direct
	ofs_new_file direct "$f" 300000
	ofs_fastpath_attr "$f" direct
	cat "$f" >/dev/null
	ofs_no_attach "$f" 4
	ofs_policy_io "$f" direct wait:present read:0:262144:dev write:65536:65536:dev ||
		fail "O_DIRECT I/O of $f failed"
	[ "$(ofs_events attach "$f")" = 1 ] || fail "$(ofs_events attach "$f") attach uevents for $f"
	dev=$(ofs_dev "$f")

	# 3. The mount's default.
	f=$slow/default
	ofs_new_file default "$f" 300000
	mount -o remount,fastpath=on "$OFS_MNT" || fail "remount fastpath=on failed"
	grep -q " $OFS_MNT pvfs2 .*fastpath=on" /proc/mounts || fail "/proc/mounts: $(grep " $OFS_MNT " /proc/mounts)"
	ofs_policy_io "$f" default wait:present read:0:262144:dev || fail "I/O of $f failed"

	# 4. Forbidden: nothing asked, nothing used.
	remount_nofastpath_under "$slow/late"
	grep -q " $OFS_MNT pvfs2 .*nofastpath" /proc/mounts || fail "/proc/mounts: $(grep " $OFS_MNT " /proc/mounts)"
	f=$fast/forbidden
	ofs_new_file forbidden "$f" 300000
	ofs_policy_io "$f" forbidden read:0:262144:daemon || fail "I/O of $f failed"
	ofs_no_attach "$f" 4
	[ "$(ofs_dev "$slow/direct")" = "$dev" ] || fail "$slow/direct lost its device"
	ofs_policy_io "$slow/direct" direct read:0:262144:daemon write:131072:65536:daemon ||
		fail "I/O of $slow/direct under nofastpath failed"
	mount -o remount "$OFS_MNT" || fail "remount failed"

	for f in off direct default forbidden; do
		_ofs_check_file "$f" "$(ls -d "$OFS_MNT"/*/"$f")" 300000 "at the end"
	done
}
