#!/bin/bash
# Every failure of an attach, provoked once on a 4-server cluster: the
# module not loaded, a server's service unreachable, an export refused (the
# wrong cluster key), a login refused (CHAP the targets do not do; the
# attaches after it, without CHAP, still log in: no credentials stay in the
# node record),
# a server's iSCSI portal unreachable, LUNs that never appear (SCSI
# scanning off), a member that carries a filesystem.  Each
# prints one line naming the server and the handle, exits with its
# documented code, and leaves nothing of its own behind: no device, no
# record, no LUN it exported, no session it logged in, no disk it made
# appear.  Sessions, LUNs and disks that existed before are left alone.
# Also: a stale disk at our LUN number and a disk seen too small are
# revalidated by the attach's rescan and become the right members.
DESCRIPTION="attach: each failure gives its line and exit code and rolls back exactly what it did"
REQUIRES="pvfsf target_core_mod iscsi_target_mod target_core_file iscsi_tcp"
DMESG_ALLOW='iSCSI Login timeout|Connection reset|connection[0-9:]* error|login: failed|detected conn error'
TIMEOUT=600

# json_of LAYOUT KEY...: a field of a layout, e.g. datafiles 1 handle.
json_of() {
	python3 -c 'import json,sys
v = json.load(open(sys.argv[1]))
for k in sys.argv[2:]:
    v = v[int(k)] if isinstance(v, list) else v[k]
print(v)' "$@"
}

# expect_failure RC REGEX CMD...: CMD exits RC and prints one line on
# standard error, which matches REGEX.
expect_failure() {
	local want=$1 regex=$2 rc=0 err
	shift 2
	"$@" >"$TMPDIR/out" 2>"$TMPDIR/err" || rc=$?
	err=$(cat "$TMPDIR/err")
	echo "$* -> exit $rc: $err"
	[ "$rc" = "$want" ] || fail "$* exited $rc, not $want: $err"
	[ "$(wc -l <"$TMPDIR/err")" = 1 ] || fail "$* printed more than one line: $err"
	[[ $err =~ $regex ]] || fail "$* said '$err', expected /$regex/"
	[ ! -s "$TMPDIR/out" ] || fail "$* printed on standard output: $(cat "$TMPDIR/out")"
}

# expect_state SESSIONS DISKS LUNS1 LUNS2 LUNS3 LUNS4: what must exist now
# (the LUN counts per server); no file may be attached or recorded.
expect_state() {
	local k n
	[ "$(iscsi_session_count)" = "$1" ] || fail "$(iscsi_session_count) sessions, expected $1"
	[ "$(sd_disks | wc -l)" = "$2" ] || fail "disks: $(sd_disks | tr '\n' ' '), expected $2"
	for k in 1 2 3 4; do
		n=$(sim_luns $k | wc -l)
		[ "$n" = "${*:$((k + 2)):1}" ] || fail "server$k exports $n LUNs, expected ${*:$((k + 2)):1}"
	done
	[ -z "$(ls /sys/block | grep pvfsf)" ] || fail "a device is left: $(ls /sys/block | grep pvfsf)"
	[ -z "$(ls /run/pvfsf/files 2>/dev/null)" ] || fail "a record is left: $(ls /run/pvfsf/files)"
}

request() {
	local k=$1
	shift
	pvfs-lun-export request --config "$SIM/server$k/server.conf" "$@" >/dev/null
}

sid_of() {
	local s
	for s in /sys/class/iscsi_session/session*; do
		[ "$(cat "$s/targetname")" = "iqn.2026-11.org.pvfsf.sim:server$1" ] && echo "${s##*session}"
	done
}

