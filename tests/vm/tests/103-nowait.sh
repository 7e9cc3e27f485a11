#!/bin/bash
# REQ_NOWAIT: over members that all take it, RWF_NOWAIT reads and writes
# and io_uring (plain and polled) work on the device and move the right
# bytes; over a member that does not (dm-delay), RWF_NOWAIT is refused with
# EOPNOTSUPP, as by dm.
DESCRIPTION="nowait: RWF_NOWAIT and io_uring over nowait members"
SMP=2
REQUIRES="dm_delay"

# nowait_io DEV DATA: write DATA with pwritev2(RWF_NOWAIT) in 20 KiB
# pieces (crossing strips), read it back with preadv2(RWF_NOWAIT) and
# compare; EAGAIN is retried, any other error is printed and fails.
nowait_io() {
	python3 - "$@" <<'PY'
import mmap, os, sys
dev, data = sys.argv[1:3]
want = open(data, "rb").read()
bs = 20480
buf = mmap.mmap(-1, bs)     # page-aligned, as O_DIRECT wants


def nowait(call):
    for _ in range(1000):
        try:
            return call()
        except BlockingIOError:
            continue
    raise SystemExit("EAGAIN 1000 times")


got = bytearray()
try:
    fd = os.open(dev, os.O_RDWR | os.O_DIRECT)
    for off in range(0, len(want), bs):
        buf[:] = want[off:off + bs]
        n = nowait(lambda: os.pwritev(fd, [buf], off, os.RWF_NOWAIT))
        assert n == bs, n
    for off in range(0, len(want), bs):
        n = nowait(lambda: os.preadv(fd, [buf], off, os.RWF_NOWAIT))
        assert n == bs, n
        got += buf[:]
except OSError as e:
    print(f"{e.strerror} ({e.errno})")
    sys.exit(1)
if got != want:
    print("bytes read back differ")
    sys.exit(1)
PY
}

test() {
	local dev out size

	pvfsf_load
	loop_members 4 8M
	dev=$(pvfsf-ctl create --fs-id 13 --handle 13 --strip 8192 "${SPECS[@]}") ||
		fail "create failed"
	head -c 2000K /dev/urandom >"$TMPDIR/data"
	out=$(nowait_io "$dev" "$TMPDIR/data") || fail "RWF_NOWAIT I/O over loop members: $out"

	# io_uring: the first attempt is REQ_NOWAIT; plain and polled
	fio --name=uring --filename="$dev" --ioengine=io_uring --direct=1 \
		--rw=randwrite --bs=12k --size=6M --iodepth=16 --verify=crc32c \
		--verify_fatal=1 --output="$TMPDIR/fio.out" ||
		fail "fio io_uring: $(grep -m1 -i err "$TMPDIR/fio.out")"
	fio --name=hipri --filename="$dev" --ioengine=io_uring --hipri --direct=1 \
		--rw=randwrite --bs=12k --size=6M --iodepth=16 --verify=crc32c \
		--verify_fatal=1 --output="$TMPDIR/fio.out" ||
		fail "fio io_uring --hipri: $(grep -m1 -i err "$TMPDIR/fio.out")"
	pvfsf-ctl remove "$dev" || fail "remove failed"

	# dm-delay does not take REQ_NOWAIT: neither does a device over it
	size=$(blockdev --getsz "${LOOPS[3]}")
	dmsetup create pvfsf-nowait --table "0 $size delay ${LOOPS[3]} 0 0" ||
		fail "dmsetup create failed"
	defer dmsetup remove pvfsf-nowait
	dmsetup mknodes pvfsf-nowait
	dev=$(pvfsf-ctl create --fs-id 13 --handle 14 --strip 8192 "${LOOPS[0]}:1" \
		"${LOOPS[1]}:2" "${LOOPS[2]}:3" /dev/mapper/pvfsf-nowait:4) ||
		fail "create over dm-delay failed"
	out=$(nowait_io "$dev" "$TMPDIR/data") &&
		fail "RWF_NOWAIT I/O over a dm-delay member succeeded"
	[[ $out == "Operation not supported (95)" ]] ||
		fail "RWF_NOWAIT over a dm-delay member: $out"
	pvfsf-ctl remove "$dev" || fail "remove failed"
}
