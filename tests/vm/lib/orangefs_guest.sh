# What a guest learns about OrangeFS: a real OrangeFS built on the host
# (tests/lib/orangefs.sh) and orangefs.ko with pvfsf's patches
# (orangefs_module.sh).  Source after both.

# pvfsf_vm_orangefs_prepare ABI FILE: build both, then write FILE, which
# the guest reads as orangefs.conf (tests/vm/guest/orangefs.sh):
# ORANGEFS_PREFIX, or ORANGEFS_MISSING with why (and ORANGEFS_BROKEN when a
# build failed); ORANGEFS_KMOD, or ORANGEFS_KMOD_MISSING; ORANGEFS_REQUIRED
# under CI, where a missing OrangeFS fails the tests that need it.  Done once
# per run: the module build empties its folder, which a running guest reads.
pvfsf_vm_orangefs_prepare() {
	local abi=$1 file=$2 rc=0 prefix conf
	mkdir -p "$PVFSF_BUILD/vm"
	: >"$PVFSF_BUILD/vm/orangefs.log"
	prefix=$(pvfsf_orangefs "$PVFSF_BUILD/vm/orangefs.log") || rc=$?
	cat "$PVFSF_BUILD/vm/orangefs.log" >&2
	case $rc in
	0) conf=$(printf 'ORANGEFS_PREFIX=%q' "$(realpath "$prefix")") ;;
	1) conf=$(printf 'ORANGEFS_MISSING=%q' "no OrangeFS: $ORANGEFS_HOWTO") ;;
	*) conf=$(printf 'ORANGEFS_MISSING=%q\nORANGEFS_BROKEN=1' \
		"the OrangeFS build failed: $(tail -n1 "$PVFSF_BUILD/vm/orangefs.log" 2>/dev/null)") ;;
	esac
	rc=0
	pvfsf_vm_orangefs_module "$abi" || rc=$?
	if [ $rc = 0 ]; then
		conf+=$'\n'$(printf 'ORANGEFS_KMOD=%q' "$PVFSF_BUILD/orangefs-module/orangefs.ko")
	else
		conf+=$'\n'$(printf 'ORANGEFS_KMOD_MISSING=%q' \
			"$(cat "$PVFSF_BUILD/orangefs-module/build.why"), see $PVFSF_BUILD/orangefs-module/build.log")
		tail -n 20 "$PVFSF_BUILD/orangefs-module/build.log" >&2
	fi
	[ "${CI:-}" != true ] || conf+=$'\nORANGEFS_REQUIRED=1'
	printf '%s\n' "$conf" >"$file"
}
