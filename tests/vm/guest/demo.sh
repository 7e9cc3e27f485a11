#!/bin/bash
# The demo, run in the guest by tests/vm/demo: the whole chain.
#
# With a real OrangeFS (tests/vm/boot provides one when it can, see
# docs/orangefs.md): a cluster of four OrangeFS servers, a file copied in
# through the mount, each server's datafiles exported as iSCSI LUNs from
# the server's own storage, `pvfs-stripe-attach attach PATH` (the layout
# read from the mount, fs.conf and the servers file, as `pvfs-layout
# from-orangefs` shows it), an O_DIRECT read and write of 10 strips through
# /dev/pvfsfN, every strip found in the OrangeFS bstream where
# simple_stripe puts it, `pvfs-stripe-attach commit` (a truncate through
# the mount, OrangeFS's metadata path), detach, and the same bytes read
# back through the mount.
#
# Without OrangeFS, the same on a simulated cluster (pvfs-sim), saying so:
# LIO iSCSI targets on 127.0.10.1-4 with their export services, a file put
# into it by simple_stripe, attach, the O_DIRECT write, the strips in the
# bstreams, a size commit, detach, and the file read back from the bstreams.
DESCRIPTION="demo: attach a file of a 4-server cluster (OrangeFS, else pvfs-sim), O_DIRECT I/O, bytes back"
REQUIRES="pvfsf target_core_mod iscsi_target_mod target_core_file iscsi_tcp"
TIMEOUT=300
ORANGEFS=1
. "$PVFSF_SRC/tests/vm/guest/orangefs.sh"
. "$PVFSF_SRC/tests/vm/guest/ofs_fastpath.sh"

