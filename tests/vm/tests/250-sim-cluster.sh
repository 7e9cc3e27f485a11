#!/bin/bash
# pvfs-sim end to end: a cluster of 4 servers, files of an awkward size
# (1,000,003 bytes) put with three strips (64 KiB, 192 KiB, 1 MiB), each
# bstream compared byte for byte with a model of simple_stripe written here
# in Python from the PVFS description (not from pvfsf_stripe.h), bstreams
# present only where data landed, get giving the exact bytes back; the 4
# datafiles of one file exported through the servers' services and logged
# in to with plain iscsiadm: each disk's serial names its handle and its
# contents are its bstream then zeros; truncate through the services while
# exported, to sizes that are and are not multiples of 512 and of the
# strip, then an extension: get gives the prefix, then zeros.
DESCRIPTION="sim: 4 servers, put/get by the model, LUNs equal bstreams, truncate while exported"
TIMEOUT=480
. "$PVFSF_SRC/tests/vm/tests/200-export-common.sh"

# sim_model_check DIR LAYOUT FILE SIZE [absent|empty]: every bstream of
# LAYOUT in cluster DIR holds what simple_stripe puts there of FILE's first
# SIZE bytes (then zeros up to SIZE); a datafile with no byte of it has no
# bstream ("absent", after put) or none or an empty one ("empty", after a
# truncate).
sim_model_check() {
	python3 "$PVFSF_SRC/tests/vm/tests/sim_model_check.py" "$@" ||
		fail "the bstreams of $2 differ from the model (see output)"
}

# sim_get_check DIR LAYOUT FILE SIZE: get returns FILE's first SIZE bytes,
# zeros after FILE's end.
sim_get_check() {
	head -c "$4" "$3" >"$TMPDIR/expected"
	truncate -s "$4" "$TMPDIR/expected"
	pvfs-sim get "$2" --dir "$1" --output "$TMPDIR/got" || fail "get $2 failed"
	cmp "$TMPDIR/expected" "$TMPDIR/got" || fail "get $2 after size $4: bytes differ"
}

