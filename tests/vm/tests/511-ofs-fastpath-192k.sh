#!/bin/bash
# The fast path end to end beside a real OrangeFS of 4 servers, strip
# 192 KiB (not a power of two; tests/vm/guest/ofs_fastpath.sh): files of
# 1,000,003 bytes (cp, 4 datafiles) and 13 bytes (3 datafiles, a count
# that is no power of two either) written through the mount, each attached
# by its path, read, written and grown through /dev/pvfsfN with O_DIRECT,
# committed (a truncate through the mount), and read back through the
# mount and pvfs2-cp with the bstreams checked.  510 has the other sizes
# and datafile counts.
DESCRIPTION="orangefs fast path: 192 KiB strip, files of 13/1000003 bytes on 3-4 datafiles, attach by path, commit"
REQUIRES="pvfsf target_core_mod iscsi_target_mod target_core_file iscsi_tcp"
ORANGEFS=1
TIMEOUT=600
. "$PVFSF_SRC/tests/vm/guest/orangefs.sh"
. "$PVFSF_SRC/tests/vm/guest/ofs_fastpath.sh"

test() {
	ofs_cluster 4 --strip 196608
	ofs_fastpath_setup
	ofs_fastpath_round f1000003 1000003 $((4 * 1024 * 1024)) 40
	ofs_fastpath_round f13 13 $((1024 * 1024)) 20 3
}
