#!/usr/bin/python3
"""What the OrangeFS tests know about a file on a real OrangeFS mount.

    ofs_tool.py info   --conf FS.CONF PATH              the file's distribution, datafiles, servers
    ofs_tool.py check  --conf FS.CONF PATH EXPECTED [--order reverse|rotate]
    ofs_tool.py layout --conf FS.CONF PATH [--portal-base 127.0.10.]

Everything comes from where a client can read it, as issue 10 lists it:
the xattrs system.pvfs2.md (the distribution: its name, then
simple_stripe's strip size) and system.pvfs2.dh (the datafile handles,
little-endian u64, in stripe order), the inode number (the metafile
handle), statfs(2)'s f_fsid (the fs id) and fs.conf (DataHandleRanges and
Aliases: which server holds a handle; ServerOptions: its DataStorageSpace).

check: each datafile's bstream,
    <DataStorageSpace>/<fs id %08x>/bstreams/<handle mod 64 %.8llu>/<handle %08llx>.bstream
holds exactly the bytes simple_stripe puts in it from EXPECTED (the file's
true contents): strip k of the file in datafile k mod N at offset
(k div N) x strip, nothing after its last strip, no bstream for a datafile
that has no byte.  The model is written here from the PVFS description,
not from pvfsf_stripe.h.  --order takes the handles in another order, to
show that the check notices a wrong datafile order (it must then fail).

layout: the file's layout JSON (docs/layout.md) for pvfs-stripe-attach,
server K (K = 1.., fs.conf's servers in port order) reached at portal
<base>K:3260, target iqn.2025-11.org.pvfsf:export.ofsK (pvfs-lun-export's
default for server "ofsK") and service <base>K:3263.
"""

import argparse
import ctypes
import json
import os
import re
import struct
import sys


def fail(msg):
    print("ofs_tool: " + msg, file=sys.stderr)
    sys.exit(1)


class FsConf:
    def __init__(self, path):
        text = open(path).read()
        fs = re.search(r"<FileSystem>(.*?)</FileSystem>", text, re.S)
        if not fs:
            fail(path + ": no <FileSystem>")
        fs = fs.group(1)
        self.fs_id = int(re.search(r"^\s*ID\s+(\d+)\s*$", fs, re.M).group(1))
        self.aliases = {}   # alias -> BMI address
        for m in re.finditer(r"^\s*Alias\s+(\S+)\s+(\S+)\s*$", text, re.M):
            self.aliases[m.group(1)] = m.group(2)
        self.data_ranges = []   # (low, high, alias)
        dr = re.search(r"<DataHandleRanges>(.*?)</DataHandleRanges>", fs, re.S)
        if not dr:
            fail(path + ": no <DataHandleRanges>")
        for m in re.finditer(r"^\s*Range\s+(\S+)\s+(\S+)\s*$", dr.group(1), re.M):
            for r in m.group(2).split(","):
                lo, hi = r.split("-")
                self.data_ranges.append((int(lo), int(hi), m.group(1)))
        self.storage = {}   # alias -> DataStorageSpace
        for m in re.finditer(r"<ServerOptions>(.*?)</ServerOptions>", text, re.S):
            alias = re.search(r"^\s*Server\s+(\S+)", m.group(1), re.M).group(1)
            self.storage[alias] = re.search(r"^\s*DataStorageSpace\s+(\S+)", m.group(1), re.M).group(1)
        # Servers in port order: server K of the tests is the K-th.
        def port(a):
            return int(self.aliases[a].rsplit(":", 1)[1])
        self.servers = sorted(self.aliases, key=port)

    def server_of(self, handle):
        hits = [a for lo, hi, a in self.data_ranges if lo <= handle <= hi]
        if len(hits) != 1:
            fail("datafile handle %d is in %d DataHandleRanges of fs.conf" % (handle, len(hits)))
        return hits[0]

    def bstream(self, alias, handle):
        return "%s/%08x/bstreams/%.8d/%08x.bstream" % (
            self.storage[alias], self.fs_id & 0xffffffff, handle % 64, handle)


class Fsid(ctypes.Structure):
    _fields_ = [("val", ctypes.c_int * 2)]


class Statfs(ctypes.Structure):
    _fields_ = [("f_type", ctypes.c_long), ("f_bsize", ctypes.c_long),
                ("f_blocks", ctypes.c_ulong), ("f_bfree", ctypes.c_ulong),
                ("f_bavail", ctypes.c_ulong), ("f_files", ctypes.c_ulong),
                ("f_ffree", ctypes.c_ulong), ("f_fsid", Fsid),
                ("f_namelen", ctypes.c_long), ("f_frsize", ctypes.c_long),
                ("f_flags", ctypes.c_long), ("f_spare", ctypes.c_long * 4)]


def statfs_fsid(path):
    libc = ctypes.CDLL(None, use_errno=True)
    st = Statfs()
    if libc.statfs(path.encode(), ctypes.byref(st)) != 0:
        fail("statfs %s: %s" % (path, os.strerror(ctypes.get_errno())))
    return st.f_fsid.val[0] & 0xffffffff


