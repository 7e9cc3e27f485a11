#!/bin/bash
# 64 devices at once over 128 null_blk members, all removed, twice (the
# second round reuses the first one's minors and names), then the module
# unloads cleanly (the runner checks the unload).
DESCRIPTION="lifecycle: 64 devices created and removed in a loop"
SMP=2
REQUIRES="null_blk"
# about 30 s on an idle host; a loaded one has taken 4 times that
TIMEOUT=400

test() {
	local round n devs

	modprobe null_blk nr_devices=128 gb=1 || fail "null_blk did not load"
	pvfsf_load
	for round in 1 2; do
		devs=()
		for ((n = 0; n < 64; n++)); do
			devs+=("$(pvfsf-ctl create --fs-id 6 --handle $((round * 1000 + n)) \
				--strip 65536 /dev/nullb$((2 * n)):1 /dev/nullb$((2 * n + 1)):2)") ||
				fail "create $n of round $round failed"
		done
		[ "$(ls -d /sys/block/pvfsf* | wc -l)" = 64 ] || fail "not 64 devices"
		[ "$(pvfsf-ctl list | grep -c pvfsf)" = 64 ] || fail "list does not show 64"
		for n in "${devs[@]}"; do
			pvfsf-ctl remove "$n" || fail "remove $n failed"
		done
		[ -z "$(ls -d /sys/block/pvfsf* 2>/dev/null)" ] || fail "devices left after round $round"
	done
	# leave one device behind on purpose: unloading must remove it
	pvfsf-ctl create --fs-id 6 --handle 1 --strip 65536 /dev/nullb0:1 >/dev/null ||
		fail "create before unload failed"
	pvfsf_unload || fail "module did not unload with a device present"
	modprobe -r null_blk || fail "null_blk still held after unload"
}
