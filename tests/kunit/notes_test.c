// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the prefix annotations (src/notes.c): sorting with
 * repeats and conflicts, merging, deleting, finding and the expiry scan,
 * checked against what each must give on small hand-made lists and on
 * random ones against a plain array.
 */

#include <kunit/test.h>
#include <linux/err.h>
#include <linux/mm.h>
#include <linux/string.h>

#include "notes.h"

static void note4(struct op25b_note *n, u32 addr, u8 len, u64 expires,
		  const char *label)
{
	memset(n, 0, sizeof(*n));
	op25b_elem_make(OP25B_V4, &n->e, addr, len);
	n->expires = expires;
	strscpy(n->label, label, sizeof(n->label));
}

static struct op25b_nlist *list4(struct kunit *test, u32 count)
{
	struct op25b_nlist *l = op25b_nlist_alloc(count);

	KUNIT_ASSERT_NOT_NULL(test, l);
	return l;
}

static void notes_layout(struct kunit *test)
{
	/* One cache line per annotated prefix, as the UAPI header says. */
	KUNIT_EXPECT_EQ(test, sizeof(struct op25b_note), 64UL);
}

static void notes_sort_repeats_and_conflicts(struct kunit *test)
{
	struct op25b_nlist *l = list4(test, 4);
	union op25b_elem bad, want;

	note4(&l->n[0], 0x0a000000, 8, 300, "b");
	note4(&l->n[1], 0x01000000, 8, 0, "a");
	note4(&l->n[2], 0x0a000000, 8, 300, "b");
	note4(&l->n[3], 0x01000000, 16, 200, "");
	KUNIT_ASSERT_EQ(test, op25b_nlist_sort(OP25B_V4, l, &bad), 0);
	KUNIT_EXPECT_EQ(test, l->count, 3U);
	KUNIT_EXPECT_EQ(test, l->next_expiry, 200ULL);
	KUNIT_EXPECT_STREQ(test, l->n[0].label, "a");
	KUNIT_EXPECT_EQ(test, l->n[1].expires, 200ULL);
	KUNIT_EXPECT_STREQ(test, l->n[2].label, "b");
	op25b_nlist_put(l);

	l = list4(test, 2);
	note4(&l->n[0], 0x0a000000, 8, 300, "b");
	note4(&l->n[1], 0x0a000000, 8, 300, "c");
	KUNIT_EXPECT_EQ(test, op25b_nlist_sort(OP25B_V4, l, &bad), -EINVAL);
	op25b_elem_make(OP25B_V4, &want, 0x0a000000, 8);
	KUNIT_EXPECT_EQ(test, op25b_elem_cmp(OP25B_V4, &bad, &want), 0);
	op25b_nlist_put(l);
}

static void notes_merge_del_find(struct kunit *test)
{
	struct op25b_nlist *a = list4(test, 2), *b = list4(test, 1), *m, *d;
	union op25b_elem bad;
	u64 e[2];	/* IPv4 elements, packed as op25b_nlist_del() wants */

	note4(&a->n[0], 0x01000000, 8, 50, "one");
	note4(&a->n[1], 0x03000000, 8, 0, "three");
	note4(&b->n[0], 0x02000000, 8, 20, "two");
	KUNIT_ASSERT_EQ(test, op25b_nlist_sort(OP25B_V4, a, &bad), 0);
	KUNIT_ASSERT_EQ(test, op25b_nlist_sort(OP25B_V4, b, &bad), 0);

	KUNIT_EXPECT_NULL(test, op25b_nlist_merge(OP25B_V4, NULL, NULL));
	m = op25b_nlist_merge(OP25B_V4, a, b);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(m));
	KUNIT_EXPECT_EQ(test, m->count, 3U);
	KUNIT_EXPECT_EQ(test, m->next_expiry, 20ULL);
	KUNIT_EXPECT_STREQ(test, m->n[1].label, "two");
	KUNIT_EXPECT_STREQ(test,
			   op25b_nlist_find(OP25B_V4, m, &a->n[1].e)->label,
			   "three");
	op25b_elem_make(OP25B_V4, &e[0], 0x02000000, 16);
	KUNIT_EXPECT_NULL(test, op25b_nlist_find(OP25B_V4, m, &e[0]));
	KUNIT_EXPECT_NULL(test, op25b_nlist_find(OP25B_V4, NULL, &e[0]));

	/* Nothing of it annotated: the same list back. */
	d = op25b_nlist_del(OP25B_V4, m, e, 1);
	KUNIT_EXPECT_PTR_EQ(test, d, m);
	op25b_nlist_put(d);

	e[0] = a->n[0].e.v4;	/* 1/8 */
	op25b_elem_make(OP25B_V4, &e[1], 0x02000000, 8);
	d = op25b_nlist_del(OP25B_V4, m, e, 2);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(d));
	KUNIT_EXPECT_EQ(test, d->count, 1U);
	KUNIT_EXPECT_STREQ(test, d->n[0].label, "three");
	KUNIT_EXPECT_EQ(test, d->next_expiry, 0ULL);
	KUNIT_EXPECT_EQ(test, refcount_read(&m->ref), 1U);
	op25b_nlist_put(d);

	op25b_nlist_put(a);
	op25b_nlist_put(b);
	op25b_nlist_put(m);
}

