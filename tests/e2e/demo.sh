#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What `make demo` shows, run inside the guest: the tool's first request
# autoloads the module, which then answers in every network namespace.

set -e

run() {
	echo "guest# $*"
	"$@"
	echo
}

op25bctl() { "$E2E_OP25BCTL" "$@"; }

echo "== op25b on Linux $(uname -r)"
echo
run op25bctl version
run op25bctl status
run op25bctl -j status
run grep '^op25b ' /proc/modules
ip netns add subscriber
echo "guest# ip netns exec subscriber op25bctl status   # each namespace has its own policy"
ip netns exec subscriber "$E2E_OP25BCTL" status
echo
run rmmod op25b
echo "== done"
