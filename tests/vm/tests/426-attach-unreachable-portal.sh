#!/bin/bash
# One client, many programs: an attach stuck on a portal that drops every
# packet (server4's) stalls only its own file.  While it waits in
# discovery, an attach of another file over servers 1-3 and a detach of a
# third file each finish in a few seconds, and a second attach of the
# stuck file gives up after its own --timeout (exit 8).  The stuck attach
# then fails within its --timeout (exit 5) and rolls back.  The times go
# to times.txt.
DESCRIPTION="attach: an unreachable portal stalls only its own file's attach, and only for --timeout"
REQUIRES="pvfsf target_core_mod iscsi_target_mod target_core_file iscsi_tcp sch_prio cls_u32"
DMESG_ALLOW='iSCSI Login timeout|Connection reset|connection[0-9:]* error|login: failed|detected conn error'
TIMEOUT=600

# stuck_alive WHAT: the stuck attach still runs, so WHAT did not wait for it.
stuck_alive() {
	kill -0 "$apid" 2>/dev/null || fail "$1 finished only after the stuck attach ended: $(cat "$TMPDIR/stuck.err")"
}

test() {
	local x=$TMPDIR/x.json y=$TMPDIR/y.json z=$TMPDIR/z.json apid start astart ms rc out devy devz i
	attach_cluster 4
	for f in x y z; do head -c 400000 /dev/urandom >"$TMPDIR/$f"; done
	pvfs-sim put "$TMPDIR/x" --strip 64K --dir "$SIM" >"$x" || fail "put x"
	pvfs-sim put "$TMPDIR/y" --strip 64K --servers 3 --dir "$SIM" >"$y" || fail "put y"
	pvfs-sim put "$TMPDIR/z" --strip 64K --servers 3 --dir "$SIM" >"$z" || fail "put z"
	devz=$(pvfs-stripe-attach attach "$z") || fail "attach of z failed"  # sessions to servers 1-3

	# Server4's portal drops every packet; its export service answers.
	tc qdisc add dev lo root handle 1: prio || fail "tc qdisc"
	defer sh -c 'tc qdisc del dev lo root 2>/dev/null; true'
	tc filter add dev lo parent 1: protocol ip prio 1 u32 \
		match ip dst 127.0.10.4/32 match ip dport 3260 0xffff action drop || fail "tc filter"
	# 30 s a connection attempt, two attempts: the --timeout of 40 s cuts
	# that to one of 30 s, time enough for what must finish meanwhile
	# (about 4 s; three times that on a loaded host).
	printf 'cluster_key = %s\nlogin_timeout = 30\nlogin_retry_max = 2\n' "$SIM/cluster.key" >"$TMPDIR/slow.conf"
	astart=$EPOCHREALTIME
	pvfs-stripe-attach attach "$x" --timeout 40 --config "$TMPDIR/slow.conf" >"$TMPDIR/stuck.out" 2>"$TMPDIR/stuck.err" &
	apid=$!
	for ((i = 0; i < 300; i++)); do
		# (iscsiadm cuts its -p argument at the port in place.)
		pgrep -f -- '-m discoverydb -t sendtargets -p 127.0.10.4.*--discover' >/dev/null && break
		kill -0 "$apid" 2>/dev/null || fail "the stuck attach ended early: $(cat "$TMPDIR/stuck.err")"
		sleep 0.1
	done
	echo "the attach of x waits in discovery at 127.0.10.4 after $(ms_since "$astart") ms" | tee -a "$PVFSF_OUT/times.txt"

	start=$EPOCHREALTIME
	devy=$(pvfs-stripe-attach attach "$y") || fail "attach of y failed"
	ms=$(ms_since "$start")
	stuck_alive "the attach of y"
	echo "attach of y (servers 1-3) meanwhile: $ms ms" | tee -a "$PVFSF_OUT/times.txt"
	cmp -n 400000 "$TMPDIR/y" "$devy" || fail "$devy does not read file y"

	start=$EPOCHREALTIME
	pvfs-stripe-attach detach "$devz" || fail "detach of z failed"
	ms=$(ms_since "$start")
	stuck_alive "the detach of z"
	echo "detach of z meanwhile: $ms ms" | tee -a "$PVFSF_OUT/times.txt"

	# The stuck file itself: its lock is waited for --timeout, no longer.
	start=$EPOCHREALTIME
	rc=0
	out=$(pvfs-stripe-attach attach "$x" --timeout 2 2>&1) || rc=$?
	ms=$(ms_since "$start")
	stuck_alive "the second attach of x"
	echo "second attach of x meanwhile: exit $rc after $ms ms: $out" | tee -a "$PVFSF_OUT/times.txt"
	[ "$rc" = 8 ] || fail "a second attach of x exited $rc: $out"
	[ "$out" = "pvfs-stripe-attach attach: fs 7, handle $(layout_handle "$x"): another pvfs-stripe-attach command still works on it after 2 s: try again" ] ||
		fail "a second attach of x said: $out"

	rc=0
	wait "$apid" || rc=$?
	ms=$(ms_since "$astart")
	echo "the stuck attach of x: exit $rc after $ms ms: $(cat "$TMPDIR/stuck.err")" | tee -a "$PVFSF_OUT/times.txt"
	[ "$rc" = 5 ] || fail "the stuck attach exited $rc: $(cat "$TMPDIR/stuck.err")"
	grep -q "^pvfs-stripe-attach attach: server4 (handle [0-9]*): iSCSI session to iqn.2026-11.org.pvfsf.sim:server4 at 127.0.10.4:3260: iscsiadm discovery at 127.0.10.4:3260: " "$TMPDIR/stuck.err" ||
		fail "the stuck attach said: $(cat "$TMPDIR/stuck.err")"
	# Its --timeout and what a process costs under TCG, not iscsid.conf's 90 s.
	[ "$ms" -lt 55000 ] || fail "the stuck attach took $ms ms, with --timeout 40"
	tc qdisc del dev lo root

	# Its rollback: x's LUNs are gone, y's stay.
	for k in 1 2 3; do
		[ "$(sim_luns $k | wc -l)" = 1 ] || fail "server$k exports $(sim_luns $k | wc -l) LUNs, expected y's 1"
	done
	[ -z "$(sim_luns 4)" ] || fail "server4 still exports x's LUN"
	[ "$(pvfs-stripe-attach list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" = 1 ] ||
		fail "list: $(pvfs-stripe-attach list)"
	pvfs-stripe-attach detach "$devy" || fail "detach of y failed"
}
