// SPDX-License-Identifier: GPL-2.0
/*
 * op25bctl export: the source addresses the policy blocks (dynamic minus
 * static), as the fewest prefixes, for publishing: a plain list, an
 * rbldnsd data file, or an nftables script. Computed here from one
 * consistent dump of the sets; the kernel has no such operation.
 */
#include <string.h>
#include <sys/socket.h>

#include "op25bctl.h"
#include "ranges.h"

/* nft script lines hold this many elements each, to stay readable. */
#define NFT_PER_LINE	64

static const char *const format_names[] = {
	[OP25BCTL_EXPORT_PLAIN] = "plain",
	[OP25BCTL_EXPORT_RBLDNSD] = "rbldnsd",
	[OP25BCTL_EXPORT_NFT] = "nft",
};

int op25bctl_export_format_lookup(const char *name)
{
	unsigned int i;

	for (i = 0; i < sizeof(format_names) / sizeof(format_names[0]); i++)
		if (!strcmp(format_names[i], name))
			return i;
	return -1;
}

int op25bctl_export_compute(const struct op25b_policy *p, uint8_t family,
			    struct op25b_prefix_list *out)
{
	return op25b_prefixes_subtract(&p->sets[OP25B_SET_DYNAMIC],
				       &p->sets[OP25B_SET_STATIC], family,
				       out);
}

static void print_plain(FILE *f, const struct op25b_prefix_list *l)
{
	char buf[OP25B_PREFIX_STRLEN];
	size_t i;

	for (i = 0; i < l->len; i++)
		fprintf(f, "%s\n", op25b_prefix_format(&l->v[i], buf));
}

/*
 * rbldnsd keeps IPv4 (ip4set) and IPv6 (ip6trie) in datasets of their
 * own, so one file holds one family. The default value answers every
 * listed address with 127.0.0.2 and a TXT naming the address ($).
 */
static void print_rbldnsd(FILE *f, const struct op25b_prefix_list *l,
			  uint8_t family)
{
	fprintf(f, "# op25b: %s sources whose outbound port 25 is blocked\n"
		"# rbldnsd %s dataset, from op25bctl export\n",
		family == AF_INET ? "IPv4" : "IPv6",
		family == AF_INET ? "ip4set" : "ip6trie");
	fputs(":127.0.0.2:Dynamic address, outbound port 25 blocked (OP25B): $\n",
	      f);
	print_plain(f, l);
}

/*
 * Declares the table and set (a no-op when they exist), empties the set
 * and fills it: nft -f runs a file as one transaction, so loading it
 * again replaces the contents atomically.
 */
static void print_nft_set(FILE *f, const struct op25b_prefix_list *l,
			  uint8_t family)
{
	const char *set = family == AF_INET ? "blocked4" : "blocked6";
	char buf[OP25B_PREFIX_STRLEN];
	size_t i;

	fprintf(f, "add set inet op25b %s { type %s; flags interval; }\n",
		set, family == AF_INET ? "ipv4_addr" : "ipv6_addr");
	fprintf(f, "flush set inet op25b %s\n", set);
	for (i = 0; i < l->len; i++) {
		if (i % NFT_PER_LINE == 0)
			fprintf(f, "add element inet op25b %s { ", set);
		fputs(op25b_prefix_format(&l->v[i], buf), f);
		if (i % NFT_PER_LINE == NFT_PER_LINE - 1 || i + 1 == l->len)
			fputs(" }\n", f);
		else
			fputs(", ", f);
	}
}

static void print_family(FILE *f, int format,
			 const struct op25b_prefix_list *l, uint8_t family)
{
	if (format == OP25BCTL_EXPORT_PLAIN)
		print_plain(f, l);
	else if (format == OP25BCTL_EXPORT_RBLDNSD)
		print_rbldnsd(f, l, family);
	else
		print_nft_set(f, l, family);
}

void op25bctl_export_print(FILE *f, int format,
			   const struct op25b_prefix_list *v4,
			   const struct op25b_prefix_list *v6)
{
	if (format == OP25BCTL_EXPORT_NFT)
		fputs("# op25b: sources whose outbound port 25 is blocked\n"
		      "add table inet op25b\n", f);
	if (v4)
		print_family(f, format, v4, AF_INET);
	if (v6)
		print_family(f, format, v6, AF_INET6);
}

struct export_args {
	int format;
	bool v4;
	bool v6;
};

static int parse_args(int argc, char *argv[], struct export_args *a)
{
	int i;

	a->format = OP25BCTL_EXPORT_PLAIN;
	a->v4 = a->v6 = false;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-4")) {
			a->v4 = true;
		} else if (!strcmp(argv[i], "-6")) {
			a->v6 = true;
		} else if (!strcmp(argv[i], "--format")) {
			if (++i == argc)
				return op25bctl_bad_usage(argv[0], "--format needs a value (plain, rbldnsd or nft)");
			a->format = op25bctl_export_format_lookup(argv[i]);
			if (a->format < 0)
				return op25bctl_bad_usage(argv[0], "unknown format '%s' (expected plain, rbldnsd or nft)",
							  argv[i]);
		} else {
			return op25bctl_bad_usage(argv[0], "unexpected argument '%s'",
						  argv[i]);
		}
	}
	if (a->v4 && a->v6)
		return op25bctl_bad_usage(argv[0], "-4 and -6 exclude each other (give neither for both families)");
	if (!a->v4 && !a->v6) {
		if (a->format == OP25BCTL_EXPORT_RBLDNSD)
			return op25bctl_bad_usage(argv[0], "rbldnsd keeps IPv4 and IPv6 in separate datasets: give -4 or -6");
		a->v4 = a->v6 = true;
	}
	return OP25BCTL_CONTINUE;
}

int export_main(int argc, char *argv[], const struct op25bctl_options *opts)
{
	struct op25b_prefix_list v4 = { 0 }, v6 = { 0 };
	struct op25b_ipc_error err;
	struct export_args a;
	struct op25b_policy p;
	struct op25b_ipc *ipc;
	int ret;

	if (op25bctl_help(argc, argv) == 0)
		return 0;
	ret = parse_args(argc, argv, &a);
	if (ret != OP25BCTL_CONTINUE)
		return ret;
	if (opts->json) {
		fprintf(stderr, "%s: export: prints prefixes for other programs, not JSON (try: op25bctl -j list)\n",
			PROG_NAME);
		return 1;
	}
	if (op25bctl_connect(&ipc))
		return 1;
	op25b_policy_init(&p);
	/* One dump of every set: dynamic and static from the same policy. */
	ret = op25b_ipc_dump_prefixes(ipc, -1, &p, &err);
	op25b_ipc_close(ipc);
	if (ret < 0) {
		op25b_ipc_error_print(stderr, &err);
		op25b_policy_free(&p);
		return 1;
	}
	if ((a.v4 && op25bctl_export_compute(&p, AF_INET, &v4)) ||
	    (a.v6 && op25bctl_export_compute(&p, AF_INET6, &v6))) {
		fprintf(stderr, "%s: export: out of memory\n", PROG_NAME);
		ret = -1;
	} else {
		op25bctl_export_print(stdout, a.format, a.v4 ? &v4 : NULL,
				      a.v6 ? &v6 : NULL);
	}
	op25b_prefix_list_free(&v4);
	op25b_prefix_list_free(&v6);
	op25b_policy_free(&p);
	return ret < 0;
}
