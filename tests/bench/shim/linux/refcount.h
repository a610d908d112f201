/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for <linux/refcount.h>: one thread, a plain int. */
#ifndef OP25B_SHIM_REFCOUNT_H
#define OP25B_SHIM_REFCOUNT_H

#include <stdbool.h>

typedef struct {
	int refs;
} refcount_t;

static inline void refcount_set(refcount_t *r, int n)
{
	r->refs = n;
}

static inline void refcount_inc(refcount_t *r)
{
	r->refs++;
}

static inline unsigned int refcount_read(const refcount_t *r)
{
	return (unsigned int)r->refs;
}

static inline bool refcount_dec_and_test(refcount_t *r)
{
	return --r->refs == 0;
}

#endif
