// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the prefix lists and range maps (src/table.c), checked
 * against a deliberately naive twin: plain arrays of prefixes, searched
 * one by one. Random inserts, removals and lookups go to both; any
 * disagreement fails. The generator is seeded, so a failure reproduces.
 */

#include <kunit/test.h>
#include <linux/err.h>
#include <linux/slab.h>

#include "table.h"

static const u8 src_vals[4] = {
	[0] = OP25B_SRC_OTHER,
	[1] = OP25B_SRC_DYNAMIC,	/* in a (dynamic) only */
	[2] = OP25B_SRC_OTHER,		/* in b (static) only */
	[3] = OP25B_SRC_STATIC,		/* in both */
};

static u64 rng_state;

static u64 rnd(void)
{
	/* xorshift64*: small, fast, and good enough to pick test cases. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static u128 mask_of(u8 family, u8 len)
{
	unsigned int bits = op25b_family_bits(family);
	u128 all = bits == 128 ? ~(u128)0 : ((u128)1 << 32) - 1;

	if (len == 0)
		return 0;
	return all & ~((len == bits) ? 0 : (all >> len));
}

/* The naive twin: a bag of prefixes. */
struct naive {
	u8 family;
	u32 n;
	u128 addr[512];
	u8 len[512];
};

static bool naive_has(const struct naive *s, u128 a, u8 len)
{
	u32 i;

	for (i = 0; i < s->n; i++)
		if (s->addr[i] == a && s->len[i] == len)
			return true;
	return false;
}

static bool naive_contains(const struct naive *s, u128 x)
{
	u32 i;

	for (i = 0; i < s->n; i++)
		if ((x & mask_of(s->family, s->len[i])) == s->addr[i])
			return true;
	return false;
}

static int naive_longest(const struct naive *s, u128 x)
{
	int i, best = -1;

	for (i = 0; i < s->n; i++)
		if ((x & mask_of(s->family, s->len[i])) == s->addr[i] &&
		    (best < 0 || s->len[i] > s->len[best]))
			best = i;
	return best;
}

static void naive_del(struct naive *s, u128 a, u8 len)
{
	u32 i;

	for (i = 0; i < s->n; i++) {
		if (s->addr[i] == a && s->len[i] == len) {
			s->addr[i] = s->addr[s->n - 1];
			s->len[i] = s->len[s->n - 1];
			s->n--;
			return;
		}
	}
}

/*
 * A random prefix that is likely to nest in, border on or repeat others:
 * addresses come from a few clusters and lengths favour both ends.
 */
static void random_prefix(u8 family, u128 *addr, u8 *len)
{
	unsigned int bits = op25b_family_bits(family);
	u128 base, a;
	u64 r = rnd();

	switch (r % 4) {
	case 0:
		base = 0;
		break;
	case 1:
		base = bits == 32 ? 0x0a000000 : (u128)0x20010db8ULL << 96;
		break;
	case 2:
		base = bits == 32 ? 0xffffff00 : ~(u128)0xff;
		break;
	default:
		base = bits == 32 ? 0x64400000 : (u128)0xfe80ULL << 112;
		break;
	}
	a = base ^ (((u128)rnd() << 64 | rnd()) >> (bits == 32 ? 120 : 112));
	if (bits == 32)
		a &= 0xffffffff;
	switch ((r >> 8) % 8) {
	case 0:
		*len = 0;
		break;
	case 1:
	case 2:
		*len = bits;
		break;
	case 3:
		*len = bits - (rnd() % 4);
		break;
	default:
		*len = rnd() % (bits + 1);
		break;
	}
	*addr = a & mask_of(family, *len);
}

/* Addresses worth probing: each prefix's first, last, and either side. */
static u128 probe(const struct naive *d, const struct naive *s, u32 k)
{
	const struct naive *n = (k & 1) ? s : d;
	u128 all = op25b_family_bits(d->family) == 32 ?
		   0xffffffff : ~(u128)0;
	u128 a, last;

	if (!n->n || k % 5 == 4) {
		a = (u128)rnd() << 64 | rnd();
		return a & all;
	}
	a = n->addr[(k / 2) % n->n];
	last = a | (~mask_of(n->family, n->len[(k / 2) % n->n]) & all);
	switch ((k / 2) % 4) {
	case 0:
		return a;
	case 1:
		return last;
	case 2:
		return (a - 1) & all;
	default:
		return (last + 1) & all;
	}
}

static u8 map_lookup(const struct op25b_rmap *m, u8 family, u128 x)
{
	if (family == OP25B_V4)
		return op25b_rmap_lookup4(m, (u32)x);
	return op25b_rmap_lookup6(m, (u64)(x >> 64), (u64)x);
}

static struct op25b_plist *one_elem_list(struct kunit *test, u8 family,
					 u128 a, u8 len)
{
	struct op25b_plist *l = op25b_plist_alloc(family, 1);

	KUNIT_ASSERT_NOT_NULL(test, l);
	op25b_elem_make(family, op25b_plist_flat(l), a, len);
	return l;
}

/* Replaces *lp by *lp plus (a, len), in list and twin alike. */
static void twin_add(struct kunit *test, struct op25b_plist **lp,
		     struct naive *n, u128 a, u8 len)
{
	struct op25b_plist *one = one_elem_list(test, n->family, a, len);
	struct op25b_plist *l;
	u32 bad = ~0U;

	l = op25b_plist_add(*lp, op25b_plist_flat(one), 1, 1U << 20, &bad);
	if (naive_has(n, a, len)) {
		KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(l), -EEXIST);
		KUNIT_EXPECT_EQ(test, bad, 0U);
	} else if (n->n < ARRAY_SIZE(n->addr)) {
		KUNIT_ASSERT_FALSE(test, IS_ERR(l));
		op25b_plist_put(*lp);
		*lp = l;
		n->addr[n->n] = a;
		n->len[n->n++] = len;
	} else if (!IS_ERR(l)) {
		op25b_plist_put(l);
	}
	op25b_plist_put(one);
}

