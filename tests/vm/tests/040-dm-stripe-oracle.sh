#!/bin/bash
# dm "striped" with the same chunk and the members in datafile order places
# bytes exactly as PVFS simple_stripe does: the same writes through pvfsf
# (O_DIRECT) and through dm-stripe must leave byte-identical members.
DESCRIPTION="data: members equal dm-stripe's after the same writes"
REQUIRES="dm_mod"
# about 80 s on an idle host; a loaded one has taken 2.5 times that
TIMEOUT=600

# compare_with_dm CHUNK_BYTES
compare_with_dm() {
	local chunk=$1 size=$(($1 * 256)) i a b table dev sectors

	loop_members 4 $size
	a=("${LOOPS[@]}")
	local specs=("${SPECS[@]}")
	loop_members 4 $size
	b=("${LOOPS[@]}")
	sectors=$((4 * size / 512))
	table="0 $sectors striped 4 $((chunk / 512))"
	for i in 0 1 2 3; do
		table+=" ${b[$i]} 0"
	done
	dmsetup create pvfsf-oracle-$chunk --table "$table" || fail "dmsetup create"
	defer dmsetup remove --retry pvfsf-oracle-$chunk
	dmsetup mknodes pvfsf-oracle-$chunk
	dev=$(pvfsf-ctl create --fs-id 2 --handle $chunk --strip "$chunk" "${specs[@]}") ||
		fail "create failed"
	[ "$(blockdev --getsz "$dev")" = $sectors ] ||
		fail "pvfsf has $(blockdev --getsz "$dev") sectors, dm has $sectors"

	# 150 writes of 512 B to 256 KiB at random sectors, the same ones to
	# both, in one process (under TCG every exec costs 40-150 ms).
	python3 "$PVFSF_SRC/tests/vm/tests/attach_io.py" write "$dev" \
		/dev/mapper/pvfsf-oracle-$chunk 150 4242 $((sectors * 512)) >/dev/null ||
		fail "the writes to $dev and dm failed, chunk $chunk"
	cmp "$dev" /dev/mapper/pvfsf-oracle-$chunk || fail "device contents differ, chunk $chunk"

	pvfsf-ctl remove "$dev" || fail "remove failed"
	# The members were written by bios, past their own page cache: a
	# blkid probe of udevd's (when a test before started it) may have read
	# them meanwhile, and cmp would read what it cached.
	blockdev --flushbufs "${a[@]}" "${b[@]}"
	for i in 0 1 2 3; do
		cmp "${a[$i]}" "${b[$i]}" || fail "member $i differs from dm's, chunk $chunk"
	done
}

test() {
	pvfsf_load
	compare_with_dm 65536
	compare_with_dm $((24 << 10))
	compare_with_dm 4096
}
