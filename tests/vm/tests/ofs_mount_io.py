#!/usr/bin/env python3
# ofs_mount_io.py PATH MODEL: every way a program writes a file through an
# OrangeFS mount, one after the other on PATH (an empty file), mirrored in
# MODEL (written at the end), and after each what must hold:
#  1. buffered: 1 MiB in 64 KiB write()s, fsync (it ends on a block, so
#     nothing but the size update through the metadata path makes it the
#     size); the size, then the bytes read with O_DIRECT, then a read
#     crossing the end with O_DIRECT (it must stop at the end);
#  2. O_DIRECT 128 KiB inside the file: a buffered read of the cached
#     pages sees it (the write invalidated them);
#  3. mmap: a read through the mapping, stores into 3 pages, msync: an
#     O_DIRECT read sees them;
#  4. O_APPEND: 70,000 bytes in two write()s, fsync;
#  5. pwrite()s at unaligned offsets (one across a strip, one past the end
#     leaving a hole), fsync;
#  6. O_DIRECT 64 KiB at a block past the end (a hole before it);
#  7. truncate down to an unaligned size, up again (zeros), 5,000 bytes
#     written into what came back, fsync.
# After each step stat says the model's size and a buffered read of the
# whole file (page cache) equals the model.  Exits non-zero naming the
# first difference.
import mmap
import os
import sys

path, model_path = sys.argv[1:3]
model = bytearray()
BLOCK = 4096


def fail(msg):
    sys.exit("ofs_mount_io: " + msg)


def put(off, data):
    if off > len(model):
        model.extend(bytes(off - len(model)))
    model[off:off + len(data)] = data


def direct_read(off, length):
    buf = mmap.mmap(-1, length)
    fd = os.open(path, os.O_RDONLY | os.O_DIRECT)
    try:
        n = os.preadv(fd, [buf], off)
    finally:
        os.close(fd)
    return bytes(buf[:n])


def direct_write(off, data):
    buf = mmap.mmap(-1, len(data))
    buf.write(data)
    fd = os.open(path, os.O_WRONLY | os.O_DIRECT)
    try:
        n = os.pwritev(fd, [buf], off)
    finally:
        os.close(fd)
    if n != len(data):
        fail("O_DIRECT write of %d bytes at %d wrote %d" % (len(data), off, n))
    put(off, data)


def check(step):
    size = os.stat(path).st_size
    if size != len(model):
        fail("after %s stat says %d bytes, the model %d" % (step, size, len(model)))
    with open(path, "rb") as f:
        got = f.read()
    if got != model:
        at = next((i for i, (a, b) in enumerate(zip(got, model)) if a != b), min(len(got), len(model)))
        fail("after %s a buffered read differs from the model at byte %d (%d bytes read)" % (step, at, len(got)))
    print("%s: %d bytes, as the model" % (step, size))


def check_direct(step, off, length):
    want = bytes(model[off:off + length])
    got = direct_read(off, (length + BLOCK - 1) // BLOCK * BLOCK)
    if got != want:
        fail("after %s an O_DIRECT read of %d bytes at %d gave %d bytes, %s" %
             (step, length, off, len(got), "other ones" if len(got) == len(want) else "not %d" % len(want)))


def sync():
    fd = os.open(path, os.O_RDONLY)
    os.fsync(fd)
    os.close(fd)


# 1. buffered
with open(path, "r+b", buffering=0) as f:
    for off in range(0, 1 << 20, 65536):
        data = os.urandom(65536)
        f.write(data)
        put(off, data)
    os.fsync(f.fileno())
check("1 buffered")
check_direct("1 buffered", 0, len(model))
check_direct("1 buffered, a read across the end", len(model) - 8192, 8192)

# 2. O_DIRECT inside the file, the cached pages of step 1 invalidated
with open(path, "rb") as f:
    f.read()
direct_write(262144, os.urandom(131072))
check("2 O_DIRECT inside")

# 3. mmap
with open(path, "r+b") as f:
    m = mmap.mmap(f.fileno(), 0)
    if m[:len(model)] != model:
        fail("3 mmap: the mapping reads other bytes than the model")
    for off in (5 * BLOCK + 7, 100 * BLOCK, 200 * BLOCK + 4000):
        data = os.urandom(96)
        m[off:off + len(data)] = data
        put(off, data)
    m.flush()
    m.close()
check_direct("3 mmap", 0, len(model))
check("3 mmap")

# 4. O_APPEND
fd = os.open(path, os.O_WRONLY | os.O_APPEND)
for length in (30000, 40000):
    data = os.urandom(length)
    put(len(model), data)
    os.write(fd, data)
os.fsync(fd)
os.close(fd)
check("4 O_APPEND")

# 5. pwrite at unaligned offsets
fd = os.open(path, os.O_WRONLY)
for off, length in ((3, 100), (65536 - 5, 10), (len(model) + 1000, 777)):
    data = os.urandom(length)
    os.pwrite(fd, data, off)
    put(off, data)
os.fsync(fd)
os.close(fd)
check("5 pwrite unaligned")
check_direct("5 pwrite unaligned", 0, len(model))

# 6. O_DIRECT past the end, a hole before it
direct_write((len(model) + BLOCK - 1) // BLOCK * BLOCK + 65536, os.urandom(65536))
check("6 O_DIRECT past the end")

# 7. truncate down, up, a write into what came back
os.truncate(path, 654321)
del model[654321:]
check("7 truncate down")
os.truncate(path, 900000)
model.extend(bytes(900000 - len(model)))
check_direct("7 truncate up", 0, len(model))
fd = os.open(path, os.O_WRONLY)
data = os.urandom(5000)
os.pwrite(fd, data, 800000)
put(800000, data)
os.fsync(fd)
os.close(fd)
check("7 truncate down, up, written")
check_direct("7 truncate down, up, written", 0, len(model))

with open(model_path, "wb") as f:
    f.write(model)
