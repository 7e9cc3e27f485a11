#!/bin/bash
# A deferred removal that waits for the control mutex runs on a workqueue
# of its own, never on the one that serves flushes (where it could hold up
# the rescuer, and so a flush, under memory pressure), and a flush goes
# through meanwhile.  The control mutex is held by an INFO whose member
# array is in memory registered with userfaultfd: the copy out, made under
# the mutex, blocks on the fault until the test lets it go.
DESCRIPTION="remove: deferred removals wait off the flush workqueue"
SMP=2
TIMEOUT=120

# workers WQ: the kworkers now working for the workqueue named WQ (the
# kernel names them kworker/N:M+WQ in /proc/PID/comm while they do)
workers() {
	local f c
	for f in /proc/[0-9]*/comm; do
		read -r c 2>/dev/null <"$f" || continue
		[[ $c == kworker/*"+$1" ]] && echo "${f%/comm}"
	done
	return 0
}

test() {
	local a c holder i

	pvfsf_load
	loop_members 3 8M
	a=$(pvfsf-ctl create --fs-id 16 --handle 1 --strip 4096 "${SPECS[0]}") || fail "create A failed"
	c=$(pvfsf-ctl create --fs-id 16 --handle 3 --strip 4096 "${SPECS[1]}" "${SPECS[2]}") ||
		fail "create C failed"
	defer pvfsf-ctl remove "$c"

	# A: open, its removal deferred to its last close
	exec 3<"$a"
	pvfsf-ctl remove --deferred "$a" || fail "deferred remove of A failed"

	# (without fd 3: A's last close is ours)
	python3 "$PVFSF_SRC/tests/vm/tests/hold_ctl_mutex.py" "${c#/dev/pvfsf}" \
		"$TMPDIR/release" >"$TMPDIR/holder" 3<&- &
	holder=$!
	defer touch "$TMPDIR/release"
	for i in $(seq 100); do
		grep -q holding "$TMPDIR/holder" && break
		kill -0 "$holder" || fail "the mutex holder died: $(cat "$TMPDIR/holder")"
		sleep 0.1
	done
	grep -q holding "$TMPDIR/holder" || fail "the INFO never faulted"

	# A's last close queues its removal, which waits for the control mutex
	exec 3<&-
	sleep 1
	[ -e "/sys/block/${a#/dev/}" ] || fail "A went while the control mutex was held"
	grep -H pvfsf /proc/[0-9]*/comm 2>/dev/null || true
	[ -n "$(workers pvfsf-remove)" ] || fail "no worker of pvfsf-remove waits with A's removal"
	[ -z "$(workers pvfsf)" ] ||
		fail "a worker of the flush workqueue is busy: $(workers pvfsf)"
	# a flush goes through meanwhile
	timeout 10 python3 -c 'import os, sys; os.fsync(os.open(sys.argv[1], os.O_RDWR))' "$c" ||
		fail "an fsync of C did not finish while the removal waited"

	touch "$TMPDIR/release"
	wait "$holder" || fail "the mutex holder failed: $(cat "$TMPDIR/holder")"
	cat "$TMPDIR/holder"
	for i in $(seq 50); do
		[ -e "/sys/block/${a#/dev/}" ] || break
		sleep 0.1
	done
	[ ! -e "/sys/block/${a#/dev/}" ] || fail "A was not removed once the mutex was free"
}
