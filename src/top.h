/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sources of blocked and monitored segments, per namespace: who would
 * be affected by enforcement, or who keeps trying after it.
 */
#ifndef OP25B_TOP_H
#define OP25B_TOP_H

#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "pkt.h"

/*
 * struct op25b_top - a bounded table of sources
 * @lock:	protects everything below; taken by the packet path only for
 *		segments that are blocked or monitored
 * @buckets:	hash table of entries by address, @mask + 1 of them; NULL
 *		when the top_entries parameter was 0
 * @lru:	every entry, most recently seen (to the second) first
 * @count:	entries in the table, at most @max
 * @seed:	hash seed, so that sources cannot choose their buckets
 */
struct op25b_top {
	spinlock_t lock;	/* see above */
	struct hlist_head *buckets;
	u32 mask;
	u32 count;
	u32 max;
	u32 seed;
	struct list_head lru;
};

/* One source, as GET_TOP reports it. */
struct op25b_top_row {
	u64 addr[2];
	u64 packets;
	u64 first_seen;
	u64 last_seen;
	u32 destinations;
	u8 family;
};

int op25b_top_init(void);
void op25b_top_uninit(void);
/* Sets up @t with the top_entries parameter's capacity. */
int op25b_top_net_init(struct op25b_top *t);
/* Frees every entry; the packet path must no longer reach @t. */
void op25b_top_net_exit(struct op25b_top *t);

/* Counts one blocked or monitored segment of @pkt's source. */
void op25b_top_note(struct op25b_top *t, const struct op25b_pkt *pkt);
/* The same, seen at @now (real-time seconds): for tests. */
void op25b_top_note_at(struct op25b_top *t, const struct op25b_pkt *pkt,
		       u64 now);
/* Forgets every source. */
void op25b_top_clear(struct op25b_top *t);
/*
 * A copy of the table, busiest source first, in *@rows (kvfree() it),
 * with *@n rows. Sleeps.
 */
int op25b_top_snapshot(struct op25b_top *t, struct op25b_top_row **rows,
		       u32 *n);

#endif /* OP25B_TOP_H */
