// SPDX-License-Identifier: GPL-2.0
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
		if (op25b_prefix_cmp(&a->v[i], &b->v[i]))
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

int op25b_array_grow(void **v, size_t *cap, size_t len, size_t size)
{
	size_t n;
	void *p;

	if (len < *cap)
		return 0;
	n = *cap ? *cap * 2 : 64;
	if (n > SIZE_MAX / size)
		return -ENOMEM;
	p = realloc(*v, n * size);
	if (!p)
		return -ENOMEM;
	*v = p;
	*cap = n;
	return 0;
}

int op25b_prefix_list_add(struct op25b_prefix_list *l,
			  const struct op25b_prefix *p)
{
	if (op25b_array_grow((void **)&l->v, &l->cap, l->len, sizeof(*l->v)))
		return -ENOMEM;
	l->v[l->len++] = *p;
	return 0;
}

static int cmp_cb(const void *a, const void *b)
{
	return op25b_prefix_cmp(a, b);
}

void op25b_prefix_list_sort(struct op25b_prefix_list *l)
{
	size_t i, n = 0;

	if (!l->len)
		return;
	qsort(l->v, l->len, sizeof(*l->v), cmp_cb);
	for (i = 1; i < l->len; i++)
		if (op25b_prefix_cmp(&l->v[n], &l->v[i]))
			l->v[++n] = l->v[i];
	l->len = n + 1;
}

void op25b_prefix_list_free(struct op25b_prefix_list *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
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
