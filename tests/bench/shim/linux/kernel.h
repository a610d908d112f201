/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for the bits of <linux/kernel.h> (linux/minmax.h)
 * that src/table.c uses, reached in the kernel through its other headers.
 */
#ifndef OP25B_SHIM_KERNEL_H
#define OP25B_SHIM_KERNEL_H

/* Like the kernel's min() and max(): each argument evaluated once. */
#define min(a, b) ({			\
	__typeof__(a) _a = (a);		\
	__typeof__(b) _b = (b);		\
	_a < _b ? _a : _b; })

#define max(a, b) ({			\
	__typeof__(a) _a = (a);		\
	__typeof__(b) _b = (b);		\
	_a > _b ? _a : _b; })

#define min_t(type, a, b) min((type)(a), (type)(b))
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))

#define swap(a, b) do {			\
	__typeof__(a) _t = (a);		\
	(a) = (b);			\
	(b) = _t; } while (0)

#endif
