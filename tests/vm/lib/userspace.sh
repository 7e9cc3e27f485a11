# User space for the guest: the helper and tools the guest tests run from
# $PVFSF_BUILD/user/bin.  Building them is tests/lib/build-user.sh's job;
# the VM tier only makes sure it has run before booting.
# Source after tests/lib/common.sh.

# pvfsf_vm_userspace LOG: run build-user.sh if the tree has one, its output
# in LOG.  Returns 0 when there is nothing to build or it built, else 1.
pvfsf_vm_userspace() {
	local log=$1 script=$PVFSF_SRC/tests/lib/build-user.sh
	[ -f "$script" ] || return 0
	mkdir -p "$(dirname "$log")"
	bash "$script" >"$log" 2>&1
}
