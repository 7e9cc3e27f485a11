# The guest runs pvfsf as installed from its packages (tests/vm/lib/packages.sh):
# every other test then exercises the tools, rules and module a package
# puts on a machine, not the build tree.
DESCRIPTION="pvfsf-tools and pvfsf-dkms are installed: their tools come first in PATH, their rules are udev's, modprobe finds dkms's module"
TIMEOUT=300

test() {
	local deb pkg version status file tool rules tools_files

	for deb in "$PVFSF_BUILD"/vm/packages/debs/*.deb; do
		pkg=$(dpkg-deb -f "$deb" Package)
		version=$(dpkg-deb -f "$deb" Version)
		status=$(dpkg-query -W -f='${db:Status-Status} ${Version}' "$pkg" 2>&1) ||
			fail "$pkg is not installed: $status"
		[ "$status" = "installed $version" ] ||
			fail "$pkg is '$status', the build made $version"
	done
	[ -n "${pkg:-}" ] || fail "no package in $PVFSF_BUILD/vm/packages/debs"

	# Each tool is the installed one, whatever else PATH holds.
	tools_files=$(dpkg -L pvfsf-tools) || fail "dpkg -L pvfsf-tools failed"
	while read -r file; do
		case $file in /usr/sbin/*) ;; *) continue ;; esac
		tool=${file##*/}
		[ "$(command -v "$tool")" = "$file" ] ||
			fail "$tool runs from $(command -v "$tool"), not $file"
		"$tool" --help >/dev/null || fail "$file --help failed"
	done <<<"$tools_files"
	command -v pvfs-stripe-attach >/dev/null || fail "pvfsf-tools installs no pvfs-stripe-attach"

	# udev reads the installed rules, and nothing shadows them.
	for rules in "$PVFSF_SRC"/udev/*.rules; do
		file=/usr/lib/udev/rules.d/${rules##*/}
		cmp -s "$rules" "$file" || fail "$file is not udev/${rules##*/}"
		# dpkg -L, not dpkg -S: that reads every package's file list
		# over 9p, 20 s under TCG.
		grep -qxF "$file" <<<"$tools_files" || fail "$file is not pvfsf-tools's"
		[ ! -e "/etc/udev/rules.d/${rules##*/}" ] && [ ! -e "/run/udev/rules.d/${rules##*/}" ] ||
			fail "${rules##*/} is shadowed in /etc or /run"
	done

	file=$(modinfo -n pvfsf) || fail "modprobe knows no pvfsf"
	[[ $file == */lib/modules/$(uname -r)/updates/dkms/pvfsf.ko ]] ||
		fail "pvfsf is $file, not dkms's"
	[ "$(modinfo -F srcversion pvfsf)" = "$(modinfo -F srcversion "$PVFSF_BUILD/module/pvfsf.ko")" ] ||
		fail "dkms built pvfsf.ko from other sources than the tree's"
}