def parse_md(raw):
    """system.pvfs2.md: the distribution as PVFS encodes it: a u32 length,
    the name and its NUL padded to 8 bytes, then the parameters (for
    simple_stripe a little-endian i64 strip size)."""
    (n,) = struct.unpack_from("<I", raw, 0)
    name = raw[4:4 + n].decode()
    off = (4 + n + 1 + 7) // 8 * 8
    if name != "simple_stripe":
        fail("distribution %r (md %s): only simple_stripe is known" % (name, raw.hex()))
    (strip,) = struct.unpack_from("<q", raw, off)
    return name, strip


def file_info(conf, path):
    md = os.getxattr(path, "system.pvfs2.md")
    dh = os.getxattr(path, "system.pvfs2.dh")
    if not dh or len(dh) % 8:
        fail("system.pvfs2.dh of %s has %d bytes" % (path, len(dh)))
    name, strip = parse_md(md)
    handles = list(struct.unpack("<%dQ" % (len(dh) // 8), dh))
    st = os.stat(path)
    fsid = statfs_fsid(path)
    if fsid != conf.fs_id:
        fail("statfs f_fsid %d is not fs.conf's ID %d" % (fsid, conf.fs_id))
    servers = [conf.server_of(h) for h in handles]
    if len(set(servers)) != len(servers):
        fail("two datafiles on one server: %s" % servers)
    return {"fs_id": fsid, "handle": st.st_ino, "size": st.st_size,
            "distribution": name, "strip_size": strip, "md": md.hex(),
            "datafiles": [{"handle": h, "server": a, "bstream": conf.bstream(a, h)}
                          for h, a in zip(handles, servers)]}


def share(data, k, n, strip):
    """The bytes datafile k of n holds of data by simple_stripe."""
    out = bytearray()
    j = k
    while j * strip < len(data):
        out += data[j * strip:(j + 1) * strip]
        j += n
    return bytes(out)


def cmd_check(conf, args):
    info = file_info(conf, args.path)
    data = open(args.expected, "rb").read()
    if info["size"] != len(data):
        fail("%s is %d bytes through the mount, expected %d" % (args.path, info["size"], len(data)))
    dfs = info["datafiles"]
    if args.order == "reverse":
        dfs = dfs[::-1]
    elif args.order == "rotate":
        dfs = dfs[1:] + dfs[:1]
    n, strip, bad = len(dfs), info["strip_size"], 0
    for k, d in enumerate(dfs):
        want = share(data, k, n, strip)
        try:
            got = open(d["bstream"], "rb").read()
        except FileNotFoundError:
            got = None
        what = "absent" if got is None else "%d bytes" % len(got)
        if got is None and not want:
            ok = True
        elif got is None:
            ok = False
        else:
            ok = got == want
        if not ok:
            bad += 1
            first = next((i for i in range(min(len(got or b""), len(want)))
                          if got[i] != want[i]), min(len(got or b""), len(want)))
            print("datafile %d handle %d on %s: bstream %s, expected %d bytes, first difference at %d: %s"
                  % (k, d["handle"], d["server"], what, len(want), first, d["bstream"]))
        else:
            print("datafile %d handle %d on %s: bstream %s as expected" % (k, d["handle"], d["server"], what))
    if bad:
        fail("%d of %d bstreams of %s differ from simple_stripe (strip %d)" % (bad, n, args.path, strip))


def cmd_layout(conf, args):
    info = file_info(conf, args.path)
    servers, dfs = {}, []
    for d in info["datafiles"]:
        k = conf.servers.index(d["server"]) + 1
        name = "ofs%d" % k
        servers[name] = {"portal": "%s%d:3260" % (args.portal_base, k),
                         "iqn": "iqn.2025-11.org.pvfsf:export.%s" % name,
                         "service": "%s%d:3263" % (args.portal_base, k),
                         "bmi": conf.aliases[d["server"]]}
        dfs.append({"handle": str(d["handle"]), "server": name})
    json.dump({"pvfsf_layout": 1, "fs_id": info["fs_id"], "handle": str(info["handle"]),
               "distribution": {"name": info["distribution"], "strip_size": info["strip_size"]},
               "size": info["size"], "servers": servers, "datafiles": dfs},
              sys.stdout, indent=2)
    print()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("command", choices=["info", "check", "layout"])
    p.add_argument("--conf", required=True)
    p.add_argument("--order", choices=["stripe", "reverse", "rotate"], default="stripe")
    p.add_argument("--portal-base", default="127.0.10.")
    p.add_argument("path")
    p.add_argument("expected", nargs="?")
    args = p.parse_args()
    conf = FsConf(args.conf)
    if args.command == "info":
        json.dump(file_info(conf, args.path), sys.stdout, indent=2)
        print()
    elif args.command == "check":
        if not args.expected:
            fail("check needs EXPECTED")
        cmd_check(conf, args)
    else:
        cmd_layout(conf, args)


if __name__ == "__main__":
    main()
