// SPDX-License-Identifier: GPL-2.0
/*
 * DOC: Theory of Operation
 *
 * The problem. The packet path asks one question per TCP segment to an
 * enforced port: is the source in dynamic and not in static, and is the
 * destination outside relay? Only membership matters, never which prefix
 * matched, and sets hold up to millions of overlapping prefixes.
 *
 * Prefix lists. Each set and family is kept as written (minus repeats),
 * sorted by (address, length): struct op25b_plist. It is the source of
 * truth for dumps, for the TEST command's "which prefix matched", and for
 * incremental changes. Its elements lie in leaves of up to 64 KiB
 * (struct op25b_pleaf), reached from a small array of leaf pointers and
 * first indexes (260 of each for a million IPv6 prefixes), so that element
 * i is a binary search of that array away. Adding k prefixes merges them
 * into the leaves they fall in, which are copied (and split when full),
 * and shares every other leaf with the old list: one add into a million
 * prefixes copies one leaf and the array, not 17 MB. A request's list is
 * flat, one leaf, sorted in place. A transaction stages its lists leaf by
 * leaf as the prefixes come, and publishes those very leaves when they
 * came in order, as op25bctl sends them: loading a policy copies no list.
 *
 * Range maps. For lookups the lists are compiled into struct op25b_rmap:
 * the sorted boundaries where the answer changes, each with the value
 * that holds from it up to the next. Prefixes are either nested or
 * disjoint, so a list sorted by (address, length) folds into disjoint,
 * non-adjacent intervals in one pass; two such interval streams (dynamic
 * and static) merge into one map whose values say "other", "static" or
 * "dynamic" (enum op25b_src_class), so dynamic-minus-static costs a single
 * lookup. A map has at most two boundaries per prefix of its inputs, and
 * usually far fewer, because nested and adjacent prefixes merge.
 *
 * Lookup. Both families use one layout, in the manner of DXR. The
 * boundaries are cut into 2^K chunks by K bits of the address: the bits
 * right after the S leading bits that every boundary shares (so that a
 * set inside 2000::/3, or inside one /32, still spreads over all the
 * chunks), K chosen for about one boundary a chunk, 4 to 20. A direct
 * table gives each chunk its first word. Each boundary is one word: its
 * bits after the first S + K, top-aligned, with the value from it on in
 * the two low bits (u32 for IPv4, u64 for IPv6); comparing a word with
 * the address's bits, low bits set, compares the boundary with the
 * address. A chunk's answer below its first boundary is the word before
 * it: the previous chunk's last value, or the block's word 0 (see below),
 * so that a lookup
 * is: S bits compared (outside them, 0 below or the last value above),
 * a block pointer, one direct table entry, then a search of the chunk's few words with no
 * data-dependent branch, usually in one cache line. IPv6 words keep 62
 * bits after the first S + K, which holds every boundary of prefixes up
 * to about /80; a chunk with a boundary beyond that ("wide", flagged in
 * the direct table) keeps whole (hi, lo) keys followed by its values and
 * is binary-searched. The direct table and the words come in blocks of
 * up to 4096 chunks (struct op25b_rmap_blk: the chunks' table entries,
 * then their words, word 0 the value just below the block), reached from
 * a small table of block pointers, so that a change can replace a block
 * and share the rest. Memory: 4 bytes per chunk plus 4 (IPv4) or 8 (IPv6)
 * bytes per boundary, 24 for boundaries of wide chunks. A build sweeps
 * the lists once to count the boundaries, which gives the shape, then
 * sweeps each block's part of the address space twice, once to tally its
 * words, so that the block is allocated at its size, then to write them,
 * a chunk at a time: beside the map it needs room for one chunk's
 * boundaries, on the stack unless they are many.
 *
 * Updates. Nothing here is ever modified once built. policy.c builds new
 * lists and maps beside the old ones, publishes the new policy with one
 * pointer swap and frees what only the old one used after an RCU grace
 * period. Both structures are reference-counted so that a policy change
 * rebuilds only the set and family it touched. A change of a few prefixes
 * does not even sweep that family's lists: the new list shares the old
 * one's leaves but those the change lands in, and the new map shares the
 * old one's blocks but those the change touches, which are swept afresh
 * (op25b_rmap_update()), so that one add into a million prefixes copies
 * a leaf, a block or two and the arrays that point to them.
 */

#include <linux/bug.h>
#include <linux/err.h>
#include <linux/kmemleak.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "table.h"

/*
 * Range maps: a direct table of 1 << bits chunks, bits chosen from
 * RMAP_MIN_BITS to RMAP_MAX_BITS for about RMAP_PER_CHUNK boundaries a
 * chunk; RMAP_WIDE marks an IPv6 chunk that keeps whole keys.
 */
#define RMAP_MIN_BITS	4
#define RMAP_MAX_BITS	20
#define RMAP_PER_CHUNK	1
#define RMAP_WIDE	0x80000000U
/*
 * Chunks come in blocks of up to 1 << RMAP_BLK_BITS, the unit of a patch.
 * (tests/unit builds table.c for userspace with tiny blocks as well.)
 */
#ifndef RMAP_BLK_BITS
#define RMAP_BLK_BITS	12
#endif
/*
 * A packed list's leaves hold up to PLEAF_BYTES, header included: 16
 * pages, whose copy is the most an add or a delete of one prefix costs.
 */
#ifndef PLEAF_BYTES
#define PLEAF_BYTES	(64 * 1024)
#endif
/* Long loops yield this often; they run in process context. */
#define RESCHED_EVERY	65536

size_t op25b_esize(u8 family)
{
	return family == OP25B_V4 ? sizeof(u64) : sizeof(struct op25b_pfx6);
}

unsigned int op25b_family_bits(u8 family)
{
	return family == OP25B_V4 ? 32 : 128;
}

int op25b_elem_cmp(u8 family, const void *a, const void *b)
{
	const struct op25b_pfx6 *x = a, *y = b;
	u64 p, q;

	if (family == OP25B_V4) {
		p = *(const u64 *)a;
		q = *(const u64 *)b;
		return p < q ? -1 : p > q;
	}
	if (x->hi != y->hi)
		return x->hi < y->hi ? -1 : 1;
	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	return x->len < y->len ? -1 : x->len > y->len;
}

void op25b_elem_make(u8 family, void *elem, u128 addr, u8 len)
{
	struct op25b_pfx6 *p = elem;

	if (family == OP25B_V4) {
		*(u64 *)elem = ((u64)addr << 8) | len;
		return;
	}
	p->hi = (u64)(addr >> 64);
	p->lo = (u64)addr;
	p->len = len;
}

void op25b_elem_parts(u8 family, const void *elem, u128 *addr, u8 *len)
{
	const struct op25b_pfx6 *p = elem;
	u64 k;

	if (family == OP25B_V4) {
		k = *(const u64 *)elem;
		*addr = k >> 8;
		*len = k & 0xff;
		return;
	}
	*addr = ((u128)p->hi << 64) | p->lo;
	*len = p->len;
}

static inline void *elem_at(u8 family, const void *elems, u32 i)
{
	return (u8 *)elems + (size_t)i * op25b_esize(family);
}

/* All ones in the host part of a prefix of length @len. */
static u128 host_mask(u8 family, u8 len)
{
	unsigned int bits = op25b_family_bits(family);

	if (len == 0 && bits == 128)
		return ~(u128)0;
	return ((u128)1 << (bits - len)) - 1;
}

/*
 * A block's memory. kvmalloc() would take a block of 78 KiB (a typical
 * IPv6 one) from the page allocator as 128 KiB, the next power of two; a
 * block of more than a page is therefore made of just the pages it needs
 * by alloc_pages_exact(), physically contiguous like kmalloc()'s memory,
 * and vmalloc()'d only when no such run is to be had or the block is
 * beyond the page allocator's largest order. kmemleak does not see page
 * allocations: it is told of them, so that a leaked block is reported.
 * The leaves of the lists are made the same way.
 */
