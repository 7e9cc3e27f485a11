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
#  4. remounted nofastpath: a new file in the directory that is on asks
#     nothing, and a file attached before takes the client daemon.
DESCRIPTION="orangefs fast-path policy: file off over directory on, direct, fastpath=on default, nofastpath forbids"
REQUIRES="pvfsf target_core_mod iscsi_target_mod target_core_file iscsi_tcp"
ORANGEFS=1
TIMEOUT=600
. "$PVFSF_SRC/tests/vm/guest/orangefs.sh"
. "$PVFSF_SRC/tests/vm/guest/ofs_fastpath.sh"
. "$PVFSF_SRC/tests/vm/guest/ofs_policy.sh"

test() {
	local fast slow f dev
	ofs_policy_setup
	fast=$OFS_MNT/fast slow=$OFS_MNT/slow
	mkdir "$fast" "$slow"
	ofs_fastpath_attr "$fast" on

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
	mount -o remount,nofastpath "$OFS_MNT" || fail "remount nofastpath failed"
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
