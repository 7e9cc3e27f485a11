#!/bin/bash
# Writes through a LUN land in the bstream as a PVFS server's would: a write
# past the bstream's end grows it to the write's end with the bytes in
# place and a hole before them; reads past the end are zeros.  set-size
# (the server's half of a size commit) truncates and extends the bstream
# under a live LUN.  A larger export size grows the LUN in place (seen
# after a device rescan); a smaller one is refused.
DESCRIPTION="export: writes past a bstream's end extend it; set-size; growing and shrinking a LUN"
TIMEOUT=180
. "$PVFSF_SRC/tests/vm/tests/200-export-common.sh"

test() {
	local conf disk bstream out size rc

	export_lio_load
	export_iscsid_start
	export_key
	export_server 1
	export_serve 1
	conf=$TMPDIR/srv1.conf
	bstream=$(export_bstream 1 100)
	mkdir -p "$(dirname "$bstream")"
	head -c 1000 /dev/urandom >"$bstream"
	cp "$bstream" "$TMPDIR/original"

	[ "$(pvfs-lun-export export --config "$conf" --fs-id $EXPORT_FS_ID --size 256K 100)" = "100 0" ] ||
		fail "export failed"
	export_login 1
	export_wait_disks 1 1
	disk=$(export_disk 1 0)

	# Past the end: zeros.
	export_expected "$bstream" 8192 "$TMPDIR/expected"
	dd if="$disk" of="$TMPDIR/read" bs=8192 count=1 iflag=direct status=none
	cmp "$TMPDIR/expected" "$TMPDIR/read" || fail "first 8 KiB differ from bstream + zeros"

	# 4 KiB written at 64 KiB: the bstream grows to 68 KiB, the 1000 bytes
	# stay, a hole of zeros, then the new bytes.
	head -c 4096 /dev/urandom >"$TMPDIR/pattern"
	dd if="$TMPDIR/pattern" of="$disk" bs=4096 seek=16 count=1 oflag=direct status=none
	size=$(stat -c %s "$bstream")
	[ "$size" = 69632 ] || fail "bstream is $size bytes after a write ending at 69632"
	cmp -n 1000 "$bstream" "$TMPDIR/original" || fail "the first 1000 bytes changed"
	cmp -i 1000:0 -n 64536 "$bstream" /dev/zero || fail "no zeros between 1000 and 65536"
	cmp -i 65536:0 "$bstream" "$TMPDIR/pattern" || fail "the written bytes are not at 65536"

	# A write inside the bstream changes no size.
	dd if="$TMPDIR/pattern" of="$disk" bs=512 count=1 oflag=direct status=none
	[ "$(stat -c %s "$bstream")" = 69632 ] || fail "an overwrite changed the size"
	cmp -n 512 "$bstream" "$TMPDIR/pattern" || fail "the overwrite is not at 0"

	# set-size through the service: truncate, then extend.
	out=$(pvfs-lun-export request --config "$conf" set-size --fs-id $EXPORT_FS_ID 100 300) ||
		fail "set-size 300 failed"
	[ "$out" = "100 300" ] || fail "set-size printed '$out'"
	[ "$(stat -c %s "$bstream")" = 300 ] || fail "set-size did not truncate"
	export_expected "$bstream" 69632 "$TMPDIR/expected"
	dd if="$disk" of="$TMPDIR/read" bs=69632 count=1 iflag=direct status=none
	cmp "$TMPDIR/expected" "$TMPDIR/read" || fail "the LUN does not show the truncated bstream"
	pvfs-lun-export request --config "$conf" set-size --fs-id $EXPORT_FS_ID 100 300000 >/dev/null ||
		fail "set-size 300000 failed"
	[ "$(stat -c %s "$bstream")" = 300000 ] || fail "set-size did not extend"
	dd if="$disk" of="$TMPDIR/read" bs=69632 count=1 iflag=direct status=none
	cmp "$TMPDIR/expected" "$TMPDIR/read" || fail "extending changed the bytes the LUN reads"
	# On a datafile not exported, with no bstream yet: created at that size.
	pvfs-lun-export set-size --config "$conf" --fs-id $EXPORT_FS_ID 101 777 >/dev/null ||
		fail "set-size of an unexported datafile failed"
	[ "$(stat -c %s "$(export_bstream 1 101)")" = 777 ] || fail "set-size did not create 101"

	# Growing in place: LIO takes a new fd_dev_size on a live backstore;
	# the initiator sees it after a rescan of the device.
	out=$(pvfs-lun-export export --config "$conf" --fs-id $EXPORT_FS_ID --size 512K 100) ||
		fail "growing export failed"
	[ "$out" = "100 0" ] || fail "growing export printed '$out'"
	echo 1 >"/sys/block/${disk#/dev/}/device/rescan"
	[ "$(cat "/sys/block/${disk#/dev/}/size")" = 1024 ] ||
		fail "after growing: $(cat "/sys/block/${disk#/dev/}/size") sectors"
	out=$(pvfs-lun-export export --config "$conf" --fs-id $EXPORT_FS_ID --size 256K 100 2>&1) &&
		fail "shrinking a live LUN was not refused"
	[[ $out == *"cannot shrink"* ]] || fail "shrink refused with: $out"
	rc=0
	out=$(pvfs-lun-export export --config "$conf" --fs-id $EXPORT_FS_ID --size 1000 102 2>&1) || rc=$?
	[ $rc = 2 ] && [[ $out == *"multiple of 512"* ]] || fail "size 1000: exit $rc: $out"
	[ "$(pvfs-lun-export list --config "$conf" | awk 'NR == 2 { print $3, $4, $5 }')" = "0 524288 300000" ] ||
		fail "list: $(pvfs-lun-export list --config "$conf")"
}
