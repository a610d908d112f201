#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Small network helpers for the e2e tests, run inside the guest's
namespaces with Debian's python3 (and scapy for crafted packets).

  net.py serve PORT...              TCP listeners on every address, v4 and v6,
                                    plus a UDP echo on each port; runs forever
  net.py connect SRC DST PORT       prints connected, refused or timeout
  net.py udp SRC DST PORT           prints echoed or timeout
  net.py sniff IFACE OUT            records the source ports of the TCP
                                    segments arriving on IFACE, until a UDP
                                    datagram to port 9 (the end marker) comes,
                                    then writes "PORT COUNT" lines to OUT
  net.py craft FILE                 sends the crafted packets FILE lists, one
                                    "KIND SRC DST MARK" per line (see craft()),
                                    then the end marker to the last DST
  net.py burst N KIND SRC DST MARK  sends N TCP SYNs (KIND syn) or ACKs (ack)
                                    to port 25 at once, source ports MARK,
                                    MARK+1, ...; prints seconds
  net.py nflog GROUP COUNT OUT      binds NFLOG GROUP, prints "ready", then
                                    writes "PREFIX SRC DST SPORT DPORT" for
                                    each of COUNT logged packets to OUT
"""

import select
import socket
import sys
import time

TIMEOUT = 3.0


def family(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def serve(ports):
    socks = []
    for fam, any_addr in ((socket.AF_INET, "0.0.0.0"), (socket.AF_INET6, "::")):
        for port in ports:
            s = socket.socket(fam, socket.SOCK_STREAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if fam == socket.AF_INET6:
                s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            s.bind((any_addr, port))
            s.listen(64)
            socks.append(s)
            u = socket.socket(fam, socket.SOCK_DGRAM)
            if fam == socket.AF_INET6:
                u.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            u.bind((any_addr, port))
            socks.append(u)
    print("serving", flush=True)
    while True:
        ready, _, _ = select.select(socks, [], [])
        for s in ready:
            if s.type == socket.SOCK_STREAM:
                c, _ = s.accept()
                c.close()
            else:
                data, peer = s.recvfrom(2048)
                s.sendto(data, peer)


def connect(src, dst, port):
    s = socket.socket(family(dst), socket.SOCK_STREAM)
    s.settimeout(TIMEOUT)
    s.bind((src, 0))
    try:
        s.connect((dst, port))
        print("connected")
    except ConnectionRefusedError:
        print("refused")
    except (socket.timeout, TimeoutError):
        print("timeout")
    except OSError as e:
        print("error", e)
    finally:
        s.close()


def udp(src, dst, port):
    s = socket.socket(family(dst), socket.SOCK_DGRAM)
    s.settimeout(TIMEOUT)
    s.bind((src, 0))
    s.sendto(b"op25b", (dst, port))
    try:
        s.recvfrom(2048)
        print("echoed")
    except (socket.timeout, TimeoutError):
        print("timeout")


def sniff(iface, out):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
    s.bind((iface, 0))
    print("ready", flush=True)
    seen = {}
    end = time.time() + 300
    while time.time() < end:
        r, _, _ = select.select([s], [], [], 1)
        if not r:
            continue
        kind, port = classify(s.recv(65535)[14:])
        if kind == "end":
            break
        if kind == "tcp":
            seen[port] = seen.get(port, 0) + 1
    with open(out, "w") as f:
        for port, n in sorted(seen.items()):
            f.write("%d %d\n" % (port, n))


def classify(pkt):
    """("tcp", source port) or ("end", 9) for an L3 packet, walking v6
    extension headers; (None, 0) for anything else."""
    if not pkt:
        return None, 0
    if pkt[0] >> 4 == 4:
        nh, off = pkt[9], (pkt[0] & 15) * 4
    elif pkt[0] >> 4 == 6:
        nh, off = pkt[6], 40
        while nh in (0, 43, 60, 44) and len(pkt) >= off + 8:
            nxt = pkt[off]
            off += 8 if nh == 44 else (pkt[off + 1] + 1) * 8
            nh = nxt
    else:
        return None, 0
    if nh == 6 and len(pkt) >= off + 2:
        return "tcp", int.from_bytes(pkt[off:off + 2], "big")
    if nh == 17 and len(pkt) >= off + 4 and \
            int.from_bytes(pkt[off + 2:off + 4], "big") == 9:
        return "end", 9
    return None, 0


def craft_all(path):
    from scapy.all import IP, IPv6, UDP, send, conf
    conf.verb = 0
    dst = None
    with open(path) as f:
        for line in f:
            kind, src, dst, mark = line.split()
            for p in craft(kind, src, dst, int(mark)):
                send(p)
    end = IPv6(dst=dst) if ":" in dst else IP(dst=dst)
    send(end / UDP(sport=9, dport=9))


def craft(kind, src, dst, mark):
    from scapy.all import IP, IPv6, TCP, IPOption_NOP, IPv6ExtHdrHopByHop, \
        IPv6ExtHdrDestOpt, IPv6ExtHdrFragment, Raw
    v6 = ":" in dst
    l3 = IPv6(src=src, dst=dst) if v6 else IP(src=src, dst=dst)
    ack = TCP(sport=mark, dport=25, flags="A", seq=1, ack=1)
    if kind == "ack":
        pkts = [l3 / ack]
    elif kind == "syn":
        pkts = [l3 / TCP(sport=mark, dport=25, flags="S", seq=1)]
    elif kind == "options":
        pkts = [IP(src=src, dst=dst, options=[IPOption_NOP()] * 8) / ack]
    elif kind == "exthdrs":
        pkts = [l3 / IPv6ExtHdrHopByHop() / IPv6ExtHdrDestOpt() / ack]
    elif kind == "firstfrag":
        # A first fragment that carries the whole TCP header.
        if v6:
            pkts = [l3 / IPv6ExtHdrFragment(m=1, id=7, offset=0) /
                    TCP(sport=mark, dport=25, flags="S")]
        else:
            pkts = [IP(src=src, dst=dst, flags="MF", id=7, frag=0) /
                    TCP(sport=mark, dport=25, flags="S")]
    elif kind == "tinyfrag":
        # A first fragment of 8 bytes of TCP would hold the ports; this
        # one holds only the source port (IPv4: fragment boundary made
        # by hand: 2 bytes of payload with MF).
        if v6:
            raw = bytes(TCP(sport=mark, dport=25, flags="S"))
            pkts = [l3 / IPv6ExtHdrFragment(m=1, id=8, offset=0, nh=6) /
                    Raw(raw[:2])]
        else:
            raw = bytes(TCP(sport=mark, dport=25, flags="S"))
            pkts = [IP(src=src, dst=dst, flags="MF", id=8, frag=0,
                       proto=6) / Raw(raw[:2])]
    else:
        raise SystemExit("unknown kind " + kind)
    return pkts


def csum16(data):
    """The Internet checksum of data."""
    if len(data) % 2:
        data += b"\0"
    s = sum(int.from_bytes(data[i:i + 2], "big")
            for i in range(0, len(data), 2))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def segment(kind, src, dst, sport):
    """An IPv4 or IPv6 packet, header included, holding a bare TCP segment
    from sport to port 25: a SYN (seq 1) or an ACK (seq 1, ack 1), as
    craft() makes them, with both checksums right."""
    import struct
    af = family(dst)
    v6 = af == socket.AF_INET6
    s, d = socket.inet_pton(af, src), socket.inet_pton(af, dst)
    if kind == "syn":
        flags, ack = 0x02, 0
    elif kind == "ack":
        flags, ack = 0x10, 1
    else:
        raise SystemExit("burst: unknown kind " + kind)
    tcp = struct.pack("!HHIIBBHHH", sport, 25, 1, ack, 5 << 4, flags, 8192,
                      0, 0)
    if v6:
        pseudo = s + d + struct.pack("!IxxxB", len(tcp), socket.IPPROTO_TCP)
    else:
        pseudo = s + d + struct.pack("!xBH", socket.IPPROTO_TCP, len(tcp))
    tcp = tcp[:16] + struct.pack("!H", csum16(pseudo + tcp)) + tcp[18:]
    if v6:
        return struct.pack("!IHBB", 6 << 28, len(tcp), socket.IPPROTO_TCP,
                           64) + s + d + tcp
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 1, 0, 64,
                     socket.IPPROTO_TCP, 0, s, d)
    ip = ip[:10] + struct.pack("!H", csum16(ip)) + ip[12:]
    return ip + tcp


def burst(n, kind, src, dst, mark):
    """Sends n SYNs or ACKs at once through a raw socket that takes whole
    IP packets (IPPROTO_RAW implies the header is ours, on IPv6 too), so
    that the kernel routes them from any source. No scapy here: under
    emulation its import alone takes seconds, and the tests burst often."""
    pkts = [segment(kind, src, dst, mark + i) for i in range(n)]
    with socket.socket(family(dst), socket.SOCK_RAW, socket.IPPROTO_RAW) as s:
        start = time.time()
        for p in pkts:
            s.sendto(p, (dst, 0))
    print("%.3f" % (time.time() - start))


NFNL_SUBSYS_ULOG = 4
NFULNL_MSG_PACKET, NFULNL_MSG_CONFIG = 0, 1
NFULA_CFG_CMD, NFULA_CFG_MODE = 1, 2
NFULA_PAYLOAD, NFULA_PREFIX = 9, 10


def nl_attr(kind, data):
    import struct
    a = struct.pack("=HH", 4 + len(data), kind) + data
    return a + b"\0" * (-len(a) % 4)


def nflog(group, count, out):
    """A minimal nfnetlink_log listener, independent of op25b's code."""
    import struct
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 12)
    s.bind((0, 0))
    for attrs in (nl_attr(NFULA_CFG_CMD, b"\x01"),        # BIND
                  nl_attr(NFULA_CFG_MODE, struct.pack(">IBx", 0xffff, 2))):
        body = struct.pack("=BBH", socket.AF_UNSPEC, 0,
                           socket.htons(group)) + attrs
        hdr = struct.pack("=IHHII", 16 + len(body),
                          NFNL_SUBSYS_ULOG << 8 | NFULNL_MSG_CONFIG,
                          0x1 | 0x4, 1, 0)                 # REQUEST | ACK
        s.send(hdr + body)
        ack = s.recv(65535)
        err = struct.unpack_from("=i", ack, 16)[0]
        if err:
            raise SystemExit("nflog: config failed: %d" % err)
    print("ready", flush=True)
    lines = []
    # Generous: under emulation each sender (a fresh scapy) takes seconds.
    s.settimeout(300)
    while len(lines) < count:
        try:
            buf = s.recv(65535)
        except socket.timeout:
            break
        off = 0
        while off + 16 <= len(buf) and len(lines) < count:
            ln, typ = struct.unpack_from("=IH", buf, off)
            if typ == NFNL_SUBSYS_ULOG << 8 | NFULNL_MSG_PACKET:
                lines.append(nflog_line(buf[off + 20:off + ln]))
            off += (ln + 3) & ~3
    with open(out, "w") as f:
        f.write("".join(lines))


