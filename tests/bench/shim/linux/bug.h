/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for <linux/bug.h>: WARN_ON_ONCE() prints once. */
#ifndef OP25B_SHIM_BUG_H
#define OP25B_SHIM_BUG_H

#include <stdio.h>

#define WARN_ON_ONCE(cond) ({						\
	static int _warned;						\
	int _c = !!(cond);						\
	if (_c && !_warned) {						\
		_warned = 1;						\
		fprintf(stderr, "WARNING: %s:%d: %s\n", __FILE__,	\
			__LINE__, #cond);				\
	}								\
	_c; })

#endif
