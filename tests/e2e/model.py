#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A reference model of the op25b verdict, written from the documentation
(include/uapi/linux/op25b.h) and nothing else, checked against the kernel's
answer to `op25bctl -j test` on random policies.

  model.py SEED ROUNDS QUERIES OP25BCTL

Prints "ok - ..." or "not ok - ..." per policy and exits non-zero on any
disagreement.
"""

import ipaddress
import json
import random
import subprocess
import sys
import tempfile

CLUSTERS4 = ["100.64.0.0", "10.0.0.0", "203.0.113.0", "0.0.0.0"]
CLUSTERS6 = ["2001:db8:100::", "2001:db8:cafe::", "fe80::", "::"]


def rand_prefix(rng, v6):
    base = ipaddress.ip_address(rng.choice(CLUSTERS6 if v6 else CLUSTERS4))
    bits = 128 if v6 else 32
    addr = int(base) ^ rng.getrandbits(12 if not v6 else 20)
    length = rng.choice([0, bits, bits, bits - 2, rng.randint(0, bits),
                         rng.randint(bits // 2, bits)])
    cls = ipaddress.IPv6Network if v6 else ipaddress.IPv4Network
    mask = ((1 << length) - 1) << (bits - length)
    return cls((addr & mask, length))


def rand_addr(rng, v6, prefixes):
    if prefixes and rng.random() < 0.7:
        net = rng.choice(prefixes)
        if net.version == (6 if v6 else 4):
            span = net.num_addresses - 1
            return net.network_address + rng.choice([0, span, rng.randint(0, span)])
    base = ipaddress.ip_address(rng.choice(CLUSTERS6 if v6 else CLUSTERS4))
    # The class is explicit: ip_address() reads a small integer as IPv4.
    cls = ipaddress.IPv6Address if v6 else ipaddress.IPv4Address
    return cls(int(base) ^ rng.getrandbits(20 if v6 else 12))


def verdict(policy, src, dst, port):
    """The documented rule, membership only."""
    def inside(name, a):
        return any(a in n for n in policy[name] if n.version == a.version)
    if policy["mode"] == "off":
        return "allowed", "off"
    if port not in policy["ports"]:
        return "allowed", "port"
    if not inside("dynamic", src):
        return "allowed", "not_dynamic"
    if inside("static", src):
        return "allowed", "static"
    if inside("relay", dst):
        return "allowed", "relay"
    if policy["mode"] == "monitor":
        return "allowed", "blocked"
    return "blocked", "blocked"


def main():
    seed, rounds, queries, tool = int(sys.argv[1]), int(sys.argv[2]), \
        int(sys.argv[3]), sys.argv[4]
    rng = random.Random(seed)
    bad = 0
    for r in range(rounds):
        policy = {
            "mode": rng.choice(["enforce", "enforce", "monitor", "off"]),
            "ports": sorted(rng.sample([25, 465, 587, 2525, 10025],
                                       rng.randint(1, 3))),
        }
        for name in ("dynamic", "static", "relay"):
            policy[name] = [rand_prefix(rng, rng.random() < 0.5)
                            for _ in range(rng.randint(0, 12))]
        with tempfile.NamedTemporaryFile("w", suffix=".conf") as f:
            f.write("mode %s\nports %s\n" % (policy["mode"],
                    ",".join(map(str, policy["ports"]))))
            for name in ("dynamic", "static", "relay"):
                for n in policy[name]:
                    f.write("%s %s\n" % (name, n))
            f.flush()
            res = subprocess.run([tool, "apply", f.name], capture_output=True,
                                 text=True)
            if res.returncode:
                print("not ok - apply random policy %d: %s" % (r, res.stderr))
                bad += 1
                continue
        wrong = []
        allp = policy["dynamic"] + policy["static"] + policy["relay"]
        for _ in range(queries):
            v6 = rng.random() < 0.5
            src = rand_addr(rng, v6, allp)
            dst = rand_addr(rng, v6, allp)
            port = rng.choice(policy["ports"] + [25, 587, 80])
            want = verdict(policy, src, dst, port)
            out = subprocess.run([tool, "-j", "test", str(src), str(dst),
                                  str(port)], capture_output=True, text=True)
            try:
                got = json.loads(out.stdout)
                got = (got["verdict"], got["reason"])
            except (ValueError, KeyError):
                got = ("error", out.stdout + out.stderr)
            if got != want:
                wrong.append("%s -> %s:%d want %s got %s" %
                             (src, dst, port, want, got))
        if wrong:
            bad += 1
            print("not ok - random policy %d (seed %d): %d of %d verdicts "
                  "differ from the model" % (r, seed, len(wrong), queries))
            for w in wrong[:5]:
                print("#   " + w)
        else:
            print("ok - random policy %d (seed %d, %d prefixes): %d verdicts "
                  "agree with the model" % (r, seed, len(allp), queries))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
