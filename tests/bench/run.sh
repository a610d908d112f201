#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench (tests/bench/README). The lookup part: installs what is
# missing, builds, runs build/bench/lookup (one table per family and size,
# then the targets), then counts instructions per lookup under callgrind
# at the largest size, each structure in a run of its own. Then the VM
# part, tests/bench/vm.sh: packet path and policy load on each Debian
# kernel in qemu.
#
#   tests/bench/run.sh
#   BENCH_SIZES="10000 100000" tests/bench/run.sh    other lookup sizes
#   BENCH_CALLGRIND=0 tests/bench/run.sh             no callgrind
#   BENCH_VM=0 tests/bench/run.sh                    no VM part
#   BENCH_VM=only tests/bench/run.sh                 the VM part alone
#                                                    (its knobs: vm.sh)
#
# A benchmark, not a test: it fails only when it cannot run, or when the
# structures disagree on an answer (lookup aborts then).

set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$root/build/bench
sizes=${BENCH_SIZES:-10000 100000 1000000}
big=$(printf '%s\n' $sizes | sort -n | tail -n1)
start=$SECONDS
mkdir -p "$out/run"

vm_part() {
	if [[ ${BENCH_VM:-1} == 0 ]]; then
		echo "bench: VM part skipped (BENCH_VM=0)"
		return 0
	fi
	echo
	"$here/vm.sh"
}
if [[ ${BENCH_VM:-1} == only ]]; then
	vm_part
	exit
fi
# The EAL's runtime directory (it leaves it behind): ours, not /var/run.
export RUNTIME_DIRECTORY=$out/run

packages=(build-essential pkg-config dpdk-dev valgrind)
missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
		grep -q '^install ok installed$' || missing+=("$p")
done
if ((${#missing[@]})); then
	echo "bench: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	if ! { apt-get update && apt-get install -y --no-install-recommends \
		"${missing[@]}"; } >"$out/apt.log" 2>&1; then
		echo "bench: could not install ${missing[*]} (build/bench/apt.log); going on without"
	fi
fi

if ! make -s -C "$here"; then
	echo "bench: the benchmark does not build"
	exit 1
fi

rm -f "$out/lpm4.bin"
# shellcheck disable=SC2086 # the sizes are words
"$out/lookup" --lpm-dump "$out/lpm4.bin" $sizes | tee "$out/lookup.txt"
rc=${PIPESTATUS[0]}
if [[ $rc != 0 ]]; then
	echo "bench: lookup failed (exit $rc)"
	exit 1
fi

if [[ ${BENCH_CALLGRIND:-1} == 0 ]]; then
	echo "bench: callgrind skipped (BENCH_CALLGRIND=0); $((SECONDS - start)) s"
	vm_part
	exit
fi

declare -A ir
notes=()
for fam in v4 v6; do
	for s in op25b rte_lpm intervals; do
		log=$out/callgrind.$fam.$s.log
		cg=$out/callgrind.$fam.$s.out
		args=(--callgrind "$big" "$fam" "$s")
		rm -f "$cg"
		if [[ $fam/$s == v4/rte_lpm ]]; then
			if [[ ! -s $out/lpm4.bin ]]; then
				ir[$fam/$s]=n/m
				notes+=("IPv4 rte_lpm: the timed run left no tables to load")
				continue
			fi
			args+=(--lpm-load "$out/lpm4.bin")
		fi
		if ! command -v valgrind >/dev/null; then
			ir[$fam/$s]=n/m
			notes+=("$fam $s: valgrind is not installed")
			continue
		fi
		echo "bench: callgrind $big $fam $s" >&2
		valgrind --tool=callgrind --collect-atstart=no \
			--instr-atstart=no --callgrind-out-file="$cg" \
			"$out/lookup" "${args[@]}" >"$log" 2>&1
		n=$(sed -n 's/^lookups \([0-9]*\) hits .*/\1/p' "$log")
		tot=$(sed -n 's/^totals: *\([0-9]*\).*/\1/p' "$cg" 2>/dev/null)
		if [[ -n $n && -n $tot ]]; then
			ir[$fam/$s]=$(awk -v t="$tot" -v n="$n" \
				'BEGIN { printf "%.1f", t / n }')
		else
			why=$(sed -n 's/^not measured: //p' "$log" | head -n1)
			ir[$fam/$s]=n/m
			notes+=("$fam $s: ${why:-valgrind failed, see build/bench/${log##*/}}")
		fi
	done
done
rm -f "$out/lpm4.bin"

if ((big % 1000000 == 0)); then
	at=$((big / 1000000))M
elif ((big % 1000 == 0)); then
	at=$((big / 1000))k
else
	at=$big
fi

# ratio NUM DEN NEED le|ge: "2.41x PASS" or "2.41x MISS", or "n/m"
ratio() {
	awk -v a="$1" -v b="$2" -v need="$3" -v op="$4" 'BEGIN {
		if (a == "n/m" || b == "n/m" || b + 0 == 0) { print "n/m"; exit }
		x = a / b
		pass = op == "le" ? x <= need : x >= need
		printf "%.2fx %s\n", x, pass ? "PASS" : "MISS"
	}'
}

echo
echo "callgrind: instructions per lookup at $at prefixes (valgrind --tool=callgrind;"
echo "  only the lookup loop is collected, its few instructions of loop included)"
printf '  %-22s %10s %10s\n' structure IPv4 IPv6
printf '  %-22s %10s %10s\n' "op25b range map" "${ir[v4/op25b]}" "${ir[v6/op25b]}"
printf '  %-22s %10s %10s\n' "rte_lpm / rte_lpm6" "${ir[v4/rte_lpm]}" "${ir[v6/rte_lpm]}"
printf '  %-22s %10s %10s\n' "sorted intervals" "${ir[v4/intervals]}" "${ir[v6/intervals]}"
for note in "${notes[@]}"; do
	echo "  not measured: $note"
done
echo
echo "targets by instructions (the second figure; PASS/MISS above are by time)"
r=$(ratio "${ir[v4/op25b]}" "${ir[v4/rte_lpm]}" 2 le)
echo "  IPv4 at $at: op25b/rte_lpm = ${r% *} (target <= 2x: ${r#* })"
r=$(ratio "${ir[v4/intervals]}" "${ir[v4/op25b]}" 5 ge)
echo "  IPv4 at $at: intervals/op25b = ${r% *} (target >= 5x: ${r#* })"
r=$(ratio "${ir[v6/intervals]}" "${ir[v6/op25b]}" 5 ge)
echo "  IPv6 at $at: intervals/op25b = ${r% *} (target >= 5x: ${r#* })"
echo
echo "bench: lookup part done in $((SECONDS - start)) s"
vm_part
rc=$?
echo "bench: done in $((SECONDS - start)) s"
exit $rc