def nflog_line(attrs):
    import ipaddress
    import struct
    prefix, payload, off = "-", b"", 0
    while off + 4 <= len(attrs):
        ln, kind = struct.unpack_from("=HH", attrs, off)
        data = attrs[off + 4:off + ln]
        if kind & 0x3fff == NFULA_PREFIX:
            prefix = data.rstrip(b"\0").decode().replace(" ", "_")
        elif kind & 0x3fff == NFULA_PAYLOAD:
            payload = data
        off += (ln + 3) & ~3
    if payload[:1] and payload[0] >> 4 == 6:
        src, dst = payload[8:24], payload[24:40]
        tcp = payload[40:]
    else:
        hl = (payload[0] & 15) * 4
        src, dst = payload[12:16], payload[16:20]
        tcp = payload[hl:]
    sport, dport = struct.unpack_from(">HH", tcp)
    return "%s %s %s %d %d\n" % (prefix, ipaddress.ip_address(src),
                                  ipaddress.ip_address(dst), sport, dport)


def main(argv):
    cmd = argv[1]
    if cmd == "serve":
        serve([int(p) for p in argv[2:]])
    elif cmd == "connect":
        connect(argv[2], argv[3], int(argv[4]))
    elif cmd == "udp":
        udp(argv[2], argv[3], int(argv[4]))
    elif cmd == "sniff":
        sniff(argv[2], argv[3])
    elif cmd == "craft":
        craft_all(argv[2])
    elif cmd == "burst":
        burst(int(argv[2]), argv[3], argv[4], argv[5], int(argv[6]))
    elif cmd == "nflog":
        nflog(int(argv[2]), int(argv[3]), argv[4])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
