/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The differences between the kernels op25b builds for (Debian's 6.1 and
 * 6.12), each hidden here once so that the rest of the code reads as if
 * written for the newest. Kbuild probes the kernel's headers for features
 * (OP25B_HAVE_*) instead of comparing version numbers, which distribution
 * backports make unreliable.
 */
#ifndef OP25B_COMPAT_H
#define OP25B_COMPAT_H

#include <linux/types.h>

/* linux/types.h has u128 since 6.5; amd64 has __int128 in both. */
#ifndef OP25B_HAVE_U128
#define u128 unsigned __int128
#endif

/*
 * The attributes of a dump request: since 6.2 through genl_info_dump(),
 * before in struct genl_dumpit_info itself.
 */
#ifdef OP25B_HAVE_GENL_INFO_DUMP
#define op25b_dump_attrs(cb) (genl_info_dump(cb)->attrs)
#else
#define op25b_dump_attrs(cb) (genl_dumpit_info(cb)->attrs)
#endif

#endif /* OP25B_COMPAT_H */
