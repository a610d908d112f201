// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the status reply that OP25B_CMD_GET_STATUS sends. They
 * build the reply with the module's own fill function and parse it back
 * the way a client would.
 */

#include <kunit/test.h>
#include <linux/sched.h>
#include <linux/skbuff.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <uapi/linux/op25b.h>

#include "op25b.h"
#include "version.h"

/*
 * What a client accepts. Parsed liberally, as clients must: padding
 * (OP25B_A_PAD) appears where the architecture needs it.
 */
static const struct nla_policy status_reply_policy[OP25B_A_MAX + 1] = {
	[OP25B_A_VERSION] = { .type = NLA_NUL_STRING, .len = 31 },
	[OP25B_A_GENERATION] = { .type = NLA_U32 },
	[OP25B_A_MODE] = NLA_POLICY_MAX(NLA_U8, OP25B_MODE_MAX),
	[OP25B_A_ACTION] = NLA_POLICY_MAX(NLA_U8, OP25B_ACTION_MAX),
	[OP25B_A_PORTS] = { .type = NLA_NESTED },
	[OP25B_A_COUNTS] = { .type = NLA_NESTED },
	[OP25B_A_MEMORY] = { .type = NLA_U64 },
	[OP25B_A_PAD] = { .type = NLA_UNSPEC },
};

struct status_test_ctx {
	struct sk_buff *skb;
	struct nlattr *tb[OP25B_A_MAX + 1];
};

static int status_test_init(struct kunit *test)
{
	struct status_test_ctx *ctx;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx);
	ctx->skb = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx->skb);
	test->priv = ctx;
	return 0;
}

static void status_test_exit(struct kunit *test)
{
	struct status_test_ctx *ctx = test->priv;

	kfree_skb(ctx->skb);
}

/* Fills the reply for init_net and parses it into ctx->tb. */
static void fill_and_parse(struct kunit *test, u32 portid, u32 seq)
{
	struct status_test_ctx *ctx = test->priv;
	struct nlmsghdr *nlh;
	int ret;

	ret = op25b_nl_fill_status(ctx->skb, &init_net, portid, seq);
	KUNIT_ASSERT_EQ(test, ret, 0);

	nlh = nlmsg_hdr(ctx->skb);
	KUNIT_ASSERT_EQ(test, nlh->nlmsg_len, ctx->skb->len);
	KUNIT_EXPECT_EQ(test, nlh->nlmsg_pid, portid);
	KUNIT_EXPECT_EQ(test, nlh->nlmsg_seq, seq);

	ret = nlmsg_parse_deprecated(nlh, GENL_HDRLEN, ctx->tb, OP25B_A_MAX,
				     status_reply_policy, NULL);
	KUNIT_ASSERT_EQ(test, ret, 0);
}

static void status_reports_module_version(struct kunit *test)
{
	struct status_test_ctx *ctx = test->priv;

	fill_and_parse(test, 1234, 7);
	KUNIT_ASSERT_NOT_NULL(test, ctx->tb[OP25B_A_VERSION]);
	KUNIT_EXPECT_STREQ(test, (char *)nla_data(ctx->tb[OP25B_A_VERSION]),
			   OP25B_VERSION);
}

static void status_carries_status_command(struct kunit *test)
{
	struct status_test_ctx *ctx = test->priv;
	struct genlmsghdr *ghdr;

	fill_and_parse(test, 0, 0);
	ghdr = nlmsg_data(nlmsg_hdr(ctx->skb));
	KUNIT_EXPECT_EQ(test, ghdr->cmd, OP25B_CMD_GET_STATUS);
	KUNIT_EXPECT_EQ(test, ghdr->version, OP25B_GENL_VERSION);
}

/* Publishing a policy, even an identical one, is a new generation. */
static void status_follows_generation(struct kunit *test)
{
	struct status_test_ctx *ctx = test->priv;
	struct op25b_net *on = op25b_pernet(&init_net);
	struct op25b_policy *p;
	u32 before;

	mutex_lock(&on->lock);
	before = op25b_policy_locked(on)->generation;
	p = op25b_policy_clone(op25b_policy_locked(on));
	if (p)
		op25b_policy_publish(on, p);
	mutex_unlock(&on->lock);
	KUNIT_ASSERT_NOT_NULL(test, p);

	fill_and_parse(test, 0, 0);
	KUNIT_ASSERT_NOT_NULL(test, ctx->tb[OP25B_A_GENERATION]);
	KUNIT_EXPECT_EQ(test, nla_get_u32(ctx->tb[OP25B_A_GENERATION]),
			before + 1);
}

/*
 * A reply that does not fit must leave the buffer as it was. alloc_skb()
 * rounds the size up, so the test fills the buffer until only room for the
 * headers and a few bytes of attributes is left.
 */
static void status_too_small_leaves_skb_untouched(struct kunit *test)
{
	struct sk_buff *small;
	unsigned int used;
	int ret;

	small = alloc_skb(NLMSG_GOODSIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, small);
	used = skb_tailroom(small) - (NLMSG_HDRLEN + GENL_HDRLEN + 8);
	skb_put_zero(small, used);

	ret = op25b_nl_fill_status(small, &init_net, 0, 0);
	KUNIT_EXPECT_EQ(test, ret, -EMSGSIZE);
	KUNIT_EXPECT_EQ(test, small->len, used);
	kfree_skb(small);
}

/* A fresh namespace's policy: enforce, drop, port 25, nothing in it. */
static void status_reports_defaults(struct kunit *test)
{
	struct status_test_ctx *ctx = test->priv;
	struct net *net;

	net = copy_net_ns(CLONE_NEWNET, &init_user_ns, &init_net);
	KUNIT_ASSERT_FALSE(test, IS_ERR(net));
	KUNIT_EXPECT_EQ(test, op25b_nl_fill_status(ctx->skb, net, 0, 0), 0);
	put_net(net);
	KUNIT_ASSERT_EQ(test,
			nlmsg_parse_deprecated(nlmsg_hdr(ctx->skb), GENL_HDRLEN,
					       ctx->tb, OP25B_A_MAX,
					       status_reply_policy, NULL), 0);
	KUNIT_EXPECT_EQ(test, nla_get_u32(ctx->tb[OP25B_A_GENERATION]), 0U);
	KUNIT_EXPECT_EQ(test, nla_get_u8(ctx->tb[OP25B_A_MODE]),
			OP25B_MODE_ENFORCE);
	KUNIT_EXPECT_EQ(test, nla_get_u8(ctx->tb[OP25B_A_ACTION]),
			OP25B_ACTION_DROP);
	KUNIT_EXPECT_EQ(test, nla_len(ctx->tb[OP25B_A_PORTS]),
			nla_total_size(sizeof(u16)));
	KUNIT_EXPECT_EQ(test, nla_get_u16(nla_data(ctx->tb[OP25B_A_PORTS])),
			25);
}

static struct kunit_case status_test_cases[] = {
	KUNIT_CASE(status_reports_defaults),
	KUNIT_CASE(status_reports_module_version),
	KUNIT_CASE(status_carries_status_command),
	KUNIT_CASE(status_follows_generation),
	KUNIT_CASE(status_too_small_leaves_skb_untouched),
	{}
};

static struct kunit_suite status_test_suite = {
	.name = "op25b_status",
	.init = status_test_init,
	.exit = status_test_exit,
	.test_cases = status_test_cases,
};

kunit_test_suite(status_test_suite);
