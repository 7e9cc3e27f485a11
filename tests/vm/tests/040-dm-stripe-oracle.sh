#!/bin/bash
# dm "striped" with the same chunk and the members in datafile order places
# bytes exactly as PVFS simple_stripe does: the same O_DIRECT writes through
# pvfsf and through dm-stripe must leave byte-identical members.
DESCRIPTION="data: members equal dm-stripe's after the same writes"
REQUIRES="dm_mod"
# about 80 s on an idle host; a loaded one has taken 2.5 times that
TIMEOUT=600

# same_writes DEV1 DEV2 SOURCE SECTORS: 150 writes of 512 B to 2 MiB at
# random sector offsets, the same ones to both devices.
same_writes() {
	local a=$1 b=$2 src=$3 sectors=$4 n off len dev

	RANDOM=4242
	for ((n = 0; n < 150; n++)); do
		len=$(( (RANDOM * 32768 + RANDOM) % 4096 + 1 ))
		off=$(( (RANDOM * 32768 + RANDOM) % (sectors - len) ))
		for dev in "$a" "$b"; do
			dd if="$src" of="$dev" bs=$((len * 512)) count=1 \
				skip=$((off * 512)) seek=$((off * 512)) \
				iflag=skip_bytes oflag=seek_bytes,direct \
				conv=notrunc status=none || fail "dd to $dev at $off+$len"
		done
	done
}

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

	head -c $((4 * size)) /dev/urandom > "$TMPDIR/src"
	same_writes "$dev" /dev/mapper/pvfsf-oracle-$chunk "$TMPDIR/src" $sectors
	cmp "$dev" /dev/mapper/pvfsf-oracle-$chunk || fail "device contents differ, chunk $chunk"

	pvfsf-ctl remove "$dev" || fail "remove failed"
	# The members were written by bios, past their own page cache: a
	# blkid probe of udevd's (when a test before started it) may have read
	# them meanwhile, and cmp would read what it cached.
	blockdev --flushbufs "${a[@]}" "${b[@]}"
	for i in 0 1 2 3; do
		cmp "${a[$i]}" "${b[$i]}" || fail "member $i differs from dm's, chunk $chunk"
	done
	rm -f "$TMPDIR/src"
}

test() {
	pvfsf_load
	compare_with_dm 65536
	compare_with_dm $((24 << 10))
	compare_with_dm 4096
}
