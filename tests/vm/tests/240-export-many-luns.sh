#!/bin/bash
# A thousand datafiles exported on one server in two calls (a request
# names at most 512 handles, so that its reply fits a frame): every one is in
# REPORT LUNS, on LUNs 0 to 999 (LIO 6.1 has no per-TPG LUN limit; ours is
# 16384).  Prints the time per export and per unexport.  Only LUN 0 is
# scanned by the initiator: a thousand sd devices would take minutes
# under TCG, and REPORT LUNS is what says what the target offers.
DESCRIPTION="export: 1,000 LUNs on one target, all in REPORT LUNS; time per export"
TIMEOUT=1080
. "$PVFSF_SRC/tests/vm/tests/200-export-common.sh"

test() {
	local conf disk start ms luns

	export_lio_load
	export_iscsid_start
	export_key
	export_server 1
	conf=$TMPDIR/srv1.conf
	[ "$(pvfs-lun-export export --config "$conf" --fs-id $EXPORT_FS_ID --size 64K 1)" = "1 0" ] ||
		fail "first export failed"
	export_login 1
	export_wait_disks 1 1
	disk=$(export_disk 1 0)

	start=$EPOCHREALTIME
	# shellcheck disable=SC2046
	{ pvfs-lun-export export --config "$conf" --fs-id $EXPORT_FS_ID --size 64K $(seq 2 513) &&
		pvfs-lun-export export --config "$conf" --fs-id $EXPORT_FS_ID --size 64K $(seq 514 1000); } \
		>"$TMPDIR/exported" || fail "exporting 999 handles failed"
	ms=$(ms_since "$start")
	echo "export of 999 handles in two calls: $ms ms, $((ms * 1000 / 999)) us per export" |
		tee -a "$PVFSF_OUT/figures"
	[ "$(tail -n1 "$TMPDIR/exported")" = "1000 999" ] || fail "last line: $(tail -n1 "$TMPDIR/exported")"

	mapfile -t luns < <(export_report_luns "$disk")
	[ ${#luns[@]} = 1000 ] || fail "REPORT LUNS lists ${#luns[@]} LUNs"
	[ "${luns[0]}" = 0 ] && [ "${luns[999]}" = 999 ] ||
		fail "REPORT LUNS from ${luns[0]} to ${luns[999]}"
	[ "$(pvfs-lun-export list --config "$conf" | wc -l)" = 1001 ] || fail "list does not show 1000"

	# Exporting them all again: nothing to do, same numbers.
	start=$EPOCHREALTIME
	# shellcheck disable=SC2046
	cmp <(pvfs-lun-export export --config "$conf" --fs-id $EXPORT_FS_ID --size 64K $(seq 2 513) &&
		pvfs-lun-export export --config "$conf" --fs-id $EXPORT_FS_ID --size 64K $(seq 514 1000)) \
		"$TMPDIR/exported" || fail "exporting again changed the LUNs"
	ms=$(ms_since "$start")
	echo "export of 999 exported handles again: $ms ms" | tee -a "$PVFSF_OUT/figures"

	start=$EPOCHREALTIME
	# shellcheck disable=SC2046
	{ pvfs-lun-export unexport --config "$conf" --fs-id $EXPORT_FS_ID $(seq 2 513) &&
		pvfs-lun-export unexport --config "$conf" --fs-id $EXPORT_FS_ID $(seq 514 1000); } >/dev/null ||
		fail "unexport failed"
	ms=$(ms_since "$start")
	echo "unexport of 999 handles in two calls: $ms ms, $((ms * 1000 / 999)) us each" |
		tee -a "$PVFSF_OUT/figures"
	[ "$(export_report_luns "$disk")" = 0 ] || fail "LUNs left after unexport"
}
