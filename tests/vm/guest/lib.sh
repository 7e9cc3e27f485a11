# Helpers for guest tests, sourced by tests/vm/guest/run-one before the test
# script.  A test runs in a process of its own, so fail and skip simply exit.
#
# Environment a test sees:
#   PVFSF_SRC      the repository, read-only
#   PVFSF_BUILD    the build tree, read-only: module/, user/bin/ (last in
#                  PATH: the test tools; the packaged tools run installed)
#   PVFSF_ABI      the kernel release the guest must be running
#   PVFSF_RESULTS  the writable results directory shared with the host
#   PVFSF_OUT      this test's own results directory (inside PVFSF_RESULTS):
#                  anything saved here is kept on the host
#   PVFSF_TEST     this test's name
#   TMPDIR         an empty tmpfs directory, removed after the test
#
# Do not name a command `test` in a guest test or here: test() is the test.

# The packages are installed (tests/vm/lib/packages.sh): pvfsf-ctl and the
# other tools run from /usr/sbin, found first; the test tools (pvfs-sim,
# pvfsf-stripe-check...) from the build tree.
PATH=$PATH:$PVFSF_BUILD/user/bin

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

# pvfsf_load [PARAM=VALUE...]: load the module that pvfsf-dkms installed.
pvfsf_load() {
	modinfo -n pvfsf >/dev/null 2>&1 || skip "pvfsf-dkms installed no pvfsf.ko"
	modprobe pvfsf "$@" || fail "modprobe pvfsf $* failed"
}

# udev_settle: until udevd has handled every event so far, if it runs.
udev_settle() {
	[ ! -S /run/udev/control ] || udevadm settle --timeout=30 || fail "udevadm settle timed out"
}

# pvfsf_unload: rmmod it; failing to is a test failure (a leaked reference).
# udev's remove rule runs `pvfs-stripe-attach cleanup`, which holds the
# module while it opens /dev/pvfsf-control: its events are waited for.
pvfsf_unload() {
	udev_settle
	rmmod pvfsf || fail "rmmod pvfsf failed"
}

# background CMD [ARG...]: run CMD (a daemon kept in the foreground, e.g.
# `tgtd -f`) in the background until the test ends, then stop it: SIGTERM,
# and SIGKILL after 5 s (tgtd ignores SIGTERM while it has targets).
background() {
	"$@" &
	defer _pvfsf_stop "$!"
}

