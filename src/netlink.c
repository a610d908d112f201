// SPDX-License-Identifier: GPL-2.0
/*
 * The "op25b" generic netlink family. include/uapi/linux/op25b.h documents
 * every command and attribute; this file implements them.
 */

#include <linux/skbuff.h>
#include <net/genetlink.h>
#include <uapi/linux/op25b.h>

#include "op25b.h"
#include "version.h"

static struct genl_family op25b_genl_family;

int op25b_nl_fill_status(struct sk_buff *skb, const struct net *net,
			 u32 portid, u32 seq)
{
	struct op25b_net *on = op25b_pernet(net);
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &op25b_genl_family, 0,
			  OP25B_CMD_GET_STATUS);
	if (!hdr)
		return -EMSGSIZE;

	if (nla_put_string(skb, OP25B_A_VERSION, OP25B_VERSION) ||
	    nla_put_u32(skb, OP25B_A_GENERATION, READ_ONCE(on->generation))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}

	genlmsg_end(skb, hdr);
	return 0;
}

static int op25b_nl_get_status(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	int ret;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	ret = op25b_nl_fill_status(msg, genl_info_net(info), info->snd_portid,
				   info->snd_seq);
	if (ret) {
		nlmsg_free(msg);
		return ret;
	}

	return genlmsg_reply(msg, info);
}

static const struct genl_ops op25b_genl_ops[] = {
	{
		.cmd = OP25B_CMD_GET_STATUS,
		/*
		 * No policy: for a family whose resv_start_op is 0 the core
		 * then refuses every attribute, so a client that sends one
		 * learns that it is not understood.
		 */
		.doit = op25b_nl_get_status,
	},
};

static struct genl_family op25b_genl_family __ro_after_init = {
	.name = OP25B_GENL_NAME,
	.version = OP25B_GENL_VERSION,
	.module = THIS_MODULE,
	.ops = op25b_genl_ops,
	.n_ops = ARRAY_SIZE(op25b_genl_ops),
	/* resv_start_op left at 0: strict validation for every command. */
	.netnsok = true,
};

int __init op25b_genl_init(void)
{
	return genl_register_family(&op25b_genl_family);
}

void op25b_genl_uninit(void)
{
	genl_unregister_family(&op25b_genl_family);
}
