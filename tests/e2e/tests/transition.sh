#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The transition period through a real router: the cut-over the kernel
# makes on its own at the announced instant, the list of affected sources
# (op25bctl top), and the kernel log and NFLOG messages per attempt.
#
#   sub                          rt                          srv
#   100.64.1.10-12 (dynamic)     100.64.0.1/10               203.0.113.5 (mx)
#   100.64.1.21  (static /30)    192.0.2.1/24                203.0.113.25 (relay)
#   192.0.2.10   (not dynamic)   203.0.113.1/24              2001:db8:cafe::5
#   2001:db8:100::10 (dynamic)   2001:db8:100::1/48
#                                2001:db8:cafe::1/64
#        veth s0 ------------ r0          r1 ------------ veth v0

source tests/e2e/lib.sh

here=tests/e2e
sub() { ip netns exec sub python3 "$here/net.py" "$@"; }
rt() { ip netns exec rt "$E2E_OP25BCTL" "$@"; }
rt_nobody() {
	ip netns exec rt setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$E2E_OP25BCTL" "$@"
}
jq_py() { python3 -c "import json,sys; d=json.loads(sys.argv[1]); print($1)" "$2"; }

topology() {
	local a

	router_netns
	for a in 100.64.1.10 100.64.1.11 100.64.1.12 100.64.1.21; do
		ip -n sub addr add $a/10 dev s0
	done
	ip -n sub addr add 192.0.2.10/24 dev s0
	ip -n sub addr add 2001:db8:100::10/48 dev s0 nodad
	ip -n sub route add default via 100.64.0.1
	ip -n sub -6 route add default via 2001:db8:100::1
	ip -n rt addr add 100.64.0.1/10 dev r0
	ip -n rt addr add 192.0.2.1/24 dev r0
	ip -n rt addr add 2001:db8:100::1/48 dev r0 nodad
	ip -n rt addr add 203.0.113.1/24 dev r1
	ip -n rt addr add 2001:db8:cafe::1/64 dev r1 nodad
	ip -n srv addr add 203.0.113.5/24 dev v0
	ip -n srv addr add 203.0.113.25/24 dev v0
	ip -n srv addr add 2001:db8:cafe::5/64 dev v0 nodad
	ip -n srv route add default via 203.0.113.1
	ip -n srv -6 route add default via 2001:db8:cafe::1
}

topology
ip netns exec srv python3 "$here/net.py" serve 25 587 >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; _e2e_cleanup' EXIT
for _ in $(seq 50); do
	[[ $(sub connect 100.64.1.10 203.0.113.5 587) == connected ]] && break
	sleep 0.2
done

policy=$(mktemp)
write_policy() {
	cat >"$policy" <<EOF
mode monitor
$1
dynamic 100.64.0.0/10 2001:db8:100::/48
static 100.64.1.20/30
relay 203.0.113.25
EOF
}

# --- The cut-over -------------------------------------------------------
# The instant is a few seconds ahead, written with a +09:00 offset as a
# Japanese ISP would announce it; the kernel alone must flip at it.
at=$(( $(date +%s) + 25 ))
at_jst=$(date -u -d "@$((at + 9 * 3600))" +%Y-%m-%dT%H:%M:%S+09:00)
at_utc=$(date -u -d "@$at" +%Y-%m-%dT%H:%M:%SZ)
write_policy "enforce-at $at_jst"
check "apply a monitor policy with enforce-at $at_jst" rt apply "$policy"
check_eq "before: port 25 from a dynamic source passes" connected \
	"$(sub connect 100.64.1.10 203.0.113.5 25)"
check_match "status: monitor until the announced instant" \
	"mode: monitor, enforce from $at_utc \\(in [0-9]+s\\)" "$(rt status)"
check_eq "status -j: effective mode monitor before it" monitor \
	"$(jq_py 'd["effective_mode"]' "$(rt -j status)")"
check_eq "status -j: the instant, in UTC" "$at_utc" \
	"$(jq_py 'd["enforce_at"]' "$(rt -j status)")"
