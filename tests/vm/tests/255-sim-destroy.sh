#!/bin/bash
# pvfs-sim destroy leaves nothing: no service process, no LIO target or
# backstore of the cluster under /sys/kernel/config/target, no 127.0.10.x
# address it added, no directory; a second destroy says there is no
# cluster; create after destroy works.  A create that fails half-way (the
# service port of server 2 taken) undoes itself the same way, and keeps an
# address it did not add.  A service killed behind destroy's back is no
# obstacle.
DESCRIPTION="sim: destroy leaves no process, target, backstore, address or directory; failed create undoes itself"
TIMEOUT=300

# sim_leftovers DIR: what of a cluster in DIR is still there, one per line.
sim_leftovers() {
	pgrep -af "pvfs-lun-export serve --config $1/" | sed 's/^/process /' || true
	ls -d /sys/kernel/config/target/iscsi/iqn.2026-11.org.pvfsf.sim:* 2>/dev/null | sed 's/^/target /' || true
	ls -d /sys/kernel/config/target/core/fileio_*/pvfs-server* 2>/dev/null | sed 's/^/backstore /' || true
	ip -o -4 addr show dev lo | grep -o '127\.0\.10\.[0-9]*' | sed 's/^/address /' || true
	if [ -e "$1" ]; then echo "directory $1"; fi
	return 0
}

test() {
	local sim=$TMPDIR/sim out start pids h left status i
	modprobe target_core_mod || fail "no LIO"
	[ -z "$(sim_leftovers "$sim")" ] || fail "leftovers before the test: $(sim_leftovers "$sim")"

	# A cluster with a file and one exported LUN, so there is a backstore.
	pvfs-sim create --servers 3 --dir "$sim" >/dev/null || fail "create failed"
	defer rm -rf "$sim"
	head -c 200000 /dev/urandom >"$TMPDIR/file"
	pvfs-sim put "$TMPDIR/file" --strip 64K --dir "$sim" >"$TMPDIR/layout.json" || fail "put failed"
	h=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["datafiles"][1]["handle"])' "$TMPDIR/layout.json")
	pvfs-lun-export request --config "$sim/server2/server.conf" export --fs-id 7 --size 128K "$h" >/dev/null ||
		fail "export failed"
	mapfile -t pids < <(pvfs-sim info --json --dir "$sim" | python3 -c 'import json,sys; [print(s["pid"]) for s in json.load(sys.stdin)["servers"]]')
	[ ${#pids[@]} = 3 ] || fail "info shows ${#pids[@]} pids"
	left=$(sim_leftovers "$sim")
	[ "$(grep -c '^process' <<<"$left")" = 3 ] && [ "$(grep -c '^target' <<<"$left")" = 3 ] &&
		[ "$(grep -c '^backstore' <<<"$left")" = 1 ] && [ "$(grep -c '^address' <<<"$left")" = 3 ] ||
		fail "the cluster is not all there: $left"

	# Server 3's service dies behind destroy's back.
	kill -9 "${pids[2]}"
	start=$EPOCHREALTIME
	pvfs-sim destroy --dir "$sim" || fail "destroy failed"
	echo "destroy, 3 servers: $(ms_since "$start") ms" | tee -a "$PVFSF_OUT/figures"
	left=$(sim_leftovers "$sim")
	[ -z "$left" ] || fail "destroy left: $left"
	for h in "${pids[@]}"; do
		[ ! -e "/proc/$h" ] || [ "$(awk '{print $3}' "/proc/$h/stat")" = Z ] || fail "pid $h still runs"
	done

	# Again: no cluster, a clear message, exit 1.
	status=0
	out=$(pvfs-sim destroy --dir "$sim" 2>&1) || status=$?
	[ $status = 1 ] || fail "a second destroy exited $status"
	[ "$out" = "pvfs-sim destroy: no cluster at $sim (no cluster.json)" ] || fail "second destroy: $out"

	# Create after destroy works, and the default directory comes from
	# PVFS_SIM_DIR.
	PVFS_SIM_DIR=$sim pvfs-sim create --servers 2 >/dev/null || fail "create after destroy failed"
	PVFS_SIM_DIR=$sim pvfs-sim info | grep -q '^server2 .* running$' || fail "info after re-create: $(pvfs-sim info --dir "$sim")"
	PVFS_SIM_DIR=$sim pvfs-sim destroy || fail "second destroy failed"
	[ -z "$(sim_leftovers "$sim")" ] || fail "destroy left: $(sim_leftovers "$sim")"

	# A create that fails half-way: server 2's service port is taken (on an
	# address the test adds itself).  Everything create did is undone; the
	# address it did not add stays.
	ip addr add 127.0.10.2/32 dev lo || fail "cannot add 127.0.10.2"
	defer ip addr del 127.0.10.2/32 dev lo
	# The listener retries for a while: a socket of the services just
	# stopped may hold the port for a moment.  It says when it listens.
	python3 -c 'import socket, sys, time
for i in range(100):
    try:
        s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.10.2", 3263)); s.listen(); break
    except OSError as e:
        s.close(); err = e; time.sleep(0.1)
else:
    sys.exit("cannot take 127.0.10.2:3263: %s" % err)
open(sys.argv[1], "w").close()
time.sleep(600)' "$TMPDIR/listening" &
	defer kill $!
	for ((i = 0; i < 150; i++)); do
		[ -e "$TMPDIR/listening" ] && break
		sleep 0.1
	done
	[ -e "$TMPDIR/listening" ] || fail "the listener on 127.0.10.2:3263 did not start: $(ss -tanp | grep ':3263 ')"
	if out=$(pvfs-sim create --servers 3 --dir "$sim" --ready-timeout 10 2>&1); then
		pvfs-sim destroy --dir "$sim"
		fail "create worked with a port taken"
	fi
	echo "failed create: $out"
	[[ $out == *"server2"* ]] || fail "the failed create does not name server2: $out"
	left=$(sim_leftovers "$sim")
	[ "$left" = "address 127.0.10.2" ] || fail "the failed create left: $left"
}
