#!/bin/bash
# A real OrangeFS of 4 servers (pvfs2-server, pvfs2-client and the guest
# kernel's orangefs.ko): a file of an awkward size (1,000,003 bytes)
# written through the mount with cp and another with pvfs2-cp reads back
# byte-equal through the mount (caches dropped) and through pvfs2-cp, and
# each datafile's bstream on its server holds what simple_stripe puts
# there: strip k in datafile k mod 4 at offset (k div 4) x strip, the
# datafile order from system.pvfs2.dh and each handle's server from
# fs.conf's DataHandleRanges.  The same check with the handles in another
# order must fail, or it would prove nothing.  It runs with pvfsf's
# orangefs.ko and without pvfsf.ko, which that module must not need;
# 502 runs it again with the kernel's own orangefs.ko.
DESCRIPTION="orangefs: cp and pvfs2-cp read back equal, bstreams follow simple_stripe"
ORANGEFS=1
TIMEOUT=1020
. "$PVFSF_SRC/tests/vm/guest/orangefs.sh"

test() {
	local f start order
	ofs_cluster 4 --strip 65536
	[ ! -d /sys/module/pvfsf ] || fail "pvfsf.ko is loaded: this test runs orangefs.ko without it"
	head -c 1000003 /dev/urandom >"$TMPDIR/file"

	start=$EPOCHREALTIME
	cp "$TMPDIR/file" "$OFS_MNT/by-cp" || fail "cp into the mount failed"
	ofs_time "cp 1000003 bytes in" "$start"
	start=$EPOCHREALTIME
	pvfs2-cp "$TMPDIR/file" "$OFS_MNT/by-pvfs2-cp" >"$TMPDIR/pvfs2-cp.out" 2>&1 ||
		fail "pvfs2-cp into the file system failed: $(tail -n1 "$TMPDIR/pvfs2-cp.out")"
	ofs_time "pvfs2-cp 1000003 bytes in" "$start"
	ofs_drop_caches

	for f in by-cp by-pvfs2-cp; do
		[ "$(stat -c %s "$OFS_MNT/$f")" = 1000003 ] ||
			fail "$f is $(stat -c %s "$OFS_MNT/$f") bytes through the mount"
		cmp "$TMPDIR/file" "$OFS_MNT/$f" || fail "$f reads back other bytes through the mount"
		rm -f "$TMPDIR/out"
		pvfs2-cp "$OFS_MNT/$f" "$TMPDIR/out" >"$TMPDIR/pvfs2-cp.out" 2>&1 ||
			fail "pvfs2-cp of $f out failed: $(tail -n1 "$TMPDIR/pvfs2-cp.out")"
		cmp "$TMPDIR/file" "$TMPDIR/out" || fail "$f reads back other bytes through pvfs2-cp"
		python3 "$PVFSF_SRC/tests/vm/guest/ofs_tool.py" info --conf "$OFS_CONF" "$OFS_MNT/$f" \
			>"$PVFSF_OUT/$f.info.json" || fail "cannot read the distribution of $f"
		cat "$PVFSF_OUT/$f.info.json"
		# What the test derives from the mount is what OrangeFS's own tools say.
		pvfs2-stat "$OFS_MNT/$f" >"$PVFSF_OUT/$f.pvfs2-stat" || fail "pvfs2-stat $f failed"
		pvfs2-viewdist -f "$OFS_MNT/$f" >"$PVFSF_OUT/$f.viewdist" || fail "pvfs2-viewdist $f failed"
		python3 - "$PVFSF_OUT/$f.info.json" "$PVFSF_OUT/$f.pvfs2-stat" "$PVFSF_OUT/$f.viewdist" "$OFS_CONF" <<-'PY' ||
			import json, re, sys
			info = json.load(open(sys.argv[1]))
			stat, vd, conf = (open(p).read() for p in sys.argv[2:])
			assert int(re.search(r"fs ID\s*:\s*(\d+)", stat).group(1)) == info["fs_id"], "fs id"
			assert int(re.search(r"Handle\s*:\s*(\d+)", stat).group(1)) == info["handle"], "inode is not the handle"
			assert re.search(r"^strip_size:(\d+)$", vd, re.M).group(1) == str(info["strip_size"]), "strip"
			alias = dict(re.findall(r"^\s*Alias\s+(\S+)\s+(\S+)\s*$", conf, re.M))
			got = [(int(h), a) for a, h in re.findall(r"^Datafile \d+ - (\S+), handle: (\d+)", vd, re.M)]
			want = [(d["handle"], alias[d["server"]]) for d in info["datafiles"]]
			assert got == want, "viewdist %s, xattrs + fs.conf %s" % (got, want)
		PY
			fail "$f: the xattrs, statfs and fs.conf disagree with pvfs2-stat or pvfs2-viewdist"
		grep -q '"strip_size": 65536,' "$PVFSF_OUT/$f.info.json" || fail "$f: strip size is not 65536"
		[ "$(grep -c '"bstream"' "$PVFSF_OUT/$f.info.json")" = 4 ] || fail "$f has not 4 datafiles"
		ofs_check "$OFS_MNT/$f" "$TMPDIR/file" || fail "the bstreams of $f do not follow simple_stripe"
		for order in reverse rotate; do
			! ofs_check "$OFS_MNT/$f" "$TMPDIR/file" --order "$order" >/dev/null 2>&1 ||
				fail "the check passes $f with its datafiles in $order order: it checks nothing"
		done
	done
	# Stripe order is the handle list's, not fs.conf's server order: say
	# whether the two differ for these files (they may, by chance).
	grep -h '"server"' "$PVFSF_OUT"/*.info.json | tr -d ' ",' | paste -sd' '
}
