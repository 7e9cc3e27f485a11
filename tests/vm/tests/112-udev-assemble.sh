#!/bin/bash
# Assembly from udev events with systemd-udevd running: a device created
# with every slot unbound waits while its member LUNs appear over iSCSI in
# no fixed order, one of them late; udev/61-pvfsf-member.rules binds each
# as it appears, and the last makes the device live, its node root:disk
# 0660 and its by-handle link in place.  A member's disk deleted under fio
# fails fio within seconds and turns the device degraded; the disk
# rescanned back is bound again by udev, live, the data written before the
# loss intact.  A pvfs disk no device waits for is left alone: one line,
# exit 0.
DESCRIPTION="udev assembly: members bind in any order, a lost disk rescanned comes back, strays left alone"
REQUIRES="target_core_mod iscsi_target_mod target_core_file iscsi_tcp"
DMESG_ALLOW='I/O error, dev sd|Buffer I/O error on dev pvfsf|pvfsf: pvfsf[0-9]+: member .* lost'
TIMEOUT=360

# The attach_* helpers of the LIO targets.
. "$PVFSF_SRC/tests/vm/tests/300-attach-disks.sh"
DESCRIPTION="udev assembly: members bind in any order, a lost disk rescanned comes back, strays left alone"
TIMEOUT=360

fs=12
strip=65536
lun_bytes=$((2 << 20))

# serial HANDLE: the unit serial of datafile HANDLE of file system $fs.
serial() {
	printf '%08x%016x' $fs "$1"
}

