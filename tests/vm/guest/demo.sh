#!/bin/bash
# The demo, run in the guest by tests/vm/demo: a file striped over four
# members, written through /dev/pvfsf0 with O_DIRECT, and every strip found
# again where simple_stripe says it must be: strip k on member k mod 4 at
# offset (k div 4) x strip.
DESCRIPTION="demo: stripe a file over four members and find every strip"
TIMEOUT=120

test() {
	local strip=65536 nr=4 i k dev loops=() specs=() member offset want got

	pvfsf_load
	for i in $(seq 0 $((nr - 1))); do
		truncate -s 4M "$TMPDIR/datafile$i"
		loops+=("$(losetup -f --show "$TMPDIR/datafile$i")")
		defer losetup -d "${loops[$i]}"
		specs+=("${loops[$i]}:$((1048577 + i))")
	done
	echo "# pvfsf-ctl create --fs-id 7 --handle 1048576 --strip $strip ${specs[*]}"
	dev=$(pvfsf-ctl create --fs-id 7 --handle 1048576 --strip $strip "${specs[@]}")
	defer pvfsf-ctl remove "$dev"
	echo "$dev"
	echo
	echo "# pvfsf-ctl info $dev"
	pvfsf-ctl info "$dev"
	echo
	echo "# lsblk -o NAME,MAJ:MIN,SIZE,TYPE $dev ${loops[*]}"
	lsblk -o NAME,MAJ:MIN,SIZE,TYPE -s "$dev"
	echo

	# one O_DIRECT write of 10 strips, each strip starting with its name
	for k in $(seq 0 9); do
		printf 'strip %-3d of the file%*s' "$k" $((strip - 21)) '' | tr ' ' .
	done > "$TMPDIR/file"
	echo "# dd if=file of=$dev bs=640K count=1 oflag=direct"
	dd if="$TMPDIR/file" of="$dev" bs=$((10 * strip)) count=1 oflag=direct status=none
	echo
	echo "where each strip landed (read back from the members directly):"
	for k in $(seq 0 9); do
		member=$((k % nr))
		offset=$(((k / nr) * strip))
		want=$(printf 'strip %-3d' "$k" | tr ' ' .)
		got=$(dd if="${loops[$member]}" bs=9 count=1 skip=$offset iflag=skip_bytes status=none)
		[ "$got" = "$want" ] || fail "strip $k: member $member at $offset holds '$got'"
		printf '  strip %d -> member %d (%s, datafile %d) at offset %7d: "%s"\n' \
			"$k" "$member" "${loops[$member]}" $((1048577 + member)) "$offset" "$got"
	done
	cmp -n $((10 * strip)) "$TMPDIR/file" "$dev" || fail "the device does not read back the file"
	echo
	echo "all 10 strips are where simple_stripe puts them; the device reads the file back."
}
