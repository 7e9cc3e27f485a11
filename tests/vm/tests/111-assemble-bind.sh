#!/bin/bash
# A device created with slots unbound waits, assembling: capacity 0, opens
# refused, INFO and sysfs name the unbound slots.  BIND fills them in any
# order after checking the datafile and the size; the last one makes it
# live with the size create gave, with a change event, and its I/O matches
# the stripe model.  A disk too small for its share is refused at create
# and at bind alike.
DESCRIPTION="assemble: unbound slots refuse opens; binds in any order make it live"
DMESG_ALLOW='pvfsf: (bind|create) refused'
TIMEOUT=180

strip=65536

sysfs() {
	cat "/sys/block/${dev#/dev/}/$1"
}

test() {
	local dev small out events i

	pvfsf_load
	loop_members 3 4M
	truncate -s 1M "$TMPDIR/small"
	small=$(losetup -f --show "$TMPDIR/small")
	defer losetup -d "$small"

	events=$TMPDIR/events
	uevent_monitor "$events" block

	# too small for its share of 10 MiB: refused at create already
	out=$(pvfsf-ctl create --fs-id 111 --handle 111 --strip $strip --size 10M \
		unbound:1000 "$small:1001" unbound:1002 2>&1) &&
		fail "create with a bound disk too small succeeded"
	grep -q 'No space left' <<<"$out" || fail "create with a small disk said: $out"
	out=$(pvfsf-ctl create --fs-id 111 --handle 111 --strip $strip \
		unbound:1000 "${SPECS[1]}" unbound:1002 2>&1) &&
		fail "create with an unbound slot and no size succeeded"
	grep -q -- '--size' <<<"$out" || fail "create without --size said: $out"

	# 10 MiB, not the 12 the members could hold: the size is create's
	dev=$(pvfsf-ctl create --fs-id 111 --handle 111 --strip $strip --size 10M \
		unbound:1000 "${SPECS[1]}" unbound:1002) || fail "create failed"
	defer pvfsf-ctl remove "$dev"
	[ "$(sysfs pvfsf/state)" = assembling ] || fail "state $(sysfs pvfsf/state), want assembling"
	[ "$(sysfs size)" = 0 ] || fail "size $(sysfs size) while assembling"
	[ "$(sysfs pvfsf/member_state)" = $'0 unbound 0\n1 live 0\n2 unbound 0' ] ||
		fail "member_state: $(sysfs pvfsf/member_state)"
	sysfs pvfsf/members | grep -x '0 1000 0:0' >/dev/null || fail "members: $(sysfs pvfsf/members)"
	pvfsf-ctl info "$dev" | grep '^state  *assembling$' >/dev/null || fail "info: $(pvfsf-ctl info "$dev")"
	pvfsf-ctl info "$dev" | grep 'unbound  *datafile 1002 ' >/dev/null || fail "info: $(pvfsf-ctl info "$dev")"
	out=$(dd if="$dev" of=/dev/null bs=4096 count=1 2>&1) && fail "open while assembling succeeded"
	grep -q 'No such device or address' <<<"$out" || fail "open while assembling said: $out"

	# refused binds leave it assembling
	out=$(pvfsf-ctl bind "$dev" 0 "${LOOPS[0]}:1001" 2>&1) && fail "bind of another datafile succeeded"
	grep -q 'Invalid argument' <<<"$out" || fail "bind of another datafile said: $out"
	out=$(pvfsf-ctl bind "$dev" 0 "$small:1000" 2>&1) && fail "bind of a disk too small succeeded"
	grep -q 'No space left' <<<"$out" || fail "bind of a small disk said: $out"
	out=$(pvfsf-ctl bind "$dev" 1 "${LOOPS[0]}:1001" 2>&1) && fail "bind into a bound slot succeeded"
	grep -q 'busy' <<<"$out" || fail "bind into a bound slot said: $out"
	out=$(pvfsf-ctl bind "$dev" 3 "${LOOPS[0]}:1003" 2>&1) && fail "bind into slot 3 of 3 succeeded"
	[ "$(sysfs pvfsf/state)" = assembling ] || fail "a refused bind changed the state"

	# the last slot first, then the first: live, with create's size
	pvfsf-ctl bind "$dev" 2 "${LOOPS[2]}:1002" || fail "bind of slot 2 failed"
	[ "$(sysfs pvfsf/state)" = assembling ] || fail "live with slot 0 unbound"
	grep -q '^PVFSF_STATE=live' "$events" && fail "a live event with slot 0 unbound"
	pvfsf-ctl bind "$dev" 0 "${LOOPS[0]}:1000" || fail "bind of slot 0 failed"
	[ "$(sysfs pvfsf/state)" = live ] || fail "state $(sysfs pvfsf/state) with every slot bound"
	[ "$(sysfs size)" = $((10 << 11)) ] || fail "size $(sysfs size), want $((10 << 11))"
	for i in $(seq 20); do
		grep -q '^PVFSF_STATE=live' "$events" && break
		sleep 0.1
	done
	grep -q '^PVFSF_STATE=live' "$events" || fail "no change event with PVFSF_STATE=live"
	[ "$(sysfs pvfsf/member_state)" = $'0 live 0\n1 live 0\n2 live 0' ] ||
		fail "member_state: $(sysfs pvfsf/member_state)"
	for i in 0 1 2; do
		[ -e "/sys/block/${dev#/dev/}/slaves/${LOOPS[$i]#/dev/}" ] ||
			fail "no slave link to member $i"
	done

	pvfsf-stripe-check write --device "$dev" --strip $strip --seed 111 \
		--ops 60 "${LOOPS[@]}" >&2 || fail "write check failed after assembly"
	cp "$events" "$PVFSF_OUT/events"
}
