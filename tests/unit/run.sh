#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The unit suite of op25bctl, no kernel module needed:
#   - every C case (tests/unit/test_*.c), one "ok -" line each
#   - all of them again, built with AddressSanitizer and UBSan
#   - the man pages render without a groff warning
#   - the example policy file passes op25bctl apply -c
#   - the bash completion completes what it should
#   - src/table.c, built for userspace with ASan and UBSan, passes the
#     bench's randomized differential test (lookup --check), patches of
#     the maps and lists included, and again with tiny blocks, leaves and
#     chunk buffers (-DRMAP_BLK_BITS=2 -DPLEAF_BYTES=64 -DRMAP_CHUNK_BUF=2)
# Ends with "unit: N passed, M failed"; exits non-zero if anything failed.

set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
logs=$root/build/unit
mkdir -p "$logs"
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok - $*"; }
fail() { failed=$((failed + 1)); echo "not ok - $*"; }
evidence() { sed 's/^/#   /' | head -n 40; }

# The C cases print their own lines; their summary is folded into ours.
if ! make -s -C "$here" unit >"$logs/build.log" 2>&1; then
	fail "the unit tests build"
	evidence <"$logs/build.log"
else
	"$here/unit" >"$logs/cases.log" 2>&1
	rc=$?
	grep -v '^unit: ' "$logs/cases.log"
	summary=$(grep -E '^unit: [0-9]+ passed, [0-9]+ failed$' "$logs/cases.log")
	if [[ -z $summary ]]; then
		fail "the unit tests ran to their end (exit $rc)"
	else
		read -r p f < <(sed -E 's/^unit: ([0-9]+) passed, ([0-9]+) failed$/\1 \2/' <<<"$summary")
		passed=$((passed + p))
		failed=$((failed + f))
		[[ $rc == 0 || $f != 0 ]] || fail "the unit tests exit 0 (exit $rc)"
	fi
fi

# Memory errors and undefined behaviour that happen to give the right answer.
if ! make -s -C "$here" unit-asan >"$logs/asan-build.log" 2>&1; then
	fail "the unit tests build with -fsanitize=address,undefined"
	evidence <"$logs/asan-build.log"
elif "$root/build/unit-asan/unit" >"$logs/asan.log" 2>&1 &&
     grep -qE '^unit: [0-9]+ passed, 0 failed$' "$logs/asan.log"; then
	pass "the unit tests pass again under ASan and UBSan ($(grep -c '^ok - ' "$logs/asan.log") cases)"
else
	fail "the unit tests pass again under ASan and UBSan"
	grep -v '^ok - ' "$logs/asan.log" | evidence
fi

# The module's prefix lists and maps against a reference, in userspace:
# table_check WHAT DIR CFLAGS
table_check() {
	local what=$1 tdir=$root/build/$2 log=$logs/$2
	if ! make -s -C "$root/tests/bench" O="$tdir" \
		OPT="-O1 $3 -fsanitize=address,undefined -fno-sanitize-recover=all" \
		LDFLAGS='-fsanitize=address,undefined' "$tdir/lookup" \
		>"$log-build.log" 2>&1; then
		fail "$what builds for userspace with ASan and UBSan"
		evidence <"$log-build.log"
	elif "$tdir/lookup" --check 1500 >"$log.log" 2>&1; then
		pass "$what passes lookup --check under ASan and UBSan: $(tr '\n' ' ' <"$log.log")"
	else
		fail "$what passes lookup --check under ASan and UBSan"
		evidence <"$log.log"
	fi
}
table_check src/table.c unit-table ""
# Again with blocks of 4 chunks, list leaves of 64 bytes (7 IPv4, 3 IPv6
# prefixes) and room for 2 boundaries of a chunk on the stack, so that
# small maps span many blocks, lists many leaves, changes replace some
# of either and share the rest, and builds gather chunks on the heap.
table_check "src/table.c with tiny blocks, leaves and chunk buffers" unit-table-blk \
	"-DRMAP_BLK_BITS=2 -DPLEAF_BYTES=64 -DRMAP_CHUNK_BUF=2"

