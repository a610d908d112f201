/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Prefix lists and the range maps compiled from them. No netfilter and no
 * netlink in here: tests/kunit drives this file on its own.
 */
#ifndef OP25B_TABLE_H
#define OP25B_TABLE_H

#include <linux/refcount.h>
#include <linux/types.h>

#include "compat.h"

enum op25b_family {
	OP25B_V4,
	OP25B_V6,
	OP25B_NFAMILIES
};

/*
 * How a prefix is stored. IPv4: one u64, (address << 8) | length, so that
 * sorting the integers sorts by address, then length. IPv6: this struct,
 * packed to 17 bytes, compared as (hi, lo, len). Addresses in host order.
 */
struct op25b_pfx6 {
	u64 hi;
	u64 lo;
	u8 len;
} __packed;

/* Room for one element of either family, suitably aligned. */
union op25b_elem {
	u64 v4;
	struct op25b_pfx6 v6;
};

/*
 * struct op25b_pleaf - a run of consecutive elements of a list, shared
 * like a map's blocks by every list made from the one it was made for.
 * How many it holds is the list's business (struct op25b_plist's first).
 */
struct op25b_pleaf {
	refcount_t ref;
	u32 size;	/* bytes allocated, header included */
	u64 elems[];	/* u64 or struct op25b_pfx6, packed */
};

/*
 * struct op25b_plist - an immutable, sorted, duplicate-free prefix list
 *
 * Its elements in leaves, in order: element i is in the last leaf t with
 * first[t] <= i, at i - first[t]. A list as the kernel keeps it is packed
 * (op25b_plist_pack(), _add(), _del(), _finish()): no leaf empty or above
 * 64 KiB. A list from op25b_plist_alloc() is flat, one leaf,
 * op25b_plist_flat(), filled and sorted in place (a request's); a staged
 * one grows by op25b_plist_append() and is finished before it is
 * published. Shared by every policy that has not changed this set and
 * family since; freed when the last such policy goes (op25b_plist_put()).
 */
struct op25b_plist {
	refcount_t ref;
	u8 family;
	u32 count;
	u32 nleaf, maxleaf;		/* leaves, and room for them */
	struct op25b_pleaf **leaf;	/* nleaf leaves */
	u32 *first;			/* nleaf: each leaf's first index */
};

/*
 * struct op25b_rmap_blk - one block of a range map: the direct table
 * entries of 1 << gbits consecutive chunks, then, at the map's woff, their
 * words. Immutable once built; shared by every map patched from the one
 * it was built for, freed with the last of them.
 */
struct op25b_rmap_blk {
	refcount_t ref;
	u32 n;		/* boundaries */
	u32 words;	/* word 0, the value just below the block, included */
	u32 size;	/* bytes allocated, for blk_free() */
	u32 index[];	/* (1 << gbits) + 1 first words, one per chunk */
};

/*
 * struct op25b_rmap - a map from address to a small value, compiled from
 * one or two prefix lists (see the DOC block in table.c). NULL stands for
 * "every address maps to 0".
 */
struct op25b_rmap {
	refcount_t ref;
	u8 family;
	u8 shift;	/* leading bits every boundary shares */
	u8 bits;	/* the direct table has 1 << bits chunks */
	u8 gbits;	/* in blocks of 1 << gbits chunks */
	u8 last;	/* the value from the last boundary on */
	u32 n;		/* boundaries */
	u32 words;	/* in all blocks */
	u32 woff;	/* where a block's words start, in bytes */
	size_t bytes;	/* memory held, shared blocks included, for status */
	u64 lead;	/* those shared bits (IPv4: of the address, IPv6: hi) */
	u64 lead_mask;
	/*
	 * 1 << (bits - gbits) blocks. Words: IPv4 u32, boundary << (shift +
	 * bits) | value; IPv6 u64, likewise, or whole keys (wide chunks).
	 */
	struct op25b_rmap_blk *blk[];
};

/* The values of the map of dynamic and static sources. */
enum op25b_src_class {
	OP25B_SRC_OTHER,	/* not in dynamic */
	OP25B_SRC_STATIC,	/* in dynamic and in static */
	OP25B_SRC_DYNAMIC,	/* in dynamic, not in static: blocked */
};

size_t op25b_esize(u8 family);
int op25b_elem_cmp(u8 family, const void *a, const void *b);
void op25b_elem_make(u8 family, void *elem, u128 addr, u8 len);
void op25b_elem_parts(u8 family, const void *elem, u128 *addr, u8 *len);
unsigned int op25b_family_bits(u8 family);

