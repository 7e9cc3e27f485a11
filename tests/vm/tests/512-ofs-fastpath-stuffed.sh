#!/bin/bash
# The fast path beside a real OrangeFS whose fs.conf has no FileStuffing
# line, so the servers stuff new files (pvfs2-genconfig writes "FileStuffing
# no" for this cluster): a file smaller than its strip stays stuffed, one
# datafile on the metadata server, and its layout has that one datafile; the
# round trip of ofs_fastpath.sh works on it within its strip (LUNs of one
# strip: writes and the size commit stay below the strip, so the file stays
# stuffed).  A file of 1,000,003 bytes written through the mount is
# unstuffed by OrangeFS into 4 datafiles and takes the whole round trip.
# Last, why a stuffed file must stay within its strip through the device
# (a limit the tools do not enforce yet, docs/orangefs.md): attached with a
# 4 MiB extent, 4 KiB written through the device at 1 MiB, a truncate(2)
# on the mount past the strip unstuffs the file into 4 datafiles, strip 16
# moves to datafile 0 at 256 KiB, and the mount reads zeros where the
# device wrote (the truncate also cut the single bstream to its new share).
DESCRIPTION="orangefs fast path: stuffed files (no FileStuffing line), one datafile, and unstuffed ones"
REQUIRES="pvfsf target_core_mod iscsi_target_mod target_core_file iscsi_tcp"
ORANGEFS=1
TIMEOUT=400
. "$PVFSF_SRC/tests/vm/guest/orangefs.sh"
. "$PVFSF_SRC/tests/vm/guest/ofs_fastpath.sh"

ndatafiles() {
	python3 "$PVFSF_SRC/tests/vm/guest/ofs_tool.py" info --conf "$OFS_CONF" "$1" |
		grep -c '"bstream"'
}

test() {
	ofs_cluster 4 --strip 65536 --stuffing server
	grep -q FileStuffing "$OFS_CONF" && fail "fs.conf still has a FileStuffing line"
	ofs_fastpath_setup
	ofs_fastpath_round stuffed 40000 65536 10
	[ "$(ndatafiles "$OFS_MNT/stuffed")" = 1 ] ||
		fail "the small file has $(ndatafiles "$OFS_MNT/stuffed") datafiles: it should be stuffed, 1"
	ofs_fastpath_round unstuffed 1000003 $((4 * 1024 * 1024)) 40
	[ "$(ndatafiles "$OFS_MNT/unstuffed")" = 4 ] ||
		fail "the large file has $(ndatafiles "$OFS_MNT/unstuffed") datafiles, expected 4"

	local f=$OFS_MNT/past dev
	head -c 40000 /dev/urandom >"$TMPDIR/past"
	cp "$TMPDIR/past" "$f" || fail "cp past failed"
	sync
	[ "$(ndatafiles "$f")" = 1 ] || fail "past is not stuffed"
	python3 "$PVFSF_SRC/tests/vm/guest/ofs_tool.py" layout --conf "$OFS_CONF" "$f" >"$TMPDIR/past.json" ||
		fail "no layout for past"
	dev=$(pvfs-stripe-attach attach "$TMPDIR/past.json" --extent 4M) || fail "attach past failed"
	truncate -s 4M "$TMPDIR/past"
	ofs_write_at "$dev" "$TMPDIR/past" $((1024 * 1024)) 4096 || fail "write past failed"
	pvfs-stripe-attach detach "$dev" || fail "detach past failed"
	truncate -s $((1024 * 1024 + 4096)) "$f" "$TMPDIR/past"
	ofs_drop_caches
	[ "$(ndatafiles "$f")" = 4 ] || fail "the truncate past the strip did not unstuff past: $(ndatafiles "$f") datafiles"
	cmp -s "$TMPDIR/past" "$f" && fail "the mount reads what the device wrote past the strip of a stuffed file: the limit in docs/orangefs.md is wrong"
	cmp -n 40000 "$TMPDIR/past" "$f" || fail "unstuffing lost the first 40000 bytes"
	echo "as expected: written past its strip through the device, a stuffed file loses those bytes when OrangeFS unstuffs it"
}
