#!/bin/bash
# The fast path end to end beside a real OrangeFS of 4 servers, strip
# 64 KiB, with the existing tools: a file of 1,000,003 bytes written
# through the mount; its layout built here from the mount (system.pvfs2.md
# and .dh, the inode, statfs, fs.conf); each server's datafiles exported by
# pvfs-lun-export from the server's own DataStorageSpace and attached with
# pvfs-stripe-attach; /dev/pvfsfN read with O_DIRECT equals the file;
# O_DIRECT writes through the device, a size commit by truncate(2) on the
# mount, and the mount, pvfs2-cp and the bstreams all give the written
# bytes (tests/vm/guest/ofs_fastpath.sh).  Each export service runs from
# fs.conf and its alias: it refuses another server's datafile and any
# set-size.
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

	# Each export service, configured from fs.conf, serves its own server's
	# datafiles only, and never changes a size behind OrangeFS's back.
	local other out
	other=$(python3 - "$OFS_CONF" "${OFS_ALIASES[1]}" <<-'PY'
		import re, sys
		conf, alias = open(sys.argv[1]).read(), sys.argv[2]
		print(re.search(r"^\s*Range\s+%s\s+(\d+)-" % re.escape(alias), conf, re.M).group(1))
	PY
	)
	out=$(pvfs-lun-export request --config "$OFS_DIR/export-ofs1.conf" export \
		--fs-id "$OFS_FSID" --size 4096 "$other" 2>&1) && fail "ofs1 exported handle $other of ${OFS_ALIASES[1]}"
	[[ $out == *"is no datafile of server ${OFS_ALIASES[0]} in fs id $OFS_FSID"* ]] ||
		fail "ofs1, another server's handle: $out"
	out=$(pvfs-lun-export request --config "$OFS_DIR/export-ofs2.conf" set-size \
		--fs-id "$OFS_FSID" "$other" 4096 2>&1) && fail "ofs2 took a set-size"
	[[ $out == *"set-size on OrangeFS server ${OFS_ALIASES[1]}"* ]] || fail "set-size: $out"
	return 0
}
