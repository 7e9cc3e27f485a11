#!/bin/bash
# Per-client access on a data server (issue 13): two clients in one guest,
# each an open-iscsi iface with an initiator name of its own, log in with
# the cluster's CHAP (mutual) and attach the same file X.  REPORT LUNS
# shows each only what it opened.  B detaches X while A keeps writing: X's
# LUN stays (A still maps it) and every byte of A lands in X.  A file
# exported afterwards gets another LUN number, so A's disk never reaches it
# (the stale-disk reproduction: before, B's unexport removed X's LUN and
# the next file took its number).  A vanishes without detaching: B
# attaches and detaches X unaffected, and A's reference stays.
# 455 sources this file after setting its own DESCRIPTION and TIMEOUT.
: "${DESCRIPTION:=export: two initiators share the LUN of a file; one detaches while the other writes; no stale disk; one vanishes}"
REQUIRES="target_core_mod iscsi_target_mod target_core_file iscsi_tcp"
: "${TIMEOUT:=660}"
. "$PVFSF_SRC/tests/vm/tests/200-export-common.sh"

CLIENT_A=iqn.2025-11.org.pvfsf:client-a
CLIENT_B=iqn.2025-11.org.pvfsf:client-b
CLIENT_PORTAL=127.0.10.1:3260

# client_chap_server: LIO, iscsid and srv1 serving, with the cluster's CHAP
# secret, mutual, in $TMPDIR/chap.secret (mode 0600), named by srv1's
# configuration.
client_chap_server() {
	export_lio_load
	export_iscsid_start
	export_key
	export_server 1
	(umask 077 && cat >"$TMPDIR/chap.secret" <<-EOC
		username = pvfsf-initiator
		password = chap-secret-$RANDOM-$RANDOM-x
		mutual_username = pvfsf-target
		mutual_password = target-secret-$RANDOM-$RANDOM-y
	EOC
	)
	echo "chap-file = $TMPDIR/chap.secret" >>"$TMPDIR/srv1.conf"
	export_serve 1
}

# client_secret KEY: a value of $TMPDIR/chap.secret (read by builtins: a
# secret never goes into an argument list).
client_secret() {
	local key eq value
	while read -r key eq value; do
		if [ "$key" = "$1" ]; then
			echo "$value"
		fi
	done <"$TMPDIR/chap.secret"
}

# client_iface IFACE NAME: an open-iscsi iface logging in as NAME; removed
# at the end.
client_iface() {
	iscsiadm -m iface -I "$1" -o new >/dev/null || fail "iface $1 not made"
	defer rm -f "/etc/iscsi/ifaces/$1"
	iscsiadm -m iface -I "$1" -o update -n iface.initiatorname -v "$2" >/dev/null ||
		fail "iface $1: initiator name not set"
}

# client_record IFACE: srv1's node record of IFACE.
client_record() {
	echo "/etc/iscsi/nodes/$(export_iqn 1)/127.0.10.1,3260,1/$1"
}

# client_record_set FILE NAME VALUE: NAME = VALUE in a node record, with
# bash builtins only (as the attach tool does it: no secret on a command
# line).
client_record_set() {
	local line done=0 out=
	while IFS= read -r line; do
		if [[ $line == "$2 = "* ]]; then
			out+="$2 = $3"$'\n'
			done=1
		elif [ "$line" = "# END RECORD" ] && [ $done = 0 ]; then
			out+="$2 = $3"$'\n'"$line"$'\n'
			done=1
		else
			out+="$line"$'\n'
		fi
	done <"$1"
	printf '%s' "$out" >"$1"
}

# client_discover IFACE [chap|nochap|wrong]: discovery through IFACE, and
# its record's CHAP: the cluster's, mutual (default), none, or a wrong
# password.
client_discover() {
	local record
	# "-o new": without it, discovery through one iface deletes the records
	# an earlier discovery made for another.
	iscsiadm -m discovery -t st -p "$CLIENT_PORTAL" -I "$1" -o new >/dev/null ||
		fail "discovery through $1 failed"
	record=$(client_record "$1")
	[ -f "$record" ] || fail "no node record $record"
	case ${2:-chap} in
	nochap) return 0 ;;
	chap | wrong)
		client_record_set "$record" node.session.auth.authmethod CHAP
		client_record_set "$record" node.session.auth.username "$(client_secret username)"
		if [ "${2:-chap}" = wrong ]; then
			client_record_set "$record" node.session.auth.password "not-the-secret-0"
		else
			client_record_set "$record" node.session.auth.password "$(client_secret password)"
			client_record_set "$record" node.session.auth.username_in "$(client_secret mutual_username)"
			client_record_set "$record" node.session.auth.password_in "$(client_secret mutual_password)"
		fi
		;;
	esac
}

