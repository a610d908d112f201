/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for <linux/mm.h>: kvmalloc() and friends. */
#ifndef OP25B_SHIM_MM_H
#define OP25B_SHIM_MM_H

#include <stdint.h>
#include <stdlib.h>

#include "slab.h"

static inline void *kvmalloc(size_t size, int gfp)
{
	(void)gfp;
	return shim_held(malloc(size));
}

static inline void *kvmalloc_array(size_t n, size_t size, int gfp)
{
	(void)gfp;
	if (size && n > SIZE_MAX / size)
		return NULL;
	return shim_held(malloc(n * size));
}

static inline void *kvcalloc(size_t n, size_t size, int gfp)
{
	(void)gfp;
	return shim_held(calloc(n, size));
}

static inline void *kvzalloc(size_t size, int gfp)
{
	(void)gfp;
	return shim_held(calloc(1, size));
}

static inline void kvfree(const void *p)
{
	shim_free(p);
}

#endif
