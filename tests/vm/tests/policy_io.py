#!/usr/bin/env python3
# policy_io.py PATH MODEL LINK STEP...: one open of PATH (a file on the
# OrangeFS mount) with O_DIRECT, kept for all the steps, which run in order:
#
#   write:OFF:LEN:WHERE  LEN random bytes at OFF from page-aligned memory,
#                        mirrored into MODEL
#   read:OFF:LEN:WHERE   LEN bytes at OFF, compared with MODEL
#   wait:present|absent  until LINK (/dev/pvfsf/by-handle/FS-HANDLE) names
#                        a live device, or names none (120 s at most)
#   sleep:SECONDS
#   mark:FILE            creates FILE: a test that acts on the device meanwhile
#                        waits for it (the steps before it are done)
#
# WHERE says what must carry the I/O: "dev" (the device's sector counters
# in /sys/block/pvfsfN/stat move by LEN), "daemon" (no device, or its
# counters do not move), "any".  Every step's I/O must succeed and move
# LEN bytes: the program never sees an error, whichever path it took.
import mmap
import os
import sys
import time

path, model, link = sys.argv[1:4]
steps = sys.argv[4:]


def fail(msg):
    sys.exit("policy_io.py: %s" % msg)


def device():
    """The live device LINK names, or None."""
    try:
        dev = os.path.basename(os.path.realpath(link, strict=True))
        with open("/sys/block/%s/pvfsf/state" % dev) as f:
            return dev if f.read().strip() == "live" else None
    except OSError:
        return None


def sectors(dev):
    """Sectors read and written through DEV so far."""
    if dev is None:
        return (0, 0)
    with open("/sys/block/%s/stat" % dev) as f:
        v = f.read().split()
    return (int(v[2]), int(v[6]))


def io(fd, op, off, length, where):
    buf = mmap.mmap(-1, length)
    dev = device()
    before = sectors(dev)
    if op == "write":
        data = os.urandom(length)
        buf[:] = data
        n = os.pwritev(fd, [buf], off)
        with open(model, "r+b") as m:
            m.seek(off)
            m.write(data)
    else:
        n = os.preadv(fd, [buf], off)
        with open(model, "rb") as m:
            m.seek(off)
            if buf[:n] != m.read(length):
                fail("read at %d: other bytes than the model" % off)
    if n != length:
        fail("%s of %d bytes at %d moved %d" % (op, length, off, n))
    moved = sectors(dev)[op == "write"] - before[op == "write"]
    print("%s %d+%d: %s, %d sectors through it" % (op, off, length, dev, moved))
    if where == "dev" and moved < length // 512:
        fail("%s at %d: the device (%s) carried %d of %d sectors" % (op, off, dev, moved, length // 512))
    if where == "daemon" and moved:
        fail("%s at %d: the device %s carried %d sectors" % (op, off, dev, moved))


def wait(state):
    for _ in range(1200):
        if (device() is not None) == (state == "present"):
            return
        time.sleep(0.1)
    fail("the device of %s is still not %s after 120 s" % (link, state))


fd = os.open(path, os.O_RDWR | os.O_DIRECT)
for step in steps:
    what, *args = step.split(":")
    if what in ("write", "read"):
        io(fd, what, int(args[0]), int(args[1]), args[2])
    elif what == "wait":
        wait(args[0])
    elif what == "sleep":
        time.sleep(float(args[0]))
    elif what == "mark":
        open(args[0], "x").close()
    else:
        fail("unknown step %s" % step)
os.close(fd)
