#!/usr/bin/env python3
# ofs_mount_loop.py PATH MODEL PROGRESS: a program that keeps working on
# PATH (a file on an OrangeFS mount whose bytes MODEL holds) until SIGTERM:
# 64 KiB at a random 4 KiB-aligned offset inside the file, written
# buffered then fsync'd, or with O_DIRECT, in turn, then read back with
# O_DIRECT and buffered, each compared with the model.  After every round
# PROGRESS holds the number of rounds done.  Any error, or any byte other
# than written, ends it with status 1 and a line saying what; on SIGTERM it
# writes MODEL and ends with 0.
import mmap
import os
import random
import signal
import sys

path, model_path, progress = sys.argv[1:4]
with open(model_path, "rb") as f:
    model = bytearray(f.read())
stop = False


def on_term(signum, frame):
    global stop
    stop = True


signal.signal(signal.SIGTERM, on_term)
LEN = 65536
buf = mmap.mmap(-1, LEN)
rng = random.Random(515)
rounds = 0
try:
    while not stop:
        off = rng.randrange(0, (len(model) - LEN) // 4096 + 1) * 4096
        data = rng.randbytes(LEN)
        if rounds % 2:
            buf[:] = data
            fd = os.open(path, os.O_WRONLY | os.O_DIRECT)
            n = os.pwritev(fd, [buf], off)
        else:
            fd = os.open(path, os.O_WRONLY)
            n = os.pwrite(fd, data, off)
            os.fsync(fd)
        os.close(fd)
        if n != LEN:
            sys.exit("round %d: a write of %d bytes at %d wrote %d" % (rounds, LEN, off, n))
        model[off:off + LEN] = data
        fd = os.open(path, os.O_RDONLY | os.O_DIRECT)
        n = os.preadv(fd, [buf], off)
        os.close(fd)
        if n != LEN or buf[:] != data:
            sys.exit("round %d: an O_DIRECT read at %d gave other bytes (%d)" % (rounds, off, n))
        with open(path, "rb") as f:
            f.seek(off)
            if f.read(LEN) != data:
                sys.exit("round %d: a buffered read at %d gave other bytes" % (rounds, off))
        rounds += 1
        with open(progress + ".tmp", "w") as f:
            f.write("%d\n" % rounds)
        os.rename(progress + ".tmp", progress)
except OSError as e:
    sys.exit("round %d: %s" % (rounds, e))
with open(model_path, "wb") as f:
    f.write(model)
