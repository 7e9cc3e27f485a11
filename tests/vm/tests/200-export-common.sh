#!/bin/bash
# pvfs-lun-export in the guest, part 1: the set-up every export test needs,
# checked on its own, and the functions the other 2NN-export tests source
# (". $PVFSF_SRC/tests/vm/tests/200-export-common.sh" after their own
# DESCRIPTION and TIMEOUT; their test() then replaces this file's).
#
# Checks: LIO and the initiator come up by hand (no systemd); serve refuses
# to start without a key file or with one others can read, naming the mode;
# a target with no LUN exported shows the initiator no disk at all (LIO
# answers REPORT LUNS with a virtual LUN 0 that is "not connected"); a
# first export appears as LUN 0 after a session rescan.
# Its own description and limit, which a test that sources this file after
# setting its own keeps (a plain TIMEOUT=120 here gave every 2NN test 120 s).
: "${DESCRIPTION:=export: LIO and iscsid by hand; serve refuses bad keys; an empty target shows no disk}"
: "${TIMEOUT:=180}"

EXPORT_FS_ID=7
EXPORT_COLL=00000007

# export_key: a cluster key in $TMPDIR/cluster.key.
export_key() {
	pvfs-lun-export keygen "$TMPDIR/cluster.key" || fail "keygen failed"
}

# export_server N [FS_ID...]: server srvN: an address on lo, a storage dir
# with the collections' bstreams dirs, $TMPDIR/srvN.conf; torn down at
# the end.
export_server() {
	local n=$1 fs
	shift
	ip addr add "127.0.10.$n/32" dev lo || fail "cannot add 127.0.10.$n to lo"
	defer ip addr del "127.0.10.$n/32" dev lo
	for fs in "${@:-$EXPORT_FS_ID}"; do
		mkdir -p "$TMPDIR/srv$n/$(printf %08x "$fs")/bstreams"
	done
	cat >"$TMPDIR/srv$n.conf" <<-EOC
		# server $n of the test cluster
		server = srv$n
		storage = $TMPDIR/srv$n
		portal = 127.0.10.$n:3260
		listen = 127.0.10.$n:3263
		key-file = $TMPDIR/cluster.key
	EOC
	defer pvfs-lun-export teardown --config "$TMPDIR/srv$n.conf"
}

export_iqn() { echo "iqn.2025-11.org.pvfsf:export.srv$1"; }

# export_bstream N HANDLE: the path of a bstream of server N.
export_bstream() {
	local h=$2
	printf '%s/srv%s/%s/bstreams/%08d/%08x.bstream' "$TMPDIR" "$1" "$EXPORT_COLL" $((h % 64)) "$h"
}

# export_serve N: srvN's request service in the background, its log in
# $PVFSF_OUT/srvN.log; returns once it answers.
export_serve() {
	local i
	background pvfs-lun-export serve --config "$TMPDIR/srv$1.conf" 2>>"$PVFSF_OUT/srv$1.log"
	EXPORT_SERVE_PID=$!
	for ((i = 0; i < 100; i++)); do
		pvfs-lun-export request --config "$TMPDIR/srv$1.conf" list >/dev/null 2>&1 && return 0
		kill -0 "$EXPORT_SERVE_PID" 2>/dev/null || fail "serve of srv$1 exited: $(tail -n1 "$PVFSF_OUT/srv$1.log")"
		sleep 0.1
	done
	fail "serve of srv$1 does not answer"
}

# export_login N: discovery and login on srvN's portal, logout at the end.
export_login() {
	local portal=127.0.10.$1:3260
	iscsiadm -m discovery -t st -p "$portal" >/dev/null || fail "discovery on $portal failed"
	iscsiadm -m node -T "$(export_iqn "$1")" -p "$portal" --login >/dev/null ||
		fail "login to $(export_iqn "$1") at $portal failed"
	defer export_logout "$1"
}

# export_logout N: logout from srvN, once udevd has finished probing its
# disks: a probe still reading a disk that the logout removes fails with
# "Buffer I/O error", which fails the run.
export_logout() {
	udevadm settle --timeout=30
	iscsiadm -m node -T "$(export_iqn "$1")" -p "127.0.10.$1:3260" --logout
}

