// SPDX-License-Identifier: GPL-2.0
/*
 * op25bctl import nft: the addresses of an existing nftables set (plain or
 * interval, IPv4 or IPv6) added to one op25b set, in one request, so that
 * the kernel adds all of them or none. For moving a policy kept in
 * nftables sets over to op25b.
 */
#include <errno.h>
#include <string.h>

#include "nft.h"
#include "op25bctl.h"

struct import_args {
	int family;
	const char *table;
	const char *set;
	int to;
};

static int parse_args(int argc, char *argv[], struct import_args *a)
{
	const char *pos[3];
	int i, n = 0;

	a->to = -1;
	a->family = op25b_nft_family_lookup("ip");
	if (argc < 2)
		return op25bctl_bad_usage(argv[0], "missing source (nft)");
	if (strcmp(argv[1], "nft"))
		return op25bctl_bad_usage(argv[0], "unknown source '%s' (expected nft)",
					  argv[1]);
	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--as")) {
			if (++i == argc)
				return op25bctl_bad_usage(argv[0], "--as needs a set (dynamic, static or relay)");
			a->to = op25b_set_lookup(argv[i]);
			if (a->to < 0)
				return op25bctl_bad_usage(argv[0], "unknown set '%s' (expected dynamic, static or relay)",
							  argv[i]);
		} else if (n == 3) {
			return op25bctl_bad_usage(argv[0], "unexpected argument '%s'",
						  argv[i]);
		} else {
			pos[n++] = argv[i];
		}
	}
	if (n < 2)
		return op25bctl_bad_usage(argv[0], "missing nftables table and set");
	if (a->to < 0)
		return op25bctl_bad_usage(argv[0], "missing --as dynamic|static|relay");
	if (n == 3) {
		a->family = op25b_nft_family_lookup(pos[0]);
		if (a->family < 0)
			return op25bctl_bad_usage(argv[0], "unknown nftables family '%s' (expected ip, ip6, inet, arp, bridge or netdev)",
						  pos[0]);
	}
	a->table = pos[n - 2];
	a->set = pos[n - 1];
	return OP25BCTL_CONTINUE;
}

static int add_all(unsigned int set, const struct op25b_prefix_list *l)
{
	struct op25b_ipc_error err;
	struct op25b_ipc *ipc;
	int ret;

	if (op25bctl_connect(&ipc))
		return 1;
	ret = op25b_ipc_change_prefixes(ipc, OP25B_CMD_ADD_PREFIXES, set, l,
					&err);
	op25b_ipc_close(ipc);
	if (ret < 0) {
		op25b_ipc_error_print(stderr, &err);
		return 1;
	}
	return 0;
}

int import_main(int argc, char *argv[], const struct op25bctl_options *opts)
{
	struct op25b_prefix_list l = { 0 };
	struct op25b_nft_error err;
	struct import_args a = { 0 };
	int ret;

	(void)opts;
	if (op25bctl_help(argc, argv) == 0)
		return 0;
	ret = parse_args(argc, argv, &a);
	if (ret != OP25BCTL_CONTINUE)
		return ret;
	if (op25b_nft_read_set(a.family, a.table, a.set, &l, &err) < 0) {
		fprintf(stderr, "%s: import: %s\n", PROG_NAME, err.msg);
		ret = 1;
	} else if (!l.len) {
		fprintf(stderr, "%s: import: set %s in table %s %s is empty: nothing to import\n",
			PROG_NAME, a.set, op25b_nft_family_name(a.family),
			a.table);
		ret = 1;
	} else {
		/* The kernel's order, as add sends them. */
		if (op25b_prefix_list_sort(&l) < 0) {
			fprintf(stderr, "%s: import: out of memory\n",
				PROG_NAME);
			ret = 1;
		} else {
			ret = add_all(a.to, &l);
		}
	}
	op25b_prefix_list_free(&l);
	return ret;
}
