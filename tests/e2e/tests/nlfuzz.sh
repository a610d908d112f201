#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A netlink fuzzer in the router namespace: random and mutated requests to
# every command from several sockets (tests/e2e/nlfuzz.py), transactions
# interleaved across them and sockets closed in the middle of theirs. Each
# request that fails must leave the policy as it was (nlfuzz.py compares
# GET_STATUS and the GET_PREFIXES dump before and after it). Now and then
# the last add or delete that succeeded is sent again, which is how a run
# reaches -EEXIST and -ENOENT whatever its seed. Afterwards the
# policy's memory is back to its level before the run once flushed, and
# the module still blocks real traffic.
#
#   sub                        fz (router, fuzzed)         srv
#   100.64.1.10 (dynamic) s0 -- r0 100.64.0.1/10
#                                 203.0.113.1/24 r1 ------- v0 203.0.113.5
#
# NLFUZZ_SEED reproduces a run (the seed is printed either way);
# NLFUZZ_COUNT (default 10000) bounds the number of requests, and
# NLFUZZ_SNAPSHOT_EVERY (default 1: every one) samples the comparisons.

source tests/e2e/lib.sh

here=tests/e2e
fz() { ip netns exec fz "$E2E_OP25BCTL" "$@"; }
sub() { ip netns exec sub python3 "$here/net.py" "$@"; }
fuzz() { ip netns exec fz python3 "$here/nlfuzz.py" "$@"; }

netns_add sub
netns_add fz
netns_add srv
ip link add s0 netns sub type veth peer name r0 netns fz
ip link add r1 netns fz type veth peer name v0 netns srv
ip -n sub link set s0 up
ip -n fz link set r0 up
ip -n fz link set r1 up
ip -n srv link set v0 up
ip netns exec fz sysctl -qw net.ipv4.ip_forward=1
ip -n sub addr add 100.64.1.10/10 dev s0
ip -n sub route add default via 100.64.0.1
ip -n fz addr add 100.64.0.1/10 dev r0
ip -n fz addr add 203.0.113.1/24 dev r1
ip -n srv addr add 203.0.113.5/24 dev v0
ip -n srv route add default via 203.0.113.1

ip netns exec srv python3 "$here/net.py" serve 25 587 >/dev/null 2>&1 &
server=$!
cap=/sys/module/op25b/parameters/max_prefixes
old_cap=
cleanup() {
	kill "$server" 2>/dev/null
	[[ -n $old_cap ]] && echo "$old_cap" >"$cap"
	_e2e_cleanup
}
trap cleanup EXIT

# The first request loads the module. A flushed policy is the baseline:
# its maps are compiled (a new namespace's are not yet), as after the run.
check "flush before the run (autoloads the module)" fz flush
before_mem=$(fuzz --memory)
check_match "policy memory readable" '^[0-9]+$' "$before_mem"

# A small cap keeps the policy (and so every snapshot) small under TCG,
# and makes -ENOSPC one of the errors the fuzzer meets.
old_cap=$(cat "$cap")
echo 32 >"$cap"

seed=${NLFUZZ_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
echo "# nlfuzz seed $seed (NLFUZZ_SEED=$seed reproduces it)"
start=$(date +%s)
out=$(fuzz --seed "$seed" --count "${NLFUZZ_COUNT:-10000}" \
	--snapshot-every "${NLFUZZ_SNAPSHOT_EVERY:-1}" 2>&1)
rc=$?
echo "# nlfuzz took $(($(date +%s) - start))s"
sed 's/^/# /' <<<"$out"
check_eq "nlfuzz (seed $seed): no failed request changed the policy" 0 "$rc"

stat() { sed -n "s/^stat $1 //p" <<<"$out"; }
# A fuzzer that never reached the interesting paths proves nothing.
for s in errors compared commit_ok closed_mid_txn batches corrupted \
	replays; do
	check_match "nlfuzz exercised $s (seed $seed)" '^[1-9][0-9]*$' "$(stat "$s")"
done
check_eq "every failing request was compared" "$(stat errors)" "$(stat compared)"
# errnos come sorted by name: each of these at least once.
check_match "errors of every kind expected came back (cap, repeats, ranges)" \
	'EEXIST=.*EINVAL=.*ENOENT=.*ENOSPC=.*ERANGE=' "$(stat errnos)"

echo "$old_cap" >"$cap"
old_cap=

# With every fuzz socket closed, their transactions are gone; a flush
# brings the policy back to what it was before.
check "flush after the run" fz flush
check_eq "policy memory back to its level before the run" \
	"$before_mem" "$(fuzz --memory)"
check "a transaction commits after the run" bash -c \
	"printf 'mode enforce\naction drop\nports 25\ndynamic 100.64.0.0/10\n' |
	 ip netns exec fz $E2E_OP25BCTL apply -"
check_eq "the applied policy reads back" \
	"$(printf 'mode enforce\naction drop\nports 25\ndynamic 100.64.0.0/10')" \
	"$(fz save)"

# Still enforcing: real TCP through the fuzzed router.
for _ in $(seq 50); do
	[[ $(sub connect 100.64.1.10 203.0.113.5 587) == connected ]] && break
	sleep 0.2
done
check_eq "587 from a dynamic source passes after the fuzz" connected \
	"$(sub connect 100.64.1.10 203.0.113.5 587)"
check_eq "25 from a dynamic source is dropped after the fuzz" timeout \
	"$(sub connect 100.64.1.10 203.0.113.5 25)"
check_match "and counted as blocked" '"blocked": *[1-9]' "$(fz -j stats)"
