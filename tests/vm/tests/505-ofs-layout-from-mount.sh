#!/bin/bash
# pvfs-layout from-orangefs against OrangeFS's own view of a file: on a
# 4-server cluster with a strip that is not a power of two (96 KiB), files
# of 1 to 4 datafiles (pvfs2-cp -n; a user.pvfs2.num_dfiles hint set on
# a directory through the mount reached the next create in one run of three,
# probably the client daemon's cached attributes of the directory) and of
# 0, 13, 1,000,003 and 4 MiB + 1 bytes; each layout's fs id and handle are
# pvfs2-stat's, its strip, datafile handles and servers (by BMI address,
# in stripe order) pvfs2-viewdist's, and pvfs-layout check takes it.  Bad
# input is refused with one line and exit 1: a file outside OrangeFS, a
# servers file that lacks a server of the file, an fs.conf of another
# cluster.
DESCRIPTION="orangefs: pvfs-layout from-orangefs agrees with pvfs2-stat and pvfs2-viewdist"
ORANGEFS=1
TIMEOUT=960
. "$PVFSF_SRC/tests/vm/guest/orangefs.sh"
. "$PVFSF_SRC/tests/vm/guest/ofs_fastpath.sh"

# agree FILE LAYOUT DATAFILES: LAYOUT says what pvfs2-stat and
# pvfs2-viewdist say of FILE, with DATAFILES datafiles.
agree() {
	pvfs2-stat "$1" >"$TMPDIR/stat" || fail "pvfs2-stat $1 failed"
	pvfs2-viewdist -f "$1" >"$TMPDIR/viewdist" || fail "pvfs2-viewdist $1 failed"
	python3 - "$2" "$TMPDIR/stat" "$TMPDIR/viewdist" "$3" "$TMPDIR/servers.json" <<-'PY'
		import json, re, sys
		layout = json.load(open(sys.argv[1]))
		stat, vd = open(sys.argv[2]).read(), open(sys.argv[3]).read()
		count = int(sys.argv[4])
		servers = json.load(open(sys.argv[5]))["servers"]
		assert layout["fs_id"] == int(re.search(r"fs ID\s*:\s*(\d+)", stat).group(1)), "fs id"
		assert int(layout["handle"]) == int(re.search(r"Handle\s*:\s*(\d+)", stat).group(1)), "handle"
		assert layout["distribution"]["strip_size"] == int(re.search(r"^strip_size:(\d+)$", vd, re.M).group(1)), "strip"
		want = [(int(h), b) for b, h in re.findall(r"^Datafile \d+ - (\S+), handle: (\d+)", vd, re.M)]
		got = [(int(d["handle"]), servers[d["server"]]["bmi"]) for d in layout["datafiles"]]
		assert got == want, "layout %s, viewdist %s" % (got, want)
		assert len(got) == count, "%d datafiles, not %d" % (len(got), count)
		assert layout["servers"] == {d["server"]: servers[d["server"]] for d in layout["datafiles"]}, "servers"
	PY
}

test() {
	local n size f out
	ofs_cluster 4 --strip 98304
	ofs_servers_json "$TMPDIR/servers.json"
	for n in 1 2 3 4; do
		mkdir "$OFS_MNT/d$n"
		for size in 0 13 1000003 4194305; do
			f=$OFS_MNT/d$n/f$size
			head -c "$size" /dev/urandom >"$TMPDIR/src"
			pvfs2-cp -n "$n" "$TMPDIR/src" "$f" >"$TMPDIR/pvfs2-cp.out" 2>&1 ||
				fail "pvfs2-cp -n $n to d$n/f$size failed: $(tail -n1 "$TMPDIR/pvfs2-cp.out")"
			cmp "$TMPDIR/src" "$f" || fail "d$n/f$size reads back other bytes through the mount"
			out=$PVFSF_OUT/layout-$n-$size.json
			pvfs-layout from-orangefs --fs-conf "$OFS_CONF" --servers "$TMPDIR/servers.json" "$f" >"$out" ||
				fail "from-orangefs refused d$n/f$size"
			agree "$f" "$out" "$n" || fail "the layout of d$n/f$size disagrees with OrangeFS's tools"
			pvfs-layout check "$out" >/dev/null || fail "pvfs-layout check refuses the layout of d$n/f$size"
			grep -q "\"size\": $size," "$out" || fail "the layout of d$n/f$size does not say its size"
		done
	done

	# Refusals: one line, exit 1.
	echo x >"$TMPDIR/local"
	out=$(pvfs-layout from-orangefs --fs-conf "$OFS_CONF" --servers "$TMPDIR/servers.json" "$TMPDIR/local" 2>&1) && fail "a local file was taken"
	[ "$out" = "pvfs-layout from-orangefs: $TMPDIR/local: not on an OrangeFS mount" ] || fail "local file: $out"
	python3 - "$TMPDIR/servers.json" >"$TMPDIR/servers-3.json" <<-'PY'
		import json, sys
		s = json.load(open(sys.argv[1]))
		del s["servers"]["ofs2"]
		json.dump(s, sys.stdout)
	PY
	out=$(pvfs-layout from-orangefs --fs-conf "$OFS_CONF" --servers "$TMPDIR/servers-3.json" "$OFS_MNT/d4/f13" 2>&1) && fail "a servers file without ofs2 was taken"
	[[ $out == *"is no server's bmi in the servers file" ]] || fail "missing server: $out"
	sed 's/^\(\s*ID\s\+\)[0-9]*/\17/' "$OFS_CONF" >"$TMPDIR/other.conf"
	out=$(pvfs-layout from-orangefs --fs-conf "$TMPDIR/other.conf" --servers "$TMPDIR/servers.json" "$OFS_MNT/d4/f13" 2>&1) && fail "an fs.conf of another cluster was taken"
	[[ $out == *"is no file system of fs.conf"* ]] || fail "other fs.conf: $out"
	return 0
}
