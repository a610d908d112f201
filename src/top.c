// SPDX-License-Identifier: GPL-2.0
/*
 * The list of sources that sent segments the policy blocked or would block
 * (op25bctl top): during the transition period, the customers to contact;
 * after the cut-over, the machines that keep trying, likely infected.
 *
 * Each namespace has a hash table of entries keyed by source address, and
 * a list of them in the order they were last seen, to the second (the
 * resolution it is reported in): an entry moves to the front at most once
 * a second, so that a flood from sources already known costs one hash
 * chain walk a segment, not a relinking as well. A source not yet in the
 * table gets a new entry while there are fewer than top_entries, and
 * otherwise takes over one of those seen least recently: memory stays
 * bounded whatever the traffic. Only segments that are blocked or
 * monitored reach this file; everything else never takes the lock.
 *
 * Distinct destinations are counted exactly up to four: an entry keeps the
 * 32-bit hashes of the first four it sees (two destinations share one by
 * chance once in four billion). With a fifth it switches to linear
 * counting: each destination sets one of 128 bits chosen by its hash, and
 * the number of bits set gives the estimate (within a few percent up to
 * about a hundred destinations, saturating at 621). A bitmap alone was
 * wrong for as few as three destinations once in 43 (two of them sharing a
 * bit), which is how op25bctl top would show a customer's three mail
 * servers as two.
 */

#include <linux/jhash.h>
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/timekeeping.h>

#include "top.h"

#define OP25B_TOP_LIMIT 16777216U
/* Destinations counted exactly, and the mark of an entry past them. */
#define TOP_DST_EXACT	4
#define TOP_DST_BITS	0xff

static unsigned int op25b_top_entries __read_mostly = 65536;

static int top_entries_set(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 0, OP25B_TOP_LIMIT);
}

static const struct kernel_param_ops top_entries_ops = {
	.set = top_entries_set,
	.get = param_get_uint,
};

module_param_cb(top_entries, &top_entries_ops, &op25b_top_entries, 0644);
MODULE_PARM_DESC(top_entries,
		 "Most sources op25bctl top remembers per namespace, 0 to 16777216 (default 65536, 0: none); read when a namespace is created");

struct op25b_top_entry {
	struct hlist_node node;
	struct list_head lru;
	u64 addr[2];
	u64 packets;
	union {
		u32 hash[TOP_DST_EXACT];	/* while ndst <= TOP_DST_EXACT */
		u64 bits[2];			/* then: linear counting */
	} dst;
	u64 first_seen;
	u64 last_seen;
	u8 family;
	u8 ndst;		/* hashes in dst.hash, or TOP_DST_BITS */
};

static struct kmem_cache *op25b_top_cache;

/* round(-128 * ln(1 - b / 128)) for b bits set; 621 once all are. */
static const u16 linear_count[129] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12,
	13, 14, 15, 16, 17, 18, 19, 21, 22, 23, 24, 25,
	27, 28, 29, 30, 32, 33, 34, 35, 37, 38, 40, 41,
	42, 44, 45, 47, 48, 49, 51, 52, 54, 55, 57, 59,
	60, 62, 63, 65, 67, 68, 70, 72, 74, 75, 77, 79,
	81, 83, 85, 87, 89, 91, 93, 95, 97, 99, 101, 104,
	106, 108, 110, 113, 115, 118, 120, 123, 126, 128, 131, 134,
	137, 140, 143, 146, 149, 152, 155, 159, 162, 166, 170, 174,
	177, 182, 186, 190, 195, 199, 204, 209, 214, 220, 225, 231,
	238, 244, 251, 258, 266, 274, 283, 293, 303, 314, 326, 340,
	355, 372, 392, 415, 444, 480, 532, 621, 621,
};

int __init op25b_top_init(void)
{
	op25b_top_cache = KMEM_CACHE(op25b_top_entry, 0);
	return op25b_top_cache ? 0 : -ENOMEM;
}

void op25b_top_uninit(void)
{
	kmem_cache_destroy(op25b_top_cache);
}

