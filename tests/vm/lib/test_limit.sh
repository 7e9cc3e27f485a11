# A guest test's own limit, as the host reads it before the guest boots.
# Source after tests/lib/common.sh.

# pvfsf_vm_test_limit SCRIPT DEFAULT: the seconds SCRIPT declares with
# TIMEOUT=N, or with : "${TIMEOUT:=N}" in a file other tests source (the
# last one wins, as when the guest sources it), else DEFAULT.
pvfsf_vm_test_limit() {
	local t
	t=$(sed -n -e 's/^TIMEOUT=\([0-9][0-9]*\)$/\1/p' \
		-e 's/^: "\${TIMEOUT:=\([0-9][0-9]*\)}"$/\1/p' "$1" | tail -n1)
	echo "${t:-$2}"
}