check_match "test: allowed before the instant (monitor)" \
	'^allowed: monitor mode, would be blocked' \
	"$(rt test 100.64.1.10 203.0.113.5)"
saved=$(rt save)
check_eq "save writes the instant in UTC" "enforce-at $at_utc" \
	"$(grep '^enforce-at' <<<"$saved")"
echo "$saved" >"$policy.saved"
check "save's output applies back" rt apply "$policy.saved"
check_eq "and saves the same" "$saved" "$(rt save)"

while (( $(date +%s) <= at )); do
	sleep 0.5
done
check_eq "after the instant: port 25 from a dynamic source is dropped" timeout \
	"$(sub connect 100.64.1.10 203.0.113.5 25)"
check_eq "after: IPv6 too" timeout \
	"$(sub connect 2001:db8:100::10 2001:db8:cafe::5 25)"
check_eq "after: port 587 still passes" connected \
	"$(sub connect 100.64.1.10 203.0.113.5 587)"
check_eq "after: the static customer still passes" connected \
	"$(sub connect 100.64.1.21 203.0.113.5 25)"
check_match "status: enforcing since the instant" \
	"mode: monitor, enforcing since $at_utc \\([0-9]+s ago\\)" "$(rt status)"
check_eq "status -j: effective mode enforce" enforce \
	"$(jq_py 'd["effective_mode"]' "$(rt -j status)")"
check_match "test: blocked now" '^blocked: ' "$(rt test 100.64.1.10 203.0.113.5)"
check_eq "test -j: effective mode enforce" enforce \
	"$(jq_py 'd["effective_mode"]' "$(rt -j test 100.64.1.10 203.0.113.5)")"

check "set enforce-at none" rt set enforce-at none
check_eq "without it, monitor again: passes" connected \
	"$(sub connect 100.64.1.10 203.0.113.5 25)"
check_eq "save has no enforce-at line" "" "$(rt save | grep enforce-at)"
check "set enforce-at in the past: enforces at once" rt set enforce-at 2020-01-01T00:00Z
check_eq "and drops" timeout "$(sub connect 100.64.1.10 203.0.113.5 25)"
check "set mode off with enforce-at kept" rt set mode off
check_match "off is not overridden by the cut-over" \
	'mode: off \(enforce-at 2020-01-01T00:00:00Z has no effect outside monitor\)' \
	"$(rt status)"
check_eq "off: passes" connected "$(sub connect 100.64.1.10 203.0.113.5 25)"

before=$(rt save)
for bad in 2026-13-01T00:00Z 2026-06-01T11:00 2026-06-01 1969-12-31T23:59Z \
	   10000-01-01T00:00Z 2026-02-29T00:00Z; do
	out=$(rt set enforce-at "$bad" 2>&1)
	check_eq "set enforce-at $bad fails" 1 "$?"
	check_match "with a message naming it" "enforce-at: $bad: " "$out"
done
out=$(rt set log nflog 2>&1)
check_eq "set log nflog without a group fails" 1 "$?"
check_match "saying so" "missing group" "$out"
check_fails "set log kernel 5 fails (no group for kernel)" rt set log kernel 5
check_fails "set enforce-at as nobody fails" rt_nobody set enforce-at none
check_eq "none of these changed the policy" "$before" "$(rt save)"

# --- Who would be affected (top) ----------------------------------------
write_policy ""
check "apply a monitor policy" rt apply "$policy"
check "top --clear" rt top --clear
check_eq "top of a cleared list prints nothing" "" "$(rt top)"
# Exact counts: crafted SYNs, to addresses where no host answers (a
# SYN-ACK would draw an RST from the subscriber, to port 25 as well).
sub burst 3 syn 100.64.1.10 203.0.113.9 42000 >/dev/null
sub burst 1 syn 100.64.1.10 203.0.113.6 42010 >/dev/null
sub burst 1 syn 100.64.1.10 203.0.113.7 42020 >/dev/null
sub burst 7 syn 100.64.1.11 203.0.113.9 42100 >/dev/null
sub burst 2 syn 2001:db8:100::10 2001:db8:cafe::9 42200 >/dev/null
# Not blocked, so never listed: static, not dynamic, relay, port 587.
sub burst 2 syn 100.64.1.21 203.0.113.5 42300 >/dev/null
sub burst 2 syn 192.0.2.10 203.0.113.5 42400 >/dev/null
sub burst 2 syn 100.64.1.12 203.0.113.25 42500 >/dev/null
check_eq "port 587 from 100.64.1.12 passes (not listed below)" connected \
	"$(sub connect 100.64.1.12 203.0.113.5 587)"
