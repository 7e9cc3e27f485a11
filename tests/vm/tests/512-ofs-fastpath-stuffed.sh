#!/bin/bash
# The fast path beside a real OrangeFS whose fs.conf has no FileStuffing
# line, so the servers stuff new files (pvfs2-genconfig writes "FileStuffing
# no" for this cluster): a file smaller than its strip stays stuffed, one
# datafile on the metadata server, and its layout has that one datafile; the
# round trip of ofs_fastpath.sh works on it within its strip (LUNs of one
# strip: writes and the size commit stay below the strip, so the file stays
# stuffed).  A file of 1,000,003 bytes written through the mount is
# unstuffed by OrangeFS into 4 datafiles and takes the whole round trip.
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
}
