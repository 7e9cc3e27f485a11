# The host tools the guest runs (it reads the host's /usr).
# Source after tests/vm/lib/kernel.sh.

# pvfsf_vm_guest_tools: install what guest tests use.  tests/vm/run calls
# it before its guests boot: a boot of one lane must not wait on, or fail
# on, the dpkg lock of another, nor swap libraries under a running guest.
pvfsf_vm_guest_tools() {
	pvfsf_vm_need_pkgs bash coreutils util-linux kmod iproute2 procps dmsetup fio \
		open-iscsi tgt targetcli-fb dbus sg3-utils udev python3 sysstat
}