int op25b_top_net_init(struct op25b_top *t)
{
	unsigned int max = READ_ONCE(op25b_top_entries);
	u32 n;

	spin_lock_init(&t->lock);
	INIT_LIST_HEAD(&t->lru);
	t->count = 0;
	t->max = max;
	t->seed = get_random_u32();
	t->buckets = NULL;
	if (!max)
		return 0;
	/* Chains of about 4 once full: a cache line or two per lookup. */
	n = roundup_pow_of_two(max_t(u32, max / 4, 16));
	t->buckets = kvcalloc(n, sizeof(*t->buckets), GFP_KERNEL_ACCOUNT);
	if (!t->buckets)
		return -ENOMEM;
	t->mask = n - 1;
	return 0;
}

static void free_list(struct list_head *head)
{
	struct op25b_top_entry *e, *tmp;

	list_for_each_entry_safe(e, tmp, head, lru)
		kmem_cache_free(op25b_top_cache, e);
}

void op25b_top_net_exit(struct op25b_top *t)
{
	free_list(&t->lru);
	INIT_LIST_HEAD(&t->lru);
	kvfree(t->buckets);
	t->buckets = NULL;
}

/*
 * The bucket of a source: jhash, seeded, so that sources cannot choose
 * theirs and make one chain long.
 */
static u32 addr_hash(const u64 addr[2], u32 seed)
{
	return jhash2((const u32 *)addr, 4, seed);
}

/*
 * A destination's 32-bit hash: the address folded into 64 bits and mixed
 * by xor-shifts and odd multipliers (MurmurHash3's finalizer), a dozen
 * instructions where jhash took some fifty. Who picks the destinations
 * can skew only the count of their own source. A multiply alone spreads
 * consecutive addresses over the bitmap too evenly: fewer collisions than
 * chance, estimates up to 20% high.
 */
static u32 dst_hash(const u64 addr[2], u32 seed)
{
	u64 h = (addr[0] * 0x9e3779b97f4a7c15ULL) ^ addr[1] ^ seed;

	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return (u32)(h >> 32);
}

/* Sets the bitmap bit of destination hash @h: its top seven bits. */
static void dst_set_bit(u64 bits[2], u32 h)
{
	bits[h >> 31] |= 1ULL << ((h >> 25) & 63);
}

/*
 * One destination more than the exact count holds: linear counting from
 * now on. Out of line, so that its array (and the stack protector's
 * canary that comes with one) stays off the path of every other segment.
 */
static noinline void dst_to_bits(struct op25b_top_entry *e, u32 h)
{
	u32 hash[TOP_DST_EXACT];
	unsigned int i;

	memcpy(hash, e->dst.hash, sizeof(hash));
	e->dst.bits[0] = 0;
	e->dst.bits[1] = 0;
	for (i = 0; i < TOP_DST_EXACT; i++)
		dst_set_bit(e->dst.bits, hash[i]);
	dst_set_bit(e->dst.bits, h);
	e->ndst = TOP_DST_BITS;
}

/* Counts destination hash @h for @e: exactly up to TOP_DST_EXACT. */
static void dst_note(struct op25b_top_entry *e, u32 h)
{
	unsigned int i;

	if (e->ndst == TOP_DST_BITS) {
		dst_set_bit(e->dst.bits, h);
		return;
	}
	for (i = 0; i < e->ndst; i++)
		if (e->dst.hash[i] == h)
			return;
	if (e->ndst < TOP_DST_EXACT)
		e->dst.hash[e->ndst++] = h;
	else
		dst_to_bits(e, h);
}

/* The distinct destinations of @e, as counted or estimated. */
static u32 dst_count(const struct op25b_top_entry *e)
{
	if (e->ndst != TOP_DST_BITS)
		return e->ndst;
	return linear_count[hweight64(e->dst.bits[0]) +
			    hweight64(e->dst.bits[1])];
}

