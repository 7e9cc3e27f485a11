#!/bin/bash
# pvfsf-attach-probe wait: its udev monitor is armed before anything else,
# so a LUN added to a logged-in target and brought in by a rescan of that
# one session is caught by the monitor (an "add" event), with udevd's
# events and with the kernel's raw ones; a disk present already is found
# by the scan; a serial nobody exports times out, and the message names it.
DESCRIPTION="attach: wait catches a LUN added later plus a session rescan, and times out naming the missing serial"
REQUIRES="target_core_mod iscsi_target_mod target_core_file iscsi_tcp"
TIMEOUT=240

# The attach_* helpers of the LIO targets.
. "$PVFSF_SRC/tests/vm/tests/300-attach-disks.sh"
DESCRIPTION="attach: wait catches a LUN added later plus a session rescan, and times out naming the missing serial"
TIMEOUT=240

# wait_started ERRFILE PID: until the background wait says its monitor is
# armed (or it died).
wait_started() {
	local i
	for ((i = 0; i < 200; i++)); do
		grep -q 'waiting up to' "$1" 2>/dev/null && return 0
		kill -0 "$2" 2>/dev/null || break
		sleep 0.1
	done
	cat "$1" >&2
	fail "pvfsf-attach-probe wait did not start"
}

# late_lun LUN NAME SERIAL SOURCE: start a wait for SERIAL (monitor SOURCE)
# in the background, then add the LUN to srv1 and rescan the session; the
# wait must report the new disk, found by its add event.
late_lun() {
	local lun=$1 name=$2 serial=$3 source=$4 pid rc out err disk
	out=$TMPDIR/wait.$name.out err=$TMPDIR/wait.$name.err
	pvfsf-attach-probe wait --verbose --timeout 60 --source "$source" "$serial" >"$out" 2>"$err" &
	pid=$!
	defer _pvfsf_stop "$pid"
	wait_started "$err" "$pid"
	attach_lun srv1 "$lun" "$name" "$serial" 1048576
	# The target says its LUNs changed, the kernel does not scan by itself.
	pvfsf-attach-probe rescan "$SID" || fail "probe rescan $SID failed"
	rc=0
	wait "$pid" || rc=$?
	cat "$out" "$err"
	[ $rc = 0 ] || fail "wait ($source) for $serial exited $rc: $(tail -n1 "$err")"
	disk=$(attach_disk_of "$serial") || fail "no disk with unit serial $serial after the rescan"
	[ "$(cat "$out")" = "$serial /dev/$disk" ] || fail "wait ($source) printed '$(cat "$out")', expected '$serial /dev/$disk'"
	grep -q "^pvfsf-attach-probe: $disk: unit serial $serial, [0-9]*:0:0:$lun, session $SID, found by add event\$" "$err" ||
		fail "wait ($source): $disk not found by its add event: $(tail -n1 "$err")"
	grep -q "monitor $source\$" "$err" || fail "wait did not use the $source monitor: $(head -n1 "$err")"
}

test() {
	local s0=00000007000000000020000a s1=000000070000000000200011 s2=000000070000000000200012
	local missing=0000000700000000002000ee out rc start

	attach_start
	attach_target srv1 127.0.10.1
	attach_lun srv1 0 w0 "$s0" 1048576
	attach_forget srv1 127.0.10.1
	out=$(pvfsf-attach-probe login "$ATTACH_IQN:srv1" 127.0.10.1:3260) || fail "probe login failed"
	SID=${out%% *}
	[ "$out" = "$SID logged-in" ] || fail "probe login said '$out'"
	udevadm settle --timeout=30

	# A disk that is there already: the scan after arming finds it.
	out=$(pvfsf-attach-probe wait --verbose --timeout 10 "$s0" 2>"$TMPDIR/present.err") ||
		fail "wait for the present disk failed: $(cat "$TMPDIR/present.err")"
	[ "$out" = "$s0 /dev/$(attach_disk_of "$s0")" ] || fail "wait for the present disk printed '$out'"
	grep -q 'found by scan (present)$' "$TMPDIR/present.err" || fail "present disk: $(cat "$TMPDIR/present.err")"

	# LUNs added later, caught by the monitor: udevd's events, then the
	# kernel's (what a host without udevd has).
	late_lun 1 w1 "$s1" udev
	late_lun 2 w2 "$s2" kernel

	# Nobody exports this one: a clear timeout naming it, and what was found.
	start=$SECONDS
	rc=0
	out=$(pvfsf-attach-probe wait --timeout 2 "$missing" "$s1" 2>&1) || rc=$?
	echo "$out"
	[ $rc = 1 ] || fail "wait for a missing serial exited $rc"
	[ $((SECONDS - start)) -lt 15 ] || fail "the 2 s timeout took $((SECONDS - start)) s"
	out=${out##*$'\n'} # the last line; the first says it is waiting
	[[ $out == "pvfsf-attach-probe wait: timed out after 2."?" s waiting for the disk with unit serial $missing (found 1 of 2: $s1 on $(attach_disk_of "$s1"))" ]] ||
		fail "timeout message: $out"
	# Bad usage is exit 2.
	rc=0
	pvfsf-attach-probe wait --timeout x "$s0" 2>/dev/null || rc=$?
	[ $rc = 2 ] || fail "wait --timeout x exited $rc, not 2"

	# The session's disks, as the library lists them for a rollback.
	[ "$(pvfsf-attach-probe disks --json | python3 -c 'import json,sys; print(sorted(d["serial"] for d in json.load(sys.stdin) if d["session"] == int(sys.argv[1])))' "$SID")" = "['$s0', '$s1', '$s2']" ] ||
		fail "probe disks does not list the three LUNs in session $SID"
	udevadm settle --timeout=30  # the kernel-caught disk may still be probed
	pvfsf-attach-probe logout "$SID" || fail "probe logout failed"
}