static void twin_del(struct kunit *test, struct op25b_plist **lp,
		     struct naive *n, u128 a, u8 len)
{
	struct op25b_plist *one = one_elem_list(test, n->family, a, len);
	struct op25b_plist *l;
	u32 bad = ~0U;

	l = op25b_plist_del(*lp, op25b_plist_flat(one), 1, &bad);
	if (!naive_has(n, a, len)) {
		KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(l), -ENOENT);
		KUNIT_EXPECT_EQ(test, bad, 0U);
	} else {
		KUNIT_ASSERT_FALSE(test, IS_ERR(l));
		op25b_plist_put(*lp);
		*lp = l;
		naive_del(n, a, len);
	}
	op25b_plist_put(one);
}

/*
 * After a change of (a, len) in dl or sl: moves *mp, the map kept up to
 * date change by change, along with op25b_rmap_update(), counting the
 * changes that op25b_rmap_patch() could patch.
 */
static void twin_update(struct kunit *test, u8 family, struct op25b_rmap **mp,
			struct op25b_plist *dl, struct op25b_plist *sl,
			u128 a, u8 len, u32 *patched)
{
	struct op25b_rmap *m, *p;
	union op25b_elem e;

	op25b_elem_make(family, &e, a, len);
	p = op25b_rmap_patch(*mp, dl, sl, src_vals, &e, 1);
	if (!IS_ERR(p)) {
		(*patched)++;
		op25b_rmap_put(p);
	} else {
		KUNIT_EXPECT_EQ(test, PTR_ERR(p), -EAGAIN);
	}
	m = op25b_rmap_update(family, *mp, dl, sl, src_vals, &e, 1);
	KUNIT_ASSERT_FALSE(test, IS_ERR(m));
	op25b_rmap_put(*mp);
	*mp = m;
}

/*
 * A map built from dl and sl, and @inc, the one kept up to date change by
 * change, must both answer as the twins say.
 */
