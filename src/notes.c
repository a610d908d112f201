// SPDX-License-Identifier: GPL-2.0
/*
 * Annotations of prefixes (notes.h). Most prefixes have none, so notes are
 * not stored in the prefix lists, which the range maps are compiled from
 * and which must stay small, but in a second sorted array per set and
 * family holding only the annotated prefixes, 64 bytes each. Lookups are
 * binary searches; changes build a new array, as for the lists.
 */

#include <linux/err.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "notes.h"

/* Long loops yield this often; they run in process context. */
#define RESCHED_EVERY	65536

struct op25b_nlist *op25b_nlist_alloc(u32 count)
{
	struct op25b_nlist *l;

	l = kvmalloc(struct_size(l, n, count), GFP_KERNEL_ACCOUNT);
	if (!l)
		return NULL;
	refcount_set(&l->ref, 1);
	l->count = count;
	l->next_expiry = 0;
	return l;
}

void op25b_nlist_put(struct op25b_nlist *l)
{
	if (l && refcount_dec_and_test(&l->ref))
		kvfree(l);
}

struct op25b_nlist *op25b_nlist_get(struct op25b_nlist *l)
{
	if (l)
		refcount_inc(&l->ref);
	return l;
}

size_t op25b_nlist_bytes(const struct op25b_nlist *l)
{
	return l ? struct_size(l, n, l->count) : 0;
}

static void set_next_expiry(struct op25b_nlist *l)
{
	u32 i;

	l->next_expiry = 0;
	for (i = 0; i < l->count; i++)
		if (l->n[i].expires && (!l->next_expiry ||
					l->n[i].expires < l->next_expiry))
			l->next_expiry = l->n[i].expires;
}

const struct op25b_note *op25b_nlist_find(u8 family,
					  const struct op25b_nlist *l,
					  const void *elem)
{
	u32 lo = 0, hi = l ? l->count : 0, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = op25b_elem_cmp(family, &l->n[mid].e, elem);
		if (!c)
			return &l->n[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static bool note_same(const struct op25b_note *a, const struct op25b_note *b)
{
	return a->expires == b->expires && !strcmp(a->label, b->label);
}

int op25b_nlist_sort(u8 family, struct op25b_nlist *l, union op25b_elem *bad)
{
	u32 i, out = 0;
	int ret;

	/* The element comes first in a note, as op25b_sort_elems() wants. */
	BUILD_BUG_ON(offsetof(struct op25b_note, e));
	ret = op25b_sort_elems(family, l->n, l->count, sizeof(l->n[0]));
	if (ret)
		return ret;
	for (i = 0; i < l->count; i++) {
		if (out && !op25b_elem_cmp(family, &l->n[out - 1].e,
					   &l->n[i].e)) {
			if (!note_same(&l->n[out - 1], &l->n[i])) {
				*bad = l->n[i].e;
				return -EINVAL;
			}
			continue;
		}
		if (out != i)
			l->n[out] = l->n[i];
		out++;
	}
	l->count = out;
	set_next_expiry(l);
	return 0;
}

struct op25b_nlist *op25b_nlist_merge(u8 family,
				      const struct op25b_nlist *old,
				      const struct op25b_nlist *add)
{
	u32 a = old ? old->count : 0, b = add ? add->count : 0, i = 0, j = 0;
	struct op25b_nlist *l;
	u32 k = 0;

	if (!a && !b)
		return NULL;
	l = op25b_nlist_alloc(a + b);
	if (!l)
		return ERR_PTR(-ENOMEM);
	while (i < a || j < b) {
		if (j == b || (i < a && op25b_elem_cmp(family, &old->n[i].e,
						       &add->n[j].e) < 0))
			l->n[k++] = old->n[i++];
		else
			l->n[k++] = add->n[j++];
		if (!(k % RESCHED_EVERY))
			cond_resched();
	}
	set_next_expiry(l);
	return l;
}

/*
 * Whether @note's prefix is among the @n sorted @elems, from the cursor
 * *@j on, which it advances: called for notes in order, the walk over
 * @elems is done once.
 */
static bool note_in(u8 family, const struct op25b_note *note,
		    const void *elems, u32 n, u32 *j)
{
	size_t es = op25b_esize(family);
	int c;

	for (; *j < n; ++*j) {
		c = op25b_elem_cmp(family, (const u8 *)elems + *j * es,
				   &note->e);
		if (c >= 0)
			return !c;
	}
	return false;
}

struct op25b_nlist *op25b_nlist_del(u8 family, struct op25b_nlist *old,
				    const void *elems, u32 n)
{
	struct op25b_nlist *l;
	u32 i, j = 0, k = 0, gone = 0;

	if (!old)
		return NULL;
	/* Count what goes, then copy what stays. */
	for (i = 0; i < old->count; i++)
		gone += note_in(family, &old->n[i], elems, n, &j);
	if (!gone)
		return op25b_nlist_get(old);
	if (gone == old->count)
		return NULL;
	l = op25b_nlist_alloc(old->count - gone);
	if (!l)
		return ERR_PTR(-ENOMEM);
	for (i = 0, j = 0; i < old->count; i++) {
		if (!note_in(family, &old->n[i], elems, n, &j))
			l->n[k++] = old->n[i];
		if (!(i % RESCHED_EVERY))
			cond_resched();
	}
	set_next_expiry(l);
	return l;
}

void *op25b_nlist_expired(u8 family, const struct op25b_nlist *l, u64 now,
			  u32 *n)
{
	size_t es = op25b_esize(family);
	u32 i, k = 0;
	u8 *elems;

	*n = 0;
	if (!l || !l->next_expiry || l->next_expiry > now)
		return NULL;
	for (i = 0; i < l->count; i++)
		k += l->n[i].expires && l->n[i].expires <= now;
	elems = kvmalloc_array(k, es, GFP_KERNEL_ACCOUNT);
	if (!elems)
		return ERR_PTR(-ENOMEM);
	for (i = 0; i < l->count; i++)
		if (l->n[i].expires && l->n[i].expires <= now)
			memcpy(elems + (size_t)(*n)++ * es, &l->n[i].e, es);
	return elems;
}
