#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Independent references for tests/e2e/tests/ops.sh, written from the
documentation with Python's ipaddress module, never from op25bctl's code.

  ops.py gen SEED FILE           a random policy file whose sets nest,
                                 overlap and touch, in both families
  ops.py ref FILE FAMILY         what op25bctl export -4/-6 must print for
                                 FILE: dynamic minus static, collapsed
  ops.py prom STATS STATUS <TEXT checks Prometheus text exposition TEXT and
                                 compares its values with the -j outputs
                                 STATS and STATUS; prints one line per
                                 problem, exits 1 if there was any
"""

import ipaddress
import json
import random
import re
import sys


def gen(seed, path):
    rnd = random.Random(seed)
    lines = ["mode enforce"]
    for base, lo, hi, slo, shi in (("10.0.0.0", 16, 28, 18, 32),
                                   ("2001:db8::", 48, 64, 52, 128)):
        net = ipaddress.ip_network(base + ("/16" if "." in base else "/48"))
        bits = net.max_prefixlen
        for key, a, b, n in (("dynamic", lo, hi, 25), ("static", slo, shi, 20)):
            for _ in range(n):
                length = rnd.randint(a, b)
                host = rnd.getrandbits(bits - net.prefixlen)
                addr = int(net.network_address) | host
                p = ipaddress.ip_network((addr, length), strict=False)
                lines.append("%s %s" % (key, p))
    if seed % 3 == 0:
        lines += ["dynamic 0.0.0.0/0", "dynamic ::/0"]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def read_sets(path):
    sets = {"dynamic": [], "static": []}
    with open(path) as f:
        for line in f:
            words = line.split("#")[0].split()
            if len(words) >= 2 and words[0] in sets:
                sets[words[0]] += [ipaddress.ip_network(w) for w in words[1:]]
    return sets


def ref(path, family):
    version = 4 if family == "-4" else 6
    sets = read_sets(path)
    nets = list(ipaddress.collapse_addresses(
        n for n in sets["dynamic"] if n.version == version))
    for s in ipaddress.collapse_addresses(
            n for n in sets["static"] if n.version == version):
        left = []
        for n in nets:
            if n.subnet_of(s):
                continue
            if s.subnet_of(n):
                left += n.address_exclude(s)
            else:
                left.append(n)
        nets = left
    for n in ipaddress.collapse_addresses(nets):
        print(n)


NAME = re.compile(r"[a-zA-Z_:][a-zA-Z0-9_:]*$")
SAMPLE = re.compile(r"([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$")
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\.)*)"(,|$)')


def parse_labels(text):
    labels, pos = {}, 0
    while pos < len(text):
        m = LABEL.match(text, pos)
        if not m:
            return None
        labels[m.group(1)] = m.group(2)
        pos = m.end()
    return labels


def prom(stats_path, status_path):
    text = sys.stdin.read()
    problems = []
    types, helps, samples = {}, set(), {}
    if not text.endswith("\n"):
        problems.append("the text does not end with a newline")
    for i, line in enumerate(text.splitlines(), 1):
        if line.startswith("# HELP ") or line.startswith("# TYPE "):
            parts = line.split(" ", 3)
            if len(parts) < 4 or not NAME.match(parts[2]):
                problems.append("line %d: bad comment %r" % (i, line))
                continue
            name = parts[2]
            if parts[1] == "TYPE":
                if name in types:
                    problems.append("line %d: second TYPE for %s" % (i, name))
                if parts[3] not in ("counter", "gauge"):
                    problems.append("line %d: type %r" % (i, parts[3]))
                if any(k[0] == name for k in samples):
                    problems.append("line %d: TYPE after samples" % i)
                types[name] = parts[3]
            else:
                if name in helps:
                    problems.append("line %d: second HELP for %s" % (i, name))
                helps.add(name)
            continue
        m = SAMPLE.match(line)
        if not m:
            problems.append("line %d: not a sample: %r" % (i, line))
            continue
        name, labels = m.group(1), parse_labels(m.group(3) or "")
        if labels is None:
            problems.append("line %d: bad labels %r" % (i, line))
            continue
        if name not in types:
            problems.append("line %d: %s has no TYPE before it" % (i, name))
        try:
            value = float(m.group(4))
        except ValueError:
            problems.append("line %d: value %r" % (i, m.group(4)))
            continue
        if types.get(name) == "counter" and (not name.endswith("_total") or
                                             value < 0 or value != int(value)):
            problems.append("line %d: bad counter %r" % (i, line))
        key = (name, tuple(sorted(labels.items())))
        if key in samples:
            problems.append("line %d: repeated series %r" % (i, line))
        samples[key] = int(m.group(4)) if m.group(4).isdigit() else value

    def get(name, **labels):
        return samples.get((name, tuple(sorted(labels.items()))))

    with open(stats_path) as f:
        stats = json.load(f)
    with open(status_path) as f:
        status = json.load(f)
    want = {}
    for fam in ("ipv4", "ipv6"):
        for counter, v in stats[fam].items():
            want[("op25b_segments_%s_total" % counter, (("family", fam),))] = v
        for s, counts in status["sets"].items():
            want[("op25b_set_prefixes",
                  (("family", fam), ("set", s)))] = counts[fam]
    for m in ("off", "monitor", "enforce"):
        want[("op25b_mode", (("mode", m),))] = int(m == status["mode"])
    for m in ("off", "monitor", "enforce"):
        want[("op25b_effective_mode", (("mode", m),))] = \
            int(m == status["effective_mode"])
    want[("op25b_enforce_at_timestamp_seconds", ())] = 0 \
        if status["enforce_at"] is None else int(
            __import__("calendar").timegm(__import__("time").strptime(
                status["enforce_at"], "%Y-%m-%dT%H:%M:%SZ")))
    for a in ("drop", "reject"):
        want[("op25b_action", (("action", a),))] = int(a == status["action"])
    for p in status["ports"]:
        want[("op25b_port_enforced", (("port", str(p)),))] = 1
    want[("op25b_policy_generation", ())] = status["generation"]
    want[("op25b_policy_memory_bytes", ())] = status["memory"]
    want[("op25b_info", (("version", status["version"]),))] = 1
    for key, v in want.items():
        if samples.get(key) != v:
            problems.append("%s%s is %r, -j says %r" %
                            (key[0], dict(key[1]), samples.get(key), v))
    for key in samples:
        if key not in want:
            problems.append("unexpected series %s%s" % (key[0], dict(key[1])))
    for p in problems:
        print(p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "gen":
        gen(int(sys.argv[2]), sys.argv[3])
    elif cmd == "ref":
        ref(sys.argv[2], sys.argv[3])
    elif cmd == "prom":
        prom(sys.argv[2], sys.argv[3])
    else:
        sys.exit("usage: see the top of " + sys.argv[0])
