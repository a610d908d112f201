#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Running op25b at an ISP: the systemd unit's commands and a failed
# reload, dkms install and modprobe, stats --prometheus against a format
# checker, export against Python's ipaddress on random policies (and its
# nft script loaded by nft -f), import from real nftables sets, and the
# accel-ppp opt-out hooks.
#
#   init namespace --- the unit's ExecStartPre/ExecStart/ExecReload
#   netns t        --- export, import, hooks
#   sub --- rt --- d0 (dummy)   TCP to port 25 through rt, for the counters
#     100.64.1.10, 192.0.2.10, 2001:db8:100::10, 2001:db8:200::10 in sub;
#     203.0.113.0/24, 2001:db8:cafe::/64 behind d0; rt rejects

source tests/e2e/lib.sh

here=tests/e2e
ops() { python3 "$here/ops.py" "$@"; }
tmp=$(mktemp -d)
kver=$(uname -r)
version=$(scripts/dkms-version)

### The systemd unit, installed by make install, run by hand (no systemd
### in the guest): ExecStartPre loads the module, ExecStart applies the
### file, ExecReload applies it again and keeps the policy when that fails.

check "make install-tools install-data into the guest's root" \
	make -s install-tools install-data
unit=/lib/systemd/system/op25b.service
check "the unit is installed" test -f $unit
check_eq "and /etc/op25b/op25b.conf is the example" \
	"$(cat examples/op25b.conf)" "$(cat /etc/op25b/op25b.conf 2>&1)"
echo "mode off" >/etc/op25b/op25b.conf
make -s install-tools install-data >/dev/null 2>&1
check_eq "a second install keeps an existing /etc/op25b/op25b.conf" \
	"mode off" "$(cat /etc/op25b/op25b.conf)"
cp examples/op25b.conf /etc/op25b/op25b.conf

# The command line of one Exec key of the installed unit.
exec_line() { sed -n "s/^$1=//p" $unit; }
check_match "ExecStart applies /etc/op25b/op25b.conf with the installed op25bctl" \
	'^/usr/local/sbin/op25bctl apply /etc/op25b/op25b.conf$' "$(exec_line ExecStart)"
check_fails "the module is not loaded before the unit starts" grep -q '^op25b ' /proc/modules
check "ExecStartPre loads the module" sh -c "$(exec_line ExecStartPre)"
check "it is loaded" grep -q '^op25b ' /proc/modules
check "ExecStart applies the policy" sh -c "$(exec_line ExecStart)"
netns_add ref
ip netns exec ref "$E2E_OP25BCTL" apply examples/op25b.conf
check_eq "the policy in force is the file's" \
	"$(ip netns exec ref "$E2E_OP25BCTL" save)" "$(op25bctl save)"

printf 'mode enforce\naction reject\ndynamic 100.64.0.0/10\n' >/etc/op25b/op25b.conf
check "ExecReload applies a changed file" sh -c "$(exec_line ExecReload)"
check_eq "which is then in force" \
	$'mode enforce\naction reject\nports 25\ndynamic 100.64.0.0/10' "$(op25bctl save)"
before=$(op25bctl save)
printf 'mode enforce\ndynamic 10.0.0.0/8\ndynamic 10.1.1.1/8\n' >/etc/op25b/op25b.conf
out=$(sh -c "$(exec_line ExecReload)" 2>&1)
check_eq "ExecReload of a file with an error fails" 1 "$?"
check_match "naming the line" "op25b.conf:3: " "$out"
check_eq "and the running policy stays" "$before" "$(op25bctl save)"
cap=/sys/module/op25b/parameters/max_prefixes
old_cap=$(cat $cap)
echo 3 >$cap
printf 'dynamic 10.0.0.0/8 11.0.0.0/8 12.0.0.0/8 13.0.0.0/8\n' >/etc/op25b/op25b.conf
out=$(sh -c "$(exec_line ExecReload)" 2>&1)
check_eq "ExecReload of a file the kernel refuses fails" 1 "$?"
check_match "with the kernel's reason" "max_prefixes" "$out"
check_eq "and the running policy stays" "$before" "$(op25bctl save)"
echo "$old_cap" >$cap
rm -f /etc/op25b/op25b.conf

### dkms: the source tree as a package ships it, built by dkms for this
### kernel (on the host, at native speed: tests/e2e/boot), installed by the
### guest's dkms, then loaded by modprobe from there.

