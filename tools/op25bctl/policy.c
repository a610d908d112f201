// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <endian.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"

void op25b_policy_init(struct op25b_policy *p)
{
	memset(p, 0, sizeof(*p));
	p->mode = OP25B_MODE_ENFORCE;
	p->action = OP25B_ACTION_DROP;
	p->nports = 1;
	p->ports[0] = 25;
}

void op25b_policy_free(struct op25b_policy *p)
{
	unsigned int i;

	for (i = 0; i < OP25B_SET_COUNT; i++)
		op25b_prefix_list_free(&p->sets[i]);
}

static bool list_equal(const struct op25b_prefix_list *a,
		       const struct op25b_prefix_list *b)
{
	size_t i;

	if (a->len != b->len)
		return false;
	for (i = 0; i < a->len; i++)
		if (op25b_prefix_cmp(&a->v[i], &b->v[i]) ||
		    !op25b_annot_equal(op25b_prefix_list_annot(a, i),
				       op25b_prefix_list_annot(b, i)))
			return false;
	return true;
}

bool op25b_policy_equal(const struct op25b_policy *a,
			const struct op25b_policy *b)
{
	unsigned int i;

	if (a->mode != b->mode || a->action != b->action ||
	    a->enforce_at != b->enforce_at || a->log != b->log ||
	    a->log_group != b->log_group || a->nports != b->nports ||
	    memcmp(a->ports, b->ports, a->nports * sizeof(a->ports[0])))
		return false;
	for (i = 0; i < OP25B_SET_COUNT; i++)
		if (!list_equal(&a->sets[i], &b->sets[i]))
			return false;
	return true;
}

/* Room for need elements in *v, growing it at least twofold. */
static int reserve(void **v, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 64;
	void *p;

	if (need <= *cap)
		return 0;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			return -ENOMEM;
		n *= 2;
	}
	if (n > SIZE_MAX / size)
		return -ENOMEM;
	p = realloc(*v, n * size);
	if (!p)
		return -ENOMEM;
	*v = p;
	*cap = n;
	return 0;
}

int op25b_array_grow(void **v, size_t *cap, size_t len, size_t size)
{
	return reserve(v, cap, len + 1, size);
}

bool op25b_annot_none(const struct op25b_annot *a)
{
	return !a || (!a->expires && !a->label[0]);
}

bool op25b_annot_equal(const struct op25b_annot *a,
		       const struct op25b_annot *b)
{
	if (op25b_annot_none(a) || op25b_annot_none(b))
		return op25b_annot_none(a) && op25b_annot_none(b);
	return a->expires == b->expires && !strcmp(a->label, b->label);
}

const struct op25b_annot *op25b_prefix_list_annot(const struct op25b_prefix_list *l,
						  size_t i)
{
	if (!l->ann || i >= l->len || !l->ann[i])
		return NULL;
	return &l->annots[l->ann[i]];
}

/* The index in l->annots of an entry equal to *a, added if need be. */
static int annot_index(struct op25b_prefix_list *l,
		       const struct op25b_annot *a, uint32_t *idx)
{
	/* Entry 0 stands for none and is never looked at. */
	size_t n = l->nannots ? l->nannots : 1;

	if (l->nannots > 1 && op25b_annot_equal(&l->annots[n - 1], a)) {
		*idx = n - 1;
		return 0;
	}
	if (n >= UINT32_MAX ||
	    reserve((void **)&l->annots, &l->annots_cap, n + 1,
		    sizeof(*l->annots)))
		return -ENOMEM;
	memset(&l->annots[0], 0, sizeof(l->annots[0]));
	l->annots[n] = *a;
	l->nannots = n + 1;
	*idx = n;
	return 0;
}