# export_disks N: "LUN /dev/sdX" per disk of srvN's session.  One exec
# (ls) for all disks: under TCG every exec costs 40-150 ms or more.
export_disks() {
	local iqn=iqn.2025-11.org.pvfsf:export.srv$1 line path lun s t
	while read -r line; do
		# sdb -> ../devices/platform/host0/session1/target0:0:0/0:0:0:1/block/sdb
		[[ $line == *" -> "*/session*/block/sd* ]] || continue
		path=${line##* -> }
		lun=${path%/block/*}
		lun=${lun##*:}
		s=${path%%/target*}
		s=${s##*/}
		read -r t <"/sys/class/iscsi_session/$s/targetname" || continue
		if [ "$t" = "$iqn" ]; then
			echo "$lun /dev/${path##*/}"
		fi
	done < <(ls -l /sys/block/)
}

# export_wait_disks N COUNT: until srvN's session shows COUNT disks.
export_wait_disks() {
	local i disks
	for ((i = 0; i < 100; i++)); do
		mapfile -t disks < <(export_disks "$1")
		[ ${#disks[@]} = "$2" ] && return 0
		sleep 0.1
	done
	fail "srv$1: ${#disks[@]} disks, expected $2"
}

# export_disk N LUN: srvN's /dev/sdX for LUN.
export_disk() {
	local lun dev
	while read -r lun dev; do
		if [ "$lun" = "$2" ]; then
			echo "$dev"
		fi
	done < <(export_disks "$1")
}

# export_serial DEV: the unit serial (VPD page 0x80) the initiator read:
# the page without its 4-byte header (NULs dropped, so 2 bytes are left)
# and without the serial's NUL.
export_serial() {
	local page
	page=$(tr -d '\0' <"/sys/block/${1#/dev/}/device/vpd_pg80")
	echo "${page:2}"
}

# export_naa DEV: the NAA designator of VPD page 0x83, as sg_vpd prints it.
export_naa() {
	local line next=0
	while read -r line; do
		if [ $next = 1 ]; then
			echo "${line%% *}"
			return 0
		fi
		if [[ $line == "designator type: NAA"* ]]; then
			next=1
		fi
	done < <(sg_vpd -p di "$1")
}

# export_report_luns DEV: the LUNs REPORT LUNS lists, one decimal a line.
# LIO encodes each with Linux's int_to_scsilun() (16 bits per level, no
# address method), decoded here as scsilun_to_int() does.  The first
# command after a LUN change may meet the unit attention REPORTED LUNS
# DATA HAS CHANGED: ask again then.  Read-only: closing a disk opened for
# writing makes udevd probe it again (its inotify watch), and a probe that
# a logout interrupts fails the run with "Buffer I/O error".
export_report_luns() {
	local out i h
	for i in 1 2 3; do
		out=$(sg_luns -R -m 16384 -q "$1" 2>/dev/null) && break
	done
	for h in $out; do
		[[ $h =~ ^[0-9a-f]{16}$ ]] || continue
		echo $((16#${h:0:4} | 16#${h:4:4} << 16 | 16#${h:8:4} << 32 | 16#${h:12:4} << 48))
	done | sort -n
}

# export_forget_disk DEV: what a client does before a LUN goes: remove the
# SCSI device (a session rescan adds LUNs, it never removes them).  After
# udevd's probes, as in export_logout: closing a disk written to makes
# udevd read it again.
export_forget_disk() {
	udevadm settle --timeout=30
	echo 1 >"/sys/block/${1#/dev/}/device/delete"
}

# export_expected BSTREAM SIZE OUT: the bytes a LUN of SIZE over BSTREAM
# must read: the bstream (or nothing, if absent), then zeros.
export_expected() {
	if [ -f "$1" ]; then head -c "$2" "$1" >"$3"; else : >"$3"; fi
	truncate -s "$2" "$3"
}

test() {
	local out disk d
	export_lio_load
	export_iscsid_start

	# No key file, then a key file others can read: refused, saying why.
	export_server 1
	out=$(pvfs-lun-export serve --config "$TMPDIR/srv1.conf" 2>&1) &&
		fail "serve started without a key file"
	[[ $out == *"cannot open"* ]] || fail "no key file: unexpected message: $out"
	export_key
	chmod 0644 "$TMPDIR/cluster.key"
	out=$(pvfs-lun-export serve --config "$TMPDIR/srv1.conf" 2>&1) &&
		fail "serve started with a key file of mode 0644"
	[[ $out == *"mode 0644"* ]] || fail "mode 0644 key: unexpected message: $out"
	chmod 0600 "$TMPDIR/cluster.key"

	# An empty target: export one datafile, unexport it, log in.
	pvfs-lun-export export --config "$TMPDIR/srv1.conf" --fs-id $EXPORT_FS_ID --size 64K 5 >/dev/null ||
		fail "export failed"
	pvfs-lun-export unexport --config "$TMPDIR/srv1.conf" --fs-id $EXPORT_FS_ID 5 >/dev/null ||
		fail "unexport failed"
	[ -d "/sys/kernel/config/target/iscsi/$(export_iqn 1)/tpgt_1" ] ||
		fail "the target went with its last LUN"
	export_login 1
	sleep 1
	[ -z "$(export_disks 1)" ] || fail "an empty target shows disks: $(export_disks 1)"
	for d in /sys/class/scsi_device/*; do
		[ -e "$d" ] || continue
		[[ $(readlink -f "$d") == */session* ]] && fail "an empty target shows SCSI device ${d##*/}"
	done

	# The first export is LUN 0 and appears with a rescan.
	[ "$(pvfs-lun-export export --config "$TMPDIR/srv1.conf" --fs-id $EXPORT_FS_ID --size 64K 6)" = "6 0" ] ||
		fail "first export is not LUN 0"
	iscsiadm -m session --rescan >/dev/null
	export_wait_disks 1 1
	disk=$(export_disk 1 0)
	[ "$(export_serial "$disk")" = 000000070000000000000006 ] ||
		fail "LUN 0 has serial $(export_serial "$disk")"
	[ "$(export_report_luns "$disk")" = 0 ] || fail "REPORT LUNS: $(export_report_luns "$disk")"
	[ "$(cat "/sys/block/${disk#/dev/}/size")" = 128 ] || fail "LUN 0 is not 64 KiB"
}
