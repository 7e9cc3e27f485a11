# A root to install the .deb packages into without touching the host: the
# host seen through overlays.  /usr, /etc and /var are the host's with an
# upper layer each under BASE/upper, /bin, /sbin and /lib the merged-/usr
# links, /proc, /run and /tmp fresh, /dev the host's.  dpkg runs chrooted
# into BASE/root, checks dependencies against the host's installed packages
# and writes only the upper layers: they are exactly what installing did.
#
# Used by the package tier (tests/package/install-cycle.sh: install,
# upgrade, purge) and the VM tier (tests/vm/lib/packages.sh: the packages
# the guest runs).  Call from a mount namespace of its own (unshare
# --mount): the mounts go with the process, the upper layers stay.

# pvfsf_package_root BASE [MODULES]: make BASE/root, emptying BASE first.
# With MODULES (a directory of /lib/modules/<release> trees), the root's
# /usr/lib/modules is those trees over the host's (which hold the kernel
# headers' build links), with its own upper layer BASE/upper/modules: dkms
# and depmod then work on a kernel's complete module tree.
pvfsf_package_root() {
	local base=$1 modules=${2:-} root=$1/root d
	rm -rf "$base"
	for d in usr etc var; do
		mkdir -p "$base/upper/$d" "$base/work/$d" "$root/$d"
		mount -t overlay overlay \
			-o "lowerdir=/$d,upperdir=$base/upper/$d,workdir=$base/work/$d" "$root/$d" ||
			return 1
	done
	if [ -n "$modules" ]; then
		mkdir -p "$base/upper/modules" "$base/work/modules"
		mount -t overlay overlay \
			-o "lowerdir=$modules:/usr/lib/modules,upperdir=$base/upper/modules,workdir=$base/work/modules" \
			"$root/usr/lib/modules" || return 1
	fi
	for d in bin sbin lib lib64; do
		ln -s "usr/$d" "$root/$d"
	done
	mkdir -p "$root/proc" "$root/dev" "$root/run" "$root/tmp" "$root/root"
	mount -t proc proc "$root/proc" &&
		mount --bind /dev "$root/dev" &&
		mount -t tmpfs tmpfs "$root/run" &&
		mount -t tmpfs tmpfs "$root/tmp"
}
