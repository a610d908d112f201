// SPDX-License-Identifier: GPL-2.0
/*
 * import nft's reading of a set, on sets built with libnftnl the way its
 * parser fills them from the kernel's replies: interval sets as start and
 * end elements in any order (with the stray end at 0.0.0.0 and the open
 * end at the last address), plain sets, KEY_END ranges, and sets whose
 * keys are not addresses.
 */
#include <linux/netfilter/nf_tables.h>
#include <libnftnl/set.h>
#include <sys/socket.h>

#include "harness.h"
#include "nft.h"
#include "ranges.h"
#include "util.h"

static struct nftnl_set *new_set(uint32_t type, uint32_t len, uint32_t flags)
{
	struct nftnl_set *s = nftnl_set_alloc();

	if (!s)
		abort();
	nftnl_set_set_u32(s, NFTNL_SET_KEY_TYPE, type);
	nftnl_set_set_u32(s, NFTNL_SET_KEY_LEN, len);
	nftnl_set_set_u32(s, NFTNL_SET_FLAGS, flags);
	return s;
}

/* Adds an element with the address of s as key; end flags INTERVAL_END. */
static void elem(struct nftnl_set *set, const char *s, bool end,
		 const char *key_end)
{
	struct nftnl_set_elem *e = nftnl_set_elem_alloc();
	struct op25b_prefix p = pfx(s);

	if (!e)
		abort();
	nftnl_set_elem_set(e, NFTNL_SET_ELEM_KEY, p.addr,
			   op25b_prefix_addrlen(p.family));
	if (end)
		nftnl_set_elem_set_u32(e, NFTNL_SET_ELEM_FLAGS,
				       NFT_SET_ELEM_INTERVAL_END);
	if (key_end) {
		p = pfx(key_end);
		nftnl_set_elem_set(e, NFTNL_SET_ELEM_KEY_END, p.addr,
				   op25b_prefix_addrlen(p.family));
	}
	nftnl_set_elem_add(set, e);
}

/* The prefixes read from s, space-separated, or "error: MESSAGE". */
static const char *read_of(struct nftnl_set *s)
{
	static char out[2048];
	struct op25b_prefix_list l = { 0 };
	char buf[OP25B_PREFIX_STRLEN];
	struct op25b_nft_error err;
	size_t i, n = 0;

	out[0] = '\0';
	if (op25b_nft_set_prefixes(s, &l, &err) < 0)
		snprintf(out, sizeof(out), "error: %s", err.msg);
	for (i = 0; i < l.len; i++)
		n += snprintf(out + n, sizeof(out) - n, "%s%s", i ? " " : "",
			      op25b_prefix_format(&l.v[i], buf));
	op25b_prefix_list_free(&l);
	nftnl_set_free(s);
	return out;
}

#define V4 OP25B_NFT_TYPE_IPADDR, 4
#define V6 OP25B_NFT_TYPE_IP6ADDR, 16

static void nft_interval_v4(void)
{
	struct nftnl_set *s = new_set(V4, NFT_SET_INTERVAL);

	/* As the rbtree dumps them: highest first. */
	elem(s, "192.0.2.7", true, NULL);
	elem(s, "192.0.2.1", false, NULL);
	elem(s, "11.0.0.0", true, NULL);
	elem(s, "10.0.0.0", false, NULL);
	EXPECT_STR(read_of(s), "10.0.0.0/8 192.0.2.1/32 192.0.2.2/31 "
		   "192.0.2.4/31 192.0.2.6/32");
}

