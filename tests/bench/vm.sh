#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench, VM part (tests/bench/README): boots each Debian kernel in
# /boot in qemu through tests/e2e/boot and runs tests/bench/vm/inguest.sh
# there: the packet path (op25b against no filtering, nftables and
# iptables with ipset, and two floors: a drop at the forward hook with no
# lookup, and an empty chain there) and the policy load (op25bctl apply
# and add against nft -f and ipset restore, memory during the swap).
# Prints each kernel's figures, the ratios and the targets, PASS or MISS.
#
#   tests/bench/vm.sh [KVER...]
#   BENCH_VM_SIZE=100000       prefixes per family (default 1000000)
#   BENCH_VM_PARTS="load"      or "packet"; default "load packet"
#   BENCH_VM_REPS=3            interleaved rounds of the packet part
#   BENCH_VM_SECONDS=8         measuring window of each flood
#   BENCH_VM_MEM=8192          guest RAM, MiB
#   BENCH_VM_PEERS=0           op25b only: no nft -f or ipset restore, and
#                              the packet part without (c) and (d)
#                              ((f) and (g) need no set: they always run)
#   BENCH_VM_PEERS=nft         no ipset restore (slow: minutes at 100k), and
#                              the packet part without (d)
#   BENCH_VM_ICOUNT=1          one guest CPU on instruction-counted time
#                              (qemu -icount shift=0,sleep=off): a guest
#                              second is 10^9 guest instructions, so the
#                              packet figures count instructions and do not
#                              move with the host's load
#
# A benchmark, not a test: it fails only when it cannot run.

set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$root/build/bench/vm
size=${BENCH_VM_SIZE:-1000000}
parts=${BENCH_VM_PARTS:-load packet}
icount=${BENCH_VM_ICOUNT:-0}
# The packet part's configurations, in the order they are printed.
cfgs="a b c d e f g"
start=$SECONDS
mkdir -p "$out"

packages=(qemu-system-x86 busybox-static cpio kmod iproute2 nftables ipset
	  iptables)
missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
		grep -q '^install ok installed$' || missing+=("$p")
done
if ((${#missing[@]})); then
	echo "bench-vm: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	if ! { apt-get update && apt-get install -y --no-install-recommends \
		"${missing[@]}"; } >"$out/apt.log" 2>&1; then
		echo "bench-vm: could not install ${missing[*]} (build/bench/vm/apt.log)"
		exit 1
	fi
fi
if ! make -s -C "$root" tools >/dev/null || ! make -s -C "$here" vm; then
	echo "bench-vm: op25bctl or the helpers do not build"
	exit 1
fi

# The same prefixes for every tool and kernel, made here at native speed:
# A (seed 1) is the policy everything loads, B (seed 2) the one op25b
# swaps to.
data=$out/data-$size
for s in A:1 B:2; do
	if [[ ! -s $data/${s%:*}/add.txt ]]; then
		mkdir -p "$data/${s%:*}"
		if ! "$root/build/bench/vmprefixes" "${s#*:}" "$size" "$data/${s%:*}"; then
			echo "bench-vm: cannot write the prefixes"
			exit 1
		fi
	fi
done
# op25bctl's parser at native speed, against the guest's: the emulation's
# slowdown, printed beside the absolute times.
t0=$(date +%s%N)
"$root/tools/op25bctl/op25bctl" apply -c "$data/A/op25b.conf" >/dev/null
t1=$(date +%s%N)
host_parse_ms=$(((t1 - t0) / 1000000))

cat >"$out/params" <<EOF
BENCH_VM_SIZE=$size
BENCH_VM_DATA=$data
BENCH_VM_PARTS="$parts"
BENCH_VM_REPS=${BENCH_VM_REPS:-3}
BENCH_VM_SECONDS=${BENCH_VM_SECONDS:-8}
BENCH_VM_PEERS=${BENCH_VM_PEERS:-1}
EOF

if [[ $# -gt 0 ]]; then
	kvers=("$@")
else
	mapfile -t kvers < <("$root/scripts/kernels")
fi
if [[ ${#kvers[@]} == 0 ]]; then
	echo "bench-vm: no kernel in /boot"
	exit 1
fi

# Kernel log lines that say the kernel stalled.
stalls='soft lockup|rcu_sched self-detected|rcu_preempt self-detected|rcu: INFO|detected stalls|hung_task|blocked for more than'

# ratio NUM DEN NEED le|ge: "2.41x PASS" or "2.41x MISS", or "n/m"
ratio() {
	awk -v a="$1" -v b="$2" -v need="$3" -v op="$4" 'BEGIN {
		if (a == "" || b == "" || a == "n/m" || b == "n/m" || b + 0 == 0) { print "n/m"; exit }
		x = a / b
		pass = op == "le" ? x <= need : x >= need
		printf "%.3f %s\n", x, pass ? "PASS" : "MISS"
	}'
}

if ((size % 1000000 == 0)); then
	at=$((size / 1000000))M
elif ((size % 1000 == 0)); then
	at=$((size / 1000))k
else
	at=$size
fi

cfg_name() {
	case $1 in
	a) echo "(a) no filtering" ;;
	b) echo "(b) op25b" ;;
	c) echo "(c) nftables interval sets" ;;
	d) echo "(d) iptables-nft + ipset" ;;
	e) echo "(e) op25b, top_entries=0" ;;
	f) echo "(f) nftables, rule, no set" ;;
	g) echo "(g) nftables, empty chain" ;;
	esac
}

