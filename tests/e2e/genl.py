#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Raw generic netlink requests to op25b, for the tests that must send what
op25bctl never would: out-of-range lengths, unknown attributes, missing
ones, host bits, repeated transactions.

  genl.py CASE...   runs each named case (see CASES) and prints one line
                    per case: "CASE ERRNO_NAME MESSAGE" or "CASE ok"
  genl.py --add SET PREFIX [label L] [expires T]
                    adds one prefix, annotated; prints "ok" or the error
  genl.py --dump    every prefix of every set, one per line, decoded here
                    and not by op25bctl: "SET ADDR/LEN[ label=L][ expires=T]"
  genl.py --test SRC DST
                    the TEST reply's matches, one per line, in that form
  genl.py --top     the GET_TOP dump: "SRC PACKETS DYNAMIC" per source

Numbers come from include/uapi/linux/op25b.h, parsed at start-up, so the
tests follow the header.
"""

import errno
import os
import re
import socket
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
HEADER = os.path.join(HERE, "..", "..", "include", "uapi", "linux", "op25b.h")

NETLINK_GENERIC = 16
GENL_ID_CTRL = 16
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
NLM_F_REQUEST = 1
NLM_F_ACK = 4
NLMSG_ERROR = 2
NLMSG_DONE = 3
NLM_F_DUMP = 0x300
NLA_F_NESTED = 1 << 15
NETLINK_EXT_ACK = 11
SOL_NETLINK = 270
NLMSGERR_ATTR_MSG = 1
NLMSGERR_ATTR_OFFS = 2


def enums():
    """Every OP25B_* enumerator of the UAPI header, by name."""
    text = open(HEADER).read()
    out = {}
    for body in re.findall(r"enum \w+ \{(.*?)\};", text, re.S):
        n = 0
        for line in body.splitlines():
            m = re.match(r"\s*(\w+)\s*(?:=\s*(\d+))?\s*,?\s*(?:/\*.*)?$", line)
            if not m:
                continue
            if m.group(2):
                n = int(m.group(2))
            out[m.group(1)] = n
            n += 1
    return out


E = enums()


def attr(t, payload):
    hdr = struct.pack("=HH", 4 + len(payload), t)
    pad = b"\0" * ((4 - len(payload) % 4) % 4)
    return hdr + payload + pad


def nest(t, *children):
    return attr(t | NLA_F_NESTED, b"".join(children))


def u8(t, v):
    return attr(t, struct.pack("=B", v))


def u16(t, v):
    return attr(t, struct.pack("=H", v))


def prefix(addr, length, t=None, label=None, expires=None):
    t = E["OP25B_A_PREFIX"] if t is None else t
    if ":" in addr:
        a = attr(E["OP25B_PREFIX_A_IPV6"], socket.inet_pton(socket.AF_INET6, addr))
    else:
        a = attr(E["OP25B_PREFIX_A_IPV4"], socket.inet_pton(socket.AF_INET, addr))
    extra = b""
    if label is not None:
        extra += attr(E["OP25B_PREFIX_A_LABEL"], label.encode() + b"\0")
    if expires is not None:
        extra += attr(E["OP25B_PREFIX_A_EXPIRES"], struct.pack("=Q", expires))
    return nest(t, a, u8(E["OP25B_PREFIX_A_LEN"], length), extra)


def attrs(data):
    """(type without flags, payload) of each attribute in data."""
    off = 0
    while off + 4 <= len(data):
        alen, atype = struct.unpack_from("=HH", data, off)
        if alen < 4:
            return
        yield atype & 0x3fff, data[off + 4:off + alen]
        off += (alen + 3) & ~3


def prefix_text(data):
    """A prefix nest as "ADDR/LEN[ label=L][ expires=T]"."""
    addr, length, extra = "?", "?", ""
    for t, v in attrs(data):
        if t == E["OP25B_PREFIX_A_IPV4"]:
            addr = socket.inet_ntop(socket.AF_INET, v)
        elif t == E["OP25B_PREFIX_A_IPV6"]:
            addr = socket.inet_ntop(socket.AF_INET6, v)
        elif t == E["OP25B_PREFIX_A_LEN"]:
            length = v[0]
        elif t == E["OP25B_PREFIX_A_LABEL"]:
            extra += " label=" + v.rstrip(b"\0").decode()
        elif t == E["OP25B_PREFIX_A_EXPIRES"]:
            extra += " expires=%d" % struct.unpack("=Q", v)[0]
        elif t != E["OP25B_PREFIX_A_PAD"]:
            extra += " unknown=%d" % t
    return "%s/%s%s" % (addr, length, extra)


class Genl:
    def __init__(self):
        self.s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
        self.s.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.s.bind((0, 0))
        self.seq = 1
        self.family = self.resolve()

    def request(self, ftype, cmd, payload):
        self.seq += 1
        body = struct.pack("=BBH", cmd, 1, 0) + payload
        msg = struct.pack("=IHHII", 16 + len(body), ftype,
                          NLM_F_REQUEST | NLM_F_ACK, self.seq, 0) + body
        self.s.send(msg)
        return msg

    def replies(self):
        """(error, extack message, extack offset, payloads) of one request."""
        payloads = []
        while True:
            data = self.s.recv(65536)
            off = 0
            while off < len(data):
                ln, typ, flags, seq, pid = struct.unpack_from("=IHHII", data, off)
                if typ == NLMSG_ERROR:
                    err = struct.unpack_from("=i", data, off + 16)[0]
                    inner_len = struct.unpack_from("=I", data, off + 20)[0]
                    # Extended ACK attributes follow the quoted request
                    # (whole with errors, header only with NETLINK_CAP_ACK).
                    tlv = off + 20 + (inner_len if err else 16)
                    msg, offs = None, None
                    while tlv + 4 <= off + ln:
                        alen, atype = struct.unpack_from("=HH", data, tlv)
                        if alen < 4:
                            break
                        val = data[tlv + 4:tlv + alen]
                        if atype == NLMSGERR_ATTR_MSG:
                            msg = val.rstrip(b"\0").decode()
                        elif atype == NLMSGERR_ATTR_OFFS:
                            offs = struct.unpack("=I", val)[0]
                        tlv += (alen + 3) & ~3
                    return err, msg, offs, payloads
                payloads.append(data[off + 20:off + ln])
                off += (ln + 3) & ~3

    def resolve(self):
        self.request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                     attr(CTRL_ATTR_FAMILY_NAME, b"op25b\0"))
        err, msg, _, payloads = self.replies()
        if err:
            raise SystemExit("op25b family not found: %s" % os.strerror(-err))
        p = payloads[0]
        off = 0
        while off < len(p):
            alen, atype = struct.unpack_from("=HH", p, off)
            if atype == CTRL_ATTR_FAMILY_ID:
                return struct.unpack_from("=H", p, off + 4)[0]
            off += (alen + 3) & ~3
        raise SystemExit("no family id")

    def run(self, cmd, *attrs):
        sent = self.request(self.family, E[cmd], b"".join(attrs))
        err, msg, offs, _ = self.replies()
        return err, msg, offs, sent

    def call(self, cmd, *payload, dump=False):
        """(error, extack message, attributes of each reply message)."""
        self.seq += 1
        body = struct.pack("=BBH", E[cmd], 1, 0) + b"".join(payload)
        flags = NLM_F_REQUEST | NLM_F_ACK | (NLM_F_DUMP if dump else 0)
        self.s.send(struct.pack("=IHHII", 16 + len(body), self.family, flags,
                                self.seq, 0) + body)
        msgs = []
        while True:
            data = self.s.recv(1 << 20)
            off = 0
            while off < len(data):
                ln, typ = struct.unpack_from("=IH", data, off)
                if typ == NLMSG_DONE:
                    return 0, None, msgs
                if typ == NLMSG_ERROR:
                    err = struct.unpack_from("=i", data, off + 16)[0]
                    if err or not dump:
                        return err, None, msgs
                else:
                    msgs.append(list(attrs(data[off + 20:off + ln])))
                off += (ln + 3) & ~3


DYN = E["OP25B_SET_DYNAMIC"]


def add(*prefixes, txn=False, set_=DYN):
    a = [u8(E["OP25B_A_SET"], set_), nest(E["OP25B_A_PREFIXES"], *prefixes)]
    if txn:
        a.append(attr(E["OP25B_A_TXN"], b""))
    return a


def case_len33(g):
    return g.run("OP25B_CMD_ADD_PREFIXES", *add(prefix("10.0.0.0", 33)))


def case_hostbits(g):
    return g.run("OP25B_CMD_ADD_PREFIXES", *add(prefix("10.9.9.9", 24)))


def case_hostbits6(g):
    return g.run("OP25B_CMD_ADD_PREFIXES", *add(prefix("2001:db8::1", 64)))


def case_two_families(g):
    both = nest(E["OP25B_A_PREFIX"],
                attr(E["OP25B_PREFIX_A_IPV4"], socket.inet_aton("10.0.0.0")),
                attr(E["OP25B_PREFIX_A_IPV6"], b"\0" * 16),
                u8(E["OP25B_PREFIX_A_LEN"], 8))
    return g.run("OP25B_CMD_ADD_PREFIXES", *add(both))


def case_no_length(g):
    bare = nest(E["OP25B_A_PREFIX"],
                attr(E["OP25B_PREFIX_A_IPV4"], socket.inet_aton("10.0.0.0")))
    return g.run("OP25B_CMD_ADD_PREFIXES", *add(bare))


def case_short_addr(g):
    bad = nest(E["OP25B_A_PREFIX"], attr(E["OP25B_PREFIX_A_IPV4"], b"\x0a\0\0"),
               u8(E["OP25B_PREFIX_A_LEN"], 8))
    return g.run("OP25B_CMD_ADD_PREFIXES", *add(bad))


def case_unknown_attr(g):
    return g.run("OP25B_CMD_ADD_PREFIXES", *add(prefix("10.0.0.0", 8)),
                 u8(E["__OP25B_A_LAST"] + 5, 1))


def case_no_set(g):
    return g.run("OP25B_CMD_ADD_PREFIXES",
                 nest(E["OP25B_A_PREFIXES"], prefix("10.0.0.0", 8)))


def case_bad_set(g):
    return g.run("OP25B_CMD_ADD_PREFIXES", u8(E["OP25B_A_SET"], 3),
                 nest(E["OP25B_A_PREFIXES"], prefix("10.0.0.0", 8)))


def case_duplicate(g):
    # 10.0.0.0/8 is added first by the test script; the offset must point
    # at the second prefix of this request, the one already there.
    return g.run("OP25B_CMD_ADD_PREFIXES",
                 *add(prefix("11.0.0.0", 8), prefix("10.0.0.0", 8)))


def case_absent(g):
    return g.run("OP25B_CMD_DEL_PREFIXES",
                 *add(prefix("10.0.0.0", 8), prefix("12.0.0.0", 8)))


def case_bad_mode(g):
    return g.run("OP25B_CMD_SET_POLICY", u8(E["OP25B_A_MODE"], 7))


def case_port_zero(g):
    return g.run("OP25B_CMD_SET_POLICY",
                 nest(E["OP25B_A_PORTS"], u16(E["OP25B_A_PORT"], 0)))


def case_17_ports(g):
    return g.run("OP25B_CMD_SET_POLICY",
                 nest(E["OP25B_A_PORTS"],
                      *[u16(E["OP25B_A_PORT"], 100 + i) for i in range(17)]))


def case_nothing_to_set(g):
    return g.run("OP25B_CMD_SET_POLICY")


def case_status_with_attr(g):
    return g.run("OP25B_CMD_GET_STATUS", u8(E["OP25B_A_MODE"], 1))


def case_txn_add_alone(g):
    return g.run("OP25B_CMD_ADD_PREFIXES", *add(prefix("10.0.0.0", 8), txn=True))


def case_txn_twice(g):
    first = g.run("OP25B_CMD_TXN_BEGIN")
    if first[0]:
        return first
    return g.run("OP25B_CMD_TXN_BEGIN")


def case_txn_del(g):
    g.run("OP25B_CMD_TXN_BEGIN")
    return g.run("OP25B_CMD_DEL_PREFIXES", *add(prefix("10.0.0.0", 8), txn=True))


def case_txn_bad_chunk(g):
    # A length the prefix policy refuses (the genl core used to, before
    # op25b saw it, so the transaction lived on): COMMIT must find none.
    g.run("OP25B_CMD_TXN_BEGIN")
    g.run("OP25B_CMD_ADD_PREFIXES", *add(prefix("2001:db8::", 129), txn=True))
    return g.run("OP25B_CMD_TXN_COMMIT")


def case_txn_abandoned(g):
    # Begins and stages, then the process exits without commit or abort.
    g.run("OP25B_CMD_TXN_BEGIN", u8(E["OP25B_A_MODE"], 0))
    return g.run("OP25B_CMD_ADD_PREFIXES", *add(prefix("99.0.0.0", 8), txn=True))


def case_test_mixed(g):
    return g.run("OP25B_CMD_TEST", prefix("10.0.0.1", 32, E["OP25B_A_TEST_SRC"]),
                 prefix("2001:db8::1", 128, E["OP25B_A_TEST_DST"]))


def case_test_not_address(g):
    return g.run("OP25B_CMD_TEST", prefix("10.0.0.0", 8, E["OP25B_A_TEST_SRC"]),
                 prefix("10.0.0.1", 32, E["OP25B_A_TEST_DST"]))


def case_enforce_at_too_late(g):
    return g.run("OP25B_CMD_SET_POLICY",
                 attr(E["OP25B_A_ENFORCE_AT"], struct.pack("=Q", 253402300800)))


def case_bad_log(g):
    return g.run("OP25B_CMD_SET_POLICY", u8(E["OP25B_A_LOG"], 3))


def case_log_group_alone(g):
    return g.run("OP25B_CMD_SET_POLICY", u16(E["OP25B_A_LOG_GROUP"], 5))


def case_log_group_kernel(g):
    return g.run("OP25B_CMD_SET_POLICY", u8(E["OP25B_A_LOG"], 1),
                 u16(E["OP25B_A_LOG_GROUP"], 5))


def case_clear_top_with_attr(g):
    return g.run("OP25B_CMD_CLEAR_TOP", u8(E["OP25B_A_MODE"], 1))


def case_label_bad_char(g):
    return g.run("OP25B_CMD_ADD_PREFIXES",
                 *add(prefix("10.1.0.0", 16, label="fl ets")))


def case_label_empty(g):
    return g.run("OP25B_CMD_ADD_PREFIXES", *add(prefix("10.1.0.0", 16, label="")))


def case_label_too_long(g):
    return g.run("OP25B_CMD_ADD_PREFIXES",
                 *add(prefix("10.1.0.0", 16, label="x" * 32)))


def case_label_no_nul(g):
    bad = nest(E["OP25B_A_PREFIX"],
               attr(E["OP25B_PREFIX_A_IPV4"], socket.inet_aton("10.1.0.0")),
               u8(E["OP25B_PREFIX_A_LEN"], 16), attr(E["OP25B_PREFIX_A_LABEL"], b"flet"))
    return g.run("OP25B_CMD_ADD_PREFIXES", *add(bad))


def case_expires_zero(g):
    return g.run("OP25B_CMD_ADD_PREFIXES", *add(prefix("10.1.0.0", 16, expires=0)))


def case_expires_too_late(g):
    return g.run("OP25B_CMD_ADD_PREFIXES",
                 *add(prefix("10.1.0.0", 16, expires=253402300800)))


def case_notes_differ(g):
    return g.run("OP25B_CMD_ADD_PREFIXES",
                 *add(prefix("10.1.0.0", 16, label="a"), prefix("10.1.0.0", 16, label="b")))


def case_del_annotated(g):
    return g.run("OP25B_CMD_DEL_PREFIXES", *add(prefix("10.0.0.0", 8, label="a")))


def case_test_annotated(g):
    return g.run("OP25B_CMD_TEST",
                 prefix("10.0.0.1", 32, E["OP25B_A_TEST_SRC"], label="a"),
                 prefix("10.0.0.2", 32, E["OP25B_A_TEST_DST"]))


def case_txn_notes_differ(g):
    g.run("OP25B_CMD_TXN_BEGIN")
    g.run("OP25B_CMD_ADD_PREFIXES", *add(prefix("10.1.0.0", 16, label="a"), txn=True))
    g.run("OP25B_CMD_ADD_PREFIXES", *add(prefix("10.1.0.0", 16, label="b"), txn=True))
    return g.run("OP25B_CMD_TXN_COMMIT")


def case_txn_expired(g):
    # A whole policy, one of its entries long expired: the commit succeeds
    # and the kernel removes that entry on its own right after.
    g.run("OP25B_CMD_TXN_BEGIN")
    static = E["OP25B_SET_STATIC"]
    for a in (add(prefix("10.0.0.0", 8, label="kept"), txn=True),
              add(prefix("10.1.0.0", 16, label="later", expires=253402300799),
                  prefix("10.2.0.0", 16, expires=1), txn=True, set_=static)):
        r = g.run("OP25B_CMD_ADD_PREFIXES", *a)
        if r[0]:
            return r
    return g.run("OP25B_CMD_TXN_COMMIT")


def case_add_ok(g):
    return g.run("OP25B_CMD_ADD_PREFIXES", *add(prefix("10.0.0.0", 8)))


CASES = {n[5:]: f for n, f in globals().items() if n.startswith("case_")}


SETS = {"dynamic": E["OP25B_SET_DYNAMIC"], "static": E["OP25B_SET_STATIC"],
        "relay": E["OP25B_SET_RELAY"]}
SET_NAMES = {v: k for k, v in SETS.items()}


def cli_add(g, args):
    addr, _, length = args[1].partition("/")
    full = 128 if ":" in addr else 32
    kw = dict(zip(args[2::2], args[3::2]))
    p = prefix(addr, int(length or full), label=kw.get("label"),
               expires=int(kw["expires"]) if "expires" in kw else None)
    err, msg, _, _ = g.run("OP25B_CMD_ADD_PREFIXES", u8(E["OP25B_A_SET"], SETS[args[0]]),
                           nest(E["OP25B_A_PREFIXES"], p))
    print("ok" if not err else "%s %s" % (errno.errorcode.get(-err), msg))


def cli_dump(g):
    err, _, msgs = g.call("OP25B_CMD_GET_PREFIXES", dump=True)
    if err:
        raise SystemExit("dump: %s" % os.strerror(-err))
    for m in msgs:
        d = dict(m)
        for t, v in attrs(d[E["OP25B_A_PREFIXES"]]):
            print(SET_NAMES[d[E["OP25B_A_SET"]][0]], prefix_text(v))


def cli_test(g, src, dst):
    err, _, msgs = g.call("OP25B_CMD_TEST",
                          prefix(src, 128 if ":" in src else 32, E["OP25B_A_TEST_SRC"]),
                          prefix(dst, 128 if ":" in dst else 32, E["OP25B_A_TEST_DST"]))
    if err:
        raise SystemExit("test: %s" % os.strerror(-err))
    names = {E["OP25B_A_TEST_DYNAMIC"]: "dynamic", E["OP25B_A_TEST_STATIC"]: "static",
             E["OP25B_A_TEST_RELAY"]: "relay"}
    for t, v in msgs[0]:
        if t in names:
            print(names[t], prefix_text(v))


def cli_top(g):
    err, _, msgs = g.call("OP25B_CMD_GET_TOP", dump=True)
    if err:
        raise SystemExit("top: %s" % os.strerror(-err))
    for m in msgs:
        for t, v in m:
            if t != E["OP25B_A_TOP"]:
                continue
            d = dict(attrs(v))
            src = prefix_text(d[E["OP25B_TOP_A_SRC"]]).split("/")[0]
            dyn = d.get(E["OP25B_TOP_A_DYNAMIC"])
            print(src, struct.unpack("=Q", d[E["OP25B_TOP_A_PACKETS"]])[0],
                  prefix_text(dyn) if dyn is not None else "-")


def main():
    if sys.argv[1:2] == ["--add"]:
        return cli_add(Genl(), sys.argv[2:])
    if sys.argv[1:2] == ["--dump"]:
        return cli_dump(Genl())
    if sys.argv[1:2] == ["--test"]:
        return cli_test(Genl(), *sys.argv[2:4])
    if sys.argv[1:2] == ["--top"]:
        return cli_top(Genl())
    for name in sys.argv[1:]:
        g = Genl()
        err, msg, offs, sent = CASES[name](g)
        if not err:
            print(name, "ok")
            continue
        where = ""
        if offs is not None:
            where = " @%d" % offs
            if name == "duplicate":
                # Offset of the second OP25B_A_PREFIX in the request.
                second = 20 + len(u8(0, 0)) + 4 + len(prefix("11.0.0.0", 8))
                where += " second-prefix" if offs == second else " elsewhere"
        print(name, errno.errorcode.get(-err, str(-err)), (msg or "-") + where)


if __name__ == "__main__":
    main()
