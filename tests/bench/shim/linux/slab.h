/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for <linux/slab.h>: the C library's allocator. */
#ifndef OP25B_SHIM_SLAB_H
#define OP25B_SHIM_SLAB_H

#include <stdlib.h>

#include "kernel.h"

#define GFP_KERNEL		0
#define GFP_KERNEL_ACCOUNT	0

static inline void *kmalloc(size_t size, int gfp)
{
	(void)gfp;
	return malloc(size);
}

static inline void *kzalloc(size_t size, int gfp)
{
	(void)gfp;
	return calloc(1, size);
}

static inline void kfree(const void *p)
{
	free((void *)p);
}

#endif
