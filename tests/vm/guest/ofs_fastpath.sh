# The fast path beside a real OrangeFS (the VM tests 510-519), with the
# project's tools as they are: pvfs-lun-export serving each OrangeFS data
# server's own DataStorageSpace, pvfs-stripe-attach attaching a file whose
# layout it reads from the mount (attach PATH).  Source after
# orangefs.sh; call ofs_fastpath_setup after ofs_cluster.
#
# Server K (fs.conf's K-th server in port order) gets what pvfs-sim gives
# its servers: the address 127.0.10.K on lo, an LIO target
# iqn.2025-11.org.pvfsf:export.ofsK with its portal on 127.0.10.K:3260 and
# a `pvfs-lun-export serve` on 127.0.10.K:3263 configured with the
# cluster's fs.conf and the server's alias there, which give it the
# server's DataStorageSpace and handle ranges: the bstream paths it computes,
# <storage>/<fs id %08x>/bstreams/<handle mod 64>/<handle %08x>.bstream,
# are OrangeFS's own.

_OFS_ADDED_ADDRS=()

ofs_fastpath_setup() {
	local k conf addr start i
	start=$EPOCHREALTIME
	export_lio_load
	export_iscsid_start
	lsmod | grep -q '^pvfsf ' || pvfsf_load
	OFS_KEY=$OFS_DIR/cluster.key
	pvfs-lun-export keygen "$OFS_KEY" || fail "pvfs-lun-export keygen failed"
	defer _ofs_addr_teardown
	for ((k = 1; k <= ${#OFS_ALIASES[@]}; k++)); do
		addr=127.0.10.$k
		if ! ip -4 addr show dev lo | grep -q " $addr/"; then
			ip addr add "$addr/32" dev lo || fail "cannot add $addr to lo"
			_OFS_ADDED_ADDRS+=("$addr")
		fi
		conf=$OFS_DIR/export-ofs$k.conf
		cat >"$conf" <<-CONF
			server = ofs$k
			fs-conf = $OFS_CONF
			alias = ${OFS_ALIASES[k - 1]}
			portal = $addr:3260
			key-file = $OFS_KEY
		CONF
		background setsid pvfs-lun-export serve --config "$conf" 2>>"$OFS_DIR/export-ofs$k.log"
	done
	# Devices and sessions go before the services do (last in, first out).
	defer _ofs_fastpath_teardown
	for ((k = 1; k <= ${#OFS_ALIASES[@]}; k++)); do
		for ((i = 0; i < 150; i++)); do
			pvfs-lun-export request --config "$OFS_DIR/export-ofs$k.conf" list >/dev/null 2>&1 && break
			sleep 0.2
		done
		[ $i -lt 150 ] || fail "the export service of ofs$k does not answer: $(tail -n2 "$OFS_DIR/export-ofs$k.log")"
	done
	# A client's configuration as docs/orangefs.md has it: the cluster's
	# fs.conf and servers file where attach PATH looks by default.
	mkdir -p /etc/pvfsf
	cp "$OFS_CONF" /etc/pvfsf/fs.conf
	ofs_servers_json /etc/pvfsf/servers.json
	cat >/etc/pvfsf/attach.conf <<-CONF
		cluster_key = $OFS_KEY
		replacement_timeout = 5
		login_timeout = 5
		login_retry_max = 1
	CONF
	ofs_time "fast path set up (LIO, iscsid, ${#OFS_ALIASES[@]} export services)" "$start"
}

# Runs before the services stop (deferred later than background): devices
# detached (without --size: a set-size would cut the bstreams behind the
# OrangeFS server's back), sessions logged out, targets torn down.
_ofs_fastpath_teardown() {
	local dev k
	for dev in /dev/pvfsf[0-9]*; do
		[ -b "$dev" ] && pvfs-stripe-attach detach "$dev"
	done
	pvfs-stripe-attach cleanup >/dev/null
	iscsiadm -m session >/dev/null 2>&1 && iscsiadm -m node --logoutall=all >/dev/null
	for ((k = 1; k <= ${#OFS_ALIASES[@]}; k++)); do
		pvfs-lun-export teardown --config "$OFS_DIR/export-ofs$k.conf" >/dev/null
	done
	rm -rf /etc/pvfsf /run/pvfsf
	return 0
}

_ofs_addr_teardown() {
	local addr
	for addr in "${_OFS_ADDED_ADDRS[@]}"; do
		ip addr del "$addr/32" dev lo
	done
	_OFS_ADDED_ADDRS=()
	return 0
}

# ofs_servers_json FILE: the cluster's servers file (docs/layout.md) as
# ofs_fastpath_setup serves it: server K, alias OFS_ALIASES[K-1], is ofsK,
# its portal and service on 127.0.10.K, its bmi the alias's address in
# fs.conf, by which pvfs-layout from-orangefs finds it.
ofs_servers_json() {
	local k alias bmi sep=
	{
		echo '{"servers": {'
		for ((k = 1; k <= ${#OFS_ALIASES[@]}; k++)); do
			alias=${OFS_ALIASES[k - 1]}
			bmi=$(awk -v a="$alias" '$1 == "Alias" && $2 == a { print $3 }' "$OFS_CONF")
			[ -n "$bmi" ] || fail "fs.conf has no Alias $alias"
			printf '%s  "ofs%d": {"portal": "127.0.10.%d:3260", "iqn": "iqn.2025-11.org.pvfsf:export.ofs%d", "service": "127.0.10.%d:3263", "bmi": "%s"}' \
				"$sep" "$k" "$k" "$k" "$k" "$bmi"
			sep=$',\n'
		done
		printf '\n}}\n'
	} >"$1"
}

# ofs_sectors DEVICE: sectors read and written, from /sys/block/pvfsfN/stat.
ofs_sectors() {
	awk '{ print $3, $7 }' "/sys/block/${1#/dev/}/stat"
}

# ofs_daemon_bytes: bytes pvfs2-client-core's TCP sockets sent and
# received, requests and data: what the client daemon carried.
ofs_daemon_bytes() {
	ss -tinpH | python3 -c 'import re, sys
total, mine = 0, False
for line in sys.stdin:
    if not line[0].isspace():
        mine = "\"pvfs2-client-co\"" in line
    elif mine:
        total += sum(int(v) for v in re.findall(r"bytes_(?:acked|received):(\d+)", line))
print(total)'
}

ofs_io() { python3 "$PVFSF_SRC/tests/vm/tests/attach_io.py" "$@"; }

# ofs_write_at DEVICE MODEL OFFSET LENGTH: LENGTH random bytes (a multiple
# of 512) at OFFSET through DEVICE with O_DIRECT, and into MODEL.
ofs_write_at() {
	python3 - "$@" <<-'PY'
		import mmap, os, sys
		dev, model, off, length = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
		data = os.urandom(length)
		buf = mmap.mmap(-1, length)
		buf.write(data)
		fd = os.open(dev, os.O_WRONLY | os.O_DIRECT)
		if os.pwritev(fd, [buf], off) != length:
		    sys.exit("short write")
		os.fsync(fd)
		os.close(fd)
		with open(model, "r+b") as m:
		    m.seek(off)
		    m.write(data)
	PY
}

# ofs_fastpath_round NAME SIZE EXTENT WRITES [DATAFILES]: the whole round
# trip for one file of SIZE random bytes written through the mount (cp, or
# pvfs2-cp -n DATAFILES for a file of that many datafiles):
#  1. attached by its path on the mount with room for EXTENT bytes; the
#     layout pvfs-stripe-attach recorded has the datafiles in the order
#     ofs_tool.py reads from the mount;
#  2. /dev/pvfsfN read with O_DIRECT equals the file read through the mount,
#     and reads zeros past its end;
#  3. WRITES random O_DIRECT writes through the device below EXTENT, and
#     4 KiB at EXTENT - 8 KiB (past SIZE), mirrored in a model;
#  4. until the size commit the mount keeps the old size;
#     `pvfs-stripe-attach commit DEVICE --size` to the true size (1000
#     bytes short of the end of that last write, or the end of a random
#     write past that), which truncates through the mount;
#  5. caches dropped, the file read through the mount and through pvfs2-cp
#     equals the model, stat and pvfs2-stat say the true size, and the
#     bstreams follow simple_stripe (ofs_tool.py);
#  6. a commit of a smaller size leaves the file as it is (grow only);
#  7. detached by its path: the mount still reads the model.
ofs_fastpath_round() {
	local name=$1 size=$2 extent=$3 writes=$4 datafiles=${5:-} f dev top true_size start
	f=$OFS_MNT/$name
	head -c "$size" /dev/urandom >"$TMPDIR/$name.model"
	if [ -n "$datafiles" ]; then
		pvfs2-cp -n "$datafiles" "$TMPDIR/$name.model" "$f" >"$TMPDIR/pvfs2-cp.out" 2>&1 ||
			fail "pvfs2-cp -n $datafiles into the mount failed: $(tail -n1 "$TMPDIR/pvfs2-cp.out")"
	else
		cp "$TMPDIR/$name.model" "$f" || fail "cp into the mount failed"
	fi
	sync
	ofs_check "$f" "$TMPDIR/$name.model" >"$PVFSF_OUT/$name.check-before" ||
		fail "$name: the bstreams written by OrangeFS do not follow simple_stripe"

	start=$EPOCHREALTIME
	dev=$(pvfs-stripe-attach attach "$f" --extent "$extent" --verbose 2>"$TMPDIR/attach.err") ||
		fail "attach $name failed: $(tail -n1 "$TMPDIR/attach.err")"
	ofs_time "$name: attach" "$start"
	[[ $dev == /dev/pvfsf[0-9]* ]] || fail "attach printed '$dev'"
	_ofs_check_recorded_layout "$f" "$datafiles"

	# The device reads what OrangeFS wrote, then zeros.
	ofs_io read "$dev" "$TMPDIR/read" "$extent" || fail "O_DIRECT read of $dev failed"
	ofs_drop_caches
	cp "$TMPDIR/$name.model" "$TMPDIR/want"
	truncate -s "$extent" "$TMPDIR/want"
	cmp -n "$size" "$TMPDIR/read" "$f" || fail "$name: $dev does not read what the mount reads"
	cmp "$TMPDIR/want" "$TMPDIR/read" || fail "$name: $dev reads other bytes than the file, then zeros"
	echo "$name: $dev reads the $size bytes OrangeFS wrote, then zeros up to $extent"

	# O_DIRECT writes through the device, one of them past the file's end.
	cp "$TMPDIR/want" "$TMPDIR/$name.model"
	top=$(ofs_io write "$dev" "$TMPDIR/$name.model" "$writes" 4242 "$extent") || fail "O_DIRECT writes failed"
	ofs_write_at "$dev" "$TMPDIR/$name.model" $((extent - 8192)) 4096 || fail "the last write failed"
	# The true size ends inside that last write (not on a 512 boundary):
	# what lies past it in the bstreams must go.
	true_size=$((extent - 8192 + 3096))
	[ "$top" -le "$true_size" ] || true_size=$top
	echo "$name: $writes writes and one at the end, the file is now $true_size bytes"

	# Until the size commit, OrangeFS keeps the old size (each datafile's
	# b_size in its server's database): the bytes written past it are not
	# in the file yet.
	ofs_drop_caches
	[ "$(stat -c %s "$f")" = "$size" ] ||
		fail "$name: before any size commit the mount says $(stat -c %s "$f") bytes, not $size"

	start=$EPOCHREALTIME
	pvfs-stripe-attach commit "$dev" --size "$true_size" || fail "commit $name to $true_size failed"
	ofs_time "$name: commit of $true_size bytes through the mount" "$start"
	truncate -s "$true_size" "$TMPDIR/$name.model"
	_ofs_check_file "$name" "$f" "$true_size" "after the commit"

	# Grow only: a smaller size (as from a client that wrote less than
	# another one) leaves the file as it is.
	pvfs-stripe-attach commit "$dev" --size $((true_size - 1000)) || fail "commit $name to a smaller size failed"
	ofs_drop_caches
	[ "$(stat -c %s "$f")" = "$true_size" ] ||
		fail "$name: a commit of a smaller size shrank the file to $(stat -c %s "$f") bytes"

	start=$EPOCHREALTIME
	pvfs-stripe-attach detach "$f" || fail "detach $f failed"
	ofs_time "$name: detach" "$start"
	[ -e "$dev" ] && fail "$dev is still there after detach $f"
	ofs_drop_caches
	cmp "$TMPDIR/$name.model" "$f" || fail "$name: after detach the mount reads other bytes"
}

# _ofs_check_file NAME PATH SIZE WHEN: with caches dropped, PATH read
# through the mount and through pvfs2-cp equals NAME's model, stat and
# pvfs2-stat say SIZE, and the bstreams follow simple_stripe.
_ofs_check_file() {
	local name=$1 f=$2 size=$3 when=$4 pstat
	ofs_drop_caches
	[ "$(stat -c %s "$f")" = "$size" ] || fail "$name: $when the mount says $(stat -c %s "$f") bytes, not $size"
	pstat=$(pvfs2-stat "$f" 2>&1 | awk '$1 == "Size" { print $3 }')
	[ "$pstat" = "$size" ] || fail "$name: $when pvfs2-stat says '$pstat' bytes, not $size"
	cmp "$TMPDIR/$name.model" "$f" || fail "$name: $when the mount reads other bytes than were written"
	rm -f "$TMPDIR/out"
	pvfs2-cp "$f" "$TMPDIR/out" >/dev/null 2>&1 || fail "pvfs2-cp of $f out failed"
	cmp "$TMPDIR/$name.model" "$TMPDIR/out" || fail "$name: $when pvfs2-cp reads other bytes than were written"
	ofs_check "$f" "$TMPDIR/$name.model" >"$PVFSF_OUT/$name.check-${when// /-}" ||
		fail "$name: $when the bstreams do not follow simple_stripe"
	echo "$name: $when the mount, pvfs2-cp, stat and pvfs2-stat agree with the model ($size bytes)"
}

# _ofs_check_recorded_layout PATH [DATAFILES]: the layout pvfs-stripe-attach
# recorded for PATH has its datafile handles in the order the mount gives
# them (ofs_tool.py's file_info), and DATAFILES of them if given.
_ofs_check_recorded_layout() {
	local f=$1 datafiles=$2 record
	record=/run/pvfsf/files/$OFS_FSID-$(stat -c %i "$f").json
	[ -f "$record" ] || fail "no record $record of $f"
	cp "$record" "$PVFSF_OUT/$(basename "$f").record.json"
	python3 - "$record" "$OFS_CONF" "$f" "$datafiles" <<-'PY' || fail "the recorded layout of $f is wrong"
		import json, os, sys
		sys.path.insert(0, os.path.join(os.environ["PVFSF_SRC"], "tests/vm/guest"))
		import ofs_tool
		record, conf, path, n = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3], sys.argv[4]
		got = [int(d["handle"]) for d in record["layout"]["datafiles"]]
		want = [d["handle"] for d in ofs_tool.file_info(ofs_tool.FsConf(conf), path)["datafiles"]]
		if got != want:
		    sys.exit("datafiles %s, the mount says %s" % (got, want))
		if n and len(got) != int(n):
		    sys.exit("%d datafiles, not %s" % (len(got), n))
		if record.get("orangefs_path") != path:
		    sys.exit("orangefs_path %r, not %r" % (record.get("orangefs_path"), path))
	PY
}
