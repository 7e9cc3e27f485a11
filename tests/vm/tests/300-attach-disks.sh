#!/bin/bash
# Two LIO targets (the data servers) on 127.0.10.1 and 127.0.10.2, three
# LUNs with unit serials, one of them holding an ext4; logged in once per
# target, one login through iscsiadm, one through the library's session
# pool.  pvfsf-attach-probe must report exactly the serial, session, target,
# portal, size, block size and signature of each disk, as sysfs and udev
# say them independently.  The test also keeps what the real sysfs looks
# like: $PVFSF_OUT/capture.txt (ls -l, readlink -f, vpd_pg80 hexdump,
# session attributes, udevadm info) and $PVFSF_OUT/sysfs.tree, the manifest
# that tests/unit/attach/fixtures/ is made of.
#
# The attach_* functions here are shared: 3NN-attach-*.sh source this file.
DESCRIPTION="attach: probe reports serial, session, target, portal, size and signature of iSCSI disks from two LIO targets"
REQUIRES="target_core_mod iscsi_target_mod target_core_file iscsi_tcp"
TIMEOUT=540

ATTACH_CFG=/sys/kernel/config/target
ATTACH_IQN=iqn.2003-01.org.pvfsf.test
ATTACH_HBA=fileio_77

# attach_start: the target and initiator modules, iscsid (in a session of
# its own: on SIGTERM it kills its whole process group), udevd.
attach_start() {
	modprobe -a target_core_mod target_core_file iscsi_target_mod iscsi_tcp
	mountpoint -q /sys/kernel/config || fail "configfs is not mounted at /sys/kernel/config"
	[ -d "$ATTACH_CFG" ] || fail "no $ATTACH_CFG: target_core_mod did not register"
	mkdir -p /run/lock
	pvfsf_udev_start
	background setsid iscsid -f
	local i
	for ((i = 0; i < 50; i++)); do
		iscsiadm -m session >/dev/null 2>&1 && return 0
		[ $? = 21 ] && return 0 # "No active sessions": iscsid answered
		sleep 0.2
	done
	fail "iscsid does not answer"
}

# _attach_write VALUE FILE: without a newline: LIO keeps one in the CHAP
# userid and password (tpgt_N/auth/*), which then never match.
_attach_write() {
	printf '%s' "$1" >"$2"
}

# attach_target NAME ADDR: an iSCSI target $ATTACH_IQN:NAME, portal
# ADDR:3260, demo-mode ACLs (any initiator, read-write, no CHAP).
attach_target() {
	local iqn=$ATTACH_IQN:$1 tpg=$ATTACH_CFG/iscsi/$ATTACH_IQN:$1/tpgt_1 a
	mkdir -p "$tpg"
	defer rmdir "$ATTACH_CFG/iscsi/$iqn"
	defer rmdir "$tpg"
	mkdir "$tpg/np/$2:3260"
	defer rmdir "$tpg/np/$2:3260"
	for a in generate_node_acls=1 demo_mode_write_protect=0 authentication=0 cache_dynamic_acls=1; do
		_attach_write "${a#*=}" "$tpg/attrib/${a%=*}"
	done
	_attach_write 1 "$tpg/enable"
	defer _attach_write 0 "$tpg/enable"
}