static void *blk_alloc(size_t size)
{
	void *p;

	if (size <= PAGE_SIZE)
		return kmalloc(size, GFP_KERNEL_ACCOUNT);
	p = alloc_pages_exact(size, GFP_KERNEL_ACCOUNT | __GFP_NORETRY |
				    __GFP_NOWARN);
	if (p) {
		kmemleak_alloc(p, size, 1, GFP_KERNEL);
		kmemleak_no_scan(p);
		return p;
	}
	return __vmalloc(size, GFP_KERNEL_ACCOUNT);
}

static void blk_free(void *p, size_t size)
{
	if (is_vmalloc_addr(p)) {
		vfree(p);
	} else if (size <= PAGE_SIZE) {
		kfree(p);
	} else {
		kmemleak_free(p);
		free_pages_exact(p, size);
	}
}

/* The memory a block of @size bytes takes. */
static size_t blk_bytes(size_t size)
{
	return size <= PAGE_SIZE ? size : PAGE_ALIGN(size);
}

/* The most elements a leaf of a packed list holds: 16 pages' worth. */
u32 op25b_pleaf_max(u8 family)
{
	return (PLEAF_BYTES - sizeof(struct op25b_pleaf)) / op25b_esize(family);
}

/* A leaf with room for @n elements, holding one reference, or NULL. */
static struct op25b_pleaf *pleaf_alloc(u8 family, u32 n)
{
	size_t size = sizeof(struct op25b_pleaf) +
		      (size_t)n * op25b_esize(family);
	struct op25b_pleaf *f;

	if (size > U32_MAX)
		return NULL;
	f = blk_alloc(size);
	if (f) {
		refcount_set(&f->ref, 1);
		f->size = size;
	}
	return f;
}

static void pleaf_put(struct op25b_pleaf *f)
{
	if (refcount_dec_and_test(&f->ref))
		blk_free(f, f->size);
}

/* An empty list of @family with room for @nleaf leaves, or NULL. */
static struct op25b_plist *plist_new(u8 family, u32 nleaf)
{
	struct op25b_plist *l;

	l = kvzalloc(sizeof(*l) + (size_t)nleaf * (sizeof(*l->leaf) +
						  sizeof(*l->first)),
		     GFP_KERNEL_ACCOUNT);
	if (!l)
		return NULL;
	l->leaf = (struct op25b_pleaf **)(l + 1);
	l->first = (u32 *)(l->leaf + nleaf);
	refcount_set(&l->ref, 1);
	l->family = family;
	l->maxleaf = nleaf;
	return l;
}

struct op25b_plist *op25b_plist_alloc(u8 family, u32 count)
{
	struct op25b_plist *l = plist_new(family, 1);

	if (!l)
		return NULL;
	l->leaf[0] = pleaf_alloc(family, count);
	if (!l->leaf[0]) {
		kvfree(l);
		return NULL;
	}
	l->nleaf = 1;
	l->count = count;
	return l;
}

struct op25b_plist *op25b_plist_get(struct op25b_plist *l)
{
	if (l)
		refcount_inc(&l->ref);
	return l;
}

void op25b_plist_put(struct op25b_plist *l)
{
	u32 t;

	if (l && refcount_dec_and_test(&l->ref)) {
		for (t = 0; t < l->nleaf; t++)
			pleaf_put(l->leaf[t]);
		kvfree(l);
	}
}

size_t op25b_plist_bytes(const struct op25b_plist *l)
{
	size_t bytes;
	u32 t;

	if (!l)
		return 0;
	bytes = sizeof(*l) + l->nleaf * (sizeof(*l->leaf) + sizeof(*l->first));
	for (t = 0; t < l->nleaf; t++)
		bytes += blk_bytes(l->leaf[t]->size);
	return bytes;
}

void *op25b_plist_flat(const struct op25b_plist *l)
{
	WARN_ON_ONCE(l->nleaf != 1);
	return l->leaf[0]->elems;
}

/* One past the index of leaf @t's last element. */
static u32 plist_end(const struct op25b_plist *l, u32 t)
{
	return t + 1 < l->nleaf ? l->first[t + 1] : l->count;
}