int op25b_prefix_list_add_annot(struct op25b_prefix_list *l,
				const struct op25b_prefix *p,
				const struct op25b_annot *a)
{
	uint32_t idx = 0;

	if (!op25b_annot_none(a) && annot_index(l, a, &idx))
		return -ENOMEM;
	if (op25b_array_grow((void **)&l->v, &l->cap, l->len, sizeof(*l->v)))
		return -ENOMEM;
	if (idx && !l->ann) {
		/* The first annotated prefix: the others before it have none. */
		l->ann = calloc(l->cap, sizeof(*l->ann));
		if (!l->ann)
			return -ENOMEM;
		l->ann_cap = l->cap;
	}
	if (l->ann && reserve((void **)&l->ann, &l->ann_cap, l->len + 1,
			      sizeof(*l->ann)))
		return -ENOMEM;
	if (l->ann)
		l->ann[l->len] = idx;
	l->v[l->len++] = *p;
	return 0;
}

int op25b_prefix_list_add(struct op25b_prefix_list *l,
			  const struct op25b_prefix *p)
{
	return op25b_prefix_list_add_annot(l, p, NULL);
}

/*
 * A prefix as a sort key: the bytes op25b_prefix_cmp() compares, most
 * significant first (family, address, length), as integers, and where the
 * prefix was in the list.
 */
struct sort_key {
	uint64_t hi;	/* address bytes 0-7, big-endian */
	uint64_t lo;	/* address bytes 8-15 */
	uint32_t idx;
	uint8_t len;
	uint8_t family;
};

/* Byte d of a key, d = 0 the least significant: len, lo, hi, family. */
static unsigned int key_byte(const struct sort_key *k, unsigned int d)
{
	if (d == 0)
		return k->len;
	if (d <= 8)
		return (k->lo >> (8 * (d - 1))) & 0xff;
	if (d <= 16)
		return (k->hi >> (8 * (d - 9))) & 0xff;
	return k->family;
}

static uint64_t be64_of(const uint8_t *b)
{
	uint64_t x;

	memcpy(&x, b, sizeof(x));
	return be64toh(x);
}

/* Moves the n keys in k to t in the order of their byte d, stably. */
static void radix_pass(const struct sort_key *k, struct sort_key *t,
		       size_t n, unsigned int d, size_t *cnt)
{
	unsigned int shift = 8 * ((d - 1) % 8);
	size_t i;

	if (d == 0) {
		for (i = 0; i < n; i++)
			t[cnt[k[i].len]++] = k[i];
	} else if (d <= 8) {
		for (i = 0; i < n; i++)
			t[cnt[(k[i].lo >> shift) & 0xff]++] = k[i];
	} else {
		for (i = 0; i < n; i++)
			t[cnt[(k[i].hi >> shift) & 0xff]++] = k[i];
	}
}

/*
 * Sorts the n keys in k by bytes 0-16 (all but the family), stably, with t
 * as room; returns whichever of the two holds the result. A pass is
 * skipped when every key has the same byte there: within one family many
 * do (IPv4 addresses end in 12 zero bytes, most IPv6 prefixes in several).
 */
static struct sort_key *radix_sort(struct sort_key *k, struct sort_key *t,
				   size_t n, size_t (*cnt)[256])
{
	struct sort_key *swap;
	unsigned int d, c;
	size_t i, sum;

	memset(cnt, 0, 17 * sizeof(*cnt));
	for (i = 0; i < n; i++) {
		cnt[0][k[i].len]++;
		for (d = 0; d < 8; d++) {
			cnt[1 + d][(k[i].lo >> (8 * d)) & 0xff]++;
			cnt[9 + d][(k[i].hi >> (8 * d)) & 0xff]++;
		}
	}
	for (d = 0; d < 17; d++) {
		if (cnt[d][key_byte(&k[0], d)] == n)
			continue;
		for (c = 0, sum = 0; c < 256; c++) {
			size_t x = cnt[d][c];

			cnt[d][c] = sum;
			sum += x;
		}
		radix_pass(k, t, n, d, cnt[d]);
		swap = k;
		k = t;
		t = swap;
	}
	return k;
}

/*
 * The order of l->v by op25b_prefix_cmp(), stable, in perm (perm[i] is the
 * position of the i-th smallest): the keys placed by family first, then
 * each family's run put in order by a least-significant-byte-first radix
 * sort. O(n) where qsort() is O(n log n) calls of a comparison function:
 * a million prefixes sort in tens of milliseconds.
 */
