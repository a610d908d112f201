/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for <linux/string.h>: the C library's. */
#ifndef OP25B_SHIM_STRING_H
#define OP25B_SHIM_STRING_H

#include <string.h>

#endif