static void check_against_twin(struct kunit *test, u8 family,
			       struct op25b_plist *dl, struct op25b_plist *sl,
			       const struct naive *d, const struct naive *s,
			       const struct op25b_rmap *inc)
{
	struct op25b_rmap *m = op25b_rmap_build(family, dl, sl, src_vals);
	u32 k;

	KUNIT_ASSERT_FALSE(test, IS_ERR(m));
	KUNIT_EXPECT_EQ(test, dl->count, d->n);
	for (k = 0; k < 64; k++) {
		u128 x = probe(d, s, k);
		bool in_d = naive_contains(d, x), in_s = naive_contains(s, x);
		u8 want = src_vals[in_d | in_s << 1];
		u8 got = map_lookup(m, family, x);
		int best = naive_longest(d, x);
		long idx = op25b_plist_match(dl, x);
		u128 ma;
		u8 ml;

		KUNIT_EXPECT_EQ_MSG(test, got, want, "addr %llx:%016llx",
				    (u64)(x >> 64), (u64)x);
		KUNIT_EXPECT_EQ_MSG(test, map_lookup(inc, family, x), want,
				    "patched map, addr %llx:%016llx",
				    (u64)(x >> 64), (u64)x);
		KUNIT_EXPECT_EQ(test, idx >= 0, best >= 0);
		if (idx >= 0 && best >= 0) {
			op25b_elem_parts(family,
					 op25b_plist_elem(dl, idx), &ma, &ml);
			KUNIT_EXPECT_EQ(test, ml, d->len[best]);
			KUNIT_EXPECT_TRUE(test, ma == d->addr[best]);
		}
	}
	op25b_rmap_put(m);
}

static void random_twin(struct kunit *test, u8 family, u64 seed)
{
	struct naive *d, *s;
	struct op25b_plist *dl, *sl, *was_d, *was_s;
	struct op25b_rmap *m = NULL;
	u32 round, patched = 0;

	rng_state = seed;
	d = kunit_kzalloc(test, sizeof(*d), GFP_KERNEL);
	s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, d);
	KUNIT_ASSERT_NOT_NULL(test, s);
	d->family = family;
	s->family = family;
	dl = op25b_plist_alloc(family, 0);
	sl = op25b_plist_alloc(family, 0);
	KUNIT_ASSERT_NOT_NULL(test, dl);
	KUNIT_ASSERT_NOT_NULL(test, sl);

	for (round = 0; round < 600; round++) {
		u128 a;
		u8 len;
		u64 r = rnd() % 10;

		random_prefix(family, &a, &len);
		was_d = dl;
		was_s = sl;
		if (r < 5) {
			twin_add(test, &dl, d, a, len);
		} else if (r < 7) {
			twin_add(test, &sl, s, a, len);
		} else if (r < 9 && d->n) {
			u32 i = rnd() % d->n;

			a = d->addr[i];
			len = d->len[i];
			twin_del(test, &dl, d, a, len);
		} else {
			twin_del(test, &sl, s, a, len);
		}
		if (dl != was_d || sl != was_s)
			twin_update(test, family, &m, dl, sl, a, len, &patched);
		if (round % 10 == 9)
			check_against_twin(test, family, dl, sl, d, s, m);
	}
	/*
	 * Many of these changes reach the top of the space (/0, the last
	 * /24) or call for a new direct table, and are built afresh; the
	 * rest must be patches (52 of IPv4's and more of IPv6's, seeded).
	 */
	KUNIT_EXPECT_GT(test, patched, 25U);
	op25b_rmap_put(m);
	op25b_plist_put(dl);
	op25b_plist_put(sl);
}

static void table_random_v4(struct kunit *test)
{
	random_twin(test, OP25B_V4, 0x0425b0425bULL);
	random_twin(test, OP25B_V4, 0x1234567890abcdefULL);
}

static void table_random_v6(struct kunit *test)
{
	random_twin(test, OP25B_V6, 0x0625b0625bULL);
	random_twin(test, OP25B_V6, 0xfedcba0987654321ULL);
}

