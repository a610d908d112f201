#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench, VM part, inside the guest (tests/bench/vm.sh boots it through
# tests/e2e/boot). Parameters come from build/bench/vm/params, which vm.sh
# writes on the host before booting; the prefix files from the directory
# it names (made by build/bench/vmprefixes at native speed).
#
#   sub (s0) ---- (r0) rt (d0)
#   synflood        forwards to 198.51.100.0/24 on d0, a dummy device
#   on CPU 0        (it counts and frees: no queue, no drop point after
#                   the router); RPS on r0 puts the router on CPU 1
#
# Part "load": into rt, times op25bctl apply of policy A (N IPv4 + N IPv6
# dynamic prefixes), one op25bctl add into it, the swap to policy B of the
# same size with the kernel's memory sampled throughout, then nft -f and
# ipset restore of the same prefixes.
# Part "packet": SYNs to 25 and to 443 from sources inside A's IPv4
# prefixes, through rt with (a) no filtering, (b) op25b, (c) nftables,
# (d) iptables-nft with ipset, (e) op25b with top_entries=0, and (f)
# nftables with one rule and no set (tcp dport 25 drop): what a drop at
# the forward hook costs before any lookup, the floor for every filter
# there; (g) an empty nftables base chain: what being at the hook at all
# costs, nft_do_chain included. Interleaved, BENCH_VM_REPS rounds.
#
# Prints plain lines for people and "result KEY VALUE" lines that vm.sh
# reads.

set -uo pipefail

# shellcheck source=tests/e2e/lib.sh
. "$E2E_REPO/tests/e2e/lib.sh"
# shellcheck source=/dev/null
. "$E2E_REPO/build/bench/vm/params"

bin=$E2E_REPO/build/bench
A=$BENCH_VM_DATA/A
B=$BENCH_VM_DATA/B
dst=198.51.100.7

say() { echo "[$(cut -d' ' -f1 /proc/uptime)s] $*"; }
result() { echo "result $1 $2"; }
now_ns() { date +%s%N; }
rt() { ip netns exec rt "$@"; }
# median of the numbers on stdin
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "n/m"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
policy_bytes() { rt "$E2E_OP25BCTL" status | sed -n 's/^  memory: \([0-9]*\) bytes$/\1/p'; }
# A point reading of the kernel's memory, caches dropped first so that
# dentries and inodes (9p reads) do not blur it.
kmem() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
	"$bin/memsample"
}

# Everything here on CPU 0, so that CPU 1 does the router's work only.
# With one CPU (BENCH_VM_ICOUNT, tests/bench/README) the sender and the
# router share CPU 0 and "busy" is the two together.
taskset -pc 0 $$ >/dev/null
ncpus=$(nproc --all)
rcpu=1
((ncpus > 1)) || rcpu=0
say "kernel $(uname -r), $ncpus CPUs, $(awk '/MemTotal/ { print $2 }' /proc/meminfo) KiB, size $BENCH_VM_SIZE per family, parts: $BENCH_VM_PARTS"
say "$(nft --version), $(ipset --version | head -n1), $(iptables-nft -V)"

router_netns
ip -n rt addr add 10.250.0.1/24 dev r0
ip -n rt link add d0 type dummy
ip -n rt link set d0 up
ip -n rt route add 198.51.100.0/24 dev d0
rt sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0 \
	net.ipv4.conf.r0.rp_filter=0
r0mac=$(rt cat /sys/class/net/r0/address)
# The router's work on CPU 1, the sender's on CPU 0.
# shellcheck disable=SC2016 # $q is the inner shell's
((rcpu == 0)) ||
	rt sh -c 'for q in /sys/class/net/r0/queues/rx-*; do echo 2 >"$q/rps_cpus"; done'

# Nothing of ours loaded: the packet part's (a) needs op25b unloaded.
grep -q '^op25b ' /proc/modules && rmmod op25b

nft_load() { rt nft -f "$A/nft.nft"; }
ipset_load() { rt ipset restore <"$A/ipset.txt"; }