static void notes_expired(struct kunit *test)
{
	struct op25b_nlist *l = list4(test, 3);
	union op25b_elem bad;
	u64 *e;
	u32 n;

	note4(&l->n[0], 0x01000000, 8, 100, "");
	note4(&l->n[1], 0x02000000, 8, 0, "x");
	note4(&l->n[2], 0x03000000, 8, 101, "");
	KUNIT_ASSERT_EQ(test, op25b_nlist_sort(OP25B_V4, l, &bad), 0);

	KUNIT_EXPECT_NULL(test, op25b_nlist_expired(OP25B_V4, l, 99, &n));
	KUNIT_EXPECT_EQ(test, n, 0U);
	e = op25b_nlist_expired(OP25B_V4, l, 100, &n);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(e));
	KUNIT_EXPECT_EQ(test, n, 1U);
	KUNIT_EXPECT_EQ(test, e[0], l->n[0].e.v4);
	kvfree(e);
	e = op25b_nlist_expired(OP25B_V4, l, 1000, &n);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(e));
	KUNIT_EXPECT_EQ(test, n, 2U);
	kvfree(e);
	op25b_nlist_put(l);
}

static u64 rng = 0x9e3779b97f4a7c15ULL;

static u32 rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (u32)rng;
}

/* Random IPv6 notes: del and find against the array they came from. */
static void notes_random_v6(struct kunit *test)
{
	const u32 count = 2000;
	struct op25b_nlist *l = op25b_nlist_alloc(count), *d;
	/* Packed elements, as op25b_nlist_del() wants them. */
	struct op25b_pfx6 *gone;
	union op25b_elem bad;
	u32 i, k = 0, n;

	KUNIT_ASSERT_NOT_NULL(test, l);
	gone = kunit_kcalloc(test, count, sizeof(*gone), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, gone);
	for (i = 0; i < count; i++) {
		memset(&l->n[i], 0, sizeof(l->n[i]));
		/* Distinct by construction: i in the high bits. */
		op25b_elem_make(OP25B_V6, &l->n[i].e,
				(u128)(0x20010db8ULL << 32 | (rnd() & 0xffff0000) |
				       i) << 64, 64);
		l->n[i].expires = rnd() % 4 ? 0 : 1 + rnd() % 1000;
	}
	KUNIT_ASSERT_EQ(test, op25b_nlist_sort(OP25B_V6, l, &bad), 0);
	KUNIT_ASSERT_EQ(test, l->count, count);
	for (i = 1; i < count; i++)
		KUNIT_ASSERT_LT(test, op25b_elem_cmp(OP25B_V6, &l->n[i - 1].e,
						     &l->n[i].e), 0);
	for (i = 0; i < count; i++) {
		KUNIT_EXPECT_PTR_EQ(test,
				    op25b_nlist_find(OP25B_V6, l, &l->n[i].e),
				    &l->n[i]);
		if (rnd() % 3 == 0)
			gone[k++] = l->n[i].e.v6;
	}
	d = op25b_nlist_del(OP25B_V6, l, gone, k);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(d));
	KUNIT_EXPECT_EQ(test, d->count, count - k);
	for (i = 0; i < k; i++)
		KUNIT_EXPECT_NULL(test, op25b_nlist_find(OP25B_V6, d, &gone[i]));
	for (i = 0, n = 0; i < count; i++)
		n += !!op25b_nlist_find(OP25B_V6, d, &l->n[i].e);
	KUNIT_EXPECT_EQ(test, n, count - k);
	op25b_nlist_put(d);
	op25b_nlist_put(l);
}

static struct kunit_case notes_test_cases[] = {
	KUNIT_CASE(notes_layout),
	KUNIT_CASE(notes_sort_repeats_and_conflicts),
	KUNIT_CASE(notes_merge_del_find),
	KUNIT_CASE(notes_expired),
	KUNIT_CASE(notes_random_v6),
	{}
};

static struct kunit_suite notes_test_suite = {
	.name = "op25b_notes",
	.test_cases = notes_test_cases,
};

kunit_test_suite(notes_test_suite);
