#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What op25bctl never sends: raw generic netlink requests with bad
# attributes, checked for the errno, the extended ACK text and that the
# policy did not move. Runs in its own namespace.
#
#   netns n --- tests/e2e/genl.py CASE   (raw requests)
#           --- op25bctl save           (the policy, before and after)

source tests/e2e/lib.sh

netns_add n
genl() { ip netns exec n python3 tests/e2e/genl.py "$@"; }
save() { ip netns exec n "$E2E_OP25BCTL" save; }

check_eq "a valid add succeeds" "add_ok ok" "$(genl add_ok)"
before=$(save)

expect() {
	local name=$1 want=$2 got
	got=$(genl "$name" 2>&1)
	check_match "$name: $want" "^$name $want" "$got"
}
expect len33 'ERANGE prefix length out of range'
expect hostbits 'EINVAL prefix has host bits set'
expect hostbits6 'EINVAL prefix has host bits set'
expect two_families 'EINVAL a prefix needs exactly one IPv4 or IPv6 address'
expect no_length 'EINVAL a prefix needs a length'
expect short_addr '(EINVAL|ERANGE) '
expect unknown_attr 'EINVAL '
expect no_set 'EINVAL '
expect bad_set 'ERANGE '
expect duplicate 'EEXIST prefix is already in the set @[0-9]+ second-prefix'
expect absent 'ENOENT prefix is not in the set'
expect bad_mode 'ERANGE '
expect port_zero 'ERANGE '
expect 17_ports 'E2BIG too many ports'
expect nothing_to_set 'EINVAL nothing to set'
expect status_with_attr 'EINVAL '
expect txn_add_alone 'ENOENT no transaction open on this socket'
expect txn_twice 'EBUSY a transaction is already open on this socket'
expect txn_del 'E(OPNOTSUPP|NOTSUP) a transaction replaces the policy'
expect txn_bad_chunk 'ENOENT no transaction open on this socket'
expect test_mixed 'EINVAL source and destination must be of the same family'
expect test_not_address 'EINVAL test takes addresses'
expect enforce_at_too_late 'ERANGE '
expect bad_log 'ERANGE '
expect log_group_alone 'EINVAL a log group goes with log nflog only'
expect log_group_kernel 'EINVAL a log group goes with log nflog only'
expect clear_top_with_attr 'EINVAL '
expect label_bad_char 'EINVAL a label is 1 to 31 characters out of'
expect label_empty 'EINVAL a label is 1 to 31 characters out of'
expect label_too_long '(EINVAL|ERANGE) '
expect label_no_nul 'EINVAL '
expect expires_zero 'ERANGE '
expect expires_too_late 'ERANGE '
expect notes_differ 'EINVAL prefix given twice with different labels or expiry'
expect del_annotated 'EINVAL a prefix to delete takes no label or expiry'
expect test_annotated 'EINVAL test takes addresses without label or expiry'
expect txn_notes_differ 'EINVAL a prefix was staged twice with different labels or expiry'
check_eq "an abandoned transaction stages without error" "txn_abandoned ok" \
	"$(genl txn_abandoned)"
check_eq "no failed request changed the policy, nor did the abandoned one" \
	"$before" "$(save)"

out=$(ip netns exec n setpriv --reuid=65534 --regid=65534 --clear-groups \
	python3 tests/e2e/genl.py add_ok 2>&1)
check_match "an unprivileged add gets EPERM" '^add_ok EPERM' "$out"
check_eq "and changes nothing" "$before" "$(save)"

# A user namespace that owns a network namespace manages that one only.
out=$(unshare --user --map-root-user --net bash -c \
	"ip link set lo up; $E2E_OP25BCTL add dynamic 10.0.0.0/8 && $E2E_OP25BCTL list" 2>&1)
check_eq "root of a new user+net namespace manages its own policy" \
	"dynamic 10.0.0.0/8" "$out"
out=$(unshare --user --map-root-user bash -c \
	"$E2E_OP25BCTL add dynamic 172.16.0.0/12" 2>&1)
check_match "but not the initial namespace's" 'CAP_NET_ADMIN' "$out"
check_eq "which is unchanged" "" "$("$E2E_OP25BCTL" list)"
