#!/bin/bash
# pvfsf's orangefs.ko keeps the client daemon's path whenever the device
# is not there or stops serving, and no error reaches the program (real
# OrangeFS of 4 servers, strip 64 KiB; ofs_mount_loop.py writes and reads
# 64 KiB rounds, buffered and O_DIRECT, checking every byte):
#  1. an attach that fails (one export service unreachable) leaves no
#     device, and the program's rounds go through the daemon;
#  2. attached, the rounds go through the device; ofs2's portal group is
#     disabled under them (its session dropped, as in a server restart):
#     past the replacement timeout the member is lost, its pieces fail on
#     the device and go through the daemon; the portal returns;
#  3. the device is detached (--lazy: at its last close) under them;
#  4. the program ends with status 0, and with the daemon alone the
#     mount, pvfs2-cp, stat and pvfs2-stat agree with its model and the
#     bstreams follow simple_stripe.
DESCRIPTION="orangefs.ko fast path: a failed attach, a lost member, a device removed under a running program: the daemon's path, no error"
SMP=2
REQUIRES="pvfsf target_core_mod iscsi_target_mod target_core_file iscsi_tcp"
DMESG_ALLOW='I/O error, dev sd|pvfsf: pvfsf[0-9]+: member .* lost|detected conn error|session recovery timed out|Connection reset|connection[0-9:]* error|iSCSI Login timeout|login: failed|rejecting I/O to offline device'
ORANGEFS=1
TIMEOUT=900
. "$PVFSF_SRC/tests/vm/guest/orangefs.sh"
. "$PVFSF_SRC/tests/vm/guest/ofs_fastpath.sh"

# _rounds: rounds the program has done.
_rounds() {
	cat "$TMPDIR/progress" 2>/dev/null || echo 0
}

# _run_rounds N WHAT: until the program has done N more rounds (at most
# 120 s), and it is still running.
_run_rounds() {
	local want=$(($(_rounds) + $1)) end=$((SECONDS + 120))
	while [ "$(_rounds)" -lt $want ]; do
		kill -0 "$LOOP_PID" 2>/dev/null || fail "the program ended $2: $(cat "$TMPDIR/loop.err")"
		[ $SECONDS -lt $end ] || fail "the program did $(_rounds) rounds of $want in 120 s $2"
		sleep 0.2
	done
}

# _start_loop / _stop_loop: the program, in the background; stopped with
# SIGTERM, its status must be 0.
_start_loop() {
	python3 "$PVFSF_SRC/tests/vm/tests/ofs_mount_loop.py" "$f" "$model" "$TMPDIR/progress" \
		2>"$TMPDIR/loop.err" &
	LOOP_PID=$!
	defer _loop_gone
}

_loop_gone() {
	! kill -0 "$LOOP_PID" 2>/dev/null || kill "$LOOP_PID"
}

_stop_loop() {
	local status=0
	kill -TERM "$LOOP_PID"
	wait "$LOOP_PID" || status=$?
	[ $status = 0 ] || fail "the program ended with status $status: $(cat "$TMPDIR/loop.err")"
	echo "the program did $(_rounds) rounds, no error"
}

# _portal_back ENABLE: ofs2's portal group enabled again (its sessions log
# in again by themselves).
_portal_back() {
	[ "$(cat "$1")" = 1 ] || echo 1 >"$1"
}

test() {
	local dev model=$TMPDIR/loop.model r0 w0 r1 w1 d0 d1 state k tpg
	ofs_cluster 4 --strip 65536
	f=$OFS_MNT/loop
	ofs_fastpath_setup
	head -c $((2 * 1024 * 1024)) /dev/urandom >"$model"
	cp "$model" "$f" || fail "cp into the mount failed"

	# 1. An attach that cannot reach ofs2's export service.
	cp /etc/pvfsf/servers.json "$TMPDIR/servers.json"
	sed -i 's/"127.0.10.2:3263"/"127.0.10.2:9"/' /etc/pvfsf/servers.json
	pvfs-stripe-attach attach "$f" --extent $((4 * 1024 * 1024)) >/dev/null 2>"$TMPDIR/attach.err" &&
		fail "attach succeeded with ofs2's export service unreachable"
	echo "attach failed as it should: $(tail -n1 "$TMPDIR/attach.err")"
	cp "$TMPDIR/servers.json" /etc/pvfsf/servers.json
	compgen -G '/dev/pvfsf[0-9]*' >/dev/null && fail "a failed attach left $(echo /dev/pvfsf[0-9]*)"
	d0=$(ofs_daemon_bytes)
	_start_loop
	_run_rounds 4 "with no device"
	d1=$(ofs_daemon_bytes)
	[ $((d1 - d0)) -ge 262144 ] || fail "without a device the daemon carried $((d1 - d0)) bytes of 4 rounds"

	# 2. Attached: the device; then ofs2's portal goes away and comes back.
	dev=$(pvfs-stripe-attach attach "$f" --extent $((4 * 1024 * 1024)) 2>"$TMPDIR/attach.err") ||
		fail "attach failed: $(tail -n1 "$TMPDIR/attach.err")"
	read -r r0 w0 < <(ofs_sectors "$dev")
	_run_rounds 4 "attached"
	read -r r1 w1 < <(ofs_sectors "$dev")
	echo "attached: $dev read $((r1 - r0)) and wrote $((w1 - w0)) sectors"
	if [ $((w1 - w0)) -lt 256 ] || [ $((r1 - r0)) -lt 256 ]; then
		fail "$dev read $((r1 - r0)) and wrote $((w1 - w0)) sectors in 4 rounds of 128 each"
	fi
	tpg=$(echo /sys/kernel/config/target/iscsi/iqn.2025-11.org.pvfsf:export.ofs2/tpgt_*/enable)
	[ -f "$tpg" ] || fail "no portal group of ofs2's target: $tpg"
	echo 0 >"$tpg"
	defer _portal_back "$tpg"
	_run_rounds 8 "with ofs2's portal away"
	state=$(cat "/sys/block/${dev#/dev/}/pvfsf/state")
	echo "with ofs2's portal away: $dev is $state"
	[ "$state" != live ] || fail "$dev stayed live with ofs2's portal away for 8 rounds"
	_portal_back "$tpg"
	_run_rounds 4 "with ofs2's portal back"

	# 3. The device goes under the program.
	pvfs-stripe-attach detach --lazy "$f" || fail "detach --lazy $f failed"
	_run_rounds 4 "after the detach"
	for k in 1 2 3 4 5 6 7 8 9 10; do
		[ -e "$dev" ] || break
		sleep 0.5
	done
	[ -e "$dev" ] && fail "$dev is still there 5 s after detach --lazy"
	_stop_loop

	# 4. The bytes, with the daemon alone.
	_ofs_check_file loop "$f" $((2 * 1024 * 1024)) "after the program"
}
