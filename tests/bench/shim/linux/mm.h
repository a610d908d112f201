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

#define PAGE_SIZE	4096UL
#define PAGE_ALIGN(x)	(((x) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))

/* The page allocator and vmalloc, both the C library's heap here. */
static inline void *alloc_pages_exact(size_t size, int gfp)
{
	(void)gfp;
	return shim_held(malloc(size));
}

static inline void free_pages_exact(void *p, size_t size)
{
	(void)size;
	shim_free(p);
}

static inline void *__vmalloc(size_t size, int gfp)
{
	(void)gfp;
	return shim_held(malloc(size));
}

static inline void vfree(const void *p)
{
	shim_free(p);
}

/* Never: every block here is freed as alloc_pages_exact() memory. */
static inline int is_vmalloc_addr(const void *p)
{
	(void)p;
	return 0;
}

#endif
