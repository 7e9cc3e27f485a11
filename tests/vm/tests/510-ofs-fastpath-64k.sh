#!/bin/bash
# The fast path end to end beside a real OrangeFS of 4 servers, strip
# 64 KiB (tests/vm/guest/ofs_fastpath.sh): files of 1,000,003 bytes (cp,
# 4 datafiles), 0 bytes (1 datafile), 13 bytes (2) and 4 MiB + 1 (3)
# written through the mount, each attached by its path
# (pvfs-stripe-attach attach PATH: the layout from the mount, fs.conf and
# the servers file), read through /dev/pvfsfN, written and grown through
# it with O_DIRECT, committed (a truncate through the mount), and read back
# through the mount and pvfs2-cp with the bstreams checked.  Then, with
# nothing attached, the servers stop and start again: every file still
# reads its bytes and pvfs2-fsck finds nothing wrong.  Each export service
# runs from fs.conf and its alias: it refuses another server's datafile and
# any set-size.
DESCRIPTION="orangefs fast path: 64 KiB strip, files of 0/13/1000003/4M+1 bytes on 1-4 datafiles, attach by path, commit, restart, fsck"
REQUIRES="pvfsf target_core_mod iscsi_target_mod target_core_file iscsi_tcp"
ORANGEFS=1
TIMEOUT=1800
. "$PVFSF_SRC/tests/vm/guest/orangefs.sh"
. "$PVFSF_SRC/tests/vm/guest/ofs_fastpath.sh"

test() {
	local name other out
	ofs_cluster 4 --strip 65536
	ofs_fastpath_setup
	ofs_fastpath_round f1000003 1000003 $((4 * 1024 * 1024)) 40
	ofs_fastpath_round f0 0 $((1024 * 1024)) 20 1
	ofs_fastpath_round f13 13 $((1024 * 1024)) 20 2
	ofs_fastpath_round f4m1 $((4 * 1024 * 1024 + 1)) $((6 * 1024 * 1024)) 40 3

	# Each export service, configured from fs.conf, serves its own server's
	# datafiles only, and never changes a size behind OrangeFS's back.
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

	# Nothing attached: the servers go down and come back, and all of it is
	# still there.  Nothing touches the mount while they are down.
	[ "$(pvfs-stripe-attach list --json)" = "[]" ] || fail "files still attached: $(pvfs-stripe-attach list --json)"
	ofs_servers_stop
	ofs_servers_start
	for name in f1000003 f0 f13 f4m1; do
		_ofs_check_file "$name" "$OFS_MNT/$name" "$(stat -c %s "$TMPDIR/$name.model")" "after the restart"
	done
	ofs_fsck_clean after
}
