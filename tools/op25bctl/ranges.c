// SPDX-License-Identifier: GPL-2.0
/*
 * Range arithmetic for export and import. Why ranges and not prefixes:
 * "dynamic minus static" is not a set of prefixes until it is cut up, and
 * cutting is only minimal when it is done once, on ranges that are as long
 * as they can be. Every block of a minimal cover lies inside one maximal
 * range, and inside one range taking the largest aligned block that fits
 * at each step is optimal, so the whole cover is minimal.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ranges.h"

op25b_u128 op25b_addr_to_u128(const uint8_t *addr, uint8_t family)
{
	unsigned int i, n = op25b_prefix_addrlen(family);
	op25b_u128 v = 0;

	for (i = 0; i < n; i++)
		v = v << 8 | addr[i];
	return v;
}

void op25b_u128_to_addr(op25b_u128 v, uint8_t family, uint8_t *addr)
{
	unsigned int i, n = op25b_prefix_addrlen(family);

	memset(addr, 0, 16);
	for (i = n; i-- > 0; v >>= 8)
		addr[i] = (uint8_t)v;
}

/* The host part of a prefix of len bits in a family of max bits. */
static op25b_u128 host_mask(unsigned int len, unsigned int max)
{
	unsigned int host = max - len;

	return host >= 128 ? ~(op25b_u128)0 : ((op25b_u128)1 << host) - 1;
}

struct op25b_range op25b_prefix_range(const struct op25b_prefix *p)
{
	struct op25b_range r;

	r.lo = op25b_addr_to_u128(p->addr, p->family);
	r.hi = r.lo | host_mask(p->len, op25b_prefix_maxlen(p->family));
	return r;
}

int op25b_range_list_add(struct op25b_range_list *l, op25b_u128 lo,
			 op25b_u128 hi)
{
	if (op25b_array_grow((void **)&l->v, &l->cap, l->len, sizeof(*l->v)))
		return -ENOMEM;
	l->v[l->len].lo = lo;
	l->v[l->len].hi = hi;
	l->len++;
	return 0;
}

void op25b_range_list_free(struct op25b_range_list *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static int cmp_lo(const void *a, const void *b)
{
	const struct op25b_range *x = a, *y = b;

	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	return 0;
}

void op25b_range_list_normalize(struct op25b_range_list *l)
{
	size_t i, n = 0;

	if (!l->len)
		return;
	qsort(l->v, l->len, sizeof(*l->v), cmp_lo);
	for (i = 1; i < l->len; i++) {
		/* Touching counts: hi + 1 == lo. hi is not the last address. */
		if (l->v[i].lo <= l->v[n].hi ||
		    l->v[i].lo - 1 == l->v[n].hi) {
			if (l->v[i].hi > l->v[n].hi)
				l->v[n].hi = l->v[i].hi;
		} else {
			l->v[++n] = l->v[i];
		}
	}
	l->len = n + 1;
}

int op25b_range_list_subtract(const struct op25b_range_list *a,
			      const struct op25b_range_list *b,
			      struct op25b_range_list *out)
{
	size_t i, j = 0;
	op25b_u128 lo;

	for (i = 0; i < a->len; i++) {
		lo = a->v[i].lo;
		/* Skip what lies wholly before the rest of this range. */
		while (j < b->len && b->v[j].hi < lo)
			j++;
		while (j < b->len && b->v[j].lo <= a->v[i].hi) {
			if (b->v[j].lo > lo &&
			    op25b_range_list_add(out, lo, b->v[j].lo - 1))
				return -ENOMEM;
			if (b->v[j].hi >= a->v[i].hi)
				goto next;
			lo = b->v[j].hi + 1;
			j++;
		}
		if (op25b_range_list_add(out, lo, a->v[i].hi))
			return -ENOMEM;
next:
		;
	}
	return 0;
}

int op25b_range_to_prefixes(uint8_t family, op25b_u128 lo, op25b_u128 hi,
			    struct op25b_prefix_list *out)
{
	unsigned int max = op25b_prefix_maxlen(family), len;
	struct op25b_prefix p;
	op25b_u128 mask;

	for (;;) {
		/* The shortest prefix that starts at lo and ends by hi. */
		for (len = 0; len < max; len++) {
			mask = host_mask(len, max);
			if (!(lo & mask) && hi - lo >= mask)
				break;
		}
		mask = host_mask(len, max);
		memset(&p, 0, sizeof(p));
		p.family = family;
		p.len = len;
		op25b_u128_to_addr(lo, family, p.addr);
		if (op25b_prefix_list_add(out, &p))
			return -ENOMEM;
		/* Stop before lo would wrap past the last address. */
		if (hi - lo == mask)
			return 0;
		lo += mask + 1;
	}
}

static int family_ranges(const struct op25b_prefix_list *l, uint8_t family,
			 struct op25b_range_list *out)
{
	struct op25b_range r;
	size_t i;

	for (i = 0; i < l->len; i++) {
		if (l->v[i].family != family)
			continue;
		r = op25b_prefix_range(&l->v[i]);
		if (op25b_range_list_add(out, r.lo, r.hi))
			return -ENOMEM;
	}
	op25b_range_list_normalize(out);
	return 0;
}

int op25b_prefixes_subtract(const struct op25b_prefix_list *a,
			    const struct op25b_prefix_list *b, uint8_t family,
			    struct op25b_prefix_list *out)
{
	struct op25b_range_list ra = { 0 }, rb = { 0 }, diff = { 0 };
	size_t i;
	int ret;

	ret = family_ranges(a, family, &ra);
	if (!ret)
		ret = family_ranges(b, family, &rb);
	if (!ret)
		ret = op25b_range_list_subtract(&ra, &rb, &diff);
	for (i = 0; !ret && i < diff.len; i++)
		ret = op25b_range_to_prefixes(family, diff.v[i].lo,
					      diff.v[i].hi, out);
	op25b_range_list_free(&ra);
	op25b_range_list_free(&rb);
	op25b_range_list_free(&diff);
	return ret;
}
