/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading an nftables set's elements as prefixes, for op25bctl import:
 * the nf_tables netlink requests (through libnftnl and libmnl) in nft.c,
 * and the conversion of a set libnftnl parsed into prefixes, apart from
 * the socket so that tests feed it hand-made sets.
 */
#ifndef OP25BCTL_NFT_H
#define OP25BCTL_NFT_H

#include <stddef.h>

#include "policy.h"

struct nftnl_set;

/* nftables' own datatype numbers for address keys. */
#define OP25B_NFT_TYPE_IPADDR	7
#define OP25B_NFT_TYPE_IP6ADDR	8

/* Why reading a set failed, as one sentence for the user. */
struct op25b_nft_error {
	char msg[320];
};

/* The NFPROTO_* value of "ip", "ip6", "inet", "arp", "bridge", "netdev", or -1. */
int op25b_nft_family_lookup(const char *name);
/* The name of an NFPROTO_* value op25b_nft_family_lookup() knows. */
const char *op25b_nft_family_name(int family);

/*
 * Appends the addresses in s (its key type, key length, flags and
 * elements as libnftnl parsed them) to out as prefixes: each element of a
 * plain set as a full-length prefix; the ranges of an interval set, given
 * as start elements and NFT_SET_ELEM_INTERVAL_END elements at the address
 * after each range (or as keys with a KEY_END), as the fewest prefixes.
 * Returns 0, -EINVAL for a set whose keys are not IPv4 or IPv6 addresses,
 * or -ENOMEM, with err filled.
 */
int op25b_nft_set_prefixes(struct nftnl_set *s, struct op25b_prefix_list *out,
			   struct op25b_nft_error *err);

/*
 * Reads set name of table in family from the kernel (the caller's network
 * namespace) and appends its addresses to out. Returns 0, or a negative
 * errno with err filled: -ENOENT for a missing table or set, what
 * op25b_nft_set_prefixes() returns, or the kernel's error.
 */
int op25b_nft_read_set(int family, const char *table, const char *name,
		       struct op25b_prefix_list *out,
		       struct op25b_nft_error *err);

#endif /* OP25BCTL_NFT_H */