# sim_disk IQN LUN: the /dev/sdX of LUN on the session to IQN.
sim_disk() {
	local line path lun s t
	while read -r line; do
		[[ $line == *" -> "*/session*/block/sd* ]] || continue
		path=${line##* -> }
		lun=${path%/block/*}
		lun=${lun##*:}
		s=${path%%/target*}
		s=${s##*/}
		read -r t <"/sys/class/iscsi_session/$s/targetname" || continue
		if [ "$t" = "$1" ] && [ "$lun" = "$2" ]; then
			echo "/dev/${path##*/}"
		fi
	done < <(ls -l /sys/block/)
}

# sim_bstream DIR K HANDLE: the bstream path of HANDLE on server K.  The
# bucket comes from the hex digits: bash arithmetic is signed 64-bit, so
# $((HANDLE % 64)) is wrong above 2^63 (printf %x reads it unsigned).
sim_bstream() {
	local hex
	hex=$(printf '%016x' "$3")
	printf '%s/server%d/storage/00000007/bstreams/%.8d/%08x.bstream' "$1" "$2" $((16#${hex:14:2} % 64)) "$3"
}

test() {
	local sim=$TMPDIR/sim out start k i size h disk lun_size strip
	local -a handles iqns
	export_lio_load
	export_iscsid_start

	start=$EPOCHREALTIME
	out=$(pvfs-sim create --servers 4 --dir "$sim") || fail "create failed"
	echo "create, 4 servers: $(ms_since "$start") ms" | tee -a "$PVFSF_OUT/figures"
	defer sh -c '[ ! -d "$1" ] || pvfs-sim destroy --dir "$1"' sh "$sim"
	echo "$out"
	[ "$(grep -c '^server[1-4] portal 127.0.10.[1-4]:3260 iqn iqn.2026-11.org.pvfsf.sim:server[1-4] service 127.0.10.[1-4]:3263$' <<<"$out")" = 4 ] ||
		fail "create's summary lacks a server line"
	grep -qx "key $sim/cluster.key" <<<"$out" || fail "create's summary names no key"
	[ "$(stat -c %a "$sim/cluster.key")" = 600 ] || fail "the key is not mode 0600"
	[ "$(pvfs-sim info --json --dir "$sim" | grep -c '"running": true')" = 4 ] ||
		fail "info does not show 4 running services: $(pvfs-sim info --dir "$sim")"
	# A second create on the same directory is refused and changes nothing.
	out=$(pvfs-sim create --servers 2 --dir "$sim" 2>&1) && fail "a second create worked"
	[[ $out == *"holds a cluster already"* ]] || fail "second create: $out"

	# Discovery works before anything is exported.
	for k in 1 2 3 4; do
		iqns[k]=iqn.2026-11.org.pvfsf.sim:server$k
		iscsiadm -m discovery -t st -p "127.0.10.$k:3260" | grep -q " ${iqns[k]}$" ||
			fail "discovery on 127.0.10.$k shows no ${iqns[k]}"
	done

	head -c 1000003 /dev/urandom >"$TMPDIR/file"
	for strip in 65536 196608 1048576; do
		start=$EPOCHREALTIME
		pvfs-sim put "$TMPDIR/file" --strip "$strip" --dir "$sim" >"$TMPDIR/layout-$strip.json" ||
			fail "put with strip $strip failed"
		echo "put 1000003 bytes, strip $strip: $(ms_since "$start") ms" | tee -a "$PVFSF_OUT/figures"
		cp "$TMPDIR/layout-$strip.json" "$PVFSF_OUT/"
		pvfs-layout check "$TMPDIR/layout-$strip.json" >/dev/null || fail "put's layout does not check"
		sim_model_check "$sim" "$TMPDIR/layout-$strip.json" "$TMPDIR/file" 1000003 absent
		sim_get_check "$sim" "$TMPDIR/layout-$strip.json" "$TMPDIR/file" 1000003
	done
	# With 1 MiB strips the whole file is datafile 0's: three bstreams absent.
	[ "$(find "$sim"/server*/storage -name '*.bstream' | wc -l)" = $((4 + 4 + 1)) ] ||
		fail "bstreams: $(find "$sim"/server*/storage -name '*.bstream')"
	# Standard input works as FILE.
	pvfs-sim put - --strip 4K --dir "$sim" <"$TMPDIR/file" >"$TMPDIR/layout-stdin.json" ||
		fail "put - failed"
	sim_get_check "$sim" "$TMPDIR/layout-stdin.json" "$TMPDIR/file" 1000003

	# Export the 64 KiB file's 4 datafiles, one per server, and log in.
	mapfile -t handles < <(python3 -c 'import json,sys; [print(d["handle"]) for d in json.load(open(sys.argv[1]))["datafiles"]]' \
		"$TMPDIR/layout-65536.json")
	[ ${#handles[@]} = 4 ] || fail "layout has ${#handles[@]} datafiles"
	python3 -c 'import sys; h=[int(x) for x in sys.argv[1:]]; sys.exit(0 if any(x > 2**63 for x in h) and any(x < 2**63 for x in h) else 1)' \
		"${handles[@]}" || fail "handles do not straddle 2^63: ${handles[*]}"
	lun_size=$(pvfs-layout lun-size --extent 2000000 "$TMPDIR/layout-65536.json") || fail "lun-size failed"
	for k in 1 2 3 4; do
		out=$(pvfs-lun-export request --config "$sim/server$k/server.conf" export \
			--fs-id 7 --size "$lun_size" "${handles[k - 1]}") || fail "export on server$k failed"
		[ "$out" = "${handles[k - 1]} 0" ] || fail "server$k: export printed '$out'"
	done
	start=$EPOCHREALTIME
	for k in 1 2 3 4; do
		iscsiadm -m node -T "${iqns[k]}" -p "127.0.10.$k:3260" --login >/dev/null ||
			fail "login to server$k failed"
		defer sh -c 'iscsiadm -m node -T "$1" -p "$2" --logout >/dev/null 2>&1; true' sh "${iqns[k]}" "127.0.10.$k:3260"
	done
	echo "login, 4 portals: $(ms_since "$start") ms" | tee -a "$PVFSF_OUT/figures"
	for k in 1 2 3 4; do
		for ((i = 0; i < 100; i++)); do
			disk=$(sim_disk "${iqns[k]}" 0)
			[ -n "$disk" ] && break
			sleep 0.1
		done
		[ -n "$disk" ] || fail "server$k: no disk for LUN 0"
		h=${handles[k - 1]}
		[ "$(export_serial "$disk")" = "$(printf '00000007%016x' "$h")" ] ||
			fail "server$k $disk: serial $(export_serial "$disk") does not name handle $h"
		[ "$(cat "/sys/block/${disk#/dev/}/size")" = $((lun_size / 512)) ] ||
			fail "server$k $disk: $(cat "/sys/block/${disk#/dev/}/size") sectors, expected $((lun_size / 512))"
		export_expected "$(sim_bstream "$sim" "$k" "$h")" \
			"$lun_size" "$TMPDIR/expected$k"
		dd if="$disk" of="$TMPDIR/read$k" bs=64K iflag=direct status=none
		cmp "$TMPDIR/expected$k" "$TMPDIR/read$k" ||
			fail "server$k $disk: contents differ from the bstream and zeros"
	done

	# Truncate through the services while exported: 512000 (a multiple of
	# 512, not of the strip), 300001 (of neither), 1500001 (an extension:
	# zeros after the prefix), 196608 (a multiple of the strip), 0.  The
	# local copy "current" is truncated alike: the bytes the file must hold.
	cp "$TMPDIR/file" "$TMPDIR/current"
	for size in 512000 300001 1500001; do
		truncate -s "$size" "$TMPDIR/current"
		pvfs-sim truncate "$TMPDIR/layout-65536.json" "$size" --dir "$sim" ||
			fail "truncate to $size failed"
		sim_model_check "$sim" "$TMPDIR/layout-65536.json" "$TMPDIR/current" "$size" empty
		sim_get_check "$sim" "$TMPDIR/layout-65536.json" "$TMPDIR/current" "$size"
	done
	# Each disk reads its truncated and extended bstream through LIO.
	for k in 1 2 3 4; do
		h=${handles[k - 1]}
		disk=$(sim_disk "${iqns[k]}" 0)
		export_expected "$(sim_bstream "$sim" "$k" "$h")" \
			"$lun_size" "$TMPDIR/expected$k"
		dd if="$disk" of="$TMPDIR/read$k" bs=64K iflag=direct status=none
		cmp "$TMPDIR/expected$k" "$TMPDIR/read$k" || fail "server$k $disk: contents differ after truncate"
	done
	for size in 196608 0; do
		truncate -s "$size" "$TMPDIR/current"
		pvfs-sim truncate "$TMPDIR/layout-65536.json" "$size" --dir "$sim" ||
			fail "truncate to $size failed"
		sim_model_check "$sim" "$TMPDIR/layout-65536.json" "$TMPDIR/current" "$size" empty
		sim_get_check "$sim" "$TMPDIR/layout-65536.json" "$TMPDIR/current" "$size"
	done

	# A layout of another file system is refused.
	sed 's/"fs_id": 7/"fs_id": 8/' "$TMPDIR/layout-65536.json" >"$TMPDIR/foreign.json"
	out=$(pvfs-sim get "$TMPDIR/foreign.json" --dir "$sim" 2>&1 >/dev/null) && fail "get took a foreign layout"
	[[ $out == *"fs_id 8 is not this cluster's (7)"* ]] || fail "foreign layout: $out"

	# Log out, then destroy (timed); 255-sim-destroy checks what is left.
	for k in 1 2 3 4; do
		iscsiadm -m node -T "${iqns[k]}" -p "127.0.10.$k:3260" --logout >/dev/null ||
			fail "logout from server$k failed"
	done
	start=$EPOCHREALTIME
	pvfs-sim destroy --dir "$sim" || fail "destroy failed"
	echo "destroy, 4 servers: $(ms_since "$start") ms" | tee -a "$PVFSF_OUT/figures"
	[ ! -e "$sim" ] || fail "destroy left $sim"
}
