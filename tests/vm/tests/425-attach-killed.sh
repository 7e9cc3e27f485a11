#!/bin/bash
# An attach killed (SIGKILL, no rollback) while iscsiadm logs it in to its
# second server: the login goes on without it and makes a session.  The
# attach ran as on a client without udevd, so it made no device; `cleanup`,
# run by hand (no device went, so no udev event calls it), releases the
# file: no record, no LUN on either server, no disk.  `logout --idle` knows
# both sessions as the tool's own, the one whose login the attach never saw
# end included, and ends them.  Then with udevd, where an attach makes its
# device first, assembling: killed during its discovery at the second
# server, it leaves that device assembling, which `cleanup` removes before
# it releases the file.
DESCRIPTION="attach killed half-way: cleanup releases it without udev, logout --idle ends its sessions"
REQUIRES="pvfsf target_core_mod iscsi_target_mod target_core_file iscsi_tcp"
TIMEOUT=360

# kill_at PATTERN CMD...: runs CMD (an attach) in the background with an
# iscsiadm in PATH that holds the run whose arguments match PATTERN (a
# glob); kills CMD with SIGKILL there, lets the held iscsiadm go on as it
# would (its output, which no one reads any more, to /dev/null) and waits
# for it to end.
kill_at() {
	local pattern=$1 pid i
	shift
	rm -rf "$TMPDIR/bin" "$TMPDIR/held" "$TMPDIR/done"
	mkdir "$TMPDIR/bin"
	cat >"$TMPDIR/bin/iscsiadm" <<-SH
		#!/bin/bash
		pattern='$pattern'
		if [[ " \$* " == \$pattern ]]; then
			touch "$TMPDIR/held"
			while [ -e "$TMPDIR/held" ]; do sleep 0.1; done
			$(command -v iscsiadm) "\$@" >/dev/null 2>&1
			touch "$TMPDIR/done"
			exit
		fi
		exec $(command -v iscsiadm) "\$@"
	SH
	chmod +x "$TMPDIR/bin/iscsiadm"
	PATH=$TMPDIR/bin:$PATH "$@" >"$TMPDIR/out" 2>&1 &
	pid=$!
	for ((i = 0; i < 600; i++)); do
		[ -e "$TMPDIR/held" ] && break
		kill -0 "$pid" 2>/dev/null || fail "$* ended before iscsiadm $pattern: $(cat "$TMPDIR/out")"
		sleep 0.1
	done
	[ -e "$TMPDIR/held" ] || fail "$* did not reach iscsiadm $pattern"
	kill -9 "$pid"
	wait "$pid" 2>/dev/null || true
	rm "$TMPDIR/held"
	for ((i = 0; i < 300; i++)); do
		[ -e "$TMPDIR/done" ] && break
		sleep 0.1
	done
	[ -e "$TMPDIR/done" ] || fail "the held iscsiadm did not end in 30 s"
	echo "killed $* at iscsiadm $pattern"
}

# released HANDLE: cleanup releases fs 7's file HANDLE, and leaves nothing.
released() {
	local start ms out
	# udevd probes new disks; one the cleanup deleted under a probe would
	# fail its reads (Buffer I/O error).
	udev_settle
	start=$EPOCHREALTIME
	out=$(pvfs-stripe-attach cleanup) || fail "cleanup failed: $out"
	ms=$(ms_since "$start")
	echo "cleanup: $ms ms" | tee -a "$PVFSF_OUT/times.txt"
	[ "$out" = "released fs 7, handle $1" ] || fail "cleanup said: $out"
	udev_settle
	[ "$(pvfs-stripe-attach list --json)" = "[]" ] || fail "list after cleanup: $(pvfs-stripe-attach list)"
	[ -z "$(ls /sys/block | grep pvfsf)" ] || fail "a device is left after cleanup"
	[ -z "$(sim_luns 1)$(sim_luns 2)" ] || fail "LUNs left after cleanup: server1 $(sim_luns 1), server2 $(sim_luns 2)"
	[ -z "$(sd_disks)" ] || fail "disks left after cleanup: $(sd_disks)"
}

test() {
	local layout=$TMPDIR/file.json out handle i
	attach_cluster 2
	head -c 300000 /dev/urandom >"$TMPDIR/file"
	pvfs-sim put "$TMPDIR/file" --strip 64K --dir "$SIM" >"$layout" || fail "put failed"
	handle=$(layout_handle "$layout")

	# Without udevd (an earlier test may have started it: hidden from the
	# attach, which looks for /run/udev/control), killed in its login.
	mkdir -p /run/udev
	kill_at '* -T iqn.2026-11.org.pvfsf.sim:server2 * --login *' \
		unshare -m sh -c 'mount -t tmpfs none /run/udev && exec "$@"' sh \
		pvfs-stripe-attach attach "$layout"
	[ "$(iscsi_session_count)" = 2 ] || fail "$(iscsi_session_count) sessions after the killed attach, expected 2"
	# The held login went on: its session's scan adds server2's disk a
	# moment later.  The cleanup must find it, so it is waited for.
	for ((i = 0; i < 100; i++)); do
		[ "$(sd_disks | wc -l)" = 2 ] && break
		sleep 0.1
	done
	[ "$(sd_disks | wc -l)" = 2 ] || fail "disks after the killed attach: $(sd_disks), expected 2"
	[ -z "$(ls /sys/block | grep pvfsf)" ] || fail "the killed attach made a device"
	pvfs-stripe-attach list | grep -q "released-pending" || fail "list does not show the file: $(pvfs-stripe-attach list)"
	released "$handle"
	out=$(pvfs-stripe-attach logout --idle) || fail "logout --idle failed: $out"
	echo "$out"
	grep -q '^logged out session [0-9]* (iqn.2026-11.org.pvfsf.sim:server2 at 127.0.10.2:3260)$' <<<"$out" ||
		fail "logout --idle did not end server2's session, whose login the attach never saw end: $out"
	[ "$(grep -c '^logged out session' <<<"$out")" = 2 ] || fail "logout --idle said: $out"
	[ "$(iscsi_session_count)" = 0 ] || fail "logout --idle left $(iscsi_session_count) sessions"

	# With udevd, killed in its discovery at server2: its device waits,
	# assembling, for a disk that never comes.
	pvfsf_udev_start
	kill_at '* -p 127.0.10.2:3260 --discover *' pvfs-stripe-attach attach "$layout"
	udevadm settle --timeout=30
	pvfs-stripe-attach list | grep -q " assembling" || fail "list does not show the device assembling: $(pvfs-stripe-attach list)"
	released "$handle"
	out=$(pvfs-stripe-attach logout --idle) || fail "logout --idle failed: $out"
	[ "$(iscsi_session_count)" = 0 ] || fail "logout --idle left $(iscsi_session_count) sessions: $out"
}