rmmod op25b
module_make_unloadable
dkms_tree=(--dkmstree "$E2E_DKMS/tree" --sourcetree "$E2E_DKMS/src")
check "dkms status: op25b/$version built for $kver" \
	grep -qxF "op25b/$version, $kver, x86_64: built" \
	<<<"$(dkms status "op25b/$version" -k "$kver" "${dkms_tree[@]}" 2>&1)"
out=$(dkms install "op25b/$version" -k "$kver" "${dkms_tree[@]}" 2>&1)
rc=$?
check_eq "dkms install op25b/$version -k $kver" 0 "$rc"
[[ $rc == 0 ]] || echo "$out" | tail -n 20 | sed 's/^/#   /'
check "dkms status: installed" \
	grep -qxF "op25b/$version, $kver, x86_64: installed" \
	<<<"$(dkms status "op25b/$version" -k "$kver" "${dkms_tree[@]}" 2>&1)"
# The release is a regex here, and 6.12.117+deb12 has a '+' in it.
check_match "modprobe finds the module dkms installed" \
	"^/lib/modules/$(sed 's/[.+]/\\&/g' <<<"$kver")/updates/dkms/op25b\.ko" \
	"$(modinfo -n op25b 2>&1)"
check "modprobe op25b loads it" modprobe op25b
check_match "and op25bctl talks to it" "^op25b module $version" "$(op25bctl status)"
rmmod op25b
rm -f /lib/modules/"$kver"/updates/dkms/op25b.ko*
module_make_loadable

### stats --prometheus, with real counters behind it.

netns_add sub
netns_add rt
ip link add s0 netns sub type veth peer name r0 netns rt
# What rt forwards out of d0 vanishes: no server needed behind it.
ip -n rt link add d0 type dummy
for l in "sub s0" "rt r0" "rt d0"; do
	set -- $l
	ip -n "$1" link set "$2" up
	ip netns exec "$1" sysctl -qw net.ipv6.conf.all.accept_dad=0
done
ip netns exec rt sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
ip -n sub addr add 100.64.1.10/10 dev s0
ip -n sub addr add 192.0.2.10/32 dev s0
ip -n sub addr add 2001:db8:100::10/48 dev s0 nodad
ip -n sub addr add 2001:db8:200::10/128 dev s0 nodad
ip -n sub route add default via 100.64.0.1
ip -n sub -6 route add default via 2001:db8:100::1
ip -n rt addr add 100.64.0.1/10 dev r0
ip -n rt addr add 2001:db8:100::1/48 dev r0 nodad
ip -n rt route add 192.0.2.10/32 dev r0
ip -n rt -6 route add 2001:db8:200::10/128 dev r0
ip -n rt addr add 203.0.113.1/24 dev d0
ip -n rt addr add 2001:db8:cafe::1/64 dev d0 nodad
rt() { ip netns exec rt "$E2E_OP25BCTL" "$@"; }
printf 'mode enforce\naction reject\ndynamic 100.64.0.0/10 2001:db8:100::/48\n' >"$tmp/rt.conf"
rt apply "$tmp/rt.conf"
# A blocked SYN gets rt's RST, an allowed one is forwarded into d0.
for pair in "100.64.1.10 203.0.113.5" "192.0.2.10 203.0.113.5" \
	    "2001:db8:100::10 2001:db8:cafe::5" "2001:db8:200::10 2001:db8:cafe::5"; do
	set -- $pair
	ip netns exec sub python3 "$here/net.py" connect "$1" "$2" 25 >/dev/null
done
rt -j stats >"$tmp/stats.json"
rt -j status >"$tmp/status.json"
rt stats --prometheus >"$tmp/prom.txt"
check_eq "some segments were blocked, in both families" "1 1" \
	"$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(int(d["ipv4"]["blocked"] > 0), int(d["ipv6"]["blocked"] > 0))' "$tmp/stats.json")"
out=$(ops prom "$tmp/stats.json" "$tmp/status.json" <"$tmp/prom.txt" 2>&1)
check_eq "stats --prometheus is valid exposition text equal to -j stats and -j status" \
	"" "$out"
mkdir "$tmp/textfile"
echo stale >"$tmp/textfile/op25b.prom"
check "stats --prometheus -o FILE" rt stats --prometheus -o "$tmp/textfile/op25b.prom"
check_eq "FILE holds what stdout would" "$(cat "$tmp/prom.txt")" \
	"$(cat "$tmp/textfile/op25b.prom")"
check_eq "FILE is readable by node_exporter, nothing else left in the directory" \
	"644 op25b.prom" "$(stat -c %a "$tmp/textfile/op25b.prom") $(ls -A "$tmp/textfile")"
