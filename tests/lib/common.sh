# Shared by every test runner: where caches live, how packages get installed,
# how results are reported.  Source it; it defines functions and variables only.

PVFSF_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PVFSF_CACHE=${PVFSF_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pvfsf}
# Build trees are per clone, so two checkouts never share objects.
PVFSF_BUILD=${PVFSF_BUILD:-$PVFSF_CACHE/build/$(printf '%s' "$PVFSF_SRC" | md5sum | cut -c1-12)}
export PVFSF_SRC PVFSF_CACHE PVFSF_BUILD

pvfsf_log() {
	printf '%s\n' "$*" >&2
}

pvfsf_die() {
	printf '%s: %s\n' "${0##*/}" "$*" >&2
	exit 1
}

# pvfsf_need_pkgs PKG...: apt-get install those of PKG that are missing.
pvfsf_need_pkgs() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	pvfsf_log "installing: ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	if ! apt-get install -y -q --no-install-recommends "${missing[@]}" >&2; then
		apt-get update -q >&2 || return 1
		apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
	fi
}

# pvfsf_kernel_abi: the ABI linux-image-amd64 resolves to today, e.g. 6.1.0-56-amd64.
pvfsf_kernel_abi() {
	local abi
	abi=$(apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: linux-image-\(6\.1\.[0-9]*-[0-9]*-amd64\)$/\1/p' | head -n1)
	if [ -z "$abi" ]; then
		apt-get update -q >&2 || return 1
		abi=$(apt-cache depends linux-image-amd64 |
			sed -n 's/^ *Depends: linux-image-\(6\.1\.[0-9]*-[0-9]*-amd64\)$/\1/p' | head -n1)
	fi
	[ -n "$abi" ] || return 1
	printf '%s\n' "$abi"
}

pvfsf_pass() { printf 'PASS %s\n' "$1"; }
pvfsf_fail() { printf 'FAIL %s: %s\n' "$1" "${2:-failed}"; }
pvfsf_skip() { printf 'SKIP %s: %s\n' "$1" "${2:-skipped}"; }
