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
	return malloc(size);
}

static inline void *kvmalloc_array(size_t n, size_t size, int gfp)
{
	(void)gfp;
	if (size && n > SIZE_MAX / size)
		return NULL;
	return malloc(n * size);
}

static inline void *kvcalloc(size_t n, size_t size, int gfp)
{
	(void)gfp;
	return calloc(n, size);
}

static inline void *kvzalloc(size_t size, int gfp)
{
	(void)gfp;
	return calloc(1, size);
}

static inline void kvfree(const void *p)
{
	free((void *)p);
}

#endif
