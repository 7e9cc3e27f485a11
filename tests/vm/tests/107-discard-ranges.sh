#!/bin/bash
# A discard goes to each member as one range per bio, as dm-stripe sends
# it, not one piece per strip: blkdiscard of 8 GiB over 4 KiB strips and
# four memory-backed null_blk members.  Prints the time and the bios each
# member received (tracepoint block_bio_remap, which pvfsf and dm fire
# once per bio they send to a member, counted by a hist trigger) next to
# dm-stripe's over the same members, and the discard bios the device got
# (block_bio_queue); no member may get more bios than the device did.
# Then checks the bytes kept and the bytes discarded, on the device and on
# the members.
DESCRIPTION="discard: one range per member per bio, bios counted against dm-stripe"
REQUIRES="null_blk dm_mod"
TIMEOUT=400

TRACE=/sys/kernel/tracing/events/block/block_bio_remap
QUEUE=/sys/kernel/tracing/events/block/block_bio_queue

# discards HIST DEV: the discard bios (rwbs D...) to DEV counted in the
# hist file HIST, whose keys are dev (dev_t, major << 20 | minor) and rwbs
discards() {
	local devt
	devt=$(( $(stat -L -c '0x%t' "$2") << 20 | $(stat -L -c '0x%T' "$2") ))
	python3 - "$devt" "$1" <<-'PY'
		import re, sys
		n = 0
		for line in open(sys.argv[2]):
		    m = re.match(r"\{ dev:\s*(\d+), rwbs:\s*(\S+)\s*\} hitcount:\s*(\d+)", line)
		    if m and m[1] == sys.argv[1] and m[2].startswith("D"):
		        n += int(m[3])
		print(n)
	PY
}

# bios_per_member: "n0 n1 n2 n3", the discard bios sent to each nullbX
# since the triggers were set
bios_per_member() {
	local m out=()
	for m in 0 1 2 3; do
		out+=("$(discards "$TRACE/hist" /dev/nullb$m)")
	done
	echo "${out[*]}"
}

# triggers on|off: count block_bio_remap and block_bio_queue by dev, rwbs
triggers() {
	local t
	for t in "$TRACE" "$QUEUE"; do
		if [ "$1" = on ]; then
			echo 'hist:keys=dev,rwbs' >"$t/trigger"
		else
			echo '!hist:keys=dev,rwbs' >"$t/trigger"
		fi
	done
}

# timed_discard DEV: blkdiscard the whole of DEV, print the seconds it took
timed_discard() {
	local t0 t1
	t0=$(date +%s%N)
	blkdiscard "$1" || fail "blkdiscard $1 failed"
	t1=$(date +%s%N)
	python3 -c "print(f'{($t1 - $t0) / 1e9:.2f}')"
}

# fill DEV: 1 MiB of data at the start and at the end of DEV
fill() {
	local size
	size=$(blockdev --getsize64 "$1")
	dd if="$TMPDIR/head" of="$1" bs=1M count=1 oflag=direct status=none
	dd if="$TMPDIR/tail" of="$1" bs=1M count=1 seek=$((size / 2 ** 20 - 1)) oflag=direct status=none
}

test() {
	local dev table t_p t_d b_p b_d q_p q_d m n strip=4096 size
	local members=(/dev/nullb0:1 /dev/nullb1:2 /dev/nullb2:3 /dev/nullb3:4)

	modprobe null_blk nr_devices=4 gb=2 memory_backed=1 discard=1 ||
		fail "null_blk did not load"
	defer modprobe -r null_blk
	pvfsf_load
	head -c 1M /dev/urandom >"$TMPDIR/head"
	head -c 1M /dev/urandom >"$TMPDIR/tail"
	if ! mountpoint -q /sys/kernel/tracing; then
		mount -t tracefs tracefs /sys/kernel/tracing
		defer umount /sys/kernel/tracing
	fi

	# dm-stripe first, same chunk
	table="0 $((4 * 2 * 2 ** 30 / 512)) striped 4 $((strip / 512))"
	for m in 0 1 2 3; do
		table+=" /dev/nullb$m 0"
	done
	dmsetup create pvfsf-dmstripe --table "$table" || fail "dmsetup create failed"
	dmsetup mknodes pvfsf-dmstripe
	fill /dev/mapper/pvfsf-dmstripe
	triggers on
	t_d=$(timed_discard /dev/mapper/pvfsf-dmstripe)
	b_d=$(bios_per_member)
	q_d=$(discards "$QUEUE/hist" /dev/mapper/pvfsf-dmstripe)
	triggers off
	dmsetup remove pvfsf-dmstripe

	dev=$(pvfsf-ctl create --fs-id 17 --handle 17 --strip $strip "${members[@]}") ||
		fail "create failed"
	fill "$dev"
	triggers on
	t_p=$(timed_discard "$dev")
	b_p=$(bios_per_member)
	q_p=$(discards "$QUEUE/hist" "$dev")
	cat "$TRACE/hist" >"$PVFSF_OUT/hist-remap-pvfsf"
	triggers off
	printf 'discard 8 GiB, 4 KiB strips: pvfsf %s s, %s bios in, per member %s; dm-stripe %s s, %s bios in, per member %s\n' \
		"$t_p" "$q_p" "$b_p" "$t_d" "$q_d" "$b_d" | tee -a "$PVFSF_OUT/bench.txt" >&2
	[ "$q_p" -gt 0 ] || fail "no discard bio reached the device"
	for n in $b_p; do
		[ "$n" -le "$q_p" ] ||
			fail "a member received $n bios for $q_p discard bios (pvfsf: $b_p; dm-stripe: $b_d)"
	done

	size=$(blockdev --getsize64 "$dev")
	cmp -n 1M "$dev" /dev/zero || fail "the head was not discarded"
	cmp -n 1M -i $((size - 2 ** 20)):0 "$dev" /dev/zero || fail "the tail was not discarded"

	# a range that starts and ends inside strips: the bytes around it stay,
	# those in it read as zeroes, on the device and where the model puts
	# them on each member
	dd if="$TMPDIR/head" of="$dev" bs=1M count=1 oflag=direct status=none
	blkdiscard -o 5120 -l $((2 ** 20 - 8192)) "$dev" || fail "blkdiscard of a range failed"
	blockdev --flushbufs "$dev" /dev/nullb0 /dev/nullb1 /dev/nullb2 /dev/nullb3
	python3 - "$TMPDIR/head" "$dev" /dev/nullb0 /dev/nullb1 /dev/nullb2 /dev/nullb3 <<-'PY' ||
		import sys
		data = bytearray(open(sys.argv[1], "rb").read())
		data[5120:2**20 - 3072] = bytes(2**20 - 8192)
		if open(sys.argv[2], "rb").read(2**20) != data:
		    sys.exit("the device does not read as the data with the range zeroed")
		strip, n = 4096, 4
		for m, path in enumerate(sys.argv[3:]):
		    want = b"".join(data[k * strip:(k + 1) * strip]
		                    for k in range(m, 2**20 // strip, n))
		    if open(path, "rb").read(len(want)) != want:
		        sys.exit(f"member {m} does not hold its strips as the model says")
	PY
		fail "contents after a discard of a range are wrong"
	pvfsf-ctl remove "$dev" || fail "remove failed"
}