top=$(rt -j top)
check_eq "top lists exactly the sources that sent blocked segments, busiest first" \
	"100.64.1.11 7|100.64.1.10 5|2001:db8:100::10 2" \
	"$(jq_py '"|".join("%s %d" % (s["src"], s["packets"]) for s in d["sources"])' "$top")"
check_eq "distinct destinations: 3 for 100.64.1.10, 1 for the others" \
	"1 3 1" "$(jq_py '" ".join(str(s["destinations"]) for s in d["sources"])' "$top")"
check_eq "first and last seen are within this run" yes \
	"$(jq_py '"yes" if all(s["first_seen"] <= s["last_seen"] for s in d["sources"]) else "no"' "$top")"
now_utc=$(date -u +%Y-%m-%dT%H)
check_match "times are UTC of today" "\"last_seen\":\"$now_utc" "$top"
check_eq "top -n 1 shows the busiest only" 1 \
	"$(jq_py 'len(d["sources"])' "$(rt -j top -n 1)")"
human=$(rt top)
check_match "top prints a header and one line per source" \
	$'^SOURCE +PACKETS +DESTINATIONS +FIRST SEEN +LAST SEEN +POOL\n100\\.64\\.1\\.11 +7 +1 ' "$human"
check_eq "unprivileged users may read top" "$top" "$(rt_nobody -j top)"
check_fails "but not clear it" rt_nobody top --clear
check_fails "top -n 0 is refused" rt top -n 0
check_fails "top with a stray argument is refused" rt top extra
check "top --clear" rt top --clear
check_eq "and the list is empty" 0 "$(jq_py 'len(d["sources"])' "$(rt -j top)")"

# --- Logging ---------------------------------------------------------------
loglines() { dmesg | grep -c "op25b: $1 " ; }
check "set log kernel, mode enforce" rt set log kernel mode enforce
check_match "status shows the log" '  log: kernel' "$(rt status)"
ip netns exec rt sysctl -qw net.netfilter.nf_log_all_netns=0 2>/dev/null
sysctl -qw net.netfilter.nf_log_all_netns=0
n0=$(loglines blocked)
sub burst 1 syn 100.64.1.10 203.0.113.5 43000 >/dev/null
check_eq "no kernel log from a namespace while nf_log_all_netns is 0" "$n0" "$(loglines blocked)"
sysctl -qw net.netfilter.nf_log_all_netns=1
sub burst 1 syn 100.64.1.10 203.0.113.5 43001 >/dev/null
sub burst 1 syn 2001:db8:100::10 2001:db8:cafe::5 43002 >/dev/null
sub burst 1 ack 100.64.1.10 203.0.113.5 43003 >/dev/null
log=$(dmesg | grep 'op25b: ')
check_match "a SYN is logged with interfaces, addresses, ports, mode and prefix" \
	'op25b: blocked IN=r0 OUT=r1 SRC=100\.64\.1\.10 DST=203\.0\.113\.5 SPT=43001 DPT=25 MODE=enforce DYNAMIC=100\.64\.0\.0/10' "$log"
check_match "IPv6 too" \
	'op25b: blocked IN=r0 OUT=r1 SRC=2001:db8:100::10 DST=2001:db8:cafe::5 SPT=43002 DPT=25 MODE=enforce DYNAMIC=2001:db8:100::/48' "$log"
