#!/bin/bash
# What an eavesdropper or a confused client can do to the service.  A
# client's TLS bytes, captured by a relay on their way to the service and
# sent again, export nothing (the handshake fails: its keys were the old
# connection's); a request for srv1 sent to srv2 by a holder of the key is
# refused there as wrong-server; malformed frames inside TLS (length 0, a
# body that is no JSON, a frame cut short) get their error
# or end the connection.  No LUN changes, and the service serves on.
DESCRIPTION="export: replayed TLS bytes, a request for another server and malformed frames are refused"
TIMEOUT=420
. "$PVFSF_SRC/tests/vm/tests/200-export-common.sh"

# Relays one connection from 127.0.0.1:4263 to srv1's service and writes
# what the client sent to FILE.
write_relay() {
	cat >"$TMPDIR/relay.py" <<-'PY'
	import select, socket, sys
	listen = socket.create_server(("127.0.0.1", 4263))
	print("listening", flush=True)
	listen.settimeout(30)
	client, _ = listen.accept()
	server = socket.create_connection(("127.0.10.1", 3263), timeout=30)
	captured = b""
	while True:
	    ready, _, _ = select.select([client, server], [], [], 30)
	    if not ready:
	        break
	    if client in ready:
	        data = client.recv(65536)
	        if not data:
	            break
	        captured += data
	        server.sendall(data)
	    if server in ready:
	        data = server.recv(65536)
	        if not data:
	            break
	        client.sendall(data)
	open(sys.argv[1], "wb").write(captured)
	PY
}

test() {
	local conf1 conf2 out rc pid i

	export_lio_load
	export_key
	export_server 1
	export_server 2
	export_serve 1
	export_serve 2
	conf1=$TMPDIR/srv1.conf
	conf2=$TMPDIR/srv2.conf

	# An export of handle 31 through the relay, captured, then undone.
	write_relay
	python3 "$TMPDIR/relay.py" "$TMPDIR/captured" >"$TMPDIR/relay.out" 2>&1 &
	pid=$!
	for ((i = 0; i < 100; i++)); do
		grep -q listening "$TMPDIR/relay.out" && break
		sleep 0.1
	done
	pvfs-lun-export request --service 127.0.0.1:4263 --server srv1 --key "$TMPDIR/cluster.key" \
		export --fs-id $EXPORT_FS_ID --size 64K 31 >/dev/null || fail "export through the relay failed"
	wait "$pid" || fail "relay: $(cat "$TMPDIR/relay.out")"
	[ -s "$TMPDIR/captured" ] || fail "the relay captured nothing"
	pvfs-lun-export request --config "$conf1" unexport --fs-id $EXPORT_FS_ID 31 >/dev/null ||
		fail "unexport failed"

	# The captured bytes again, to srv1 and to srv2: nothing is exported.
	python3 - "$TMPDIR/captured" >"$PVFSF_OUT/replay.out" 2>&1 <<-'PY' || fail "replay: $(tail -n1 "$PVFSF_OUT/replay.out")"
	import socket, sys
	captured = open(sys.argv[1], "rb").read()
	for server in ("127.0.10.1", "127.0.10.2"):
	    with socket.create_connection((server, 3263), timeout=30) as s:
	        s.sendall(captured)
	        got = b""
	        try:
	            while chunk := s.recv(65536):
	                got += chunk
	        except ConnectionResetError:
	            pass
	        print(server, "replayed", len(captured), "bytes, got", len(got), "back")
	PY
	cat "$PVFSF_OUT/replay.out"
	out=$(pvfs-lun-export request --config "$conf1" list --json) || fail "srv1 does not answer after the replay"
	[[ $out != *'"handle":31'* ]] || fail "the replayed export was served: $out"
	out=$(pvfs-lun-export request --config "$conf2" list --json) || fail "srv2 does not answer after the replay"
	[[ $out != *'"handle":31'* ]] || fail "the replay to srv2 was served: $out"
	for i in 1 2; do
		grep -q 'refused auth: TLS handshake failed' "$PVFSF_OUT/srv$i.log" ||
			fail "srv$i did not log the failed handshake"
	done

	# A holder of the key asks srv2 for what is meant for srv1.
	rc=0
	out=$(pvfs-lun-export request --service 127.0.10.2:3263 --server srv1 --key "$TMPDIR/cluster.key" \
		export --fs-id $EXPORT_FS_ID --size 64K 32 2>&1) || rc=$?
	[ $rc = 1 ] && [[ $out == *'wrong-server: the request is for server "srv1"; this is server "srv2"'* ]] ||
		fail "a request for srv1 sent to srv2: exit $rc: $out"

	# Malformed frames inside TLS.
	python3 - "$TMPDIR/cluster.key" "$PVFSF_SRC/tests/vm/tests" >"$PVFSF_OUT/frames.out" 2>&1 <<-'PY' ||
	import struct, sys
	sys.path.insert(0, sys.argv[2])
	from export_tls_client import Session, code, frame, load_key, request
	key = load_key(sys.argv[1])

	def ask(name, raw, expect_close):
	    s = Session(key, "127.0.10.1:3263")
	    s.send(raw)
	    reply = s.reply()
	    closed = s.closed() if expect_close else False
	    if not expect_close:
	        s.send(frame(request("list", "srv1")))
	        print(name, "then list", code(s.reply()))
	    s.end()
	    print(name, code(reply), "closed" if closed else "")

	ask("empty", struct.pack(">I", 0), True)
	ask("not-json", frame(b"\xff{not json"), False)
	ask("not-an-object", frame(b"[1,2]"), False)
	ask("no-server", frame(b'{"v":2,"op":"list"}'), False)
	ask("version-1", frame(b'{"v":1,"op":"list","time":1,"nonce":"00"}'), False)
	# Cut short: 100 bytes announced, 8 sent, then nothing: the frame
	# timeout (10 s) ends it.
	ask("cut-short", struct.pack(">I", 100) + b'{"v":2,"', True)
	PY
		fail "frames: $(tail -n1 "$PVFSF_OUT/frames.out")"
	cat "$PVFSF_OUT/frames.out"
	for i in "empty bad-frame closed" \
		"not-json bad-json" "not-json then list ok" "not-an-object bad-json" \
		"no-server bad-request" "no-server then list ok" "version-1 bad-request" \
		"cut-short bad-frame closed"; do
		grep -qxF "$i" <(sed 's/ *$//' "$PVFSF_OUT/frames.out") || fail "frames: no line '$i'"
	done

	# Healthy after all of it: both services run and serve.
	for i in 1 2; do
		pvfs-lun-export request --config "$TMPDIR/srv$i.conf" export --fs-id $EXPORT_FS_ID --size 64K 33 >/dev/null ||
			fail "srv$i does not export after the bad input"
	done
	[ "$(pvfs-lun-export request --config "$conf1" list --json | grep -c '"handle"')" = 1 ] ||
		fail "srv1 lists $(pvfs-lun-export request --config "$conf1" list)"
}
