/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for <linux/slab.h>: the C library's allocator. */
#ifndef OP25B_SHIM_SLAB_H
#define OP25B_SHIM_SLAB_H

#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "kernel.h"

#define GFP_KERNEL		0
#define GFP_KERNEL_ACCOUNT	0
#define __GFP_NORETRY		0
#define __GFP_NOWARN		0

/*
 * Bytes the shim's allocations hold now, and the most they held since
 * the benchmark last set shim_heap_peak; whether every allocation is
 * zeroed, as the kernel's are with CONFIG_INIT_ON_ALLOC_DEFAULT_ON (Debian's
 * kernels). lookup.c defines all three.
 */
extern size_t shim_heap_now, shim_heap_peak;
extern int shim_zero;

static inline void *shim_held(void *p)
{
	if (p) {
		if (shim_zero)
			memset(p, 0, malloc_usable_size(p));
		shim_heap_now += malloc_usable_size(p);
		if (shim_heap_now > shim_heap_peak)
			shim_heap_peak = shim_heap_now;
	}
	return p;
}

static inline void shim_free(const void *p)
{
	if (p)
		shim_heap_now -= malloc_usable_size((void *)p);
	free((void *)p);
}

static inline void *kmalloc(size_t size, int gfp)
{
	(void)gfp;
	return shim_held(malloc(size));
}

static inline void *kzalloc(size_t size, int gfp)
{
	(void)gfp;
	return shim_held(calloc(1, size));
}

static inline void kfree(const void *p)
{
	shim_free(p);
}

#endif
