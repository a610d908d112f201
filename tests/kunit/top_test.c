// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the list of blocked sources (top.c): counting per source,
 * busiest first, eviction of the least recently seen, and the count (up to
 * four) and estimate (beyond) of distinct destinations.
 */

#include <kunit/test.h>
#include <linux/mm.h>

#include "top.h"
#include "table.h"

/* The time the tests' segments are seen at, in seconds. */
static u64 now_s = 1000;

static void note(struct op25b_top *t, u8 family, u64 src, u64 dst)
{
	struct op25b_pkt pkt = {
		.family = family,
		.src = { family == OP25B_V6 ? 0x20010db800000000ULL : 0, src },
		.dst = { 0, dst },
		.l4 = OP25B_L4_TCP,
		.dport = 25,
	};

	op25b_top_note_at(t, &pkt, now_s);
}

static struct op25b_top *top_new(struct kunit *test, u32 max)
{
	struct op25b_top *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_ASSERT_EQ(test, op25b_top_net_init(t), 0);
	/* The tests need a table, whatever top_entries says. */
	KUNIT_ASSERT_NOT_NULL(test, t->buckets);
	t->max = max;
	return t;
}

static struct op25b_top_row *snap(struct kunit *test, struct op25b_top *t,
				  u32 *n)
{
	struct op25b_top_row *rows;

	KUNIT_ASSERT_EQ(test, op25b_top_snapshot(t, &rows, n), 0);
	return rows;
}

static void top_counts_per_source_busiest_first(struct kunit *test)
{
	struct op25b_top *t = top_new(test, 64);
	struct op25b_top_row *r;
	u32 n, i;

	for (i = 0; i < 3; i++)
		note(t, OP25B_V4, 0x64400101, 0xcb007105);
	for (i = 0; i < 7; i++)
		note(t, OP25B_V4, 0x64400102, 0xcb007105);
	/* Same low 64 bits as the first IPv4 source: another source. */
	note(t, OP25B_V6, 0x64400101, 0xcb007105);
	r = snap(test, t, &n);
	KUNIT_ASSERT_EQ(test, n, 3U);
	KUNIT_EXPECT_EQ(test, r[0].addr[1], 0x64400102ULL);
	KUNIT_EXPECT_EQ(test, r[0].packets, 7ULL);
	KUNIT_EXPECT_EQ(test, r[1].packets, 3ULL);
	KUNIT_EXPECT_EQ(test, r[1].family, OP25B_V4);
	KUNIT_EXPECT_EQ(test, r[2].packets, 1ULL);
	KUNIT_EXPECT_EQ(test, r[2].family, OP25B_V6);
	KUNIT_EXPECT_LE(test, r[0].first_seen, r[0].last_seen);
	kvfree(r);
	op25b_top_clear(t);
	r = snap(test, t, &n);
	KUNIT_EXPECT_EQ(test, n, 0U);
	kvfree(r);
	op25b_top_net_exit(t);
}

static void top_evicts_least_recently_seen(struct kunit *test)
{
	struct op25b_top *t = top_new(test, 3);
	struct op25b_top_row *r;
	u32 n, i;

	/* The busiest source is seen first, so it is the one to go. */
	now_s = 1000;
	for (i = 0; i < 50; i++)
		note(t, OP25B_V4, 1, 9);
	now_s++;
	note(t, OP25B_V4, 2, 9);
	now_s++;
	note(t, OP25B_V4, 3, 9);
	now_s++;
	note(t, OP25B_V4, 2, 9);
	now_s++;
	note(t, OP25B_V4, 4, 9);	/* table full: 1 goes */
	r = snap(test, t, &n);
	KUNIT_ASSERT_EQ(test, n, 3U);
	KUNIT_EXPECT_EQ(test, t->count, 3U);
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_NE(test, r[i].addr[1], 1ULL);
	KUNIT_EXPECT_EQ(test, r[0].addr[1], 2ULL);
	KUNIT_EXPECT_EQ(test, r[0].packets, 2ULL);
	kvfree(r);
	/* A source that comes back starts again from zero. */
	now_s++;
	note(t, OP25B_V4, 1, 9);	/* 3 goes */
	r = snap(test, t, &n);
	KUNIT_ASSERT_EQ(test, n, 3U);
	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_NE(test, r[i].addr[1], 3ULL);
		if (r[i].addr[1] == 1)
			KUNIT_EXPECT_EQ(test, r[i].packets, 1ULL);
	}
	kvfree(r);
	op25b_top_net_exit(t);
}

/*
 * The order is kept to the second: a source seen again within the second
 * it was last seen in stays where it is, one seen in a later second moves
 * to the front, past all those seen only before.
 */
