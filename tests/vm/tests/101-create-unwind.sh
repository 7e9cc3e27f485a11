#!/bin/bash
# A CREATE that fails at any step unwinds without ever showing the disk:
# a process that opens /dev/pvfsf0 the moment it appears (as udev does)
# never finds it, so no unwind can free what an opener or its bio reaches.
# The module's fail_create parameter makes CREATE fail at the named step
# (Debian's kernel has no failslab); the members are sound, so only the
# injection can make these creates fail.  Then the same members make a working
# device, whose bytes are checked.
DESCRIPTION="create: a failure at any step unwinds before the disk is visible"
DMESG_ALLOW='pvfsf: create refused: failure injected at'
TIMEOUT=300

test() {
	local step i opener seen opened holders dev
	local param=/sys/module/pvfsf/parameters/fail_create

	pvfsf_load
	loop_members 16 1M
	background python3 "$PVFSF_SRC/tests/vm/tests/opener.py" /dev/pvfsf0 \
		"$TMPDIR/opener.out"
	opener=$!

	for step in members bioset minor link add; do
		echo "$step" >"$param"
		for i in $(seq 10); do
			pvfsf-ctl create --fs-id 11 --handle 11 --strip 4096 \
				"${SPECS[@]}" 2>/dev/null && fail "create succeeded with $step failing"
		done
		[ -z "$(ls /sys/block | grep '^pvfsf' || true)" ] ||
			fail "a failure at $step left a disk behind"
		holders=$(find /sys/block/loop*/holders -mindepth 1)
		[ -z "$holders" ] || fail "a failure at $step left holders: $holders"
	done
	echo >"$param"
	kill -TERM "$opener"
	wait "$opener" || true
	read -r seen opened <"$TMPDIR/opener.out"
	echo "opener: /dev/pvfsf0 seen $seen times, opened $opened times"
	[ "$seen" = 0 ] || fail "a failing create showed /dev/pvfsf0 $seen times (opened $opened)"

	# the members are free and whole: a device over them works
	dev=$(pvfsf-ctl create --fs-id 11 --handle 11 --strip 4096 "${SPECS[@]}") ||
		fail "create after the failures failed"
	head -c 4M /dev/urandom >"$TMPDIR/data"
	dd if="$TMPDIR/data" of="$dev" bs=64k oflag=direct status=none
	cmp <(dd if="$dev" bs=64k count=64 iflag=direct status=none) "$TMPDIR/data" ||
		fail "bytes read back differ from those written"
	pvfsf-ctl remove "$dev" || fail "remove failed"
}