# attach_lun TARGET LUN NAME SERIAL SIZE: a fileio backstore NAME over
# $TMPDIR/NAME (created empty unless it exists) of SIZE bytes, unit serial
# SERIAL, exported as LUN of target TARGET.
_ATTACH_HBA_MADE=
attach_lun() {
	local tpg=$ATTACH_CFG/iscsi/$ATTACH_IQN:$1/tpgt_1 lun=$2 name=$3 serial=$4 size=$5
	local store=$ATTACH_CFG/core/$ATTACH_HBA/$3
	[ -e "$TMPDIR/$name" ] || : >"$TMPDIR/$name"
	if [ -z "$_ATTACH_HBA_MADE" ]; then
		mkdir -p "$ATTACH_CFG/core/$ATTACH_HBA"
		defer rmdir "$ATTACH_CFG/core/$ATTACH_HBA"
		_ATTACH_HBA_MADE=1
	fi
	mkdir "$store"
	defer rmdir "$store"
	_attach_write "fd_dev_name=$TMPDIR/$name,fd_dev_size=$size" "$store/control"
	_attach_write "$serial" "$store/wwn/vpd_unit_serial"
	_attach_write 1 "$store/enable"
	mkdir "$tpg/lun/lun_$lun"
	defer rmdir "$tpg/lun/lun_$lun"
	ln -s "$store" "$tpg/lun/lun_$lun/$name"
	defer rm "$tpg/lun/lun_$lun/$name"
}

# attach_forget TARGET ADDR: on exit, log out of the target if still logged
# in and delete its node and discovery records.  Call before logging in.
attach_forget() {
	defer _attach_forget "$ATTACH_IQN:$1" "$2:3260"
}
_attach_forget() {
	iscsiadm -m node -T "$1" -p "$2" --logout >/dev/null 2>&1
	iscsiadm -m node -T "$1" -p "$2" -o delete >/dev/null 2>&1
	iscsiadm -m discoverydb -t sendtargets -p "$2" -o delete >/dev/null 2>&1
	return 0
}

# attach_sid TARGET: the sid of the session to $ATTACH_IQN:TARGET, from sysfs.
attach_sid() {
	local s
	for s in /sys/class/iscsi_session/session*; do
		[ -e "$s" ] || continue
		[ "$(cat "$s/targetname")" = "$ATTACH_IQN:$1" ] && { echo "${s##*session}"; return 0; }
	done
	return 1
}