static void table_empty_map_is_null(struct kunit *test)
{
	struct op25b_plist *e = op25b_plist_alloc(OP25B_V4, 0);

	KUNIT_ASSERT_NOT_NULL(test, e);
	KUNIT_EXPECT_NULL(test, op25b_rmap_build(OP25B_V4, e, e, src_vals));
	KUNIT_EXPECT_EQ(test, op25b_rmap_lookup4(NULL, 0x01020304), 0);
	KUNIT_EXPECT_EQ(test, op25b_rmap_lookup6(NULL, 1, 2), 0);
	op25b_plist_put(e);
}

/* /0 in dynamic with a /32 or /128 hole punched by static, at the edges. */
static void table_default_route_with_holes(struct kunit *test)
{
	static const struct { u8 family; u128 hole; u8 len; } cases[] = {
		{ OP25B_V4, 0, 32 },
		{ OP25B_V4, 0xffffffff, 32 },
		{ OP25B_V6, 0, 128 },
		{ OP25B_V6, ~(u128)0, 128 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		u8 f = cases[i].family;
		u128 all = f == OP25B_V4 ? 0xffffffff : ~(u128)0;
		struct op25b_plist *d = one_elem_list(test, f, 0, 0);
		struct op25b_plist *s = one_elem_list(test, f, cases[i].hole,
						      cases[i].len);
		struct op25b_rmap *m = op25b_rmap_build(f, d, s, src_vals);

		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, m);
		KUNIT_EXPECT_EQ(test, map_lookup(m, f, cases[i].hole),
				OP25B_SRC_STATIC);
		KUNIT_EXPECT_EQ(test, map_lookup(m, f, (cases[i].hole + 1) & all),
				OP25B_SRC_DYNAMIC);
		KUNIT_EXPECT_EQ(test, map_lookup(m, f, (cases[i].hole - 1) & all),
				OP25B_SRC_DYNAMIC);
		KUNIT_EXPECT_EQ(test, map_lookup(m, f, 0x0a000001),
				OP25B_SRC_DYNAMIC);
		op25b_rmap_put(m);
		op25b_plist_put(d);
		op25b_plist_put(s);
	}
}

/* Adjacent and nested prefixes fold into one interval: two boundaries. */
static void table_adjacent_prefixes_merge(struct kunit *test)
{
	static const u8 relay_vals[4] = { 0, 1, 0, 1 };
	struct op25b_plist *l = op25b_plist_alloc(OP25B_V4, 4);
	struct op25b_rmap *m;

	KUNIT_ASSERT_NOT_NULL(test, l);
	op25b_elem_make(OP25B_V4, (u64 *)op25b_plist_flat(l) + 0, 0x0a000000, 25);
	op25b_elem_make(OP25B_V4, (u64 *)op25b_plist_flat(l) + 1, 0x0a000000, 26);
	op25b_elem_make(OP25B_V4, (u64 *)op25b_plist_flat(l) + 2, 0x0a000080, 25);
	op25b_elem_make(OP25B_V4, (u64 *)op25b_plist_flat(l) + 3, 0x0a000100, 24);
	m = op25b_rmap_build(OP25B_V4, l, NULL, relay_vals);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, m);
	KUNIT_EXPECT_EQ(test, m->n, 2U);
	KUNIT_EXPECT_EQ(test, op25b_rmap_lookup4(m, 0x09ffffff), 0);
	KUNIT_EXPECT_EQ(test, op25b_rmap_lookup4(m, 0x0a000000), 1);
	KUNIT_EXPECT_EQ(test, op25b_rmap_lookup4(m, 0x0a0001ff), 1);
	KUNIT_EXPECT_EQ(test, op25b_rmap_lookup4(m, 0x0a000200), 0);
	op25b_rmap_put(m);
	op25b_plist_put(l);
}

