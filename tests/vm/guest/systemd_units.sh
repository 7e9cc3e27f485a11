# The VM tests that run under systemd as PID 1 (SYSTEMD=1): what a unit
# that udev's rules started did.  Source in the test script.

# unit_done UNIT SECONDS: until the journal says UNIT ended, which it
# keeps after systemd has unloaded the unit (a transient unit with
# --collect, or a oneshot that succeeded: systemctl show then tells a
# never-started unit's defaults); fails unless it ended successfully.
# The unit's journal goes to the test's results.  Only what the journal
# got after this file was sourced counts: an earlier test of the same boot
# may have run a unit of the same name (pvfsf-cleanup@pvfsf0).
UNITS_CURSOR=$(journalctl -b -q -n 1 --show-cursor -o cat | sed -n 's/^-- cursor: //p')
[ -n "$UNITS_CURSOR" ] || fail "the journal gave no cursor"
unit_done() {
	local log=$TMPDIR/$1.log end=$((SECONDS + $2))
	while [ $SECONDS -lt $end ]; do
		journalctl -q -u "$1" -o cat --after-cursor "$UNITS_CURSOR" >"$log"
		grep -q -E "Deactivated successfully|Failed with result" "$log" && break
		sleep 0.5
	done
	cp "$log" "$PVFSF_OUT/"
	[ -s "$log" ] || fail "udev did not start $1"
	grep -q "Deactivated successfully" "$log" ||
		fail "$1: $(grep -m1 -E 'Failed|status=' "$log" || tail -n1 "$log")"
}
