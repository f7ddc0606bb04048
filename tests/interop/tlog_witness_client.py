#!/usr/bin/env python3
"""A tlog-witness client written only from the C2SP texts (tlog-witness,
tlog-checkpoint, signed-note, tlog-cosignature) with Python's standard
library and `cryptography`: no code of this project. It checks every status
code the spec names, and the cosignatures, against a witness that follows a
log whose key this script makes and holds.

  tlog_witness_client.py spawn WITNESS_BINARY DISCLOSURECTL WORK_DIR
      starts disclosure-witness on a free loopback port and checks it
  tlog_witness_client.py keygen ORIGIN SEED_FILE
      makes a log key, prints its vkey (to register the log elsewhere)
  tlog_witness_client.py check PORT ORIGIN SEED_FILE WITNESS_VKEY
      checks a running witness (e.g. the hub's endpoint) that follows it
"""
import base64
import hashlib
import http.client
import os
import shutil
import socket
import struct
import subprocess
import sys
import time

from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey, Ed25519PublicKey)
from cryptography.hazmat.primitives import serialization

DASH = "\u2014"


def raw_public(key):
    return key.public_key().public_bytes(serialization.Encoding.Raw,
                                         serialization.PublicFormat.Raw)


def key_id(name, type_byte, pub):
    return hashlib.sha256(name.encode() + b"\n" + bytes([type_byte]) + pub).digest()[:4]


def vkey(name, type_byte, pub):
    kid = key_id(name, type_byte, pub)
    return "%s+%s+%s" % (name, kid.hex(), base64.b64encode(bytes([type_byte]) + pub).decode())


# RFC 6962 section 2.1.
def leaf(data):
    return hashlib.sha256(b"\x00" + data).digest()


def node(l, r):
    return hashlib.sha256(b"\x01" + l + r).digest()


def mth(leaves):
    if len(leaves) == 0:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaf(leaves[0])
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return node(mth(leaves[:k]), mth(leaves[k:]))


def subproof(m, leaves, b):
    n = len(leaves)
    if m == n:
        return [] if b else [mth(leaves)]
    k = 1
    while k * 2 < n:
        k *= 2
    if m <= k:
        return subproof(m, leaves[:k], b) + [mth(leaves[k:])]
    return subproof(m - k, leaves[k:], False) + [mth(leaves[:k])]


def consistency(m, leaves):
    return subproof(m, leaves, True) if 0 < m < len(leaves) else []


def signed(key, origin, text):
    kid = key_id(origin, 0x01, raw_public(key))
    sig = base64.b64encode(kid + key.sign(text.encode())).decode()
    return text + "\n%s %s %s\n" % (DASH, origin, sig)


def checkpoint(key, leaves, size, origin=None):
    origin = origin or ORIGIN
    text = "%s\n%d\n%s\n" % (origin, size, base64.b64encode(mth(leaves[:size])).decode())
    return text, signed(key, origin, text)


def body(old, proof, note):
    return ("old %d\n" % old + "".join(base64.b64encode(h).decode() + "\n" for h in proof)
            + "\n" + note).encode()


class Witness:
    def __init__(self, port):
        self.port = port

    def post(self, data, path="/add-checkpoint"):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        c.request("POST", path, body=data, headers={"Content-Type": "text/plain"})
        r = c.getresponse()
        out = (r.status, r.getheader("Content-Type"), r.read().decode())
        c.close()
        return out


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def expect(cond, what):
    if not cond:
        print("FAIL:", what)
        sys.exit(1)
    print("ok:", what)


def verify_cosignature(text, line, witness_vkey):
    name, kid_hex, b64 = witness_vkey.split("+", 2)
    raw = base64.b64decode(b64)
    expect(raw[0] == 0x04, "the witness key is a cosignature/v1 key")
    pub = Ed25519PublicKey.from_public_bytes(raw[1:])
    expect(line.startswith(DASH + " " + name + " "), "the line names the witness")
    sig = base64.b64decode(line.split(" ")[2])
    expect(sig[:4].hex() == kid_hex, "the line carries the witness's key id")
    ts = struct.unpack(">Q", sig[4:12])[0]
    expect(abs(ts - time.time()) < 600, "the cosignature time is now")
    msg = "cosignature/v1\ntime %d\n%s" % (ts, text)
    pub.verify(sig[12:], msg.encode())  # raises on a bad signature
    expect(True, "the cosignature verifies over cosignature/v1, time and checkpoint")