static void table_sort_drops_repeats(struct kunit *test)
{
	struct op25b_plist *l = op25b_plist_alloc(OP25B_V6, 5);
	struct op25b_pfx6 *e;

	KUNIT_ASSERT_NOT_NULL(test, l);
	e = op25b_plist_flat(l);
	op25b_elem_make(OP25B_V6, &e[0], (u128)2 << 64, 64);
	op25b_elem_make(OP25B_V6, &e[1], (u128)1 << 64, 64);
	op25b_elem_make(OP25B_V6, &e[2], (u128)2 << 64, 64);
	op25b_elem_make(OP25B_V6, &e[3], (u128)2 << 64, 63);
	op25b_elem_make(OP25B_V6, &e[4], (u128)1 << 64, 64);
	KUNIT_ASSERT_EQ(test, op25b_plist_sort(l), 0);
	KUNIT_ASSERT_EQ(test, l->count, 3U);
	KUNIT_EXPECT_EQ(test, e[0].hi, 1ULL);
	KUNIT_EXPECT_EQ(test, e[1].hi, 2ULL);
	KUNIT_EXPECT_EQ(test, e[1].len, 63);
	KUNIT_EXPECT_EQ(test, e[2].len, 64);
	op25b_plist_put(l);
}

/* Input already in order, repeats included, takes the sort's quick path. */
static void table_sort_sorted_input(struct kunit *test)
{
	struct op25b_plist *l = op25b_plist_alloc(OP25B_V4, 4);
	u64 *e;

	KUNIT_ASSERT_NOT_NULL(test, l);
	e = op25b_plist_flat(l);
	op25b_elem_make(OP25B_V4, &e[0], 0x0a000000, 8);
	op25b_elem_make(OP25B_V4, &e[1], 0x0a000000, 16);
	op25b_elem_make(OP25B_V4, &e[2], 0x0a000000, 16);
	op25b_elem_make(OP25B_V4, &e[3], 0x0b000000, 8);
	KUNIT_ASSERT_EQ(test, op25b_plist_sort(l), 0);
	KUNIT_ASSERT_EQ(test, l->count, 3U);
	KUNIT_EXPECT_EQ(test, e[0], (0x0a000000ULL << 8) | 8);
	KUNIT_EXPECT_EQ(test, e[1], (0x0a000000ULL << 8) | 16);
	KUNIT_EXPECT_EQ(test, e[2], (0x0b000000ULL << 8) | 8);
	/* One element out of order at the very end: a full sort. */
	op25b_elem_make(OP25B_V4, &e[2], 0x09000000, 8);
	KUNIT_ASSERT_EQ(test, op25b_plist_sort(l), 0);
	KUNIT_EXPECT_EQ(test, e[0], (0x09000000ULL << 8) | 8);
	KUNIT_EXPECT_EQ(test, e[2], (0x0a000000ULL << 8) | 16);
	op25b_plist_put(l);
}

/* Sorting agrees with a naive check on a large, repetitive random list. */
static void table_sort_large(struct kunit *test)
{
	const u32 n = 100000;
	struct op25b_plist *l = op25b_plist_alloc(OP25B_V4, n);
	u64 *e;
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, l);
	e = op25b_plist_flat(l);
	rng_state = 0x5eed;
	for (i = 0; i < n; i++)
		e[i] = rnd() % (n / 2);
	KUNIT_ASSERT_EQ(test, op25b_plist_sort(l), 0);
	KUNIT_EXPECT_GT(test, l->count, n / 4);
	KUNIT_EXPECT_LT(test, l->count, n / 2 + 1);
	for (i = 1; i < l->count; i++)
		if (e[i - 1] >= e[i])
			break;
	KUNIT_EXPECT_EQ(test, i, l->count);
	op25b_plist_put(l);
}

/* How many of @l's leaves @old has too, the very same. */
static u32 leaves_shared(const struct op25b_plist *l,
			 const struct op25b_plist *old)
{
	u32 t, u, n = 0;

	for (t = 0; t < l->nleaf; t++)
		for (u = 0; u < old->nleaf; u++)
			n += l->leaf[t] == old->leaf[u];
	return n;
}