static void nft_interval_edges(void)
{
	struct nftnl_set *s = new_set(V4, NFT_SET_INTERVAL);

	/* An end with no start before it, and a range to the last address. */
	elem(s, "0.0.0.0", true, NULL);
	elem(s, "255.255.255.0", false, NULL);
	EXPECT_STR(read_of(s), "255.255.255.0/24");

	s = new_set(V4, NFT_SET_INTERVAL);
	elem(s, "0.0.0.0", false, NULL);
	EXPECT_STR(read_of(s), "0.0.0.0/0");

	s = new_set(V6, NFT_SET_INTERVAL);
	elem(s, "::", false, NULL);
	EXPECT_STR(read_of(s), "::/0");

	s = new_set(V6, NFT_SET_INTERVAL);
	elem(s, "ffff::", false, NULL);
	elem(s, "::2", true, NULL);
	elem(s, "::", false, NULL);
	EXPECT_STR(read_of(s), "::/127 ffff::/16");
}

/* Adjacent ranges: an end and a start at one address merge. */
static void nft_interval_adjacent(void)
{
	struct nftnl_set *s = new_set(V4, NFT_SET_INTERVAL);

	elem(s, "10.0.0.0", false, NULL);
	elem(s, "10.0.1.0", false, NULL);
	elem(s, "10.0.1.0", true, NULL);
	elem(s, "10.0.2.0", true, NULL);
	EXPECT_STR(read_of(s), "10.0.0.0/23");
}

static void nft_interval_key_end(void)
{
	struct nftnl_set *s = new_set(V6, NFT_SET_INTERVAL);

	elem(s, "2001:db8::", false, "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff");
	elem(s, "2001:db9::1", false, "2001:db9::2");
	EXPECT_STR(read_of(s), "2001:db8::/32 2001:db9::1/128 2001:db9::2/128");
}

/* Plain sets: every element stays its own full-length prefix. */
static void nft_plain(void)
{
	struct nftnl_set *s = new_set(V4, 0);

	elem(s, "192.0.2.5", false, NULL);
	elem(s, "192.0.2.4", false, NULL);
	EXPECT_STR(read_of(s), "192.0.2.5/32 192.0.2.4/32");

	s = new_set(V6, 0);
	elem(s, "2001:db8::1", false, NULL);
	EXPECT_STR(read_of(s), "2001:db8::1/128");

	s = new_set(V4, 0);
	EXPECT_STR(read_of(s), "");
}

static void nft_not_addresses(void)
{
	/* inet_service, ether_addr, a concatenation, a lying length. */
	EXPECT_STR(read_of(new_set(13, 2, 0)),
		   "error: not an address set (key type 13 of 2 bytes; expected ipv4_addr or ipv6_addr)");
	EXPECT_STR(read_of(new_set(9, 6, 0)),
		   "error: not an address set (key type 9 of 6 bytes; expected ipv4_addr or ipv6_addr)");
	EXPECT_STR(read_of(new_set(461, 8, NFT_SET_INTERVAL)),
		   "error: not an address set (key type 461 of 8 bytes; expected ipv4_addr or ipv6_addr)");
	EXPECT_STR(read_of(new_set(OP25B_NFT_TYPE_IPADDR, 16, 0)),
		   "error: not an address set (key type 7 of 16 bytes; expected ipv4_addr or ipv6_addr)");
}

static void nft_families(void)
{
	EXPECT_INT(op25b_nft_family_lookup("ip"), 2);
	EXPECT_INT(op25b_nft_family_lookup("ip6"), 10);
	EXPECT_INT(op25b_nft_family_lookup("inet"), 1);
	EXPECT_INT(op25b_nft_family_lookup("IP"), -1);
	EXPECT_INT(op25b_nft_family_lookup("ipv4"), -1);
	EXPECT_STR(op25b_nft_family_name(10), "ip6");
	EXPECT_STR(op25b_nft_family_name(1), "inet");
}

const struct unit_case nft_cases[] = {
	UNIT_CASE(nft_interval_v4),
	UNIT_CASE(nft_interval_edges),
	UNIT_CASE(nft_interval_adjacent),
	UNIT_CASE(nft_interval_key_end),
	UNIT_CASE(nft_plain),
	UNIT_CASE(nft_not_addresses),
	UNIT_CASE(nft_families),
	UNIT_END
};