check_eq "a segment that is not a SYN is not logged" "" "$(grep 'SPT=43003' <<<"$log")"
check "set mode monitor" rt set mode monitor
sub burst 1 syn 100.64.1.10 203.0.113.5 43004 >/dev/null
check_match "monitor logs what it would block" \
	'op25b: monitored IN=r0 OUT=r1 SRC=100\.64\.1\.10 DST=203\.0\.113\.5 SPT=43004 DPT=25 MODE=monitor' \
	"$(dmesg | grep 'op25b: ')"
rt set mode enforce
# A flood: the log is limited, the drop is not.
blocked0=$(jq_py 'd["ipv4"]["blocked"]' "$(rt -j stats)")
n0=$(loglines blocked)
secs=$(sub burst 150 syn 100.64.1.10 203.0.113.5 44000)
n1=$(loglines blocked)
blocked1=$(jq_py 'd["ipv4"]["blocked"]' "$(rt -j stats)")
check_eq "every one of 150 SYNs is dropped" 150 $((blocked1 - blocked0))
limit=$(python3 -c "import math; print(10 * (math.ceil($secs) + 1))")
check "the log of the flood stays within 10 lines a second ($((n1 - n0)) lines in ${secs}s)" \
	test $((n1 - n0)) -le "$limit" -a $((n1 - n0)) -lt 150 -a $((n1 - n0)) -ge 1
sysctl -qw net.netfilter.nf_log_all_netns=0

check "set log nflog 5" rt set log nflog 5
check_match "status shows the group" '  log: nflog group 5' "$(rt status)"
check "nfnetlink_log was loaded for it" grep -q '^nfnetlink_log ' /proc/modules
check_eq "save keeps it" "log nflog 5" "$(rt save | grep '^log ')"
nfout=$(mktemp)
ready=$(mktemp)
ip netns exec rt python3 "$here/net.py" nflog 5 3 "$nfout" >"$ready" &
listener=$!
for _ in $(seq 100); do
	[[ -s $ready ]] && break
	sleep 0.1
done
sub burst 1 syn 100.64.1.10 203.0.113.5 45001 >/dev/null
sub burst 1 ack 100.64.1.10 203.0.113.5 45002 >/dev/null
sub burst 1 syn 2001:db8:100::10 2001:db8:cafe::5 45003 >/dev/null
rt set mode monitor
sub burst 1 syn 100.64.1.11 203.0.113.5 45004 >/dev/null
wait $listener
check_eq "NFLOG group 5 received the SYNs (not the ACK), with the prefix" \
	"op25b_blocked 100.64.1.10 203.0.113.5 45001 25
op25b_blocked 2001:db8:100::10 2001:db8:cafe::5 45003 25
op25b_monitored 100.64.1.11 203.0.113.5 45004 25" "$(cat "$nfout")"
check "set log off" rt set log off
check_eq "save has no log line" "" "$(rt save | grep '^log ')"

# --- top_entries: bounded, least recently seen evicted ---------------------
kill $server 2>/dev/null
_e2e_cleanup
E2E_NETNS=()
rmmod op25b
check "modprobe op25b top_entries=2" modprobe op25b top_entries=2
topology
write_policy ""
check "apply a monitor policy" rt apply "$policy"
sub burst 3 syn 100.64.1.10 203.0.113.9 46000 >/dev/null
sub burst 1 syn 100.64.1.11 203.0.113.9 46010 >/dev/null
sub burst 1 syn 100.64.1.12 203.0.113.9 46020 >/dev/null
check_eq "with room for 2, the least recently seen source went" \
	"100.64.1.11 1|100.64.1.12 1" \
	"$(jq_py '"|".join("%s %d" % (s["src"], s["packets"]) for s in sorted(d["sources"], key=lambda s: s["src"]))' "$(rt -j top)")"
rmmod op25b
check "modprobe op25b top_entries=0" modprobe op25b top_entries=0
check "apply again" rt apply "$policy"
sub burst 1 syn 100.64.1.10 203.0.113.9 46100 >/dev/null
check_eq "top_entries=0 keeps no list" 0 "$(jq_py 'len(d["sources"])' "$(rt -j top)")"
check_eq "but still counts" 1 "$(jq_py 'd["ipv4"]["monitored"]' "$(rt -j stats)")"
