/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A whole op25b policy in userspace: what a policy file parses into, what
 * apply sends and what save reads back. Also the names of the UAPI's enum
 * values, as the file format and the output spell them.
 */
#ifndef OP25BCTL_POLICY_H
#define OP25BCTL_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/op25b.h>

#include "prefix.h"

#define OP25B_SET_COUNT		(OP25B_SET_MAX + 1)

/*
 * What a prefix of a set may carry besides itself (the UAPI's "Prefixes"):
 * a label, mostly naming the access service of a dynamic pool, and an
 * expiry, mostly ending a temporary opt-out in static. Zero means none.
 */
struct op25b_annot {
	uint64_t expires;		/* seconds since the epoch; 0: none */
	char label[OP25B_LABEL_MAX];	/* NUL-terminated; "": none */
};

/*
 * A growable array of prefixes, and their annotations beside it: a list
 * of millions of prefixes without any annotation (most lists) costs
 * nothing more than the prefixes. ann stays NULL until the first
 * annotated prefix comes; then ann[i] is the index in annots of v[i]'s
 * annotation, 0 for none (annots[0] is never used). Prefixes added one
 * after the other with equal annotations (a line of a policy file, a run
 * of a dump) share one entry of annots.
 */
struct op25b_prefix_list {
	struct op25b_prefix *v;
	size_t len;
	size_t cap;
	uint32_t *ann;
	size_t ann_cap;
	struct op25b_annot *annots;
	size_t nannots;
	size_t annots_cap;
};

struct op25b_policy {
	uint8_t mode;		/* enum op25b_mode */
	uint8_t action;		/* enum op25b_action */
	uint8_t nports;
	uint16_t ports[OP25B_PORTS_MAX];
	uint64_t enforce_at;	/* seconds since the epoch; 0: none */
	uint8_t log;		/* enum op25b_log */
	uint16_t log_group;	/* NFLOG group, with OP25B_LOG_NFLOG */
	struct op25b_prefix_list sets[OP25B_SET_COUNT];
};

/* The policy of a new namespace: enforce, drop, port 25, empty sets. */
void op25b_policy_init(struct op25b_policy *p);
void op25b_policy_free(struct op25b_policy *p);

/* Same settings, ports (in order) and prefixes (in order). */
bool op25b_policy_equal(const struct op25b_policy *a,
			const struct op25b_policy *b);

/*
 * Makes room for one more element of size bytes in the array *v of *cap
 * elements, len of them used, doubling it when full. Returns 0 or -ENOMEM
 * (*v untouched).
 */
int op25b_array_grow(void **v, size_t *cap, size_t len, size_t size);

/* Appends a copy of p, without annotations. Returns 0 or -ENOMEM. */
int op25b_prefix_list_add(struct op25b_prefix_list *l,
			  const struct op25b_prefix *p);

/* Appends a copy of p annotated with *a (NULL: none). 0 or -ENOMEM. */
int op25b_prefix_list_add_annot(struct op25b_prefix_list *l,
				const struct op25b_prefix *p,
				const struct op25b_annot *a);

/* The annotations of l->v[i], or NULL when it has none. */
const struct op25b_annot *op25b_prefix_list_annot(const struct op25b_prefix_list *l,
						  size_t i);

/*
 * Sorts the list in the kernel's dump order (op25b_prefix_cmp()), keeping
 * repeats in the order they were added. extra, if not NULL, is an array of
 * l->len values that moves with the prefixes (config.c keeps the line of
 * each prefix there). Returns 0 or -ENOMEM (the list untouched).
 */
int op25b_prefix_list_order(struct op25b_prefix_list *l, uint32_t *extra);

/* On a list in order: keeps the first of each repeated prefix (and its extra). */
void op25b_prefix_list_unique(struct op25b_prefix_list *l, uint32_t *extra);

/*
 * Both: the list then says what the kernel will hold, as it stores a
 * repeated prefix once. Returns 0 or -ENOMEM (the list untouched).
 */
int op25b_prefix_list_sort(struct op25b_prefix_list *l);

/*
 * Keeps only the prefixes for which keep() is true, in their order; extra
 * as for op25b_prefix_list_order().
 */
void op25b_prefix_list_filter(struct op25b_prefix_list *l, uint32_t *extra,
			      bool (*keep)(const struct op25b_prefix_list *l,
					   size_t i, void *ctx),
			      void *ctx);

bool op25b_annot_none(const struct op25b_annot *a);
/* NULL counts as none. */
bool op25b_annot_equal(const struct op25b_annot *a,
		       const struct op25b_annot *b);

/*
 * The first character of s that a label may not hold (anything but A-Z
 * a-z 0-9 . _ - : / @ +), or NULL. The length is checked apart.
 */
const char *op25b_label_bad_char(const char *s);
/* 1 to OP25B_LABEL_MAX - 1 characters, none of them bad. */
bool op25b_label_valid(const char *s);

void op25b_prefix_list_free(struct op25b_prefix_list *l);

/* Names as the file format spells them; NULL for an unknown value. */
const char *op25b_set_name(unsigned int set);
const char *op25b_mode_name(unsigned int mode);
const char *op25b_action_name(unsigned int action);
const char *op25b_log_name(unsigned int log);
const char *op25b_verdict_name(unsigned int verdict);
/* "not_dynamic" and so on, as in op25bctl -j test. */
const char *op25b_reason_name(unsigned int reason);

/* The value with that name, or -1. */
int op25b_set_lookup(const char *name);
int op25b_mode_lookup(const char *name);
int op25b_action_lookup(const char *name);
int op25b_log_lookup(const char *name);

/*
 * The name, or "unknown(N)" written to buf for a value a newer module
 * knows and this op25bctl does not.
 */
#define OP25B_NAME_BUF 24
const char *op25b_name_or_number(const char *name, unsigned int v,
				 char buf[OP25B_NAME_BUF]);

#endif /* OP25BCTL_POLICY_H */
