#!/bin/bash
# Attach on open where systemd runs, as on an administrator's client: the
# branch of udev/62-pvfsf-orangefs.rules that 530-533 (udevd by hand) never
# take.  Real OrangeFS of 4 servers, strip 64 KiB:
#  1. a file written into a directory with user.pvfs2.fastpath=on: udevd
#     (its own unit, sandboxed) starts the transient unit
#     pvfsf-attach-<fs id>-<handle>, which attaches the file and ends;
#  2. I/O through the mount goes to the device, the bytes the model's;
#  3. past the linger after the last close (set to 1 s only then: an
#     attach takes longer than that under TCG, and a linger that ends
#     while it runs detaches it), the detach event starts
#     pvfsf-detach-<fs id>-<handle>, the device goes, and its remove event
#     starts pvfsf-cleanup@pvfsfN, which releases its disks and LUNs: no
#     device, no disk, no export is left, and no attach is asked again
#     (the detach used to open the file to drop its cached pages: when the
#     module's decision ran before that open closed, it asked for an
#     attach, and the file was attached and detached every linger; a race,
#     so this check sees it only in some runs); the file reads the model's
#     bytes.
DESCRIPTION="orangefs attach on open under systemd: transient attach and detach units, cleanup unit"
REQUIRES="pvfsf target_core_mod iscsi_target_mod target_core_file iscsi_tcp"
ORANGEFS=1
SYSTEMD=1
TIMEOUT=840
. "$PVFSF_SRC/tests/vm/guest/orangefs.sh"
. "$PVFSF_SRC/tests/vm/guest/ofs_fastpath.sh"
. "$PVFSF_SRC/tests/vm/guest/ofs_policy.sh"
. "$PVFSF_SRC/tests/vm/guest/systemd_units.sh"

test() {
	local f handle dev units

	[ -d /run/systemd/system ] || fail "systemd is not PID 1: run this test in tests/vm/boot --systemd"
	defer eval 'journalctl -b --no-pager >"$PVFSF_OUT/journal" 2>&1'
	ofs_policy_setup
	mkdir "$OFS_MNT/fast"
	ofs_fastpath_attr "$OFS_MNT/fast" on

	# 1. The open asks; udevd has systemd run the attach.
	f=$OFS_MNT/fast/f
	ofs_new_file f "$f" 1000003
	handle=$(stat -c %i "$f")
	ofs_wait_dev "$f" present
	unit_done "pvfsf-attach-$OFS_FSID-$handle.service" 60
	dev=$(ofs_dev "$f")
	echo "f: attached as $dev by pvfsf-attach-$OFS_FSID-$handle.service"

	# 2. Through the device.
	ofs_policy_io "$f" f read:0:983040:dev write:65536:262144:dev ||
		fail "I/O through the device failed"
	[ "$(ofs_dev "$f")" = "$dev" ] || fail "the device changed from $dev to $(ofs_dev "$f")"

	echo "f: read and written through $dev"

	# 3. The linger runs out: detach unit, then cleanup unit.
	echo 1 >/sys/module/orangefs/parameters/fastpath_linger
	head -c 1 "$f" >/dev/null || fail "cannot read $f"
	ofs_wait_dev "$f" absent 60
	unit_done "pvfsf-detach-$OFS_FSID-$handle.service" 60
	unit_done "pvfsf-cleanup@$dev.service" 60
	[ "$(pvfs-stripe-attach list --json)" = "[]" ] || fail "still attached: $(pvfs-stripe-attach list)"
	[ -z "$(sd_disks)" ] || fail "disks left after the cleanup unit ran: $(sd_disks)"
	units=$(systemctl list-units --all --plain --no-legend 'pvfsf-attach-*' 'pvfsf-detach-*' \
		'pvfsf-cleanup@*' | awk '!/ inactive | dead /')
	[ -z "$units" ] || fail "units left: $units"
	! journalctl -q -o cat --after-cursor "$UNITS_CURSOR" | grep -m1 'Failed to start' ||
		fail "a unit failed to start (journal in the results)"
	# Nothing of the detach opened the file: that would ask for an attach
	# again, and the file would be attached and detached every linger.
	sleep 3
	[ "$(ofs_events attach "$f")" = 1 ] || fail "$(ofs_events attach "$f") attach uevents for $f, not 1"
	echo "f: detached by pvfsf-detach-$OFS_FSID-$handle.service, released by pvfsf-cleanup@$dev.service"
	# The check opens the file: with the directory off, no attach.
	ofs_fastpath_attr "$OFS_MNT/fast" off
	_ofs_check_file f "$f" 1000003 "after the units attached and detached"
}
