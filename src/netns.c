// SPDX-License-Identifier: GPL-2.0
/*
 * Per-network-namespace state. Every namespace, including ones created
 * after the module is loaded, gets its own struct op25b_net with a fresh
 * policy (enforce, drop, port 25, empty sets: nothing blocked), its
 * counters and its netfilter hooks. The netns core allocates and zeroes
 * the struct (.size) before op25b_net_init() and frees it after
 * op25b_net_exit().
 */

#include <linux/mutex.h>
#include <linux/netfilter.h>
#include <net/netns/generic.h>

#include "op25b.h"

static unsigned int op25b_net_id __read_mostly;

struct op25b_net *op25b_pernet(const struct net *net)
{
	return net_generic(net, op25b_net_id);
}

static int __net_init op25b_net_init(struct net *net)
{
	struct op25b_net *on = op25b_pernet(net);
	struct op25b_policy *p;
	int ret;

	mutex_init(&on->lock);
	INIT_LIST_HEAD(&on->txns);
	INIT_DELAYED_WORK(&on->expire_work, op25b_policy_expire_work);
	on->stats = op25b_stats_alloc();
	if (!on->stats) {
		ret = -ENOMEM;
		goto err_stats;
	}
	ret = op25b_top_net_init(&on->top);
	if (ret)
		goto err_top;
	p = op25b_policy_new();
	if (!p) {
		ret = -ENOMEM;
		goto err_policy;
	}
	RCU_INIT_POINTER(on->policy, p);

	op25b_hooks_fill(on);
	ret = nf_register_net_hooks(net, on->ops, ARRAY_SIZE(on->ops));
	if (ret)
		goto err_hooks;
	return 0;

err_hooks:
	op25b_policy_free(p);
err_policy:
	op25b_top_net_exit(&on->top);
err_top:
	op25b_stats_free(on->stats);
err_stats:
	mutex_destroy(&on->lock);
	return ret;
}

static void __net_exit op25b_net_exit(struct net *net)
{
	struct op25b_net *on = op25b_pernet(net);

	/* Waits for packets in flight: nothing reads the policy after it. */
	nf_unregister_net_hooks(net, on->ops, ARRAY_SIZE(on->ops));
	op25b_policy_expire_stop(on);
	mutex_lock(&on->lock);
	op25b_txn_free_all(on);
	op25b_policy_free_rcu(op25b_policy_locked(on));
	RCU_INIT_POINTER(on->policy, NULL);
	mutex_unlock(&on->lock);
	op25b_top_net_exit(&on->top);
	op25b_stats_free(on->stats);
	mutex_destroy(&on->lock);
}

static struct pernet_operations op25b_net_ops = {
	.init = op25b_net_init,
	.exit = op25b_net_exit,
	.id = &op25b_net_id,
	.size = sizeof(struct op25b_net),
};

int op25b_netns_init(void)
{
	return register_pernet_subsys(&op25b_net_ops);
}

void op25b_netns_uninit(void)
{
	unregister_pernet_subsys(&op25b_net_ops);
}
