#!/bin/bash
# A real OrangeFS of 4 servers, stopped and started again with nothing
# attached (the client and its mount stay up): the files written before
# (one of several stripes, one smaller than a strip, an empty one) still
# read back byte-equal through the mount and pvfs2-cp, their bstreams
# still follow simple_stripe, a file can be written after the restart, and
# pvfs2-fsck finds nothing to repair.
DESCRIPTION="orangefs: servers restarted, data still there, pvfs2-fsck clean"
ORANGEFS=1
TIMEOUT=840
. "$PVFSF_SRC/tests/vm/guest/orangefs.sh"

test() {
	local f start
	ofs_cluster 4 --strip 65536
	head -c 1000003 /dev/urandom >"$TMPDIR/big"
	head -c 5000 /dev/urandom >"$TMPDIR/small"
	: >"$TMPDIR/empty"
	for f in big small empty; do
		cp "$TMPDIR/$f" "$OFS_MNT/$f" || fail "cp $f into the mount failed"
	done
	sync
	for f in big small; do
		ofs_check "$OFS_MNT/$f" "$TMPDIR/$f" >/dev/null || fail "$f: bstreams off before the restart"
	done
	ofs_fsck_clean before

	# Nothing touches the mount while they are down: a request would wait
	# for them in the kernel, and past 30 s that is a hung task here.
	ofs_servers_stop
	pgrep -x pvfs2-server >/dev/null && fail "a pvfs2-server still runs after the stop"
	ofs_servers_start
	ofs_drop_caches

	for f in big small empty; do
		cmp "$TMPDIR/$f" "$OFS_MNT/$f" || fail "$f reads back other bytes through the mount after the restart"
		rm -f "$TMPDIR/out"
		pvfs2-cp "$OFS_MNT/$f" "$TMPDIR/out" >/dev/null 2>&1 || fail "pvfs2-cp of $f out failed after the restart"
		cmp "$TMPDIR/$f" "$TMPDIR/out" || fail "$f reads back other bytes through pvfs2-cp after the restart"
	done
	for f in big small; do
		ofs_check "$OFS_MNT/$f" "$TMPDIR/$f" || fail "$f: bstreams off after the restart"
	done
	cp "$TMPDIR/big" "$OFS_MNT/after" || fail "cp after the restart failed"
	ofs_drop_caches
	cmp "$TMPDIR/big" "$OFS_MNT/after" || fail "a file written after the restart reads back other bytes"
	ofs_fsck_clean after
}
