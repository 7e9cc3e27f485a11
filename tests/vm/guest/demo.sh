#!/bin/bash
# The demo, run in the guest by tests/vm/demo: the whole chain.  A
# simulated PVFS cluster of four data servers (LIO iSCSI targets on
# 127.0.10.1-4 with their export services), a file put into it by
# simple_stripe, `pvfs-stripe-attach attach` (exports, one login per
# server, member disks by serial, /dev/pvfsf0), an O_DIRECT write of 10
# strips through the device, every strip found in the bstream where
# simple_stripe puts it (strip k in datafile k mod 4 at (k div 4) x strip),
# a size commit, detach, and the file read back from the bstreams alone.
DESCRIPTION="demo: attach a file of a simulated 4-server cluster, O_DIRECT I/O, bytes in the bstreams"
REQUIRES="pvfsf target_core_mod iscsi_target_mod target_core_file iscsi_tcp"
TIMEOUT=300

# bstream_of K HANDLE: where server K keeps that datafile (OrangeFS's
# layout).  The bucket is taken from the hex digits: bash arithmetic is
# signed and half of the handles are above 2^63.
bstream_of() {
	local hex
	hex=$(printf '%016x' "$2")
	printf '%s/server%d/storage/00000007/bstreams/%.8d/%08x.bstream' "$SIM" "$1" $((16#${hex:14:2} % 64)) "$2"
}

test() {
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
	echo "# pvfs-stripe-attach status $dev"
	pvfs-stripe-attach status "$dev"
	echo
	echo "# lsblk -s $dev"
	lsblk -o NAME,MAJ:MIN,SIZE,TYPE -s "$dev"
	echo

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