# ---- load ------------------------------------------------------------------

ms_of() { echo $((($2 - $1) / 1000000)); }
us_of() { echo $((($2 - $1) / 1000)); }

# Each op25bctl that changes the policy runs in a memory cgroup, A's
# load and adds in bench-a, the swap in bench-b: what each allocated in
# the kernel and still holds is its cgroup's "kernel" charge (memsample.c),
# op25b's own memory apart from everything else the kernel holds.
cg=/sys/fs/cgroup
cg_setup() {
	grep -q "^[^ ]* $cg cgroup2 " /proc/mounts ||
		mount -t cgroup2 cgroup2 "$cg" || return 1
	echo +memory >"$cg/cgroup.subtree_control" &&
		mkdir -p "$cg/bench-a" "$cg/bench-b" "$cg/bench-p"
}
if ! cg_setup 2>/dev/null; then
	say "no memory cgroup: op25b's own memory is not measured"
	cg=
fi
# in_cg NAME CMD...: runs CMD in cgroup NAME (when there are cgroups)
in_cg() {
	local g=$1
	shift
	(if [[ -n $cg ]]; then echo "$BASHPID" >"$cg/$g/cgroup.procs" || exit 1; fi; "$@")
}
cg_kib() { if [[ -n $cg ]]; then "$bin/memsample" - "$cg/$1"; else echo n/m; fi; }