# attach_manifest DISK...: the fake-sysfs manifest (see
# tests/unit/attach/fake_sysfs.h) of these disks, their SCSI devices,
# sessions, connections and hosts, as the unit tests read them.
attach_manifest() {
	local d dir rel sdev srel s sdir r c a v
	echo "# sysfs of iSCSI disks from LIO, captured by tests/vm/tests/$PVFSF_TEST.sh on $(uname -r)"
	for d in "$@"; do
		dir=$(readlink -f "/sys/block/$d")
		rel=${dir#/sys/}
		echo "l block/$d $(readlink "/sys/block/$d")"
		echo "l class/block/$d $(readlink "/sys/class/block/$d")"
		for a in dev size ro removable queue/logical_block_size queue/physical_block_size; do
			echo "f $rel/$a $(cat "$dir/$a")"
		done
		echo "d $rel/holders"
		echo "l $rel/subsystem $(readlink "$dir/subsystem")"
		echo "l $rel/device $(readlink "$dir/device")"
		sdev=$(readlink -f "$dir/device")
		srel=${sdev#/sys/}
		echo "l $srel/subsystem $(readlink "$sdev/subsystem")"
		for a in type scsi_level state; do
			echo "f $srel/$a $(cat "$sdev/$a")"
		done
		for a in vpd_pg80 vpd_pg83; do
			echo "x $srel/$a $(od -An -v -tx1 "$sdev/$a" | tr -d ' \n')"
		done
		echo "l ${srel%/*}/subsystem $(readlink "${sdev%/*}/subsystem")"
	done
	for s in /sys/class/iscsi_session/session*; do
		echo "l class/iscsi_session/${s##*/} $(readlink "$s")"
		sdir=$(readlink -f "$s")
		r=${sdir#/sys/}
		for a in targetname state tpgt ifacename recovery_tmo target_id; do
			echo "f $r/$a $(cat "$s/$a")"
		done
		echo "l $r/device $(readlink "$s/device")"
	done
	for c in /sys/class/iscsi_connection/connection*; do
		echo "l class/iscsi_connection/${c##*/} $(readlink "$c")"
		sdir=$(readlink -f "$c")
		r=${sdir#/sys/}
		for a in persistent_address persistent_port address port state; do
			echo "f $r/$a $(cat "$c/$a")"
		done
	done
	for s in /sys/class/scsi_host/host*; do
		echo "l class/scsi_host/${s##*/} $(readlink "$s")"
		sdir=$(readlink -f "$s")
		echo "f ${sdir#/sys/}/proc_name $(cat "$s/proc_name")"
		echo "l $(readlink -f "$s/device" | sed 's|^/sys/||')/subsystem $(readlink "$s/device/subsystem")"
	done
}

# attach_capture DISK...: what the guest shows of these disks, for people.
attach_capture() {
	local d s c p
	for d in "$@"; do
		echo "### ls -l /sys/block/$d"
		ls -l "/sys/block/$d"
		echo "### readlink -f /sys/block/$d"
		readlink -f "/sys/block/$d"
		echo "### readlink -f /sys/block/$d/device"
		readlink -f "/sys/block/$d/device"
		echo "### ls -l /sys/block/$d/device/"
		ls -l "/sys/block/$d/device/"
		echo "### od vpd_pg80"
		od -A d -t x1z "/sys/block/$d/device/vpd_pg80"
		echo "### udevadm info /dev/$d"
		udevadm info --query=all --name="/dev/$d"
		p=$(readlink -f "/sys/block/$d/device")
		while p=${p%/*}; [ "${p##*/}" != platform ] && [ "$p" != /sys/devices ]; do
			echo "### ls -l $p"
			ls -l "$p"
		done
	done
	for s in /sys/class/iscsi_session/session*; do
		echo "### $s -> $(readlink -f "$s")"
		for p in "$s"/*; do [ -f "$p" ] && echo "${p##*/}: $(cat "$p" 2>&1)"; done
	done
	for c in /sys/class/iscsi_connection/connection*; do
		echo "### $c -> $(readlink -f "$c")"
		for p in "$c"/*; do [ -f "$p" ] && echo "${p##*/}: $(cat "$p" 2>&1)"; done
	done
	echo "### iscsiadm -m session -P 3"
	iscsiadm -m session -P 3
}

test() {
	local s1a=00000007000000000010000a s1b=000000070000000000100011 s2a=0000000700000000001000ff
	local sid1 sid2 out d

	attach_start
	attach_target srv1 127.0.10.1
	attach_target srv2 127.0.10.2
	attach_lun srv1 0 d1a "$s1a" 1048576
	# An ext4 where a bare datafile should be: the probe must say so.
	truncate -s 4M "$TMPDIR/d1b"
	mkfs.ext4 -q -F "$TMPDIR/d1b"
	attach_lun srv1 1 d1b "$s1b" 4194304
	attach_lun srv2 0 d2a "$s2a" 2097152

	# srv1 as an admin would: discovery, login with iscsiadm.
	attach_forget srv1 127.0.10.1
	iscsiadm -m discovery -t sendtargets -p 127.0.10.1:3260 >/dev/null
	iscsiadm -m node -T "$ATTACH_IQN:srv1" -p 127.0.10.1:3260 --login >/dev/null
	sid1=$(attach_sid srv1) || fail "no session to srv1 after login"

	# srv2 through the session pool: it logs in, with the settings of the
	# config file (a secret in a file others can read is refused first)...
	attach_forget srv2 127.0.10.2
	printf 'replacement_timeout = 9\nchap_username = u\nchap_password = p\n' >"$TMPDIR/attach.conf"
	chmod 644 "$TMPDIR/attach.conf"
	if out=$(pvfsf-attach-probe login --config "$TMPDIR/attach.conf" "$ATTACH_IQN:srv2" 127.0.10.2 2>&1); then
		fail "login with a world-readable CHAP secret was not refused"
	fi
	[[ $out == *"attach.conf: holds a CHAP secret but its mode 0644 lets everyone read it"* ]] ||
		fail "refusal of a readable secret: $out"
	! attach_sid srv2 >/dev/null || fail "a session to srv2 exists after a refused config"
	printf 'replacement_timeout = 9\nlogin_timeout = 5\n' >"$TMPDIR/attach.conf"
	out=$(pvfsf-attach-probe login --config "$TMPDIR/attach.conf" "$ATTACH_IQN:srv2" 127.0.10.2) ||
		fail "probe login srv2 failed"
	sid2=$(attach_sid srv2) || fail "no session to srv2 after the pool's login"
	[ "$out" = "$sid2 logged-in" ] || fail "pool login srv2 said '$out', expected '$sid2 logged-in'"
	# The node settings reached the session (iscsiadm's default is 120).
	[ "$(cat "/sys/class/iscsi_session/session$sid2/recovery_tmo")" = 9 ] ||
		fail "session $sid2: recovery_tmo $(cat "/sys/class/iscsi_session/session$sid2/recovery_tmo"), not the configured 9"
	# ...and reuses what exists, whoever logged it in.
	out=$(pvfsf-attach-probe login "$ATTACH_IQN:srv1" 127.0.10.1:3260) || fail "probe login srv1 failed"
	[ "$out" = "$sid1 reused" ] || fail "pool login srv1 said '$out', expected '$sid1 reused'"
	out=$(pvfsf-attach-probe login "$ATTACH_IQN:srv2" 127.0.10.2) || fail "second probe login srv2 failed"
	[ "$out" = "$sid2 reused" ] || fail "second pool login srv2 said '$out', expected '$sid2 reused'"
	[ "$(ls -d /sys/class/iscsi_session/session* | wc -l)" = 2 ] || fail "not exactly 2 sessions"
	# A target the portal does not offer is named in the refusal.
	if out=$(pvfsf-attach-probe login "$ATTACH_IQN:nosuch" 127.0.10.1 2>&1); then
		fail "pool logged in to a target that does not exist"
	fi
	# (LIO's SendTargets lists every target it has, each at its portal.)
	[[ $out == *"does not offer the target $ATTACH_IQN:nosuch (it offers "*"$ATTACH_IQN:srv1 at 127.0.10.1:3260"* ]] ||
		fail "refusal of a missing target: $out"

	udevadm settle --timeout=30
	local disks=()
	for s in "$s1a" "$s1b" "$s2a"; do
		d=$(attach_disk_of "$s") || fail "no disk with unit serial $s"
		disks+=("$d")
	done
	attach_capture "${disks[@]}" >"$PVFSF_OUT/capture.txt" 2>&1
	attach_manifest "${disks[@]}" >"$PVFSF_OUT/sysfs.tree"
	pvfsf-attach-probe sessions --json >"$PVFSF_OUT/sessions.json"
	pvfsf-attach-probe disks >"$PVFSF_OUT/disks.txt"
	pvfsf-attach-probe disks --json >"$PVFSF_OUT/disks.json"
	cat "$PVFSF_OUT/disks.txt"

	# What must hold, against what sysfs and udev say on their own: the
	# session from the disk's sysfs path, target and portal from that
	# session's sysfs attributes, udev's ID_SCSI_SERIAL and ID_PATH.
	local expect=() i
	for i in 0 1 2; do
		d=${disks[$i]}
		local dir sid conn portal idpath
		dir=$(readlink -f "/sys/block/$d")
		[[ $dir =~ /host[0-9]+/session([0-9]+)/target ]] || fail "$d: no session in $dir"
		sid=${BASH_REMATCH[1]}
		conn=$(echo "/sys/class/iscsi_session/session$sid/device/connection$sid:"*)
		portal=$(cat "$conn/iscsi_connection/${conn##*/}/persistent_address"):$(cat "$conn/iscsi_connection/${conn##*/}/persistent_port")
		idpath=$(udevadm info --query=property --property=ID_PATH --value --name="/dev/$d")
		[[ $idpath == "ip-$portal-iscsi-$(cat "/sys/class/iscsi_session/session$sid/targetname")-lun-"* ]] ||
			fail "$d: udev's ID_PATH $idpath disagrees with sysfs ($portal)"
		expect+=("$d $(udevadm info --query=property --property=ID_SCSI_SERIAL --value --name="/dev/$d") $sid $(cat "/sys/class/iscsi_session/session$sid/targetname") $portal $(($(cat "/sys/block/$d/size") * 512))")
	done
	python3 - "$PVFSF_OUT/disks.json" "$PVFSF_OUT/sessions.json" "${expect[@]}" <<-'EOF' || fail "probe disks --json is wrong (see output)"
		import json, sys
		disks = {d["name"]: d for d in json.load(open(sys.argv[1]))}
		sessions = json.load(open(sys.argv[2]))
		ok = True
		def check(what, got, want):
		    global ok
		    if got != want:
		        print(f"{what}: got {got!r}, want {want!r}")
		        ok = False
		sizes = {"00000007000000000010000a": 1048576, "000000070000000000100011": 4194304,
		         "0000000700000000001000ff": 2097152}
		for line in sys.argv[3:]:
		    name, serial, sid, target, portal, size = line.split()
		    d = disks.get(name)
		    if d is None:
		        print(f"{name} missing from probe disks"); ok = False; continue
		    check(f"{name} serial", d["serial"], serial)
		    check(f"{name} serial_source", d["serial_source"], "vpd_pg80")
		    check(f"{name} session", d["session"], int(sid))
		    check(f"{name} target", d["target"], target)
		    check(f"{name} portal", d["portal"], portal)
		    check(f"{name} session_state", d["session_state"], "LOGGED_IN")
		    check(f"{name} size", d["size"], int(size))
		    check(f"{name} size configured", d["size"], sizes[serial])
		    check(f"{name} logical_block_size", d["logical_block_size"], 512)
		    want_sig = [{"type": "ext4", "usage": "filesystem", "offset": 1080}] \
		        if serial == "000000070000000000100011" else []
		    check(f"{name} signatures", d["signatures"], want_sig)
		check("number of disks", len(disks), 3)
		check("sessions", sorted((s["target"], s["portal"], s["state"]) for s in sessions),
		      [("iqn.2003-01.org.pvfsf.test:srv1", "127.0.10.1:3260", "LOGGED_IN"),
		       ("iqn.2003-01.org.pvfsf.test:srv2", "127.0.10.2:3260", "LOGGED_IN")])
		sys.exit(0 if ok else 1)
	EOF
	# The table says the same.
	grep -Eq "^${disks[1]} +$s1b +[0-9:]+ +$sid1 +$ATTACH_IQN:srv1 +127\.0\.10\.1:3260 +4194304 +512 +ext4\$" "$PVFSF_OUT/disks.txt" ||
		fail "probe disks table: no ext4 line for ${disks[1]}"
	grep -Eq "^${disks[2]} +$s2a +[0-9:]+ +$sid2 +$ATTACH_IQN:srv2 +127\.0\.10\.2:3260 +2097152 +512 +none\$" "$PVFSF_OUT/disks.txt" ||
		fail "probe disks table: wrong line for ${disks[2]}"

	# The pool's logout, by sid: that session goes, the other stays.
	pvfsf-attach-probe logout "$sid2" || fail "probe logout $sid2 failed"
	[ ! -e "/sys/class/iscsi_session/session$sid2" ] || fail "session $sid2 still there after logout"
	[ -e "/sys/class/iscsi_session/session$sid1" ] || fail "session $sid1 went with $sid2"
	if out=$(pvfsf-attach-probe logout "$sid2" 2>&1); then
		fail "a second logout of session $sid2 succeeded"
	fi
	echo "second logout: $out"
	[[ $out == *"iscsiadm logout of session $sid2: exit "* ]] || fail "second logout: $out"
}
