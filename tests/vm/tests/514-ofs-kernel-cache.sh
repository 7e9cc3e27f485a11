#!/bin/bash
# pvfsf's orangefs.ko with a file attached: every way a program writes
# through the mount (buffered, O_DIRECT, mmap, O_APPEND, pwrite at
# unaligned offsets, truncate down and up; ofs_mount_io.py, which checks
# the page cache against a model after each) goes to /dev/pvfsfN, the
# unaligned heads and tails and what the metadata path does through the
# client daemon (real OrangeFS of 4 servers, strip 64 KiB):
#  1. the device writes and reads at least the aligned bytes, while
#     pvfs2-client-core's sockets carry a small share of them (the
#     "request count" of the daemon: an I/O it serves moves its data);
#  2. detached: the mount, pvfs2-cp, stat and pvfs2-stat agree with the
#     model and the bstreams follow simple_stripe;
#  3. with Debian's own orangefs.ko loaded instead, the file reads the same.
DESCRIPTION="orangefs.ko fast path: buffered, O_DIRECT, mmap, O_APPEND, unaligned pwrite, truncate through /dev/pvfsfN, coherent, byte-exact"
SMP=2
REQUIRES="pvfsf target_core_mod iscsi_target_mod target_core_file iscsi_tcp"
ORANGEFS=1
TIMEOUT=720
. "$PVFSF_SRC/tests/vm/guest/orangefs.sh"
. "$PVFSF_SRC/tests/vm/guest/ofs_fastpath.sh"

test() {
	local f dev model=$TMPDIR/cache.model r0 w0 r1 w1 d0 d1 size start
	ofs_cluster 4 --strip 65536
	f=$OFS_MNT/cache
	ofs_fastpath_setup
	: >"$f"
	dev=$(pvfs-stripe-attach attach "$f" --extent $((4 * 1024 * 1024)) 2>"$TMPDIR/attach.err") ||
		fail "attach failed: $(tail -n1 "$TMPDIR/attach.err")"

	# 1. Through the device; the daemon carries the rest.
	read -r r0 w0 < <(ofs_sectors "$dev")
	d0=$(ofs_daemon_bytes)
	start=$EPOCHREALTIME
	python3 "$PVFSF_SRC/tests/vm/tests/ofs_mount_io.py" "$f" "$model" ||
		fail "I/O through the mount went wrong"
	ofs_time "the writes of ofs_mount_io.py through the mount" "$start"
	read -r r1 w1 < <(ofs_sectors "$dev")
	d1=$(ofs_daemon_bytes)
	echo "device: $((r1 - r0)) sectors read, $((w1 - w0)) written; client daemon: $((d1 - d0)) bytes"
	# Written: 1 MiB buffered, 128 KiB and 64 KiB O_DIRECT (2432 sectors),
	# and more: 3 mmap pages, the aligned middle of the 70,000 bytes
	# appended and of the 5,000 after the truncates.
	[ $((w1 - w0)) -ge 2432 ] || fail "$dev wrote $((w1 - w0)) sectors of at least 2432 written through the mount"
	# Read: the O_DIRECT reads of the whole file alone are over 5 MiB.
	[ $((r1 - r0)) -ge 8192 ] || fail "$dev read $((r1 - r0)) sectors of at least 8192 read through the mount"
	[ $((d1 - d0)) -lt 262144 ] || fail "pvfs2-client-core carried $((d1 - d0)) bytes of I/O the device could do"

	# 2. The bytes, with the daemon alone.
	size=$(stat -c %s "$model")
	pvfs-stripe-attach detach "$f" || fail "detach $f failed"
	_ofs_check_file cache "$f" "$size" "after detach"

	# 3. The kernel's own module reads the same.
	ofs_client_reload stock
	_ofs_check_file cache "$f" "$size" "with the stock orangefs.ko"
}