part_load() {
	local k0 ka kafter t0 t1 ma mb peak p ms floor sampler out tr cga cgpeak
	local cga_after cgb_after

	# The emulation's slowdown, for reading absolute times: op25bctl's
	# parser alone (apply -c), which vm.sh also times on the host.
	t0=$(now_ns)
	"$E2E_OP25BCTL" apply -c "$A/op25b.conf" >/dev/null
	t1=$(now_ns)
	result parse_ms "$(ms_of "$t0" "$t1")"
	# What an op25bctl process charges of its own (task, mm, mappings,
	# open files; none of it op25b's, all gone when it exits): the
	# smallest, apply -c of an empty file, three times in cgroup bench-p,
	# sampled; its peak is taken off the swap's, an underestimate of what
	# the swap's op25bctl holds of its own.
	: >/tmp/empty.conf
	"$bin/memsample" 10 ${cg:+"$cg/bench-p"} >/tmp/sample.out &
	sampler=$!
	sleep 0.5
	for p in 1 2 3; do
		in_cg bench-p "$E2E_OP25BCTL" apply -c /tmp/empty.conf
		sleep 0.2
	done
	kill -TERM "$sampler"
	wait "$sampler"
	result cg_tool_kib "$(awk '{ print $8 == "" ? "n/m" : $8 }' </tmp/sample.out)"
	modprobe op25b
	k0=$(kmem)
	t0=$(now_ns)
	in_cg bench-a rt "$E2E_OP25BCTL" apply "$A/op25b.conf" || say "apply A failed"
	t1=$(now_ns)
	result apply_ms "$(ms_of "$t0" "$t1")"
	sleep 2
	ka=$(kmem)
	ma=$(policy_bytes)
	result policy_a_bytes "$ma"
	result kmem_a_kib $((ka - k0))
	say "op25bctl apply A: $(ms_of "$t0" "$t1") ms; policy $ma bytes, kernel +$((ka - k0)) KiB"

	# One add into the loaded policy, and the same process doing a read
	# (test) for the floor of starting op25bctl and one request.
	# The kernel's own time for each add: function_graph on the request's
	# handler alone. Only it is hooked (set_ftrace_filter): with every
	# function hooked, each call beneath it pays the tracer's entry and
	# exit even when not recorded, which under emulation made most of the
	# figure (26-39 ms where a filtered trace says a few).
	tr=/sys/kernel/tracing
	[[ -e $tr/current_tracer ]] || mount -t tracefs nodev "$tr" 2>/dev/null
	if echo op25b_nl_add >"$tr/set_ftrace_filter" 2>/dev/null &&
		echo op25b_nl_add >"$tr/set_graph_function" 2>/dev/null; then
		echo 1 >"$tr/max_graph_depth"
		echo function_graph >"$tr/current_tracer"
		echo >"$tr/trace"
	else
		tr=
	fi
	: >/tmp/add.us
	: >/tmp/floor.us
	while read -r p; do
		t0=$(now_ns)
		in_cg bench-a rt "$E2E_OP25BCTL" add dynamic "$p" || say "add $p failed"
		t1=$(now_ns)
		us_of "$t0" "$t1" >>/tmp/add.us
		t0=$(now_ns)
		rt "$E2E_OP25BCTL" test 192.0.2.99 198.51.100.7 >/dev/null
		t1=$(now_ns)
		us_of "$t0" "$t1" >>/tmp/floor.us
	done <"$A/add.txt"
	if [[ -n $tr ]]; then
		sed -n 's/.* \([0-9][0-9.]*\) us .*op25b_nl_add.*/\1/p' "$tr/trace" >/tmp/addk.us
		echo nop >"$tr/current_tracer"
		echo >"$tr/set_graph_function"
		echo >"$tr/set_ftrace_filter"
	else
		: >/tmp/addk.us
	fi
	result add_kernel_us "$(median </tmp/addk.us)"
	say "op25b_nl_add in the kernel: median $(median </tmp/addk.us) us (each: $(paste -sd' ' /tmp/addk.us))"
	ms=$(median </tmp/add.us)
	floor=$(median </tmp/floor.us)
	result add_us "$ms"
	result add_floor_us "$floor"
	say "op25bctl add into it: median $ms us (each: $(paste -sd' ' /tmp/add.us)); op25bctl test: $floor us"

	# The swap, sampled every 10 ms.
	cga=$(cg_kib bench-a)
	"$bin/memsample" 10 ${cg:+"$cg/bench-b"} >/tmp/sample.out &
	sampler=$!
	sleep 0.5
	t0=$(now_ns)
	in_cg bench-b rt "$E2E_OP25BCTL" apply "$B/op25b.conf" || say "apply B failed"
	t1=$(now_ns)
	sleep 0.5
	kill -TERM "$sampler"
	wait "$sampler"
	out=$(cat /tmp/sample.out)
	peak=$(awk '{ print $2 }' <<<"$out")
	cgpeak=$(awk '{ print $8 == "" ? "n/m" : $8 }' <<<"$out")
	# The old policy goes after a grace period (kvfree_rcu, which batches
	# for up to seconds), slower under emulation.
	sleep 10
	kafter=$(kmem)
	mb=$(policy_bytes)
	result swap_ms "$(ms_of "$t0" "$t1")"
	result policy_b_bytes "$mb"
	result swap_peak_kib $((peak - k0))
	result swap_after_kib $((kafter - k0))
	cga_after=$(cg_kib bench-a)
	cgb_after=$(cg_kib bench-b)
	result cg_a_kib "$cga"
	result cg_swap_peak_kib "$cgpeak"
	result cg_a_after_kib "$cga_after"
	result cg_b_after_kib "$cgb_after"
	say "charged to the cgroups: A's load and adds $cga KiB before the swap, $cga_after KiB after; the swap's apply at most $cgpeak KiB, $cgb_after KiB after"
	say "swap to B: $(ms_of "$t0" "$t1") ms; kernel over the empty baseline: peak +$((peak - k0)) KiB ($out), after +$((kafter - k0)) KiB; old $((ma / 1024)) KiB + new $((mb / 1024)) KiB"
	rmmod op25b || say "rmmod op25b failed"

	if [[ $BENCH_VM_PEERS == 0 ]]; then
		say "nft -f and ipset restore skipped (BENCH_VM_PEERS=0)"
		return
	fi
	k0=$(kmem)
	t0=$(now_ns)
	nft_load || say "nft -f failed"
	t1=$(now_ns)
	sleep 2
	result nft_ms "$(ms_of "$t0" "$t1")"
	result nft_kib $(($(kmem) - k0))
	say "nft -f: $(ms_of "$t0" "$t1") ms, kernel +$(($(kmem) - k0)) KiB"

	if [[ $BENCH_VM_PEERS == nft ]]; then
		say "ipset restore skipped (BENCH_VM_PEERS=nft)"
		return
	fi
	k0=$(kmem)
	t0=$(now_ns)
	ipset_load || say "ipset restore failed"
	t1=$(now_ns)
	result ipset_ms "$(ms_of "$t0" "$t1")"
	result ipset_kib $(($(kmem) - k0))
	say "ipset restore: $(ms_of "$t0" "$t1") ms, kernel +$(($(kmem) - k0)) KiB"
}