void op25b_top_note_at(struct op25b_top *t, const struct op25b_pkt *pkt,
		       u64 now)
{
	struct op25b_top_entry *e;
	struct hlist_head *head;
	u32 dh;

	if (!t->buckets)
		return;
	head = &t->buckets[addr_hash(pkt->src, t->seed) & t->mask];
	dh = dst_hash(pkt->dst, t->seed);

	spin_lock_bh(&t->lock);
	hlist_for_each_entry(e, head, node)
		if (e->addr[0] == pkt->src[0] && e->addr[1] == pkt->src[1] &&
		    e->family == pkt->family)
			goto found;

	e = NULL;
	if (t->count < t->max)
		e = kmem_cache_alloc(op25b_top_cache,
				     GFP_ATOMIC | __GFP_NOWARN);
	if (e) {
		t->count++;
	} else if (!list_empty(&t->lru)) {
		/* Full (or out of memory): the least recently seen goes. */
		e = list_last_entry(&t->lru, struct op25b_top_entry, lru);
		hlist_del(&e->node);
		list_del(&e->lru);
	} else {
		spin_unlock_bh(&t->lock);
		return;
	}
	e->addr[0] = pkt->src[0];
	e->addr[1] = pkt->src[1];
	e->family = pkt->family;
	e->packets = 0;
	e->ndst = 0;
	e->first_seen = now;
	e->last_seen = now;
	hlist_add_head(&e->node, head);
	list_add(&e->lru, &t->lru);
found:
	e->packets++;
	dst_note(e, dh);
	if (e->last_seen != now) {
		e->last_seen = now;
		list_move(&e->lru, &t->lru);
	}
	spin_unlock_bh(&t->lock);
}

void op25b_top_note(struct op25b_top *t, const struct op25b_pkt *pkt)
{
	op25b_top_note_at(t, pkt, ktime_get_real_seconds());
}

void op25b_top_clear(struct op25b_top *t)
{
	LIST_HEAD(old);
	u32 i;

	if (!t->buckets)
		return;
	spin_lock_bh(&t->lock);
	list_splice_init(&t->lru, &old);
	for (i = 0; i <= t->mask; i++)
		INIT_HLIST_HEAD(&t->buckets[i]);
	t->count = 0;
	spin_unlock_bh(&t->lock);
	free_list(&old);
}

static int row_cmp(const void *a, const void *b)
{
	const struct op25b_top_row *x = a, *y = b;

	if (x->packets != y->packets)
		return x->packets < y->packets ? 1 : -1;
	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	if (x->addr[0] != y->addr[0])
		return x->addr[0] < y->addr[0] ? -1 : 1;
	if (x->addr[1] != y->addr[1])
		return x->addr[1] < y->addr[1] ? -1 : 1;
	return 0;
}

int op25b_top_snapshot(struct op25b_top *t, struct op25b_top_row **rows,
		       u32 *n)
{
	struct op25b_top_entry *e;
	struct op25b_top_row *r;
	u32 cap, i = 0;

	*rows = NULL;
	*n = 0;
	if (!t->buckets)
		return 0;
	/* Room for sources that arrive before the lock is taken. */
	spin_lock_bh(&t->lock);
	cap = min(t->count + 64, t->max);
	spin_unlock_bh(&t->lock);
	r = kvmalloc_array(cap, sizeof(*r), GFP_KERNEL_ACCOUNT);
	if (!r)
		return -ENOMEM;

	spin_lock_bh(&t->lock);
	list_for_each_entry(e, &t->lru, lru) {
		if (i == cap)
			break;	/* the least recently seen are left out */
		r[i].addr[0] = e->addr[0];
		r[i].addr[1] = e->addr[1];
		r[i].family = e->family;
		r[i].packets = e->packets;
		r[i].first_seen = e->first_seen;
		r[i].last_seen = e->last_seen;
		r[i].destinations = dst_count(e);
		i++;
	}
	spin_unlock_bh(&t->lock);

	sort(r, i, sizeof(*r), row_cmp, NULL);
	*rows = r;
	*n = i;
	return 0;
}
