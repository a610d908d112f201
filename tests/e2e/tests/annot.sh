#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Labels and expiry of prefixes, through a real router. The kernel side is
# read back with tests/e2e/genl.py, which decodes the netlink replies on
# its own; the expiry is checked with real connections: a temporary
# opt-out stops exempting at its instant, by the kernel's clock alone.
#
#   sub                          rt                          srv
#   100.64.1.10  (dynamic)       100.64.0.1/10               203.0.113.5 (mx)
#   100.64.7.7   (opt-out)       2001:db8:100::1/48          2001:db8:cafe::5
#   2001:db8:100::10 (dynamic)   203.0.113.1/24
#   2001:db8:100::77 (opt-out)   2001:db8:cafe::1/64
#        veth s0 ------------ r0          r1 ------------ veth v0

source tests/e2e/lib.sh

here=tests/e2e
sub() { ip netns exec sub python3 "$here/net.py" "$@"; }
rt() { ip netns exec rt "$E2E_OP25BCTL" "$@"; }
g() { ip netns exec rt python3 "$here/genl.py" "$@"; }
jq_py() { python3 -c "import json,sys; d=json.loads(sys.argv[1]); print($1)" "$2"; }
generation() { jq_py 'd["generation"]' "$(rt -j status)"; }

router_netns
ip -n sub addr add 100.64.1.10/10 dev s0
ip -n sub addr add 100.64.7.7/10 dev s0
ip -n sub addr add 2001:db8:100::10/48 dev s0 nodad
ip -n sub addr add 2001:db8:100::77/48 dev s0 nodad
ip -n sub route add default via 100.64.0.1
ip -n sub -6 route add default via 2001:db8:100::1
ip -n rt addr add 100.64.0.1/10 dev r0
ip -n rt addr add 2001:db8:100::1/48 dev r0 nodad
ip -n rt addr add 203.0.113.1/24 dev r1
ip -n rt addr add 2001:db8:cafe::1/64 dev r1 nodad
ip -n srv addr add 203.0.113.5/24 dev v0
ip -n srv addr add 2001:db8:cafe::5/64 dev v0 nodad
ip -n srv route add default via 203.0.113.1
ip -n srv -6 route add default via 2001:db8:cafe::1

ip netns exec srv python3 "$here/net.py" serve 25 >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; _e2e_cleanup' EXIT
for _ in $(seq 50); do
	[[ $(sub connect 100.64.1.10 203.0.113.5 25) == connected ]] && break
	sleep 0.2
done

# --- Labels ---------------------------------------------------------------
check_eq "add a labelled IPv4 pool" ok "$(g --add dynamic 100.64.0.0/10 label flets)"
check_eq "add a labelled IPv6 pool" ok \
	"$(g --add dynamic 2001:db8:100::/48 label v6-pool.1)"
check_eq "add a pool without label" ok "$(g --add dynamic 198.51.100.0/24)"
check_eq "a label may use every character allowed" ok \
	"$(g --add relay 203.0.113.25 label mx:relay@isp+1/a_B-9.z)"
check_eq "the dump returns each label with its prefix, and none elsewhere" \
	"dynamic 100.64.0.0/10 label=flets
dynamic 198.51.100.0/24
dynamic 2001:db8:100::/48 label=v6-pool.1
relay 203.0.113.25/32 label=mx:relay@isp+1/a_B-9.z" "$(g --dump)"
check_eq "test names the pool of the source" "dynamic 100.64.0.0/10 label=flets" \
	"$(g --test 100.64.1.10 203.0.113.5)"
check_eq "test names the IPv6 pool" "dynamic 2001:db8:100::/48 label=v6-pool.1" \
	"$(g --test 2001:db8:100::10 2001:db8:cafe::5)"
check_eq "and the relay's label" \
	"dynamic 100.64.0.0/10 label=flets
relay 203.0.113.25/32 label=mx:relay@isp+1/a_B-9.z" \
	"$(g --test 100.64.1.10 203.0.113.25)"

# top: the blocked source with the pool it is in.
rt top --clear >/dev/null
check_eq "port 25 from the pool is blocked" timeout \
	"$(sub connect 100.64.1.10 203.0.113.5 25)"