/*
 * Whether @l holds just the /64s i << 64 for the i below @n that @has
 * says, in leaves none empty or above the most a leaf holds.
 */
static void expect_v6_list(struct kunit *test, const struct op25b_plist *l,
			   u32 n, bool (*has)(u32 i))
{
	const struct op25b_pfx6 *e;
	u32 i, k = 0, t, c;

	for (i = 0; i < n; i++) {
		if (!has(i))
			continue;
		KUNIT_ASSERT_LT(test, k, l->count);
		e = op25b_plist_elem(l, k++);
		KUNIT_EXPECT_EQ(test, e->hi, (u64)i);
		KUNIT_EXPECT_EQ(test, e->len, 64);
		KUNIT_EXPECT_EQ(test, op25b_plist_match(l, (u128)i << 64 | 7),
				(long)k - 1);
	}
	KUNIT_EXPECT_EQ(test, k, l->count);
	for (t = 0; t < l->nleaf; t++) {
		c = (t + 1 < l->nleaf ? l->first[t + 1] : l->count) -
		    l->first[t];
		KUNIT_EXPECT_GT(test, c, 0U);
		KUNIT_EXPECT_LE(test, c, op25b_pleaf_max(OP25B_V6));
	}
}

/* What table_changes_share_leaves() expects at each step. */
static u32 odd_below, kept_from;

static bool even(u32 i)
{
	return !(i % 2);
}

static bool even_and_7(u32 i)
{
	return even(i) || i == 7;
}

static bool and_odd_run(u32 i)
{
	return even_and_7(i) || (i > 10 && i < odd_below);
}

static bool kept(u32 i)
{
	return and_odd_run(i) && i >= kept_from;
}

static u32 v6_hi(const struct op25b_plist *l, u32 i)
{
	return ((const struct op25b_pfx6 *)op25b_plist_elem(l, i))->hi;
}

/*
 * A packed list is cut into leaves; an add or a delete copies the leaves
 * it lands in and shares the rest with the old list, splits a leaf that
 * would grow beyond the most it holds and drops one it empties.
 */
static void table_changes_share_leaves(struct kunit *test)
{
	const u32 max = op25b_pleaf_max(OP25B_V6), n = 2 * (3 * max + 5);
	struct op25b_plist *flat, *l, *a, *b, *c, *d;
	struct op25b_pfx6 *e, one, *run;
	u32 i, k, bad;

	flat = op25b_plist_alloc(OP25B_V6, n / 2);
	KUNIT_ASSERT_NOT_NULL(test, flat);
	e = op25b_plist_flat(flat);
	for (i = 0; i < n / 2; i++)
		op25b_elem_make(OP25B_V6, &e[i], (u128)(2 * i) << 64, 64);
	l = op25b_plist_pack(flat);
	op25b_plist_put(flat);
	KUNIT_ASSERT_FALSE(test, IS_ERR(l));
	KUNIT_EXPECT_EQ(test, l->nleaf, 4U);
	expect_v6_list(test, l, n, even);

	/* One prefix into the first leaf: the three others shared. */
	op25b_elem_make(OP25B_V6, &one, (u128)7 << 64, 64);
	a = op25b_plist_add(l, &one, 1, n, &bad);
	KUNIT_ASSERT_FALSE(test, IS_ERR(a));
	KUNIT_EXPECT_EQ(test, a->nleaf, 4U);
	KUNIT_EXPECT_EQ(test, leaves_shared(a, l), 3U);
	expect_v6_list(test, a, n, even_and_7);

	/* The odd ones from 11 up to the second leaf: the first splits. */
	odd_below = v6_hi(a, a->first[1]);
	run = kunit_kmalloc_array(test, odd_below, sizeof(*run), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, run);
	for (i = 11, k = 0; i < odd_below; i += 2)
		op25b_elem_make(OP25B_V6, &run[k++], (u128)i << 64, 64);
	KUNIT_ASSERT_GT(test, a->first[1] + k, max);
	b = op25b_plist_add(a, run, k, n, &bad);
	KUNIT_ASSERT_FALSE(test, IS_ERR(b));
	KUNIT_EXPECT_EQ(test, b->nleaf, 5U);
	KUNIT_EXPECT_EQ(test, leaves_shared(b, a), 3U);
	expect_v6_list(test, b, n, and_odd_run);

	/* Emptying the first two leaves one by one drops them. */
	kept_from = v6_hi(b, b->first[2]);
	c = op25b_plist_get(b);
	for (i = 0; i < kept_from; i++) {
		if (!and_odd_run(i))
			continue;
		op25b_elem_make(OP25B_V6, &one, (u128)i << 64, 64);
		d = op25b_plist_del(c, &one, 1, &bad);
		KUNIT_ASSERT_FALSE(test, IS_ERR(d));
		KUNIT_EXPECT_EQ(test, leaves_shared(d, c), c->nleaf - 1);
		op25b_plist_put(c);
		c = d;
	}
	KUNIT_EXPECT_EQ(test, c->nleaf, 3U);
	KUNIT_EXPECT_EQ(test, leaves_shared(c, b), 3U);
	expect_v6_list(test, c, n, kept);

	/* A prefix that is not there is reported. */
	op25b_elem_make(OP25B_V6, &one, (u128)1 << 64, 64);
	d = op25b_plist_del(c, &one, 1, &bad);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(d), -ENOENT);
	KUNIT_EXPECT_EQ(test, bad, 0U);
	if (!IS_ERR(d))
		op25b_plist_put(d);
	op25b_plist_put(c);
	op25b_plist_put(b);
	op25b_plist_put(a);
	op25b_plist_put(l);
}

