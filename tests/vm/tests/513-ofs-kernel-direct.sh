#!/bin/bash
# pvfsf's orangefs.ko sends a file's aligned O_DIRECT I/O to the file's
# /dev/pvfsfN, and the rest through the client daemon (real OrangeFS of 4
# servers, strip 64 KiB).  A file of 1,000,003 bytes is written with cp and
# attached by its path; then through the mount with O_DIRECT:
#  1. aligned writes (one inside the file, one that grows it to 1,179,648
#     bytes) and an aligned read: the device's sectors move by their size,
#     pvfs2-client-core's sockets carry less than 64 KiB, and the servers
#     know the new size at once (pvfs2-stat, no commit);
#  2. a write at an unaligned offset (of aligned length, from aligned
#     memory) and one from unaligned memory: the device moves no sector
#     and the client daemon carries the data;
#  3. detached, caches dropped: the mount and pvfs2-cp read the model, and
#     the bstreams hold it as simple_stripe places it.
DESCRIPTION="orangefs.ko fast path: aligned O_DIRECT through /dev/pvfsfN, the size grown on the servers, the rest through the daemon"
SMP=2
REQUIRES="pvfsf target_core_mod iscsi_target_mod target_core_file iscsi_tcp"
ORANGEFS=1
TIMEOUT=600
. "$PVFSF_SRC/tests/vm/guest/orangefs.sh"
. "$PVFSF_SRC/tests/vm/guest/ofs_fastpath.sh"

# _direct OP FILE MODEL OFFSET LENGTH [MISALIGN]: O_DIRECT write of random
# bytes (mirrored into MODEL) or read (compared with MODEL) through the
# mount, from page-aligned memory, or MISALIGN bytes off it.
_direct() {
	python3 - "$@" <<-'PY'
		import mmap, os, sys
		op, path, model = sys.argv[1:4]
		off, length = int(sys.argv[4]), int(sys.argv[5])
		skew = int(sys.argv[6]) if len(sys.argv) > 6 else 0
		buf = mmap.mmap(-1, length + 4096)
		view = memoryview(buf)[skew:skew + length]
		fd = os.open(path, os.O_RDWR | os.O_DIRECT)
		if op == "write":
		    data = os.urandom(length)
		    view[:] = data
		    n = os.pwritev(fd, [view], off)
		    with open(model, "r+b") as m:
		        m.seek(off)
		        m.write(data)
		else:
		    n = os.preadv(fd, [view], off)
		    with open(model, "rb") as m:
		        m.seek(off)
		        if bytes(view[:n]) != m.read(length):
		            sys.exit("%s read at %d: other bytes than the model" % (path, off))
		os.close(fd)
		if n != length:
		    sys.exit("%s %s of %d bytes at %d moved %d" % (path, op, length, off, n))
	PY
}

test() {
	local f dev model=$TMPDIR/direct.model r0 w0 r1 w1 d0 d1 size pstat start
	ofs_cluster 4 --strip 65536
	f=$OFS_MNT/direct
	ofs_fastpath_setup
	head -c 1000003 /dev/urandom >"$model"
	cp "$model" "$f" || fail "cp into the mount failed"
	dev=$(pvfs-stripe-attach attach "$f" --extent $((4 * 1024 * 1024)) 2>"$TMPDIR/attach.err") ||
		fail "attach failed: $(tail -n1 "$TMPDIR/attach.err")"

	# 1. Aligned: the device, not the daemon.
	read -r r0 w0 < <(ofs_sectors "$dev")
	d0=$(ofs_daemon_bytes)
	start=$EPOCHREALTIME
	_direct write "$f" "$model" 65536 262144 || fail "aligned O_DIRECT write inside the file failed"
	_direct write "$f" "$model" 1048576 131072 || fail "aligned O_DIRECT write past the end failed"
	_direct read "$f" "$model" 0 1048576 || fail "aligned O_DIRECT read failed"
	ofs_time "384 KiB written and 1 MiB read with O_DIRECT through the mount" "$start"
	read -r r1 w1 < <(ofs_sectors "$dev")
	d1=$(ofs_daemon_bytes)
	echo "device: $((r1 - r0)) sectors read, $((w1 - w0)) written; client daemon: $((d1 - d0)) bytes"
	[ $((w1 - w0)) -ge 768 ] || fail "$dev wrote $((w1 - w0)) sectors of the 768 written through the mount"
	[ $((r1 - r0)) -ge 2048 ] || fail "$dev read $((r1 - r0)) sectors of the 2048 read through the mount"
	[ $((d1 - d0)) -lt 65536 ] || fail "pvfs2-client-core carried $((d1 - d0)) bytes of aligned I/O"
	size=$(stat -c %s "$model")
	[ "$size" = 1179648 ] || fail "the model is $size bytes"
	pstat=$(pvfs2-stat "$f" 2>&1 | awk '$1 == "Size" { print $3 }')
	[ "$pstat" = "$size" ] || fail "after a write past the end the servers say $pstat bytes, not $size"

	# 2. Unaligned in offset, or in memory: the daemon, not the device.
	_direct write "$f" "$model" 3 4096 || fail "O_DIRECT write at offset 3 failed"
	_direct write "$f" "$model" 524288 262144 1 || fail "O_DIRECT write from unaligned memory failed"
	read -r r0 w0 < <(ofs_sectors "$dev")
	d0=$(ofs_daemon_bytes)
	echo "device: $((w0 - w1)) sectors written; client daemon: $((d0 - d1)) bytes"
	[ "$w0" = "$w1" ] || fail "$dev wrote $((w0 - w1)) sectors of unaligned writes"
	[ $((d0 - d1)) -ge 266240 ] || fail "pvfs2-client-core carried $((d0 - d1)) bytes of 266240 unaligned"

	# 3. The bytes, with the daemon alone.
	pvfs-stripe-attach detach "$f" || fail "detach $f failed"
	_ofs_check_file direct "$f" "$size" "after detach"
}