# bstream_of K HANDLE: where server K keeps that datafile (OrangeFS's
# layout).  The bucket is taken from the hex digits: bash arithmetic is
# signed and half of the handles are above 2^63.
bstream_of() {
	local hex
	hex=$(printf '%016x' "$2")
	printf '%s/server%d/storage/00000007/bstreams/%.8d/%08x.bstream' "$SIM" "$1" $((16#${hex:14:2} % 64)) "$2"
}

# demo_show_device DEVICE: what pvfs-stripe-attach and lsblk say of it.
demo_show_device() {
	echo "# pvfs-stripe-attach status $1"
	pvfs-stripe-attach status "$1"
	echo
	echo "# lsblk -s $1"
	lsblk -o NAME,MAJ:MIN,SIZE,TYPE -s "$1"
	echo
}

demo_sim() {
	local strip=65536 nr=4 k dev want got member offset size handles=() bstream
	attach_cluster 4

	echo "# pvfs-sim create --servers 4"
	cat "$TMPDIR/sim-create.out"
	echo
	head -c 300000 /dev/urandom >"$TMPDIR/old"
	echo "# pvfs-sim put old-file --strip 64K > file.json   (300000 bytes)"
	pvfs-sim put "$TMPDIR/old" --strip 64K --dir "$SIM" >"$TMPDIR/file.json"
	mapfile -t handles < <(python3 -c 'import json,sys
for d in json.load(open(sys.argv[1]))["datafiles"]: print(d["handle"])' "$TMPDIR/file.json")
	echo
	echo "# pvfs-stripe-attach attach file.json --extent 1M --verbose"
	dev=$(pvfs-stripe-attach attach "$TMPDIR/file.json" --extent 1M --verbose)
	echo "$dev"
	echo
	demo_show_device "$dev"

	# one O_DIRECT write of 10 strips, each strip starting with its name
	for k in $(seq 0 9); do
		printf 'strip %-3d of the file%*s' "$k" $((strip - 21)) '' | tr ' ' .
	done >"$TMPDIR/file"
	echo "# dd if=file of=$dev bs=640K count=1 oflag=direct"
	dd if="$TMPDIR/file" of="$dev" bs=$((10 * strip)) count=1 oflag=direct status=none
	size=$((10 * strip - 1000))
	echo "# pvfs-stripe-attach commit $dev --size $size   (the file's true size)"
	pvfs-stripe-attach commit "$dev" --size "$size"
	echo
	echo "where each strip landed (read from the servers' bstream files directly):"
	for k in $(seq 0 9); do
		member=$((k % nr))
		offset=$(((k / nr) * strip))
		bstream=$(bstream_of $((member + 1)) "${handles[$member]}")
		want=$(printf 'strip %-3d' "$k" | tr ' ' .)
		got=$(dd if="$bstream" bs=9 count=1 skip=$offset iflag=skip_bytes status=none)
		[ "$got" = "$want" ] || fail "strip $k: datafile $member at $offset holds '$got'"
		printf '  strip %d -> server%d, datafile %s, at offset %6d: "%s"\n' \
			"$k" $((member + 1)) "${handles[$member]}" "$offset" "$got"
	done
	echo
	echo "# pvfs-stripe-attach detach $dev"
	pvfs-stripe-attach detach "$dev"
	echo "# pvfs-sim get file.json | cmp - <first $size bytes written>"
	pvfs-sim get "$TMPDIR/file.json" --dir "$SIM" --output "$TMPDIR/got"
	head -c "$size" "$TMPDIR/file" | cmp - "$TMPDIR/got" || fail "the bstreams do not give the file back"
	echo "same: $(stat -c %s "$TMPDIR/got") bytes, as PVFS computes the size from the bstreams"
	echo
	echo "# pvfs-stripe-attach logout --idle"
	pvfs-stripe-attach logout --idle
}

# the_strips: 10 strips of 64 KiB, each starting with its name.
the_strips() {
	local k
	for k in $(seq 0 9); do
		printf 'strip %-3d of the file%*s' "$k" $((65536 - 21)) '' | tr ' ' .
	done
}

demo_orangefs() {
	local strip=65536 size=1000003 extent=$((2 << 20)) f dev k member offset bstream
	local want got true_size alias handle hex servers=() handles=()
	ofs_cluster 4 --strip $strip
	ofs_fastpath_setup
	echo
	echo "A real OrangeFS 2.10 of 4 servers ($OFS_PREFIX), mounted at $OFS_MNT through orangefs.ko,"
	echo "each server's DataStorageSpace exported by its own pvfs-lun-export (LIO target on 127.0.10.K)."
	echo
	f=$OFS_MNT/file
	head -c $size /dev/urandom >"$TMPDIR/file"
	echo "# cp file $f   ($size bytes, through the mount: pvfs2-client-core)"
	cp "$TMPDIR/file" "$f"
	sync
	echo
	echo "# cat /etc/pvfsf/servers.json   (how to reach each OrangeFS server, by its BMI address; fs.conf beside it)"
	cat /etc/pvfsf/servers.json
	echo
	echo "# pvfs-layout from-orangefs $f   (what attach reads: the mount's xattrs, fs.conf, servers.json)"
	pvfs-layout from-orangefs "$f" >"$TMPDIR/layout.json" || fail "pvfs-layout from-orangefs $f failed"
	cat "$TMPDIR/layout.json"
	echo
	mapfile -t servers < <(python3 -c 'import json,sys
for d in json.load(open(sys.argv[1]))["datafiles"]: print(d["server"])' "$TMPDIR/layout.json")
	mapfile -t handles < <(python3 -c 'import json,sys
for d in json.load(open(sys.argv[1]))["datafiles"]: print(d["handle"])' "$TMPDIR/layout.json")
	[ ${#handles[@]} = 4 ] || fail "the file has ${#handles[@]} datafiles, not 4"

	echo "# pvfs-stripe-attach attach $f --extent 2M --verbose"
	dev=$(pvfs-stripe-attach attach "$f" --extent 2M --verbose) || fail "attach $f failed"
	echo "$dev"
	echo
	demo_show_device "$dev"

	echo "# dd if=$dev of=read bs=64K iflag=direct; cmp -n $size read $f"
	dd if="$dev" of="$TMPDIR/read" bs=64K iflag=direct status=none
	cmp -n $size "$TMPDIR/read" "$f" || fail "$dev does not read what the mount reads"
	echo "same: the device reads the $size bytes OrangeFS wrote"
	echo

	# 10 strips written from strip 10 on, past the file's end (strip 15 ends at 1 MiB).
	the_strips >"$TMPDIR/strips"
	offset=$((10 * strip))
	echo "# dd if=strips of=$dev bs=640K seek=$offset oflag=direct,seek_bytes   (10 strips, from strip 10: past the end)"
	dd if="$TMPDIR/strips" of="$dev" bs=$((10 * strip)) count=1 seek=$offset oflag=direct,seek_bytes status=none
	true_size=$((20 * strip - 1000))
	echo
	echo "where each strip landed (read from the OrangeFS servers' bstream files directly):"
	for k in $(seq 10 19); do
		member=$((k % 4))
		alias=${OFS_ALIASES[${servers[$member]#ofs} - 1]}
		handle=${handles[$member]}
		hex=$(printf '%016x' "$handle")
		bstream=$(printf '%s/%s/data/%08x/bstreams/%.8d/%08x.bstream' "$OFS_DIR" "$alias" "$OFS_FSID" \
			$((16#${hex:14:2} % 64)) "$handle")
		want=$(printf 'strip %-3d' $((k - 10)) | tr ' ' .)
		got=$(dd if="$bstream" bs=9 count=1 skip=$(((k / 4) * strip)) iflag=skip_bytes status=none)
		[ "$got" = "$want" ] || fail "strip $k: datafile $member at $(((k / 4) * strip)) holds '$got'"
		printf '  file strip %2d -> %s (%s), datafile %s, at offset %6d: "%s"\n' \
			"$k" "${servers[$member]}" "$alias" "$handle" $(((k / 4) * strip)) "$got"
	done
	echo
	echo "# stat -c %s $f   (before the size commit OrangeFS still has the old size)"
	ofs_drop_caches
	stat -c %s "$f"
	echo "# pvfs-stripe-attach commit $dev --size $true_size   (a truncate through the mount: OrangeFS's metadata path)"
	pvfs-stripe-attach commit "$dev" --size $true_size || fail "commit failed"
	echo "# pvfs-stripe-attach detach $f"
	pvfs-stripe-attach detach "$f" || fail "detach $f failed"
	echo
	# What the file must hold: the old bytes, the strips from strip 10, cut to the true size.
	cp "$TMPDIR/file" "$TMPDIR/want"
	dd if="$TMPDIR/strips" of="$TMPDIR/want" bs=$((10 * strip)) seek=$offset oflag=seek_bytes conv=notrunc status=none
	truncate -s $true_size "$TMPDIR/want"
	ofs_drop_caches
	echo "# cmp <old bytes + the 10 strips, $true_size bytes> $f   (read back through the mount)"
	cmp "$TMPDIR/want" "$f" || fail "the mount does not read what was written through $dev"
	echo "same: $(stat -c %s "$f") bytes through the mount"
	echo
	echo "# pvfs-stripe-attach logout --idle"
	pvfs-stripe-attach logout --idle
}

test() {
	local conf=$PVFSF_RESULTS/orangefs.conf
	ORANGEFS_PREFIX='' ORANGEFS_MISSING=''
	[ ! -f "$conf" ] || . "$conf"
	if [ -n "$ORANGEFS_PREFIX" ]; then
		demo_orangefs
	else
		echo "OrangeFS is not available (${ORANGEFS_MISSING:-no orangefs.conf}):"
		echo "the demo runs on pvfs-sim, a simulated cluster (LIO targets over bstream files)."
		echo
		demo_sim
	fi
}