# ---- packet ----------------------------------------------------------------

counter() { ip netns exec "$1" cat "/sys/class/net/$2/statistics/$3"; }
# Packets the CPUs' backlogs refused (the second column of softnet_stat).
backlog_drops() {
	local n=0 x
	while read -r _ x _; do
		n=$((n + 0x$x))
	done </proc/net/softnet_stat
	echo $n
}

cfg_on() {
	case $1 in
	a) ;;
	b)
		modprobe op25b
		rt "$E2E_OP25BCTL" apply "$A/op25b.conf" || say "apply failed"
		;;
	e)
		# (b) without the list of blocked sources that top reads.
		modprobe op25b top_entries=0
		rt "$E2E_OP25BCTL" apply "$A/op25b.conf" || say "apply failed"
		;;
	c)
		rt nft -f - <<-EOF
			add chain inet op25bench bench_fwd { type filter hook forward priority -10; policy accept; }
			add rule inet op25bench bench_fwd tcp dport 25 ip saddr @dyn4 drop
			add rule inet op25bench bench_fwd tcp dport 25 ip6 saddr @dyn6 drop
		EOF
		;;
	f)
		rt nft -f - <<-EOF
			add table inet op25bfloor
			add chain inet op25bfloor bench_fwd { type filter hook forward priority -10; policy accept; }
			add rule inet op25bfloor bench_fwd tcp dport 25 drop
		EOF
		;;
	g)
		rt nft -f - <<-EOF
			add table inet op25bhook
			add chain inet op25bhook bench_fwd { type filter hook forward priority -10; policy accept; }
		EOF
		;;
	d)
		rt iptables-nft -A FORWARD -p tcp --dport 25 -m set --match-set dyn4 src -j DROP
		rt ip6tables-nft -A FORWARD -p tcp --dport 25 -m set --match-set dyn6 src -j DROP
		;;
	esac
}

cfg_off() {
	case $1 in
	a) ;;
	b | e) rmmod op25b ;;
	c) rt nft delete chain inet op25bench bench_fwd ;;
	f) rt nft delete table inet op25bfloor ;;
	g) rt nft delete table inet op25bhook ;;
	d)
		# Not just the rules: an empty base chain would still be a hook.
		rt nft delete table ip filter
		rt nft delete table ip6 filter
		;;
	esac
}

# snap: the time (ns), r0's rx and d0's tx packets and the router CPU's
# busy and total ticks, read by one process so that they belong together.
snap() {
	rt sh -c "date +%s%N; cat /sys/class/net/r0/statistics/rx_packets /sys/class/net/d0/statistics/tx_packets; grep '^cpu$rcpu ' /proc/stat" |
		awk 'NR <= 3 { v[NR] = $1 } NR == 4 {
			busy = $2 + $3 + $4 + $7 + $8 + $9
			printf "%s %s %s %d %d\n", v[1], v[2], v[3], busy, busy + $5 + $6
		}'
}

