#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fuzzes op25bctl with libFuzzer, under ASan and UBSan, with two targets:
# the policy file parser (fuzz_parser.c) and what it reads from the kernel
# (fuzz_replies.c: the reply matching, parsers and printers). For each,
# first every seed in tests/fuzz/corpus/NAME once, then new inputs for
# FUZZ_SECONDS seconds (default 30). Builds and fuzzes under build/fuzz/,
# which git ignores; new inputs libFuzzer finds are kept there, and never
# written into the seed corpus. A crash leaves its input as
# build/fuzz/NAME-crash-* and fails the run.
# Ends with "fuzz: N passed, M failed"; exits non-zero if anything failed.

set -uo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
seconds=${FUZZ_SECONDS:-30}
out=build/fuzz
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

mkdir -p "$out"
tool=tools/op25bctl
mnl=$(pkg-config --cflags --libs libmnl libnftnl)
cflags=(-g -O1 -std=gnu11 -Wall -Wextra -Werror
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
	-I"$tool" -Iinclude/uapi -Isrc)

# fuzz_target NAME DESC FLAGS... -- SOURCES...: builds build/fuzz/NAME,
# replays the seeds of tests/fuzz/corpus/NAME once, then fuzzes for
# FUZZ_SECONDS from them and the inputs earlier runs kept.
fuzz_target() {
	local name=$1 desc=$2 bin=$out/$1 seeds=tests/fuzz/corpus/$1
	local work=$out/corpus/$1 flags=() nseeds runs out_build
	shift 2
	while [[ $1 != -- ]]; do flags+=("$1"); shift; done
	shift
	mkdir -p "$work"
	# shellcheck disable=SC2086 # $mnl is a list of flags
	if out_build=$(clang "${cflags[@]}" -o "$bin" "$@" $mnl 2>&1); then
		pass "fuzz $desc builds with clang -fsanitize=fuzzer,address,undefined"
	else
		fail "fuzz $desc builds with clang -fsanitize=fuzzer,address,undefined"
		evidence <<<"$out_build"
		return
	fi
	flags+=(-artifact_prefix="$out/$name-" -timeout=10 -print_final_stats=1)

	# Every seed once: the same inputs every run, so a regression shows
	# at once. No seeds would make this pass on nothing.
	nseeds=$(find "$seeds" -type f 2>/dev/null | wc -l)
	if [[ $nseeds == 0 ]]; then
		fail "fuzz $desc has seeds in $seeds"
	elif "$bin" "${flags[@]}" -runs=0 "$seeds" >"$out/$name-seeds.log" 2>&1; then
		pass "fuzz $desc replays the $nseeds seeds without a crash"
	else
		fail "fuzz $desc replays the $nseeds seeds without a crash"
		evidence <"$out/$name-seeds.log"
	fi

	if "$bin" "${flags[@]}" -max_total_time="$seconds" "$work" "$seeds" \
		>"$out/$name.log" 2>&1; then
		runs=$(sed -nE 's/^Done ([0-9]+) runs in .*/\1/p' "$out/$name.log" | tail -n1)
		pass "fuzz $desc (${runs:-?} runs in ${seconds}s, no crash)"
	else
		fail "fuzz $desc (${seconds}s): crash, input kept in $out/"
		evidence <"$out/$name.log"
	fi
}

fuzz_target parser "parser" -dict=tests/fuzz/parser.dict -max_len=8192 -- \
	tests/fuzz/fuzz_parser.c "$tool"/diag.c "$tool"/prefix.c \
	"$tool"/policy.c "$tool"/timefmt.c "$tool"/config.c \
	"$tool"/config-write.c
# The reply side: every source of the tool, main() left out as in
# tests/unit's ASan build.
mapfile -t tool_srcs < <(ls "$tool"/*.c | grep -v '/op25bctl\.c$')
fuzz_target replies "kernel replies" -max_len=16384 -- \
	-DOP25BCTL_NO_MAIN tests/fuzz/fuzz_replies.c "${tool_srcs[@]}" \
	"$tool"/op25bctl.c
finish
