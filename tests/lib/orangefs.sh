# A real OrangeFS for the tests that need one (the VM tests 500-549).
# Source after tests/lib/common.sh.  Runs on the host, before a guest boots:
# the guest sees the host's /usr and the shared directories, never builds.
#
# Where it comes from, first match wins:
#   ORANGEFS_PREFIX=DIR        an installed OrangeFS (DIR/sbin/pvfs2-server,
#                              DIR/bin/pvfs2-genconfig...), used as it is; it
#                              must run from DIR (the guest sees DIR at DIR)
#   ORANGEFS_TARBALL=FILE      a source tarball (orangefs-2.10.0.tar.gz),
#                              built once and cached
#   $PVFSF_CACHE/orangefs/orangefs-*.tar.gz, then ../shared/orangefs/ beside
#   the clone, then /work/shared/orangefs/
#                              the same, found by itself
#
# A tarball is built into $PVFSF_CACHE/orangefs/<sha256 of the tarball>/:
#   prefix/      the install, configured with --prefix set to this very path
#                (the guest sees it at the same path), so binaries find their
#                libraries and pvfs2-client finds pvfs2-client-core
#   build.log    prepare, configure, make and make install, kept
#   ok           written last: the install is complete
# A failed build leaves build.log and no ok; the next run tries again.

ORANGEFS_BUILD_PKGS=(autoconf automake libtool bison flex libssl-dev libattr1-dev make gcc)

ORANGEFS_HOWTO="set ORANGEFS_TARBALL=/path/orangefs-2.10.0.tar.gz (the OrangeFS source, built and cached once) or ORANGEFS_PREFIX=/path/of/an/install"

# pvfsf_orangefs_tarball: the tarball to build, or nothing.
pvfsf_orangefs_tarball() {
	local f
	if [ -n "${ORANGEFS_TARBALL:-}" ]; then
		printf '%s\n' "$ORANGEFS_TARBALL"
		return 0
	fi
	for f in "$PVFSF_CACHE"/orangefs/orangefs-*.tar.gz \
		"$PVFSF_SRC"/../shared/orangefs/orangefs-*.tar.gz \
		/work/shared/orangefs/orangefs-*.tar.gz; do
		[ -f "$f" ] || continue
		printf '%s\n' "$f"
		return 0
	done
}

# pvfsf_orangefs_check_prefix DIR: DIR holds what the tests run.
pvfsf_orangefs_check_prefix() {
	local p
	for p in sbin/pvfs2-server sbin/pvfs2-client sbin/pvfs2-client-core bin/pvfs2-genconfig \
		bin/pvfs2-cp bin/pvfs2-ping bin/pvfs2-fsck bin/pvfs2-viewdist; do
		[ -x "$1/$p" ] || { echo "$1 has no $p"; return 1; }
	done
}

# pvfsf_orangefs [LOG]: make an OrangeFS available.  On success prints its
# prefix and returns 0; returns 1 when there is none to be had (why, and how
# to provide one, on stderr), 2 when a build failed (the log named on
# stderr).  Progress goes to LOG (default stderr).
pvfsf_orangefs() {
	local log=${1:-/dev/stderr} tarball sha dir tmp rc why start
	if [ -n "${ORANGEFS_PREFIX:-}" ]; then
		why=$(pvfsf_orangefs_check_prefix "$ORANGEFS_PREFIX") || {
			pvfsf_log "orangefs: ORANGEFS_PREFIX: $why"
			return 1
		}
		printf '%s\n' "$ORANGEFS_PREFIX"
		return 0
	fi
	tarball=$(pvfsf_orangefs_tarball)
	if [ -z "$tarball" ] || [ ! -r "$tarball" ]; then
		pvfsf_log "orangefs: no OrangeFS source or install${tarball:+ ($tarball unreadable)}: $ORANGEFS_HOWTO"
		return 1
	fi
	tarball=$(realpath "$tarball")
	sha=$(sha256sum "$tarball" | cut -d' ' -f1)
	dir=$PVFSF_CACHE/orangefs/$sha
	mkdir -p "$PVFSF_CACHE/orangefs"
	# One build per tarball, whatever the number of clones asking at once.
	(
		exec {fd}>"$PVFSF_CACHE/orangefs/$sha.lock"
		flock "$fd"
		[ -f "$dir/ok" ] && exit 0
		pvfsf_need_pkgs "${ORANGEFS_BUILD_PKGS[@]}" || exit 2
		rm -rf "$dir"
		mkdir -p "$dir"
		tmp=$(mktemp -d "$PVFSF_CACHE/orangefs/src.XXXXXX")
		start=$SECONDS
		pvfsf_log "orangefs: building $tarball into $dir/prefix (log: $dir/build.log)"
		# && rather than set -e: this runs on the left of ||, where bash
		# ignores set -e.
		(
			echo "tarball $tarball sha256 $sha" &&
				tar -xzf "$tarball" -C "$tmp" &&
				cd "$tmp"/*/ &&
				./prepare &&
				./configure --prefix="$dir/prefix" --enable-shared \
					--with-db-backend=lmdb --disable-usrint &&
				make -j"$(nproc)" &&
				make install
		) >"$dir/build.log" 2>&1 </dev/null
		rc=$?
		rm -rf "$tmp"
		[ $rc = 0 ] || { pvfsf_log "orangefs: build failed, see $dir/build.log"; exit 2; }
		why=$(pvfsf_orangefs_check_prefix "$dir/prefix") || {
			echo "$why" >>"$dir/build.log"
			pvfsf_log "orangefs: built, but $why (see $dir/build.log)"
			exit 2
		}
		echo "built in $((SECONDS - start)) s" >>"$dir/build.log"
		pvfsf_log "orangefs: built in $((SECONDS - start)) s"
		touch "$dir/ok"
	) 2>>"$log" || return $?
	printf '%s\n' "$dir/prefix"
}
