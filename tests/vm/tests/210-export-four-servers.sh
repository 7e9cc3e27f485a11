#!/bin/bash
# The main scenario: the four datafiles of one PVFS file on four servers,
# exported through each server's request service and logged in to with
# plain iscsiadm.  One bstream is absent, one is not a multiple of 512
# bytes long; a handle uses all 64 bits.  Each disk must carry its
# datafile's serial and a distinct NAA, read as its bstream followed by
# zeros up to the LUN size, and REPORT LUNS must list exactly what is
# exported, before and after an unexport.
DESCRIPTION="export: four servers, four datafiles, serials, NAAs, contents, REPORT LUNS, unexport"
TIMEOUT=300
. "$PVFSF_SRC/tests/vm/tests/200-export-common.sh"

test() {
	local n disk out start ms lun_size=131072
	# Datafile handles, one per server; the last one above 2^63.
	local -a handles=(0 1048577 1048578 1048579 0xffffffffffffffc5)
	local -a serials=(- 000000070000000000100001 000000070000000000100002
		000000070000000000100003 00000007ffffffffffffffc5)
	local -a bstreams naas=()

	export_lio_load
	export_iscsid_start
	export_key
	for n in 1 2 3 4; do
		export_server "$n"
		export_serve "$n"
	done
	bstreams=(- "$(export_bstream 1 1048577)" "$(export_bstream 2 1048578)"
		"$(export_bstream 3 1048579)"
		"$TMPDIR/srv4/00000007/bstreams/00000005/ffffffffffffffc5.bstream")

	# Datafile 1 full, 2 never written, 3 of 1000 bytes, 4 of 70000.
	mkdir -p "$(dirname "${bstreams[1]}")" "$(dirname "${bstreams[3]}")" \
		"$(dirname "${bstreams[4]}")"
	head -c $lun_size /dev/urandom >"${bstreams[1]}"
	head -c 1000 /dev/urandom >"${bstreams[3]}"
	head -c 70000 /dev/urandom >"${bstreams[4]}"

	for n in 1 2 3 4; do
		out=$(pvfs-lun-export request --config "$TMPDIR/srv$n.conf" export \
			--fs-id $EXPORT_FS_ID --size $lun_size "${handles[n]}") ||
			fail "export on srv$n failed"
		[ "${out#* }" = 0 ] || fail "srv$n: export printed '$out', expected LUN 0"
	done
	# Exporting created the absent bstream, empty.
	[ -f "${bstreams[2]}" ] && [ ! -s "${bstreams[2]}" ] ||
		fail "the absent bstream was not created empty"

	start=$EPOCHREALTIME
	for n in 1 2 3 4; do
		export_login "$n"
	done
	ms=$(ms_since "$start")
	echo "discovery and login, 4 portals: $ms ms" | tee -a "$PVFSF_OUT/figures"
	for n in 1 2 3 4; do
		export_wait_disks "$n" 1
	done

	for n in 1 2 3 4; do
		disk=$(export_disk "$n" 0)
		[ -n "$disk" ] || fail "srv$n: no disk for LUN 0"
		[ "$(export_serial "$disk")" = "${serials[n]}" ] ||
			fail "srv$n $disk: serial $(export_serial "$disk"), expected ${serials[n]}"
		[ "$(cat "/sys/block/${disk#/dev/}/size")" = $((lun_size / 512)) ] ||
			fail "srv$n $disk: $(cat "/sys/block/${disk#/dev/}/size") sectors"
		naas+=("$(export_naa "$disk")")
		[ "${naas[-1]}" = "0x6001405${serials[n]}0" ] ||
			fail "srv$n $disk: NAA ${naas[-1]}, expected 0x6001405${serials[n]}0"
		export_expected "${bstreams[n]}" $lun_size "$TMPDIR/expected$n"
		dd if="$disk" of="$TMPDIR/read$n" bs=64K iflag=direct status=none
		cmp "$TMPDIR/expected$n" "$TMPDIR/read$n" ||
			fail "srv$n $disk: contents differ from the bstream and zeros"
		[ "$(export_report_luns "$disk")" = 0 ] ||
			fail "srv$n: REPORT LUNS lists $(export_report_luns "$disk" | tr '\n' ' ')"
	done
	[ "$(printf '%s\n' "${naas[@]}" | sort -u | wc -l)" = 4 ] ||
		fail "NAAs are not distinct: ${naas[*]}"

	# A second datafile on srv1 is LUN 1; REPORT LUNS says so at once,
	# the disk appears with a rescan.
	out=$(pvfs-lun-export request --config "$TMPDIR/srv1.conf" export \
		--fs-id $EXPORT_FS_ID --size $lun_size 2097153) || fail "second export failed"
	[ "$out" = "2097153 1" ] || fail "second export printed '$out'"
	[ "$(export_report_luns "$(export_disk 1 0)" | tr '\n' ' ')" = "0 1 " ] ||
		fail "REPORT LUNS after the second export: $(export_report_luns "$(export_disk 1 0)")"
	iscsiadm -m session --rescan >/dev/null
	export_wait_disks 1 2
	[ "$(export_serial "$(export_disk 1 1)")" = 000000070000000000200001 ] ||
		fail "LUN 1 has serial $(export_serial "$(export_disk 1 1)")"

	# Unexport it: the client drops the disk first, then asks.
	export_forget_disk "$(export_disk 1 1)"
	out=$(pvfs-lun-export request --config "$TMPDIR/srv1.conf" unexport \
		--fs-id $EXPORT_FS_ID 2097153) || fail "unexport failed"
	[ "$out" = "2097153 1" ] || fail "unexport printed '$out'"
	[ "$(export_report_luns "$(export_disk 1 0)")" = 0 ] ||
		fail "REPORT LUNS after unexport: $(export_report_luns "$(export_disk 1 0)")"
	iscsiadm -m session --rescan >/dev/null
	sleep 0.5
	[ "$(export_disks 1 | wc -l)" = 1 ] || fail "LUN 1 came back: $(export_disks 1)"
	# The list agrees, read back from configfs.
	[ "$(pvfs-lun-export list --config "$TMPDIR/srv1.conf" --json | grep -c '"handle"')" = 1 ] ||
		fail "list shows $(pvfs-lun-export list --config "$TMPDIR/srv1.conf")"
	[ "$(pvfs-lun-export list --config "$TMPDIR/srv3.conf" | awk 'NR == 2 { print $5 }')" = 1000 ] ||
		fail "srv3's list does not show the bstream size 1000"
}
