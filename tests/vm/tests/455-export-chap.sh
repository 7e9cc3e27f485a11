#!/bin/bash
# The data path's authentication (issue 13): with a chap-file, every node
# ACL the service makes demands the cluster's CHAP.  A client without the
# secret, with a wrong one, or without an ACL logs in to nothing and so
# reads no LUN; with the secret it sees its own LUN only.  CHAP an
# administrator set on the target stays as it was, and neither the CHAP
# secrets nor the cluster key appear in any process's argument list or
# environment.
DESCRIPTION="export: CHAP on node ACLs; no secret, a wrong one or no ACL log in to nothing; admin CHAP untouched; no secret in argv or environ"
REQUIRES="target_core_mod iscsi_target_mod target_core_file iscsi_tcp"
TIMEOUT=1080
. "$PVFSF_SRC/tests/vm/tests/450-export-clients.sh"

CLIENT_C=iqn.2025-11.org.pvfsf:client-c
CLIENT_D=iqn.2025-11.org.pvfsf:client-d

# chap_login_refused IFACE WHAT: the login through IFACE fails as an
# authorization failure (iscsiadm exit 24) and leaves no session.
chap_login_refused() {
	local rc=0 name
	iscsiadm -m node -T "$(export_iqn 1)" -p "$CLIENT_PORTAL" -I "$1" --login >"$TMPDIR/login.out" 2>&1 || rc=$?
	cat "$TMPDIR/login.out"
	[ $rc = 24 ] || fail "login $2 exited $rc, not 24 (authorization failure)"
	read -r name < <(iscsiadm -m iface -I "$1" | sed -n 's/^iface.initiatorname = //p')
	! client_sid "$name" >/dev/null || fail "a session is left after the refused login $2"
}

# chap_secrets_hidden: no /proc/PID/cmdline or environ holds a CHAP secret
# or the cluster key (grep reads the patterns from a file: its own
# argument list holds none).
chap_secrets_hidden() {
	local patterns=$TMPDIR/secrets f
	{
		client_secret password
		client_secret mutual_password
		tr -d '\n' <"$TMPDIR/cluster.key"
		echo
	} >"$patterns"
	for f in /proc/[0-9]*/cmdline /proc/[0-9]*/environ; do
		if tr '\0' '\n' <"$f" 2>/dev/null | grep -qFf "$patterns"; then
			fail "$f holds a secret: $(tr '\0' ' ' <"${f%/*}/cmdline")"
		fi
	done
}

test() {
	local tpg lun disk

	client_chap_server
	tpg=/sys/kernel/config/target/iscsi/$(export_iqn 1)/tpgt_1

	lun=$(client_request $CLIENT_A export 201)
	lun=${lun#* }
	# An administrator's CHAP on the target (demo-mode auth, the TPG's
	# authentication attribute): later exports leave it as it is.
	echo -n admin-user >"$tpg/auth/userid"
	echo -n admin-secret-99 >"$tpg/auth/password"
	echo 1 >"$tpg/attrib/authentication"
	client_request $CLIENT_C export 202 >/dev/null
	client_request $CLIENT_A export 203 >/dev/null
	[ "$(cat "$tpg/auth/userid")" = admin-user ] || fail "the TPG's userid became '$(cat "$tpg/auth/userid")'"
	[ "$(cat "$tpg/auth/password")" = admin-secret-99 ] || fail "the TPG's password was rewritten"
	[ "$(cat "$tpg/attrib/authentication")" = 1 ] || fail "the TPG's authentication was rewritten"
	[ "$(cat "$tpg/acls/$CLIENT_C/attrib/authentication")" = 1 ] || fail "C's ACL does not demand CHAP"

	# C has an ACL and a LUN: without CHAP or with a wrong password it logs
	# in to nothing.  D has no ACL at all.
	client_iface pvfsC $CLIENT_C
	client_iface pvfsD $CLIENT_D
	client_discover pvfsC nochap
	chap_login_refused pvfsC "without CHAP"
	client_discover pvfsC wrong
	chap_login_refused pvfsC "with a wrong password"
	client_discover pvfsD
	chap_login_refused pvfsD "without a node ACL"
	[ -z "$(ls /sys/class/iscsi_session/)" ] || fail "sessions left: $(ls /sys/class/iscsi_session/)"

	# A with the secret logs in and sees its own LUNs, not C's.
	client_iface pvfsA $CLIENT_A
	client_discover pvfsA
	client_login pvfsA
	disk=$(client_wait_disk $CLIENT_A "$lun")
	dd if="$disk" of=/dev/null bs=64K count=1 iflag=direct status=none || fail "A cannot read its LUN"
	[ "$(export_report_luns "$disk" | tr '\n' ' ')" = "0 2 " ] ||
		fail "A's REPORT LUNS: $(export_report_luns "$disk" | tr '\n' ' ')"
	chap_secrets_hidden
}
