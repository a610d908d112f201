#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What `make demo` shows, run inside the guest: the tool's first request
# autoloads the module; the example policy goes in, in monitor mode (the
# transition period) and then enforced; the kernel says what it blocks and
# why; a real connection through a router namespace is refused.
#
#   sub 100.64.1.10 --- rt (op25b, the example policy) --- srv 192.0.2.5:25

set -e

run() {
	echo "guest# $*"
	"$@" || true
	echo
}

op25bctl() { "$E2E_OP25BCTL" "$@"; }

echo "== op25b on Linux $(uname -r)"
echo
run op25bctl version
run op25bctl apply examples/op25b.conf
run op25bctl status
run op25bctl test 100.64.1.10 192.0.2.5
run op25bctl set mode enforce
run op25bctl test 100.64.1.10 192.0.2.5
run op25bctl test 100.64.1.10 192.0.2.5 587
run op25bctl test 100.64.1.21 192.0.2.5
run op25bctl test 100.64.1.10 192.0.2.25
run op25bctl test 2001:db8:1000:1234::1 2001:db8:ffff::25
run op25bctl test 203.0.113.99 192.0.2.5

echo "== a router namespace with the same policy, and real connections"
for ns in sub rt srv; do ip netns add $ns; ip -n $ns link set lo up; done
ip link add s0 netns sub type veth peer name r0 netns rt
ip link add r1 netns rt type veth peer name v0 netns srv
ip -n sub addr add 100.64.1.10/10 dev s0
ip -n rt addr add 100.64.0.1/10 dev r0
ip -n rt addr add 192.0.2.1/24 dev r1
ip -n srv addr add 192.0.2.5/24 dev v0
for l in "sub s0" "rt r0" "rt r1" "srv v0"; do set -- $l; ip -n $1 link set $2 up; done
ip -n sub route add default via 100.64.0.1
ip -n srv route add default via 192.0.2.1
ip netns exec rt sysctl -qw net.ipv4.ip_forward=1
ip netns exec rt "$E2E_OP25BCTL" apply examples/op25b.conf
ip netns exec rt "$E2E_OP25BCTL" set mode enforce
ip netns exec srv python3 tests/e2e/net.py serve 25 587 >/dev/null 2>&1 &
sleep 2
echo "sub# connect to 192.0.2.5:587 (submission): $(ip netns exec sub python3 tests/e2e/net.py connect 100.64.1.10 192.0.2.5 587)"
echo "sub# connect to 192.0.2.5:25  (direct SMTP): $(ip netns exec sub python3 tests/e2e/net.py connect 100.64.1.10 192.0.2.5 25)"
echo
echo "rt# op25bctl stats"
ip netns exec rt "$E2E_OP25BCTL" stats
echo "rt# op25bctl top"
ip netns exec rt "$E2E_OP25BCTL" top
kill %1 2>/dev/null || true
echo
echo "== done"
