#!/bin/bash
# The fast path beside a real OrangeFS whose fs.conf has no FileStuffing
# line, so the servers stuff new files (pvfs2-genconfig writes "FileStuffing
# no" for this cluster).  A file smaller than its strip stays stuffed, one
# datafile on the metadata server; attached by its path with an extent of
# one strip, it takes the round trip of ofs_fastpath.sh and stays stuffed.
# A file of 1,000,003 bytes written through the mount is unstuffed by
# OrangeFS into 4 datafiles and takes the whole round trip.
#
# Then why attach PATH unstuffs: a stuffed file attached by a layout JSON
# (which the tool takes as it is) with a 4 MiB extent, 4 KiB written
# through the device at 1 MiB, and a truncate(2) past the strip: OrangeFS
# unstuffs into 4 datafiles, strip 16 moves to datafile 0 at 256 KiB, and
# the mount reads zeros where the device wrote.  The same file attached by
# its path with the same extent is unstuffed first (4 datafiles before the
# first write), and the same write and commit read back through the mount.
DESCRIPTION="orangefs fast path: stuffed files (no FileStuffing line): kept within a strip, unstuffed by attach PATH"
REQUIRES="pvfsf target_core_mod iscsi_target_mod target_core_file iscsi_tcp"
ORANGEFS=1
TIMEOUT=1440
. "$PVFSF_SRC/tests/vm/guest/orangefs.sh"
. "$PVFSF_SRC/tests/vm/guest/ofs_fastpath.sh"

ndatafiles() {
	python3 "$PVFSF_SRC/tests/vm/guest/ofs_tool.py" info --conf "$OFS_CONF" "$1" |
		grep -c '"bstream"'
}

# stuffed_file NAME: a new file of 40,000 random bytes, stuffed (and its
# model in $TMPDIR/NAME).
stuffed_file() {
	local f=$OFS_MNT/$1
	head -c 40000 /dev/urandom >"$TMPDIR/$1"
	cp "$TMPDIR/$1" "$f" || fail "cp $1 failed"
	sync
	[ "$(ndatafiles "$f")" = 1 ] || fail "$1 is not stuffed: $(ndatafiles "$f") datafiles"
}

# write_past_strip NAME DEVICE: 4 KiB through DEVICE at 1 MiB, then the
# file's size set to 1 MiB + 4 KiB through the mount.
write_past_strip() {
	local name=$1 dev=$2
	truncate -s 4M "$TMPDIR/$name"
	ofs_write_at "$dev" "$TMPDIR/$name" $((1024 * 1024)) 4096 || fail "write $name failed"
	truncate -s $((1024 * 1024 + 4096)) "$TMPDIR/$name"
}

test() {
	local f dev
	ofs_cluster 4 --strip 65536 --stuffing server
	grep -q FileStuffing "$OFS_CONF" && fail "fs.conf still has a FileStuffing line"
	ofs_fastpath_setup
	ofs_fastpath_round stuffed 40000 65536 10
	[ "$(ndatafiles "$OFS_MNT/stuffed")" = 1 ] ||
		fail "the small file has $(ndatafiles "$OFS_MNT/stuffed") datafiles: it should be stuffed, 1"
	ofs_fastpath_round unstuffed 1000003 $((4 * 1024 * 1024)) 40
	[ "$(ndatafiles "$OFS_MNT/unstuffed")" = 4 ] ||
		fail "the large file has $(ndatafiles "$OFS_MNT/unstuffed") datafiles, expected 4"

	# Attached by its layout as the mount gives it: one datafile.
	f=$OFS_MNT/past
	stuffed_file past
	pvfs-layout from-orangefs "$f" >"$TMPDIR/past.json" || fail "no layout for past"
	dev=$(pvfs-stripe-attach attach "$TMPDIR/past.json" --extent 4M) || fail "attach past failed"
	write_past_strip past "$dev"
	pvfs-stripe-attach detach "$dev" || fail "detach past failed"
	truncate -s $((1024 * 1024 + 4096)) "$f"
	ofs_drop_caches
	[ "$(ndatafiles "$f")" = 4 ] || fail "the truncate past the strip did not unstuff past: $(ndatafiles "$f") datafiles"
	cmp -s "$TMPDIR/past" "$f" && fail "the mount reads what the device wrote past the strip of a stuffed file: the reason attach PATH unstuffs is gone"
	cmp -n 40000 "$TMPDIR/past" "$f" || fail "unstuffing lost the first 40000 bytes"
	echo "as expected: written past its strip through a stuffed layout, the bytes are lost when OrangeFS unstuffs the file"

	# Attached by its path: unstuffed first.
	f=$OFS_MNT/bypath
	stuffed_file bypath
	dev=$(pvfs-stripe-attach attach "$f" --extent 4M) || fail "attach $f failed"
	[ "$(ndatafiles "$f")" = 4 ] || fail "attach PATH left bypath with $(ndatafiles "$f") datafiles"
	[ "$(stat -c %s "$f")" = 40000 ] || fail "unstuffing changed the size of bypath to $(stat -c %s "$f")"
	_ofs_check_recorded_layout "$f" 4
	write_past_strip bypath "$dev"
	pvfs-stripe-attach detach "$f" --size $((1024 * 1024 + 4096)) || fail "detach $f --size failed"
	cp "$TMPDIR/bypath" "$TMPDIR/bypath.model"
	_ofs_check_file bypath "$f" $((1024 * 1024 + 4096)) "written past the strip"
}
