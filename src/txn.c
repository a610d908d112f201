// SPDX-License-Identifier: GPL-2.0
/*
 * Staged replacements of a whole policy (OP25B_CMD_TXN_*).
 *
 * A policy far larger than one netlink message is sent in chunks into a
 * transaction that belongs to the sending socket (namespace and port id).
 * Chunks are appended unsorted; the commit sorts, drops repeats, compiles
 * and publishes in one step. Nothing is visible to packets before that.
 * An aborted transaction, or one whose socket closes (the netlink
 * NETLINK_URELEASE notifier), is freed with everything it staged.
 */

#include <linux/err.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/netlink.h>
#include <linux/notifier.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "op25b.h"

/*
 * struct op25b_txn - one socket's staged policy
 * @sk:		the socket that began it, to tell it from a later socket
 *		that reused the port id
 * @params:	the new policy's settings; its lists hold the
 *		staged prefixes as sent, leaf by leaf (packed, sorted and
 *		without repeats once a commit got as far as them), and its
 *		notes those of the annotated ones, with @ncap allocated
 */
struct op25b_txn {
	struct list_head node;
	u32 portid;
	const struct sock *sk;	/* identity only, never dereferenced */
	struct op25b_policy *params;
	u32 ncap[__OP25B_SET_MAX][OP25B_NFAMILIES];
};

struct op25b_txn *op25b_txn_find(struct op25b_net *on, u32 portid,
				 const struct sock *sk)
{
	struct op25b_txn *txn;

	lockdep_assert_held(&on->lock);
	list_for_each_entry(txn, &on->txns, node) {
		if (txn->portid != portid)
			continue;
		if (sk && txn->sk != sk) {
			op25b_txn_free(on, txn);
			return NULL;
		}
		return txn;
	}
	return NULL;
}

int op25b_txn_begin(struct op25b_net *on, u32 portid, const struct sock *sk,
		    struct op25b_policy *params)
{
	struct op25b_txn *txn;

	lockdep_assert_held(&on->lock);
	if (op25b_txn_find(on, portid, sk))
		return -EBUSY;
	txn = kzalloc(sizeof(*txn), GFP_KERNEL_ACCOUNT);
	if (!txn)
		return -ENOMEM;
	txn->portid = portid;
	txn->sk = sk;
	txn->params = params;
	list_add(&txn->node, &on->txns);
	return 0;
}

/*
 * Appends @add's notes to the staged ones, growing them by a quarter at a
 * time: more copying than doubling, but at most a quarter of slack, which
 * lives beside the old policy and the new one until the notes are compacted.
 */
static int txn_add_notes(struct op25b_txn *txn, u8 set, u8 family,
			 const struct op25b_nlist *add)
{
	struct op25b_nlist *l = txn->params->notes[set][family], *c;
	u32 have = l ? l->count : 0, cap;
	u64 want = (u64)have + add->count;

	if (want > txn->ncap[set][family]) {
		if (want > op25b_max_prefixes)
			return -ENOSPC;
		cap = max_t(u64, want, min_t(u64, (u64)have + have / 4 + 64,
					     op25b_max_prefixes));
		c = op25b_nlist_alloc(cap);
		if (!c)
			return -ENOMEM;
		c->count = have;
		if (have)
			memcpy(c->n, l->n, have * sizeof(c->n[0]));
		op25b_policy_set_notes(txn->params, set, family, c);
		txn->ncap[set][family] = cap;
		l = c;
	}
	memcpy(&l->n[have], add->n, add->count * sizeof(add->n[0]));
	l->count += add->count;
	return 0;
}

/*
 * The staged list grows leaf by leaf (op25b_plist_append()): no array to
 * regrow and copy, and no slack beyond its last leaf.
 */
int op25b_txn_add(struct op25b_txn *txn, u8 set, u8 family,
		  const void *elems, u32 n, const struct op25b_nlist *notes)
{
	struct op25b_plist **lp = &txn->params->sets[set][family];
	int ret;

	if ((u64)(*lp)->count + n > op25b_max_prefixes)
		return -ENOSPC;
	if (notes) {
		ret = txn_add_notes(txn, set, family, notes);
		if (ret)
			return ret;
	}
	ret = op25b_plist_append(lp, elems, n);
	if (ret && notes)
		txn->params->notes[set][family]->count -= notes->count;
	return ret;
}

