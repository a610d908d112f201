// SPDX-License-Identifier: GPL-2.0
/*
 * Per-network-namespace state. Every namespace, including ones created
 * after the module is loaded, gets its own struct op25b_net; the netns core
 * allocates and zeroes it (.size) before op25b_net_init() runs and frees it
 * after op25b_net_exit().
 */

#include <linux/mutex.h>
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

	mutex_init(&on->lock);
	on->generation = 0;
	return 0;
}

static void __net_exit op25b_net_exit(struct net *net)
{
	struct op25b_net *on = op25b_pernet(net);

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
