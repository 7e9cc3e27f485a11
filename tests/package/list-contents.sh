#!/bin/bash
# list-contents.sh TOOLS_DEB DKMS_DEB: docs/packages.md, the page that lists
# what each package installs, written from the packages themselves
# (`dpkg-deb -c`).  The package tier compares it with the checked-in page;
# after a change to the install rules, write it anew:
#   tests/package/list-contents.sh BUILD/pvfsf-tools_*.deb BUILD/pvfsf-dkms_*.deb >docs/packages.md
set -u -o pipefail

# files DEB: the files and links DEB installs, one path a line (directories
# are implied by them).
files() {
	dpkg-deb -c "$1" | awk '$1 !~ /^d/ { print $6 }' | sed 's|^\./|/|' | sort
}

cat <<'HEAD'
# The Debian packages

`cmake --build BUILD --target package` makes two packages with CPack
(`helper/packaging/packages.cmake`): `pvfsf-tools` for every node and `pvfsf-dkms`
for the clients.  This page is written by `tests/package/list-contents.sh`
from the packages themselves; the package tier (`tests/run --tier package`)
fails when it no longer matches them.  How to install them on a data
server and on a client: [README](../README.md#installing).

## pvfsf-tools

The tools in `/usr/sbin` (`pvfs-sim`, the simulated cluster, and
`pvfsf-attach-probe` are test tools and not installed), their manual
pages, the udev rules and the systemd units, example configurations.
Depends on `open-iscsi` (iscsiadm, on clients), `udev` and the shared
libraries it links (found by dpkg-shlibdeps).  Its postinst and postrm
reload systemd's units; nothing is enabled or started.
`pvfs-lun-export.service` is a data server's request service (enable it
once `/etc/pvfsf/export.conf` is written); `pvfsf-cleanup@.service` runs
`pvfs-stripe-attach cleanup` for a device that went, when udev starts it
(`systemctl --no-block start pvfsf-cleanup@%k.service` from a remove rule:
the work talks to the servers and may take minutes, too long for `RUN+=`).

HEAD
printf '```\n'
files "$1"
printf '```\n'
cat <<'MID'

## pvfsf-dkms

The module's source under `/usr/src/pvfsf-VERSION` with its `dkms.conf`
(from `blk/dkms.conf.in`).  Depends on `dkms`.  Its postinst is dkms's
`common.postinst` (as `dh_dkms` uses it): `dkms add`, then build and
install for the running kernel and the newest installed one whose headers
are there (every kernel with `autoinstall_all_kernels` in
`/etc/dkms/framework.conf`); dkms builds it again for each kernel installed
later.  Kernels other than 6.1 are skipped (`BUILD_EXCLUSIVE_KERNEL`).  Its
prerm is `dkms remove --all`.  `/usr/lib/modules-load.d/pvfsf.conf` loads
the module at boot, so that `/dev/pvfsf-control` is there on a client.

MID
printf '```\n'
files "$2"
printf '```\n'
cat <<'TAIL'

## How they are tested

`tests/run --tier package` (`tests/package/run`) builds both packages, and
the same again with Debian revision 2, then:

| test | what must hold |
|---|---|
| `package/control` | names, architectures; pvfsf-tools depends on open-iscsi, udev and each library it links, neither on targetcli-fb; pvfsf-dkms on dkms |
| `package/contents` | this page lists exactly what the packages hold |
| `package/lintian` | lintian reports no error |
| `package/units` | `systemd-analyze verify` accepts every unit as installed; `systemd-analyze security` rates `pvfs-lun-export.service` at most 2.0 |
| `package/install-dkms` | in a throwaway root, installing pvfsf-dkms builds `pvfsf.ko` with dkms against the installed headers of the VM tier's kernel and installs it in `/lib/modules/ABI/updates/dkms`, known to depmod |
| `package/install-tools` | there, every installed tool runs (`--help`), the rules and units are in place |
| `package/upgrade` | revision 2 installs over revision 1; the module is rebuilt and installed again |
| `package/purge` | purging both leaves no file behind: the throwaway root is as it was before the install, but for dpkg's and debconf's records, man-db's index and the key dkms signs modules with |

Lintian reports no error and two warnings, `initial-upload-closes-no-bugs`
(one per package: their changelog closes no Debian bug, as they are not in
Debian's archive).  With `-I`, informational tags add `hardening-no-bindnow`
and `hardening-no-fortify-functions`: the flags come from whoever builds
(`eval "$(dpkg-buildflags --export=sh)"` before `cmake` adds them).

The throwaway root is made by `tests/lib/package_root.sh`, for
`tests/package/install-cycle.sh`, in a mount namespace of its own:
overlays over the host's `/usr`, `/etc` and `/var` (their upper layers
under `$PVFSF_BUILD/package/root`), fresh `/proc`, `/run` and `/tmp`, the
host's `/dev`; dpkg runs chrooted into it.  The host's own system, its dpkg
database and `/var/lib/dkms` are never written.  Its log is
`$PVFSF_BUILD/package/cycle.log`.  The VM tier installs the packages the
same way and runs its guest on the layers that installing wrote
([tests/vm/README.md](../tests/vm/README.md#pvfsf-as-installed)).
TAIL
