#!/bin/bash
# An attach killed (SIGKILL, no rollback) while iscsiadm logs it in to its
# second server, before it made its device: the login goes on without it
# and makes a session.  Then `cleanup`, run by hand (no device went, so no
# udev event calls it), releases the file: no record, no LUN on either
# server, no disk; and `logout --idle` knows both sessions as the tool's
# own, the one whose login the attach never saw end included, and ends
# them.
DESCRIPTION="attach killed during its login: cleanup releases it without udev, logout --idle ends its sessions"
REQUIRES="pvfsf target_core_mod iscsi_target_mod target_core_file iscsi_tcp sch_netem sch_prio cls_u32"
DMESG_ALLOW='iSCSI Login timeout|Connection reset|connection[0-9:]* error|login: failed|detected conn error'
TIMEOUT=150

ms_since() { echo $(((${EPOCHREALTIME/./} - ${1/./}) / 1000)); }

# login_pid: the iscsiadm that logs in to server2, if one runs.
login_pid() {
	pgrep -f -- '-m node -T iqn.2026-11.org.pvfsf.sim:server2 -p 127.0.10.2:3260 --login' || true
}

test() {
	local layout=$TMPDIR/file.json apid pid i out start ms handle
	attach_cluster 2
	head -c 300000 /dev/urandom >"$TMPDIR/file"
	pvfs-sim put "$TMPDIR/file" --strip 64K --dir "$SIM" >"$layout" || fail "put failed"
	handle=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["handle"])' "$layout")

	# Every packet to server2's portal waits 400 ms: its login takes
	# seconds, long enough to be caught under way.
	tc qdisc add dev lo root handle 1: prio || fail "tc qdisc"
	defer sh -c 'tc qdisc del dev lo root 2>/dev/null; true'
	tc qdisc add dev lo parent 1:3 handle 30: netem delay 400ms || fail "tc netem"
	tc filter add dev lo parent 1: protocol ip prio 1 u32 \
		match ip dst 127.0.10.2/32 match ip dport 3260 0xffff flowid 1:3 || fail "tc filter"

	pvfs-stripe-attach attach "$layout" --timeout 60 >"$TMPDIR/out" 2>&1 &
	apid=$!
	for ((i = 0; i < 600; i++)); do
		pid=$(login_pid)
		[ -n "$pid" ] && break
		kill -0 "$apid" 2>/dev/null || fail "the attach ended before its login to server2: $(cat "$TMPDIR/out")"
		sleep 0.05
	done
	[ -n "$pid" ] || fail "no login to server2 was seen"
	kill -9 "$apid"
	wait "$apid" 2>/dev/null || true
	echo "killed the attach while iscsiadm $pid logs in to server2"
	# The login goes on without the attach; wait for it to end.
	for ((i = 0; i < 300; i++)); do
		[ -z "$(login_pid)" ] && break
		sleep 0.1
	done
	[ -z "$(login_pid)" ] || fail "iscsiadm still logs in to server2 after 30 s"
	tc qdisc del dev lo root
	[ "$(iscsi_session_count)" = 2 ] || fail "$(iscsi_session_count) sessions after the killed attach, expected 2"
	[ -z "$(ls /sys/block | grep pvfsf)" ] || fail "the killed attach made a device"
	pvfs-stripe-attach list | grep -q "released-pending" || fail "list does not show the file: $(pvfs-stripe-attach list)"

	# cleanup by hand: the killed attach holds no lock, and nothing waits
	# for udev (udevd does not even run).
	start=$EPOCHREALTIME
	out=$(pvfs-stripe-attach cleanup) || fail "cleanup failed: $out"
	ms=$(ms_since "$start")
	echo "cleanup: $ms ms" | tee -a "$PVFSF_OUT/times.txt"
	[ "$out" = "released fs 7, handle $handle" ] || fail "cleanup said: $out"
	[ "$(pvfs-stripe-attach list --json)" = "[]" ] || fail "list after cleanup: $(pvfs-stripe-attach list)"
	[ -z "$(sim_luns 1)$(sim_luns 2)" ] || fail "LUNs left after cleanup: server1 $(sim_luns 1), server2 $(sim_luns 2)"
	[ -z "$(sd_disks)" ] || fail "disks left after cleanup: $(sd_disks)"

	out=$(pvfs-stripe-attach logout --idle) || fail "logout --idle failed: $out"
	echo "$out"
	grep -q '^logged out session [0-9]* (iqn.2026-11.org.pvfsf.sim:server2 at 127.0.10.2:3260)$' <<<"$out" ||
		fail "logout --idle did not end server2's session, whose login the attach never saw end: $out"
	[ "$(grep -c '^logged out session' <<<"$out")" = 2 ] || fail "logout --idle said: $out"
	[ "$(iscsi_session_count)" = 0 ] || fail "logout --idle left $(iscsi_session_count) sessions"
}
