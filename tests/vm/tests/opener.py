#!/usr/bin/env python3
# opener.py PATH RESULT: opens PATH the moment it exists, again and again,
# as udev's workers would; each open that succeeds reads a block (a bio in
# flight) and holds the device 50 ms.  On SIGTERM it writes "SEEN OPENED"
# to RESULT: how often PATH existed, and how often it could be opened.
import os
import signal
import sys
import time

path, result = sys.argv[1:3]
stop = False


def on_term(signum, frame):
    global stop
    stop = True


signal.signal(signal.SIGTERM, on_term)
seen = opened = 0
while not stop:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECT)
    except FileNotFoundError:
        continue
    except OSError:
        seen += 1
        continue
    seen += 1
    opened += 1
    try:
        os.preadv(fd, [bytearray(4096)], 0)
    except OSError:
        pass
    time.sleep(0.05)
    os.close(fd)
with open(result, "w") as f:
    f.write(f"{seen} {opened}\n")
