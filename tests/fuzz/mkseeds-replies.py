#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Writes the seed corpus of tests/fuzz/fuzz_replies.c into
tests/fuzz/corpus/replies/ (or the directory given).

Each seed is a reply as the module sends it, laid out the way
src/netlink.c fills it (attribute order, OP25B_A_PAD before 64-bit
values, NLM_F_MULTI on dump messages, ACKs with extended ACK TLVs as
netlink_ack() builds them), numbers from include/uapi/linux/op25b.h,
framed as fuzz_replies.c reads it: an SPDX line (which it skips, and
which tests/gates wants in every file), a scenario byte, a parameter byte,
then datagrams each preceded by its length (u16, little-endian).

  tests/fuzz/mkseeds-replies.py [DIR]
"""

import os
import socket
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
from genl import E, attr, nest, u8, u16, prefix  # noqa: E402

PORTID, SEQ, FAMILY = 4242, 1000, 0x20
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLM_F_MULTI, NLM_F_DUMP_INTR = 2, 0x10
NLM_F_CAPPED, NLM_F_ACK_TLVS = 0x100, 0x200
GENL_ID_CTRL, CTRL_CMD_NEWFAMILY = 16, 1
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME = 1, 2
(STATUS, TEST, STATS, DUMP, FAMILYSC, BATCH, ERROR, TOP) = range(8)


def u32(t, v):
    return attr(t, struct.pack("=I", v))


def u64(t, v, pad):
    # nla_put_u64_64bit(): a pad attribute first where 8-byte alignment
    # needs it; on x86-64 the kernel does without (64-bit efficient
    # unaligned access), so seeds come both ways.
    return (attr(pad, b"") if pad else b"") + \
        attr(t, struct.pack("=Q", v))


def nlmsg(typ, payload, flags=0, seq=SEQ, pid=PORTID):
    return struct.pack("=IHHII", 16 + len(payload), typ, flags, seq,
                       pid) + payload


def genl(cmd, body, flags=0, seq=SEQ, typ=FAMILY):
    return nlmsg(typ, struct.pack("=BBH", cmd, 1, 0) + body, flags, seq)


def ack(err=0, seq=SEQ, text=None, offs=None, capped=True, req_len=20):
    flags = NLM_F_CAPPED if capped else 0
    tlv = b""
    if text is not None:
        tlv += attr(1, text.encode() + b"\0")
    if offs is not None:
        tlv += u32(2, offs)
    if tlv:
        flags |= NLM_F_ACK_TLVS
    req = struct.pack("=IHHII", req_len, FAMILY, 5, seq, PORTID)
    if not capped:
        req += b"\0" * (req_len - 16)
    return nlmsg(NLMSG_ERROR, struct.pack("=i", err) + req + tlv, flags, seq)


def done(err=0, flags=NLM_F_MULTI, text=None):
    tlv = attr(1, text.encode() + b"\0") if text else b""
    if tlv:
        flags |= NLM_F_ACK_TLVS
    return nlmsg(NLMSG_DONE, struct.pack("=i", err) + tlv, flags)


def status(gen=7, mode=2, action=0, ports=(25,), counts=None, memory=4096,
           pad=True, version="0.1.0"):
    counts = counts or {}
    c = b"".join(nest(E["OP25B_A_COUNT"],
                      u8(E["OP25B_COUNT_A_SET"], s),
                      u8(E["OP25B_COUNT_A_FAMILY"], f),
                      u32(E["OP25B_COUNT_A_PREFIXES"], counts.get((s, f), 0)))
                 for s in range(3) for f in (socket.AF_INET, socket.AF_INET6))
    body = attr(E["OP25B_A_VERSION"], version.encode() + b"\0") + \
        u32(E["OP25B_A_GENERATION"], gen) + u8(E["OP25B_A_MODE"], mode) + \
        u8(E["OP25B_A_ACTION"], action) + \
        nest(E["OP25B_A_PORTS"], *[u16(E["OP25B_A_PORT"], p) for p in ports]) + \
        nest(E["OP25B_A_COUNTS"], c) + \
        u64(E["OP25B_A_MEMORY"], memory, E["OP25B_A_PAD"] if pad else 0)
    return genl(E["OP25B_CMD_GET_STATUS"], body)


def aprefix(addr, length, label=None, expires=None, pad=True, t=None):
    """A prefix nest with its annotations, as the kernel fills it:
    OP25B_PREFIX_A_LABEL, then the expiry by nla_put_u64_64bit()."""
    t = E["OP25B_A_PREFIX"] if t is None else t
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    kids = attr(E["OP25B_PREFIX_A_IPV6" if fam == socket.AF_INET6 else
                  "OP25B_PREFIX_A_IPV4"], socket.inet_pton(fam, addr)) + \
        u8(E["OP25B_PREFIX_A_LEN"], length)
    if label is not None:
        kids += attr(E["OP25B_PREFIX_A_LABEL"], label.encode() + b"\0")
    if expires is not None:
        kids += u64(E["OP25B_PREFIX_A_EXPIRES"], expires,
                    E["OP25B_PREFIX_A_PAD"] if pad else 0)
    return nest(t, kids)


def top_msg(rows, flags=NLM_F_MULTI):
    body = b""
    for src, packets, dyn in rows:
        kids = prefix(src, 128 if ":" in src else 32, E["OP25B_TOP_A_SRC"]) + \
            u64(E["OP25B_TOP_A_PACKETS"], packets, E["OP25B_TOP_A_PAD"]) + \
            u32(E["OP25B_TOP_A_DESTINATIONS"], 3) + \
            u64(E["OP25B_TOP_A_FIRST_SEEN"], 1780279200, E["OP25B_TOP_A_PAD"]) + \
            u64(E["OP25B_TOP_A_LAST_SEEN"], 1780279260, E["OP25B_TOP_A_PAD"])
        if dyn:
            kids += aprefix(*dyn, t=E["OP25B_TOP_A_DYNAMIC"])
        body += nest(E["OP25B_A_TOP"], kids)
    return genl(E["OP25B_CMD_GET_TOP"], body, flags)


def test_reply(verdict, reason, mode=2, matches=()):
    body = u8(E["OP25B_A_TEST_VERDICT"], verdict) + \
        u8(E["OP25B_A_TEST_REASON"], reason) + u8(E["OP25B_A_MODE"], mode)
    for t, a, n, *ann in matches:
        body += aprefix(a, n, *ann, t=E[t])
    return genl(E["OP25B_CMD_TEST"], body)


def stats(values, pad=True):
    body = b""
    for fam in ("OP25B_A_STATS_IPV4", "OP25B_A_STATS_IPV6"):
        kids = b"".join(u64(E["OP25B_STATS_A_INSPECTED"] + i, v,
                            E["OP25B_STATS_A_PAD"] if pad else 0)
                        for i, v in enumerate(values))
        body += nest(E[fam], kids)
    return genl(E["OP25B_CMD_GET_STATS"], body)


def dump_msg(set_, prefixes, gen=3, flags=NLM_F_MULTI):
    body = u32(E["OP25B_A_GENERATION"], gen) + u8(E["OP25B_A_SET"], set_) + \
        nest(E["OP25B_A_PREFIXES"], *[aprefix(*p) for p in prefixes])
    return genl(E["OP25B_CMD_GET_PREFIXES"], body, flags)


def family_reply(fid=FAMILY):
    body = attr(CTRL_ATTR_FAMILY_NAME, b"op25b\0") + \
        attr(CTRL_ATTR_FAMILY_ID, struct.pack("=H", fid))
    return genl(CTRL_CMD_NEWFAMILY, body, typ=GENL_ID_CTRL)


def seed(sc, param, *datagrams):
    out = b"# SPDX-License-Identifier: GPL-2.0\n" + bytes([sc, param])
    for d in datagrams:
        out += struct.pack("<H", len(d)) + d
    return out


def seeds():
    dyn = E["OP25B_SET_DYNAMIC"]
    rel = E["OP25B_SET_RELAY"]
    yield "status-default", seed(STATUS, 0, status() + ack())
    yield "status-nopad", seed(STATUS, 0, status(pad=False) + ack())
    yield "status-full", seed(STATUS, 0, status(
        gen=0xffffffff, mode=1, action=1, ports=list(range(1, 17)),
        counts={(0, 2): 3, (2, 10): 1}, memory=1 << 40) + ack())
    yield "status-two-dgrams", seed(STATUS, 0, status(), ack())
    yield "status-error", seed(STATUS, 0, ack(-1, text="not permitted",
                                              capped=False))
    yield "test-blocked", seed(TEST, 0, test_reply(
        1, E["OP25B_REASON_BLOCKED"],
        matches=[("OP25B_A_TEST_DYNAMIC", "100.64.0.0", 10)]) + ack())
    yield "test-static-v6", seed(TEST, 0, test_reply(
        0, E["OP25B_REASON_STATIC"], matches=[
            ("OP25B_A_TEST_DYNAMIC", "2001:db8:100::", 48),
            ("OP25B_A_TEST_STATIC", "2001:db8:100::20", 126),
            ("OP25B_A_TEST_RELAY", "2001:db8:cafe::25", 128)]) + ack())
    yield "test-error", seed(TEST, 0, ack(-22, text="test takes addresses: "
                                          "prefixes of full length",
                                          offs=20))
    yield "stats", seed(STATS, 0, stats([5, 3, 0, 1, 1, 0]) + ack())
    yield "stats-nopad", seed(STATS, 0, stats([2**64 - 1] * 6,
                                              pad=False) + ack())
    yield "dump-empty", seed(DUMP, 0, done())
    yield "dump-two", seed(DUMP, 0, dump_msg(dyn, [
        ("100.64.0.0", 10), ("2001:db8:100::", 48)]) +
        dump_msg(rel, [("203.0.113.25", 32)]), done())
    yield "dump-intr", seed(DUMP, 0, dump_msg(dyn, [("10.0.0.0", 8)]),
                            done(flags=NLM_F_MULTI | NLM_F_DUMP_INTR))
    yield "dump-error", seed(DUMP, 0, done(-4, text="interrupted"))
    yield "family", seed(FAMILYSC, 0, family_reply() + ack())
    yield "family-missing", seed(FAMILYSC, 0, ack(-2))
    yield "batch-acks", seed(BATCH, 2, ack(0, SEQ), ack(0, SEQ + 1),
                             ack(0, SEQ + 2))
    # EEXIST pointing at the first prefix of the first request
    # fuzz_replies.c builds: its OP25B_A_PREFIXES starts at 20 + 8 (the
    # set) + 4 (the OP25B_A_TXN flag), its first OP25B_A_PREFIX 4 later.
    yield "batch-eexist", seed(BATCH, 1, ack(-17, SEQ, "prefix is already "
                                             "in the set", 36, capped=False,
                                             req_len=64), ack(0, SEQ + 1))
    yield "batch-missing-attr", seed(BATCH, 0, ack(-22, SEQ, None, None) +
                                     ack(0, SEQ + 1))
    yield "error-capped", seed(ERROR, 0, ack(-95, text="a transaction "
                                             "replaces the policy: it "
                                             "cannot delete", offs=40))
    yield "error-done", seed(ERROR, 0, done(-16, text="busy"))
    # Labels and expiries (issue #6), with and without the pad.
    sta = E["OP25B_SET_STATIC"]
    yield "test-annotated", seed(TEST, 0, test_reply(
        0, E["OP25B_REASON_STATIC"], matches=[
            ("OP25B_A_TEST_DYNAMIC", "100.64.0.0", 10, "flets"),
            ("OP25B_A_TEST_STATIC", "100.64.7.7", 32, "ticket-4711",
             1798761600),
            ("OP25B_A_TEST_RELAY", "192.0.2.0", 24, None, 1798761600,
             False)]) + ack())
    yield "dump-annotated", seed(DUMP, 0, dump_msg(dyn, [
        ("100.64.0.0", 10, "flets"),
        ("2001:db8:100::", 48, "a" * 31, 253402300799)]) +
        dump_msg(sta, [("100.64.7.7", 32, None, 1798761600, False),
                       ("100.64.7.8", 32)]), done())
    yield "dump-bad-label", seed(DUMP, 0, dump_msg(dyn, [
        ("100.64.0.0", 10, "no spaces")]), done())
    yield "top-empty", seed(TOP, 0, done())
    yield "top-pools", seed(TOP, 0, top_msg([
        ("100.64.1.1", 10, ("100.64.0.0", 10, "flets")),
        ("2001:db8:100::1", 9, ("2001:db8:100::", 48, None, 1798761600)),
        ("198.51.100.1", 8, None)]), done())


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else \
        os.path.join(HERE, "corpus", "replies")
    os.makedirs(out, exist_ok=True)
    for name, data in seeds():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
