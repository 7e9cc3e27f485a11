# The packages the guest runs: pvfsf-tools and pvfsf-dkms made from the
# user-space build (CPack) and installed with dpkg, as an administrator
# would, into a root of overlays on the host (tests/lib/package_root.sh).
# Its upper layers are what installing wrote; the guest mounts them over
# its /usr, /etc, /var and module tree (tests/vm/guest/rdinit), so the
# tests run the installed tools, udev rules, units and the module dkms
# built, and nothing of the build tree that a package installs.
#
# Installing on the host rather than in the guest: dkms compiles the
# module, which under TCG would take minutes; here it takes seconds.
# Source after tests/lib/common.sh and tests/vm/lib/kernel.sh.

# pvfsf_vm_packages_dir: where the packages and their installed layers go.
pvfsf_vm_packages_dir() {
	printf '%s\n' "$PVFSF_BUILD/vm/packages"
}

# pvfsf_vm_packages ABI: package the user-space build ($PVFSF_BUILD/user,
# built by tests/lib/build-user.sh) and install the packages for kernel
# ABI.  Leaves DIR/debs/*.deb, DIR/install.log and the layers DIR/root/
# upper/{usr,etc,var,modules}; returns 1 with a one-line reason in
# DIR/install.why when any step fails.
pvfsf_vm_packages() {
	local abi=$1 dir build=$PVFSF_BUILD/user kdir
	dir=$(pvfsf_vm_packages_dir)
	kdir=$(pvfsf_vm_kernel_dir "$abi")
	pvfsf_vm_need_pkgs dpkg-dev dkms "linux-headers-$abi" make || return 1
	mkdir -p "$dir"
	# No guest may run the layers of an earlier build.
	rm -rf "$dir/debs" "$dir/root" "$dir/install.why"
	if ! (cd "$build" && cpack -G DEB -B "$dir/debs") >"$dir/install.log" 2>&1; then
		echo "cpack failed: $(grep -m1 -i error "$dir/install.log")" >"$dir/install.why"
		return 1
	fi
	rm -rf "$dir/debs/_CPack_Packages"
	if ! unshare --mount --propagation private bash -c '
		set -u
		. "$1/tests/lib/package_root.sh"
		base=$2 abi=$3 modules=$4
		shift 4
		pvfsf_package_root "$base" "$modules" || { echo "cannot make the root"; exit 1; }
		# Build for the guest kernel, not the host one (which has no headers).
		echo "autoinstall_all_kernels=\"yes\"" >>"$base/root/etc/dkms/framework.conf"
		cp "$@" "$base/root/tmp/"
		chroot "$base/root" sh -c "dpkg -i /tmp/*.deb" >&2 || { echo "dpkg -i failed"; exit 1; }
		chroot "$base/root" modinfo -k "$abi" -n pvfsf | grep -q "/updates/dkms/pvfsf.ko$" ||
			{ echo "dkms installed no pvfsf.ko for $abi"; exit 1; }
		' install "$PVFSF_SRC" "$dir/root" "$abi" "$kdir/root/lib/modules" \
		"$dir"/debs/*.deb >"$dir/install.why" 2>>"$dir/install.log"; then
		[ -s "$dir/install.why" ] || echo "installing failed, see $dir/install.log" >"$dir/install.why"
		return 1
	fi
	# The layers are kept; the mount points and overlayfs's work folders not.
	rm -rf "$dir/root/root" "$dir/root/work" "$dir/install.why"
}
