#!/usr/bin/env python3
# sim_model_check.py DIR LAYOUT FILE SIZE [absent|empty]: for the VM tests
# of pvfs-sim (25N-sim-*.sh).  Every bstream of LAYOUT in the pvfs-sim
# cluster DIR must hold what PVFS simple_stripe puts there of FILE's first
# SIZE bytes (zeros past FILE's end): strip k of the file is appended to
# datafile k mod N.  Written from that description, not from
# pvfsf_stripe.h.  A datafile with no byte has no bstream ("absent", after
# put) or none or an empty one ("empty", after a truncate).  Prints one
# line per bad datafile and a summary; exits 1 if any is bad.
import json, os, sys
d, layout_path, file_path, size, mode = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), (sys.argv[5:] or ["absent"])[0]
layout = json.load(open(layout_path))
data = open(file_path, "rb").read()[:size]
data += bytes(size - len(data))
strip = layout["distribution"]["strip_size"]
n = len(layout["datafiles"])
# Strip k of the file goes to datafile k mod n, appended.
held = [bytearray() for _ in range(n)]
for k, start in enumerate(range(0, size, strip)):
    held[k % n] += data[start:start + strip]
bad = 0
for i, df in enumerate(layout["datafiles"]):
    h = df["handle"]
    path = "%s/%s/storage/%08x/bstreams/%.8d/%08x.bstream" % (d, df["server"], layout["fs_id"], h % 64, h)
    if not held[i]:
        if os.path.exists(path) and (mode == "absent" or os.path.getsize(path) != 0):
            print("datafile %d: got no byte but %s exists (%d bytes)" % (i, path, os.path.getsize(path)))
            bad += 1
        continue
    if not os.path.exists(path):
        print("datafile %d: %s is missing" % (i, path))
        bad += 1
        continue
    got = open(path, "rb").read()
    if got != bytes(held[i]):
        print("datafile %d: %s: %d bytes, expected %d; first difference at %s" % (i, path, len(got), len(held[i]),
              next((j for j, (a, b) in enumerate(zip(got, held[i])) if a != b), min(len(got), len(held[i])))))
        bad += 1
print("model check %s size %d: %d datafiles, %d bad" % (layout_path, size, n, bad))
sys.exit(1 if bad else 0)
