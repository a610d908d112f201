#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every op25bctl command against the real module, in a namespace of its
# own ("t"), as root and as an unprivileged user.
#
#   netns t --- op25bctl ...        (the policy under test)

source tests/e2e/lib.sh

netns_add t
ctl() { ip netns exec t "$E2E_OP25BCTL" "$@"; }
# The same, as nobody: no CAP_NET_ADMIN.
ctl_nobody() {
	ip netns exec t setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$E2E_OP25BCTL" "$@"
}
tmp=$(mktemp -d)

check_eq "list of a fresh namespace prints nothing" "" "$(ctl list)"
check_match "status of a fresh namespace" \
	$'mode: enforce\n  action: drop\n  ports: 25\n  dynamic: 0 IPv4, 0 IPv6 prefixes' \
	"$(ctl status)"

check "add dynamic, both families" ctl add dynamic 100.64.0.0/10 2001:db8:100::/48
check_eq "list shows them, IPv4 first" \
	$'dynamic 100.64.0.0/10\ndynamic 2001:db8:100::/48' "$(ctl list)"
check "add static" ctl add static 100.64.1.20/30
check "add relay, bare addresses" ctl add relay 203.0.113.25 2001:db8:cafe::25
check_eq "list relay only" \
	$'relay 203.0.113.25/32\nrelay 2001:db8:cafe::25/128' "$(ctl list relay)"

before=$(ctl save)
out=$(ctl add dynamic 10.0.0.0/8 100.64.0.0/10 2>&1)
check_eq "add with one duplicate fails" 1 "$?"
check_match "and the kernel says which" "already in the set" "$out"
check_eq "and adds none of them" "$before" "$(ctl save)"

out=$(ctl del dynamic 100.64.0.0/10 198.51.100.0/24 2>&1)
check_eq "del with one absent prefix fails" 1 "$?"
check_match "and the kernel says so" "not in the set" "$out"
check_eq "and deletes none of them" "$before" "$(ctl save)"

out=$(ctl add dynamic 10.9.9.9/24 2>&1)
check_eq "host bits: refused" 1 "$?"
check_match "with the network suggested" "did you mean 10.9.9.0/24" "$out"
check_eq "nothing changed" "$before" "$(ctl save)"

# Verdicts, one per reason, in the documented words.
check_eq "test: blocked" \
	"blocked: 100.64.1.10 in dynamic 100.64.0.0/10, not in static; 203.0.113.5 not in relay" \
	"$(ctl test 100.64.1.10 203.0.113.5)"
check_eq "test: static" \
	"allowed: 100.64.1.21 in dynamic 100.64.0.0/10, in static 100.64.1.20/30" \
	"$(ctl test 100.64.1.21 203.0.113.5)"
check_eq "test: relay" \
	"allowed: 100.64.1.10 in dynamic 100.64.0.0/10, not in static; 203.0.113.25 in relay 203.0.113.25/32" \
	"$(ctl test 100.64.1.10 203.0.113.25)"
check_eq "test: not dynamic" "allowed: 198.51.100.1 not in dynamic" \
	"$(ctl test 198.51.100.1 203.0.113.5)"
check_eq "test: port" "allowed: port 80 is not enforced (ports: 25)" \
	"$(ctl test 100.64.1.10 203.0.113.5 80)"
check_match "test: IPv6 blocked" '^blocked: 2001:db8:100::1 in dynamic 2001:db8:100::/48' \
	"$(ctl test 2001:db8:100::1 2001:db8:cafe::5)"
json=$(ctl -j test 100.64.1.10 203.0.113.5)
check_eq "test -j" "blocked blocked 100.64.0.0/10 None" \
	"$(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(d["verdict"], d["reason"], d["dynamic"], d["static"])' "$json")"
check_fails "test with mixed families fails" ctl test 100.64.1.10 2001:db8::1

check "set mode monitor" ctl set mode monitor
check_match "test in monitor mode: allowed, would be blocked" \
	'^allowed: monitor mode, would be blocked: 100.64.1.10 in dynamic' \
	"$(ctl test 100.64.1.10 203.0.113.5)"
check "set mode off" ctl set mode off
check_eq "test in mode off" "allowed: mode off, nothing is inspected" \
	"$(ctl test 100.64.1.10 203.0.113.5)"
check "set mode enforce, action reject, ports 25,2525" \
	bash -c "ip netns exec t $E2E_OP25BCTL set mode enforce &&
		 ip netns exec t $E2E_OP25BCTL set action reject &&
		 ip netns exec t $E2E_OP25BCTL set ports 25,2525"
check_match "status shows them" $'action: reject\n  ports: 25, ?2525' "$(ctl status)"
check_fails "set ports 0 fails" ctl set ports 0
check_fails "set mode bogus fails" ctl set mode bogus

