"""A client of pvfs-lun-export's request service written from
docs/export-protocol.md alone: the PSK and its identity by HKDF-SHA256
(hmac, hashlib), frames by struct, TLS 1.3 by `openssl s_client -psk`
(Python 3.11's ssl module has no external PSKs).  Nothing of ours.

    c = Client(key_bytes, "127.0.10.1:3263")
    code, reply = c.exchange(frame(request("list", "srv1")))
"""
import hashlib
import hmac
import json
import struct
import subprocess
import threading


def hkdf(key, info, n):
    prk = hmac.new(b"\0" * 32, key, hashlib.sha256).digest()
    out, t, i = b"", b"", 1
    while len(out) < n:
        t = hmac.new(prk, t + info + bytes([i]), hashlib.sha256).digest()
        out, i = out + t, i + 1
    return out[:n]


def psk(key):
    return hkdf(key, b"pvfsf export service TLS 1.3 PSK v1", 32)


def identity(key):
    return "pvfsf-psk-v1:" + hkdf(key, b"pvfsf cluster key id v1", 8).hex()


def frame(body):
    return struct.pack(">I", len(body)) + body


def request(op, server, **fields):
    body = {"v": 2, "op": op, "server": server}
    body.update(fields)
    return json.dumps(body).encode()


def load_key(path):
    return open(path, "rb").read().rstrip(b" \t\r\n")


class Session:
    """One TLS connection through s_client: send bytes, read frames."""

    def __init__(self, key, service):
        self.proc = subprocess.Popen(
            ["openssl", "s_client", "-quiet", "-tls1_3", "-no_ticket",
             "-psk", psk(key).hex(), "-psk_identity", identity(key),
             "-connect", service],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE)
        # Every read below blocks: a session ends after 20 s whatever
        # happens, so a test fails instead of hanging.
        self.timer = threading.Timer(20, self.proc.kill)
        self.timer.daemon = True
        self.timer.start()

    def send(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def _read(self, n):
        data = b""
        while len(data) < n:
            chunk = self.proc.stdout.read(n - len(data))
            if not chunk:
                return None
            data += chunk
        return data

    def reply(self):
        """The next reply object, or None if the connection ended."""
        head = self._read(4)
        if head is None:
            return None
        body = self._read(struct.unpack(">I", head)[0])
        return None if body is None else json.loads(body)

    def closed(self):
        """Whether the service ends the connection (s_client then exits)."""
        try:
            return self.proc.stdout.read(1) == b"" and self.proc.wait(10) is not None
        except subprocess.TimeoutExpired:
            return False

    def end(self):
        self.timer.cancel()
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        return self.proc.stderr.read().decode(errors="replace")


def code(reply):
    if reply is None:
        return "no-reply"
    return "ok" if reply["ok"] else reply["error"]["code"]
