#!/bin/bash
# Not a timed test: prints 4 KiB random-read IOPS at queue depth 32 and
# 1 MiB sequential-read throughput of a pvfsf device and of a dm-stripe
# table over the same four null_blk members with the same 64 KiB chunk,
# both with I/O accounting on (their default), alternated in one guest
# run, and their ratio; then what accounting costs pvfsf: the same device
# with queue/iostats off, against itself with it on.  It fails only if fio
# does.
DESCRIPTION="bench: pvfsf against dm-stripe over the same null_blk members"
REQUIRES="null_blk dm_mod"

RUNTIME=4

# fio_figure DEV JOB: IOPS for randread, KiB/s for read
fio_figure() {
	local dev=$1 job=$2 json="$TMPDIR/fio.json"

	case $job in
	randread) set -- --rw=randread --bs=4k ;;
	seqread) set -- --rw=read --bs=1m ;;
	esac
	fio --name=bench --filename="$dev" --direct=1 --ioengine=libaio \
		--iodepth=32 --time_based --runtime="$RUNTIME" --ramp_time=1 \
		--output-format=json --output="$json" "$@" || return 1
	python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))["jobs"][0]["read"]
print(int(r["iops"] if sys.argv[2] == "randread" else r["bw"]))' "$json" "$job"
}

test() {
	local strip=65536 n job round dev figure sum_p sum_d table iostats key
	local members=(/dev/nullb0 /dev/nullb1 /dev/nullb2 /dev/nullb3)
	declare -A total

	modprobe null_blk nr_devices=4 gb=4 || fail "null_blk did not load"
	pvfsf_load
	table="0 $((4 * 4 * 2 ** 30 / 512)) striped 4 $((strip / 512))"
	for n in "${members[@]}"; do
		table+=" $n 0"
	done
	for round in 1 2; do
		for job in randread seqread; do
			dev=$(pvfsf-ctl create --fs-id 1 --handle 1 --strip $strip \
				"${members[0]}:1" "${members[1]}:2" "${members[2]}:3" "${members[3]}:4") ||
				fail "create failed"
			# accounting on and off, in turn first
			for iostats in $((round % 2)) $(((round + 1) % 2)); do
				echo $iostats >"/sys/block/${dev#/dev/}/queue/iostats"
				figure=$(fio_figure "$dev" $job) || fail "fio $job on $dev failed"
				key=$([ $iostats = 1 ] && echo pvfsf || echo noacct)-$job
				total[$key]=$(( ${total[$key]:-0} + figure ))
			done
			pvfsf-ctl remove "$dev" || fail "remove failed"

			dmsetup create pvfsf-bench --table "$table" || fail "dmsetup create failed"
			dmsetup mknodes pvfsf-bench
			figure=$(fio_figure /dev/mapper/pvfsf-bench $job) ||
				fail "fio $job on dm-stripe failed"
			total[dm-$job]=$(( ${total[dm-$job]:-0} + figure ))
			dmsetup remove pvfsf-bench
		done
	done
	for job in randread seqread; do
		sum_p=${total[pvfsf-$job]}
		sum_d=${total[dm-$job]}
		printf 'bench %-8s pvfsf %10d  dm-stripe %10d  %s  ratio pvfsf/dm %s\n' \
			$job $((sum_p / 2)) $((sum_d / 2)) \
			"$([ $job = randread ] && echo IOPS || echo KiB/s)" \
			"$(python3 -c "print(f'{$sum_p / $sum_d:.2f}')")" | tee -a "$PVFSF_OUT/bench.txt" >&2
	done
	for job in randread seqread; do
		sum_p=${total[pvfsf-$job]}
		sum_d=${total[noacct-$job]}
		printf 'bench %-8s pvfsf iostats on %10d  off %10d  %s  ratio on/off %s\n' \
			$job $((sum_p / 2)) $((sum_d / 2)) \
			"$([ $job = randread ] && echo IOPS || echo KiB/s)" \
			"$(python3 -c "print(f'{$sum_p / $sum_d:.2f}')")" | tee -a "$PVFSF_OUT/bench.txt" >&2
	done
	modprobe -r null_blk
}