/* Returns a flat list of count uninitialised elements, or NULL. */
struct op25b_plist *op25b_plist_alloc(u8 family, u32 count);
void op25b_plist_put(struct op25b_plist *l);
struct op25b_plist *op25b_plist_get(struct op25b_plist *l);
size_t op25b_plist_bytes(const struct op25b_plist *l);

/* A flat list's elements. */
void *op25b_plist_flat(const struct op25b_plist *l);
/* A packed copy of @l (flat or not), or an ERR_PTR(-ENOMEM). */
struct op25b_plist *op25b_plist_pack(const struct op25b_plist *l);
/*
 * Appends @n elements, in any order, to a list that has one reference
 * (a staged one), in leaves of op25b_pleaf_max() elements; *@lp may be
 * replaced by a list with room for more leaves. Returns 0, or -ENOMEM
 * with the list as it was.
 */
int op25b_plist_append(struct op25b_plist **lp, const void *elems, u32 n);
/*
 * @l sorted, without repeats and packed, or an ERR_PTR(-ENOMEM): @l's own
 * leaves when they are in order already (a staged list op25bctl sent),
 * the last one trimmed to size; otherwise sorted in a flat copy.
 */
struct op25b_plist *op25b_plist_finish(const struct op25b_plist *l);
/* The most elements a leaf of a packed list holds. */
u32 op25b_pleaf_max(u8 family);
/* Element @i < l->count of @l. */
const void *op25b_plist_elem(const struct op25b_plist *l, u32 i);

/*
 * Sorts @n records of @size bytes, each starting with an element of
 * @family, by that element, stably, yielding the CPU as it goes. Returns
 * 0, or -ENOMEM with the records as they were.
 */
int op25b_sort_elems(u8 family, void *elems, u32 n, size_t size);

/*
 * Sorts @l's elements and drops duplicates in place, for lists filled in
 * arbitrary order (a request, a staged transaction). -ENOMEM leaves the
 * elements as they were.
 */
int op25b_plist_sort(struct op25b_plist *l);

/*
 * These return a new packed list, sharing @old's leaves that the change
 * leaves alone, or an ERR_PTR: -EEXIST (add) or -ENOENT (del) with *bad
 * set to the index in @elems of the first offender, -ENOSPC when the
 * result would hold more than @max, -ENOMEM. @elems must be sorted and
 * free of duplicates, of @old's family; @old is left untouched.
 */
struct op25b_plist *op25b_plist_add(const struct op25b_plist *old,
				    const void *elems, u32 n, u32 max,
				    u32 *bad);
struct op25b_plist *op25b_plist_del(const struct op25b_plist *old,
				    const void *elems, u32 n, u32 *bad);

/* Index of the longest prefix in @l containing @addr, or -1. */
long op25b_plist_match(const struct op25b_plist *l, u128 addr);

/*
 * Compiles @a and @b (either may be NULL) into a map whose value at each
 * address is vals[in_a | in_b << 1]; vals[0] must be 0. Returns NULL for a
 * map that is 0 everywhere, or an ERR_PTR(-ENOMEM).
 */
struct op25b_rmap *op25b_rmap_build(u8 family, const struct op25b_plist *a,
				    const struct op25b_plist *b,
				    const u8 vals[4]);
/*
 * The map of @a and @b after a change of the @n sorted prefixes @elems
 * (added to or removed from either list), given @old, the map before it:
 * patched from @old when the change is small and local, otherwise
 * built afresh. Either way the same map as op25b_rmap_build(); @old is
 * left untouched.
 */
/*
 * What op25b_rmap_update() tries first: returns the patched map, NULL, an
 * ERR_PTR(-ENOMEM), or ERR_PTR(-EAGAIN) when the change cannot be patched
 * (too many prefixes, too wide, or a new shape is due).
 */
struct op25b_rmap *op25b_rmap_patch(const struct op25b_rmap *old,
				    const struct op25b_plist *a,
				    const struct op25b_plist *b,
				    const u8 vals[4], const void *elems,
				    u32 n);
struct op25b_rmap *op25b_rmap_update(u8 family, const struct op25b_rmap *old,
				     const struct op25b_plist *a,
				     const struct op25b_plist *b,
				     const u8 vals[4], const void *elems,
				     u32 n);
void op25b_rmap_put(struct op25b_rmap *m);
struct op25b_rmap *op25b_rmap_get(struct op25b_rmap *m);

u8 op25b_rmap_lookup4(const struct op25b_rmap *m, u32 addr);
u8 op25b_rmap_lookup6(const struct op25b_rmap *m, u64 hi, u64 lo);

#endif /* OP25B_TABLE_H */
