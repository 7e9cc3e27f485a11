#!/bin/bash
# One iSCSI session per server, shared by every file.  16 files put over 4
# servers are attached one after another: the first attach logs in to all
# 4 servers (cold), the next 15 reuse the sessions (warm); their times are
# printed, not judged.  Exactly 4 sessions exist, each device reads back its
# own file, list and status show all of it, attaching again gives the same
# device.  Then every file is detached, by each form of DEVICE|HANDLE: no
# SCSI disk is left, every server's LUN list is empty, the 4 sessions stay;
# a second detach and a detach of a file never attached say "not attached"
# (exit 9); logout --idle ends the sessions.
DESCRIPTION="attach: 16 files over 4 servers share 4 sessions; detach leaves no disk and no LUN"
REQUIRES="pvfsf target_core_mod iscsi_target_mod target_core_file iscsi_tcp"
TIMEOUT=1260

io() { python3 "$PVFSF_SRC/tests/vm/tests/attach_io.py" "$@"; }

test() {
	local i k n start ms dev out rc size handle warm=() devs=() handles=()
	attach_cluster 4
	pvfsf_udev_start

	for ((i = 0; i < 16; i++)); do
		size=$((100000 + i * 37777))
		head -c "$size" /dev/urandom >"$TMPDIR/file$i"
		pvfs-sim put "$TMPDIR/file$i" --strip $(((i % 4 + 1) * 16))K --dir "$SIM" >"$TMPDIR/file$i.json" ||
			fail "put of file $i failed"
		handles+=("$(layout_handle "$TMPDIR/file$i.json")")
	done

	for ((i = 0; i < 16; i++)); do
		start=$EPOCHREALTIME
		dev=$(pvfs-stripe-attach attach "$TMPDIR/file$i.json" --verbose 2>"$TMPDIR/steps") ||
			fail "attach of file $i failed: $(cat "$TMPDIR/steps")"
		ms=$(ms_since "$start")
		# Where the time goes, in the cold attach and in one warm one.
		if [ "$i" = 0 ] || [ "$i" = 8 ]; then
			sed "s/^pvfs-stripe-attach attach: /  attach $i: /" "$TMPDIR/steps" | tee -a "$PVFSF_OUT/bench.txt"
		fi
		if [ "$i" = 0 ]; then
			echo "cold attach (4 logins), 4 servers: $ms ms" | tee -a "$PVFSF_OUT/bench.txt"
		else
			warm+=("$ms")
		fi
		devs+=("$dev")
		[ "$(iscsi_session_count)" = 4 ] || fail "after attach $i: $(iscsi_session_count) sessions"
	done
	printf '%s\n' "${warm[@]}" | sort -n >"$TMPDIR/warm"
	echo "warm attach (sessions up), 4 servers: median $(sed -n 8p "$TMPDIR/warm") ms," \
		"min $(head -n1 "$TMPDIR/warm") ms, max $(tail -n1 "$TMPDIR/warm") ms over 15" |
		tee -a "$PVFSF_OUT/bench.txt"

	for ((i = 0; i < 16; i++)); do
		size=$(stat -c %s "$TMPDIR/file$i")
		io read "${devs[$i]}" "$TMPDIR/read" "$size" || fail "read of ${devs[$i]} failed"
		cmp "$TMPDIR/file$i" "$TMPDIR/read" || fail "${devs[$i]} does not read back file $i"
		[ "$(readlink -f "/dev/pvfsf/by-handle/7-${handles[$i]}")" = "${devs[$i]}" ] ||
			fail "no by-handle link 7-${handles[$i]} to ${devs[$i]}"
	done
	n=$(pvfs-stripe-attach list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
	[ "$n" = 16 ] || fail "list shows $n files, not 16"
	pvfs-stripe-attach list
	pvfs-stripe-attach status "${devs[3]}"
	pvfs-stripe-attach status "${handles[3]}" --json >"$TMPDIR/status.json" || fail "status by handle failed"
	python3 - "$TMPDIR/status.json" "${devs[3]}" <<-'PY' || fail "status --json is wrong"
		import json, sys
		s = json.load(open(sys.argv[1]))
		assert s["device"] == sys.argv[2], s["device"]
		assert len(s["members"]) == 4, s["members"]
		assert sorted(m["server"] for m in s["members"]) == ["server1", "server2", "server3", "server4"]
		for m in s["members"]:
		    assert m["session_state"] == "LOGGED_IN", m
		    assert m["disk"].startswith("sd"), m
		    assert m["io"]["reads"] > 0, m
	PY
	for k in 1 2 3 4; do
		[ "$(sim_luns $k | wc -l)" = 16 ] || fail "server$k exports $(sim_luns $k | wc -l) LUNs, not 16"
	done

	# Attach again: the same device, nothing new.
	dev=$(pvfs-stripe-attach attach "$TMPDIR/file5.json") || fail "second attach of file 5 failed"
	[ "$dev" = "${devs[5]}" ] || fail "second attach of file 5 printed $dev, not ${devs[5]}"

	# Detach by device path, pvfsfN, handle, FSID-HANDLE and by-handle link.
	for ((i = 0; i < 16; i++)); do
		case $((i % 5)) in
		0) pvfs-stripe-attach detach "${devs[$i]}" ;;
		1) pvfs-stripe-attach detach "${devs[$i]#/dev/}" ;;
		2) pvfs-stripe-attach detach "${handles[$i]}" ;;
		3) pvfs-stripe-attach detach "7-${handles[$i]}" ;;
		4) pvfs-stripe-attach detach "/dev/pvfsf/by-handle/7-${handles[$i]}" ;;
		esac || fail "detach of file $i failed"
	done
	[ -z "$(sd_disks)" ] || fail "disks left after detaching all: $(sd_disks)"
	for k in 1 2 3 4; do
		[ -z "$(sim_luns $k)" ] || fail "server$k still exports $(sim_luns $k | wc -l) LUNs"
	done
	[ "$(iscsi_session_count)" = 4 ] || fail "detach ended sessions: $(iscsi_session_count) left"

	# Detach twice, and a file never attached.
	for handle in "${handles[0]}" 4242; do
		rc=0
		out=$(pvfs-stripe-attach detach "$handle" 2>&1) || rc=$?
		[ "$rc" = 9 ] || fail "detach of $handle (not attached) exited $rc: $out"
		[ "$out" = "pvfs-stripe-attach detach: handle $handle: not attached" ] ||
			fail "detach of $handle (not attached) said: $out"
	done

	out=$(pvfs-stripe-attach logout --idle) || fail "logout --idle failed"
	[ "$(grep -c '^logged out session' <<<"$out")" = 4 ] || fail "logout --idle said: $out"
	[ "$(iscsi_session_count)" = 0 ] || fail "logout --idle left $(iscsi_session_count) sessions"
}