report() {
	local kver=$1 log=$2 k v r cfg
	declare -A R=()
	while read -r k v; do
		R[$k]=$v
	done < <(sed -n 's/^result //p' "$log")
	get() { echo "${R[$1]:-n/m}"; }

	echo
	echo "== $kver, $at prefixes per family =="
	if [[ $parts == *packet* ]]; then
		echo "packet path: medians of ${BENCH_VM_REPS:-3} interleaved rounds of ${BENCH_VM_SECONDS:-8} s;" \
			"capacity = packets per busy second of the router's CPU; [ratio to (a)]"
		printf '  %-28s %11s %11s %5s %9s %11s %11s %5s %9s\n' "" "25 proc/s" "capacity" busy "" \
			"443 fwd/s" "capacity" busy ""
		for cfg in $cfgs; do
			name=$(cfg_name "$cfg")
			printf '  %-28s %11s %11s %5s [%6s] %11s %11s %5s [%6s]\n' "$name" \
				"$(get "proc_${cfg}_25")" "$(get "cap_${cfg}_25")" "$(get "busy_${cfg}_25")" \
				"$(ratio "$(get "cap_${cfg}_25")" "$(get cap_a_25)" 0 ge | cut -d' ' -f1)" \
				"$(get "fwd_${cfg}_443")" "$(get "cap_${cfg}_443")" "$(get "busy_${cfg}_443")" \
				"$(ratio "$(get "cap_${cfg}_443")" "$(get cap_a_443)" 0 ge | cut -d' ' -f1)"
		done
		echo "  forwarded on 25 with op25b: $(get fwd_b_25)/s (everything is dropped)"
		r=$(ratio "$(get cap_b_443)" "$(get cap_a_443)" 0.98 ge)
		echo "  target: 443 through op25b within 2% of no filtering: ${r% *} of (a): ${r#* }"
		r=$(ratio "$(get fwd_b_443)" "$(get fwd_a_443)" 0.98 ge)
		echo "  (by forwarded/s instead: ${r% *} of (a): ${r#* })"
		r=$(ratio "$(get cap_b_25)" "$(get cap_c_25)" 3 ge)
		echo "  target: port 25 through op25b >= 3x nftables: ${r% *}x: ${r#* }"
		r=$(ratio "$(get proc_b_25)" "$(get proc_c_25)" 3 ge)
		echo "  (by processed/s instead: ${r% *}x: ${r#* })"
		r=$(ratio "$(get cap_b_25)" "$(get cap_d_25)" 0 ge)
		echo "  (port 25, op25b / iptables+ipset: ${r% *}x)"
		# (f) drops every port-25 segment after no lookup at all: no
		# filter at the forward hook can drop faster than that.
		r=$(ratio "$(get cap_f_25)" "$(get cap_c_25)" 3 ge)
		echo "  (bound: port 25, the floor (f) / nftables: ${r% *}x; a filter at the forward hook that cost nothing would reach that, not more)"
		r=$(ratio "$(get cap_b_25)" "$(get cap_f_25)" 0 ge)
		echo "  (port 25, op25b / the floor (f): ${r% *}; op25b top_entries=0 / (f): $(ratio "$(get cap_e_25)" "$(get cap_f_25)" 0 ge | cut -d' ' -f1))"
		# (g) is a hook that does nothing but nft_do_chain's own work:
		# what being at the forward hook at all costs, or less.
		r=$(ratio "$(get cap_g_443)" "$(get cap_a_443)" 0.98 ge)
		echo "  (bound: 443 through an empty nftables chain (g): ${r% *} of (a); op25b / (g): $(ratio "$(get cap_b_443)" "$(get cap_g_443)" 0 ge | cut -d' ' -f1))"
	fi
	if [[ $parts == *packet* && $icount == 1 ]]; then
		# One CPU on instruction-counted time: a busy second is 10^9
		# guest instructions, the sender's and the router's together.
		echo "instructions per packet (BENCH_VM_ICOUNT: 10^9 / capacity, the sender's share included)," \
			"and what each filter adds: on 443 over (a), on 25 over the floor (f)"
		printf '  %-28s %11s %11s %11s %11s\n' "" "25" "over (f)" "443" "over (a)"
		for cfg in $cfgs; do
			name=$(cfg_name "$cfg")
			awk -v n="$name" -v c25="$(get "cap_${cfg}_25")" -v f25="$(get cap_f_25)" \
				-v c443="$(get "cap_${cfg}_443")" -v a443="$(get cap_a_443)" '
				function ins(c) { return (c + 0 > 0) ? 1e9 / c : -1 }
				function cell(x) { return x < 0 ? "n/m" : sprintf("%.0f", x) }
				function over(x, y) { return (x < 0 || y < 0) ? "n/m" : sprintf("%+.0f", x - y) }
				BEGIN {
					printf "  %-28s %11s %11s %11s %11s\n", n, cell(ins(c25)),
						over(ins(c25), ins(f25)), cell(ins(c443)), over(ins(c443), ins(a443))
				}'
		done
	fi
	if [[ $parts == *load* ]]; then
		echo "policy load: $at IPv4 + $at IPv6 prefixes (op25bctl apply -c, the parser alone:" \
			"$(get parse_ms) ms here, $host_parse_ms ms on the host)"
		printf '  %-28s %10s ms  kernel +%s KiB\n' "op25bctl apply" "$(get apply_ms)" "$(get kmem_a_kib)"
		printf '  %-28s %10s ms  kernel +%s KiB\n' "nft -f (merged intervals)" "$(get nft_ms)" "$(get nft_kib)"
		printf '  %-28s %10s ms  kernel +%s KiB\n' "ipset restore (hash:net)" "$(get ipset_ms)" "$(get ipset_kib)"
		r=$(ratio "$(get nft_ms)" "$(get apply_ms)" 10 ge)
		echo "  target: apply >= 10x faster than nft -f: ${r% *}x: ${r#* }"
		r=$(ratio "$(get ipset_ms)" "$(get apply_ms)" 0 ge)
		echo "  (ipset restore / apply: ${r% *}x)"
		v=$(awk -v a="$(get add_kernel_us)" 'BEGIN { if (a == "n/m") print a; else printf "%.1f", a / 1000 }')
		echo "  one op25bctl add into it: $v ms in the kernel (function_graph of op25b_nl_add);" \
			"$(awk -v a="$(get add_us)" 'BEGIN { printf "%.1f", a / 1000 }') ms wall, op25bctl test" \
			"$(awk -v a="$(get add_floor_us)" 'BEGIN { printf "%.1f", a / 1000 }') ms wall"
		echo "  (the kernel time over the parser's slowdown, a rough native figure:" \
			"$(awk -v v="$v" -v g="$(get parse_ms)" -v h="$host_parse_ms" 'BEGIN { if (v != "n/m" && g > 0 && h > 0) printf "%.2f", v * h / g; else print "n/m" }') ms)"
		r=$(ratio "$v" 5 1 le)
		echo "  target: one add under 5 ms (kernel time, emulated): ${v} ms: ${r#* }"
		local old new peak after
		old=$(( $(get policy_a_bytes) / 1024 ))
		new=$(( $(get policy_b_bytes) / 1024 ))
		peak=$(get swap_peak_kib)
		after=$(get swap_after_kib)
		echo "  swap A -> B in $(get swap_ms) ms; kernel memory over the empty baseline:" \
			"peak +$peak KiB, after +$after KiB; policies: old $old KiB, new $new KiB"
		local cga cgpeak cga_after cgb tool both=n/m held=n/m over=n/m raw=n/m
		cga=$(get cg_a_kib)
		cgpeak=$(get cg_swap_peak_kib)
		cga_after=$(get cg_a_after_kib)
		cgb=$(get cg_b_after_kib)
		tool=$(get cg_tool_kib)
		echo "  charged to op25bctl's cgroups (memory.stat \"kernel\" less its own stack and page tables): the old policy's load and adds" \
			"$cga KiB before the swap, $cga_after KiB after it; the swap's apply" \
			"at most $cgpeak KiB, $cgb KiB after it; an op25bctl's own (apply -c alone): $tool KiB"
		if [[ $cga != n/m && $cgpeak != n/m && $cgb != n/m && $tool != n/m ]]; then
			both=$((cga + cgpeak - tool))
			held=$((cga + cgb))
			over=$((cgpeak - tool - cgb))
			raw=$(ratio $((cga + cgpeak)) "$held" 1 le)
			raw="${raw% *}, $((cgpeak - cgb)) KiB over"
		fi
		r=$(ratio "$both" "$held" 1 le)
		echo "  target: peak during the swap <= old + new, by op25b's own memory (old's charge + the swap's" \
			"peak charge less op25bctl's own, over old's charge + the new policy's once the swap is done):" \
			"${r% *} ($over KiB over): ${r#* }"
		echo "  (the same with op25bctl's own left in: $raw)"
		r=$(ratio "$both" $((old + new)) 1 le)
		echo "  (the same peak over the policies' sizes as op25bctl status gives them: ${r% *})"
		r=$(ratio "$peak" $((old + new)) 1 le)
		echo "  (all of the kernel's memory over the empty baseline instead: ${r% *} of old+new)"
		r=$(ratio "$after" "$new" 0 ge)
		echo "  (after the swap: ${r% *} of the new policy, all of the kernel's memory;" \
			"op25b's own: $(ratio "$cgb" "$new" 0 ge | cut -d' ' -f1) by the swap's charge," \
			"$cga_after KiB left of the old one's)"
	fi
}