static int order_of(const struct op25b_prefix_list *l, uint32_t *perm)
{
	size_t (*cnt)[256], at[257] = { 0 }, i, n = l->len, f, start;
	struct sort_key *k, *t, *done;

	k = malloc(n * sizeof(*k));
	t = malloc(n * sizeof(*t));
	cnt = malloc(17 * sizeof(*cnt));
	if (!k || !t || !cnt) {
		free(k);
		free(t);
		free(cnt);
		return -ENOMEM;
	}
	for (i = 0; i < n; i++)
		at[l->v[i].family + 1]++;
	for (f = 1; f <= 256; f++)
		at[f] += at[f - 1];
	for (i = 0; i < n; i++) {
		struct sort_key *key = &k[at[l->v[i].family]++];

		key->hi = be64_of(l->v[i].addr);
		key->lo = be64_of(l->v[i].addr + 8);
		key->idx = (uint32_t)i;
		key->len = l->v[i].len;
		key->family = l->v[i].family;
	}
	/* at[f] is now where family f's run ends, and at[f - 1] its start. */
	for (f = 0, start = 0; f < 256; start = at[f++]) {
		if (at[f] == start)
			continue;
		done = radix_sort(k + start, t + start, at[f] - start, cnt);
		for (i = start; i < at[f]; i++)
			perm[i] = done[i - start].idx;
	}
	free(k);
	free(t);
	free(cnt);
	return 0;
}

/*
 * New element i is old element perm[i], in v, ann and extra alike:
 * gathered into new arrays (reads at random, writes in order, several
 * times faster on a million prefixes than following the permutation's
 * cycles in place). Returns -ENOMEM with the list untouched.
 */
static int permute(struct op25b_prefix_list *l, uint32_t *extra,
		   const uint32_t *perm)
{
	struct op25b_prefix *v;
	uint32_t *ann = NULL, *x = NULL;
	size_t i, n = l->len;

	v = malloc(l->cap * sizeof(*v));
	if (l->ann)
		ann = malloc(l->ann_cap * sizeof(*ann));
	if (extra)
		x = malloc(n * sizeof(*x));
	if (!v || (l->ann && !ann) || (extra && !x)) {
		free(v);
		free(ann);
		free(x);
		return -ENOMEM;
	}
	for (i = 0; i < n; i++)
		v[i] = l->v[perm[i]];
	free(l->v);
	l->v = v;
	if (ann) {
		for (i = 0; i < n; i++)
			ann[i] = l->ann[perm[i]];
		free(l->ann);
		l->ann = ann;
	}
	if (x) {
		for (i = 0; i < n; i++)
			x[i] = extra[perm[i]];
		memcpy(extra, x, n * sizeof(*x));
		free(x);
	}
	return 0;
}

int op25b_prefix_list_order(struct op25b_prefix_list *l, uint32_t *extra)
{
	uint32_t *perm;
	int ret;

	if (l->len < 2)
		return 0;
	if (l->len > UINT32_MAX)
		return -ENOMEM;
	perm = malloc(l->len * sizeof(*perm));
	if (!perm)
		return -ENOMEM;
	ret = order_of(l, perm);
	if (!ret)
		ret = permute(l, extra, perm);
	free(perm);
	return ret;
}

void op25b_prefix_list_unique(struct op25b_prefix_list *l, uint32_t *extra)
{
	size_t i, n = 0;

	if (!l->len)
		return;
	for (i = 1; i < l->len; i++) {
		if (!op25b_prefix_cmp(&l->v[n], &l->v[i]))
			continue;
		n++;
		l->v[n] = l->v[i];
		if (l->ann)
			l->ann[n] = l->ann[i];
		if (extra)
			extra[n] = extra[i];
	}
	l->len = n + 1;
}

int op25b_prefix_list_sort(struct op25b_prefix_list *l)
{
	int ret = op25b_prefix_list_order(l, NULL);

	if (!ret)
		op25b_prefix_list_unique(l, NULL);
	return ret;
}

