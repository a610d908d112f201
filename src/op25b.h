/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal declarations shared by the files of the op25b module.
 */
#ifndef OP25B_H
#define OP25B_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/netfilter.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>

#include "policy.h"
#include "stats.h"
#include "top.h"

struct sk_buff;

/*
 * struct op25b_net - the op25b state of one network namespace
 * @lock:	serialises every change to @policy and @txns; the packet
 *		path never takes it
 * @policy:	the published policy; RCU for readers, @lock for writers
 * @txns:	transactions staged by this namespace's sockets (txn.c)
 * @stats:	per-CPU packet counters
 * @top:	the sources of blocked and monitored segments
 * @expire_work: removes prefixes whose expiry has come (policy.c)
 * @ops:	this namespace's netfilter hooks, whose .priv points here
 */
struct op25b_net {
	struct mutex lock;	/* see above */
	struct op25b_policy __rcu *policy;
	struct list_head txns;
	struct op25b_stats __percpu *stats;
	struct op25b_top top;
	struct delayed_work expire_work;
	struct nf_hook_ops ops[2];
};

/* The published policy, for those holding on->lock. */
static inline struct op25b_policy *op25b_policy_locked(struct op25b_net *on)
{
	return rcu_dereference_protected(on->policy,
					 lockdep_is_held(&on->lock));
}

/* netns.c: per-namespace state, valid from namespace creation to exit. */
int op25b_netns_init(void);
void op25b_netns_uninit(void);
struct op25b_net *op25b_pernet(const struct net *net);

/* hooks.c: the packet path. */
void op25b_hooks_fill(struct op25b_net *on);

/*
 * What the packet parser found before the TCP ports. *thoff (the TCP
 * header's offset) is set for both TCP values, *dport for OP25B_L4_TCP.
 */
enum op25b_l4 op25b_parse4(const struct sk_buff *skb, u16 *dport,
			   unsigned int *thoff);
enum op25b_l4 op25b_parse6(const struct sk_buff *skb, u16 *dport,
			   unsigned int *thoff);

/* log.c: logging blocked and monitored connection attempts. */
struct netlink_ext_ack;
struct nf_hook_state;
/* Makes sure NFLOG can be logged to; may load nfnetlink_log. */
int op25b_log_nflog_get(struct netlink_ext_ack *extack);
void op25b_log_uninit(void);
/* Logs @pkt when it opens a connection (SYN without ACK). */
void op25b_log_segment(const struct op25b_policy *p,
		       const struct op25b_pkt *pkt, bool enforced,
		       const struct sk_buff *skb,
		       const struct nf_hook_state *state);

/* netlink.c: the generic netlink family. */
int op25b_genl_init(void);
void op25b_genl_uninit(void);
int op25b_nl_fill_status(struct sk_buff *skb, const struct net *net,
			 u32 portid, u32 seq);

/* txn.c: staged policy replacements, bound to the socket that made them. */
struct op25b_txn;
int op25b_txn_init(void);
void op25b_txn_uninit(void);
struct sock;
/*
 * The transaction of the socket @sk bound to @portid, or NULL. A
 * transaction left by an earlier socket on the same port id (it closed
 * and another took the id before the release notifier ran) is freed.
 * @sk NULL matches whichever socket holds @portid.
 */
struct op25b_txn *op25b_txn_find(struct op25b_net *on, u32 portid,
				 const struct sock *sk);
/*
 * Stages a transaction on @params, a new policy with empty sets, which it
 * takes over on success (0); on failure the caller still owns it.
 */
int op25b_txn_begin(struct op25b_net *on, u32 portid, const struct sock *sk,
		    struct op25b_policy *params);
/* Stages @n elements of @set/@family, and @notes (may be NULL) of them. */
int op25b_txn_add(struct op25b_txn *txn, u8 set, u8 family,
		  const void *elems, u32 n, const struct op25b_nlist *notes);
struct op25b_policy *op25b_txn_build(struct op25b_net *on,
				     struct op25b_txn *txn,
				     struct netlink_ext_ack *extack);
void op25b_txn_free(struct op25b_net *on, struct op25b_txn *txn);
void op25b_txn_free_all(struct op25b_net *on);

#endif /* OP25B_H */