/*
 * Replaces a staged list, in @p and in @txn alike, by the finished one
 * (op25b_plist_finish()): in the usual case, prefixes sent in order, its
 * own leaves, the last trimmed, so that staging costs no copy of the
 * list, and whatever the staged list held beyond them goes at once,
 * before the maps are built, not with the transaction. The transaction
 * then holds the same prefixes, sorted, which changes nothing it means.
 */
static int list_compact(struct op25b_txn *txn, struct op25b_policy *p,
			u8 set, u8 family)
{
	struct op25b_plist *c;

	c = op25b_plist_finish(p->sets[set][family]);
	if (IS_ERR(c))
		return PTR_ERR(c);
	op25b_policy_set_list(p, set, family, c);
	op25b_policy_set_list(txn->params, set, family, op25b_plist_get(c));
	return 0;
}

/* The same for the staged notes; a prefix annotated twice differently fails. */
static int notes_compact(struct op25b_policy *p, u8 set, u8 family,
			 struct netlink_ext_ack *extack)
{
	struct op25b_nlist *l = p->notes[set][family], *c;
	union op25b_elem bad;
	int ret;

	if (!l)
		return 0;
	ret = op25b_nlist_sort(family, l, &bad);
	if (ret == -EINVAL)
		NL_SET_ERR_MSG(extack,
			       "a prefix was staged twice with different labels or expiry");
	if (ret)
		return ret;
	c = op25b_nlist_alloc(l->count);
	if (!c)
		return -ENOMEM;
	memcpy(c->n, l->n, l->count * sizeof(c->n[0]));
	c->next_expiry = l->next_expiry;
	op25b_policy_set_notes(p, set, family, c);
	return 0;
}

/*
 * Turns the staged lists into a policy ready to publish, leaving what the
 * transaction means as it was on failure. The caller frees the transaction.
 */
struct op25b_policy *op25b_txn_build(struct op25b_net *on,
				     struct op25b_txn *txn,
				     struct netlink_ext_ack *extack)
{
	struct op25b_policy *p;
	unsigned int s, f;
	int ret;

	lockdep_assert_held(&on->lock);
	p = op25b_policy_clone(txn->params);
	if (!p)
		return ERR_PTR(-ENOMEM);
	for (f = 0; f < OP25B_NFAMILIES; f++) {
		for (s = 0; s < __OP25B_SET_MAX; s++) {
			ret = list_compact(txn, p, s, f);
			if (!ret)
				ret = notes_compact(p, s, f, extack);
			if (ret)
				goto fail;
		}
		ret = op25b_policy_compile(p, f, OP25B_SET_DYNAMIC);
		if (!ret)
			ret = op25b_policy_compile(p, f, OP25B_SET_RELAY);
		if (ret)
			goto fail;
	}
	return p;

fail:
	op25b_policy_free(p);
	return ERR_PTR(ret);
}

void op25b_txn_free(struct op25b_net *on, struct op25b_txn *txn)
{
	lockdep_assert_held(&on->lock);
	list_del(&txn->node);
	op25b_policy_free(txn->params);
	kfree(txn);
}

void op25b_txn_free_all(struct op25b_net *on)
{
	struct op25b_txn *txn, *tmp;

	list_for_each_entry_safe(txn, tmp, &on->txns, node)
		op25b_txn_free(on, txn);
}

/* A closing generic netlink socket takes its transaction with it. */
static int op25b_txn_release(struct notifier_block *nb, unsigned long event,
			     void *ptr)
{
	struct netlink_notify *n = ptr;
	struct op25b_net *on;
	struct op25b_txn *txn;

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC)
		return NOTIFY_DONE;
	on = op25b_pernet(n->net);
	mutex_lock(&on->lock);
	txn = op25b_txn_find(on, n->portid, NULL);
	if (txn)
		op25b_txn_free(on, txn);
	mutex_unlock(&on->lock);
	return NOTIFY_DONE;
}

static struct notifier_block op25b_txn_notifier = {
	.notifier_call = op25b_txn_release,
};

int __init op25b_txn_init(void)
{
	return netlink_register_notifier(&op25b_txn_notifier);
}

void op25b_txn_uninit(void)
{
	netlink_unregister_notifier(&op25b_txn_notifier);
}
