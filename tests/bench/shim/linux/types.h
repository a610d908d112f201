/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for <linux/types.h>, only as much as src/table.c
 * needs. u128 is left to src/compat.h (OP25B_HAVE_U128 is not defined
 * here), as on kernels before 6.5.
 */
#ifndef OP25B_SHIM_TYPES_H
#define OP25B_SHIM_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

#define U32_MAX	UINT32_MAX

/* The kernel gets this from compiler_attributes.h, included everywhere. */
#define __packed __attribute__((__packed__))

#endif
