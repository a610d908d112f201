#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Random and mutated generic netlink requests to op25b, from several
sockets of the namespace it runs in, with a check after each request that
failed: the policy (status and every prefix, as GET_STATUS and a
GET_PREFIXES dump read from a separate socket) must be what it was before.

  nlfuzz.py [--seed N] [--count N] [--seconds S] [--snapshot-every K]

Runs until COUNT requests were sent or SECONDS passed, whichever comes
first (both only keep the run short). Prints the seed first, so that a
failure reproduces with --seed, then one "stat NAME VALUE" line per
figure, and for each violation a "violation ..." line with the request in
hex. Exits 1 if there was any violation, 0 otherwise.

A request is one netlink message sent alone, or a batch of several in one
sendmsg(); the invariant is checked for single messages only, since a
batch may hold successful changes beside the error. With --snapshot-every
K > 1 only every Kth failing request is compared (sampling); the default
compares every one.
"""

import argparse
import errno
import os
import random
import socket
import struct
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import genl as G  # noqa: E402

E = G.E
NLMSG_DONE = 3
NLM_F_DUMP = 0x300
NLM_F_MULTI = 2
NLA_F_NET_BYTEORDER = 1 << 14

A = {k[len("OP25B_A_"):]: v for k, v in E.items()
     if k.startswith("OP25B_A_") and not k.startswith("OP25B_A_MAX")}
CMDS = [v for k, v in E.items() if k.startswith("OP25B_CMD_")
        and k not in ("OP25B_CMD_MAX",)]
CMD = {k[len("OP25B_CMD_"):]: v for k, v in E.items()
       if k.startswith("OP25B_CMD_")}
PFX_V4 = E["OP25B_PREFIX_A_IPV4"]
PFX_V6 = E["OP25B_PREFIX_A_IPV6"]
PFX_LEN = E["OP25B_PREFIX_A_LEN"]


class Sock:
    """One raw generic netlink socket."""

    def __init__(self, family):
        self.s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                               G.NETLINK_GENERIC)
        self.s.setsockopt(G.SOL_NETLINK, G.NETLINK_EXT_ACK, 1)
        self.s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
        self.s.bind((0, 0))
        self.family = family
        self.seq = random.getrandbits(16)

    def close(self):
        self.s.close()

    def msg(self, cmd, payload, flags=G.NLM_F_REQUEST | G.NLM_F_ACK,
            ftype=None, version=1, reserved=0, seq=None):
        if seq is None:
            self.seq = (self.seq + 1) & 0xffffffff
            seq = self.seq
        body = struct.pack("=BBH", cmd & 0xff, version & 0xff,
                           reserved & 0xffff) + payload
        ftype = self.family if ftype is None else ftype
        return struct.pack("=IHHII", 16 + len(body), ftype & 0xffff,
                           flags & 0xffff, seq, 0) + body

    def drain(self):
        """Every message queued for us, reading until none is left (a
        dump continues while we read). Returns the errnos of NLMSG_ERROR
        and NLMSG_DONE messages, negative for errors, 0 for ACKs."""
        errs = []
        while True:
            try:
                data = self.s.recv(1 << 17, socket.MSG_DONTWAIT)
            except BlockingIOError:
                return errs
            except OSError as e:
                # ENOBUFS: replies were lost; not the policy's business.
                errs.append(-e.errno)
                continue
            off = 0
            while off + 16 <= len(data):
                ln, typ = struct.unpack_from("=IH", data, off)
                if ln < 16:
                    break
                if typ in (G.NLMSG_ERROR, NLMSG_DONE) and \
                        off + 20 <= len(data):
                    errs.append(struct.unpack_from("=i", data, off + 16)[0])
                off += (ln + 3) & ~3


class Observer:
    """Reads the policy from its own socket: what op25bctl save shows."""

    def __init__(self):
        self.g = G.Genl()

    def _exchange(self, cmd, payload, flags):
        g = self.g
        g.seq += 1
        body = struct.pack("=BBH", cmd, 1, 0) + payload
        g.s.send(struct.pack("=IHHII", 16 + len(body), g.family, flags,
                             g.seq, 0) + body)
        out = []
        intr = False
        while True:
            data = g.s.recv(1 << 17)
            off = 0
            while off < len(data):
                ln, typ, fl, seq, _ = struct.unpack_from("=IHHII", data, off)
                if typ in (G.NLMSG_ERROR, NLMSG_DONE):
                    err = struct.unpack_from("=i", data, off + 16)[0]
                    if err:
                        raise OSError(-err, "observer request failed")
                    if intr or fl & 0x10:
                        raise InterruptedError
                    return out
                intr |= bool(fl & 0x10)  # NLM_F_DUMP_INTR: read on to DONE
                out.append(data[off + 20:off + ln])
                off += (ln + 3) & ~3

    def status(self):
        """Attribute type -> raw value of the GET_STATUS reply."""
        p = self._exchange(CMD["GET_STATUS"], b"",
                           G.NLM_F_REQUEST | G.NLM_F_ACK)[0]
        return dict(attrs(p))

    def snapshot(self):
        """Status and every prefix message, consistent with each other."""
        while True:
            st = self.status()
            try:
                dump = self._exchange(CMD["GET_PREFIXES"], b"",
                                      G.NLM_F_REQUEST | NLM_F_DUMP)
            except InterruptedError:
                continue
            if self.status() == st:
                return st, dump

    def memory(self):
        return struct.unpack("=Q", self.status()[A["MEMORY"]])[0]


def attrs(payload):
    off = 0
    while off + 4 <= len(payload):
        ln, t = struct.unpack_from("=HH", payload, off)
        if ln < 4:
            return
        yield t & 0x3fff, payload[off + 4:off + ln]
        off += (ln + 3) & ~3


class Gen:
    """Requests: mostly well formed, then mutated."""

    def __init__(self, rng):
        self.r = rng

    def addr4(self):
        r = self.r
        return bytes([r.choice((10, 100, 192, 203, r.getrandbits(8))),
                      r.getrandbits(8), r.getrandbits(8), r.getrandbits(8)])

    def addr6(self):
        r = self.r
        return b"\x20\x01\x0d\xb8" + bytes(r.getrandbits(8)
                                            for _ in range(12))

    # A few prefixes that come back again and again: -EEXIST on adds,
    # deletes that find what they delete.
    POOL = [(b"\x0a\x00\x00\x00", 8), (b"\x64\x40\x00\x00", 10),
            (b"\xc0\x00\x02\x00", 24), (b"\xcb\x00\x71\x19", 32),
            (b"\x20\x01\x0d\xb8" + bytes(12), 32),
            (b"\x20\x01\x0d\xb8\x01\x00" + bytes(10), 48)]

    def pool_prefix(self, t=None):
        a, n = self.r.choice(self.POOL)
        return G.nest(A["PREFIX"] if t is None else t,
                      G.attr(PFX_V6 if len(a) == 16 else PFX_V4, a),
                      G.u8(PFX_LEN, n))

    def prefix(self, t=None, full=False, clean=False):
        """A prefix nest, valid most of the time; always with clean."""
        r = self.r
        t = A["PREFIX"] if t is None else t
        if not full and not clean and r.random() < 0.3:
            return self.pool_prefix(t)
        v6 = r.random() < 0.4
        bits = 128 if v6 else 32
        n = bits if full else r.choice((bits, r.randint(0, bits), 8, 16, 24))
        a = bytearray(self.addr6() if v6 else self.addr4())
        if clean or r.random() < 0.9:  # clear host bits
            for i in range(bits // 8):
                keep = max(0, min(8, n - 8 * i))
                a[i] &= (0xff << (8 - keep)) & 0xff
        kids = [G.attr(PFX_V6 if v6 else PFX_V4, bytes(a)),
                G.u8(PFX_LEN, n)]
        if clean:
            return G.nest(t, *kids)
        x = r.random()
        if x < 0.03:
            kids.pop(0)  # no address
        elif x < 0.06:
            kids.pop()  # no length
        elif x < 0.09:
            kids.append(G.attr(PFX_V4 if v6 else PFX_V6,
                               bytes(16 if not v6 else 4)))
        elif x < 0.12:
            kids.append(G.u8(PFX_LEN, r.getrandbits(8)))  # repeated
        elif x < 0.15:
            kids[0] = G.attr(PFX_V6 if v6 else PFX_V4,
                             bytes(r.getrandbits(8)
                                   for _ in range(r.randint(0, 20))))
        elif x < 0.18:
            kids[-1] = G.attr(PFX_LEN, bytes(r.randint(0, 6)))
        elif x < 0.20:
            kids.append(self.junk_attr())
        r.shuffle(kids) if r.random() < 0.1 else None
        return self.nest(t, *kids)

    def nest(self, t, *kids):
        # Sometimes without NLA_F_NESTED: strict validation must refuse.
        flag = 0 if self.r.random() < 0.03 else G.NLA_F_NESTED
        return G.attr(t | flag, b"".join(kids))

    def junk_attr(self):
        r = self.r
        t = r.choice((r.randint(0, A["PAD"] + 4), r.getrandbits(14)))
        if r.random() < 0.05:
            t |= NLA_F_NET_BYTEORDER
        return G.attr(t, bytes(r.getrandbits(8)
                               for _ in range(r.choice((0, 1, 2, 4, 8,
                                                        r.randint(0, 40))))))

    def ports(self):
        r = self.r
        n = r.choice((1, 1, 2, 3, 16, 17, r.randint(0, 40)))
        if r.random() < 0.3:
            # Distinct ones, to reach the limit of 16.
            kids = [G.u16(A["PORT"], 1000 + i) for i in range(n)]
        else:
            kids = [G.u16(A["PORT"], r.choice((25, 587, 465, 2525, 0, 65535,
                                               r.getrandbits(16))))
                    for _ in range(n)]
        if r.random() < 0.05:
            kids.append(G.attr(A["PORT"], bytes(r.randint(0, 5))))
        return self.nest(A["PORTS"], *kids)

    def params(self):
        r = self.r
        out = []
        if r.random() < 0.5:
            out.append(G.u8(A["MODE"], r.choice((0, 1, 2, 2, 3,
                                                 r.getrandbits(8)))))
        if r.random() < 0.4:
            out.append(G.u8(A["ACTION"], r.choice((0, 1, 2,
                                                   r.getrandbits(8)))))
        if r.random() < 0.4:
            out.append(self.ports())
        return out

    def set_attr(self):
        return G.u8(A["SET"], self.r.choice((0, 1, 2, 0, 3,
                                             self.r.getrandbits(8))))

    def prefixes(self):
        r = self.r
        n = r.choice((1, 1, 2, 3, 5, 0, r.randint(1, 40),
                      r.randint(40, 1500) if r.random() < 0.5 else 4))
        if n > 8 or r.random() < 0.5:
            # Well formed but for at most one: large requests that get as
            # far as the cap (-ENOSPC) and the sets (-EEXIST, -ENOENT).
            kids = [self.prefix(clean=True) for _ in range(n)]
            if kids and r.random() < 0.3:
                kids[r.randrange(n)] = self.prefix()
            elif kids and r.random() < 0.6:
                # One of the pool, well formed like the rest: a request
                # that gets to the sets with a prefix they often hold.
                kids[r.randrange(n)] = self.pool_prefix()
        else:
            kids = [self.prefix() for _ in range(n)]
        if kids and r.random() < 0.1:
            kids.append(r.choice(kids))  # a repeat
        if r.random() < 0.03:
            kids.append(self.junk_attr())
        return self.nest(A["PREFIXES"], *kids)

    def body(self, cmd, txn=False):
        """Attributes for cmd, roughly as the API wants them."""
        r = self.r
        if cmd in (CMD["SET_POLICY"], CMD["TXN_BEGIN"]):
            a = self.params()
        elif cmd in (CMD["ADD_PREFIXES"], CMD["DEL_PREFIXES"]):
            a = [self.set_attr(), self.prefixes()]
            if txn or r.random() < 0.2:
                a.append(G.attr(A["TXN"], b""))
            if r.random() < 0.1:
                a.pop(r.randrange(len(a)))  # a missing attribute
        elif cmd in (CMD["FLUSH"], CMD["GET_PREFIXES"]):
            a = [self.set_attr()] if r.random() < 0.6 else []
        elif cmd == CMD["TEST"]:
            a = [self.prefix(A["TEST_SRC"], full=r.random() < 0.8),
                 self.prefix(A["TEST_DST"], full=r.random() < 0.8)]
            if r.random() < 0.5:
                a.append(G.u16(A["TEST_PORT"], r.choice((25, 0, 587,
                                                         r.getrandbits(16)))))
            if r.random() < 0.1:
                a.pop(r.randrange(len(a)))
        else:
            a = []
        return self.mutate_attrs(a)

    def mutate_attrs(self, a):
        r = self.r
        x = r.random()
        if x < 0.06 and a:
            a.append(r.choice(a))  # a repeated attribute
        elif x < 0.10:
            a.append(self.junk_attr())  # unknown or badly typed
        elif x < 0.14:
            # A known attribute with a payload of the wrong size.
            t = r.choice(list(A.values()))
            a.append(G.attr(t, bytes(r.choice((0, 1, 3, 5, 9)))))
        elif x < 0.17:
            # A scalar where a nest belongs, or a nest where a scalar does.
            t = r.choice((A["PREFIXES"], A["PORTS"], A["TEST_SRC"],
                          A["MODE"], A["SET"]))
            a.append(self.nest(t, G.u8(A["MODE"], 1)) if r.random() < 0.5
                     else G.u8(t, 1))
        elif x < 0.19:
            # Deep nesting.
            inner = G.u8(PFX_LEN, 8)
            for _ in range(r.randint(2, 40)):
                inner = self.nest(A["PREFIX"], inner)
            a.append(self.nest(A["PREFIXES"], inner))
        if a and r.random() < 0.05:
            r.shuffle(a)
        return b"".join(a)

    @staticmethod
    def corrupt(msg, r):
        """Byte-level damage: flips, truncation, lying lengths."""
        m = bytearray(msg)
        x = r.random()
        if x < 0.3:
            for _ in range(r.randint(1, 4)):
                i = r.randrange(16, len(m)) if len(m) > 16 else 0
                m[i] ^= 1 << r.randrange(8)
        elif x < 0.5:
            # Truncated, with nlmsg_len telling the truth...
            m = m[:r.randint(0, len(m))]
            if len(m) >= 4:
                struct.pack_into("=I", m, 0, len(m))
        elif x < 0.65:
            # ... or still claiming the whole.
            m = m[:r.randint(0, len(m))]
        elif x < 0.8 and len(m) >= 20:
            # An attribute length that points past the end or before.
            i = r.randrange(20, len(m) - 1) if len(m) > 21 else 20
            if i + 2 <= len(m):
                struct.pack_into("=H", m, i, r.choice((0, 1, 3, 0xffff,
                                                       r.getrandbits(16))))
        else:
            # Trailing garbage.
            m += bytes(r.getrandbits(8) for _ in range(r.randint(1, 12)))
        return bytes(m)


class Fuzz:
    def __init__(self, args):
        self.args = args
        self.r = random.Random(args.seed)
        random.seed(args.seed)
        self.obs = Observer()
        self.family = self.obs.g.family
        self.gen = Gen(self.r)
        self.socks = [Sock(self.family) for _ in range(4)]
        self.stats = {k: 0 for k in (
            "requests", "single", "batches", "errors", "compared",
            "txn_begin", "txn_add", "txn_commit", "txn_abort",
            "commit_ok", "closed_mid_txn", "dumps", "corrupted",
            "replays", "violations")}
        self.errnos = {}
        self.last = None
        # An add or delete as sent, uncorrupted (sent), and the last such
        # one that succeeded (replay), which one() sends again at times.
        self.sent = None
        self.replay = None

    def count_err(self, errs):
        for e in errs:
            if e < 0:
                name = errno.errorcode.get(-e, str(-e))
                self.errnos[name] = self.errnos.get(name, 0) + 1

    def one(self):
        """Builds one message for a random socket: (sock, bytes, kind)."""
        r, g = self.r, self.gen
        s = r.choice(self.socks)
        x = r.random()
        flags = G.NLM_F_REQUEST | G.NLM_F_ACK
        if x < 0.35:
            # The transaction dance: begin, adds, commit or abort.
            cmd = r.choice((CMD["TXN_BEGIN"], CMD["ADD_PREFIXES"],
                            CMD["ADD_PREFIXES"], CMD["ADD_PREFIXES"],
                            CMD["TXN_COMMIT"], CMD["TXN_ABORT"],
                            CMD["DEL_PREFIXES"]))
            kind = {CMD["TXN_BEGIN"]: "txn_begin",
                    CMD["TXN_COMMIT"]: "txn_commit",
                    CMD["TXN_ABORT"]: "txn_abort"}.get(cmd, "txn_add")
            self.stats[kind] += 1
            return s, s.msg(cmd, g.body(cmd, txn=True)), kind
        cmd = r.choice(CMDS)
        if r.random() < 0.05:
            cmd = r.getrandbits(8)
        if r.random() < 0.08:
            flags = r.getrandbits(16) | (G.NLM_F_REQUEST
                                         if r.random() < 0.7 else 0)
        elif r.random() < 0.08:
            flags |= NLM_F_DUMP
            flags &= ~G.NLM_F_ACK if r.random() < 0.5 else 0xffff
        if flags & NLM_F_DUMP == NLM_F_DUMP:
            self.stats["dumps"] += 1
        if self.replay and r.random() < 0.05:
            # The last add or delete that succeeded, once more: the same
            # prefixes, so -EEXIST or -ENOENT unless the sets changed.
            cmd, body = self.replay
            self.replay = None
            self.stats["replays"] += 1
            return s, s.msg(cmd, body), "replay"
        body = g.body(cmd)
        version = r.choice((1, 1, 1, 0, 2, r.getrandbits(8)))
        m = s.msg(cmd, body, flags=flags, version=version,
                  reserved=0 if r.random() < 0.95 else r.getrandbits(16),
                  ftype=self.family if r.random() < 0.97 else
                  r.choice((G.NLMSG_ERROR, NLMSG_DONE, 1, 4, 15)))
        if r.random() < 0.12:
            self.stats["corrupted"] += 1
            m = Gen.corrupt(m, r)
        elif cmd in (CMD["ADD_PREFIXES"], CMD["DEL_PREFIXES"]):
            self.sent = (cmd, body)
        return s, m, "random"

    def send(self, s, data):
        try:
            s.s.send(data)
            return []
        except OSError as e:
            return [-e.errno]

    def maybe_close(self):
        """A socket closed mid-transaction, or any time: the notifier
        must drop what it staged, and a new socket takes its place."""
        if self.r.random() < 0.02:
            i = self.r.randrange(len(self.socks))
            self.socks[i].close()
            self.socks[i] = Sock(self.family)
            self.stats["closed_mid_txn"] += 1

    def step(self):
        r = self.r
        self.maybe_close()
        if r.random() < 0.1:
            # A batch: several messages in one sendmsg().
            s, first, _ = self.one()
            msgs = [first]
            for _ in range(r.randint(1, 6)):
                t, m, _ = self.one()
                if t is s:
                    msgs.append(m)
            data = b"".join(m + b"\0" * ((4 - len(m) % 4) % 4)
                            for m in msgs)
            errs = self.send(s, data) + s.drain()
            self.stats["batches"] += 1
            self.last = None
            self.stats["requests"] += 1
            self.count_err(errs)
            return
        self.sent = None
        s, m, kind = self.one()
        self.stats["single"] += 1
        self.stats["requests"] += 1
        before = None
        if self.stats["single"] % self.args.snapshot_every == 0:
            # The snapshot after a failed request is the one before the
            # next: nothing else changes the policy in between.
            before = self.last or self.obs.snapshot()
        self.last = None
        errs = self.send(s, m) + s.drain()
        self.count_err(errs)
        if any(e < 0 for e in errs):
            self.stats["errors"] += 1
            if before is not None:
                self.stats["compared"] += 1
                self.last = self.obs.snapshot()
                if self.last != before:
                    self.stats["violations"] += 1
                    print("violation: request failed (%s) but the policy "
                          "changed; request %s" %
                          (",".join(str(e) for e in errs), m.hex()),
                          flush=True)
                    self.last = None
        elif kind == "txn_commit" and 0 in errs:
            self.stats["commit_ok"] += 1
        elif self.sent and 0 in errs:
            self.replay = self.sent

    def run(self):
        deadline = time.monotonic() + self.args.seconds
        while self.stats["requests"] < self.args.count and \
                time.monotonic() < deadline:
            self.step()
        for s in self.socks:
            s.close()
        for k, v in self.stats.items():
            print("stat", k, v)
        print("stat errnos", " ".join("%s=%d" % kv
                                      for kv in sorted(self.errnos.items())))
        return self.stats["violations"] == 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int,
                    default=int.from_bytes(os.urandom(4), "little"))
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--seconds", type=float, default=150)
    ap.add_argument("--snapshot-every", type=int, default=1)
    ap.add_argument("--memory", action="store_true",
                    help="print OP25B_A_MEMORY and exit")
    args = ap.parse_args()
    if args.memory:
        print(Observer().memory())
        return 0
    print("seed", args.seed, flush=True)
    return 0 if Fuzz(args).run() else 1


if __name__ == "__main__":
    sys.exit(main())
