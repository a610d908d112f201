/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal declarations shared by the files of the op25b module.
 */
#ifndef OP25B_H
#define OP25B_H

#include <linux/mutex.h>
#include <linux/types.h>
#include <net/net_namespace.h>

struct sk_buff;

/*
 * struct op25b_net - the op25b state of one network namespace
 * @lock:	serialises every change to this namespace's policy; the
 *		packet path never takes it
 * @generation:	bumped under @lock by every policy change; read locklessly
 *		(READ_ONCE) by status requests
 */
struct op25b_net {
	struct mutex lock;	/* see above */
	u32 generation;
};

/* netns.c: per-namespace state, valid from namespace creation to exit. */
int op25b_netns_init(void);
void op25b_netns_uninit(void);
struct op25b_net *op25b_pernet(const struct net *net);

/* netlink.c: the generic netlink family. */
int op25b_genl_init(void);
void op25b_genl_uninit(void);
int op25b_nl_fill_status(struct sk_buff *skb, const struct net *net,
			 u32 portid, u32 seq);

#endif /* OP25B_H */
