/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A namespace's whole policy, as the packet path sees it, and the verdict
 * computed from it. No netfilter and no netlink in here.
 */
#ifndef OP25B_POLICY_H
#define OP25B_POLICY_H

#include <linux/timekeeping.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include <uapi/linux/op25b.h>

#include "notes.h"
#include "table.h"

struct op25b_net;

/*
 * struct op25b_policy - an immutable policy
 *
 * Built aside, published with op25b_policy_publish() and never changed
 * afterwards; a change builds a new one (op25b_policy_clone()) that
 * shares every list and map it does not touch.
 *
 * @generation:	the namespace's generation once this policy is published
 * @enforce_at:	seconds since the epoch from which monitor enforces; 0: never
 * @log:	enum op25b_log, with @log_group for NFLOG
 * @sets:	the prefix lists, never NULL (an empty list is a list)
 * @notes:	the annotated prefixes of each list; NULL when none is
 * @src:	dynamic and static compiled into enum op25b_src_class values
 * @relay:	relay compiled into 0/1
 */
struct op25b_policy {
	struct rcu_work free_work;
	u32 generation;
	u64 enforce_at;
	u8 mode;
	u8 action;
	u8 log;
	u8 nports;
	u16 log_group;
	u16 ports[OP25B_PORTS_MAX];
	struct op25b_plist *sets[__OP25B_SET_MAX][OP25B_NFAMILIES];
	struct op25b_nlist *notes[__OP25B_SET_MAX][OP25B_NFAMILIES];
	struct op25b_rmap *src[OP25B_NFAMILIES];
	struct op25b_rmap *relay[OP25B_NFAMILIES];
};

/* Upper bound of prefixes per set and family (module parameter). */
extern unsigned int op25b_max_prefixes;

int op25b_policy_init(void);
void op25b_policy_uninit(void);

/* A new namespace's policy: enforce, drop, port 25, empty sets. */
struct op25b_policy *op25b_policy_new(void);
/* A copy sharing every list and map of @p. */
struct op25b_policy *op25b_policy_clone(const struct op25b_policy *p);
/* Replaces @p's list of @set/@family by @l, taking over the reference. */
void op25b_policy_set_list(struct op25b_policy *p, u8 set, u8 family,
			   struct op25b_plist *l);
/* Replaces @p's notes of @set/@family by @l, taking over the reference. */
void op25b_policy_set_notes(struct op25b_policy *p, u8 set, u8 family,
			    struct op25b_nlist *l);
/*
 * Adds the @n sorted prefixes @elems, and @notes (or none) of them, to
 * @p's @set/@family and rebuilds its map; removes them, and their notes,
 * for op25b_policy_del(). Errors as op25b_plist_add() and _del() give
 * them (*bad set for -EEXIST and -ENOENT), or -ENOMEM, after which @p
 * may hold part of the change: the caller frees it unpublished.
 */
int op25b_policy_add(struct op25b_policy *p, u8 set, u8 family,
		     const void *elems, u32 n, const struct op25b_nlist *notes,
		     u32 max, u32 *bad);
int op25b_policy_del(struct op25b_policy *p, u8 set, u8 family,
		     const void *elems, u32 n, u32 *bad);
/* Rebuilds the map of @family that @set's list feeds. */
int op25b_policy_compile(struct op25b_policy *p, u8 family, u8 set);
/* Frees an unpublished policy now. */
void op25b_policy_free(struct op25b_policy *p);
/* Frees a policy that packets may still see, after a grace period. */
void op25b_policy_free_rcu(struct op25b_policy *p);
/*
 * Makes @p the namespace's policy; the old one goes after a grace period.
 * Schedules the removal of @p's next prefix to expire.
 */
void op25b_policy_publish(struct op25b_net *on, struct op25b_policy *p);
/* The namespace's expiry work (struct op25b_net's expire_work). */
void op25b_policy_expire_work(struct work_struct *work);
/* Stops it for good: the namespace is going. */
void op25b_policy_expire_stop(struct op25b_net *on);
size_t op25b_policy_bytes(const struct op25b_policy *p);

/*
 * The mode in force now: a monitor policy with a cut-over enforces from
 * that second of the real-time clock on. Cheap (one load of the cached
 * clock), and only reached for segments to an enforced port.
 */
static inline u8 op25b_policy_mode(const struct op25b_policy *p)
{
	if (p->mode == OP25B_MODE_MONITOR && p->enforce_at &&
	    ktime_get_real_seconds() >= (time64_t)p->enforce_at)
		return OP25B_MODE_ENFORCE;
	return p->mode;
}

static inline bool op25b_policy_port(const struct op25b_policy *p, u16 port)
{
	unsigned int i;

	for (i = 0; i < p->nports; i++)
		if (p->ports[i] == port)
			return true;
	return false;
}

/*
 * The verdict, shared by the packet path and the TEST command. Addresses
 * in host byte order. @port_known is false for a first fragment too short
 * to carry the port: it is then treated as enforced.
 */
static inline enum op25b_reason
op25b_policy_classify(const struct op25b_policy *p, u8 family,
		      const u64 src[2], const u64 dst[2], u16 port,
		      bool port_known)
{
	u8 c;

	if (p->mode == OP25B_MODE_OFF)
		return OP25B_REASON_OFF;
	if (port_known && !op25b_policy_port(p, port))
		return OP25B_REASON_PORT;
	if (family == OP25B_V4)
		c = op25b_rmap_lookup4(p->src[OP25B_V4], (u32)src[1]);
	else
		c = op25b_rmap_lookup6(p->src[OP25B_V6], src[0], src[1]);
	if (c == OP25B_SRC_OTHER)
		return OP25B_REASON_NOT_DYNAMIC;
	if (c == OP25B_SRC_STATIC)
		return OP25B_REASON_STATIC;
	if (family == OP25B_V4)
		c = op25b_rmap_lookup4(p->relay[OP25B_V4], (u32)dst[1]);
	else
		c = op25b_rmap_lookup6(p->relay[OP25B_V6], dst[0], dst[1]);
	return c ? OP25B_REASON_RELAY : OP25B_REASON_BLOCKED;
}

#endif /* OP25B_POLICY_H */
