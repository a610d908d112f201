#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Faults: an apply killed half-way, two applies racing, rmmod under traffic
# and with a transaction left staged. Nothing may crash, leak or leave a
# policy that is neither the old one nor a new one.
#
#   sub 100.64.1.10 --- rt (op25b) --- srv 203.0.113.5   (traffic for rmmod)
#   netns f                            (the apply races)

source tests/e2e/lib.sh

here=tests/e2e
tmp=$(mktemp -d)
netns_add f
ctl() { ip netns exec f "$E2E_OP25BCTL" "$@"; }
# For the background: ip execs op25bctl, so $! is op25bctl itself.
ctl_bg() { exec ip netns exec f "$E2E_OP25BCTL" "$@"; }

# Two large policies that differ everywhere, and their canonical saves.
python3 - "$tmp" <<'EOF'
import sys
d = sys.argv[1]
for name, first in (("a", 10), ("b", 11)):
    with open("%s/%s.conf" % (d, name), "w") as f:
        f.write("mode enforce\naction drop\nports 25\n")
        for i in range(40000):
            f.write("dynamic %d.%d.%d.0/24\n" % (first, i >> 8, i & 255))
        for i in range(10000):
            f.write("relay 2001:db8:%x:%x::/64\n" % (first, i))
EOF
ctl apply "$tmp/a.conf" && ctl save >"$tmp/a.saved"
ctl apply "$tmp/b.conf" && ctl save >"$tmp/b.saved"
ctl flush
check "both policies apply and save" test -s "$tmp/a.saved" -a -s "$tmp/b.saved"

# Killed half-way: the kernel frees the staged transaction with the socket.
for delay in 0.05 0.2 0.5 1; do
	(ctl_bg apply "$tmp/a.conf") &
	pid=$!
	sleep $delay
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	now=$(ctl save | md5sum)
	if [[ $now == "$(md5sum <"$tmp/a.saved")" ]]; then
		check_eq "apply killed after ${delay}s: the new policy, whole" ok ok
	else
		check_eq "apply killed after ${delay}s: the old policy, untouched" \
			"$(printf 'mode enforce\naction drop\nports 25\n' | md5sum)" "$now"
	fi
	ctl flush
done

# Racing: the result is exactly one of the two.
for round in 1 2 3; do
	(ctl_bg apply "$tmp/a.conf") &
	p1=$!
	(ctl_bg apply "$tmp/b.conf") &
	p2=$!
	wait $p1
	r1=$?
	wait $p2
	r2=$?
	now=$(ctl save | md5sum)
	if [[ $now == "$(md5sum <"$tmp/a.saved")" || $now == "$(md5sum <"$tmp/b.saved")" ]]; then
		check_eq "racing applies, round $round: exactly one of the two policies (exits $r1 $r2)" ok ok
	else
		check_eq "racing applies, round $round: exactly one of the two policies" "a or b" "neither"
	fi
done

# rmmod with a transaction staged by a live socket, then under traffic.
ctl flush
python3 - <<'EOF' &
import os, sys, time
sys.path.insert(0, "tests/e2e")
import genl
g = genl.Genl()
g.run("OP25B_CMD_TXN_BEGIN")
g.run("OP25B_CMD_ADD_PREFIXES", *genl.add(genl.prefix("10.0.0.0", 8), txn=True))
time.sleep(30)
EOF
holder=$!
sleep 3
check "rmmod with a transaction staged by a live socket" rmmod op25b
kill $holder 2>/dev/null
wait $holder 2>/dev/null

netns_add sub
netns_add rt
netns_add srv
ip link add s0 netns sub type veth peer name r0 netns rt
ip link add r1 netns rt type veth peer name v0 netns srv
ip -n sub addr add 100.64.1.10/10 dev s0
ip -n rt addr add 100.64.0.1/10 dev r0
ip -n rt addr add 203.0.113.1/24 dev r1
ip -n srv addr add 203.0.113.5/24 dev v0
for l in "sub s0" "rt r0" "rt r1" "srv v0"; do
	read -r ns dev <<<"$l"
	ip -n "$ns" link set "$dev" up
done
ip -n sub route add default via 100.64.0.1
ip -n srv route add default via 203.0.113.1
ip netns exec rt sysctl -qw net.ipv4.ip_forward=1
ip netns exec srv python3 "$here/net.py" serve 25 587 >/dev/null 2>&1 &
server=$!
trap 'kill $server $flood 2>/dev/null; _e2e_cleanup' EXIT
ip netns exec rt "$E2E_OP25BCTL" add dynamic 100.64.0.0/10
# Expiries pending in two namespaces: rmmod must cancel their work.
ip netns exec rt python3 "$here/genl.py" --add static 100.64.9.0/24 \
	expires $(( $(date +%s) + 3600 )) >/dev/null
python3 "$here/genl.py" --add static 100.64.9.0/24 \
	expires $(( $(date +%s) + 2 )) >/dev/null
sleep 1
ip netns exec sub python3 - <<'EOF' &
import socket
while True:
    for port in (25, 587):
        s = socket.socket()
        s.settimeout(0.05)
        try:
            s.connect(("203.0.113.5", port))
        except OSError:
            pass
        s.close()
EOF
flood=$!
sleep 2
check "rmmod under traffic, with expiries pending" rmmod op25b
check_eq "traffic still flows after rmmod" connected \
	"$(ip netns exec sub python3 "$here/net.py" connect 100.64.1.10 203.0.113.5 25)"
check "modprobe under traffic" modprobe op25b
check_match "a reloaded module starts empty in every namespace" '^allowed' \
	"$(ip netns exec rt "$E2E_OP25BCTL" test 100.64.1.10 203.0.113.5)"
ip netns exec rt "$E2E_OP25BCTL" add dynamic 100.64.0.0/10
check_eq "and enforces again" timeout \
	"$(ip netns exec sub python3 "$here/net.py" connect 100.64.1.10 203.0.113.5 25)"
kill $flood
wait $flood 2>/dev/null
check "deleting namespaces under a loaded module" ip netns del rt
check "rmmod at the end" rmmod op25b
