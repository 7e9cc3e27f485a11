#!/bin/bash
# The request service as clients meet it.  A client written from
# docs/export-protocol.md alone (export_tls_client.py: Python's hmac, json
# and struct, and `openssl s_client` for TLS: nothing of ours) is served,
# and its requests with a wrong key, for another server or not TLS at all
# are refused and change no LUN (an oversized frame: unit test
# ServiceTest.OversizedFrameIsRefusedUnread); so does `request` with a wrong
# key.  Killed (SIGKILL) and restarted, even in the middle of a large
# export, the service finds every LUN in configfs and serves on, and the
# sessions never notice.
DESCRIPTION="export: the service: a client from the protocol doc, bad requests, kill -9 and restart"
TIMEOUT=600
. "$PVFSF_SRC/tests/vm/tests/200-export-common.sh"

# The protocol client's checks, one line each: "NAME CODE [closed]".
write_client() {
	cat >"$TMPDIR/client.py" <<-'PY'
	import socket, struct, sys
	sys.path.insert(0, sys.argv[3])
	from export_tls_client import Session, code, frame, load_key, request

	key = load_key(sys.argv[1])
	service = sys.argv[2]

	def ask(name, raw, key=key, expect_close=False):
	    s = Session(key, service)
	    s.send(raw)
	    reply = s.reply()
	    closed = s.closed() if expect_close else False
	    s.end()
	    print(name, code(reply), "closed" if closed else "")
	    return reply

	reply = ask("list", frame(request("list", "srv1")))
	print("luns", len(reply["luns"]), reply["target"], reply["portal"])
	ask("wrong-key", frame(request("unexport", "srv1", fs_id=7, handles=[11])),
	    key=b"x" * 32, expect_close=True)
	ask("other-server", frame(request("unexport", "srv2", fs_id=7, handles=[11],
	                                  initiator=sys.argv[4])))
	ask("unknown-op", frame(request("format", "srv1", fs_id=7)))
	ask("bad-handle", frame(request("unexport", "srv1", fs_id=7, handles=[0],
	                                initiator=sys.argv[4])))
	# Not TLS at all: the service closes without a word.
	host, port = service.rsplit(":", 1)
	with socket.create_connection((host, int(port)), timeout=30) as raw:
	    raw.sendall(b"GET / HTTP/1.1\r\n\r\n")
	    print("garbage", "closed" if raw.recv(100) == b"" else "answered")
	reply = ask("export", frame(request("export", "srv1", fs_id=7, size=65536,
	                                    initiator=sys.argv[4],
	                                    handles=[13, 18446744073709551557])))
	print("exported", " ".join("%d:%d" % (l["handle"], l["lun"]) for l in reply["luns"]))
	PY
}

# lun_count N: LUNs srvN exports, and backstores it has (must be equal).
lun_count() {
	local luns stores
	luns=$(ls -d /sys/kernel/config/target/iscsi/"$(export_iqn "$1")"/tpgt_1/lun/lun_* 2>/dev/null | wc -l)
	stores=$(ls -d /sys/kernel/config/target/core/fileio_*/pvfs-srv"$1"-* 2>/dev/null | wc -l)
	[ "$luns" = "$stores" ] || fail "srv$1: $luns LUNs but $stores backstores"
	echo "$luns"
}

