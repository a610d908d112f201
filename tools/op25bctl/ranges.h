/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Address ranges: what export computes with and what nftables interval
 * sets hold. A range is inclusive at both ends, as a 128-bit integer (an
 * IPv4 address uses the low 32 bits), so that ::/0 needs no end past the
 * last address. Lists of ranges are made canonical (sorted, neither
 * overlapping nor adjacent) before sets are subtracted, and a canonical
 * list is turned into the fewest prefixes that cover exactly its addresses.
 */
#ifndef OP25BCTL_RANGES_H
#define OP25BCTL_RANGES_H

#include <stddef.h>
#include <stdint.h>

#include "policy.h"
#include "prefix.h"

typedef unsigned __int128 op25b_u128;

struct op25b_range {
	op25b_u128 lo;
	op25b_u128 hi;
};

struct op25b_range_list {
	struct op25b_range *v;
	size_t len;
	size_t cap;
};

/* The address bytes of family (4 or 16, network order) as an integer. */
op25b_u128 op25b_addr_to_u128(const uint8_t *addr, uint8_t family);
void op25b_u128_to_addr(op25b_u128 v, uint8_t family, uint8_t *addr);

/* The first and last address of a valid prefix. */
struct op25b_range op25b_prefix_range(const struct op25b_prefix *p);

/* Appends [lo, hi] (lo <= hi). Returns 0 or -ENOMEM. */
int op25b_range_list_add(struct op25b_range_list *l, op25b_u128 lo,
			 op25b_u128 hi);
void op25b_range_list_free(struct op25b_range_list *l);

/* Sorts and merges overlapping and adjacent ranges: the canonical form. */
void op25b_range_list_normalize(struct op25b_range_list *l);

/*
 * out gets the addresses of a that are not in b, canonical; a and b must
 * be canonical. Returns 0 or -ENOMEM.
 */
int op25b_range_list_subtract(const struct op25b_range_list *a,
			      const struct op25b_range_list *b,
			      struct op25b_range_list *out);

/*
 * Appends to out the fewest prefixes of family that cover [lo, hi]
 * exactly, in address order. Returns 0 or -ENOMEM.
 */
int op25b_range_to_prefixes(uint8_t family, op25b_u128 lo, op25b_u128 hi,
			    struct op25b_prefix_list *out);

/*
 * The addresses of family covered by some prefix of a and by none of b,
 * as the fewest prefixes, in address order, appended to out. Prefixes of
 * the other family in a and b are ignored. Returns 0 or -ENOMEM.
 */
int op25b_prefixes_subtract(const struct op25b_prefix_list *a,
			    const struct op25b_prefix_list *b, uint8_t family,
			    struct op25b_prefix_list *out);

#endif /* OP25BCTL_RANGES_H */