out=$(rt stats --prometheus -o "$tmp/missing/op25b.prom" 2>&1)
check_eq "-o into a missing directory fails" 1 "$?"
check_match "and says so" "missing/op25b.prom.*No such file or directory" "$out"
check_fails "-o without --prometheus fails" rt stats -o "$tmp/textfile/x.prom"

### export: dynamic minus static, against ipaddress, on random policies.

netns_add t
ctl() { ip netns exec t "$E2E_OP25BCTL" "$@"; }
for seed in 1 2 3 4 5 6; do
	ops gen $seed "$tmp/p.conf"
	ctl apply "$tmp/p.conf"
	for fam in -4 -6; do
		ops ref "$tmp/p.conf" $fam >"$tmp/ref$fam"
		ctl export $fam >"$tmp/got$fam"
		check "export $fam of random policy $seed equals ipaddress' ($(wc -l <"$tmp/ref$fam") prefixes)" \
			cmp "$tmp/ref$fam" "$tmp/got$fam"
	done
	check_eq "export of both families is -4 then -6 (policy $seed)" \
		"$(cat "$tmp/ref-4" "$tmp/ref-6")" "$(ctl export)"
done
check_eq "export --format rbldnsd -6: header, then the prefixes" \
	"$(printf '# op25b: IPv6 sources whose outbound port 25 is blocked\n# rbldnsd ip6trie dataset, from op25bctl export\n:127.0.0.2:Dynamic address, outbound port 25 blocked (OP25B): $\n'; cat "$tmp/ref-6")" \
	"$(ctl export --format rbldnsd -6)"
check_fails "export --format rbldnsd without a family fails" ctl export --format rbldnsd
check_fails "export --format bogus fails" ctl export --format bogus
check_fails "export -4 -6 fails" ctl export -4 -6

# The nft script: loaded by nft -f, read back through import, twice (the
# second load must replace, not add to, what the first one put there).
for seed in 6 7; do
	ops gen $seed "$tmp/p.conf"
	ctl apply "$tmp/p.conf"
	ctl export --format nft >"$tmp/blocked.nft"
	check "nft -f loads export --format nft (policy $seed)" \
		ip netns exec t nft -f "$tmp/blocked.nft"
	ctl flush relay
	check "import nft inet op25b blocked4 reads it back" \
		ctl import nft inet op25b blocked4 --as relay
	check "import nft inet op25b blocked6 reads it back" \
		ctl import nft inet op25b blocked6 --as relay
	check_eq "and the relay set is the export (policy $seed)" \
		"$(ctl export)" "$(ctl list relay | cut -d' ' -f2)"
done
ip netns exec t nft delete table inet op25b

### import nft from real nftables sets.

ctl flush
nftt() { ip netns exec t nft "$@"; }
nftt add table ip imp
nftt add set ip imp pools '{ type ipv4_addr; flags interval; }'
nftt add element ip imp pools '{ 10.0.0.0/8, 192.0.2.1-192.0.2.6, 198.51.100.0/24, 255.255.255.0/24 }'
nftt add set ip imp hosts '{ type ipv4_addr; }'
nftt add element ip imp hosts '{ 203.0.113.9, 203.0.113.8 }'
nftt add set ip imp ports '{ type inet_service; }'
nftt add element ip imp ports '{ 25 }'
nftt add set ip imp empty '{ type ipv4_addr; flags interval; }'
nftt add table ip6 imp6
nftt add set ip6 imp6 hosts '{ type ipv6_addr; }'
nftt add element ip6 imp6 hosts '{ 2001:db8::2, 2001:db8::1 }'
nftt add table inet mixed
nftt add set inet mixed v6 '{ type ipv6_addr; flags interval; }'
nftt add element inet mixed v6 '{ ::/1, ffff::/16, a000::-a000::5 }'
nftt add set inet mixed one '{ typeof ip saddr; }'
nftt add element inet mixed one '{ 100.64.0.1 }'

check "import an interval set (family ip by default)" \
	ctl import nft imp pools --as dynamic
check_eq "ranges become the fewest prefixes" \
	$'dynamic 10.0.0.0/8\ndynamic 192.0.2.1/32\ndynamic 192.0.2.2/31\ndynamic 192.0.2.4/31\ndynamic 192.0.2.6/32\ndynamic 198.51.100.0/24\ndynamic 255.255.255.0/24' \
	"$(ctl list dynamic)"
check "import a plain set" ctl import nft ip imp hosts --as static
check_eq "its addresses, one each" $'static 203.0.113.8/32\nstatic 203.0.113.9/32' \
	"$(ctl list static)"
