/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for <linux/kmemleak.h>: nothing to tell. */
#ifndef OP25B_SHIM_KMEMLEAK_H
#define OP25B_SHIM_KMEMLEAK_H

#include <stddef.h>

static inline void kmemleak_alloc(const void *p, size_t size, int min_count,
				  int gfp)
{
	(void)p;
	(void)size;
	(void)min_count;
	(void)gfp;
}

static inline void kmemleak_no_scan(const void *p)
{
	(void)p;
}

static inline void kmemleak_free(const void *p)
{
	(void)p;
}

#endif
