#!/bin/bash
# Random O_DIRECT writes and reads through /dev/pvfsfN (512 B to 1 MiB,
# many crossing strips), checked byte for byte against the stripe model by
# reading every member directly.  Geometries: power-of-two and other
# strips, one member, many members, 4 KiB logical blocks.
DESCRIPTION="data: random O_DIRECT I/O matches the simple_stripe model"
# about 80 s on an idle host; a loaded one has taken 2.5 times that
TIMEOUT=600

# check_geometry STRIP NR_MEMBERS MEMBER_BYTES [BLOCK_SIZE]
check_geometry() {
	local strip=$1 nr=$2 size=$3 bs=${4:-512} dev

	loop_members "$nr" "$size" -b "$bs"
	dev=$(pvfsf-ctl create --fs-id 1 --handle $((strip + nr)) --strip "$strip" "${SPECS[@]}") ||
		fail "create strip=$strip members=$nr failed"
	pvfsf-stripe-check write --device "$dev" --strip "$strip" --seed "$nr$strip" \
		--ops 200 --max 1M "${LOOPS[@]}" >&2 ||
		fail "write check failed: strip=$strip members=$nr block=$bs"
	pvfsf-stripe-check read --device "$dev" --strip "$strip" --seed "$strip$nr" \
		--ops 200 --max 1M "${LOOPS[@]}" >&2 ||
		fail "read check failed: strip=$strip members=$nr block=$bs"
	pvfsf-ctl remove "$dev" || fail "remove $dev failed"
}

test() {
	pvfsf_load
	check_geometry 65536 4 $((16 << 20))
	check_geometry $((12 << 10)) 3 $((12 << 20))
	check_geometry $((65536 + 512)) 5 $((8 << 20))
	check_geometry 4096 8 $((4 << 20))
	check_geometry $((1 << 20)) 1 $((16 << 20))
	check_geometry $((128 << 10)) 4 $((16 << 20)) 4096
}