/* The leaf that holds element @i, which exists. */
static u32 plist_leaf_at(const struct op25b_plist *l, u32 i)
{
	u32 lo = 0, hi = l->nleaf;

	while (hi - lo > 1) {
		u32 mid = lo + (hi - lo) / 2;

		if (l->first[mid] <= i)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

const void *op25b_plist_elem(const struct op25b_plist *l, u32 i)
{
	u32 t = plist_leaf_at(l, i);

	return elem_at(l->family, l->leaf[t]->elems, i - l->first[t]);
}

/*
 * The leaf where @key is or would be: the last whose first element is not
 * above it, or leaf 0. Only a flat list's one leaf can be empty.
 */
static u32 plist_leaf_for(const struct op25b_plist *l, const void *key)
{
	u32 lo = 0, hi = l->nleaf;

	while (hi - lo > 1) {
		u32 mid = lo + (hi - lo) / 2;

		if (op25b_elem_cmp(l->family, l->leaf[mid]->elems, key) <= 0)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The first index at or after @i of the @n sorted @elems whose element is
 * not below @key, or @n: probes i, i + 1, i + 3, i + 7, ... then searches
 * the last step, so that finding a position g elements on costs O(log g).
 * A merge of k new elements into m then costs O(k log(m / k))
 * comparisons, and the runs of old elements between them move with
 * memcpy().
 */
static u32 elems_seek(u8 family, const void *elems, u32 n, u32 i,
		      const void *key)
{
	u32 lo = i, hi = n, step = 1, p = i;

	while (p < n) {
		if (op25b_elem_cmp(family, elem_at(family, elems, p), key) >= 0) {
			hi = p;
			break;
		}
		lo = p + 1;
		p = step < n - p ? p + step : n;
		step *= 2;
	}
	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (op25b_elem_cmp(family, elem_at(family, elems, mid), key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The first index of @l whose element is not below @key, or l->count. */
static u32 plist_seek(const struct op25b_plist *l, const void *key)
{
	u32 t;

	if (!l->count)
		return 0;
	t = plist_leaf_for(l, key);
	return l->first[t] + elems_seek(l->family, l->leaf[t]->elems,
					plist_end(l, t) - l->first[t], 0, key);
}

/* Index of the element equal to @key, or -1. */
static long plist_find(const struct op25b_plist *l, const void *key)
{
	u32 i = plist_seek(l, key);

	if (i < l->count &&
	    !op25b_elem_cmp(l->family, op25b_plist_elem(l, i), key))
		return i;
	return -1;
}

/*
 * Bottom-up merge sort, stable. O(n log n) like lib/sort.c's heapsort, but
 * sequential, so several times faster on millions of elements, and it
 * yields every RESCHED_EVERY moves: sorting a staged policy never holds
 * a CPU. Needs a scratch array as large as the input, except for input
 * already in order, which one pass recognises.
 */
int op25b_sort_elems(u8 family, void *elems, u32 n, size_t es)
{
	u8 *src = elems, *dst, *scratch;
	u32 width, i, x, y, m, r, k, steps = 0;

	for (i = 1; i < n; i++) {
		if (op25b_elem_cmp(family, src + (size_t)(i - 1) * es,
				   src + (size_t)i * es) > 0)
			break;
		if (!(i % RESCHED_EVERY))
			cond_resched();
	}
	if (i >= n)
		return 0;
	scratch = kvmalloc_array(n, es, GFP_KERNEL_ACCOUNT);
	if (!scratch)
		return -ENOMEM;
	dst = scratch;
	for (width = 1; width < n; width *= 2) {
		for (i = 0; i < n; i += 2 * width) {
			x = i;
			m = min(n, i + width);
			y = m;
			r = min(n, i + 2 * width);
			for (k = i; k < r; k++) {
				if (y >= r ||
				    (x < m && op25b_elem_cmp(family, src + x * es,
							     src + y * es) <= 0))
					memcpy(dst + k * es, src + x++ * es, es);
				else
					memcpy(dst + k * es, src + y++ * es, es);
				if (!(++steps % RESCHED_EVERY))
					cond_resched();
			}
		}
		swap(src, dst);
	}
	if (src != elems)
		memcpy(elems, src, (size_t)n * es);
	kvfree(scratch);
	return 0;
}

int op25b_plist_sort(struct op25b_plist *l)
{
	size_t es = op25b_esize(l->family);
	u8 *elems = op25b_plist_flat(l);
	u32 i, out = 0;
	int ret;

	/* op25bctl sends its lists in order: the sort then only checks. */
	ret = op25b_sort_elems(l->family, elems, l->count, es);
	if (ret)
		return ret;
	for (i = 0; i < l->count; i++) {
		if (out && !op25b_elem_cmp(l->family,
					   elem_at(l->family, elems, out - 1),
					   elem_at(l->family, elems, i)))
			continue;
		if (out != i)
			memcpy(elem_at(l->family, elems, out),
			       elem_at(l->family, elems, i), es);
		out++;
		if (!(i % RESCHED_EVERY))
			cond_resched();
	}
	l->count = out;
	return 0;
}

/*
 * Makes a packed list leaf by leaf: runs of elements, each cut into as
 * few leaves as hold it, as equal in size as can be, and whole leaves
 * shared with another list.
 */
struct plist_out {
	struct op25b_plist *l;
	u32 room;	/* elements the last leaf still takes */
	u32 left;	/* elements the run has still to come */
	u32 pieces;	/* leaves the run has still to open */
};

static int plout_init(struct plist_out *o, u8 family, u32 maxleaf)
{
	memset(o, 0, sizeof(*o));
	o->l = plist_new(family, maxleaf);
	return o->l ? 0 : -ENOMEM;
}

/* Announces a run of @n elements, which the next plout_put()s give. */
static void plout_run(struct plist_out *o, u32 n)
{
	o->left = n;
	o->pieces = DIV_ROUND_UP(n, op25b_pleaf_max(o->l->family));
	o->room = 0;
}

static int plout_put(struct plist_out *o, const void *src, u32 n)
{
	struct op25b_plist *l = o->l;
	struct op25b_pleaf *f;
	u32 k;

	while (n) {
		if (!o->room) {
			if (WARN_ON_ONCE(!o->pieces || l->nleaf == l->maxleaf))
				return -EINVAL;
			o->room = DIV_ROUND_UP(o->left, o->pieces);
			o->pieces--;
			f = pleaf_alloc(l->family, o->room);
			if (!f)
				return -ENOMEM;
			l->leaf[l->nleaf] = f;
			l->first[l->nleaf++] = l->count;
		}
		f = l->leaf[l->nleaf - 1];
		k = min(n, o->room);
		memcpy(elem_at(l->family, f->elems,
			       l->count - l->first[l->nleaf - 1]),
		       src, (size_t)k * op25b_esize(l->family));
		src = elem_at(l->family, src, k);
		l->count += k;
		o->room -= k;
		o->left -= k;
		n -= k;
	}
	return 0;
}

/* Appends leaf @t of @from, shared; a run before it must be complete. */
static int plout_share(struct plist_out *o, const struct op25b_plist *from,
		       u32 t)
{
	struct op25b_plist *l = o->l;

	if (WARN_ON_ONCE(o->left || l->nleaf == l->maxleaf))
		return -EINVAL;
	refcount_inc(&from->leaf[t]->ref);
	l->leaf[l->nleaf] = from->leaf[t];
	l->first[l->nleaf++] = l->count;
	l->count += plist_end(from, t) - from->first[t];
	return 0;
}

/* The list made, or the error; frees it on one. */
static struct op25b_plist *plout_done(struct plist_out *o, int ret)
{
	if (!ret && WARN_ON_ONCE(o->left))
		ret = -EINVAL;
	if (!ret)
		return o->l;
	op25b_plist_put(o->l);
	return ERR_PTR(ret);
}

struct op25b_plist *op25b_plist_pack(const struct op25b_plist *l)
{
	u32 i, k, step = op25b_pleaf_max(l->family);
	struct plist_out o;
	int ret;

	ret = plout_init(&o, l->family, DIV_ROUND_UP(l->count, step));
	if (ret)
		return ERR_PTR(ret);
	plout_run(&o, l->count);
	for (i = 0; !ret && i < l->count; i += k) {
		k = min(step, l->count - i);
		ret = plout_put(&o, op25b_plist_elem(l, i), k);
		cond_resched();
	}
	return plout_done(&o, ret);
}

/* The elements leaf @t of @l has room for. */
static u32 pleaf_cap(const struct op25b_plist *l, u32 t)
{
	return (l->leaf[t]->size - sizeof(*l->leaf[t])) /
	       op25b_esize(l->family);
}

/*
 * Every leaf allocated before any element moves, so that a failure leaves
 * the list as it was; a last leaf that is empty and has no room (an empty
 * list's) gives way to the new ones.
 */
int op25b_plist_append(struct op25b_plist **lp, const void *elems, u32 n)
{
	struct op25b_plist *l = *lp, *g = NULL, *d;
	const u8 *src = elems;
	u32 lmax = op25b_pleaf_max(l->family), room = 0, add = 0, i, k, t;
	size_t es = op25b_esize(l->family);
	bool drop = false;

	if (WARN_ON_ONCE(refcount_read(&l->ref) != 1))
		return -EINVAL;
	if (l->nleaf) {
		t = l->nleaf - 1;
		room = pleaf_cap(l, t) - (l->count - l->first[t]);
		drop = !room && l->count == l->first[t];
	}
	if (n > room)
		add = DIV_ROUND_UP(n - room, lmax);
	if (l->nleaf + add > l->maxleaf) {
		g = plist_new(l->family, max(2 * l->maxleaf, l->nleaf + add));
		if (!g)
			return -ENOMEM;
		memcpy(g->leaf, l->leaf, l->nleaf * sizeof(*l->leaf));
		memcpy(g->first, l->first, l->nleaf * sizeof(*l->first));
		g->nleaf = l->nleaf;
		g->count = l->count;
	}
	d = g ?: l;
	for (i = 0; i < add; i++) {
		d->leaf[d->nleaf + i] = pleaf_alloc(l->family, lmax);
		if (!d->leaf[d->nleaf + i]) {
			while (i--)
				pleaf_put(d->leaf[d->nleaf + i]);
			kvfree(g);
			return -ENOMEM;
		}
	}
	if (g) {
		kvfree(l);
		*lp = l = g;
	}
	if (drop) {
		pleaf_put(l->leaf[--l->nleaf]);
		memmove(&l->leaf[l->nleaf], &l->leaf[l->nleaf + 1],
			add * sizeof(*l->leaf));
		room = 0;
	}
	k = min(n, room);
	if (k) {
		t = l->nleaf - 1;
		memcpy(elem_at(l->family, l->leaf[t]->elems,
			       l->count - l->first[t]), src, k * es);
		l->count += k;
		src += k * es;
		n -= k;
	}
	for (i = 0; i < add; i++) {
		t = l->nleaf++;
		l->first[t] = l->count;
		k = min(n, lmax);
		memcpy(l->leaf[t]->elems, src, k * es);
		l->count += k;
		src += k * es;
		n -= k;
	}
	return 0;
}

struct op25b_plist *op25b_plist_finish(const struct op25b_plist *l)
{
	u32 lmax = op25b_pleaf_max(l->family), t, i, c, steps = 0;
	size_t es = op25b_esize(l->family);
	struct op25b_plist *r, *flat;
	struct op25b_pleaf *f;
	const void *prev = NULL, *e;
	bool packed = l->count;
	int ret;

	for (t = 0; t < l->nleaf && packed; t++) {
		c = plist_end(l, t) - l->first[t];
		packed = c && c <= lmax;
		for (i = 0; packed && i < c; i++) {
			e = elem_at(l->family, l->leaf[t]->elems, i);
			packed = !prev || op25b_elem_cmp(l->family, prev, e) < 0;
			prev = e;
			if (!(++steps % RESCHED_EVERY))
				cond_resched();
		}
	}
	if (!packed)
		goto sort;
	r = plist_new(l->family, l->nleaf);
	if (!r)
		return ERR_PTR(-ENOMEM);
	for (t = 0; t < l->nleaf; t++) {
		refcount_inc(&l->leaf[t]->ref);
		r->leaf[t] = l->leaf[t];
		r->first[t] = l->first[t];
	}
	r->nleaf = l->nleaf;
	r->count = l->count;
	/* The last leaf's room is a staging leaf's: trimmed. */
	t = r->nleaf - 1;
	c = r->count - r->first[t];
	if (pleaf_cap(r, t) > c) {
		f = pleaf_alloc(r->family, c);
		if (!f) {
			op25b_plist_put(r);
			return ERR_PTR(-ENOMEM);
		}
		memcpy(f->elems, r->leaf[t]->elems, c * es);
		pleaf_put(r->leaf[t]);
		r->leaf[t] = f;
	}
	return r;

sort:
	flat = op25b_plist_alloc(l->family, l->count);
	if (!flat)
		return ERR_PTR(-ENOMEM);
	for (t = 0; t < l->nleaf; t++)
		memcpy(elem_at(l->family, flat->leaf[0]->elems, l->first[t]),
		       l->leaf[t]->elems, (plist_end(l, t) - l->first[t]) * es);
	ret = op25b_plist_sort(flat);
	r = ret ? ERR_PTR(ret) : op25b_plist_pack(flat);
	op25b_plist_put(flat);
	return r;
}

/*
 * How many of the @n sorted @elems go into leaf @t of @l: those below the
 * first element of the next leaf, all of them into the last leaf.
 */
static u32 plist_split(const struct op25b_plist *l, u32 t,
		       const void *elems, u32 n)
{
	const void *next;
	u32 k;

	if (t + 1 >= l->nleaf)
		return n;
	next = l->leaf[t + 1]->elems;
	for (k = 0; k < n; k++)
		if (op25b_elem_cmp(l->family, elem_at(l->family, elems, k),
				   next) >= 0)
			break;
	return k;
}

/*
 * A change's step through leaf @t of @old (none past its last): *@le its
 * elements, *@c their number, *@k how many of the @n sorted @elems fall
 * into it. A leaf none fall into goes into @o as it is, shared.
 */
static int plist_step(struct plist_out *o, const struct op25b_plist *old,
		      u32 t, const void *elems, u32 n, const void **le,
		      u32 *c, u32 *k)
{
	*le = t < old->nleaf ? old->leaf[t]->elems : NULL;
	*c = t < old->nleaf ? plist_end(old, t) - old->first[t] : 0;
	*k = plist_split(old, t, elems, n);
	return *k || !*c ? 0 : plout_share(o, old, t);
}

/*
 * An add shares every leaf of @old that no new element falls into and
 * merges each other one with its new elements into a run of fresh leaves:
 * c elements taking k make DIV_ROUND_UP(c + k, max) leaves, so the result
 * has fewer than old->nleaf + (old->count + n) / max + 2.
 */
struct op25b_plist *op25b_plist_add(const struct op25b_plist *old,
				    const void *elems, u32 n, u32 max,
				    u32 *bad)
{
	u8 family = old->family;
	u32 t = 0, j = 0, k, c, i, p, end;
	struct plist_out o;
	const void *le;
	int ret;

	if ((u64)old->count + n > max)
		return ERR_PTR(-ENOSPC);
	ret = plout_init(&o, family, old->nleaf +
			 (old->count + n) / op25b_pleaf_max(family) + 2);
	if (ret)
		return ERR_PTR(ret);
	do {
		ret = plist_step(&o, old, t, elem_at(family, elems, j), n - j,
				 &le, &c, &k);
		if (ret || !k)
			continue;
		plout_run(&o, c + k);
		for (i = 0, end = j + k; !ret && j < end; j++) {
			p = elems_seek(family, le, c, i, elem_at(family, elems, j));
			if (p < c && !op25b_elem_cmp(family, elem_at(family, le, p),
						     elem_at(family, elems, j))) {
				*bad = j;
				ret = -EEXIST;
				break;
			}
			ret = plout_put(&o, elem_at(family, le, i), p - i) ?:
			      plout_put(&o, elem_at(family, elems, j), 1);
			i = p;
			if (!((j + 1) % RESCHED_EVERY))
				cond_resched();
		}
		if (!ret)
			ret = plout_put(&o, elem_at(family, le, i), c - i);
	} while (!ret && ++t < old->nleaf);
	return plout_done(&o, ret);
}

/*
 * A delete shares every leaf of @old that it takes nothing from and copies
 * each other one, less what it loses, into fresh leaves, none when it is
 * left empty: one for a leaf of a packed list, which holds at most max.
 */
struct op25b_plist *op25b_plist_del(const struct op25b_plist *old,
				    const void *elems, u32 n, u32 *bad)
{
	u8 family = old->family;
	u32 t = 0, j = 0, k, c, i, p, x;
	struct plist_out o;
	const void *le;
	int ret;

	ret = plout_init(&o, family, old->nleaf +
			 old->count / op25b_pleaf_max(family) + 1);
	if (ret)
		return ERR_PTR(ret);
	do {
		ret = plist_step(&o, old, t, elem_at(family, elems, j), n - j,
				 &le, &c, &k);
		if (ret || !k)
			continue;
		/* Every element to delete must be there before any is. */
		for (x = 0, i = 0; x < k; x++) {
			p = elems_seek(family, le, c, i,
				       elem_at(family, elems, j + x));
			if (p == c ||
			    op25b_elem_cmp(family, elem_at(family, le, p),
					   elem_at(family, elems, j + x))) {
				*bad = j + x;
				ret = -ENOENT;
				break;
			}
			i = p + 1;
		}
		if (ret)
			break;
		plout_run(&o, c - k);
		for (i = 0; !ret && k--; j++) {
			p = elems_seek(family, le, c, i, elem_at(family, elems, j));
			ret = plout_put(&o, elem_at(family, le, i), p - i);
			i = p + 1;
			if (!((j + 1) % RESCHED_EVERY))
				cond_resched();
		}
		if (!ret)
			ret = plout_put(&o, elem_at(family, le, i), c - i);
	} while (!ret && ++t < old->nleaf);
	return plout_done(&o, ret);
}

long op25b_plist_match(const struct op25b_plist *l, u128 addr)
{
	union op25b_elem key;
	int len;
	long i;

	if (!l)
		return -1;
	/* One exact search per length, longest first: 33 or 129 at most. */
	for (len = op25b_family_bits(l->family); len >= 0; len--) {
		op25b_elem_make(l->family, &key,
				addr & ~host_mask(l->family, len), len);
		i = plist_find(l, &key);
		if (i >= 0)
			return i;
	}
	return -1;
}

/*
 * Walks a list as disjoint, non-adjacent intervals [s, e], merging nested
 * and adjacent prefixes on the way.
 */
struct ivwalk {
	const struct op25b_plist *l;
	u32 next;
	u32 leaf, end;	/* the leaf of next, and where it ends */
	bool valid;
	bool inside;
	u128 s, e;
};

static void elem_interval(u8 family, const void *elem, u128 *s, u128 *e)
{
	u8 len;

	op25b_elem_parts(family, elem, s, &len);
	*e = *s | host_mask(family, len);
}

/* The interval of element w->next, which exists; moves next on. */
static void ivwalk_elem(struct ivwalk *w, u128 *s, u128 *e)
{
	const struct op25b_plist *l = w->l;

	while (w->next >= w->end)
		w->end = plist_end(l, ++w->leaf);
	elem_interval(l->family, elem_at(l->family, l->leaf[w->leaf]->elems,
					 w->next - l->first[w->leaf]), s, e);
	w->next++;
}

static void ivwalk_advance(struct ivwalk *w, u128 max)
{
	const struct op25b_plist *l = w->l;
	u128 s, e;

	w->inside = false;
	w->valid = l && w->next < l->count;
	if (!w->valid)
		return;
	ivwalk_elem(w, &w->s, &w->e);
	while (w->e != max && w->next < l->count) {
		ivwalk_elem(w, &s, &e);
		if (s > w->e + 1) {
			w->next--;
			break;
		}
		if (e > w->e)
			w->e = e;
	}
}

/*
 * Starts @w on @l at @from: at the outermost prefix containing @from, or,
 * when none does, at the first prefix after it (prefixes before either end
 * below @from), already inside when that interval began below @from.
 */
static void ivwalk_seek(struct ivwalk *w, const struct op25b_plist *l,
			u128 from, u128 max)
{
	union op25b_elem key;
	unsigned int len;
	long c;

	w->l = l;
	w->next = 0;
	if (l && from) {
		op25b_elem_make(l->family, &key, from, 0);
		w->next = plist_seek(l, &key);
		for (len = 0; len <= op25b_family_bits(l->family); len++) {
			op25b_elem_make(l->family, &key,
					from & ~host_mask(l->family, len), len);
			c = plist_find(l, &key);
			if (c >= 0) {
				w->next = c;
				break;
			}
		}
	}
	w->leaf = l && w->next < l->count ? plist_leaf_at(l, w->next) : 0;
	w->end = l && l->nleaf ? plist_end(l, w->leaf) : 0;
	ivwalk_advance(w, max);
	if (w->valid && w->s < from)
		w->inside = true;
}

/* The key of the walk's next event, false when there is none left. */
static bool ivwalk_event(const struct ivwalk *w, u128 max, u128 *key)
{
	if (!w->valid)
		return false;
	if (!w->inside) {
		*key = w->s;
		return true;
	}
	if (w->e == max)
		return false;
	*key = w->e + 1;
	return true;
}

static void ivwalk_step(struct ivwalk *w, u128 max)
{
	if (!w->inside)
		w->inside = true;
	else
		ivwalk_advance(w, max);
}

static void rmap_blk_put(struct op25b_rmap_blk *b)
{
	if (b && refcount_dec_and_test(&b->ref))
		blk_free(b, b->size);
}

/* Blocks in @m, and chunks in a block. */
static u32 rmap_nblk(const struct op25b_rmap *m)
{
	return 1U << (m->bits - m->gbits);
}

static u32 rmap_blk_chunks(const struct op25b_rmap *m)
{
	return 1U << m->gbits;
}

static void rmap_free(struct op25b_rmap *m)
{
	u32 g;

	for (g = 0; g < rmap_nblk(m); g++)
		rmap_blk_put(m->blk[g]);
	kvfree(m);
}

/* Block @b's words, u32 (IPv4) or u64 (IPv6), after its direct table. */
static u32 *blk_w4(const struct op25b_rmap *m, const struct op25b_rmap_blk *b)
{
	return (u32 *)((uintptr_t)b + m->woff);
}

static u64 *blk_w6(const struct op25b_rmap *m, const struct op25b_rmap_blk *b)
{
	return (u64 *)((uintptr_t)b + m->woff);
}

/* The value that word @i of block @b carries. */
static u8 blk_val(const struct op25b_rmap *m, const struct op25b_rmap_blk *b,
		  u32 i)
{
	if (m->family == OP25B_V4)
		return blk_w4(m, b)[i] & 3;
	return blk_w6(m, b)[i] & 3;
}

/* Bits [from, from + 64) of a 128-bit key, zeros past its end. */
static u64 bits64(u128 k, unsigned int from)
{
	return (u64)((k << from) >> 64);
}

/* How many leading bits of @bits-bit keys @x and @y agree. */
static unsigned int common_bits(u128 x, u128 y, unsigned int bits)
{
	unsigned int i = 0;

	while (i < bits && !(((x ^ y) >> (bits - 1 - i)) & 1))
		i++;
	return i;
}

/* The direct table's bits for @n boundaries: about RMAP_PER_CHUNK a chunk. */
static unsigned int rmap_bits(u32 n)
{
	unsigned int k = 0;

	while (k < RMAP_MAX_BITS && ((u64)RMAP_PER_CHUNK << (k + 1)) <= n)
		k++;
	return k < RMAP_MIN_BITS ? RMAP_MIN_BITS : k;
}

/* A block's chunks, as bits, for a direct table of @bits bits. */
static unsigned int rmap_gbits(unsigned int bits)
{
	return min_t(unsigned int, bits, RMAP_BLK_BITS);
}

/* The blocks rmap_shape() picks for @n boundaries. */
static u32 rmap_nblk_for(u32 n)
{
	unsigned int bits = rmap_bits(n);

	return 1U << (bits - rmap_gbits(bits));
}

/*
 * The leading bits every boundary from @first to @last shares, as far as
 * the words leave room: IPv4 keeps two bits of its word for the value;
 * IPv6 cuts from hi.
 */
static unsigned int rmap_shift(u8 family, unsigned int bits, u128 first,
			       u128 last)
{
	unsigned int jmax = family == OP25B_V4 ? 30 : 63;

	return min(common_bits(first, last, op25b_family_bits(family)),
		   jmax - bits);
}

/*
 * Picks the direct table for @m->n boundaries from @first to @last, cut
 * from the bits right after those that every boundary shares.
 */
static void rmap_shape(struct op25b_rmap *m, u128 first, u128 last)
{
	unsigned int s;

	m->bits = rmap_bits(m->n);
	m->gbits = rmap_gbits(m->bits);
	/* The words after the direct table, 8-byte aligned for IPv6. */
	m->woff = (sizeof(struct op25b_rmap_blk) +
		   (rmap_blk_chunks(m) + 1) * sizeof(u32) + 7) & ~7U;
	s = rmap_shift(m->family, m->bits, first, last);
	m->shift = s;
	if (m->family == OP25B_V4) {
		m->lead_mask = s ? (u32)(~0U << (32 - s)) : 0;
		m->lead = (u32)first & m->lead_mask;
	} else {
		m->lead_mask = s ? ~0ULL << (64 - s) : 0;
		m->lead = (u64)(first >> 64) & m->lead_mask;
	}
}

/* Whether @key has the leading bits every boundary of @m shares. */
static bool rmap_in_lead(const struct op25b_rmap *m, u128 key)
{
	if (m->family == OP25B_V4)
		return ((u32)key & m->lead_mask) == m->lead;
	return ((u64)(key >> 64) & m->lead_mask) == m->lead;
}

static u32 rmap_chunk(const struct op25b_rmap *m, u128 key)
{
	if (m->family == OP25B_V4)
		return ((u32)key << m->shift) >> (32 - m->bits);
	return ((u64)(key >> 64) << m->shift) >> (64 - m->bits);
}

/* The first address of chunk @c. */
static u128 rmap_chunk_key(const struct op25b_rmap *m, u32 c)
{
	unsigned int j = m->shift + m->bits;

	if (m->family == OP25B_V4)
		return m->lead | ((u64)c << (32 - j));
	return (u128)(m->lead | ((u64)c << (64 - j))) << 64;
}

/*
 * An IPv6 chunk is narrow when each of its boundaries ends within the 62
 * bits after the chunk's, so that word = those bits << 2 | value, and
 * comparing words compares boundaries (see the DOC block).
 */
static bool rmap_narrow(const struct op25b_rmap *m, u128 key)
{
	unsigned int j = m->shift + m->bits;

	return !(key << j << 62);
}

/* Chunk @ci's entry in @b's direct table without its flag: its first word. */
static u32 rmap_first(const struct op25b_rmap_blk *b, u32 ci)
{
	return b->index[ci] & ~RMAP_WIDE;
}

/* The boundaries chunk @ci of block @b holds. */
static u32 rmap_count(const struct op25b_rmap_blk *b, u32 ci)
{
	u32 d = rmap_first(b, ci + 1) - rmap_first(b, ci);

	return b->index[ci] & RMAP_WIDE ? d / 3 : d;
}

/* The boundary that word (IPv6 wide: pair) @i of chunk @c's block holds. */
static u128 rmap_key(const struct op25b_rmap *m, u32 c, u32 i)
{
	const struct op25b_rmap_blk *b = m->blk[c >> m->gbits];
	unsigned int j = m->shift + m->bits;
	u64 *w6 = blk_w6(m, b);

	if (m->family == OP25B_V4)
		return rmap_chunk_key(m, c) | (blk_w4(m, b)[i] >> j);
	if (b->index[c & (rmap_blk_chunks(m) - 1)] & RMAP_WIDE)
		return (u128)w6[i] << 64 | w6[i + 1];
	return rmap_chunk_key(m, c) | (((u128)(w6[i] & ~3ULL) << 64) >> j);
}

/*
 * Where the sweep puts the boundaries. Every pass counts them (@n), keeps
 * the first and the last (@lo, @hi) and the value from the last on
 * (@last). A pass laying out one block of @m (rmap_blk_build()) also sees
 * them chunk by chunk: with @b NULL it tallies the block's words and the
 * most boundaries a chunk has (@cmax); then, with @b the block, it gathers
 * each chunk's boundaries in @key and @val (room for @cap, at least
 * @cmax) and writes them out when the chunk ends, so that a build needs
 * no room for more than one chunk's boundaries beside the map itself.
 */
struct rmap_out {
	u32 n;
	u128 lo, hi;
	u8 last;
	const struct op25b_rmap *m;
	struct op25b_rmap_blk *b;
	u32 words;	/* tallied so far, or the next word to write */
	u32 ci;		/* the chunk being gathered, U32_MAX before the first */
	u32 cn, cmax;	/* its boundaries, and the most any chunk has */
	bool narrow;	/* all of its boundaries fit in a word */
	u32 next;	/* the first chunk whose table entry is not set */
	u128 *key;
	u8 *val;
	u32 cap;
};

/* Starts a pass over one block of @m: a tally (@b NULL) or the writing. */
static void rmap_out_start(struct rmap_out *o, const struct op25b_rmap *m,
			   struct op25b_rmap_blk *b)
{
	o->n = 0;
	o->m = m;
	o->b = b;
	o->words = 1;
	o->ci = U32_MAX;
	o->cn = 0;
	o->next = 0;
}

/* Chunk o->ci is complete: tallies it, or writes it into the block. */
static void rmap_chunk_done(struct rmap_out *o)
{
	const struct op25b_rmap *m = o->m;
	unsigned int j = m->shift + m->bits;
	struct op25b_rmap_blk *b = o->b;
	u32 t, n = min(o->cn, o->cap);
	u32 *w4;
	u64 *w6;

	if (o->ci == U32_MAX)
		return;
	if (!b) {
		o->words += o->narrow ? o->cn : 3 * o->cn;
		o->cmax = max(o->cmax, o->cn);
		return;
	}
	/* Chunks before it hold no boundary: they start where it does. */
	for (; o->next <= o->ci; o->next++)
		b->index[o->next] = o->words;
	w4 = blk_w4(m, b);
	w6 = blk_w6(m, b);
	if (m->family == OP25B_V4) {
		for (t = 0; t < n; t++)
			w4[o->words++] = ((u32)o->key[t] << j) | o->val[t];
	} else if (o->narrow) {
		for (t = 0; t < n; t++)
			w6[o->words++] = (bits64(o->key[t], j) & ~3ULL) |
					 o->val[t];
	} else {
		/* Whole keys, then the values: see rmap_lookup_wide(). */
		b->index[o->ci] |= RMAP_WIDE;
		for (t = 0; t < n; t++) {
			w6[o->words++] = (u64)(o->key[t] >> 64);
			w6[o->words++] = (u64)o->key[t];
		}
		for (t = 0; t < n; t++)
			w6[o->words++] = o->val[t];
	}
}

static void rmap_emit(struct rmap_out *o, u128 key, u8 v)
{
	const struct op25b_rmap *m = o->m;
	u32 ci;

	if (m) {
		ci = rmap_chunk(m, key) & (rmap_blk_chunks(m) - 1);
		if (ci != o->ci) {
			rmap_chunk_done(o);
			o->ci = ci;
			o->cn = 0;
			o->narrow = true;
		}
		if (o->b && o->cn < o->cap) {
			o->key[o->cn] = key;
			o->val[o->cn] = v;
		}
		o->cn++;
		o->narrow &= m->family == OP25B_V4 || rmap_narrow(m, key);
	}
	if (!o->n)
		o->lo = key;
	o->hi = key;
	o->n++;
	o->last = v;
}

/*
 * Emits the boundaries of the map of @a and @b that lie from @from to @to,
 * both included, given @last, the map's value just below @from (0 below
 * the whole space).
 */
static void rmap_sweep(struct rmap_out *o, u8 family,
		       const struct op25b_plist *a,
		       const struct op25b_plist *b, const u8 vals[4],
		       u128 from, u128 to, u8 last)
{
	u128 max = host_mask(family, 0), ka = 0, kb = 0, key = from;
	struct ivwalk wa, wb;
	u32 steps = 0;
	bool ea, eb;
	u8 v;

	ivwalk_seek(&wa, a, from, max);
	ivwalk_seek(&wb, b, from, max);
	o->last = last;
	ea = ivwalk_event(&wa, max, &ka);
	eb = ivwalk_event(&wb, max, &kb);
	for (;;) {
		if (ea && ka == key)
			ivwalk_step(&wa, max);
		if (eb && kb == key)
			ivwalk_step(&wb, max);
		v = vals[wa.inside | wb.inside << 1];
		if (v != o->last)
			rmap_emit(o, key, v);
		ea = ivwalk_event(&wa, max, &ka);
		eb = ivwalk_event(&wb, max, &kb);
		if (!ea && !eb)
			break;
		key = !ea ? kb : !eb ? ka : min(ka, kb);
		if (key > to)
			break;
		if (!(++steps % RESCHED_EVERY))
			cond_resched();
	}
}

/*
 * An empty map of @family holding one reference, with room for the
 * pointers to @nblk blocks, all NULL.
 */
static struct op25b_rmap *rmap_alloc(u8 family, u32 nblk)
{
	struct op25b_rmap *m;

	m = kvzalloc(struct_size(m, blk, nblk), GFP_KERNEL_ACCOUNT);
	if (m) {
		refcount_set(&m->ref, 1);
		m->family = family;
	}
	return m;
}

/* The first and the last address of blocks @g0 to @g1 of @m. */
static void rmap_blk_range(const struct op25b_rmap *m, u32 g0, u32 g1,
			   u128 *from, u128 *to)
{
	*from = rmap_chunk_key(m, g0 << m->gbits);
	*to = rmap_chunk_key(m, ((g1 + 1) << m->gbits) - 1) |
	      host_mask(m->family, m->shift + m->bits);
}

/* Room for this many boundaries of one chunk on the stack. */
#ifndef RMAP_CHUNK_BUF
#define RMAP_CHUNK_BUF	32
#endif

/*
 * Block @g of @m, which holds the boundaries of @a and @b in its range,
 * @below the map's value just below it, or NULL. Two sweeps of the range:
 * the first tallies the words, so that the block is allocated at its
 * size, the second writes them, a chunk at a time.
 */
static struct op25b_rmap_blk *rmap_blk_build(const struct op25b_rmap *m,
					     struct rmap_out *o,
					     const struct op25b_plist *a,
					     const struct op25b_plist *b,
					     const u8 vals[4], u32 g, u8 below)
{
	size_t ws = m->family == OP25B_V4 ? sizeof(u32) : sizeof(u64), size;
	u32 chunks = rmap_blk_chunks(m), n, words;
	struct op25b_rmap_blk *blk = NULL;
	u128 key[RMAP_CHUNK_BUF], from, to;
	u8 val[RMAP_CHUNK_BUF];

	rmap_blk_range(m, g, g, &from, &to);
	o->key = key;
	o->val = val;
	o->cap = RMAP_CHUNK_BUF;
	o->cmax = 0;
	rmap_out_start(o, m, NULL);
	rmap_sweep(o, m->family, a, b, vals, from, to, below);
	rmap_chunk_done(o);
	n = o->n;
	words = o->words;
	size = m->woff + (size_t)words * ws;
	if (WARN_ON_ONCE(size > U32_MAX))
		goto out;
	if (o->cmax > RMAP_CHUNK_BUF) {
		/* A cluster of boundaries in one chunk: rare, and short-lived. */
		o->key = kvmalloc_array(o->cmax, sizeof(*o->key),
					GFP_KERNEL_ACCOUNT);
		o->val = kvmalloc(o->cmax, GFP_KERNEL_ACCOUNT);
		o->cap = o->cmax;
		if (!o->key || !o->val)
			goto out;
	}
	blk = blk_alloc(size);
	if (!blk)
		goto out;
	refcount_set(&blk->ref, 1);
	blk->size = size;
	blk->n = n;
	blk->words = words;
	/* The padding before the words, so that equal blocks are alike. */
	memset(&blk->index[chunks + 1], 0,
	       m->woff - struct_size(blk, index, chunks + 1));
	if (m->family == OP25B_V4)
		blk_w4(m, blk)[0] = below;
	else
		blk_w6(m, blk)[0] = below;
	rmap_out_start(o, m, blk);
	rmap_sweep(o, m->family, a, b, vals, from, to, below);
	rmap_chunk_done(o);
	for (; o->next <= chunks; o->next++)
		blk->index[o->next] = o->words;
	if (WARN_ON_ONCE(o->n != n || o->words != words)) {
		blk_free(blk, size);
		blk = NULL;
	}
out:
	if (o->key != key) {
		kvfree(o->key);
		kvfree(o->val);
	}
	/* o->last stays, for the next block; nothing points at this frame. */
	o->m = NULL;
	o->b = NULL;
	o->key = NULL;
	o->val = NULL;
	o->cap = 0;
	return blk;
}

/*
 * Builds blocks @g0 to @g1 of @m, each swept afresh from @a and @b, so
 * that a build never needs room for their boundaries beside the map;
 * @below is the value just below block @g0.
 */
static int rmap_fill(struct op25b_rmap *m, struct rmap_out *o,
		     const struct op25b_plist *a, const struct op25b_plist *b,
		     const u8 vals[4], u32 g0, u32 g1, u8 below)
{
	u32 g;

	for (g = g0; g <= g1; g++) {
		m->blk[g] = rmap_blk_build(m, o, a, b, vals, g, below);
		if (!m->blk[g])
			return -ENOMEM;
		below = o->last;
		cond_resched();
	}
	return 0;
}

/* Sums up the words and memory of @m, all its blocks in place. */
static void rmap_account(struct op25b_rmap *m)
{
	u32 g;

	m->words = 0;
	m->bytes = struct_size(m, blk, rmap_nblk(m));
	for (g = 0; g < rmap_nblk(m); g++) {
		m->words += m->blk[g]->words;
		m->bytes += blk_bytes(m->blk[g]->size);
	}
}

struct op25b_rmap *op25b_rmap_build(u8 family, const struct op25b_plist *a,
				    const struct op25b_plist *b,
				    const u8 vals[4])
{
	struct rmap_out o = {};
	struct op25b_rmap *m;
	u32 n, g;

	/* Values have two bits in a word; "0 everywhere" is NULL. */
	if (WARN_ON_ONCE(vals[0] || vals[1] > 3 || vals[2] > 3 ||
			 vals[3] > 3))
		return ERR_PTR(-EINVAL);
	/* A counting pass gives the shape; then each block is swept alone. */
	rmap_sweep(&o, family, a, b, vals, 0, host_mask(family, 0), 0);
	n = o.n;
	if (!n)
		return NULL;
	if (WARN_ON_ONCE(n >= RMAP_WIDE / 3))
		return ERR_PTR(-ENOMEM);

	m = rmap_alloc(family, rmap_nblk_for(n));
	if (!m)
		return ERR_PTR(-ENOMEM);
	m->n = n;
	m->last = o.last;
	rmap_shape(m, o.lo, o.hi);
	if (WARN_ON_ONCE(rmap_nblk(m) != rmap_nblk_for(n)) ||
	    rmap_fill(m, &o, a, b, vals, 0, rmap_nblk(m) - 1, 0))
		goto nomem;
	for (g = 0; g < rmap_nblk(m); g++)
		n -= m->blk[g]->n;
	if (WARN_ON_ONCE(n))
		goto nomem;
	rmap_account(m);
	return m;

nomem:
	rmap_free(m);
	return ERR_PTR(-ENOMEM);
}

/*
 * Patching. A change of a few prefixes alters the map only between their
 * first and last addresses. op25b_rmap_update() sweeps the new lists over
 * the blocks those ranges touch, spans of whole blocks, builds those
 * blocks afresh and shares every other block with the old map. The
 * values outside the changed ranges stay, so each untouched block, its
 * word 0 included, is still right. The result is the very map
 * op25b_rmap_build() would make, word for word, or the patch is abandoned
 * for a full build: when a change reaches outside the bits every boundary
 * shares, when the number of boundaries calls for another direct table,
 * or when, after a removal, the boundaries left share more leading bits
 * than before.
 */
#define RMAP_PATCH_MAX	64

struct rmap_span {
	u32 g0, g1;	/* blocks, both included */
};

/*
 * The spans of blocks that @n changed prefixes touch, in order, none
 * adjacent to the next; returns how many, or 0 when @m cannot be patched.
 */
static u32 rmap_spans(const struct op25b_rmap *m, const void *elems, u32 n,
		      struct rmap_span *sp)
{
	u128 max = host_mask(m->family, 0), s, e;
	u32 i, ns = 0, g0, g1;

	for (i = 0; i < n; i++) {
		elem_interval(m->family, elem_at(m->family, elems, i), &s, &e);
		if (e == max || !rmap_in_lead(m, s) || !rmap_in_lead(m, e + 1))
			return 0;
		g0 = rmap_chunk(m, s) >> m->gbits;
		g1 = rmap_chunk(m, e + 1) >> m->gbits;
		if (ns && g0 <= sp[ns - 1].g1 + 1) {
			sp[ns - 1].g1 = max(sp[ns - 1].g1, g1);
			continue;
		}
		sp[ns].g0 = g0;
		sp[ns].g1 = g1;
		ns++;
	}
	return ns;
}

/* The value of @m just below block @g: the block's word 0. */
static u8 rmap_below(const struct op25b_rmap *m, u32 g)
{
	return blk_val(m, m->blk[g], 0);
}

/* Sweeps span @sp of the new map into @o; the old map @m gives its start. */
static void rmap_sweep_span(struct rmap_out *o, const struct op25b_rmap *m,
			    const struct op25b_plist *a,
			    const struct op25b_plist *b, const u8 vals[4],
			    const struct rmap_span *sp)
{
	u128 from, to;

	rmap_blk_range(m, sp->g0, sp->g1, &from, &to);
	rmap_sweep(o, m->family, a, b, vals, from, to, rmap_below(m, sp->g0));
}

/* The first (@first) or the last boundary of @m, which has one. */
static u128 rmap_end_key(const struct op25b_rmap *m, bool first)
{
	u32 g = first ? 0 : rmap_nblk(m) - 1, ci, i;
	const struct op25b_rmap_blk *b;

	while (!m->blk[g]->n)
		g = first ? g + 1 : g - 1;
	b = m->blk[g];
	ci = first ? 0 : rmap_blk_chunks(m) - 1;
	while (!rmap_count(b, ci))
		ci = first ? ci + 1 : ci - 1;
	if (first)
		i = rmap_first(b, ci);
	else if (b->index[ci] & RMAP_WIDE)
		i = rmap_first(b, ci) + 2 * (rmap_count(b, ci) - 1);
	else
		i = rmap_first(b, ci + 1) - 1;
	return rmap_key(m, g << m->gbits | ci, i);
}

/* Whether the boundaries of @m share no more leading bits than it cuts off. */
static bool rmap_shift_holds(const struct op25b_rmap *m)
{
	return rmap_shift(m->family, m->bits, rmap_end_key(m, true),
			  rmap_end_key(m, false)) == m->shift;
}

struct op25b_rmap *op25b_rmap_patch(const struct op25b_rmap *old,
				    const struct op25b_plist *a,
				    const struct op25b_plist *b,
				    const u8 vals[4], const void *elems,
				    u32 n)
{
	struct op25b_rmap *m = ERR_PTR(-EAGAIN);
	struct rmap_out o = {};
	struct rmap_span *sp;
	u32 ns, i, g, nb, k;

	if (!old || !n || n > RMAP_PATCH_MAX)
		return ERR_PTR(-EAGAIN);
	sp = kvmalloc_array(n, sizeof(*sp), GFP_KERNEL_ACCOUNT);
	if (!sp)
		return ERR_PTR(-ENOMEM);
	ns = rmap_spans(old, elems, n, sp);
	if (!ns)
		goto out;
	/* Count the new boundaries and those that remain. */
	nb = old->n;
	for (i = 0; i < ns; i++) {
		rmap_sweep_span(&o, old, a, b, vals, &sp[i]);
		for (g = sp[i].g0; g <= sp[i].g1; g++)
			nb -= old->blk[g]->n;
	}
	nb += o.n;
	if (!nb) {
		m = NULL;
		goto out;
	}
	if (rmap_bits(nb) != old->bits || nb >= RMAP_WIDE / 3)
		goto out;
	k = o.n;
	m = rmap_alloc(old->family, rmap_nblk(old));
	if (!m) {
		m = ERR_PTR(-ENOMEM);
		goto out;
	}
	m->n = nb;
	m->shift = old->shift;
	m->bits = old->bits;
	m->gbits = old->gbits;
	m->woff = old->woff;
	m->last = old->last;
	m->lead = old->lead;
	m->lead_mask = old->lead_mask;
	for (i = 0; i < ns; i++) {
		if (rmap_fill(m, &o, a, b, vals, sp[i].g0, sp[i].g1,
			      rmap_below(old, sp[i].g0)))
			goto fail;
		for (g = sp[i].g0; g <= sp[i].g1; g++)
			k -= m->blk[g]->n;
	}
	if (WARN_ON_ONCE(k))
		goto fail;
	for (g = 0; g < rmap_nblk(m); g++) {
		if (m->blk[g])
			continue;
		refcount_inc(&old->blk[g]->ref);
		m->blk[g] = old->blk[g];
	}
	rmap_account(m);
	if (!rmap_shift_holds(m)) {
		rmap_free(m);
		m = ERR_PTR(-EAGAIN);
	}
	goto out;

fail:
	rmap_free(m);
	m = ERR_PTR(-ENOMEM);
out:
	kvfree(sp);
	return m;
}

struct op25b_rmap *op25b_rmap_update(u8 family, const struct op25b_rmap *old,
				     const struct op25b_plist *a,
				     const struct op25b_plist *b,
				     const u8 vals[4], const void *elems,
				     u32 n)
{
	struct op25b_rmap *m = ERR_PTR(-EAGAIN);

	if (!vals[0])
		m = op25b_rmap_patch(old, a, b, vals, elems, n);
	if (PTR_ERR(m) == -EAGAIN)
		m = op25b_rmap_build(family, a, b, vals);
	return m;
}

struct op25b_rmap *op25b_rmap_get(struct op25b_rmap *m)
{
	if (m)
		refcount_inc(&m->ref);
	return m;
}

void op25b_rmap_put(struct op25b_rmap *m)
{
	if (m && refcount_dec_and_test(&m->ref))
		rmap_free(m);
}

/*
 * The last word at or below @q among the @n words after @w, or *@w when
 * there is none: a binary search free of data-dependent branches (the
 * comparison becomes a conditional move). A step with @n at 1 changes
 * nothing, so the first three run unconditionally: most chunks need no
 * more, and the loop's exit is then predicted right.
 */
static inline const u32 *rmap_search4(const u32 *w, u32 n, u32 q)
{
	u32 half;

	half = n / 2;
	w = w[half] <= q ? w + half : w;
	n -= half;
	half = n / 2;
	w = w[half] <= q ? w + half : w;
	n -= half;
	do {
		half = n / 2;
		w = w[half] <= q ? w + half : w;
		n -= half;
	} while (n > 1);
	return w;
}

static inline const u64 *rmap_search6(const u64 *w, u32 n, u64 q)
{
	u32 half;

	half = n / 2;
	w = w[half] <= q ? w + half : w;
	n -= half;
	half = n / 2;
	w = w[half] <= q ? w + half : w;
	n -= half;
	do {
		half = n / 2;
		w = w[half] <= q ? w + half : w;
		n -= half;
	} while (n > 1);
	return w;
}

u8 op25b_rmap_lookup4(const struct op25b_rmap *m, u32 addr)
{
	const struct op25b_rmap_blk *b;
	u32 c, n, first, q;
	const u32 *w;

	if (!m)
		return 0;
	/*
	 * Outside the bits every boundary shares: below the first boundary
	 * or from the last one on. (Choosing that without a branch, by
	 * clamping the address, measured slower: it loses the early exit.)
	 */
	if ((addr ^ m->lead) & m->lead_mask)
		return addr < m->lead ? 0 : m->last;
	c = (addr << m->shift) >> (32 - m->bits);
	b = m->blk[c >> m->gbits];
	c &= rmap_blk_chunks(m) - 1;
	first = b->index[c];
	w = blk_w4(m, b) + first - 1;
	n = b->index[c + 1] - first + 1;
	q = (addr << (m->shift + m->bits)) | 3;
	return *rmap_search4(w, n, q) & 3;
}

/* A chunk of whole keys: b (hi, lo) pairs, then b values. */
static u8 rmap_lookup_wide(const u64 *w, u32 first, u32 end, u64 ahi,
			   u64 alo)
{
	u32 b = (end - first) / 3, lo = 0, hi = b;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;
		u64 khi = w[first + 2 * mid], klo = w[first + 2 * mid + 1];

		if (khi < ahi || (khi == ahi && klo <= alo))
			lo = mid + 1;
		else
			hi = mid;
	}
	return (lo ? w[first + 2 * b + lo - 1] : w[first - 1]) & 3;
}

u8 op25b_rmap_lookup6(const struct op25b_rmap *m, u64 ahi, u64 alo)
{
	const struct op25b_rmap_blk *b;
	u32 c, first, end;
	const u64 *w;
	unsigned int j;
	u64 q;

	if (!m)
		return 0;
	if ((ahi ^ m->lead) & m->lead_mask)
		return ahi < m->lead ? 0 : m->last;
	c = (ahi << m->shift) >> (64 - m->bits);
	b = m->blk[c >> m->gbits];
	c &= rmap_blk_chunks(m) - 1;
	first = b->index[c];
	end = b->index[c + 1] & ~RMAP_WIDE;
	w = blk_w6(m, b);
	if (first & RMAP_WIDE)
		return rmap_lookup_wide(w, first & ~RMAP_WIDE, end, ahi, alo);
	j = m->shift + m->bits;
	q = (ahi << j) | (alo >> (64 - j)) | 3;
	return *rmap_search6(w + first - 1, end - first + 1, q) & 3;
}
