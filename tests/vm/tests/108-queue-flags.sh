#!/bin/bash
# Queue limits that stay true after create: members switched to write-back
# later still get the flushes of an fsync (the device always advertises a
# cache and FUA, as md does); stable writes and non-rotational are stacked
# as dm stacks them; a member that stops taking discard makes the device
# stop advertising it, as dm does.
DESCRIPTION="queue flags: late write-back gets flushes, stacked flags, discard lost at run time"
REQUIRES="scsi_debug"

flushes() {
	awk '{ print $16 }' "/sys/block/$1/stat"
}

q() {
	cat "/sys/block/${1#/dev/}/queue/$2"
}

test() {
	local disks=() d dev i before=()

	pvfsf_load
	modprobe sd_mod
	modprobe scsi_debug dev_size_mb=16 num_tgts=2 lbpu=1 || fail "scsi_debug did not load"
	defer modprobe -r scsi_debug
	read -ra disks <<<"$(scsi_debug_disks 2)"
	[ ${#disks[@]} = 2 ] || fail "scsi_debug gave ${#disks[@]} disks"
	for d in "${disks[@]}"; do
		echo "temporary write through" >/sys/block/$d/device/scsi_disk/*/cache_type
	done
	dev=$(pvfsf-ctl create --fs-id 18 --handle 18 --strip 8192 "/dev/${disks[0]}:1" "/dev/${disks[1]}:2") ||
		fail "create failed"
	[ "$(q "$dev" write_cache)" = "write back" ] && [ "$(q "$dev" fua)" = 1 ] ||
		fail "write cache '$(q "$dev" write_cache)', fua $(q "$dev" fua): not advertised"
	[ "$(q "$dev" rotational)" = 0 ] || fail "rotational over non-rotational members"

	# the members start caching after create: an fsync must reach them
	for d in "${disks[@]}"; do
		echo "temporary write back" >/sys/block/$d/device/scsi_disk/*/cache_type
		before+=("$(flushes "$d")")
	done
	dd if=/dev/urandom of="$dev" bs=8192 count=4 oflag=direct status=none
	python3 -c 'import os, sys; os.fsync(os.open(sys.argv[1], os.O_RDWR))' "$dev" ||
		fail "fsync failed"
	for i in 0 1; do
		[ "$(flushes "${disks[$i]}")" -gt "${before[$i]}" ] ||
			fail "member $i (${disks[$i]}) switched to write-back saw no flush"
	done

	# a member that stops taking discard: the device stops advertising it
	[ "$(q "$dev" discard_max_bytes)" -gt 0 ] || fail "discard not advertised over unmap members"
	echo disabled >/sys/block/${disks[1]}/device/scsi_disk/*/provisioning_mode
	[ "$(q "/dev/${disks[1]}" discard_max_bytes)" = 0 ] || fail "scsi_debug still takes discard"
	# the block layer ends blkdiscard well whatever; the piece to
	# member 1 fails with BLK_STS_NOTSUPP
	blkdiscard "$dev"
	[ "$(q "$dev" discard_max_bytes)" = 0 ] ||
		fail "discard still advertised after a member refused it"
	pvfsf-ctl remove "$dev" || fail "remove failed"

	# stacked flags: one rotational member makes the device rotational, one
	# member with stable writes gives the device stable writes
	loop_members 2 8M
	echo 1 >/sys/block/${LOOPS[0]#/dev/}/queue/rotational
	echo 1 >/sys/block/${LOOPS[1]#/dev/}/queue/stable_writes
	dev=$(pvfsf-ctl create --fs-id 18 --handle 19 --strip 8192 "${SPECS[@]}") ||
		fail "create over loops failed"
	[ "$(q "$dev" rotational)" = 1 ] || fail "not rotational over a rotational member"
	[ "$(q "$dev" stable_writes)" = 1 ] || fail "no stable writes over a member that needs them"
	pvfsf-ctl remove "$dev" || fail "remove failed"
}
