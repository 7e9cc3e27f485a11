# A real OrangeFS cluster in the guest, for the VM tests 500-549.  Source it
# from a test that has the line ORANGEFS=1 (tests/vm/boot then builds
# OrangeFS on the host, tests/lib/orangefs.sh, and shares its prefix):
#
#     ORANGEFS=1
#     . "$PVFSF_SRC/tests/vm/guest/orangefs.sh"
#     test() {
#         ofs_cluster 4 --strip 65536        # servers, client, mount
#         cp file "$OFS_MNT/f"
#     }
#
# ofs_cluster N [--strip BYTES] [--stuffing yes|no|server]
#   starts N pvfs2-server processes on 127.0.0.1 ports 3334.. (all data
#   servers, the first also the only metadata server), pvfs2-client and
#   a mount of the file system at $OFS_MNT through orangefs.ko: by default
#   the one built with pvfsf's patches (blk/orangefs/series), which sends a
#   file's aligned I/O to its /dev/pvfsfN; with OFS_MODULE=stock set before
#   ofs_cluster, the guest kernel's own.  --strip sets simple_stripe's strip size (default: OrangeFS's,
#   64 KiB); --stuffing writes "FileStuffing yes|no" (pvfs2-genconfig
#   writes "no" for this cluster, one metadata server of four) or, with
#   "server", no FileStuffing line at all: the server's default, which
#   stuffs new files.  Everything is torn down when the test ends (defer).
#
# After it:
#   OFS_PREFIX     the install; its bin and sbin are in PATH
#   OFS_DIR        the cluster's directory ($OFS_DIR/ALIAS/{data,meta,server.log})
#   OFS_CONF       fs.conf
#   OFS_MNT        the mount point
#   OFS_FSID       the file system id (fs.conf's ID, also statfs's f_fsid)
#   OFS_ALIASES    the servers' aliases, port order (127.0.0.1_tcp3334 ...)
#   PVFS2TAB_FILE  exported: the pvfs2tab the user-space tools (pvfs2-cp,
#                  pvfs2-ping, pvfs2-fsck) read
# and ofs_servers_stop / ofs_servers_start stop and start the servers
# (the client and the mount stay), ofs_fsck_clean runs pvfs2-fsck,
# OFS_TIMES has the figures.

OFS_FSNAME=orangefs
OFS_PORT=3334

# ofs_require: OrangeFS is there, or the test skips (fails under CI, or
# when the build failed), with one line saying how to provide one.
ofs_require() {
	[ -z "${OFS_PREFIX:-}" ] || return 0
	local conf=$PVFSF_RESULTS/orangefs.conf
	ORANGEFS_PREFIX='' ORANGEFS_MISSING='' ORANGEFS_REQUIRED='' ORANGEFS_BROKEN=''
	ORANGEFS_KMOD='' ORANGEFS_KMOD_MISSING=''
	if [ ! -f "$conf" ]; then
		fail "no $conf: the test lacks the line ORANGEFS=1 that makes tests/vm/boot provide OrangeFS"
	fi
	. "$conf"
	if [ -z "$ORANGEFS_PREFIX" ]; then
		[ -z "$ORANGEFS_REQUIRED$ORANGEFS_BROKEN" ] || fail "$ORANGEFS_MISSING"
		skip "$ORANGEFS_MISSING"
	fi
	[ -x "$ORANGEFS_PREFIX/sbin/pvfs2-server" ] ||
		fail "$ORANGEFS_PREFIX/sbin/pvfs2-server is not there in the guest"
	OFS_PREFIX=$ORANGEFS_PREFIX
	PATH=$PATH:$OFS_PREFIX/bin:$OFS_PREFIX/sbin
	# The tools of a --enable-shared build link libpvfs2.so and carry no
	# run path to it.
	export LD_LIBRARY_PATH=$OFS_PREFIX/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
	case ${OFS_MODULE:=pvfsf} in
	stock) modinfo orangefs >/dev/null 2>&1 || skip "this kernel has no orangefs.ko" ;;
	pvfsf) [ -n "$ORANGEFS_KMOD" ] || fail "no patched orangefs.ko: $ORANGEFS_KMOD_MISSING" ;;
	*) fail "OFS_MODULE=$OFS_MODULE: neither pvfsf nor stock" ;;
	esac
}