check "import an ip6 table's set" ctl import nft ip6 imp6 hosts --as static
check "import an inet interval set of IPv6" ctl import nft inet mixed v6 --as relay
check "import an inet set declared with typeof" ctl import nft inet mixed one --as relay
check_eq "everything is there" \
	$'static 203.0.113.8/32\nstatic 203.0.113.9/32\nstatic 2001:db8::1/128\nstatic 2001:db8::2/128\nrelay 100.64.0.1/32\nrelay ::/1\nrelay a000::/126\nrelay a000::4/127\nrelay ffff::/16' \
	"$(ctl list static; ctl list relay)"

before=$(ctl save)
import_fails() {
	local desc=$1 want=$2 out rc
	shift 2
	out=$(ctl import "$@" 2>&1) && rc=0 || rc=$?
	check_eq "$desc: exits 1" 1 "$rc"
	check_match "$desc: says so" "$want" "$out"
}
import_fails "a missing table" "^op25bctl: import: no table ip nope$" nft nope pools --as dynamic
import_fails "the default family is ip" "^op25bctl: import: no table ip imp6$" nft imp6 hosts --as dynamic
import_fails "a missing set" "^op25bctl: import: no set nope in table ip imp$" nft imp nope --as dynamic
import_fails "a set of ports" "set ports in table ip imp is not an address set" nft imp ports --as dynamic
import_fails "an empty set" "set empty in table ip imp is empty" nft imp empty --as dynamic
import_fails "an unknown family" "unknown nftables family 'ipx'" nft ipx imp pools --as dynamic
import_fails "no --as" "missing --as" nft imp pools
import_fails "prefixes already there" "already in the set" nft imp pools --as dynamic
check_eq "and nothing changed" "$before" "$(ctl save)"
out=$(ip netns exec t setpriv --reuid=65534 --regid=65534 --clear-groups \
	"$E2E_OP25BCTL" import nft imp hosts --as dynamic 2>&1)
check_eq "import without privilege fails" 1 "$?"
check_eq "and nothing changed" "$before" "$(ctl save)"

### The accel-ppp hooks, run as pppd runs them: empty environment but for
### PEERNAME, pppd's arguments.

ctl flush
ctl add dynamic 100.64.0.0/10 192.0.2.0/24
ctl add static 100.64.7.7
cat >"$tmp/optout" <<'OPTOUT'
# opted out
alice
  192.0.2.77   # by address

# carol
OPTOUT
hook() {
	local script=$1 user=$2 iface=$3 remote=$4
	ip netns exec t env -i PEERNAME="$user" OP25B_OPTOUT="$tmp/optout" \
		OP25B_STATE="$tmp/state" OP25BCTL="$E2E_OP25BCTL" \
		examples/accel-ppp/"$script" "$iface" /dev/pts/0 0 10.0.0.1 "$remote" ""
}
check "ip-up for a listed user" hook ip-up alice ppp0 100.64.9.9
check "ip-up for an unlisted user" hook ip-up bob ppp1 100.64.9.10
check "ip-up for a listed address" hook ip-up bob ppp2 192.0.2.77
check "ip-up for a commented-out user" hook ip-up carol ppp3 100.64.9.11
check "ip-up without a user name (blank lines match nothing)" hook ip-up "" ppp4 100.64.9.12
check_eq "only the opted-out sessions are exempt" \
	$'static 100.64.7.7/32\nstatic 100.64.9.9/32\nstatic 192.0.2.77/32' "$(ctl list static)"
check_match "for as long as the sessions last" \
	'^allowed: 100.64.9.9 .*in static 100.64.9.9/32' "$(ctl test 100.64.9.9 203.0.113.5)"
check "ip-down for alice" hook ip-down alice ppp0 100.64.9.9
check "ip-down for a session that was not exempt" hook ip-down bob ppp1 100.64.9.10
check_eq "removes alice's exemption only" \
	$'static 100.64.7.7/32\nstatic 192.0.2.77/32' "$(ctl list static)"
check_fails "ip-up for an address already static fails" hook ip-up alice ppp5 100.64.7.7
check "its ip-down" hook ip-down alice ppp5 100.64.7.7
check_eq "leaves the policy's own static address" \
	$'static 100.64.7.7/32\nstatic 192.0.2.77/32' "$(ctl list static)"
check_fails "an interface name with a slash is refused" hook ip-up alice ../x 100.64.9.9
check "ip-down for ppp2" hook ip-down bob ppp2 192.0.2.77
check_eq "and nothing is left of the sessions" "static 100.64.7.7/32" "$(ctl list static)"