test() {
	local conf out rc disk handles i pid

	export_lio_load
	export_iscsid_start
	export_key
	export_server 1
	export_serve 1
	conf=$TMPDIR/srv1.conf
	pvfs-lun-export request --config "$conf" export --fs-id $EXPORT_FS_ID --size 64K 11 12 >/dev/null ||
		fail "export failed"
	export_login 1
	export_wait_disks 1 2
	disk=$(export_disk 1 0)

	# request with a wrong key: refused, nothing changes.
	pvfs-lun-export keygen "$TMPDIR/other.key"
	rc=0
	out=$(pvfs-lun-export request --config "$conf" --key "$TMPDIR/other.key" \
		unexport --fs-id $EXPORT_FS_ID 11 2>&1) || rc=$?
	[ $rc = 1 ] && [[ $out == *"wrong key"* ]] || fail "wrong key: exit $rc: $out"
	[ "$(export_report_luns "$disk" | tr '\n' ' ')" = "0 1 " ] || fail "a refused request changed the LUNs"
	grep -q 'refused auth' "$PVFSF_OUT/srv1.log" || fail "the service did not log the refusal"

	# The documented protocol, spoken by an independent client.
	write_client
	python3 "$TMPDIR/client.py" "$TMPDIR/cluster.key" 127.0.10.1:3263 "$PVFSF_SRC/tests/vm/tests" \
		"$(sed -n 's/^InitiatorName=//p' /etc/iscsi/initiatorname.iscsi)" >"$PVFSF_OUT/client.out" 2>&1 ||
		fail "client.py failed: $(tail -n1 "$PVFSF_OUT/client.out")"
	cat "$PVFSF_OUT/client.out"
	for i in "list ok" "luns 2 iqn.2025-11.org.pvfsf:export.srv1 127.0.10.1:3260" \
		"wrong-key no-reply closed" "other-server wrong-server" \
		"unknown-op unknown-op" "bad-handle bad-request" \
		"garbage closed" \
		"export ok" "exported 13:2 18446744073709551557:3"; do
		grep -qxF "$i" <(sed 's/ *$//' "$PVFSF_OUT/client.out") || fail "client.py: no line '$i'"
	done
	[ "$(export_report_luns "$disk" | tr '\n' ' ')" = "0 1 2 3 " ] ||
		fail "REPORT LUNS after the client: $(export_report_luns "$disk" | tr '\n' ' ')"

	# Killed and restarted: the same LUNs, and it serves on.  The session
	# does not depend on the service at all.
	kill -KILL "$EXPORT_SERVE_PID"
	wait "$EXPORT_SERVE_PID" 2>/dev/null || true
	dd if="$disk" of=/dev/null bs=64K count=1 iflag=direct status=none || fail "LUN 0 unreadable"
	export_serve 1
	[ "$(pvfs-lun-export request --config "$conf" list --json | grep -c '"handle"')" = 4 ] ||
		fail "after a restart the service lists $(pvfs-lun-export request --config "$conf" list)"
	[ "$(pvfs-lun-export request --config "$conf" export --fs-id $EXPORT_FS_ID --size 64K 11 14)" = \
		"$(printf '11 0\n14 4')" ] || fail "export after restart"

	# Killed in the middle of a 300-handle export, restarted, asked again:
	# every handle exported once, no backstore left over.
	handles=$(seq 1000 1299)
	# shellcheck disable=SC2086
	pvfs-lun-export request --config "$conf" export --fs-id $EXPORT_FS_ID --size 64K $handles \
		>/dev/null 2>&1 &
	pid=$!
	for ((i = 0; i < 200; i++)); do
		[ "$(ls /sys/kernel/config/target/iscsi/"$(export_iqn 1)"/tpgt_1/lun | wc -l)" -gt 20 ] && break
		sleep 0.1
	done
	kill -KILL "$EXPORT_SERVE_PID"
	wait "$pid" 2>/dev/null && fail "the interrupted export succeeded: kill it earlier"
	echo "interrupted after $(($(ls /sys/kernel/config/target/iscsi/"$(export_iqn 1)"/tpgt_1/lun | wc -l) - 5)) of 300 handles"
	export_serve 1
	# shellcheck disable=SC2086
	out=$(pvfs-lun-export request --config "$conf" export --fs-id $EXPORT_FS_ID --size 64K $handles) ||
		fail "export after the interruption failed"
	[ "$(wc -l <<<"$out")" = 300 ] || fail "export printed $(wc -l <<<"$out") lines"
	[ "$(lun_count 1)" = 305 ] || fail "$(lun_count 1) LUNs, expected 305"
	[ "$(export_report_luns "$disk" | wc -l)" = 305 ] || fail "REPORT LUNS lists $(export_report_luns "$disk" | wc -l)"
	# shellcheck disable=SC2086
	pvfs-lun-export request --config "$conf" unexport --fs-id $EXPORT_FS_ID $handles >/dev/null ||
		fail "unexport of 300 failed"
	[ "$(lun_count 1)" = 5 ] || fail "$(lun_count 1) LUNs left, expected 5"
}