# measure CFG PORT ROUND: one window of BENCH_VM_SECONDS in the middle of
# a flood one second longer at each end. Prints the rates over the window
# (processed = r0 rx, forwarded = d0 tx), the router CPU's busy share and
# the router's capacity: packets processed per busy second of that CPU.
measure() {
	local cfg=$1 port=$2 round=$3 secs=$BENCH_VM_SECONDS pid a b dra drb l
	# Gone before the start: the last flood's "sending" must not be read.
	rm -f /tmp/flood.out
	taskset -c 0 ip netns exec sub "$bin/synflood" s0 "$r0mac" \
		"$A/sources4.txt" "$dst" "$port" $((secs + 2)) >/tmp/flood.out &
	pid=$!
	# The window starts a second after synflood says it is sending, not
	# after its start: reading the sources over 9p takes host time,
	# which the guest's clock skips under -icount (BENCH_VM_ICOUNT).
	until { read -r l </tmp/flood.out; } 2>/dev/null && [[ $l == sending ]]; do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	sleep 1
	dra=$(backlog_drops)
	a=$(snap)
	sleep "$secs"
	b=$(snap)
	drb=$(backlog_drops)
	wait "$pid"
	awk -v c="$cfg" -v p="$port" -v r="$round" -v a="$a" -v b="$b" \
		-v dr=$((drb - dra)) 'BEGIN {
		split(a, x); split(b, y)
		s = (y[1] - x[1]) / 1e9; rx = y[2] - x[2]; fw = y[3] - x[3]
		busy = y[4] - x[4]; tot = y[5] - x[5]
		share = tot ? busy / tot : 0
		cap = busy ? rx / (busy / 100) : 0
		printf "pkt %s %s %s %.0f %.0f %.0f %.3f %.0f\n", c, p, r, rx / s, fw / s, dr / s, share, cap
	}' | tee -a /tmp/pkt.txt
}

part_packet() {
	local round cfg port all="a b c d e f g" cfgs
	cfgs=$all

	# The peers' configurations need their sets loaded first.
	case $BENCH_VM_PEERS in
	0) cfgs="a b e f g" ;;
	nft) cfgs="a b c e f g" ;;
	esac
	if [[ $cfgs == *c* ]]; then
		# "list tables", not "list table": that prints every element,
		# minutes for 1M under TCG.
		rt nft list tables | grep -qx 'table inet op25bench' || nft_load
	fi
	if [[ $cfgs == *d* ]]; then
		rt ipset list -n 2>/dev/null | grep -qx dyn4 || ipset_load
	fi
	[[ $cfgs == *d* ]] || say "(d) iptables + ipset skipped (BENCH_VM_PEERS=$BENCH_VM_PEERS)"
	[[ $cfgs == *c* ]] || say "(c) nftables skipped (BENCH_VM_PEERS=$BENCH_VM_PEERS)"
	: >/tmp/pkt.txt
	echo "pkt CFG PORT ROUND processed/s forwarded/s backlog-dropped/s cpu${rcpu}-busy capacity/s"
	for round in $(seq "$BENCH_VM_REPS"); do
		for cfg in $cfgs; do
			cfg_on "$cfg" || say "cannot set up $cfg"
			for port in 25 443; do
				measure "$cfg" "$port" "$round"
			done
			if [[ $cfg == b ]]; then
				rt "$E2E_OP25BCTL" stats | sed 's/^/  op25b: /'
			fi
			cfg_off "$cfg" || say "cannot tear down $cfg"
		done
	done
	for cfg in $all; do
		for port in 25 443; do
			result "proc_${cfg}_$port" "$(awk -v c="$cfg" -v p="$port" '$2 == c && $3 == p { print $5 }' /tmp/pkt.txt | median)"
			result "fwd_${cfg}_$port" "$(awk -v c="$cfg" -v p="$port" '$2 == c && $3 == p { print $6 }' /tmp/pkt.txt | median)"
			result "busy_${cfg}_$port" "$(awk -v c="$cfg" -v p="$port" '$2 == c && $3 == p { print $8 }' /tmp/pkt.txt | median)"
			result "cap_${cfg}_$port" "$(awk -v c="$cfg" -v p="$port" '$2 == c && $3 == p { print $9 }' /tmp/pkt.txt | median)"
		done
	done
}

for part in $BENCH_VM_PARTS; do
	say "part $part"
	"part_$part"
done
say "done"
