// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE /* qsort_r */
#include <errno.h>
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

static int cmp_cb(const void *a, const void *b)
{
	return op25b_prefix_cmp(a, b);
}

/* Positions into v; equal prefixes keep the order they were added in. */
static int cmp_index_cb(const void *a, const void *b, void *arg)
{
	const struct op25b_prefix *v = arg;
	uint32_t i = *(const uint32_t *)a, j = *(const uint32_t *)b;
	int ret = op25b_prefix_cmp(&v[i], &v[j]);

	return ret ? ret : (i > j) - (i < j);
}

/*
 * New element i is old element perm[i], in v, ann and extra alike: done
 * in place, one cycle of the permutation at a time, so that sorting a
 * list with annotations costs a 4-byte index per prefix and not a second
 * copy of everything.
 */
static void permute(struct op25b_prefix_list *l, uint32_t *extra,
		    uint32_t *perm)
{
	uint32_t ann = 0, x = 0;
	struct op25b_prefix p;
	size_t i, j, k;

	for (i = 0; i < l->len; i++) {
		if (perm[i] == i)
			continue;
		p = l->v[i];
		if (l->ann)
			ann = l->ann[i];
		if (extra)
			x = extra[i];
		for (j = i;; j = k) {
			k = perm[j];
			perm[j] = j;
			if (k == i)
				break;
			l->v[j] = l->v[k];
			if (l->ann)
				l->ann[j] = l->ann[k];
			if (extra)
				extra[j] = extra[k];
		}
		l->v[j] = p;
		if (l->ann)
			l->ann[j] = ann;
		if (extra)
			extra[j] = x;
	}
}

int op25b_prefix_list_order(struct op25b_prefix_list *l, uint32_t *extra)
{
	uint32_t *perm;
	size_t i;

	if (l->len < 2)
		return 0;
	/* Nothing moves along: the prefixes alone, as ever. */
	if (!l->ann && !extra) {
		qsort(l->v, l->len, sizeof(*l->v), cmp_cb);
		return 0;
	}
	if (l->len > UINT32_MAX)
		return -ENOMEM;
	perm = malloc(l->len * sizeof(*perm));
	if (!perm)
		return -ENOMEM;
	for (i = 0; i < l->len; i++)
		perm[i] = i;
	qsort_r(perm, l->len, sizeof(*perm), cmp_index_cb, l->v);
	permute(l, extra, perm);
	free(perm);
	return 0;
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
