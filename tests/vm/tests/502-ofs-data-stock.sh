#!/bin/bash
# 500 again with the guest kernel's own orangefs.ko instead of the one
# built with pvfsf's patches (blk/orangefs/series): the data the stock
# module writes and the bstreams it leaves are the ones 500 checks, so
# with no device attached the patched module behaves as the stock one.
ORANGEFS=1
OFS_MODULE=stock
. "$PVFSF_SRC/tests/vm/tests/500-ofs-data.sh"
DESCRIPTION="orangefs, the kernel's own orangefs.ko: cp and pvfs2-cp read back equal, bstreams follow simple_stripe"
TIMEOUT=420