/* A failed add or delete reports the offender and leaves the list alone. */
static void table_errors_leave_list_unchanged(struct kunit *test)
{
	struct op25b_plist *l = op25b_plist_alloc(OP25B_V4, 2);
	struct op25b_plist *r;
	u64 batch[3];
	u32 bad = ~0U;

	KUNIT_ASSERT_NOT_NULL(test, l);
	op25b_elem_make(OP25B_V4, (u64 *)op25b_plist_flat(l) + 0, 0x0a000000, 8);
	op25b_elem_make(OP25B_V4, (u64 *)op25b_plist_flat(l) + 1, 0xc0000200, 24);
	op25b_elem_make(OP25B_V4, &batch[0], 0x01000000, 8);
	op25b_elem_make(OP25B_V4, &batch[1], 0x0a000000, 8);
	op25b_elem_make(OP25B_V4, &batch[2], 0x0b000000, 8);

	r = op25b_plist_add(l, batch, 3, 100, &bad);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(r), -EEXIST);
	KUNIT_EXPECT_EQ(test, bad, 1U);

	r = op25b_plist_del(l, batch, 3, &bad);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(r), -ENOENT);
	KUNIT_EXPECT_EQ(test, bad, 0U);

	r = op25b_plist_add(l, batch, 1, 2, &bad);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(r), -ENOSPC);

	KUNIT_EXPECT_EQ(test, l->count, 2U);
	KUNIT_EXPECT_EQ(test, *(const u64 *)op25b_plist_flat(l), (0x0a000000ULL << 8) | 8);

	r = op25b_plist_add(l, batch, 1, 3, &bad);
	KUNIT_ASSERT_FALSE(test, IS_ERR(r));
	KUNIT_EXPECT_EQ(test, r->count, 3U);
	KUNIT_EXPECT_EQ(test, *(const u64 *)op25b_plist_elem(r, 0), (0x01000000ULL << 8) | 8);
	op25b_plist_put(r);
	op25b_plist_put(l);
}

/*
 * The map's chunks: sets clustered under one /32 (many shared leading
 * bits), a /128 among /48s (an IPv6 chunk of whole keys), prefixes that
 * touch across a chunk boundary, and the first and last addresses. At
 * each prefix's first and last address and their neighbours the map must
 * say what the list says.
 */
struct edge_pfx {
	u128 addr;
	u8 len;
};