test() {
	local a=$TMPDIR/a.json c=$TMPDIR/c.json d=$TMPDIR/d.json e=$TMPDIR/e.json
	local bad=$TMPDIR/bad.json h1 h2 x stale small dev scan lun_size k start ms
	attach_cluster 4
	head -c 300000 /dev/urandom >"$TMPDIR/a"
	pvfs-sim put "$TMPDIR/a" --strip 64K --dir "$SIM" >"$a" || fail "put a"
	pvfs-sim put "$TMPDIR/a" --strip 64K --dir "$SIM" >"$c" || fail "put c"
	pvfs-sim put "$TMPDIR/a" --strip 64K --dir "$SIM" >"$d" || fail "put d"
	h1=$(json_of "$a" datafiles 0 handle)
	h2=$(json_of "$a" datafiles 1 handle)

	# The module not loaded: nothing is asked of any server.
	rmmod pvfsf || fail "rmmod pvfsf"
	expect_failure 3 '^pvfs-stripe-attach attach: /dev/pvfsf-control: no such device: the pvfsf module is not loaded \(modprobe pvfsf\)$' \
		pvfs-stripe-attach attach "$a"
	expect_state 0 0 0 0 0 0
	pvfsf_load

	# Server 3's service unreachable: servers 1 and 2 exported already and
	# are rolled back.
	python3 -c 'import json,sys
l = json.load(open(sys.argv[1])); l["servers"]["server3"]["service"] = "127.0.10.3:3999"
json.dump(l, open(sys.argv[2], "w"))' "$a" "$bad"
	expect_failure 4 "^pvfs-stripe-attach attach: server3 \\(handle $(json_of "$a" datafiles 2 handle)\\): export service 127.0.10.3:3999 cannot be reached: .*Connection refused" \
		pvfs-stripe-attach attach "$bad"
	expect_state 0 0 0 0 0 0

	# The wrong cluster key: the first server refuses.
	pvfs-lun-export keygen "$TMPDIR/other.key" >/dev/null || fail "keygen"
	printf 'cluster_key = %s\n' "$TMPDIR/other.key" >"$TMPDIR/other.conf"
	expect_failure 4 "^pvfs-stripe-attach attach: server1 \\(handle $h1\\): export refused by 127.0.10.1:3263: .*" \
		pvfs-stripe-attach attach "$a" --config "$TMPDIR/other.conf"
	expect_state 0 0 0 0 0 0

	# CHAP in this client's configuration, none on the targets: the first
	# login fails for good (iscsiadm's exit 19); the exports are undone.
	# The attaches without CHAP below log in to the same nodes: the
	# credentials this one wrote into the node record must not stay there.
	printf 'cluster_key = %s\nchap_username = pvfsf-client\nchap_password = chap-secret-1\n' \
		"$SIM/cluster.key" >"$TMPDIR/chap.conf"
	chmod 600 "$TMPDIR/chap.conf"
	expect_failure 5 "^pvfs-stripe-attach attach: server1 \\(handle $h1\\): iSCSI session to iqn.2026-11.org.pvfsf.sim:server1 at 127.0.10.1:3260: iscsiadm login to .*: exit 19 \\(ISCSI_ERR_FATAL_LOGIN: .*\\): the login failed for good \\(.*CHAP the two sides do not share.*" \
		pvfs-stripe-attach attach "$a" --config "$TMPDIR/chap.conf"
	expect_state 0 0 0 0 0 0

	# Server 2's iSCSI portal drops every packet (its export service still
	# answers): discovery times out, after attach.conf's one attempt of 5 s
	# (iscsid.conf's discovery defaults would take 90 s); server 1's
	# session, made by this attach, is logged out again, every LUN
	# unexported.
	tc qdisc add dev lo root handle 1: prio || fail "tc qdisc"
	defer sh -c 'tc qdisc del dev lo root 2>/dev/null; true'
	tc filter add dev lo parent 1: protocol ip prio 1 u32 \
		match ip dst 127.0.10.2/32 match ip dport 3260 0xffff action drop || fail "tc filter"
	start=$EPOCHREALTIME
	expect_failure 5 "^pvfs-stripe-attach attach: server2 \\(handle $h2\\): iSCSI session to iqn.2026-11.org.pvfsf.sim:server2 at 127.0.10.2:3260: iscsiadm discovery at 127.0.10.2:3260: .*" \
		pvfs-stripe-attach attach "$a"
	ms=$(ms_since "$start")
	echo "attach with server2's portal dropping packets failed after $ms ms"
	[ "$ms" -lt 30000 ] || fail "the attach took $ms ms to give up on server2's portal, more than its --timeout"
	tc qdisc del dev lo root
	expect_state 0 0 0 0 0 0

	# SCSI scanning off: the sessions come up, the LUNs never appear.
	scan=$(cat /sys/module/scsi_mod/parameters/scan)
	echo none >/sys/module/scsi_mod/parameters/scan
	defer sh -c 'echo "$1" >/sys/module/scsi_mod/parameters/scan' sh "$scan"
	expect_failure 6 "^pvfs-stripe-attach attach: server[1-4] \\(handle [0-9]+\\): LUN 0 of session [0-9]+: timed out after 3(\\.0)? s waiting for .*" \
		pvfs-stripe-attach attach "$a" --timeout 3
	echo "$scan" >/sys/module/scsi_mod/parameters/scan
	expect_state 0 0 0 0 0 0

	# From here file c is attached: its sessions and disks are someone
	# else's for the attaches of file a, and must survive their failures.
	pvfs-stripe-attach attach "$c" >/dev/null || fail "attach of c failed"
	expect_c() { [ -b /dev/pvfsf0 ] || fail "c's device is gone"; }

	# Not failures, though they look like them: a disk left at the LUN
	# number the server gives our datafile (d's datafile on server 1
	# exported as LUN 1, seen by the initiator, unexported behind its
	# back), and a disk of our datafile seen at 4 KiB before the attach
	# grows its LUN.  The attach's rescan revalidates both (the kernel
	# reads their unit serial and capacity again), so the same disks
	# become the right members: the device must read file a.  (A disk that
	# keeps a wrong serial or size is refused; member_check_test covers
	# those messages.)
	x=$(json_of "$d" datafiles 0 handle)
	lun_size=$(pvfs-layout lun-size "$d")
	request 1 export --fs-id 7 --size "$lun_size" "$x" || fail "export of d's datafile"
	iscsiadm -m session -r "$(sid_of 1)" --rescan >/dev/null || fail "rescan"
	# Waited for until udevd has probed it: an unexport under the probe
	# would fail its reads (I/O error).
	stale=$(attach_wait_disk "$(printf '00000007%016x' "$x")") ||
		fail "no disk of d's datafile appeared"
	request 1 unexport --fs-id 7 "$x" || fail "unexport of d's datafile"
	request 2 export --fs-id 7 --size 4096 "$h2" || fail "small export of a's datafile"
	iscsiadm -m session -r "$(sid_of 2)" --rescan >/dev/null || fail "rescan"
	small=$(attach_wait_disk "$(printf '00000007%016x' "$h2")") ||
		fail "no disk of a's datafile on server2 appeared"
	[ "$(blockdev --getsize64 "/dev/$small")" = 4096 ] || fail "the small disk is not 4096 bytes"
	dev=$(pvfs-stripe-attach attach "$a") || fail "attach over a stale and a small disk failed"
	[ "$(attach_disk_of "$(printf '00000007%016x' "$h1")")" = "$stale" ] ||
		fail "a's datafile on server1 is not on the revalidated $stale"
	[ "$(blockdev --getsize64 "/dev/$small")" = "$(pvfs-layout lun-size "$a")" ] ||
		fail "$small was not revalidated to the LUN size"
	cmp -n 300000 "$TMPDIR/a" "$dev" || fail "the device over revalidated disks does not read file a"
	udevadm settle --timeout=30  # the grown disk's change event: udevd reads it
	pvfs-stripe-attach detach "$dev" || fail "detach of a failed"
	expect_c
	[ "$(sd_disks | wc -l)" = 4 ] || fail "disks after detaching a: $(sd_disks | tr '\n' ' ')"

	# A member with a filesystem on it: refused, then taken with --force.
	truncate -s 1M "$TMPDIR/e"
	mkfs.ext4 -q -F "$TMPDIR/e" || fail "mkfs.ext4"
	pvfs-sim put "$TMPDIR/e" --strip 64K --dir "$SIM" >"$e" || fail "put e"
	expect_failure 7 "^pvfs-stripe-attach attach: server1 \\(handle $(json_of "$e" datafiles 0 handle)\\): sd[a-z]+ carries ext4 \\(filesystem\\) at offset 1080: not a bare datafile \\(--force takes it all the same\\)$" \
		pvfs-stripe-attach attach "$e"
	expect_c
	dev=$(pvfs-stripe-attach attach "$e" --force) || fail "attach --force failed"
	cmp -n 1048576 "$TMPDIR/e" "$dev" || fail "the forced device does not read the image"
	pvfs-stripe-attach detach "$dev" || fail "detach of e failed"

	pvfs-stripe-attach detach "$(json_of "$c" handle)" || fail "detach of c failed"
	expect_state 4 0 0 0 0 0
}
