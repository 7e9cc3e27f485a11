#!/bin/bash
# fio writes with crc32c checksums from several jobs at once, then reads
# everything back and verifies it: concurrency through the split path.
DESCRIPTION="data: fio --verify=crc32c with four concurrent jobs"
SMP=2

test() {
	local dev

	pvfsf_load
	loop_members 4 64M
	dev=$(pvfsf-ctl create --fs-id 3 --handle 42 --strip $((48 << 10)) "${SPECS[@]}") ||
		fail "create failed"
	# each job verifies its own quarter of the device
	fio --name=verify --filename="$dev" --direct=1 --ioengine=libaio \
		--iodepth=16 --rw=randwrite --bsrange=4k-1m --numjobs=4 \
		--size=60M --offset_increment=60M --verify=crc32c \
		--verify_fatal=1 --do_verify=1 --randseed=7 \
		--output="$PVFSF_OUT/fio-verify.txt" ||
		fail "fio verify failed: $(grep -m1 -i 'verify\|err' "$PVFSF_OUT/fio-verify.txt")"
	grep -q 'err= 0' "$PVFSF_OUT/fio-verify.txt" || fail "fio reported errors"
	pvfsf-ctl remove "$dev" || fail "remove failed"
}