# client_login IFACE: log in to srv1 through IFACE (logged out at the end).
client_login() {
	iscsiadm -m node -T "$(export_iqn 1)" -p "$CLIENT_PORTAL" -I "$1" --login >/dev/null ||
		fail "login through $1 failed"
	defer client_logout "$1"
}

# client_logout IFACE: as export_logout, once udevd's probes are done.
client_logout() {
	udevadm settle --timeout=30
	iscsiadm -m node -T "$(export_iqn 1)" -p "$CLIENT_PORTAL" -I "$1" --logout >/dev/null 2>&1 || true
}

# client_sid NAME: the session of initiator NAME.
client_sid() {
	local s name
	for s in /sys/class/iscsi_session/session*; do
		[ -e "$s" ] || continue
		read -r name <"$s/initiatorname" || continue
		if [ "$name" = "$1" ]; then
			echo "${s##*session}"
			return 0
		fi
	done
	return 1
}

# client_disk NAME LUN: the /dev/sdX of LUN on initiator NAME's session.
client_disk() {
	local sid line path lun
	sid=$(client_sid "$1") || return 0
	while read -r line; do
		[[ $line == *" -> "*/session"$sid"/*/block/sd* ]] || continue
		path=${line##* -> }
		lun=${path%/block/*}
		lun=${lun##*:}
		if [ "$lun" = "$2" ]; then
			echo "/dev/${path##*/}"
		fi
	done < <(ls -l /sys/block/)
}

# client_wait_disk NAME LUN: rescan NAME's session until LUN's disk is
# there; prints it.
client_wait_disk() {
	local i disk sid
	sid=$(client_sid "$1") || fail "$1 has no session"
	for ((i = 0; i < 50; i++)); do
		disk=$(client_disk "$1" "$2")
		if [ -n "$disk" ]; then
			echo "$disk"
			return 0
		fi
		iscsiadm -m session -r "$sid" --rescan >/dev/null
		sleep 0.2
	done
	fail "$1: no disk for LUN $2"
}

# client_request NAME export|unexport HANDLE: srv1's service asked on behalf
# of initiator NAME; prints "HANDLE LUN".
client_request() {
	local size=()
	[ "$2" = export ] && size=(--size 256K)
	pvfs-lun-export request --config "$TMPDIR/srv1.conf" "$2" --fs-id $EXPORT_FS_ID \
		"${size[@]}" --initiator "$1" "$3" || fail "$2 of $3 for $1 failed"
}

# client_mappers HANDLE: the initiators srv1's list says map HANDLE.
client_mappers() {
	pvfs-lun-export request --config "$TMPDIR/srv1.conf" list --json |
		python3 -c 'import json, sys
for lun in json.load(sys.stdin)["luns"]:
    if lun["handle"] == int(sys.argv[1]):
        print(" ".join(lun["initiators"]))' "$1"
}

test() {
	local x y z disk_a disk_b writer

	client_chap_server
	head -c 256K /dev/urandom >"$TMPDIR/pattern-a"
	head -c 256K /dev/urandom >"$TMPDIR/pattern-a2"
	head -c 256K /dev/urandom >"$TMPDIR/pattern-b"
	head -c 256K /dev/urandom >"$TMPDIR/pattern-y"
	mkdir -p "$(dirname "$(export_bstream 1 102)")"
	cp "$TMPDIR/pattern-y" "$(export_bstream 1 102)"

	# X (handle 101) to both clients: one LUN, two references.
	x=$(client_request $CLIENT_A export 101)
	[ "$(client_request $CLIENT_B export 101)" = "$x" ] || fail "B got another LUN for X"
	x=${x#* }
	[ "$(client_mappers 101)" = "$CLIENT_A $CLIENT_B" ] || fail "X is mapped by '$(client_mappers 101)'"
	client_iface pvfsA $CLIENT_A
	client_iface pvfsB $CLIENT_B
	client_discover pvfsA
	client_discover pvfsB
	client_login pvfsA
	client_login pvfsB
	disk_a=$(client_wait_disk $CLIENT_A "$x")
	disk_b=$(client_wait_disk $CLIENT_B "$x")
	[ "$(export_serial "$disk_b")" = 000000070000000000000065 ] || fail "B's disk is not X's"

	# Y (102) to B only: REPORT LUNS shows each client what it opened.
	y=$(client_request $CLIENT_B export 102)
	y=${y#* }
	[ "$y" != "$x" ] || fail "Y got X's LUN"
	client_wait_disk $CLIENT_B "$y" >/dev/null
	[ "$(export_report_luns "$disk_a" | tr '\n' ' ')" = "$x " ] ||
		fail "A's REPORT LUNS: $(export_report_luns "$disk_a" | tr '\n' ' ')"
	[ "$(export_report_luns "$disk_b" | tr '\n' ' ')" = "$(printf '%s\n' "$x" "$y" | sort -n | tr '\n' ' ')" ] ||
		fail "B's REPORT LUNS: $(export_report_luns "$disk_b" | tr '\n' ' ')"

	# B detaches X while A writes to it.
	(for i in 1 2 3 4 5 6 7 8; do
		dd if="$TMPDIR/pattern-a" of="$disk_a" bs=64K oflag=direct status=none || exit 1
	done) &
	writer=$!
	export_forget_disk "$disk_b"
	[ "$(client_request $CLIENT_B unexport 101)" = "101 $x" ] || fail "B's unexport of X"
	wait $writer || fail "A's writes failed while B detached"
	[ "$(client_mappers 101)" = "$CLIENT_A" ] || fail "after B's detach X is mapped by '$(client_mappers 101)'"
	[ -e "/sys/kernel/config/target/iscsi/$(export_iqn 1)/tpgt_1/lun/lun_$x" ] || fail "X's LUN went with B's detach"
	cmp "$TMPDIR/pattern-a" "$(export_bstream 1 101)" || fail "A's bytes are not in X"

	# A file exported afterwards (Z, 103) never gets X's number, and A's
	# next writes still land in X alone.
	z=$(client_request $CLIENT_B export 103)
	z=${z#* }
	[ "$z" != "$x" ] || fail "Z was given X's LUN $x while A maps it"
	dd if="$TMPDIR/pattern-a2" of="$disk_a" bs=64K oflag=direct status=none || fail "A's write failed"
	cmp "$TMPDIR/pattern-a2" "$(export_bstream 1 101)" || fail "A's second write is not in X"
	[ ! -s "$(export_bstream 1 103)" ] || fail "A's write reached Z: $(stat -c %s "$(export_bstream 1 103)") bytes"
	cmp "$TMPDIR/pattern-y" "$(export_bstream 1 102)" || fail "Y changed"

	# A vanishes (its session ends, no unexport): B attaches X again,
	# writes and detaches; X's LUN stays for A.
	udevadm settle --timeout=30  # A's disk was written to: udevd reads it
	iscsiadm -m session -r "$(client_sid $CLIENT_A)" --logout >/dev/null || fail "A's logout"
	[ "$(client_request $CLIENT_B export 101)" = "101 $x" ] || fail "B's second export of X"
	disk_b=$(client_wait_disk $CLIENT_B "$x")
	dd if="$TMPDIR/pattern-b" of="$disk_b" bs=64K oflag=direct status=none || fail "B's write failed"
	cmp "$TMPDIR/pattern-b" "$(export_bstream 1 101)" || fail "B's bytes are not in X"
	export_forget_disk "$disk_b"
	client_request $CLIENT_B unexport 101 >/dev/null
	[ "$(client_mappers 101)" = "$CLIENT_A" ] || fail "A's reference to X went: '$(client_mappers 101)'"

	# The last reference goes: so do the LUN and its backstore.
	client_request $CLIENT_A unexport 101 >/dev/null
	[ ! -e "/sys/kernel/config/target/iscsi/$(export_iqn 1)/tpgt_1/lun/lun_$x" ] || fail "X's LUN outlived its last client"
	! ls -d /sys/kernel/config/target/core/fileio_*/pvfs-srv1-000000070000000000000065 2>/dev/null ||
		fail "X's backstore outlived its last client"
	grep -q "unexport fs_id=7 handles=1 initiator=$CLIENT_B: ok unmapped=$x removed=-" "$PVFSF_OUT/srv1.log" ||
		fail "the service did not log B's unmapping"
}
