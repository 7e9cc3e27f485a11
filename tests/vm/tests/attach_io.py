#!/usr/bin/env python3
"""O_DIRECT I/O on a pvfsf device for the attach tests, with a model.

  attach_io.py write DEVICE MODEL COUNT SEED LIMIT
      COUNT random writes of random bytes, each 1 to 512 blocks of 512
      bytes (no more than LIMIT) at a block-aligned offset below LIMIT, many
      crossing strip boundaries, written to DEVICE with O_DIRECT and to
      MODEL (a regular file, or another device as an oracle) at the same
      offsets, both synced at the end.  Prints the end of the highest
      write.
  attach_io.py read DEVICE OUTPUT LENGTH
      reads the first LENGTH bytes of DEVICE with O_DIRECT (whole blocks)
      into OUTPUT.
"""
import mmap
import os
import random
import sys

BLOCK = 512


def aligned(length):
    # An anonymous mapping is page aligned, as O_DIRECT wants its buffer.
    return mmap.mmap(-1, max(length, BLOCK))


def write(device, model, count, seed, limit):
    rng = random.Random(seed)
    fd = os.open(device, os.O_WRONLY | os.O_DIRECT)
    top = 0
    with open(model, "r+b") as m:
        for _ in range(count):
            blocks = min(rng.choice([1, 7, 8, 128, 129, 300, 512]), limit // BLOCK)
            length = blocks * BLOCK
            offset = rng.randrange(0, (limit - length) // BLOCK + 1) * BLOCK
            data = rng.randbytes(length)
            buf = aligned(length)
            buf.write(data)
            done = os.pwritev(fd, [memoryview(buf)[:length]], offset)
            if done != length:
                sys.exit(f"short write at {offset}: {done} of {length}")
            m.seek(offset)
            m.write(data)
            top = max(top, offset + length)
        m.flush()
        os.fsync(m.fileno())
    os.fsync(fd)
    os.close(fd)
    print(top)


def read(device, output, length):
    rounded = -(-length // BLOCK) * BLOCK
    fd = os.open(device, os.O_RDONLY | os.O_DIRECT)
    buf = aligned(rounded)
    done = os.preadv(fd, [memoryview(buf)[:rounded]], 0)
    os.close(fd)
    if done != rounded:
        sys.exit(f"short read: {done} of {rounded}")
    with open(output, "wb") as out:
        out.write(buf[:length])


def main():
    if len(sys.argv) == 7 and sys.argv[1] == "write":
        write(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]))
    elif len(sys.argv) == 5 and sys.argv[1] == "read":
        read(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        sys.exit(__doc__)


main()