static void top_orders_to_the_second(struct kunit *test)
{
	struct op25b_top *t = top_new(test, 3);
	struct op25b_top_row *r;
	bool seen[5] = {};
	u32 n, i;

	now_s = 3000;
	note(t, OP25B_V4, 1, 9);
	note(t, OP25B_V4, 2, 9);
	note(t, OP25B_V4, 3, 9);
	note(t, OP25B_V4, 1, 9);	/* the same second: stays last */
	note(t, OP25B_V4, 4, 9);	/* 1 goes, as the one seen first */
	r = snap(test, t, &n);
	KUNIT_ASSERT_EQ(test, n, 3U);
	for (i = 0; i < n; i++)
		seen[r[i].addr[1]] = true;
	KUNIT_EXPECT_FALSE(test, seen[1]);
	kvfree(r);

	now_s = 3001;
	note(t, OP25B_V4, 2, 9);	/* a later second: to the front */
	note(t, OP25B_V4, 1, 9);	/* 3 goes, seen at 3000 only */
	r = snap(test, t, &n);
	KUNIT_ASSERT_EQ(test, n, 3U);
	memset(seen, 0, sizeof(seen));
	for (i = 0; i < n; i++) {
		seen[r[i].addr[1]] = true;
		if (r[i].addr[1] == 2)
			KUNIT_EXPECT_EQ(test, r[i].last_seen, 3001ULL);
		if (r[i].addr[1] == 4)
			KUNIT_EXPECT_EQ(test, r[i].last_seen, 3000ULL);
	}
	KUNIT_EXPECT_TRUE(test, seen[1] && seen[2] && seen[4]);
	KUNIT_EXPECT_FALSE(test, seen[3]);
	kvfree(r);
	op25b_top_net_exit(t);
}

/* Estimate of @dsts distinct destinations, each sent to twice. */
static u32 estimate(struct kunit *test, u32 dsts)
{
	struct op25b_top *t = top_new(test, 8);
	struct op25b_top_row *r;
	u32 n, i, est;

	for (i = 0; i < 2 * dsts; i++)
		note(t, OP25B_V4, 7, 0xc6336400 + i % dsts);
	r = snap(test, t, &n);
	KUNIT_EXPECT_EQ(test, n, 1U);
	KUNIT_EXPECT_EQ(test, r[0].packets, 2ULL * dsts);
	est = r[0].destinations;
	kvfree(r);
	op25b_top_net_exit(t);
	return est;
}

static void top_estimates_destinations(struct kunit *test)
{
	static const u32 n[] = { 1, 2, 5, 20, 60, 100 };
	unsigned int i;
	u32 e;

	KUNIT_EXPECT_EQ(test, estimate(test, 1), 1U);
	for (i = 0; i < ARRAY_SIZE(n); i++) {
		e = estimate(test, n[i]);
		/*
		 * Linear counting over 128 bits: the standard error at 100 is
		 * under 10%; allow three of them, and one for small counts.
		 */
		KUNIT_EXPECT_GE_MSG(test, e * 10 + 10, n[i] * 7, "n=%u", n[i]);
		KUNIT_EXPECT_LE_MSG(test, e * 10, n[i] * 13 + 10, "n=%u", n[i]);
	}
	/* Saturates instead of wrapping. */
	KUNIT_EXPECT_GE(test, estimate(test, 5000), 444U);
	KUNIT_EXPECT_LE(test, estimate(test, 5000), 621U);
}

/*
 * Up to four destinations are counted exactly, whatever the hash seed: a
 * bitmap alone has two of three destinations share a bit for about one
 * seed in 43, which 200 seeds would find.
 */
static void top_counts_few_destinations_exactly(struct kunit *test)
{
	struct op25b_top_row *r;
	struct op25b_top *t;
	u32 seed, d, i, n;

	for (seed = 0; seed < 200; seed++) {
		for (d = 1; d <= 4; d++) {
			t = top_new(test, 8);
			t->seed = seed * 0x9e3779b9;
			for (i = 0; i < 3 * d; i++) {
				note(t, OP25B_V4, 7, 0xcb007100 + i % d);
				note(t, OP25B_V6, 7, 0x25 + i % d);
			}
			r = snap(test, t, &n);
			KUNIT_ASSERT_EQ(test, n, 2U);
			KUNIT_EXPECT_EQ_MSG(test, r[0].destinations, d,
					    "seed %u", seed);
			KUNIT_EXPECT_EQ_MSG(test, r[1].destinations, d,
					    "seed %u", seed);
			kvfree(r);
			op25b_top_net_exit(t);
		}
	}
}

static struct kunit_case top_test_cases[] = {
	KUNIT_CASE(top_counts_per_source_busiest_first),
	KUNIT_CASE(top_evicts_least_recently_seen),
	KUNIT_CASE(top_orders_to_the_second),
	KUNIT_CASE(top_estimates_destinations),
	KUNIT_CASE(top_counts_few_destinations_exactly),
	{}
};

static struct kunit_suite top_test_suite = {
	.name = "op25b_top",
	.test_cases = top_test_cases,
};

kunit_test_suite(top_test_suite);
