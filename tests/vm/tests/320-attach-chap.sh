#!/bin/bash
# CHAP from the attach configuration to the login: a target that demands
# CHAP refuses a login without it or with a wrong secret, and iscsiadm's
# exit 24 comes back as a clear authorization error (no session is left);
# the right secret, in a file only root can read, logs in.  Mutual CHAP
# (chap_username_in, chap_password_in): a target whose secret is not the
# configured one is refused; the right one logs in.
DESCRIPTION="attach: CHAP and mutual CHAP credentials from the config reach the login; wrong or missing ones fail as an authorization error"
REQUIRES="target_core_mod iscsi_target_mod target_core_file iscsi_tcp"
TIMEOUT=240

. "$PVFSF_SRC/tests/vm/tests/300-attach-disks.sh"
DESCRIPTION="attach: CHAP and mutual CHAP credentials from the config reach the login; wrong or missing ones fail as an authorization error"
TIMEOUT=240

# login_refused CONFIG-TEXT WHAT: the pool's login with this config must
# fail with iscsiadm's authorization error and leave no session.
login_refused() {
	local out rc=0
	printf '%b' "$1" >"$TMPDIR/attach.conf"
	chmod 600 "$TMPDIR/attach.conf"
	out=$(pvfsf-attach-probe login --config "$TMPDIR/attach.conf" "$ATTACH_IQN:srv1" 127.0.10.1 2>&1) || rc=$?
	echo "$2: $out"
	[ $rc = 1 ] || fail "login $2 exited $rc"
	[[ $out == *"iscsiadm login to $ATTACH_IQN:srv1 at 127.0.10.1:3260: exit 24 (ISCSI_ERR_LOGIN_AUTH_FAILED: login failed due to authorization failure): the target refused our CHAP credentials"* ]] ||
		fail "login $2: $out"
	! attach_sid srv1 >/dev/null || fail "a session is left after the refused login $2"
}

# logout_after_disk SID: the session's disk found (udev has probed it,
# which a logout during the probe would fail with I/O errors), then the
# session logged out.
logout_after_disk() {
	[ "$(pvfsf-attach-probe wait --timeout 20 000000070000000000300001)" = "000000070000000000300001 /dev/$(attach_disk_of 000000070000000000300001)" ] ||
		fail "the disk of session $1 was not found"
	udevadm settle --timeout=30
	pvfsf-attach-probe logout "$1" || fail "probe logout failed"
}

test() {
	local tpg=$ATTACH_CFG/iscsi/$ATTACH_IQN:srv1/tpgt_1 out sid

	attach_start
	attach_target srv1 127.0.10.1
	attach_lun srv1 0 c0 000000070000000000300001 1048576
	# Demo-mode ACLs with CHAP: every initiator, one user and secret.
	_attach_write pvfsf-initiator "$tpg/auth/userid"
	_attach_write chap-secret-1234 "$tpg/auth/password"
	_attach_write 1 "$tpg/attrib/authentication"
	attach_forget srv1 127.0.10.1

	login_refused 'replacement_timeout = 5\n' "without CHAP"
	login_refused 'chap_username = pvfsf-initiator\nchap_password = wrong-secret-99\n' "with a wrong secret"

	printf 'chap_username = pvfsf-initiator\nchap_password = chap-secret-1234\n' >"$TMPDIR/attach.conf"
	chmod 600 "$TMPDIR/attach.conf"
	out=$(pvfsf-attach-probe login --config "$TMPDIR/attach.conf" "$ATTACH_IQN:srv1" 127.0.10.1) ||
		fail "login with the right secret failed"
	sid=$(attach_sid srv1) || fail "no session after the CHAP login"
	[ "$out" = "$sid logged-in" ] || fail "CHAP login said '$out'"
	logout_after_disk "$sid"

	# Mutual CHAP: the target proves itself with credentials of its own,
	# which the initiator checks against chap_username_in/_password_in.
	_attach_write pvfsf-target "$tpg/auth/userid_mutual"
	_attach_write target-secret-5678 "$tpg/auth/password_mutual"
	printf '%s\n' "chap_username = pvfsf-initiator" "chap_password = chap-secret-1234" \
		"chap_username_in = pvfsf-target" "chap_password_in = wrong-target-99" >"$TMPDIR/attach.conf"
	chmod 600 "$TMPDIR/attach.conf"
	out=$(pvfsf-attach-probe login --config "$TMPDIR/attach.conf" "$ATTACH_IQN:srv1" 127.0.10.1 2>&1) &&
		fail "a target that does not know our target secret was trusted: $out"
	echo "mutual, the target's secret wrong: $out"
	# iscsid ends the login as fatal (exit 19), not as refused by the target
	[[ $out == *"iscsiadm login to $ATTACH_IQN:srv1 at 127.0.10.1:3260: exit 19 "*"with mutual CHAP, a target that did not answer with chap_username_in and chap_password_in"* ]] ||
		fail "mutual, the target's secret wrong: $out"
	! attach_sid srv1 >/dev/null || fail "a session is left after the login to a target that failed mutual CHAP"
	sed -i 's/wrong-target-99/target-secret-5678/' "$TMPDIR/attach.conf"
	out=$(pvfsf-attach-probe login --config "$TMPDIR/attach.conf" "$ATTACH_IQN:srv1" 127.0.10.1) ||
		fail "mutual CHAP login with the right secrets failed"
	sid=$(attach_sid srv1) || fail "no session after the mutual CHAP login"
	[ "$out" = "$sid logged-in" ] || fail "mutual CHAP login said '$out'"
	echo "mutual CHAP with the right secrets: logged in, session $sid"
	logout_after_disk "$sid"
}