void op25b_prefix_list_filter(struct op25b_prefix_list *l, uint32_t *extra,
			      bool (*keep)(const struct op25b_prefix_list *l,
					   size_t i, void *ctx),
			      void *ctx)
{
	size_t i, n = 0;

	for (i = 0; i < l->len; i++) {
		if (!keep(l, i, ctx))
			continue;
		l->v[n] = l->v[i];
		if (l->ann)
			l->ann[n] = l->ann[i];
		if (extra)
			extra[n] = extra[i];
		n++;
	}
	l->len = n;
}

void op25b_prefix_list_free(struct op25b_prefix_list *l)
{
	free(l->v);
	free(l->ann);
	free(l->annots);
	memset(l, 0, sizeof(*l));
}

const char *op25b_label_bad_char(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || strchr("._-:/@+", *s)))
			return s;
	return NULL;
}

bool op25b_label_valid(const char *s)
{
	size_t n = strnlen(s, OP25B_LABEL_MAX);

	return n && n < OP25B_LABEL_MAX && !op25b_label_bad_char(s);
}

static const char *const set_names[] = {
	[OP25B_SET_DYNAMIC] = "dynamic",
	[OP25B_SET_STATIC] = "static",
	[OP25B_SET_RELAY] = "relay",
};

static const char *const mode_names[] = {
	[OP25B_MODE_OFF] = "off",
	[OP25B_MODE_MONITOR] = "monitor",
	[OP25B_MODE_ENFORCE] = "enforce",
};

static const char *const action_names[] = {
	[OP25B_ACTION_DROP] = "drop",
	[OP25B_ACTION_REJECT] = "reject",
};

static const char *const log_names[] = {
	[OP25B_LOG_OFF] = "off",
	[OP25B_LOG_KERNEL] = "kernel",
	[OP25B_LOG_NFLOG] = "nflog",
};

static const char *const verdict_names[] = {
	[OP25B_VERDICT_ALLOWED] = "allowed",
	[OP25B_VERDICT_BLOCKED] = "blocked",
};

static const char *const reason_names[] = {
	[OP25B_REASON_OFF] = "off",
	[OP25B_REASON_PORT] = "port",
	[OP25B_REASON_NOT_DYNAMIC] = "not_dynamic",
	[OP25B_REASON_STATIC] = "static",
	[OP25B_REASON_RELAY] = "relay",
	[OP25B_REASON_BLOCKED] = "blocked",
};

#define NAME(table, v) ((v) < sizeof(table) / sizeof(table[0]) ? table[v] : NULL)

const char *op25b_set_name(unsigned int set)
{
	return NAME(set_names, set);
}

const char *op25b_mode_name(unsigned int mode)
{
	return NAME(mode_names, mode);
}

const char *op25b_action_name(unsigned int action)
{
	return NAME(action_names, action);
}

const char *op25b_log_name(unsigned int log)
{
	return NAME(log_names, log);
}

const char *op25b_verdict_name(unsigned int verdict)
{
	return NAME(verdict_names, verdict);
}

const char *op25b_reason_name(unsigned int reason)
{
	return NAME(reason_names, reason);
}

static int lookup(const char *const *names, unsigned int n, const char *s)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (names[i] && !strcmp(names[i], s))
			return i;
	return -1;
}

#define LOOKUP(table, s) lookup(table, sizeof(table) / sizeof(table[0]), s)

int op25b_set_lookup(const char *name)
{
	return LOOKUP(set_names, name);
}

int op25b_mode_lookup(const char *name)
{
	return LOOKUP(mode_names, name);
}

int op25b_action_lookup(const char *name)
{
	return LOOKUP(action_names, name);
}

int op25b_log_lookup(const char *name)
{
	return LOOKUP(log_names, name);
}

const char *op25b_name_or_number(const char *name, unsigned int v,
				 char buf[OP25B_NAME_BUF])
{
	if (name)
		return name;
	snprintf(buf, OP25B_NAME_BUF, "unknown(%u)", v);
	return buf;
}
