#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The module loads (by autoload, from the tool's first request), answers
# status in every namespace, unloads, and loads again.
#
#   init netns ---- op25bctl status        (autoloads op25b)
#   netns "sub" --- op25bctl status        (its own state, generation 0)

source tests/e2e/lib.sh

check_fails "module not loaded before the first request" \
	grep -qw '^op25b' /proc/modules

out=$(op25bctl status 2>&1)
check_match "status autoloads the module and answers" \
	$'^op25b module [0-9]+\\.[0-9]+\\.[0-9]+\n  mode: enforce\n' "$out"
check_match "a fresh namespace starts at generation 0" \
	$'\n  policy generation: 0$' "$out"
check "module is loaded after status" grep -qw '^op25b' /proc/modules

want=$(sed -n 's/^#define OP25B_VERSION "\(.*\)"$/\1/p' src/version.h)
check_eq "modinfo version matches src/version.h" \
	"$want" "$(modinfo -F version op25b)"
check_eq "modinfo license" "GPL" "$(modinfo -F license op25b)"
check_match "modinfo description" "Port 25" "$(modinfo -F description op25b)"
check_match "modinfo genl family alias" "net-pf-16-proto-16-family-op25b" \
	"$(modinfo -F alias op25b)"

json=$(op25bctl -j status)
check_eq "status -j is one JSON object with version and generation" \
	"$want 0" "$(python3 -c 'import json,sys; d=json.loads(sys.argv[1]);
print(d["version"], d["generation"])' "$json")"

netns_add sub
check_match "status answers inside another namespace" \
	'policy generation: 0' "$(ip netns exec sub "$E2E_OP25BCTL" status)"

check_eq "version prints tool and module" \
	"op25bctl $want"$'\n'"op25b module $want" "$(op25bctl version)"

check "rmmod works" rmmod op25b
check_fails "module gone after rmmod" grep -qw '^op25b' /proc/modules
check "modprobe loads it again" modprobe op25b
check "status answers after reload" op25bctl status
check "rmmod again" rmmod op25b

# Make it unloadable too: the tool must say so in one line and exit 1.
module_make_unloadable
out=$(op25bctl status 2>&1)
rc=$?
check_eq "status without a loadable module exits 1" 1 "$rc"
check_match "and says the module is not loaded, in one line" \
	'^op25bctl: [^'$'\n'']*not loaded[^'$'\n'']*$' "$out"

module_make_loadable
check "loadable again for the scripts that follow" modprobe op25b
rmmod op25b
