#!/bin/bash
# install-cycle.sh BASE ABI VERSION TOOLS_DEB DKMS_DEB TOOLS_DEB_2 DKMS_DEB_2
#
# Installs, upgrades and purges the packages in a throwaway root, as an
# administrator would on a fresh machine, and prints PASS/FAIL lines for
# package/install-dkms, install-tools, units, upgrade and purge.  Run by
# tests/package/run under `unshare --mount`, so that every mount made here
# goes with the process.
#
# The root, BASE/root, is the host seen through overlays
# (tests/lib/package_root.sh): the upper layers are exactly what installing
# did, and what is left of them after a purge is what the packages left
# behind.
set -u -o pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib/package_root.sh"

base=$1
abi=$2
version=$3
tools_deb=$4
dkms_deb=$5
tools_deb_2=$6
dkms_deb_2=$7
root=$base/root
upper=$base/upper

pass() { printf 'PASS package/%s\n' "$1"; }
fail() { printf 'FAIL package/%s: %s\n' "$1" "$2"; }
in_root() { chroot "$root" "$@"; }

# snapshot: every path of the upper layers with its type, mode and, for a
# file, its checksum (a whiteout, type c, is a file of the host deleted);
# but what the system keeps for all packages: dpkg's records (its database
# and log), debconf's database (dkms's common.postinst starts debconf),
# man-db's index, and the key dkms makes at its first build on a machine to
# sign every module it builds.
snapshot() {
	(cd "$upper" && find . \( -path ./var/lib/dpkg -o -path ./var/log \
		-o -path ./var/cache/debconf -o -path ./var/cache/man \
		-o -path './var/lib/dkms/mok.*' \) -prune \
		-o -printf '%y %m %p\n' | sort -k3 |
		while read -r type mode path; do
			# A directory the host has got into the upper layer when
			# something was made in it (overlayfs copies it up); it is
			# no leftover.
			if [ "$type" = d ] && [ -d "/${path#./}" ]; then
				continue
			elif [ "$type" = f ]; then
				printf '%s %s %s %s\n' "$type" "$mode" "$path" "$(md5sum <"$path" | cut -c1-32)"
			else
				printf '%s %s %s\n' "$type" "$mode" "$path"
			fi
		done)
}

# module_installed: pvfsf.ko built by dkms for ABI is installed and
# known to depmod; else says why (one line) and fails.
module_installed() {
	local ko=$root/usr/lib/modules/$abi/updates/dkms/pvfsf.ko magic
	in_root dkms status -m pvfsf -v "$version" -k "$abi" | grep -q ': installed' ||
		{ echo "dkms has no pvfsf $version installed for $abi (status: '$(in_root dkms status -m pvfsf 2>&1 | head -n1)')"; return 1; }
	[ -f "$ko" ] || { echo "no $ko"; return 1; }
	magic=$(modinfo -F vermagic "$ko" | cut -d' ' -f1)
	[ "$magic" = "$abi" ] || { echo "pvfsf.ko's vermagic is '$magic', not $abi"; return 1; }
	grep -q '^updates/dkms/pvfsf.ko:' "$root/usr/lib/modules/$abi/modules.dep" ||
		{ echo "pvfsf.ko is not in modules.dep"; return 1; }
}

# tools_run: every tool of the package runs in the root (its libraries
# resolve) and the rules installed are the project's.
tools_run() {
	local t r
	for t in pvfs-stripe-attach pvfs-lun-export pvfsf-ctl pvfs-layout; do
		in_root "/usr/sbin/$t" --help >/dev/null 2>&1 || { echo "$t --help failed"; return 1; }
	done
	for r in "$PVFSF_SRC"/udev/*.rules; do
		cmp -s "$r" "$root/usr/lib/udev/rules.d/${r##*/}" ||
			{ echo "/usr/lib/udev/rules.d/${r##*/} is not udev/${r##*/}"; return 1; }
	done
}

# units_valid: systemd accepts every unit of the package as installed, and
# the request service is hardened (exposure at most 2.0 of 10).
units_valid() {
	local units u out
	units=$(dpkg-deb -c "$tools_deb" | awk '{ print $6 }' | grep '/lib/systemd/system/.*\.service$' |
		sed 's|.*/||; s|@\.service$|@check.service|')
	[ -n "$units" ] || { echo "the package holds no unit"; return 1; }
	for u in $units; do
		out=$(in_root systemd-analyze verify --man=no "$u" 2>&1) ||
			{ echo "verify $u: $(echo "$out" | head -n1)"; return 1; }
		[ -z "$out" ] || { echo "verify $u: $(echo "$out" | head -n1)"; return 1; }
	done
	out=$(in_root systemd-analyze security --offline=true --threshold=20 \
		/usr/lib/systemd/system/pvfs-lun-export.service 2>&1) ||
		{ echo "pvfs-lun-export.service: $(echo "$out" | grep 'Overall exposure')"; return 1; }
}

# verdict NAME CHECK...: one result line for CHECK's outcome.
verdict() {
	local name=$1 why
	shift
	if why=$("$@" 2>&1); then
		pass "$name"
	else
		fail "$name" "$why"
	fi
}

pvfsf_package_root "$base" || { fail install-dkms "cannot make the throwaway root under $base"; exit 1; }
# Build for every kernel that has headers, not only the running one (the
# host's, which has none here): dkms's own switch.
echo 'autoinstall_all_kernels="yes"' >>"$root/etc/dkms/framework.conf"
# The module directory as any system with that kernel has it.
in_root depmod -a "$abi" || { fail install-dkms "depmod $abi failed in the root"; exit 1; }
snapshot >"$base/before.txt"

cp "$tools_deb" "$dkms_deb" "$tools_deb_2" "$dkms_deb_2" "$root/tmp/"
start=$SECONDS
if ! in_root dpkg -i "/tmp/${tools_deb##*/}" "/tmp/${dkms_deb##*/}" >&2; then
	fail install-dkms "dpkg -i failed (see cycle.log)"
	exit 1
fi
echo "install: $((SECONDS - start)) s" >&2
verdict install-dkms module_installed
verdict install-tools tools_run
verdict units units_valid

upgraded() {
	local p v
	for p in pvfsf-tools pvfsf-dkms; do
		v=$(in_root dpkg-query -W -f='${Version}' "$p")
		[ "$v" = "$version-2" ] || { echo "$p is at $v, not $version-2"; return 1; }
	done
	module_installed && tools_run
}
start=$SECONDS
if in_root dpkg -i "/tmp/${tools_deb_2##*/}" "/tmp/${dkms_deb_2##*/}" >&2; then
	echo "upgrade: $((SECONDS - start)) s" >&2
	verdict upgrade upgraded
else
	fail upgrade "dpkg -i of revision 2 failed (see cycle.log)"
fi

purged() {
	local p s
	for p in pvfsf-tools pvfsf-dkms; do
		s=$(in_root dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)
		[ -z "$s" ] || [ "$s" = not-installed ] || { echo "$p is still $s"; return 1; }
	done
	snapshot >"$base/after.txt"
	if ! diff "$base/before.txt" "$base/after.txt" >"$base/left.diff"; then
		echo "left behind: $(grep '^>' "$base/left.diff" | head -n 5 | cut -d' ' -f4 | tr '\n' ' ')" \
			"changed or gone: $(grep '^<' "$base/left.diff" | head -n 5 | cut -d' ' -f4 | tr '\n' ' ')"
		return 1
	fi
}
if in_root dpkg --purge pvfsf-tools pvfsf-dkms >&2; then
	verdict purge purged
else
	fail purge "dpkg --purge failed (see cycle.log)"
fi