# qemu 7.2 with -icount does not bring up a second x86 CPU (the guest
# hangs at "Booting SMP configuration"): icount runs on one.
qemu_args='' cpus=2
[[ $icount == 1 ]] && qemu_args="-icount shift=0,sleep=off" cpus=1

status=0
for kver in "${kvers[@]}"; do
	d=$out/$kver
	echo "bench-vm: $kver: booting (size $size, parts: $parts)"
	t0=$SECONDS
	if ! E2E_MEM=${BENCH_VM_MEM:-8192} E2E_TIMEOUT=${BENCH_VM_TIMEOUT:-3600} \
		E2E_CPUS=$cpus E2E_QEMU_ARGS=$qemu_args "$root/tests/e2e/boot" "$kver" "$d" tests/bench/vm/inguest.sh; then
		echo "bench-vm: $kver: the guest did not run to the end"
		status=1
		continue
	fi
	log=$d/out/inguest.log
	grep -v '^result ' "$log" | sed "s/^/  $kver: /"
	report "$kver" "$log"
	if grep -aEq "$stalls" "$d/console.log" "$d/out/inguest.dmesg"; then
		echo "  target: no soft lockup or RCU stall in the guest log: MISS"
		grep -aE -h "$stalls" "$d/console.log" "$d/out/inguest.dmesg" | head -n 5 | sed 's/^/    /'
	else
		echo "  target: no soft lockup or RCU stall in the guest log: PASS"
	fi
	echo "  ($kver: $((SECONDS - t0)) s)"
done
echo
echo "bench-vm: done in $((SECONDS - start)) s, load average $(cut -d' ' -f1-3 /proc/loadavg)"
exit $status
