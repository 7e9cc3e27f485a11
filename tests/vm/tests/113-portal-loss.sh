#!/bin/bash
# A data server's portal goes away under reads, as in a server restart.
# Back within the session's replacement timeout: the session recovers and
# the reads go on with no error, the device live throughout.  Away past
# the timeout: the member's reads fail at once, the device turns degraded
# and the other member is served; when the portal returns the session logs
# in again, the member's reads succeed and the device is live again by
# itself (the same disk: no event, no bind), every byte as written.
DESCRIPTION="portal down within the replacement timeout: no error; past it: degraded, then live when it returns"
SMP=2
REQUIRES="target_core_mod iscsi_target_mod target_core_file iscsi_tcp"
DMESG_ALLOW='I/O error, dev sd|Buffer I/O error on dev pvfsf|pvfsf: pvfsf[0-9]+: member .* lost'
TIMEOUT=360

# The attach_* helpers of the LIO targets.
. "$PVFSF_SRC/tests/vm/tests/300-attach-disks.sh"
DESCRIPTION="portal down within the replacement timeout: no error; past it: degraded, then live when it returns"
TIMEOUT=360

fs=13
strip=65536
lun_bytes=$((1 << 20))

serial() {
	printf '%08x%016x' $fs "$1"
}

# wait_for SECONDS CMD...: until CMD succeeds, at most SECONDS of wall
# time (CMD itself may take a while under TCG).
wait_for() {
	local end=$((SECONDS + $1))
	shift
	while ! "$@"; do
		[ $SECONDS -lt $end ] || return 1
		sleep 0.1
	done
}

state_is() {
	[ "$(cat "/sys/block/${dev#/dev/}/pvfsf/state")" = "$1" ]
}

# probed_live: a read of member 1's first strip (it fails while the member
# is lost), then whether the device is live.
probed_live() {
	dd if="$dev" of=/dev/null bs=$strip skip=1 count=1 iflag=direct status=none 2>/dev/null || true
	state_is live
}

session_is() {
	[ "$(cat "/sys/class/iscsi_session/session$SID2/state")" = "$1" ]
}

# reads of the whole device until $TMPDIR/stop exists; each failure is a
# line in $TMPDIR/read-errors
read_loop() {
	while [ ! -e "$TMPDIR/stop" ]; do
		dd if="$dev" of=/dev/null bs=$strip iflag=direct status=none 2>>"$TMPDIR/read-errors" || true
	done
}

# portal_outage SECONDS: srv2's portal group disabled (its sessions
# dropped, logins refused) for SECONDS, then enabled again.
portal_outage() {
	local tpg=$ATTACH_CFG/iscsi/$ATTACH_IQN:srv2/tpgt_1
	_attach_write 0 "$tpg/enable"
	sleep "$1"
	_attach_write 1 "$tpg/enable"
}

test() {
	local out reader t0 ms

	attach_start
	attach_target srv1 127.0.10.1
	attach_target srv2 127.0.10.2
	attach_lun srv1 0 d1000 "$(serial 1000)" $lun_bytes
	attach_lun srv2 0 d1001 "$(serial 1001)" $lun_bytes
	attach_forget srv1 127.0.10.1
	attach_forget srv2 127.0.10.2
	pvfsf_load
	dev=$(pvfsf-ctl create --fs-id $fs --handle 13 --strip $strip --size $((2 * lun_bytes)) \
		unbound:1000 unbound:1001) || fail "create failed"
	defer pvfsf-ctl remove "$dev"
	pvfsf-attach-probe login "$ATTACH_IQN:srv1" 127.0.10.1:3260 >/dev/null || fail "login srv1 failed"
	out=$(pvfsf-attach-probe login "$ATTACH_IQN:srv2" 127.0.10.2:3260) || fail "login srv2 failed"
	SID2=${out%% *}
	udevadm settle --timeout=30
	wait_for 60 state_is live || fail "not live after both logins"

	head -c $((2 * lun_bytes)) /dev/urandom >"$TMPDIR/data"
	dd if="$TMPDIR/data" of="$dev" bs=1M oflag=direct conv=fsync status=none

	# 1. back within the replacement timeout: no error at all
	echo 15 >"/sys/class/iscsi_session/session$SID2/recovery_tmo"
	: >"$TMPDIR/read-errors"
	background read_loop
	reader=$!
	sleep 1
	portal_outage 1
	wait_for 14 session_is LOGGED_IN || fail "session $SID2 did not recover: $(cat "/sys/class/iscsi_session/session$SID2/state")"
	sleep 1
	touch "$TMPDIR/stop"
	wait "$reader" 2>/dev/null || true
	[ ! -s "$TMPDIR/read-errors" ] || fail "reads failed during a short outage: $(head -n2 "$TMPDIR/read-errors")"
	state_is live || fail "state $(cat "/sys/block/${dev#/dev/}/pvfsf/state") after a short outage"
	[ "$(cat "/sys/block/${dev#/dev/}/pvfsf/member_state")" = $'0 live 0\n1 live 0' ] ||
		fail "member_state after a short outage: $(cat "/sys/block/${dev#/dev/}/pvfsf/member_state")"

	# 2. away past it: degraded, fast failures, then live again on return
	echo 2 >"/sys/class/iscsi_session/session$SID2/recovery_tmo"
	rm -f "$TMPDIR/stop"
	background read_loop
	reader=$!
	sleep 1
	_attach_write 0 "$ATTACH_CFG/iscsi/$ATTACH_IQN:srv2/tpgt_1/enable"
	wait_for 15 state_is degraded ||
		fail "not degraded past the timeout: $(cat "/sys/block/${dev#/dev/}/pvfsf/member_state")"
	touch "$TMPDIR/stop"
	wait "$reader" 2>/dev/null || true
	t0=$EPOCHREALTIME
	timeout 10 dd if="$dev" of=/dev/null bs=$strip skip=1 count=1 iflag=direct status=none 2>/dev/null &&
		fail "a read of the lost member's strip succeeded"
	ms=$(ms_since "$t0")
	# At once: within no timeout of the layers below (SCSI's is 30 s); the
	# bound allows for two execs under TCG on a loaded host, as 110's.
	[ "$ms" -lt 6000 ] || fail "a read of the lost member took $ms ms"
	cmp <(dd if="$dev" bs=$strip count=1 iflag=direct status=none) <(head -c $strip "$TMPDIR/data") ||
		fail "member 0's strip differs while degraded"
	_attach_write 1 "$ATTACH_CFG/iscsi/$ATTACH_IQN:srv2/tpgt_1/enable"
	wait_for 30 probed_live || fail "not live after the portal returned: $(cat "/sys/block/${dev#/dev/}/pvfsf/member_state")"
	cmp "$TMPDIR/data" <(dd if="$dev" bs=1M iflag=direct status=none) ||
		fail "data differs after the portal returned"
	cat "/sys/block/${dev#/dev/}/pvfsf/member_state" >"$PVFSF_OUT/member_state"
}
