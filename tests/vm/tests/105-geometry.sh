#!/bin/bash
# Geometry that stays true at the extremes: a capacity whose byte size
# would pass 2^63 is clamped to fit loff_t; io_opt and the readahead made
# of it (twice io_opt) do not overflow 32 bits for 1 GiB strips over four
# members; a strip that is not a multiple of a member's physical block is
# refused with the reason.
DESCRIPTION="geometry: loff_t capacity, io_opt and readahead, physical blocks"
REQUIRES="dm_zero scsi_debug"
DMESG_ALLOW="pvfsf: create refused: strip size 6144 is not a multiple of member 0's 4096-byte physical block"

test() {
	local i dev name cap bytes opt ra disks=() members=()
	local huge=$((2 ** 53)) max=$((2 ** 54 - 1))

	pvfsf_load
	# four 2^62-byte members: a stripe of 2^64 bytes
	for i in 0 1 2 3; do
		dmsetup create "pvfsf-zero$i" --table "0 $huge zero" || fail "dm-zero failed"
		defer dmsetup remove "pvfsf-zero$i"
		members+=("/dev/mapper/pvfsf-zero$i:$((i + 1))")
	done
	dmsetup mknodes
	dev=$(pvfsf-ctl create --fs-id 15 --handle 15 --strip $((2 ** 30)) "${members[@]}") ||
		fail "create over dm-zero failed"
	name=${dev#/dev/}
	cap=$(cat /sys/block/$name/size)
	bytes=$(blockdev --getsize64 "$dev")
	echo "capacity $cap sectors, $bytes bytes"
	[ "$cap" = "$max" ] || fail "capacity $cap sectors, want $max (2^63 bytes - 512)"
	[ "$bytes" = $((max * 512)) ] || fail "BLKGETSIZE64 says $bytes"
	dd if="$dev" of="$TMPDIR/last" bs=512 skip=$((cap - 1)) count=1 iflag=direct status=none ||
		fail "the last sector cannot be read"
	cmp -n 512 "$TMPDIR/last" /dev/zero || fail "the last sector is not dm-zero's"

	opt=$(cat /sys/block/$name/queue/optimal_io_size)
	ra=$(cat /sys/block/$name/queue/read_ahead_kb)
	echo "io_opt $opt, read_ahead_kb $ra"
	[ $((opt % 2 ** 30)) = 0 ] && [ "$opt" -gt 0 ] && [ $((2 * opt)) -lt $((2 ** 32)) ] ||
		fail "io_opt $opt is not whole strips with twice it below 2^32"
	[ "$ra" = $((2 * opt / 1024)) ] || fail "read_ahead_kb $ra is not twice io_opt $opt"
	pvfsf-ctl remove "$dev" || fail "remove failed"

	# 512-byte logical, 4096-byte physical blocks
	modprobe sd_mod
	modprobe scsi_debug dev_size_mb=16 physblk_exp=3 num_tgts=2 ||
		fail "scsi_debug did not load"
	defer modprobe -r scsi_debug
	read -ra disks <<<"$(scsi_debug_disks 2)"
	[ ${#disks[@]} = 2 ] || fail "scsi_debug gave ${#disks[@]} disks"
	[ "$(cat /sys/block/${disks[0]}/queue/physical_block_size)" = 4096 ] ||
		fail "${disks[0]} has no 4096-byte physical blocks"
	pvfsf-ctl create --fs-id 15 --handle 16 --strip 6144 \
		"/dev/${disks[0]}:1" "/dev/${disks[1]}:2" 2>/dev/null &&
		fail "a 6 KiB strip over 4 KiB physical blocks was accepted"
	dmesg | grep -q "strip size 6144 is not a multiple of member 0's 4096-byte physical block" ||
		fail "the refusal does not say why"
	dev=$(pvfsf-ctl create --fs-id 15 --handle 16 --strip 8192 \
		"/dev/${disks[0]}:1" "/dev/${disks[1]}:2") || fail "an 8 KiB strip was refused"
	pvfsf-ctl remove "$dev" || fail "remove failed"
}