check_match "top names the source's pool" \
	'^100\.64\.1\.10 [0-9]+ 100\.64\.0\.0/10 label=flets$' "$(g --top)"

# The kernel log line names the pool too.
sysctl -qw net.netfilter.nf_log_all_netns=1
rt set log kernel
sub connect 100.64.1.10 203.0.113.5 25 >/dev/null
rt set log off
sysctl -qw net.netfilter.nf_log_all_netns=0
check_match "the kernel log line carries POOL=flets" \
	'SRC=100\.64\.1\.10 .* DYNAMIC=100\.64\.0\.0/10 POOL=flets$' \
	"$(dmesg | grep 'op25b: blocked ' | tail -n 1)"

# --- Expiry, IPv4 and IPv6, with real connections -------------------------
# What the kernel returns for an opt-out, on one due in an hour.
later=$(( $(date +%s) + 3600 ))
check_eq "add an IPv4 opt-out with label and expiry" ok \
	"$(g --add static 100.64.7.6 label optout-41 expires $later)"
check_eq "the dump returns the expiry" \
	"static 100.64.7.6/32 label=optout-41 expires=$later" \
	"$(g --dump | grep '^static')"
check_eq "test shows the opt-out's label and expiry" \
	"dynamic 100.64.0.0/10 label=flets
static 100.64.7.6/32 label=optout-41 expires=$later" \
	"$(g --test 100.64.7.6 203.0.113.5)"
rt del static 100.64.7.6

# Far enough ahead for the checks before it, on a slow emulated CPU; only
# connections are made before it.
at=$(( $(date +%s) + 20 ))
check_eq "add a temporary IPv4 opt-out" ok \
	"$(g --add static 100.64.7.7 label optout-42 expires $at)"
check_eq "add a temporary IPv6 opt-out" ok \
	"$(g --add static 2001:db8:100::77 expires $at)"
gen=$(generation)
check_eq "before the instant the opt-out passes on 25" connected \
	"$(sub connect 100.64.7.7 203.0.113.5 25)"
check_eq "IPv6 too" connected "$(sub connect 2001:db8:100::77 2001:db8:cafe::5 25)"
while (( $(date +%s) <= at )); do
	sleep 0.5
done
sleep 1.5
check_eq "after it the opt-out is blocked, with no request made" timeout \
	"$(sub connect 100.64.7.7 203.0.113.5 25)"
check_eq "IPv6 too" timeout "$(sub connect 2001:db8:100::77 2001:db8:cafe::5 25)"
check_eq "both are gone from the dump" "" "$(g --dump | grep '^static')"
check_eq "the expiry was one policy change" $((gen + 1)) "$(generation)"
check_eq "test no longer finds it" "dynamic 100.64.0.0/10 label=flets" \
	"$(g --test 100.64.7.7 203.0.113.5)"

# Two expiries: the earlier one does not take the later one.
now=$(date +%s)
g --add static 100.64.7.7 expires $((now + 2)) >/dev/null
g --add static 100.64.7.8 expires $((now + 3600)) >/dev/null
sleep 4
check_eq "of two opt-outs, only the one due has gone" \
	"static 100.64.7.8/32 expires=$((now + 3600))" "$(g --dump | grep '^static')"

# --- Deleting and flushing take the annotations with them -----------------
check "del the labelled pool" rt del dynamic 100.64.0.0/10
check_eq "add it back without label" ok "$(g --add dynamic 100.64.0.0/10)"
check_eq "it has no label any more" "dynamic 100.64.0.0/10" \
	"$(g --dump | grep '^dynamic 100')"
check "flush relay" rt flush relay
check_eq "add the relay back without label" ok "$(g --add relay 203.0.113.25)"
check_eq "it has no label any more" "relay 203.0.113.25/32" \
	"$(g --dump | grep '^relay')"

# --- A transaction: an entry already expired goes at once ----------------
check_eq "commit a transaction holding an expired entry" "txn_expired ok" \
	"$(g txn_expired)"
sleep 1.5
check_eq "the expired entry is gone, the others stay" \
	"dynamic 10.0.0.0/8 label=kept
