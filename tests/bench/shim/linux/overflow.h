/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for <linux/overflow.h>: struct_size(). */
#ifndef OP25B_SHIM_OVERFLOW_H
#define OP25B_SHIM_OVERFLOW_H

#include <stddef.h>
#include <stdint.h>

/* The kernel's saturates at SIZE_MAX on overflow; so does this one. */
static inline size_t shim_struct_size(size_t base, size_t elem, size_t n)
{
	if (elem && n > (SIZE_MAX - base) / elem)
		return SIZE_MAX;
	return base + elem * n;
}

#define struct_size(p, member, n) \
	shim_struct_size(sizeof(*(p)), sizeof(*(p)->member), (n))

#endif
