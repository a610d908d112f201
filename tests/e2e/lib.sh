# SPDX-License-Identifier: GPL-2.0
#
# Helpers for e2e test scripts, which run as root inside the guest with the
# repository as the working directory. Source this file, then use:
#
#   check DESC CMD...          passes when CMD exits 0
#   check_fails DESC CMD...    passes when CMD exits non-zero
#   check_eq DESC WANT GOT     passes when the two strings are equal
#   check_match DESC ERE GOT   passes when GOT matches the extended regex
#
# Each check prints "ok - DESC" or "not ok - DESC" plus the evidence. The
# harness on the host counts those lines; a script that prints none, or
# exits non-zero, counts as a failure.

set -u

op25bctl() { "$E2E_OP25BCTL" "$@"; }

# Removes op25b.ko from the guest's module tree and index, so that neither
# modprobe nor autoloading can find it any more.
module_make_unloadable() {
	rm -f "$E2E_MODULE"
	cp /run/e2e/index/modules.* "/lib/modules/$(uname -r)/"
}

# Undoes module_make_unloadable(), for the scripts that run after.
module_make_loadable() {
	find "$E2E_MODROOT" -maxdepth 1 -name 'modules.*' -type f \
		-exec cp {} "/lib/modules/$(uname -r)/" \;
	cp -L "$E2E_MODROOT/updates/op25b.ko" "$E2E_MODULE"
}

_e2e_report() {
	local status=$1 desc=$2
	shift 2
	if [[ $status == 0 ]]; then
		echo "ok - $desc"
	else
		echo "not ok - $desc"
		[[ $# -gt 0 ]] && printf '#   %s\n' "$@"
	fi
}

check() {
	local desc=$1 out rc
	shift
	out=$("$@" 2>&1) && rc=0 || rc=$?
	_e2e_report "$rc" "$desc" "command: $*" "exit: $rc" "output: $out"
}

check_fails() {
	local desc=$1 out rc
	shift
	out=$("$@" 2>&1) && rc=0 || rc=$?
	if [[ $rc != 0 ]]; then
		_e2e_report 0 "$desc"
	else
		_e2e_report 1 "$desc" "command: $*" "succeeded unexpectedly" "output: $out"
	fi
}

check_eq() {
	if [[ "$2" == "$3" ]]; then
		_e2e_report 0 "$1"
	else
		_e2e_report 1 "$1" "want: $2" "got:  $3"
	fi
}

check_match() {
	if [[ "$3" =~ $2 ]]; then
		_e2e_report 0 "$1"
	else
		_e2e_report 1 "$1" "want match: $2" "got: $3"
	fi
}

# Network namespaces made by a test, removed when it exits.
E2E_NETNS=()
netns_add() {
	ip netns add "$1"
	ip -n "$1" link set lo up
	E2E_NETNS+=("$1")
}
# The router tests' topology, without addresses: namespaces sub, rt and
# srv, veth s0 (sub) -- r0 (rt) and r1 (rt) -- v0 (srv), all up, rt
# forwarding both families, no duplicate address detection anywhere.
router_netns() {
	local ns

	netns_add sub
	netns_add rt
	netns_add srv
	ip link add s0 netns sub type veth peer name r0 netns rt
	ip link add r1 netns rt type veth peer name v0 netns srv
	ip -n sub link set s0 up
	ip -n rt link set r0 up
	ip -n rt link set r1 up
	ip -n srv link set v0 up
	ip netns exec rt sysctl -qw net.ipv4.ip_forward=1 \
		net.ipv6.conf.all.forwarding=1
	for ns in sub rt srv; do
		ip netns exec $ns sysctl -qw net.ipv6.conf.all.accept_dad=0 \
			net.ipv6.conf.default.accept_dad=0
	done
}

_e2e_cleanup() {
	local ns
	for ns in "${E2E_NETNS[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
}
trap _e2e_cleanup EXIT
