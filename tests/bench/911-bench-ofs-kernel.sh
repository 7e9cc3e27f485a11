#!/bin/bash
# Not a timed test: fio through the OrangeFS mount of pvfsf's orangefs.ko
# (4 servers, strip 64 KiB), on two files of the same size and layout, one
# with its /dev/pvfsfN attached (fast path on), one without (off: every
# I/O through the client daemon), job by job, interleaved (the order
# alternates per round), 3 rounds, medians and their ratio.  O_DIRECT and
# buffered (fsync at the end; the page cache dropped before reads).  The
# figures go to bench.txt (tests/bench/run prints them).  It fails if an
# attach or fio does, or if the two files end with other bytes than the
# device and the mount read.
DESCRIPTION="bench: fio through the OrangeFS mount, fast path on and off, 3 interleaved rounds"
REQUIRES="pvfsf target_core_mod iscsi_target_mod target_core_file iscsi_tcp"
ORANGEFS=1
TIMEOUT=600
. "$PVFSF_SRC/tests/vm/guest/orangefs.sh"
. "$PVFSF_SRC/tests/vm/guest/ofs_fastpath.sh"

RUNTIME=${PVFSF_BENCH_RUNTIME:-3}
ROUNDS=3
SIZE_MB=32
JOBS=(read1m-direct write1m-direct randread4k-direct randwrite4k-direct read1m-buffered write1m-buffered)
declare -A JOB_ARGS=(
	[read1m-direct]="--direct=1 --rw=read --bs=1m"
	[write1m-direct]="--direct=1 --rw=write --bs=1m"
	[randread4k-direct]="--direct=1 --rw=randread --bs=4k"
	[randwrite4k-direct]="--direct=1 --rw=randwrite --bs=4k"
	[read1m-buffered]="--direct=0 --rw=read --bs=1m"
	[write1m-buffered]="--direct=0 --rw=write --bs=1m --end_fsync=1"
)

bench() { echo "$*" | tee -a "$PVFSF_OUT/bench.txt" >&2; }

# run_job JOB PATH: one fio run, queue depth 1 (psync); prints IOPS for
# 4 KiB jobs, MiB/s for 1 MiB jobs.
run_job() {
	local job=$1 path=$2 json=$TMPDIR/fio.json
	# shellcheck disable=SC2086
	fio --name="$job" --filename="$path" --ioengine=psync --size=${SIZE_MB}m \
		--time_based --runtime="$RUNTIME" --fallocate=none --randrepeat=0 \
		--norandommap --output-format=json --output="$json" ${JOB_ARGS[$job]} \
		>"$TMPDIR/fio.out" 2>&1 ||
		fail "fio $job on $path failed: $(tail -n2 "$TMPDIR/fio.out" "$json" | tr '\n' ' ')"
	python3 - "$json" "$job" <<-'PY' || fail "fio $job on $path: bad result"
		import json, sys
		j = json.load(open(sys.argv[1]))["jobs"][0]
		d = j["write" if "write" in sys.argv[2] else "read"]
		if j["error"] or d["total_ios"] <= 0:
		    sys.exit("fio error %d, %d I/Os" % (j["error"], d["total_ios"]))
		print("%.1f" % (d["bw"] / 1024 if "1m" in sys.argv[2] else d["iops"]))
	PY
}

median() { printf '%s\n' "$@" | sort -g | sed -n "$((($# + 1) / 2))p"; }

test() {
	local on off dev job round order which path fig m o start
	declare -A figs
	start=$EPOCHREALTIME
	ofs_cluster 4 --strip 65536
	ofs_fastpath_setup
	ofs_time "cluster and fast path set up" "$start"
	on=$OFS_MNT/on
	off=$OFS_MNT/off
	head -c $((SIZE_MB << 20)) /dev/urandom >"$TMPDIR/model"
	cp "$TMPDIR/model" "$on" || fail "cp into the mount failed"
	cp "$TMPDIR/model" "$off" || fail "cp into the mount failed"
	dev=$(pvfs-stripe-attach attach "$on" --extent $((SIZE_MB << 20)) 2>"$TMPDIR/attach.err") ||
		fail "attach failed: $(tail -n1 "$TMPDIR/attach.err")"

	bench "fio through the mount (psync, QD1, ${RUNTIME} s each) on two files of $SIZE_MB MiB, 4 servers, strip 64 KiB: 'on' attached to $dev, 'off' not; $ROUNDS rounds, alternating which goes first"
	for ((round = 1; round <= ROUNDS; round++)); do
		for job in "${JOBS[@]}"; do
			order="on off"
			[ $((round % 2)) = 1 ] || order="off on"
			for which in $order; do
				path=$on
				[ "$which" = on ] || path=$off
				[[ $job != read* ]] || ofs_drop_caches
				fig=$(run_job "$job" "$path")
				figs[$job.$which]+=" $fig"
				echo "round $round $job $which: $fig" >>"$PVFSF_OUT/bench.txt"
			done
		done
	done

	# The same bytes through the device and through the mount.
	ofs_drop_caches
	dd if="$dev" iflag=direct bs=1M count=$SIZE_MB status=none | cmp - "$on" ||
		fail "after the jobs, $dev and the mount read different bytes"
	pvfs-stripe-attach detach "$on" || fail "detach $on failed"

	bench ""
	bench "$(printf '%-20s %10s %10s %7s' job off on on/off)"
	for job in "${JOBS[@]}"; do
		# shellcheck disable=SC2086
		o=$(median ${figs[$job.off]}) m=$(median ${figs[$job.on]})
		bench "$(printf '%-20s %10s %10s %7s  %s' "$job" "$o" "$m" \
			"$(python3 -c "print(f'{$m / $o:.2f}' if $o else 'inf')")" \
			"$([[ $job == *1m* ]] && echo MiB/s || echo IOPS)")"
	done
	bench "(medians of $ROUNDS)"
}
