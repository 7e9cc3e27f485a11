#!/bin/bash
# The fast path end to end beside a real OrangeFS of 4 servers, strip
# 64 KiB, with the existing tools: a file of 1,000,003 bytes written
# through the mount; its layout built here from the mount (system.pvfs2.md
# and .dh, the inode, statfs, fs.conf); each server's datafiles exported by
# pvfs-lun-export from the server's own DataStorageSpace and attached with
# pvfs-stripe-attach; /dev/pvfsfN read with O_DIRECT equals the file;
# O_DIRECT writes through the device, a size commit by truncate(2) on the
# mount, and the mount, pvfs2-cp and the bstreams all give the written
# bytes (tests/vm/guest/ofs_fastpath.sh).
DESCRIPTION="orangefs fast path: 64 KiB strip, attach reads the file, writes + truncate seen by OrangeFS"
REQUIRES="pvfsf target_core_mod iscsi_target_mod target_core_file iscsi_tcp"
ORANGEFS=1
TIMEOUT=400
. "$PVFSF_SRC/tests/vm/guest/orangefs.sh"
. "$PVFSF_SRC/tests/vm/guest/ofs_fastpath.sh"

test() {
	ofs_cluster 4 --strip 65536
	ofs_fastpath_setup
	ofs_fastpath_round f64k 1000003 $((4 * 1024 * 1024)) 40
}