static 10.1.0.0/16 label=later expires=253402300799" "$(g --dump)"

# --- A namespace that goes with an expiry pending -------------------------
netns_add tmp
ip netns exec tmp python3 "$here/genl.py" --add static 10.9.0.0/16 expires \
	$(( $(date +%s) + 3600 )) >/dev/null
ip netns exec tmp python3 "$here/genl.py" --add static 10.8.0.0/16 expires \
	$(( $(date +%s) + 1 )) >/dev/null
sleep 1
check "delete a namespace with expiries pending" ip netns del tmp
sleep 1
check_eq "the router's policy is untouched" \
	"dynamic 10.0.0.0/8 label=kept
static 10.1.0.0/16 label=later expires=253402300799" "$(g --dump)"

# --- op25bctl against the kernel ------------------------------------------
policy=$(mktemp)
at=$(( $(date +%s) + 3600 ))
at_utc=$(date -u -d "@$at" +%Y-%m-%dT%H:%M:%SZ)
cat >"$policy" <<EOT
dynamic 100.64.0.0/10 pool flets
dynamic 2001:db8:100::/48 pool v6-pool.1
static 100.64.7.7 label cust-42 expires $at_utc
static 100.64.7.8 expires 2020-01-01T00:00Z
relay 203.0.113.25
EOT
out=$(rt apply "$policy" 2>&1)
check_eq "apply a file with pools and expiries" 0 "$?"
check_match "apply warns of the entry already expired" \
	'static 100\.64\.7\.8/32 expired 2020-01-01T00:00:00Z .*left out' "$out"
check_eq "the kernel holds what the file says, the expired entry left out" \
	"dynamic 100.64.0.0/10 label=flets
dynamic 2001:db8:100::/48 label=v6-pool.1
static 100.64.7.7/32 label=cust-42 expires=$at
relay 203.0.113.25/32" "$(g --dump)"
check_eq "list prints them in the file's syntax" \
	"dynamic 100.64.0.0/10 pool flets
dynamic 2001:db8:100::/48 pool v6-pool.1
static 100.64.7.7/32 label cust-42 expires $at_utc
relay 203.0.113.25/32" "$(rt list)"
check_eq "list -j: label and expiry" "flets cust-42 $at_utc" \
	"$(jq_py '" ".join([d["prefixes"][0]["label"], d["prefixes"][2]["label"], d["prefixes"][2]["expires"]])' "$(rt -j list)")"
rt save >"$policy.saved"
check "save's output applies back" rt apply "$policy.saved"
check_eq "and saves the same" "$(cat "$policy.saved")" "$(rt save)"
check_match "test names the pool and the opt-out" \
	"in dynamic 100\\.64\\.0\\.0/10 \\(pool flets\\), in static 100\\.64\\.7\\.7/32 \\(label cust-42, expires $at_utc\\)" \
	"$(rt test 100.64.7.7 203.0.113.5)"
check_eq "test -j: dynamic_label" flets \
	"$(jq_py 'd["dynamic_label"]' "$(rt -j test 100.64.1.10 203.0.113.5)")"
rt top --clear >/dev/null
sub connect 100.64.1.10 203.0.113.5 25 >/dev/null
check_match "top shows the source's pool" '^100\.64\.1\.10 .* flets$' \
	"$(rt top | grep '^100\.64\.1\.10 ')"
check_eq "top -j: the dynamic match" "100.64.0.0/10 flets" \
	"$(jq_py '" ".join([d["sources"][0]["dynamic"]["prefix"], d["sources"][0]["dynamic"]["label"]])' "$(rt -j top)")"
check_fails "add with an expiry already past is refused" \
	rt add static 100.64.7.9 expires 2020-01-01T00:00Z
check_fails "del with a label is refused" rt del static 100.64.7.7 label cust-42
check "add with a label" rt add static 100.64.7.9 100.64.7.10 label cust-43 \
	expires "$at_utc"
check_eq "both got it" \
	"static 100.64.7.7/32 label=cust-42 expires=$at
static 100.64.7.9/32 label=cust-43 expires=$at
static 100.64.7.10/32 label=cust-43 expires=$at" "$(g --dump | grep '^static')"
