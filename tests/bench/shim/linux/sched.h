/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for <linux/sched.h>: nothing to yield to. */
#ifndef OP25B_SHIM_SCHED_H
#define OP25B_SHIM_SCHED_H

static inline void cond_resched(void)
{
}

#endif
