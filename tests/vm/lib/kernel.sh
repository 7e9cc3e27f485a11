# The guest kernel: Debian's linux-image-<abi>, unpacked (never installed)
# into $PVFSF_CACHE/kernel/<abi>/ together with an uncompressed vmlinux and a
# busybox initramfs.  Everything here is keyed by ABI and built once.
# Source after tests/lib/common.sh.

# Modules the initramfs loads: to mount the 9p shares, the /etc and /var
# overlays and configfs (LIO, null_blk), and virtio_rng, without which the
# kernel's random pool is seeded only about 10 s after boot and getrandom(),
# mkfs and python wait for it.  Their dependencies are resolved from
# modules.dep at build time.
PVFSF_VM_INITRD_MODULES="virtio_pci 9pnet_virtio 9p overlay configfs virtio_rng"

# pvfsf_vm_need_pkgs PKG...: pvfsf_need_pkgs, asking dpkg once for all of
# them first (one dpkg-query per package costs half a second per run).
pvfsf_vm_need_pkgs() {
	local have missing=() p
	have=" $(dpkg-query -W -f='${db:Status-Abbrev}${Package} ' "$@" 2>/dev/null) "
	for p in "$@"; do
		[[ $have == *" ii $p "* ]] || missing+=("$p")
	done
	[ ${#missing[@]} = 0 ] || pvfsf_need_pkgs "${missing[@]}"
}

# pvfsf_vm_lock: wait for any other VM run of this clone to finish: two
# would share the module build and the results directory.  Held until the
# calling script exits; a script called by a holder (run calls boot) skips.
pvfsf_vm_lock() {
	[ -z "${PVFSF_VM_LOCKED:-}" ] || return 0
	mkdir -p "$PVFSF_BUILD"
	exec {_pvfsf_vm_lock_fd}>"$PVFSF_BUILD/vm.lock"
	if ! flock -n "$_pvfsf_vm_lock_fd"; then
		pvfsf_log "vm: waiting for another VM run of $PVFSF_SRC to finish"
		flock "$_pvfsf_vm_lock_fd"
	fi
	export PVFSF_VM_LOCKED=1
}

# pvfsf_vm_kernel_dir ABI: where that ABI's kernel is cached.
pvfsf_vm_kernel_dir() {
	printf '%s\n' "$PVFSF_CACHE/kernel/$1"
}

# pvfsf_vm_kernel ABI: make sure the cache holds, for ABI,
#   root/        the unpacked package (boot/, lib/modules/ABI with modules.dep)
#   vmlinux      the uncompressed kernel: QEMU boots it through PVH, about
#                3 s faster than vmlinuz, which decompresses itself in TCG
#   initramfs.cpio
# and that linux-headers-ABI is installed for the module build.
pvfsf_vm_kernel() {
	local abi=$1 dir
	dir=$(pvfsf_vm_kernel_dir "$abi")
	# gcc-12 and make come in with the headers' toolchain dependencies, but
	# say so: the module build needs them whatever apt decides.
	pvfsf_vm_need_pkgs "linux-headers-$abi" make kmod xz-utils cpio \
		busybox-static qemu-system-x86 rsync || return 1
	mkdir -p "$dir"
	[ -f "$dir/root/.unpacked" ] || _pvfsf_vm_unpack "$abi" "$dir" || return 1
	[ -s "$dir/vmlinux" ] || _pvfsf_vm_vmlinux "$abi" "$dir" || return 1
	_pvfsf_vm_initramfs "$abi" "$dir"
}

# Download the image package and unpack it; about 3 s.  Installing it
# instead would take minutes and run update-initramfs for nothing.
_pvfsf_vm_unpack() {
	local abi=$1 dir=$2 tmp
	pvfsf_log "vm: fetching linux-image-$abi"
	tmp=$(mktemp -d "$dir/unpack.XXXXXX") || return 1
	# APT::Sandbox::User=root: _apt cannot write into a root-owned temp dir.
	if ! (cd "$tmp" && apt-get download -q -o APT::Sandbox::User=root \
		"linux-image-$abi" >&2); then
		rm -rf "$tmp"
		pvfsf_log "vm: apt-get download linux-image-$abi failed"
		return 1
	fi
	dpkg-deb -x "$tmp"/linux-image-"$abi"_*.deb "$tmp/root" &&
		# The package ships no modules.dep; depmod writes it into the copy.
		depmod -b "$tmp/root" "$abi" || { rm -rf "$tmp"; return 1; }
	rm -rf "$dir/root"
	mv "$tmp/root" "$dir/root" && rm -rf "$tmp" &&
		touch "$dir/root/.unpacked"
}

# Cut the compressed payload out of vmlinuz: find the first offset where
# its magic appears and decompress from there, keeping the first result that
# is an ELF file (the magic can also occur by chance before the payload).
_pvfsf_vm_vmlinux() {
	local abi=$1 dir=$2 vmlinuz magic tool off tmp
	vmlinuz="$dir/root/boot/vmlinuz-$abi"
	# Unique temporary names: two runs may prepare the same ABI at once.
	tmp=$(mktemp "$dir/vmlinux.XXXXXX") || return 1
	for magic in 'fd377a585a00:xz -dc' '28b52ffd:zstd -dc' '1f8b0800:gzip -dc'; do
		tool=${magic#*:}
		command -v "${tool%% *}" >/dev/null || continue
		for off in $(LC_ALL=C grep -obUaP "$(_pvfsf_hex_pattern "${magic%%:*}")" \
			"$vmlinuz" | cut -d: -f1); do
			# Trailing data after the stream makes the tool complain; the
			# ELF check below is what decides.
			tail -c +"$((off + 1))" "$vmlinuz" | $tool >"$tmp" 2>/dev/null || true
			if [ "$(head -c 4 "$tmp" | od -An -tx1 | tr -d ' ')" = 7f454c46 ]; then
				mv "$tmp" "$dir/vmlinux"
				return 0
			fi
		done
	done
	rm -f "$tmp"
	pvfsf_log "vm: no compressed ELF kernel found in $vmlinuz"
	return 1
}

# _pvfsf_hex_pattern fd377a: turn hex digits into a grep -P byte pattern.
_pvfsf_hex_pattern() {
	printf '%s' "$1" | sed 's/../\\x&/g'
}

# The initramfs is busybox-static, the modules above in load order and
# tests/vm/guest/rdinit.  Rebuilt only when one of those changes: the hash of
# the inputs is kept beside it.
_pvfsf_vm_initramfs() {
	local abi=$1 dir=$2 rdinit busybox mods inputs tmp m
	rdinit="$PVFSF_SRC/tests/vm/guest/rdinit"
	busybox=$(command -v busybox) || return 1
	# insmod lines in dependency order, e.g. "insmod /…/virtio.ko".
	# Both lists are split on blanks on purpose (module names, paths
	# without blanks).
	# shellcheck disable=SC2086
	mods=$(modprobe -d "$dir/root" -S "$abi" --show-depends -a \
		$PVFSF_VM_INITRD_MODULES | awk '$1 == "insmod" { print $2 }' |
		awk '!seen[$0]++') || return 1
	# shellcheck disable=SC2086
	inputs=$({
		printf '%s\n' "$abi" $mods
		sha256sum "$busybox" "$rdinit"
	} | sha256sum | cut -c1-64)
	if [ -s "$dir/initramfs.cpio" ] &&
		[ "$(cat "$dir/initramfs.inputs" 2>/dev/null)" = "$inputs" ]; then
		return 0
	fi
	pvfsf_log "vm: building initramfs for $abi"
	tmp=$(mktemp -d "$dir/initramfs.XXXXXX") || return 1
	mkdir -p "$tmp"/{bin,dev,proc,sys,newroot,modules}
	cp "$busybox" "$tmp/bin/busybox"
	cp "$rdinit" "$tmp/init"
	chmod 0755 "$tmp/init"
	for m in $mods; do
		cp "$m" "$tmp/modules/"
		basename "$m" >>"$tmp/modules/order"
	done
	# The kernel opens /dev/console for init before anything is mounted;
	# where mknod is not allowed, rdinit reopens it after mounting devtmpfs.
	mknod "$tmp/dev/console" c 5 1 2>/dev/null || true
	(cd "$tmp" && find . -mindepth 1 | LC_ALL=C sort |
		cpio -o -H newc --quiet -R 0:0) >"$tmp.cpio" &&
		mv "$tmp.cpio" "$dir/initramfs.cpio" &&
		printf '%s\n' "$inputs" >"$dir/initramfs.inputs"
	local rc=$?
	rm -rf "$tmp" "$tmp.cpio"
	return $rc
}
