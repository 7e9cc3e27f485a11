#!/bin/bash
# Another client changes a file that is attached here (orangefs.ko 0005;
# the other client is ofs_other_client.c: libpvfs2 straight to the
# servers, past this machine's orangefs.ko and client daemon).  Real
# OrangeFS of 4 servers, strip 64 KiB, a directory that is on.
#  1. a shrinking truncate to 100,000 bytes, then an O_DIRECT write at
#     262,144 through the mount: either the program gets an error (EIO,
#     at the write or at its close), and the file, read through the mount
#     and pvfs2-cp, is the 100,000 bytes the other client left, its
#     bstreams too once a truncate at that size cut what the write left
#     past them; or the file, read through the mount, pvfs2-cp and its
#     bstreams, holds the write (and zeros before it); never a success
#     whose bytes are lost;
#  2. a remove, while a program holds the file open, then a new file:
#     the program's writes through the old file's device land in no
#     datafile of the new file or of a neighbour (their bytes, read
#     through the mount and from their bstreams, stay theirs).
DESCRIPTION="orangefs attach on open: another client's truncate and remove of an attached file"
REQUIRES="pvfsf target_core_mod iscsi_target_mod target_core_file iscsi_tcp"
ORANGEFS=1
TIMEOUT=960
. "$PVFSF_SRC/tests/vm/guest/orangefs.sh"
. "$PVFSF_SRC/tests/vm/guest/ofs_fastpath.sh"
. "$PVFSF_SRC/tests/vm/guest/ofs_policy.sh"

test() {
	local fast slow other=$TMPDIR/ofs_other_client f pid rc
	ofs_policy_setup
	fast=$OFS_MNT/fast slow=$OFS_MNT/slow
	gcc -Wall -Werror -o "$other" "$PVFSF_SRC/tests/vm/guest/ofs_other_client.c" \
		-I"$OFS_PREFIX/include" -L"$OFS_PREFIX/lib" -lpvfs2 -lpthread 2>"$TMPDIR/gcc.err" ||
		fail "cannot build ofs_other_client: $(head -n1 "$TMPDIR/gcc.err")"
	mkdir "$fast" "$slow"
	ofs_fastpath_attr "$fast" on
	ofs_new_file n "$slow/n" 600000

	# 1. A shrinking truncate elsewhere.
	f=$fast/t
	ofs_new_file t "$f" 600000
	# The write at the end leaves this client knowing a size of 600,000,
	# the stale size the write after the truncate then trusts.
	ofs_policy_io "$f" t wait:present read:0:524288:dev write:524288:65536:dev ||
		fail "I/O of $f failed"
	"$other" truncate "$f" 100000 || fail "the other client's truncate failed"
	truncate -s 100000 "$TMPDIR/t.model"
	cp "$TMPDIR/t.model" "$TMPDIR/t.left"
	rc=0
	ofs_policy_io "$f" t write:262144:65536:any >"$TMPDIR/t.io" 2>&1 || rc=$?
	cat "$TMPDIR/t.io"
	echo "after the other client's truncate, the write $( ((rc)) && echo failed || echo succeeded)"
	if ((rc)); then
		grep -q 'OSError: \[Errno 5\]' "$TMPDIR/t.io" ||
			fail "the write failed, but not with EIO: $(tail -n1 "$TMPDIR/t.io")"
		# policy_io.py mirrored the write into the model before the close failed
		cp "$TMPDIR/t.left" "$TMPDIR/t.model"
		ofs_drop_caches
		[ "$(stat -c %s "$f")" = 100000 ] ||
			fail "t: after the error the mount says $(stat -c %s "$f") bytes, not 100000"
		cmp "$TMPDIR/t.model" "$f" || fail "t: after the error the mount reads other bytes than the other client left"
		truncate -s 100000 "$f" || fail "truncate of $f at its size failed"
	fi
	_ofs_check_file t "$f" "$(stat -c %s "$TMPDIR/t.model")" "after the truncate elsewhere"

	# 2. A remove elsewhere, under an open file.
	f=$fast/u
	ofs_new_file u "$f" 600000
	# in the background, where its failure must not end the test: its
	# status goes to u.rc
	{
		rc=0
		ofs_policy_io "$f" u wait:present sleep:6 write:0:524288:any write:524288:65536:any \
			>"$TMPDIR/u.io" 2>&1 || rc=$?
		echo "$rc" >"$TMPDIR/u.rc"
	} &
	pid=$!
	ofs_wait_dev "$f" present
	"$other" remove "$f" || fail "the other client's remove failed"
	ofs_new_file w "$fast/w" 600000
	wait "$pid"
	cat "$TMPDIR/u.io"
	echo "writes to the file removed elsewhere: exit $(cat "$TMPDIR/u.rc")"
	ofs_drop_caches
	[ ! -e "$f" ] || fail "$f is still there after the other client's remove"
	_ofs_check_file w "$fast/w" 600000 "after writes to a removed file"
	_ofs_check_file n "$slow/n" 600000 "after writes to a removed file"
}