# Unprivileged: read commands work, changes are refused, nothing moves.
before=$(ctl save)
check "status works without privilege" ctl_nobody status
check "list works without privilege" ctl_nobody list
check "test works without privilege" ctl_nobody test 100.64.1.10 203.0.113.5
check "stats works without privilege" ctl_nobody stats
check_match "version works without privilege, module version included" \
	$'^op25bctl [0-9.]+\nop25b module [0-9.]+$' "$(ctl_nobody version)"
out=$(ctl_nobody add dynamic 10.0.0.0/8 2>&1)
check_eq "unprivileged add exits 1" 1 "$?"
check_match "and says it needs CAP_NET_ADMIN" "CAP_NET_ADMIN" "$out"
check_fails "unprivileged flush fails" ctl_nobody flush
check_fails "unprivileged set fails" ctl_nobody set mode off
printf 'mode off\n' >"$tmp/off.conf"
check_fails "unprivileged apply fails" ctl_nobody apply "$tmp/off.conf"
check_eq "and nothing changed" "$before" "$(ctl save)"

# save | apply round trip.
ctl save >"$tmp/a"
check "flush everything" ctl flush
check_eq "list is empty after flush" "" "$(ctl list)"
check "apply the saved file" ctl apply "$tmp/a"
check_eq "save prints the same bytes again" "$(cat "$tmp/a")" "$(ctl save)"
check_fails "save refuses -j" ctl -j save

# A file with errors: every one reported with its line, kernel untouched.
cat >"$tmp/bad.conf" <<'EOF'
mode enforce
dynamic 10.0.0.0/8
dynamic 10.9.9.9/24
bogus keyword
relay 300.1.1.1
EOF
before=$(ctl save)
out=$(ctl apply "$tmp/bad.conf" 2>&1)
check_eq "apply of a bad file exits 1" 1 "$?"
check_match "names line 3" "bad.conf:3: " "$out"
check_match "names line 4" "bad.conf:4: " "$out"
check_match "names line 5" "bad.conf:5: " "$out"
check_eq "the policy is untouched" "$before" "$(ctl save)"
check_fails "apply -c of the bad file fails" ctl apply -c "$tmp/bad.conf"
check "apply -c of the saved file passes" ctl apply -c "$tmp/a"

# A file the parser accepts but the kernel refuses (the prefix cap).
cap=/sys/module/op25b/parameters/max_prefixes
old_cap=$(cat $cap)
echo 3 >$cap
printf 'dynamic 10.0.0.0/8 11.0.0.0/8 12.0.0.0/8 13.0.0.0/8\n' >"$tmp/big.conf"
out=$(ctl apply "$tmp/big.conf" 2>&1)
check_eq "apply past max_prefixes exits 1" 1 "$?"
check_match "with the kernel's reason" "max_prefixes" "$out"
check_eq "and the policy is untouched" "$before" "$(ctl save)"
out=$(ctl add dynamic 10.0.0.0/8 11.0.0.0/8 12.0.0.0/8 2>&1)
check_eq "add past max_prefixes exits 1" 1 "$?"
check_eq "and changes nothing" "$before" "$(ctl save)"
echo "$old_cap" >$cap

# Large: streamed over many messages, in one transaction.
python3 - "$tmp/large.conf" <<'EOF'
import sys
with open(sys.argv[1], "w") as f:
    f.write("mode enforce\n")
    for i in range(60000):
        f.write("dynamic 10.%d.%d.0/24\n" % (i >> 8, i & 255))
    for i in range(20000):
        f.write("static 2001:db8:%x:%x::/64\n" % (i >> 8, i & 255))
EOF
check "apply 60000 IPv4 and 20000 IPv6 prefixes" ctl apply "$tmp/large.conf"
check_match "status counts them" \
	$'dynamic: 60000 IPv4, 0 IPv6 prefixes\n  static: 0 IPv4, 20000 IPv6 prefixes' \
	"$(ctl status)"
check_eq "list returns every one of them" 80000 "$(ctl list | wc -l)"
check_match "a prefix from the middle is there" '^blocked: 10.100.7.9 in dynamic 10.100.7.0/24' \
	"$(ctl test 10.100.7.9 203.0.113.5)"
ctl save >"$tmp/large.saved"
check "flush" ctl flush
check "apply the large save" ctl apply "$tmp/large.saved"
check_eq "large save round-trips" "$(cat "$tmp/large.saved")" "$(ctl save)"
ctl flush

# The kernel's verdict against a model written from the documentation.
out=$(ip netns exec t python3 tests/e2e/model.py 2026 12 25 "$E2E_OP25BCTL" 2>&1)
rc=$?
echo "$out" | grep -E '^(ok|not ok|#)'
check_eq "every random policy agrees with the model" 0 "$rc"
