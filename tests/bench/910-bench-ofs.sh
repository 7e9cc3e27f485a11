#!/bin/bash
# Not a timed test: the same file of a real OrangeFS of 4 servers (strip
# 64 KiB), read and written with O_DIRECT through the OrangeFS mount (the
# pvfs2-client-core path) and through /dev/pvfsfN, job by job, interleaved
# (the order alternates per round), 3 rounds, medians and their ratio, and
# pvfs2-client-core's CPU time during each job.  Then what opening costs on
# a real cluster: cold attach, warm attach, detach.  The figures go to
# bench.txt (tests/bench/run prints them).  It fails if an attach, fio or
# the data does: the device must read what OrangeFS wrote, and at the end
# the mount and the device must read the same bytes.
DESCRIPTION="bench: OrangeFS mount against /dev/pvfsfN, same file, 4 servers, 3 interleaved rounds"
REQUIRES="pvfsf target_core_mod iscsi_target_mod target_core_file iscsi_tcp"
ORANGEFS=1
TIMEOUT=600
. "$PVFSF_SRC/tests/vm/guest/orangefs.sh"
. "$PVFSF_SRC/tests/vm/guest/ofs_fastpath.sh"

RUNTIME=${PVFSF_BENCH_RUNTIME:-3}
ROUNDS=3
SIZE_MB=32
# name: fio arguments.  1 MiB jobs are sequential at queue depth 1 (as dd
# or cp would), 4 KiB jobs random at queue depth 1 and 16, all libaio.
JOBS=(read1m write1m randread4k-qd1 randread4k-qd16 randwrite4k-qd1 randwrite4k-qd16)
declare -A JOB_ARGS=(
	[read1m]="--rw=read --bs=1m --iodepth=1"
	[write1m]="--rw=write --bs=1m --iodepth=1"
	[randread4k-qd1]="--rw=randread --bs=4k --iodepth=1"
	[randread4k-qd16]="--rw=randread --bs=4k --iodepth=16"
	[randwrite4k-qd1]="--rw=randwrite --bs=4k --iodepth=1"
	[randwrite4k-qd16]="--rw=randwrite --bs=4k --iodepth=16"
)

bench() { echo "$*" | tee -a "$PVFSF_OUT/bench.txt" >&2; }

