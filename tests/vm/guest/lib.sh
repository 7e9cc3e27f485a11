# Helpers for guest tests, sourced by tests/vm/guest/run-one before the test
# script.  A test runs in a process of its own, so fail and skip simply exit.
#
# Environment a test sees:
#   PVFSF_SRC      the repository, read-only
#   PVFSF_BUILD    the build tree, read-only: module/pvfsf.ko, user/bin/
#                  (user/bin comes first in PATH)
#   PVFSF_ABI      the kernel release the guest must be running
#   PVFSF_RESULTS  the writable results directory shared with the host
#   PVFSF_OUT      this test's own results directory (inside PVFSF_RESULTS):
#                  anything saved here is kept on the host
#   PVFSF_TEST     this test's name
#   TMPDIR         an empty tmpfs directory, removed after the test
#
# Do not name a command `test` in a guest test or here: test() is the test.

PVFSF_KO=$PVFSF_BUILD/module/pvfsf.ko
# The project's own tools (pvfsf-ctl...) run by name.
PATH=$PVFSF_BUILD/user/bin:$PATH

# _pvfsf_reason VERDICT MSG: keep the first reason given; later ones are
# usually consequences of it.
_pvfsf_reason() {
	[ -s "$PVFSF_OUT/.reason" ] || printf '%s %s\n' "$1" "$2" >"$PVFSF_OUT/.reason"
	printf '%s: %s\n' "$1" "$2" >&2
}

# fail MSG: the test failed, MSG says why in one line.
fail() {
	_pvfsf_reason FAIL "$*"
	exit 1
}

# skip MSG: the test cannot run here, MSG says why.
skip() {
	_pvfsf_reason SKIP "$*"
	exit 77
}

# defer CMD [ARG...]: run CMD when the test ends, pass or fail, after the
# commands deferred later than it (last in, first out).  Use it right after
# each step that creates something, so a failing test still cleans up.
_PVFSF_DEFERRED=()
defer() {
	_PVFSF_DEFERRED+=("$(printf '%q ' "$@")")
}

_pvfsf_run_deferred() {
	local i
	for ((i = ${#_PVFSF_DEFERRED[@]} - 1; i >= 0; i--)); do
		eval "${_PVFSF_DEFERRED[i]}" ||
			echo "deferred command failed: ${_PVFSF_DEFERRED[i]}" >&2
	done
	_PVFSF_DEFERRED=()
}

# pvfsf_load [PARAM=VALUE...]: insmod the module built for this kernel.
pvfsf_load() {
	[ -f "$PVFSF_KO" ] || skip "pvfsf.ko was not built ($PVFSF_KO)"
	insmod "$PVFSF_KO" "$@" || fail "insmod pvfsf.ko $* failed"
}

# pvfsf_unload: rmmod it; failing to is a test failure (a leaked reference).
pvfsf_unload() {
	rmmod pvfsf || fail "rmmod pvfsf failed"
}

# background CMD [ARG...]: run CMD (a daemon kept in the foreground, e.g.
# `tgtd -f`) in the background until the test ends, then stop it: SIGTERM,
# and SIGKILL after 5 s (tgtd ignores SIGTERM while it has targets).
background() {
	"$@" &
	defer _pvfsf_stop "$!"
}

_pvfsf_stop() {
	local i
	kill "$1" 2>/dev/null || return 0
	for i in 0.1 0.1 0.3 0.5 1 1 2; do
		kill -0 "$1" 2>/dev/null || break
		sleep "$i"
	done
	kill -KILL "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	return 0
}

# pvfsf_direct_dir [SIZE]: mount an ext4 of SIZE (default 512M, sparse) on
# $TMPDIR/direct, torn down when the test ends.  TMPDIR is a tmpfs, which
# in 6.1 has no O_DIRECT: `losetup --direct-io=on` over a file there fails
# with EINVAL, over a file in $TMPDIR/direct it works.
pvfsf_direct_dir() {
	local dev
	truncate -s "${1:-512M}" "$TMPDIR/direct.img"
	mkfs.ext4 -q -F "$TMPDIR/direct.img" || fail "mkfs.ext4 failed"
	dev=$(losetup -f --show "$TMPDIR/direct.img") || fail "losetup failed"
	defer losetup -d "$dev"
	mkdir -p "$TMPDIR/direct"
	mount -t ext4 "$dev" "$TMPDIR/direct" || fail "cannot mount the ext4 on $dev"
	defer umount "$TMPDIR/direct"
}

# pvfsf_udev_start: run systemd-udevd for tests that need /dev/disk links
# or udev rules, with the project's rules (udev/*.rules) installed as a
# package would install them.  Only block devices are replayed
# ("coldplug"): replaying everything would load drivers for the whole
# virtual machine and take seconds.  Devices created later get their events
# anyway.  udevd stays up for the rest of the boot; the runner does not
# count it as left behind.
pvfsf_udev_start() {
	mkdir -p /run/udev/rules.d
	cp "$PVFSF_SRC"/udev/*.rules /run/udev/rules.d/
	if ! pgrep -x systemd-udevd >/dev/null; then
		/lib/systemd/systemd-udevd --daemon || fail "systemd-udevd did not start"
		udevadm trigger --subsystem-match=block --action=add
	fi
	udevadm settle --timeout=30 || fail "udevadm settle timed out"
}

# pvfsf_dbus_start: run the system D-Bus, which targetcli needs even to
# list backstores.  Stays up for the rest of the boot, like udevd.
pvfsf_dbus_start() {
	pgrep -x dbus-daemon >/dev/null && return 0
	mkdir -p /run/dbus
	dbus-daemon --system --fork || fail "dbus-daemon did not start"
}

# loop_members COUNT SIZE [LOSETUP-ARG...]: COUNT loop devices over fresh
# sparse files of SIZE in $TMPDIR, detached when the test ends.  Sets
# LOOPS (the devices) and SPECS (pvfsf-ctl member arguments "DEV:HANDLE",
# datafile handles 1000, 1001, ...).  Not in $(...): defer must run here.
_PVFSF_LOOP_SEQ=0
loop_members() {
	local count=$1 size=$2 i file
	shift 2
	LOOPS=()
	SPECS=()
	for ((i = 0; i < count; i++)); do
		file=$TMPDIR/member.$((_PVFSF_LOOP_SEQ++))
		truncate -s "$size" "$file"
		LOOPS+=("$(losetup -f --show "$@" "$file")")
		defer losetup -d "${LOOPS[$i]}"
		SPECS+=("${LOOPS[$i]}:$((1000 + i))")
	done
}