# _ofs_load_module: the orangefs.ko OFS_MODULE names, checked to be the
# one that runs: the patched one has the fast path's function, the
# kernel's own has not (Debian's modules carry no srcversion to compare).
_ofs_load_module() {
	local has=0
	if [ "$OFS_MODULE" = stock ]; then
		modprobe orangefs || fail "modprobe orangefs failed"
	else
		insmod "$ORANGEFS_KMOD" || fail "insmod $ORANGEFS_KMOD failed"
	fi
	grep -q ' orangefs_pvfsf_io	\[orangefs\]$' /proc/kallsyms && has=1
	[ $has = "$([ "$OFS_MODULE" = pvfsf ] && echo 1 || echo 0)" ] ||
		fail "the orangefs.ko loaded is not the $OFS_MODULE one"
	echo "orangefs.ko: $OFS_MODULE"
}

# Teardown runs in the EXIT trap, where fail's exit would skip the deferred
# commands still to come: a teardown step records why and returns 1, and
# _ofs_final, deferred first so that it runs last, makes that a failure.
# (Called from test(), the return 1 fails the test through set -e.)
_OFS_TEARDOWN_FAILED=
_ofs_teardown_fail() {
	_pvfsf_reason FAIL "$*"
	_OFS_TEARDOWN_FAILED=1
	return 1
}
_ofs_final() {
	[ -z "$_OFS_TEARDOWN_FAILED" ] || exit 1
}

# ofs_time WHAT START: record a figure, "WHAT: N ms", in $PVFSF_OUT/figures.
ofs_time() {
	echo "$1: $(ms_since "$2") ms" | tee -a "$PVFSF_OUT/figures"
}

ofs_cluster() {
	local n=$1 strip='' stuffing='' i port start alias
	shift
	while [ $# -gt 0 ]; do
		case $1 in
		--strip) strip=$2; shift 2 ;;
		--stuffing) stuffing=$2; shift 2 ;;
		*) fail "ofs_cluster: unknown option $1" ;;
		esac
	done
	ofs_require
	defer _ofs_final
	OFS_DIR=$TMPDIR/ofs
	OFS_CONF=$OFS_DIR/fs.conf
	OFS_MNT=$TMPDIR/ofs-mnt
	mkdir -p "$OFS_DIR" "$OFS_MNT"
	defer rm -rf "$OFS_DIR"
	local args=(--quiet --protocol tcp --tcpbindspecific
		--iospec "tcp://127.0.0.1:{$OFS_PORT-$((OFS_PORT + n - 1))}"
		--metaspec "tcp://127.0.0.1:$OFS_PORT"
		--storage "$OFS_DIR/data" --metadata "$OFS_DIR/meta"
		--logfile "$OFS_DIR/server.log" --fsname "$OFS_FSNAME")
	[ -z "$strip" ] || args+=(--dist-name simple_stripe --dist-params "strip_size:$strip")
	pvfs2-genconfig "${args[@]}" "$OFS_CONF" >"$OFS_DIR/genconfig.out" 2>&1 ||
		fail "pvfs2-genconfig failed: $(tail -n1 "$OFS_DIR/genconfig.out")"
	# One storage space and log per server (genconfig gives them all the
	# same), and the FileStuffing asked for.
	python3 - "$OFS_CONF" "$OFS_DIR" "$stuffing" <<-'PY' || fail "cannot adapt $OFS_CONF"
		import re, sys
		path, top, stuffing = sys.argv[1:]
		text = open(path).read()
		def server_opts(m):
		    block = m.group(0)
		    alias = re.search(r"^\s*Server\s+(\S+)", block, re.M).group(1)
		    for key, sub in (("DataStorageSpace", "data"), ("MetadataStorageSpace", "meta"),
		                     ("LogFile", "server.log")):
		        block, k = re.subn(r"^(\s*%s\s+).*$" % key, r"\g<1>%s/%s/%s" % (top, alias, sub), block, flags=re.M)
		        assert k == 1, key
		    return block
		text, k = re.subn(r"<ServerOptions>.*?</ServerOptions>", server_opts, text, flags=re.S)
		assert k >= 1
		if stuffing:
		    text, k = re.subn(r"^\s*FileStuffing\s+\S+\n", "", text, flags=re.M)
		    assert k == 1, "no FileStuffing line"
		    if stuffing in ("yes", "no"):
		        text = text.replace("</FileSystem>", "\tFileStuffing %s\n</FileSystem>" % stuffing, 1)
		open(path, "w").write(text)
	PY
	cp "$OFS_CONF" "$PVFSF_OUT/fs.conf"
	OFS_FSID=$(sed -n 's/^[[:space:]]*ID[[:space:]]\+\([0-9]\+\)$/\1/p' "$OFS_CONF" | head -n1)
	[ -n "$OFS_FSID" ] || fail "no fs ID in $OFS_CONF"
	OFS_ALIASES=()
	for ((i = 0; i < n; i++)); do
		port=$((OFS_PORT + i))
		alias=$(sed -n "s|^[[:space:]]*Alias[[:space:]]\+\([^[:space:]]\+\)[[:space:]]\+tcp://127.0.0.1:$port\$|\1|p" "$OFS_CONF")
		[ -n "$alias" ] || fail "fs.conf has no alias for port $port"
		OFS_ALIASES+=("$alias")
		mkdir -p "$OFS_DIR/$alias"
	done
	printf 'tcp://127.0.0.1:%d/%s %s pvfs2 defaults,noauto 0 0\n' "$OFS_PORT" "$OFS_FSNAME" "$OFS_MNT" \
		>"$OFS_DIR/pvfs2tab"
	export PVFS2TAB_FILE=$OFS_DIR/pvfs2tab

	start=$EPOCHREALTIME
	for alias in "${OFS_ALIASES[@]}"; do
		pvfs2-server -f -a "$alias" "$OFS_CONF" >"$OFS_DIR/$alias/mkfs.out" 2>&1 ||
			fail "pvfs2-server -f -a $alias failed: $(tail -n1 "$OFS_DIR/$alias/mkfs.out")"
	done
	ofs_time "storage spaces, $n servers" "$start"
	_OFS_SERVER_PIDS=()
	defer ofs_servers_stop
	ofs_servers_start
	ofs_client_start
}

