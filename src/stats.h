/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-CPU packet counters. The packet path only increments its own CPU's
 * copy; readers sum all CPUs (op25b_stats_sum()).
 */
#ifndef OP25B_STATS_H
#define OP25B_STATS_H

#include <linux/bottom_half.h>
#include <linux/percpu.h>
#include <linux/u64_stats_sync.h>

#include "table.h"

enum op25b_counter {
	OP25B_C_INSPECTED,
	OP25B_C_BLOCKED,
	OP25B_C_MONITORED,
	OP25B_C_EXEMPT_STATIC,
	OP25B_C_EXEMPT_RELAY,
	OP25B_C_NOT_DYNAMIC,
	OP25B_NCOUNTERS
};

struct op25b_stats {
	struct u64_stats_sync syncp;
	u64_stats_t c[OP25B_NFAMILIES][OP25B_NCOUNTERS];
};

struct op25b_stats __percpu *op25b_stats_alloc(void);
void op25b_stats_free(struct op25b_stats __percpu *s);
void op25b_stats_sum(struct op25b_stats __percpu *s,
		     u64 out[OP25B_NFAMILIES][OP25B_NCOUNTERS]);

/*
 * Counts one segment. Hooks usually run in softirq context, but not
 * always (a packet reinjected from NFQUEUE runs the rest of the hooks in
 * process context, preemptible): BHs go off so that the CPU stays put.
 */
static inline void op25b_stats_count2(struct op25b_stats __percpu *s,
				      u8 family, enum op25b_counter a,
				      enum op25b_counter b)
{
	struct op25b_stats *st;

	local_bh_disable();
	st = this_cpu_ptr(s);
	u64_stats_update_begin(&st->syncp);
	u64_stats_inc(&st->c[family][a]);
	u64_stats_inc(&st->c[family][b]);
	u64_stats_update_end(&st->syncp);
	local_bh_enable();
}

#endif /* OP25B_STATS_H */
