#!/usr/bin/env python3
# hold_ctl_mutex.py INDEX RELEASE: holds pvfsf's control mutex until the
# file RELEASE exists.  An INFO ioctl for /dev/pvfsf<INDEX> is given a
# member array in memory registered with userfaultfd; the kernel copies
# the members out under the control mutex and blocks on the first fault.
# Prints "holding" once the fault is reported, "released" at the end.
import ctypes
import fcntl
import mmap
import os
import struct
import sys
import threading
import time

index, release = int(sys.argv[1]), sys.argv[2]
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
libc.mmap.restype = ctypes.c_void_p
libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int,
                      ctypes.c_int, ctypes.c_int, ctypes.c_long]

SYS_userfaultfd = 323
UFFD_API = 0xAA
UFFDIO_API = 0xC018AA3F
UFFDIO_REGISTER = 0xC020AA00
UFFDIO_REGISTER_MODE_MISSING = 1
PVFSF_IOC_INFO = 0xC068E703     # _IOWR(0xE7, 3, struct pvfsf_info), 104 bytes

uffd = libc.syscall(SYS_userfaultfd, os.O_CLOEXEC)
if uffd < 0:
    sys.exit(f"userfaultfd: {os.strerror(ctypes.get_errno())}")
fcntl.ioctl(uffd, UFFDIO_API, bytearray(struct.pack("QQQ", UFFD_API, 0, 0)))
size = mmap.PAGESIZE
addr = libc.mmap(None, size, mmap.PROT_READ | mmap.PROT_WRITE,
                 mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS, -1, 0)
fcntl.ioctl(uffd, UFFDIO_REGISTER,
            bytearray(struct.pack("QQQQ", addr, size,
                                  UFFDIO_REGISTER_MODE_MISSING, 0)))

# struct pvfsf_info: version, index, 4 out words, handle, strip, capacity,
# members, members_len, 3 out/reserved words, reserved[4]
info = bytearray(struct.pack("=IIIIIIQQQQIIII4Q", 1, index, 0, 0, 0, 0,
                             0, 0, 0, addr, 1, 0, 0, 0, 0, 0, 0, 0))
ctl = os.open("/dev/pvfsf-control", os.O_RDWR)
result = []


def info_call():
    try:
        fcntl.ioctl(ctl, PVFSF_IOC_INFO, info)
        result.append("ok")
    except OSError as e:
        result.append(e.strerror)


t = threading.Thread(target=info_call)
t.start()
os.read(uffd, 32)               # a struct uffd_msg: the kernel has faulted
print("holding", flush=True)
while not os.path.exists(release):
    time.sleep(0.05)
os.close(uffd)                  # the fault fails, INFO returns EFAULT
t.join()
print(f"released ({result[0]})", flush=True)
