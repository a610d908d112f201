// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU packet counters of a namespace, summed only when read.
 */

#include <linux/percpu.h>
#include <linux/string.h>

#include "stats.h"

struct op25b_stats __percpu *op25b_stats_alloc(void)
{
	struct op25b_stats __percpu *s;
	int cpu;

	s = alloc_percpu_gfp(struct op25b_stats, GFP_KERNEL_ACCOUNT);
	if (!s)
		return NULL;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(s, cpu)->syncp);
	return s;
}

void op25b_stats_free(struct op25b_stats __percpu *s)
{
	free_percpu(s);
}

void op25b_stats_sum(struct op25b_stats __percpu *s,
		     u64 out[OP25B_NFAMILIES][OP25B_NCOUNTERS])
{
	u64 v[OP25B_NFAMILIES][OP25B_NCOUNTERS];
	unsigned int start, f, c;
	int cpu;

	memset(out, 0, sizeof(v));
	for_each_possible_cpu(cpu) {
		const struct op25b_stats *st = per_cpu_ptr(s, cpu);

		do {
			start = u64_stats_fetch_begin(&st->syncp);
			for (f = 0; f < OP25B_NFAMILIES; f++)
				for (c = 0; c < OP25B_NCOUNTERS; c++)
					v[f][c] = u64_stats_read(&st->c[f][c]);
		} while (u64_stats_fetch_retry(&st->syncp, start));
		for (f = 0; f < OP25B_NFAMILIES; f++)
			for (c = 0; c < OP25B_NCOUNTERS; c++)
				out[f][c] += v[f][c];
	}
}
