#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fuzzes the policy file parser of op25bctl with libFuzzer, under ASan and
# UBSan: first every seed in tests/fuzz/corpus/parser once, then new inputs
# for FUZZ_SECONDS seconds (default 30). Builds and fuzzes under build/fuzz/,
# which git ignores; new inputs libFuzzer finds are kept there, and never
# written into the seed corpus. A crash leaves its input as
# build/fuzz/crash-* and fails the run.
# Ends with "fuzz: N passed, M failed"; exits non-zero if anything failed.

set -uo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
seconds=${FUZZ_SECONDS:-30}
out=build/fuzz
bin=$out/parser
seeds=tests/fuzz/corpus/parser
work=$out/corpus/parser
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok - $*"; }
fail() { failed=$((failed + 1)); echo "not ok - $*"; }
evidence() { sed 's/^/#   /' | tail -n 40; }
finish() {
	echo "fuzz: $passed passed, $failed failed"
	[[ $failed == 0 ]]
	exit
}

if ! [[ $seconds =~ ^[1-9][0-9]*$ ]]; then
	fail "FUZZ_SECONDS is a number of seconds (it is '$seconds')"
	finish
fi

mkdir -p "$out" "$work"
tool=tools/op25bctl
if out_build=$(clang -g -O1 -std=gnu11 -Wall -Wextra -Werror \
	       -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	       -I"$tool" -Iinclude/uapi -o "$bin" tests/fuzz/fuzz_parser.c \
	       "$tool"/diag.c "$tool"/prefix.c "$tool"/policy.c "$tool"/timefmt.c \
	       "$tool"/config.c 2>&1); then
	pass "fuzz parser builds with clang -fsanitize=fuzzer,address,undefined"
else
	fail "fuzz parser builds with clang -fsanitize=fuzzer,address,undefined"
	evidence <<<"$out_build"
	finish
fi

flags=(-artifact_prefix="$out/" -dict=tests/fuzz/parser.dict
       -max_len=8192 -timeout=10 -print_final_stats=1)

# Every seed once: the same inputs every run, so a regression shows at once.
nseeds=$(find "$seeds" -type f | wc -l)
if "$bin" "${flags[@]}" -runs=0 "$seeds" >"$out/seeds.log" 2>&1; then
	pass "fuzz parser replays the $nseeds seeds without a crash"
else
	fail "fuzz parser replays the $nseeds seeds without a crash"
	evidence <"$out/seeds.log"
fi

if "$bin" "${flags[@]}" -max_total_time="$seconds" "$work" "$seeds" \
	>"$out/fuzz.log" 2>&1; then
	runs=$(sed -nE 's/^Done ([0-9]+) runs in .*/\1/p' "$out/fuzz.log" | tail -n1)
	pass "fuzz parser (${runs:-?} runs in ${seconds}s, no crash)"
else
	fail "fuzz parser (${seconds}s): crash, input kept in $out/"
	evidence <"$out/fuzz.log"
fi
finish
