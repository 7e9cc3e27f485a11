#!/bin/bash
# check-control.sh TOOLS_DEB DKMS_DEB: the packages' names, architectures
# and dependencies are the ones docs/packages.md promises.  Prints what is
# wrong, one line, and exits 1; silent and 0 when all holds.
set -u -o pipefail
tools=$1
dkms=$2

field() {
	dpkg-deb -f "$1" "$2"
}

# has DEB FIELD PACKAGE: FIELD of DEB names PACKAGE (with or without a
# version or alternatives).
has() {
	field "$1" "$2" | tr ',|' '\n\n' | sed 's/(.*//; s/ //g' | grep -qx "$3"
}

problems=()
[ "$(field "$tools" Package)" = pvfsf-tools ] || problems+=("tools: Package is not pvfsf-tools")
[ "$(field "$tools" Architecture)" = amd64 ] || problems+=("pvfsf-tools: Architecture is not amd64")
[ "$(field "$dkms" Package)" = pvfsf-dkms ] || problems+=("dkms: Package is not pvfsf-dkms")
[ "$(field "$dkms" Architecture)" = all ] || problems+=("pvfsf-dkms: Architecture is not all")
# The tools: iscsiadm, udev and every shared library they link.
for dep in open-iscsi udev libc6 libstdc++6 libgcc-s1 libboost-program-options1.74.0 \
	libudev1 libblkid1 libssl3 libopeniscsiusr; do
	has "$tools" Depends "$dep" || problems+=("pvfsf-tools does not depend on $dep")
done
# LIO is driven through configfs: targetcli is no run-time dependency.
for pkg in "$tools" "$dkms"; do
	for f in Depends Recommends; do
		! has "$pkg" "$f" targetcli-fb || problems+=("$(field "$pkg" Package) $f on targetcli-fb")
	done
done
has "$dkms" Depends dkms || problems+=("pvfsf-dkms does not depend on dkms")
# Both have the same version, the project's.
[ "$(field "$tools" Version)" = "$(field "$dkms" Version)" ] ||
	problems+=("versions differ: $(field "$tools" Version) and $(field "$dkms" Version)")

if [ ${#problems[@]} -gt 0 ]; then
	printf '%s; ' "${problems[@]}"
	echo
	exit 1
fi