# core_ticks: pvfs2-client-core's user + system time, in clock ticks.
core_ticks() {
	local s
	s=$(<"/proc/$CORE_PID/stat") || fail "pvfs2-client-core ($CORE_PID) is gone"
	s=${s##*) }
	set -- $s
	# after "pid (comm) ": state is $1, utime $12, stime $13
	echo $((${12} + ${13}))
}

# guest_cpu: the guest's CPU time so far, from /proc/stat: "busy softirq
# total" in ticks.
guest_cpu() {
	local cpu user nice sys idle iowait irq sirq rest
	read -r cpu user nice sys idle iowait irq sirq rest </proc/stat
	echo "$((user + nice + sys + irq + sirq)) $sirq $((user + nice + sys + idle + iowait + irq + sirq))"
}

# run_job JOB PATH [FIO-ARG...]: one fio run; prints "FIGURE CPU_MS BUSY
# SOFTIRQ", FIGURE in IOPS for 4 KiB jobs, MiB/s for 1 MiB jobs, CPU_MS
# pvfs2-client-core's CPU time, BUSY and SOFTIRQ the guest's CPUs' share
# busy and in softirq (percent).
run_job() {
	local job=$1 path=$2 json=$TMPDIR/fio.json before after gb ga
	shift 2
	before=$(core_ticks)
	gb=$(guest_cpu)
	# shellcheck disable=SC2086
	fio --name="$job" --filename="$path" --direct=1 --ioengine=libaio \
		--size=${SIZE_MB}m --time_based --runtime="$RUNTIME" --fallocate=none \
		--randrepeat=0 --norandommap --output-format=json --output="$json" \
		${JOB_ARGS[$job]} "$@" >"$TMPDIR/fio.out" 2>&1 ||
		fail "fio $job on $path failed: $(tail -n2 "$TMPDIR/fio.out" "$json" | tr '\n' ' ')"
	ga=$(guest_cpu)
	after=$(core_ticks)
	python3 - "$json" "$job" $(((after - before) * 1000 / TICK)) $gb $ga <<-'PY' || fail "fio $job on $path: bad result"
		import json, sys
		path, job, cpu = sys.argv[1], sys.argv[2], sys.argv[3]
		b0, s0, t0, b1, s1, t1 = map(int, sys.argv[4:10])
		j = json.load(open(path))["jobs"][0]
		d = j["write" if "write" in job else "read"]
		if j["error"] or d["total_ios"] <= 0:
		    sys.exit("fio error %d, %d I/Os" % (j["error"], d["total_ios"]))
		t = max(t1 - t0, 1)
		print("%.1f %s %d %d" % (d["bw"] / 1024 if "1m" in job else d["iops"], cpu,
		                         100 * (b1 - b0) // t, 100 * (s1 - s0) // t))
	PY
}

median() { printf '%s\n' "$@" | sort -g | sed -n "$((($# + 1) / 2))p"; }

test() {
	local f dev model layout start k job round i path r fig cpu busy sirq order member
	declare -A figs cpus
	local cold warm=() detach=()
	TICK=$(getconf CLK_TCK)

	start=$EPOCHREALTIME
	ofs_cluster 4 --strip 65536
	ofs_fastpath_setup
	ofs_time "cluster and fast path set up" "$start"
	CORE_PID=$(pgrep -s "$_OFS_CLIENT_PID" -x pvfs2-client-co | head -n1)
	[ -n "$CORE_PID" ] || fail "no pvfs2-client-core"

	f=$OFS_MNT/bench
	model=$TMPDIR/bench.model
	head -c $((SIZE_MB << 20)) /dev/urandom >"$model"
	start=$EPOCHREALTIME
	cp "$model" "$f" || fail "cp into the mount failed"
	sync
	ofs_time "cp of $SIZE_MB MiB into the mount" "$start"

	ofs_servers_json "$TMPDIR/servers.json"
	layout=$TMPDIR/bench.json
	pvfs-layout from-orangefs --fs-conf "$OFS_CONF" --servers "$TMPDIR/servers.json" "$f" >"$layout" ||
		fail "pvfs-layout from-orangefs $f failed"
	cp "$layout" "$TMPDIR/servers.json" "$PVFSF_OUT/"

	# What opening costs: a cold attach (4 logins), then detach and warm
	# attach three times; the last device stays for the jobs.
	bench "open cost, a file of $SIZE_MB MiB over 4 OrangeFS servers (strip 64 KiB):"
	start=$EPOCHREALTIME
	dev=$(pvfs-stripe-attach attach "$layout" --verbose 2>"$TMPDIR/steps") ||
		fail "cold attach failed: $(tail -n1 "$TMPDIR/steps")"
	cold=$(ms_since "$start")
	sed 's/^pvfs-stripe-attach attach: /  cold: /' "$TMPDIR/steps" >>"$PVFSF_OUT/bench.txt"
	# The device reads what OrangeFS wrote.
	dd if="$dev" iflag=direct bs=1M status=none | cmp - "$model" ||
		fail "$dev does not read the $SIZE_MB MiB written through the mount"
	for i in 1 2 3; do
		start=$EPOCHREALTIME
		pvfs-stripe-attach detach "$dev" || fail "detach $dev failed"
		detach+=("$(ms_since "$start")")
		start=$EPOCHREALTIME
		dev=$(pvfs-stripe-attach attach "$layout" --verbose 2>"$TMPDIR/steps") ||
			fail "warm attach failed: $(tail -n1 "$TMPDIR/steps")"
		warm+=("$(ms_since "$start")")
		sed "s/^pvfs-stripe-attach attach: /  warm $i: /" "$TMPDIR/steps" >>"$PVFSF_OUT/bench.txt"
	done
	bench "  cold attach $cold ms; warm attach median $(median "${warm[@]}") ms (${warm[*]}); detach median $(median "${detach[@]}") ms (${detach[*]})"

	# What the 1 MiB read path looks like (for docs/design.md).
	{
		echo "member disks of $dev:"
		for k in /sys/block/"${dev#/dev/}"/slaves/*; do
			k=${k##*/}
			echo "  $k: max_sectors_kb $(cat /sys/block/$k/queue/max_sectors_kb) max_hw_sectors_kb $(cat /sys/block/$k/queue/max_hw_sectors_kb) read_ahead_kb $(cat /sys/block/$k/queue/read_ahead_kb) nr_requests $(cat /sys/block/$k/queue/nr_requests) scheduler $(cat /sys/block/$k/queue/scheduler)"
		done
		echo "$dev: max_sectors_kb $(cat /sys/block/${dev#/dev/}/queue/max_sectors_kb) read_ahead_kb $(cat /sys/block/${dev#/dev/}/queue/read_ahead_kb)"
		for k in /sys/class/iscsi_connection/*/; do
			echo "  ${k%/}: max_recv_dlength $(cat $k/max_recv_dlength) max_xmit_dlength $(cat $k/max_xmit_dlength)"
		done
		for k in /sys/class/iscsi_session/*/; do
			echo "  ${k%/}: max_burst_len $(cat $k/max_burst_len) first_burst_len $(cat $k/first_burst_len) initial_r2t $(cat $k/initial_r2t) immediate_data $(cat $k/immediate_data)"
		done
		for k in /sys/kernel/config/target/core/fileio_*/*/info; do
			echo "  $k: $(tr -s ' \n' ' ' <"$k")"
		done
	} >>"$PVFSF_OUT/bench.txt" 2>&1 || true

	bench "jobs: fio O_DIRECT libaio, ${RUNTIME} s each, on a $SIZE_MB MiB file; $ROUNDS rounds, mount and device alternating first"
	for ((round = 1; round <= ROUNDS; round++)); do
		for job in "${JOBS[@]}"; do
			order="mount device"
			[ $((round % 2)) = 1 ] || order="device mount"
			for path in $order; do
				if [ $path = mount ]; then
					ofs_drop_caches
					r=$(run_job "$job" "$f")
				else
					if [ $job = read1m ]; then
						for k in /sys/block/"${dev#/dev/}"/slaves/*; do
							cat "$k/stat"
						done >"$TMPDIR/stat.before"
					fi
					r=$(run_job "$job" "$dev")
					if [ $job = read1m ]; then
						for k in /sys/block/"${dev#/dev/}"/slaves/*; do
							cat "$k/stat"
						done >"$TMPDIR/stat.after"
						# reads completed, merged, sectors: the size of a member request
						paste "$TMPDIR/stat.before" "$TMPDIR/stat.after" | awk -v r=$round '{
							n = $18 - $1; m = $19 - $2; s = $20 - $3
							printf "  round %d read1m member: %d reads (%d merged), %.0f KiB each\n", r, n, m, n ? s / 2 / n : 0 }' \
							>>"$PVFSF_OUT/bench.txt"
					fi
				fi
				read -r fig cpu busy sirq <<<"$r"
				figs[$job.$path]+=" $fig"
				cpus[$job.$path]+=" $cpu"
				echo "round $round $job $path: $fig, client-core ${cpu} ms CPU, guest CPUs ${busy}% busy (${sirq}% softirq)" >>"$PVFSF_OUT/bench.txt"
			done
		done
	done

	# What holds 1 MiB reads back: single runs with one thing changed.
	bench ""
	# (Single runs, beside the medians of the rounds above.)
	bench "1 MiB read diagnosis (single runs; MiB/s, client-core ms, guest busy %, softirq %):"
	member=$(ls /sys/block/"${dev#/dev/}"/slaves | head -n1)
	bench "  device read 1m QD4:            $(run_job read1m "$dev" --iodepth=4)"
	bench "  device read 4m QD1:            $(run_job read1m "$dev" --bs=4m)"
	bench "  one member ($member) read 256k QD1: $(run_job read1m "/dev/$member" --bs=256k --size=8m)"
	ofs_drop_caches
	bench "  mount read 4m QD1:             $(run_job read1m "$f" --bs=4m)"

	# The two paths read the same bytes at the end: every write of both
	# went to the same bstreams, inside the file's size.
	ofs_drop_caches
	dd if="$dev" iflag=direct bs=1M status=none | cmp - "$f" ||
		fail "after the jobs, $dev and the mount read different bytes"
	start=$EPOCHREALTIME
	pvfs-stripe-attach detach "$dev" || fail "detach $dev failed"
	detach+=("$(ms_since "$start")")

	bench ""
	bench "$(printf '%-17s %10s %10s %7s %12s %12s' job mount device dev/mnt 'core ms mnt' 'core ms dev')"
	for job in "${JOBS[@]}"; do
		local m d cm cd unit
		# shellcheck disable=SC2086
		m=$(median ${figs[$job.mount]}) d=$(median ${figs[$job.device]})
		# shellcheck disable=SC2086
		cm=$(median ${cpus[$job.mount]}) cd=$(median ${cpus[$job.device]})
		unit=IOPS
		[[ $job != *1m ]] || unit=MiB/s
		bench "$(printf '%-17s %10s %10s %7s %12s %12s  %s' "$job" "$m" "$d" \
			"$(python3 -c "print(f'{$d / $m:.2f}' if $m else 'inf')")" "$cm" "$cd" "$unit")"
	done
	bench "(medians of $ROUNDS; client-core ms: CPU time of pvfs2-client-core during the ${RUNTIME} s job)"
	bench "detach median $(median "${detach[@]}") ms (${detach[*]})"
}