# uevent_monitor FILE SUBSYSTEM: the kernel's uevents of SUBSYSTEM, with
# their properties, into FILE until the test ends.  Returns once udevadm
# listens: it names its sources ("KERNEL - the kernel uevent") after it
# has bound their sockets.
uevent_monitor() {
	background stdbuf -oL udevadm monitor --kernel --property --subsystem-match="$2" >"$1" 2>/dev/null
	for _ in $(seq 100); do
		grep -q '^KERNEL - the kernel uevent' "$1" && return 0
		sleep 0.1
	done
	fail "udevadm monitor did not start listening"
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
# or udev rules; the project's rules are those pvfsf-tools installed in
# /usr/lib/udev/rules.d.  Only block devices are replayed ("coldplug"):
# replaying everything would load drivers for the whole virtual machine and
# take seconds.  Devices created later get their events anyway.  udevd
# stays up for the rest of the boot; the runner does not count it as left
# behind.
# Under systemd (tests/vm/boot --systemd) udevd is its unit, sandbox and all.
pvfsf_udev_start() {
	if [ -d /run/systemd/system ] && ! systemctl -q is-active systemd-udevd.service; then
		systemctl start systemd-udevd.service || fail "systemd-udevd.service did not start"
		udevadm trigger --subsystem-match=block --action=add
	elif ! pgrep -x systemd-udevd >/dev/null; then
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
	local count=$1 size=$2 i files=() dev
	shift 2
	LOOPS=()
	SPECS=()
	for ((i = 0; i < count; i++)); do
		files+=("$TMPDIR/member.$((_PVFSF_LOOP_SEQ++))")
	done
	# One truncate and one detach for all: under TCG an exec costs 40-150 ms.
	truncate -s "$size" "${files[@]}"
	for ((i = 0; i < count; i++)); do
		if ! dev=$(losetup -f --show "$@" "${files[i]}"); then
			[ ${#LOOPS[@]} = 0 ] || _loop_detach "${LOOPS[@]}"
			fail "losetup of ${files[i]} failed"
		fi
		LOOPS+=("$dev")
		SPECS+=("$dev:$((1000 + i))")
	done
	defer _loop_detach "${LOOPS[@]}"
}

# A loop device written to and closed is read again by udevd; detached
# under that probe it would only be marked to go at its last close and
# still be there when the runner looks for what a test left behind.
_loop_detach() { # DEVICE...
	udev_settle
	losetup -d "$@"
}

# export_lio_load: the target (LIO, fileio, iSCSI) and the initiator.
export_lio_load() {
	local m
	for m in target_core_mod target_core_file iscsi_target_mod iscsi_tcp sd_mod; do
		modprobe "$m" || fail "modprobe $m failed"
	done
	[ -d /sys/kernel/config/target/core ] || fail "no LIO configfs tree"
}

# export_iscsid_start: iscsid in the foreground (its own session: on
# SIGTERM it signals its process group), node records removed at the end.
# Where systemd runs, iscsid.service instead, as on a client: open-iscsi's
# udev rule has systemd start that unit whenever an iSCSI disk appears,
# and it fails beside an iscsid started by hand ("Can not bind IPC socket").
export_iscsid_start() {
	mkdir -p /run/lock
	sed -i -e 's|^iscsid.startup = .*|iscsid.startup = /bin/true|' \
		-e 's|^node.session.timeo.replacement_timeout = .*|node.session.timeo.replacement_timeout = 5|' \
		/etc/iscsi/iscsid.conf
	grep -q '^InitiatorName=' /etc/iscsi/initiatorname.iscsi 2>/dev/null ||
		echo "InitiatorName=iqn.2025-11.org.pvfsf:guest" >/etc/iscsi/initiatorname.iscsi
	defer rm -rf /etc/iscsi/nodes /etc/iscsi/send_targets
	if [ -d /run/systemd/system ]; then
		systemctl start iscsid.service || fail "iscsid.service did not start"
		defer systemctl stop iscsid.service
	else
		background setsid iscsid -f
	fi
}

# attach_cluster N [DIR]: the set-up of the attach tests: LIO and iscsid,
# pvfsf loaded, a pvfs-sim cluster of N servers in SIM=DIR (default
# $TMPDIR/sim; fs id 7), and
# /etc/pvfsf/attach.conf naming its key with short iSCSI timeouts, as an
# administrator would write it.  At the end every device is detached and
# every session logged out before the cluster goes.
attach_cluster() {
	export_lio_load
	export_iscsid_start
	lsmod | grep -q '^pvfsf ' || pvfsf_load
	SIM=${2:-$TMPDIR/sim}
	pvfs-sim create --servers "$1" --dir "$SIM" >"$TMPDIR/sim-create.out" ||
		fail "pvfs-sim create --servers $1 failed"
	defer _attach_teardown
	mkdir -p /etc/pvfsf
	cat >/etc/pvfsf/attach.conf <<-CONF
		cluster_key = $SIM/cluster.key
		replacement_timeout = 5
		login_timeout = 5
		login_retry_max = 1
	CONF
}

_attach_teardown() {
	local dev
	for dev in /dev/pvfsf[0-9]*; do
		[ -b "$dev" ] && pvfs-stripe-attach detach "$dev"
	done
	pvfs-stripe-attach cleanup >/dev/null
	iscsiadm -m session >/dev/null 2>&1 && iscsiadm -m node --logoutall=all >/dev/null
	pvfs-sim destroy --dir "$SIM"
	rm -rf /etc/pvfsf /run/pvfsf
}

# sim_luns K: the handles server K exports now, one per line, sorted.
sim_luns() {
	pvfs-lun-export request --config "$SIM/server$1/server.conf" list --json |
		python3 -c 'import json,sys; [print(l["handle"]) for l in sorted(json.load(sys.stdin)["luns"], key=lambda l: l["handle"])]'
}

# wait_released N: after the last close of a device detached --lazy, until
# udev's cleanup has deleted every SCSI disk and servers 1..N export no LUN
# (20 s at most), then udev settled.  The caller checks what is left.
wait_released() {
	local i k luns
	for ((i = 0; i < 100; i++)); do
		luns=
		for ((k = 1; k <= $1; k++)); do luns+=$(sim_luns $k); done
		[ -z "$(sd_disks)" ] && [ -z "$luns" ] && break
		sleep 0.2
	done
	udevadm settle --timeout=30
}

# ms_since START: milliseconds from START (an $EPOCHREALTIME) to now.
ms_since() { echo $(((${EPOCHREALTIME/./} - ${1/./}) / 1000)); }

# layout_handle LAYOUT: the file handle of a layout file (docs/layout.md).
layout_handle() {
	python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["handle"])' "$1"
}

# iscsi_session_count: how many iSCSI sessions exist.
iscsi_session_count() {
	local n=0 s
	for s in /sys/class/iscsi_session/session*; do
		[ -e "$s" ] && n=$((n + 1))
	done
	echo "$n"
}

# sd_disks: the SCSI disks there are, one per line.
sd_disks() {
	ls /sys/block | grep '^sd' || true
}

# attach_disk_of SERIAL: the sdX whose vpd_pg80 holds SERIAL.
attach_disk_of() {
	local d
	for d in /sys/block/sd*; do
		[ -e "$d/device/vpd_pg80" ] || continue
		tail -c +5 "$d/device/vpd_pg80" | tr -d '\0' | grep -qx -- "$1" && { echo "${d##*/}"; return 0; }
	done
	return 1
}

# attach_wait_disk SERIAL: the sdX with unit SERIAL once it exists (a
# rescan returns before sd's asynchronous probe adds the disk; 10 s at
# most) and udevd has probed it.
attach_wait_disk() {
	local i
	for ((i = 0; i < 100; i++)); do
		if attach_disk_of "$1" >/dev/null; then
			udevadm settle --timeout=30
			attach_disk_of "$1"
			return
		fi
		sleep 0.1
	done
	return 1
}

# scsi_debug_disks N: the sdX names of scsi_debug's disks, once all N are
# there (they appear a moment after modprobe), at most 10 s.
scsi_debug_disks() {
	local i d
	for i in $(seq 100); do
		d=$(ls -d /sys/bus/pseudo/drivers/scsi_debug/adapter*/host*/target*/*/block/* 2>/dev/null |
			xargs -rn1 basename)
		[ "$(wc -w <<<"$d")" = "$1" ] && break
		sleep 0.1
	done
	echo $d
}
