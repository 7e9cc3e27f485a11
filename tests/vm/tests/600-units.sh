#!/bin/bash
# The systemd units pvfsf-tools installs, run by systemd as PID 1: a data
# server's request service is pvfs-lun-export.service, sandboxed as the
# unit says, and serves a client's attach, whose bytes land in the
# bstream; a device detached --lazy goes at its last close, and udev's
# remove rule has systemd release its members in pvfsf-cleanup@.service
# (udevd itself is its unit, whose sandbox denies the network).
DESCRIPTION="units: pvfs-lun-export.service serves an attach, sandboxed; pvfsf-cleanup@ releases a lazily detached device"
REQUIRES="pvfsf target_core_mod iscsi_target_mod target_core_file iscsi_tcp"
SYSTEMD=1
TIMEOUT=300
. "$PVFSF_SRC/tests/vm/guest/systemd_units.sh"

# unit_prop UNIT PROPERTY: one property of a loaded unit, as systemctl shows it.
unit_prop() {
	systemctl show -P "$2" "$1"
}

test() {
	local sim=/var/lib/orangefs/pvfsf-vm-sim layout=$TMPDIR/file.json
	local pid dev i

	[ -d /run/systemd/system ] || fail "systemd is not PID 1: run this test in tests/vm/boot --systemd"
	# What systemd and the units said, kept with the test's results.
	defer eval 'journalctl -b --no-pager >"$PVFSF_OUT/journal" 2>&1'
	# The storage under /var/lib/orangefs, where the unit may write.
	defer rm -rf "$sim"
	attach_cluster 1 "$sim"
	pvfsf_udev_start

	# Server 1's service: the unit's, with the simulator's configuration.
	kill "$(cat "$sim/server1/serve.pid")"
	for ((i = 0; i < 50; i++)); do
		pvfs-lun-export request --config "$sim/server1/server.conf" list >/dev/null 2>&1 || break
		sleep 0.1
	done
	cp "$sim/server1/server.conf" /etc/pvfsf/export.conf
	systemctl start pvfs-lun-export.service || fail "pvfs-lun-export.service did not start"
	defer systemctl stop pvfs-lun-export.service
	pid=$(unit_prop pvfs-lun-export.service MainPID)
	[ "$pid" -gt 1 ] || fail "pvfs-lun-export.service has no main process"
	[ "$(cat "/proc/$pid/comm")" = pvfs-lun-export ] || fail "the unit runs $(cat "/proc/$pid/comm")"
	grep -q '^NoNewPrivs:[[:space:]]*1$' "/proc/$pid/status" || fail "the service may gain privileges"
	grep -q '^Seccomp:[[:space:]]*2$' "/proc/$pid/status" || fail "the service has no system call filter"
	# CAP_NET_BIND_SERVICE (bit 10) and nothing else.
	grep -q '^CapBnd:[[:space:]]*0000000000000400$' "/proc/$pid/status" ||
		fail "the service's capabilities: $(grep '^CapBnd' "/proc/$pid/status")"
	for ((i = 0; i < 50; i++)); do
		pvfs-lun-export request --config /etc/pvfsf/export.conf list >/dev/null 2>&1 && break
		sleep 0.1
	done

	head -c 300000 /dev/urandom >"$TMPDIR/file"
	pvfs-sim put "$TMPDIR/file" --strip 64K --dir "$sim" >"$layout" || fail "put failed"
	dev=$(pvfs-stripe-attach attach "$layout") || fail "attach through the unit's service failed"
	[ "$(sim_luns 1)" != "" ] || fail "the unit's service exported nothing"
	head -c 65536 /dev/urandom >"$TMPDIR/strip"
	dd if="$TMPDIR/strip" of="$dev" bs=64K seek=2 oflag=direct conv=notrunc status=none ||
		fail "O_DIRECT write to $dev failed"
	dd if="$TMPDIR/strip" of="$TMPDIR/file" bs=64K seek=2 conv=notrunc status=none
	pvfs-sim get "$layout" --dir "$sim" --output "$TMPDIR/bstreams" || fail "get failed"
	cmp "$TMPDIR/file" "$TMPDIR/bstreams" || fail "the bstream does not hold what was written"

	# The last close of a lazily detached device: the kernel removes it,
	# the rule starts the cleanup unit, the unit releases the members.
	exec 3<"$dev"
	pvfs-stripe-attach detach --lazy "$dev" || fail "detach --lazy failed"
	exec 3<&-
	unit_done "pvfsf-cleanup@${dev#/dev/}.service" 40
	[ -z "$(sim_luns 1)" ] || fail "server1 still exports after the cleanup unit ran"
	[ -z "$(sd_disks)" ] || fail "disks left after the cleanup unit ran: $(sd_disks)"
	[ "$(pvfs-stripe-attach list --json)" = "[]" ] || fail "list: $(pvfs-stripe-attach list)"
}
