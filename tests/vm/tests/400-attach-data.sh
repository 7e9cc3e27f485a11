#!/bin/bash
# pvfs-stripe-attach against a simulated cluster of 4 servers, data both
# ways.  A file of 1,000,003 bytes put by pvfs-sim (64 KiB strip) is
# attached with room to grow to 4 MiB; the device reads back exactly the
# bytes put (the reverse direction).  Then random O_DIRECT writes, many
# crossing strips and some past the file's end, go through /dev/pvfsfN and
# into a model file; size commits while attached, to sizes that are and are
# not multiples of 512 and of the strip, each followed by pvfs-sim get,
# which reads the file back from the bstreams alone: it must equal the
# model cut (or zero-extended) to that size.  detach --size commits the
# last size; the LUNs and disks are gone, the 4 sessions stay until
# logout --idle.
DESCRIPTION="attach: O_DIRECT writes land in the bstreams, put data reads back, size commits exact"
REQUIRES="pvfsf target_core_mod iscsi_target_mod target_core_file iscsi_tcp"
TIMEOUT=420

io() { python3 "$PVFSF_SRC/tests/vm/tests/attach_io.py" "$@"; }

# get_equals LAYOUT SIZE: pvfs-sim get gives the model's first SIZE bytes
# (zeros past its end) and nothing more.
get_equals() {
	pvfs-sim get "$1" --dir "$SIM" --output "$TMPDIR/got" || fail "pvfs-sim get failed"
	cp "$TMPDIR/model" "$TMPDIR/want"
	truncate -s "$2" "$TMPDIR/want"
	[ "$(stat -c %s "$TMPDIR/got")" = "$2" ] ||
		fail "after a commit of $2 bytes, the bstreams give a file of $(stat -c %s "$TMPDIR/got")"
	cmp "$TMPDIR/want" "$TMPDIR/got" || fail "after a commit of $2 bytes: the bstreams differ from the model"
}

test() {
	local layout=$TMPDIR/file.json dev dev2 top size k
	attach_cluster 4

	head -c 1000003 /dev/urandom >"$TMPDIR/model"
	pvfs-sim put "$TMPDIR/model" --strip 64K --dir "$SIM" >"$layout" || fail "put failed"

	dev=$(pvfs-stripe-attach attach "$layout" --extent 4M --verbose) || fail "attach failed"
	[[ $dev == /dev/pvfsf[0-9]* ]] || fail "attach printed '$dev'"
	[ -b "$dev" ] || fail "$dev is no block device"
	[ "$(iscsi_session_count)" = 4 ] || fail "$(iscsi_session_count) sessions, expected one per server"
	[ "$(blockdev --getsize64 "$dev")" = $((4 * 1024 * 1024)) ] ||
		fail "$dev holds $(blockdev --getsize64 "$dev") bytes, expected the 4 MiB extent"

	# What pvfs-sim put reads back through the device.
	io read "$dev" "$TMPDIR/read" 1000003 || fail "O_DIRECT read of $dev failed"
	cmp "$TMPDIR/model" "$TMPDIR/read" || fail "the device does not read back the file pvfs-sim put"
	echo "read back 1000003 bytes put by pvfs-sim"

	# Attaching it again gives the same device.
	dev2=$(pvfs-stripe-attach attach "$layout" --extent 4M) || fail "second attach failed"
	[ "$dev2" = "$dev" ] || fail "second attach printed $dev2, not $dev"

	# Random O_DIRECT writes, mirrored into the model.
	truncate -s 4M "$TMPDIR/model"
	top=$(io write "$dev" "$TMPDIR/model" 40 1234 $((4 * 1024 * 1024))) || fail "O_DIRECT writes failed"
	echo "40 writes, the highest ending at $top"
	io read "$dev" "$TMPDIR/read" $((4 * 1024 * 1024)) || fail "read-back failed"
	cmp "$TMPDIR/model" "$TMPDIR/read" || fail "the device does not read back what was written"

	# Size commits while attached; the bstreams alone must give the file.
	for size in 1000003 $((3 * 65536)) 2097152 3000001 100 $((4 * 1024 * 1024)); do
		pvfs-stripe-attach commit "$dev" --size "$size" || fail "commit --size $size failed"
		get_equals "$layout" "$size"
		echo "commit $size: pvfs-sim get gives the model's first $size bytes"
		# What a truncate cut off must read as zeros through the device too.
		io read "$dev" "$TMPDIR/read" $((4 * 1024 * 1024)) || fail "read after commit $size failed"
		head -c "$size" "$TMPDIR/model" >"$TMPDIR/want"
		truncate -s 4M "$TMPDIR/want"
		cmp "$TMPDIR/want" "$TMPDIR/read" || fail "after commit $size the device reads other bytes"
		cp "$TMPDIR/want" "$TMPDIR/model"
	done

	# A last write, then detach with its size: 1 byte past a strip boundary.
	top=$(io write "$dev" "$TMPDIR/model" 8 99 $((2 * 1024 * 1024))) || fail "O_DIRECT writes failed"
	size=$((2 * 1024 * 1024 + 1))
	pvfs-stripe-attach detach "$dev" --size "$size" || fail "detach --size $size failed"
	[ ! -e "$dev" ] || fail "$dev still exists after detach"
	get_equals "$layout" "$size"
	echo "detach --size $size: the bstreams give the model"

	# Nothing is exported or attached any more; the sessions stay.
	for k in 1 2 3 4; do
		[ -z "$(sim_luns $k)" ] || fail "server$k still exports: $(sim_luns $k)"
	done
	[ -z "$(sd_disks)" ] || fail "disks left after detach: $(sd_disks)"
	[ "$(iscsi_session_count)" = 4 ] || fail "detach ended sessions: $(iscsi_session_count) left"
	[ "$(pvfs-stripe-attach list --json)" = "[]" ] || fail "list after detach: $(pvfs-stripe-attach list)"
	pvfs-stripe-attach logout --idle || fail "logout --idle failed"
	[ "$(iscsi_session_count)" = 0 ] || fail "logout --idle left $(iscsi_session_count) sessions"
}