# ofs_servers_start: start the servers (storage made) and wait until the
# file system answers pvfs2-ping.
ofs_servers_start() {
	local alias start i pid
	start=$EPOCHREALTIME
	_OFS_SERVER_PIDS=()
	for alias in "${OFS_ALIASES[@]}"; do
		pvfs2-server -d -a "$alias" -p "$OFS_DIR/$alias/pid" "$OFS_CONF" \
			>>"$OFS_DIR/$alias/stdout" 2>&1 &
		_OFS_SERVER_PIDS+=($!)
	done
	local deadline=$((SECONDS + 60))
	for ((i = 0; ; i++)); do
		pvfs2-ping -m "$OFS_MNT" >"$OFS_DIR/ping.out" 2>&1 && break
		[ $SECONDS -lt $deadline ] || fail "pvfs2-ping does not succeed after 60 s: $(tail -n2 "$OFS_DIR/ping.out")"
		for pid in "${_OFS_SERVER_PIDS[@]}"; do
			kill -0 "$pid" 2>/dev/null ||
				fail "a pvfs2-server died at start: $(tail -n 3 "$OFS_DIR"/*/server.log | tr '\n' ' ')"
		done
		sleep 0.2
	done
	ofs_time "servers up (pvfs2-ping ok), ${#OFS_ALIASES[@]} servers" "$start"
}

