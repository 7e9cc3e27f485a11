#!/bin/bash
# docs/sim.md's walkthrough ("By hand, in the VM") works as written: its
# commands are taken from the page and run as they are; the comparisons it
# prints must all say equal, and the disk's serial must name the handle.
DESCRIPTION="sim: docs/sim.md's by-hand walkthrough, run as written"
TIMEOUT=180

test() {
	local out serial i
	# The indented lines of the section, up to the next paragraph of text.
	awk '/^## By hand, in the VM/ { on = 1; next }
		on && /^## / { exit }
		on && /^`\$H` is above/ { exit }
		on && /^    / { print substr($0, 5) }' "$PVFSF_SRC/docs/sim.md" >"$TMPDIR/walk.sh"
	cp "$TMPDIR/walk.sh" "$PVFSF_OUT/"
	[ "$(grep -c '^pvfs-sim\|^iscsiadm\|^pvfs-lun-export' "$TMPDIR/walk.sh")" -ge 6 ] ||
		fail "no walkthrough found in docs/sim.md"

	# Whatever the walkthrough leaves if it fails half-way.
	defer rm -rf /tmp/sim /tmp/file /tmp/layout.json /etc/iscsi/nodes /etc/iscsi/send_targets
	defer sh -c '[ -s /run/iscsid.pid ] && kill "$(cat /run/iscsid.pid)"; sleep 0.5; true'
	defer sh -c '[ -d /tmp/sim ] && pvfs-sim destroy --dir /tmp/sim; true'
	defer sh -c 'iscsiadm -m node --logoutall=all >/dev/null 2>&1; true'

	out=$(cd /tmp && bash -e "$TMPDIR/walk.sh" 2>&1) || fail "the walkthrough failed: $(tail -n 3 <<<"$out" | tr '\n' ' ')"
	echo "$out"
	grep -qx same <<<"$out" || fail "get did not give the file back"
	grep -qx "member = bstream" <<<"$out" || fail "the member disk differs from its bstream"
	grep -qx "rest is zeros" <<<"$out" || fail "the member disk is not zeros after the bstream"
	serial=$(grep -xE '00000007[0-9a-f]{16}' <<<"$out") || fail "no serial printed"
	grep -qx "${serial:8}" <<<"$out" || fail "serial $serial does not name the handle"
	[ ! -e /tmp/sim ] || fail "destroy left /tmp/sim"
	# iscsid, killed by the walkthrough, takes a moment to go.
	for ((i = 0; i < 50; i++)); do
		pgrep -x iscsid >/dev/null || break
		sleep 0.1
	done
}
