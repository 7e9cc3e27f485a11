# Out-of-tree build of the VM tier's test modules (tests/vm/kmod/) against
# Debian's linux-headers-<abi>.  Source after tests/lib/common.sh,
# tests/vm/lib/kernel.sh and module.sh.

# pvfsf_vm_test_kmod ABI [SRC [OUT]]: build them in OUT (default
# $PVFSF_BUILD/test-kmod), with pvfsf's in-kernel header; log in
# OUT/build.log; returns as pvfsf_vm_module does (0, 1 with OUT/build.why,
# 2 on warnings).
pvfsf_vm_test_kmod() {
	local abi=$1 src=${2:-$PVFSF_SRC} out=${3:-$PVFSF_BUILD/test-kmod}
	pvfsf_vm_need_pkgs "linux-headers-$abi" make rsync || return 1
	mkdir -p "$out/include/linux"
	rm -f "$out/build.why" "$out"/*.ko
	rsync -c "$src"/tests/vm/kmod/* "$out/" &&
		rsync -c "$src/blk/include/linux/pvfsf_kapi.h" "$out/include/linux/" || return 1
	pvfsf_vm_kbuild "/usr/src/linux-headers-$abi" "$out" "$out"
}