# wait_state STATE: at most 10 s for the device to be in STATE.
wait_state() {
	local i
	for i in $(seq 100); do
		[ "$(cat "/sys/block/${dev#/dev/}/pvfsf/state")" = "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

# wait_bound SLOT: at most 10 s for udev to bind the slot (udevd may read
# a disk's event after settle has looked at its queue).
wait_bound() {
	local i
	for i in $(seq 100); do
		grep -q "^$1 live " "/sys/block/${dev#/dev/}/pvfsf/member_state" && return 0
		sleep 0.1
	done
	fail "slot $1 not bound: $(member_states)"
}

# add_lun LUN HANDLE: the datafile's LUN, brought in by a session rescan
# and bound by udev into slot HANDLE - 1000.
add_lun() {
	attach_lun srv1 "$1" "d$2" "$(serial "$2")" $lun_bytes
	pvfsf-attach-probe rescan "$SID" >/dev/null || fail "rescan of session $SID failed"
	wait_bound $(($2 - 1000))
}

member_states() {
	cat "/sys/block/${dev#/dev/}/pvfsf/member_state"
}

test() {
	local out sd1 i t0 ms rc fio_pid log members=()

	attach_start
	attach_target srv1 127.0.10.1
	attach_lun srv1 0 d1002 "$(serial 1002)" $lun_bytes
	attach_forget srv1 127.0.10.1
	pvfsf_load

	# the device first, waiting for all three
	dev=$(pvfsf-ctl create --fs-id $fs --handle 12 --strip $strip --size $((3 * lun_bytes)) \
		unbound:1000 unbound:1001 unbound:1002) || fail "create failed"
	defer pvfsf-ctl remove "$dev"
	udevadm settle --timeout=30
	[ "$(readlink "/dev/pvfsf/by-handle/$fs-12")" = "../../${dev#/dev/}" ] ||
		fail "by-handle link: '$(readlink "/dev/pvfsf/by-handle/$fs-12")'"
	[ "$(stat -c '%U:%G %a' "$dev")" = "root:disk 660" ] ||
		fail "node $(stat -c '%U:%G %a' "$dev"), want root:disk 660"

	# the last datafile first (the login scans it), then the first, then,
	# late, the middle one
	out=$(pvfsf-attach-probe login "$ATTACH_IQN:srv1" 127.0.10.1:3260) || fail "login failed"
	SID=${out%% *}
	wait_bound 2
	[ "$(member_states)" = $'0 unbound 0\n1 unbound 0\n2 live 0' ] ||
		fail "after the first disk: $(member_states)"
	# grep reads it all: with -q it could end the pipe early (pipefail)
	udevadm test "/sys/block/$(attach_disk_of "$(serial 1002)")" 2>&1 |
		grep "pvfs-stripe-attach incremental --log kmsg /dev/sd" >/dev/null ||
		fail "udevadm test on a member disk does not show the rule"
	add_lun 1 1000
	[ "$(cat "/sys/block/${dev#/dev/}/pvfsf/state")" = assembling ] ||
		fail "not assembling with slot 1 unbound: $(member_states)"
	sleep 2
	add_lun 2 1001
	wait_state live || fail "not live with every disk there: $(member_states)"
	[ "$(cat "/sys/block/${dev#/dev/}/size")" = $((3 * lun_bytes / 512)) ] ||
		fail "size $(cat "/sys/block/${dev#/dev/}/size")"
	for i in 1000 1001 1002; do
		members+=("/dev/$(attach_disk_of "$(serial $i)")")
	done
	pvfsf-stripe-check write --device "$dev" --strip $strip --seed 112 \
		--ops 40 "${members[@]}" >&2 || fail "write check failed after udev assembly"
	# the check wrote the member disks: udevd reads them again, and one of
	# them is deleted below
	udevadm settle --timeout=30

	# the data the loss must not touch
	head -c $((3 * lun_bytes)) /dev/urandom >"$TMPDIR/data"
	dd if="$TMPDIR/data" of="$dev" bs=1M oflag=direct conv=fsync status=none

	# member 1's disk deleted under fio: errors within seconds, no hang
	sd1=$(attach_disk_of "$(serial 1001)")
	fio --name=loss --filename="$dev" --direct=1 --ioengine=libaio --iodepth=8 \
		--rw=randread --bs=64k --time_based --runtime=60 \
		--output="$PVFSF_OUT/fio-loss.txt" 2>"$PVFSF_OUT/fio-loss.err" &
	fio_pid=$!
	sleep 2
	kill -0 $fio_pid || fail "fio ended before the loss: $(cat "$PVFSF_OUT/fio-loss.txt")"
	t0=$EPOCHREALTIME
	echo 1 >"/sys/block/$sd1/device/delete"
	for ((i = 0; i < 200; i++)); do
		kill -0 $fio_pid 2>/dev/null || break
		sleep 0.1
	done
	ms=$(ms_since "$t0")
	kill -0 $fio_pid 2>/dev/null && { kill $fio_pid; fail "fio still running 20 s after the loss"; }
	rc=0
	wait $fio_pid || rc=$?
	[ $rc != 0 ] || fail "fio saw no error after the loss"
	grep -qi 'Input/output error' "$PVFSF_OUT/fio-loss.txt" "$PVFSF_OUT/fio-loss.err" ||
		fail "fio's error: $(cat "$PVFSF_OUT/fio-loss.err")"
	echo "fio ended $ms ms after the loss" >&2
	# Within seconds, not a SCSI timeout (30 s); the bound allows for a
	# loaded host under TCG.
	[ "$ms" -lt 10000 ] || fail "fio ended $ms ms after the loss"
	wait_state degraded || fail "not degraded after the loss: $(member_states)"
	read -r i out rc < <(sed -n 2p "/sys/block/${dev#/dev/}/pvfsf/member_state")
	[ "$out" = lost ] && [ "$rc" -gt 0 ] || fail "member_state after the loss: $(member_states)"

	# the disk comes back: udev binds it into its slot, live, data intact
	pvfsf-attach-probe rescan "$SID" >/dev/null || fail "rescan after the loss failed"
	udevadm settle --timeout=30
	wait_state live || fail "not live after the disk came back: $(member_states)"
	[ "$(member_states)" = $'0 live 0\n1 live 0\n2 live 0' ] || fail "after the return: $(member_states)"
	cmp "$TMPDIR/data" <(dd if="$dev" bs=1M iflag=direct status=none) ||
		fail "data differs after the disk came back"

	# a pvfs disk no device waits for: left alone, one line
	attach_lun srv1 3 stray "$(serial 5555)" $lun_bytes
	pvfsf-attach-probe rescan "$SID" >/dev/null || fail "rescan for the stray failed"
	out=$(attach_wait_disk "$(serial 5555)") || fail "the stray LUN did not appear"
	# what udev's run of incremental logged, said again on stderr: one line
	rc=0
	log=$(pvfs-stripe-attach incremental "/dev/$out" 2>&1) || rc=$?
	[ $rc = 0 ] && [ "$log" = "pvfs-stripe-attach incremental: /dev/$out (fs $fs datafile 5555): no device waits for it; left alone" ] ||
		fail "incremental on the stray (exit $rc): $log"
	[ "$(member_states)" = $'0 live 0\n1 live 0\n2 live 0' ] || fail "the stray changed the device: $(member_states)"
	[ -z "$(ls "/sys/block/$out/holders")" ] || fail "the stray disk is held: $(ls "/sys/block/$out/holders")"
	# the rule's lines, in the kernel log with the syslog tag journald reads
	dmesg | grep 'pvfs-stripe-attach' >"$PVFSF_OUT/incremental.log"
	grep -q -E "pvfs-stripe-attach\[[0-9]+\]: incremental: /dev/sd[a-z]+ \(fs $fs datafile 1001\): bound as $dev slot 1$" \
		"$PVFSF_OUT/incremental.log" || fail "the kernel log has no tagged line of the rule's bind of datafile 1001"
}
