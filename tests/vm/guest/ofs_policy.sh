# Attach on open (VM tests 530-539): orangefs.ko's fast-path policy
# (user.pvfs2.fastpath, the mount's fastpath= and nofastpath), its uevents
# and udev/62-pvfsf-orangefs.rules attaching and detaching.  Source after
# orangefs.sh and ofs_fastpath.sh; call ofs_policy_setup in test().

# ofs_policy_setup [LINGER]: a cluster of 4 servers (strip 64 KiB) with the
# fast path served, udevd with the project's rules, fastpath_linger set to
# LINGER seconds, and every orangefs_fastpath uevent logged to
# $OFS_UEVENTS.  The default, 600 s, is for tests that do not test the
# linger: a device must not go in the middle of one because a loaded host
# made its steps slow.
ofs_policy_setup() {
	ofs_cluster 4 --strip 65536
	ofs_fastpath_setup
	# Runs before ofs_fastpath_setup's teardown (last in, first out).
	defer _ofs_policy_quiesce
	pvfsf_udev_start
	OFS_UEVENTS=$TMPDIR/uevents
	uevent_monitor "$OFS_UEVENTS" orangefs_fastpath
	echo "${1:-600}" >/sys/module/orangefs/parameters/fastpath_linger
}

# No attach asked for once the teardown detaches: a test's last checks
# open files in directories that are on, and an attach udev started for
# one after the teardown's detach left a device, a session and I/O errors
# behind (532, 533).  The remount to nofastpath returns once the module's
# queued decisions are made (orangefs.ko 0004); then udevd finishes the
# attaches under way (without systemd RUN runs them).
_ofs_policy_quiesce() {
	mount -o remount,nofastpath "$OFS_MNT"
	udevadm settle --timeout=150
	return 0
}

# ofs_link PATH: the by-handle name the device of PATH gets.
ofs_link() {
	echo "/dev/pvfsf/by-handle/$OFS_FSID-$(stat -c %i "$1")"
}

# ofs_dev PATH: the live device of PATH (pvfsfN), or nothing.
ofs_dev() {
	local link dev
	link=$(ofs_link "$1")
	[ -e "$link" ] || return 0
	dev=$(basename "$(readlink -f "$link")")
	[ "$(cat "/sys/block/$dev/pvfsf/state" 2>/dev/null)" = live ] && echo "$dev"
	return 0
}

# ofs_wait_dev PATH present|absent [SECONDS]: until PATH has a live device,
# or has none; fails after SECONDS (default 120).
ofs_wait_dev() {
	local f=$1 want=$2 i
	for ((i = 0; i < ${3:-120} * 10; i++)); do
		if [ -n "$(ofs_dev "$f")" ]; then
			[ "$want" = present ] && return 0
		else
			[ "$want" = absent ] && return 0
		fi
		sleep 0.1
	done
	fail "$f: its device is not $want after ${3:-120} s (uevents: $(grep -c ORANGEFS_FASTPATH= "$OFS_UEVENTS"))"
}

# ofs_events ACTION PATH: how many ORANGEFS_FASTPATH=ACTION uevents named
# PATH's handle so far.
ofs_events() {
	local handle
	handle=$(stat -c %i "$2")
	awk -v a="ORANGEFS_FASTPATH=$1" -v h="ORANGEFS_HANDLE=$handle" '
		/^KERNEL\[/ { if (act && han) n++; act = han = 0 }
		$0 == a { act = 1 }
		$0 == h { han = 1 }
		END { if (act && han) n++; print n + 0 }' "$OFS_UEVENTS"
}

# ofs_no_attach PATH SECONDS: in SECONDS, no attach asked for and no device.
ofs_no_attach() {
	sleep "$2"
	[ "$(ofs_events attach "$1")" = 0 ] || fail "$1: an attach was asked for"
	[ -z "$(ofs_dev "$1")" ] || fail "$1: it has a device, $(ofs_dev "$1")"
}

# ofs_policy_io PATH NAME STEP...: policy_io.py on PATH with NAME's model.
ofs_policy_io() {
	local f=$1 name=$2
	shift 2
	python3 "$PVFSF_SRC/tests/vm/tests/policy_io.py" "$f" "$TMPDIR/$name.model" \
		"$(ofs_link "$f")" "$@"
}

# ofs_fastpath_attr PATH [VALUE]: sets PATH's user.pvfs2.fastpath to VALUE,
# or prints it (the host has no setfattr: Python's os.setxattr).
ofs_fastpath_attr() {
	python3 -c 'import os, sys
if len(sys.argv) > 2:
    os.setxattr(sys.argv[1], "user.pvfs2.fastpath", sys.argv[2].encode())
else:
    print(os.getxattr(sys.argv[1], "user.pvfs2.fastpath").decode())' "$@"
}

# ofs_new_file NAME PATH SIZE: PATH written with SIZE random bytes through
# the mount (cp), NAME's model the same bytes.
ofs_new_file() {
	head -c "$3" /dev/urandom >"$TMPDIR/$1.model"
	cp "$TMPDIR/$1.model" "$2" || fail "cp into $2 failed"
}