static void check_edges(struct kunit *test, u8 family,
			const struct edge_pfx *p, unsigned int n)
{
	static const u8 vals[4] = { 0, 1, 0, 1 };
	u128 all = family == OP25B_V4 ? 0xffffffff : ~(u128)0, x[4];
	struct op25b_plist *l = op25b_plist_alloc(family, n);
	struct op25b_rmap *m;
	unsigned int i, k;

	KUNIT_ASSERT_NOT_NULL(test, l);
	for (i = 0; i < n; i++)
		op25b_elem_make(family, (u8 *)op25b_plist_flat(l) +
				i * op25b_esize(family), p[i].addr, p[i].len);
	KUNIT_ASSERT_EQ(test, op25b_plist_sort(l), 0);
	m = op25b_rmap_build(family, l, NULL, vals);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, m);
	for (i = 0; i < n; i++) {
		x[0] = p[i].addr;
		x[1] = (p[i].addr - 1) & all;
		x[2] = p[i].addr | (all & ~mask_of(family, p[i].len));
		x[3] = (x[2] + 1) & all;
		for (k = 0; k < 4; k++)
			KUNIT_EXPECT_EQ_MSG(test, map_lookup(m, family, x[k]),
					    op25b_plist_match(l, x[k]) >= 0,
					    "addr %llx:%016llx",
					    (u64)(x[k] >> 64), (u64)x[k]);
	}
	op25b_rmap_put(m);
	op25b_plist_put(l);
}

#define V6(hi, lo) (((u128)(hi) << 64) | (lo))

static void table_chunk_edges(struct kunit *test)
{
	static const struct edge_pfx v4[] = {
		{ 0, 32 }, { 0xffffffff, 32 },
		{ 0x0a00ffff, 32 }, { 0x0a010000, 32 },
		{ 0x0b000000, 16 }, { 0x0b010000, 16 },
		{ 0x0c000000, 8 }, { 0x0c800000, 9 },
	};
	static const struct edge_pfx v6_cluster[] = {
		{ V6(0x20010db800000000ULL, 0), 48 },
		{ V6(0x20010db8ffff0000ULL, 0), 48 },
		{ V6(0x20010db800010000ULL, 0), 64 },
		{ V6(0x20010db800010000ULL, 0x8000000000000000ULL), 65 },
		{ V6(0x20010db800020000ULL, 1), 128 },
		{ V6(0x20010db800030000ULL, 0), 48 },
	};
	static const struct edge_pfx v6_ends[] = {
		{ 0, 128 }, { ~(u128)0, 128 },
		{ V6(0x8000000000000000ULL, 0), 1 },
		{ V6(0x7fffffffffffffffULL, ~0ULL), 128 },
	};
	static const struct edge_pfx v6_all[] = { { 0, 0 } };

	check_edges(test, OP25B_V4, v4, ARRAY_SIZE(v4));
	check_edges(test, OP25B_V6, v6_cluster, ARRAY_SIZE(v6_cluster));
	check_edges(test, OP25B_V6, v6_ends, ARRAY_SIZE(v6_ends));
	check_edges(test, OP25B_V6, v6_all, ARRAY_SIZE(v6_all));
}

static struct kunit_case table_test_cases[] = {
	KUNIT_CASE(table_empty_map_is_null),
	KUNIT_CASE(table_default_route_with_holes),
	KUNIT_CASE(table_adjacent_prefixes_merge),
	KUNIT_CASE(table_chunk_edges),
	KUNIT_CASE(table_sort_drops_repeats),
	KUNIT_CASE(table_sort_sorted_input),
	KUNIT_CASE(table_sort_large),
	KUNIT_CASE(table_errors_leave_list_unchanged),
	KUNIT_CASE(table_changes_share_leaves),
	KUNIT_CASE(table_random_v4),
	KUNIT_CASE(table_random_v6),
	{}
};

static struct kunit_suite table_test_suite = {
	.name = "op25b_table",
	.test_cases = table_test_cases,
};

kunit_test_suite(table_test_suite);
