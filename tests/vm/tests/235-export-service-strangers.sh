#!/bin/bash
# Idle strangers cannot hold the service up.  64 sockets from one address
# (a bounded loop, as a port scanner or a stuck program would leave them)
# that never start TLS: the ones above the per-host share are closed as
# they are accepted, the rest after the auth timeout, and an export from
# another address meanwhile takes no more than a second longer than
# without them.
DESCRIPTION="export: 64 idle unauthenticated sockets from one host delay another's export by < 1 s"
TIMEOUT=180
. "$PVFSF_SRC/tests/vm/tests/200-export-common.sh"

test() {
	local conf out

	export_lio_load
	export_key
	export_server 1
	export_serve 1
	conf=$TMPDIR/srv1.conf

	# Python holds the sockets and times the exports: a bash loop of 64
	# connections would cost seconds of exec under TCG.
	python3 - "$conf" >"$PVFSF_OUT/strangers.out" 2>&1 <<-'PY' || fail "strangers: $(tail -n1 "$PVFSF_OUT/strangers.out")"
	import socket, subprocess, sys, time
	conf = sys.argv[1]

	def export(handle):
	    start = time.monotonic()
	    subprocess.run(["pvfs-lun-export", "request", "--config", conf, "export",
	                    "--fs-id", "7", "--size", "64K", str(handle)],
	                   check=True, stdout=subprocess.DEVNULL, timeout=30)
	    return time.monotonic() - start

	alone = export(21)
	idle = []
	for _ in range(64):
	    s = socket.socket()
	    s.bind(("127.0.0.66", 0))
	    s.connect(("127.0.10.1", 3263))
	    idle.append(s)
	crowded = export(22)
	print("export alone %.3f s, beside 64 idle sockets %.3f s" % (alone, crowded))
	# Which of them the service has closed by now, and by after the auth
	# timeout (3 s from their connect).
	def closed():
	    n = 0
	    for s in idle:
	        s.settimeout(0.01)
	        try:
	            n += s.recv(1) == b""
	        except socket.timeout:
	            pass
	        except ConnectionResetError:
	            n += 1
	    return n
	print("closed at once", closed())
	time.sleep(5)
	print("closed after the auth timeout", closed())
	print("delay ok" if crowded - alone < 1.0 else "delay too long")
	PY
	cat "$PVFSF_OUT/strangers.out"
	grep -qx "delay ok" "$PVFSF_OUT/strangers.out" || fail "the export waited on the strangers: $(head -n1 "$PVFSF_OUT/strangers.out")"
	grep -qx "closed at once 56" "$PVFSF_OUT/strangers.out" || fail "not the 56 above the per-host share closed at once"
	grep -qx "closed after the auth timeout 64" "$PVFSF_OUT/strangers.out" || fail "strangers kept their sockets past the auth timeout"
	[ "$(grep -c 'refused busy: .*8 connections from 127.0.0.66' "$PVFSF_OUT/srv1.log")" = 56 ] ||
		fail "the log does not show 56 busy refusals"
	[ "$(grep -c '127.0.0.66:.* completed no TLS handshake within 3000 ms' "$PVFSF_OUT/srv1.log")" = 8 ] ||
		fail "the log does not show 8 auth timeouts"
	# Healthy after.
	out=$(pvfs-lun-export request --config "$conf" list --json) || fail "list after the strangers failed"
	[ "$(grep -c '"handle"' <<<"$out")" = 2 ] || fail "list after the strangers: $out"
}