for page in "$root"/man/*.[0-9]; do
	name=${page#"$root"/}
	if ! command -v man >/dev/null; then
		fail "$name renders (man is not installed)"
		continue
	fi
	warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$page" 2>&1 >/dev/null)
	if [[ -z $warnings ]]; then
		pass "$name renders without warnings"
	else
		fail "$name renders without warnings"
		evidence <<<"$warnings"
	fi
done

tool=$root/tools/op25bctl/op25bctl
# A fresh clone has only what "make unit" built: build the tool itself too.
out=$(make -s -C "$root/tools/op25bctl" op25bctl 2>&1)
if [[ -x $tool ]] && out=$("$tool" apply -c "$root/examples/op25b.conf" 2>&1); then
	pass "examples/op25b.conf passes op25bctl apply -c"
else
	fail "examples/op25b.conf passes op25bctl apply -c"
	evidence <<<"${out:-no $tool}"
fi

# Command lines refused before the kernel is asked: exit 1, and the reason.
check_refused() {
	local want=$1 out rc
	shift
	out=$("$tool" "$@" 2>&1) && rc=0 || rc=$?
	if [[ $rc == 1 && $out == *"$want"* ]]; then
		pass "op25bctl $* is refused: $want"
	else
		fail "op25bctl $* is refused: $want"
		evidence <<<"exit $rc: $out"
	fi
}
check_refused "-o writes the --prometheus output" stats -o x.prom
check_refused "-o needs a file name" stats --prometheus -o
check_refused "-j and --prometheus exclude each other" -j stats --prometheus
check_refused "unknown format 'bogus'" export --format bogus
check_refused "--format needs a value" export --format
check_refused "-4 and -6 exclude each other" export -4 -6
check_refused "give -4 or -6" export --format rbldnsd
check_refused "not JSON" -j export
check_refused "unexpected argument 'x'" export x
check_refused "missing source (nft)" import
check_refused "unknown source 'iptables'" import iptables t s --as static
check_refused "missing nftables table and set" import nft t --as static
check_refused "missing --as dynamic|static|relay" import nft t s
check_refused "--as needs a set" import nft t s --as
check_refused "unknown set 'bogus'" import nft t s --as bogus
check_refused "unknown nftables family 'ipx'" import nft ipx t s --as static
check_refused "unexpected argument 'd'" import nft inet t s d --as relay
check_refused "del takes prefixes only" del static 100.64.7.7 label x
check_refused "pool: missing value" add dynamic 10.0.0.0/8 pool
check_refused "expires 2020-01-01T00:00:00Z is already past" add static 100.64.7.7 expires 2020-01-01T00:00Z
check_refused "10.0.0.0/8: prefixes come before pool, label and expires" add dynamic pool x 10.0.0.0/8

# Runs the completion for a command line whose last word is being typed.
complete_line() {
	(cd "$root" && bash -c '
		source completions/op25bctl || exit 1
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		_op25bctl
		echo "${COMPREPLY[*]}"' _ "$@")
}

check_completion() {
	local want=$1 got
	shift
	got=$(complete_line "$@" 2>&1)
	if [[ $got == "$want" ]]; then
		pass "completion of '$*' is '$want'"
	else
		fail "completion of '$*' is '$want'"
		evidence <<<"got '$got'"
	fi
}

check_completion "status apply save list add del flush set test stats top export import version help" op25bctl ""
check_completion "status save set stats" op25bctl -j s
check_completion "-j --json -h --help" op25bctl -
check_completion "dynamic static relay" op25bctl list ""
check_completion "static" op25bctl add st
check_completion "" op25bctl add static 10.0.0.0/8 ""
check_completion "pool" op25bctl add dynamic 10.0.0.0/8 p
check_completion "expires" op25bctl add static 10.0.0.0/8 label x e
check_completion "" op25bctl add static 10.0.0.0/8 pool l
check_completion "" op25bctl add static 10.0.0.0/8 expires 2
check_completion "" op25bctl del static 10.0.0.0/8 p
check_completion "relay" op25bctl flush r
check_completion "mode action ports enforce-at log" op25bctl set ""
check_completion "off monitor enforce" op25bctl set mode ""
check_completion "action ports enforce-at log" op25bctl set mode off ""
check_completion "off kernel nflog" op25bctl set log ""
check_completion "none" op25bctl set enforce-at n
check_completion "" op25bctl set log nflog ""
check_completion "-n --clear --help" op25bctl top -
check_completion "reject" op25bctl set action r
check_completion "examples/op25b.conf" op25bctl apply examples/op25b.c
check_completion "--check --help" op25bctl apply --
check_completion "--prometheus" op25bctl stats --p
check_completion "plain rbldnsd nft" op25bctl export --format ""
check_completion "--format -4 -6" op25bctl export --format nft -
check_completion "nft" op25bctl import ""
check_completion "ip ip6" op25bctl import nft ip
check_completion "static" op25bctl import nft inet t s --as st
check_completion "--as" op25bctl import nft t s --

echo "unit: $passed passed, $failed failed"
[[ $failed == 0 ]]