def check(w, log_key, witness_vkey):
    leaves = [b"manifest %d" % i for i in range(12)]

    text, note = checkpoint(log_key, leaves, 5)
    status, ctype, reply = w.post(body(0, [], note))
    expect(status == 200, "200 for a first checkpoint with old size 0")
    verify_cosignature(text, reply.rstrip("\n"), witness_vkey)

    status, ctype, reply = w.post(body(0, [], checkpoint(log_key, leaves, 9)[1]))
    expect(status == 409 and reply == "5\n", "409 with the latest size")
    expect(ctype.startswith("text/x.tlog.size"), "409 is text/x.tlog.size")

    text, note = checkpoint(log_key, leaves, 9)
    status, _, reply = w.post(body(5, consistency(5, leaves[:9]), note))
    expect(status == 200, "200 for growth with a consistency proof")
    verify_cosignature(text, reply.rstrip("\n"), witness_vkey)

    bad = consistency(9, leaves[:12])
    bad[0] = bytes([bad[0][0] ^ 1]) + bad[0][1:]
    status, _, _ = w.post(body(9, bad, checkpoint(log_key, leaves, 12)[1]))
    expect(status == 422, "422 for a proof that does not verify")

    status, _, _ = w.post(body(12, [], checkpoint(log_key, leaves, 9)[1]))
    expect(status == 400, "400 for an old size above the checkpoint's")

    forked = [b"other %d" % i for i in range(9)]
    status, _, reply = w.post(body(9, [], checkpoint(log_key, forked, 9)[1]))
    expect(status == 409 and reply == "9\n", "409 for another root of the same size")

    stranger = Ed25519PrivateKey.generate()
    status, _, _ = w.post(body(9, [], checkpoint(stranger, leaves, 9)[1]))
    expect(status == 403, "403 without a signature by a trusted key")

    other = ORIGIN + "-unknown"
    status, _, _ = w.post(body(0, [], checkpoint(log_key, leaves, 1, other)[1]))
    expect(status == 404, "404 for an unknown log")

    status, _, _ = w.post(b"old 01\n\n" + note.encode())
    expect(status == 400, "400 for a malformed old size")
    status, _, _ = w.post(b"x" * (1 << 20))
    expect(status in (400, 413), "an oversized body is refused")

    text, note = checkpoint(log_key, leaves, 12)
    status, _, reply = w.post(body(9, consistency(9, leaves), note))
    expect(status == 200, "the log still grows after every refusal")


def wait_for(w):
    for _ in range(100):
        try:
            w.post(b"")
            return
        except OSError:
            time.sleep(0.1)


def load_seed(path):
    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(open(path).read().strip()))


def main():
    global ORIGIN
    mode = sys.argv[1]
    if mode == "keygen":
        ORIGIN = sys.argv[2]
        key = Ed25519PrivateKey.generate()
        seed = key.private_bytes(serialization.Encoding.Raw,
                                 serialization.PrivateFormat.Raw,
                                 serialization.NoEncryption())
        with open(sys.argv[3], "w") as f:
            f.write(seed.hex() + "\n")
        print(vkey(ORIGIN, 0x01, raw_public(key)))
        return
    if mode == "check":
        ORIGIN = sys.argv[3]
        w = Witness(int(sys.argv[2]))
        wait_for(w)
        check(w, load_seed(sys.argv[4]), sys.argv[5])
        print("tlog-witness client: all checks passed")
        return
    ORIGIN = "interop.test/agency/py"
    witness_bin, ctl, work = sys.argv[2], sys.argv[3], sys.argv[4]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    log_key = Ed25519PrivateKey.generate()
    log_vkey = vkey(ORIGIN, 0x01, raw_public(log_key))
    wkey = os.path.join(work, "witness")
    subprocess.run([ctl, "keygen", "--type", "cosignature", "--name",
                    "witness.interop.test", "--out", wkey],
                   check=True, capture_output=True, text=True)
    witness_vkey = open(wkey + ".vkey").read().strip()
    port = free_port()
    with open(os.path.join(work, "witness.textproto"), "w") as f:
        f.write('key_file: "witness.key"\nlisten: "127.0.0.1:%d"\n'
                'data_dir: "state"\nlog_vkeys: "%s"\n' % (port, log_vkey))
    proc = subprocess.Popen([witness_bin, "--config",
                             os.path.join(work, "witness.textproto"), "--init"])
    try:
        w = Witness(port)
        wait_for(w)
        check(w, log_key, witness_vkey)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    expect(proc.returncode == 0, "the witness stops cleanly on SIGTERM")
    print("tlog-witness client: all checks passed")


if __name__ == "__main__":
    main()
