#!/bin/bash
# An attach killed (SIGKILL, no rollback) while iscsiadm logs it in to its
# second server, before it made its device: the login goes on without it
# and makes a session.  Then `cleanup`, run by hand (no device went, so no
# udev event calls it), releases the file: no record, no LUN on either
# server, no disk; and `logout --idle` knows both sessions as the tool's
# own, the one whose login the attach never saw end included, and ends
# them.
DESCRIPTION="attach killed during its login: cleanup releases it without udev, logout --idle ends its sessions"
REQUIRES="pvfsf target_core_mod iscsi_target_mod target_core_file iscsi_tcp"
TIMEOUT=120

ms_since() { echo $(((${EPOCHREALTIME/./} - ${1/./}) / 1000)); }

# login_runs: an iscsiadm logs in to server2.  (iscsiadm cuts its -p
# argument at the port in place, so its command line reads "ADDR PORT".)
login_runs() {
	pgrep -f -- '-m node -T iqn.2026-11.org.pvfsf.sim:server2 -p 127.0.10.2.*--login' >/dev/null
}

test() {
	local layout=$TMPDIR/file.json apid i out start ms handle
	attach_cluster 2
	head -c 300000 /dev/urandom >"$TMPDIR/file"
	pvfs-sim put "$TMPDIR/file" --strip 64K --dir "$SIM" >"$layout" || fail "put failed"
	handle=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["handle"])' "$layout")

	# The attach runs iscsiadm from PATH: this one holds a login to server2
	# until the test has killed the attach, then logs in as iscsiadm would
	# (its output, which no one reads any more, to /dev/null).
	mkdir "$TMPDIR/bin"
	cat >"$TMPDIR/bin/iscsiadm" <<-SH
		#!/bin/bash
		if [[ " \$* " == *" --login "* && " \$* " == *":server2 "* ]]; then
			touch "$TMPDIR/at-login"
			while [ -e "$TMPDIR/at-login" ]; do sleep 0.1; done
			exec $(command -v iscsiadm) "\$@" >/dev/null 2>&1
		fi
		exec $(command -v iscsiadm) "\$@"
	SH
	chmod +x "$TMPDIR/bin/iscsiadm"

	PATH=$TMPDIR/bin:$PATH pvfs-stripe-attach attach "$layout" >"$TMPDIR/out" 2>&1 &
	apid=$!
	for ((i = 0; i < 600; i++)); do
		[ -e "$TMPDIR/at-login" ] && break
		kill -0 "$apid" 2>/dev/null || fail "the attach ended before its login to server2: $(cat "$TMPDIR/out")"
		sleep 0.1
	done
	[ -e "$TMPDIR/at-login" ] || fail "the attach did not reach its login to server2"
	kill -9 "$apid"
	wait "$apid" 2>/dev/null || true
	rm "$TMPDIR/at-login"
	echo "killed the attach while iscsiadm logs it in to server2"
	# The login goes on without the attach; wait for it to end.
	for ((i = 0; i < 300; i++)); do
		login_runs || break
		sleep 0.1
	done
	login_runs && fail "iscsiadm still logs in to server2 after 30 s"
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