# ofs_servers_stop: SIGTERM every server and wait for it; one that takes
# more than 20 s is killed and that is a failure.
ofs_servers_stop() {
	local pid start i stuck=()
	[ ${#_OFS_SERVER_PIDS[@]} -gt 0 ] || return 0
	start=$EPOCHREALTIME
	kill -TERM "${_OFS_SERVER_PIDS[@]}" 2>/dev/null || true
	for pid in "${_OFS_SERVER_PIDS[@]}"; do
		for ((i = 0; i < 200; i++)); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		if kill -0 "$pid" 2>/dev/null; then
			stuck+=("$pid")
			kill -KILL "$pid" 2>/dev/null
		fi
		wait "$pid" 2>/dev/null || true
	done
	_OFS_SERVER_PIDS=()
	ofs_time "servers stopped" "$start"
	[ ${#stuck[@]} = 0 ] || _ofs_teardown_fail "pvfs2-server ${stuck[*]} ignored SIGTERM for 20 s"
}

# ofs_client_start: orangefs.ko (OFS_MODULE), pvfs2-client (its own session: on SIGTERM
# it signals its whole process group) and the mount.
ofs_client_start() {
	local start i core=''
	start=$EPOCHREALTIME
	_ofs_load_module
	setsid pvfs2-client -f -p "$OFS_PREFIX/sbin/pvfs2-client-core" -L "$OFS_DIR/client.log" \
		>"$OFS_DIR/client.out" 2>&1 &
	_OFS_CLIENT_PID=$!
	defer ofs_client_stop
	local deadline=$((SECONDS + 60))
	for ((i = 0; ; i++)); do
		[ $SECONDS -lt $deadline ] || fail "pvfs2-client-core did not open /dev/pvfs2-req in 60 s"
		for core in $(pgrep -s "$_OFS_CLIENT_PID" -x pvfs2-client-co || true); do
			ls -l "/proc/$core/fd" 2>/dev/null | grep -q '/dev/pvfs2-req$' && break 2
		done
		kill -0 "$_OFS_CLIENT_PID" 2>/dev/null || fail "pvfs2-client exited: $(tail -n2 "$OFS_DIR/client.log" "$OFS_DIR/client.out" | tr '\n' ' ')"
		sleep 0.2
	done
	mount -t pvfs2 "tcp://127.0.0.1:$OFS_PORT/$OFS_FSNAME" "$OFS_MNT" ||
		fail "mount -t pvfs2 failed"
	defer ofs_umount
	[ "$(stat -f -c %T "$OFS_MNT")" != tmpfs ] || fail "$OFS_MNT is not the OrangeFS mount"
	ofs_time "client and mount" "$start"
}

ofs_umount() {
	local i
	mountpoint -q "$OFS_MNT" || return 0
	for i in 1 2 3 4 5 6 7 8 9 10; do
		umount "$OFS_MNT" 2>/dev/null && return 0
		sleep 0.5
	done
	umount -l "$OFS_MNT"
	_ofs_teardown_fail "cannot unmount $OFS_MNT: $(fuser -vm "$OFS_MNT" 2>&1 | tr '\n' ' ')"
}

# ofs_client_stop: SIGTERM pvfs2-client, which stops pvfs2-client-core;
# wait until its whole session is gone.
ofs_client_stop() {
	local i
	[ -n "${_OFS_CLIENT_PID:-}" ] || return 0
	kill -TERM "$_OFS_CLIENT_PID" 2>/dev/null || true
	for ((i = 0; i < 100; i++)); do
		pgrep -s "$_OFS_CLIENT_PID" >/dev/null || break
		sleep 0.1
	done
	if pgrep -s "$_OFS_CLIENT_PID" >/dev/null; then
		pkill -KILL -s "$_OFS_CLIENT_PID"
		wait "$_OFS_CLIENT_PID" 2>/dev/null || true
		_OFS_CLIENT_PID=
		_ofs_teardown_fail "pvfs2-client's session outlived SIGTERM by 10 s"
	fi
	wait "$_OFS_CLIENT_PID" 2>/dev/null || true
	_OFS_CLIENT_PID=
}

# ofs_client_reload MODULE: unmount, stop the client, unload orangefs.ko
# and start it all again with the MODULE one (pvfsf or stock, as
# OFS_MODULE): what was written must not depend on the module that wrote it.
ofs_client_reload() {
	ofs_umount
	ofs_client_stop
	rmmod orangefs || fail "rmmod orangefs failed"
	OFS_MODULE=$1
	ofs_client_start
}

# ofs_xattr_dh FILE: the datafile handles of FILE (a path on the mount), in
# stripe order, one per line (system.pvfs2.dh: little-endian u64s).
ofs_xattr_dh() {
	python3 -c 'import os, struct, sys
v = os.getxattr(sys.argv[1], "system.pvfs2.dh")
assert len(v) % 8 == 0 and v, "system.pvfs2.dh of %d bytes" % len(v)
print("\n".join(str(h) for h in struct.unpack("<%dQ" % (len(v) // 8), v)))' "$1"
}

# ofs_check FILE [CHECKER-OPTION...]: the bstreams of FILE (a path on the
# mount) hold its bytes as simple_stripe puts them (ofs_check.py).
ofs_check() {
	python3 "$PVFSF_SRC/tests/vm/guest/ofs_tool.py" check --conf "$OFS_CONF" "$@"
}

# ofs_drop_caches: the guest's page cache (and the orangefs client's
# pages with it) dropped, so the next read through the mount asks the servers.
ofs_drop_caches() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
}

# ofs_fsck_clean WHEN: pvfs2-fsck -n (answer no, change nothing) reports no problem.
ofs_fsck_clean() {
	local start out
	start=$EPOCHREALTIME
	pvfs2-fsck -n -m "$OFS_MNT" >"$TMPDIR/fsck.out" 2>&1 ||
		fail "pvfs2-fsck exited $?: $(tail -n2 "$TMPDIR/fsck.out" | tr '\n' ' ')"
	ofs_time "pvfs2-fsck $1" "$start"
	cp "$TMPDIR/fsck.out" "$PVFSF_OUT/fsck-$1.out"
	cat "$TMPDIR/fsck.out"
	out=$(grep -v '^#' "$TMPDIR/fsck.out" | grep -v '^[[:space:]]*$' || true)
	[ -z "$out" ] || fail "pvfs2-fsck $1 reports: $(head -n2 <<<"$out" | tr '\n' ' ')"
}
