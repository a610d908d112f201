// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of requests that run out of memory or into the prefix cap.
 *
 * Requests go in through a real generic netlink socket of a fresh
 * namespace, as a client's would, and the published policy is read back
 * directly. A request that fails must leave the policy as it was: the
 * same policy (same generation), with the same contents.
 *
 * op25b_faults fails allocations one at a time: for N = 1, 2, ... it sets
 * current->fail_nth to N, which makes the Nth slab or page allocation of
 * this task fail (the netlink core's, the genl core's and op25b's alike),
 * sends the requests, and checks the outcome, until the requests make
 * fewer than N allocations. It needs CONFIG_FAILSLAB and
 * CONFIG_FAIL_PAGE_ALLOC (tests/kunit/debug.config), and the knobs that
 * make them fail GFP_KERNEL allocations and single pages, which are only
 * exposed in debugfs: the suite sets them through the debugfs inodes'
 * private data, which point at the very variables. Without the config the
 * suite is not built, and tests/kunit/run fails the debug run that lacks
 * it; a knob that cannot be found fails the case.
 *
 * op25b_limits runs everywhere: the max_prefixes cap refuses a request
 * cleanly, directly and in a transaction, and a bad chunk of any kind
 * drops the transaction it was sent into.
 */

#include <kunit/test.h>
#include <linux/debugfs.h>
#include <linux/fault-inject.h>
#include <linux/gfp.h>
#include <linux/inet.h>
#include <linux/net.h>
#include <linux/netlink.h>
#include <linux/sched.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/uio.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/netlink.h>
#include <uapi/linux/op25b.h>

#include "op25b.h"

/* A request whose ACK the kernel could not allocate: outcome unknown. */
#define ACK_LOST	1
#define MAX_REQS	8

/* @buf receives replies: allocated up front, never under faults. */
struct client {
	struct socket *sock;
	void *buf;
	u16 family;
	u32 seq;
};

/* What a request did to the policy, as far as a reader can tell. */
struct snap {
	const struct op25b_policy *ptr;
	u32 generation;
	u8 mode;
	u8 action;
	u8 nports;
	u16 ports[OP25B_PORTS_MAX];
	u32 count[__OP25B_SET_MAX][OP25B_NFAMILIES];
	void *elems[__OP25B_SET_MAX][OP25B_NFAMILIES];
	u32 ncount[__OP25B_SET_MAX][OP25B_NFAMILIES];
	struct op25b_note *notes[__OP25B_SET_MAX][OP25B_NFAMILIES];
	size_t bytes;
};

struct faults_ctx {
	struct net *net;
	struct client c;	/* for setting up, never under faults */
	struct client txn;	/* a fresh one each time, for transactions */
	struct sk_buff *req[MAX_REQS];
	unsigned int nreq;
};

static int client_recv_acks(struct client *c, u32 seq, void *reply,
			    size_t size, bool *acked, int *err);

static int client_open(struct client *c, struct net *net, u16 family)
{
	struct sockaddr_nl addr = { .nl_family = AF_NETLINK };
	int ret;

	memset(c, 0, sizeof(*c));
	c->family = family;
	c->buf = kmalloc(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!c->buf)
		return -ENOMEM;
	ret = sock_create_kern(net, AF_NETLINK, SOCK_RAW, NETLINK_GENERIC,
			       &c->sock);
	if (!ret) {
		ret = kernel_bind(c->sock, (struct sockaddr *)&addr,
				  sizeof(addr));
		if (ret) {
			sock_release(c->sock);
			c->sock = NULL;
		}
	}
	if (ret) {
		kfree(c->buf);
		c->buf = NULL;
	}
	return ret;
}

static void client_close(struct client *c)
{
	if (c->sock)
		sock_release(c->sock);
	c->sock = NULL;
	kfree(c->buf);
	c->buf = NULL;
}

/* A request to @type (a family id), to be filled with attributes. */
static struct sk_buff *msg_new(struct client *c, u16 type, u8 cmd,
			       struct nlmsghdr **nlhp)
{
	struct genlmsghdr *g;
	struct sk_buff *skb;
	struct nlmsghdr *nlh;

	skb = nlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return NULL;
	nlh = nlmsg_put(skb, 0, ++c->seq, type, GENL_HDRLEN,
			NLM_F_REQUEST | NLM_F_ACK);
	if (!nlh) {
		kfree_skb(skb);
		return NULL;
	}
	g = nlmsg_data(nlh);
	g->cmd = cmd;
	g->version = OP25B_GENL_VERSION;
	g->reserved = 0;
	*nlhp = nlh;
	return skb;
}

/*
 * Sends @skb's message and reads what came back, which is all there when
 * sendmsg() returns: the genl core runs the request in our context.
 * Returns its errno (0 for an ACK), ACK_LOST, or sendmsg()'s error, which
 * means the kernel never saw the request (*@unsent, if given, says so).
 * With @reply, the first data message is copied there (@size bytes).
 */
static int client_send_ex(struct client *c, struct sk_buff *skb,
			  void *reply, size_t size, bool *unsent)
{
	struct sockaddr_nl dst = { .nl_family = AF_NETLINK };
	struct nlmsghdr *nlh = nlmsg_hdr(skb);
	struct msghdr msg = { .msg_name = &dst, .msg_namelen = sizeof(dst) };
	struct kvec iov = { .iov_base = skb->data, .iov_len = skb->len };
	bool acked = false;
	int ret, err = 0;

	ret = kernel_sendmsg(c->sock, &msg, &iov, 1, skb->len);
	if (unsent)
		*unsent = ret < 0;
	if (ret < 0)
		return ret;
	ret = client_recv_acks(c, nlh->nlmsg_seq, reply, size, &acked, &err);
	if (ret < 0 && ret != -EAGAIN)
		return ret;
	return acked ? err : ACK_LOST;
}

static int client_send(struct client *c, struct sk_buff *skb, void *reply,
		       size_t size)
{
	return client_send_ex(c, skb, reply, size, NULL);
}

static int client_recv_acks(struct client *c, u32 seq, void *reply,
			    size_t size, bool *acked, int *err)
{
	struct msghdr msg = {};
	struct nlmsghdr *nlh;
	void *buf = c->buf;
	struct kvec iov;
	int len, ret = 0;

	for (;;) {
		iov.iov_base = buf;
		iov.iov_len = NLMSG_GOODSIZE;
		len = kernel_recvmsg(c->sock, &msg, &iov, 1, NLMSG_GOODSIZE,
				     MSG_DONTWAIT);
		if (len == -ENOBUFS)	/* a reply was dropped: read on */
			continue;
		if (len < 0) {
			ret = len;
			break;
		}
		nlmsg_for_each_msg(nlh, (struct nlmsghdr *)buf, len, len) {
			if (nlh->nlmsg_seq != seq)
				continue;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				*err = ((struct nlmsgerr *)nlmsg_data(nlh))->error;
				*acked = true;
			} else if (reply && nlh->nlmsg_len <= size) {
				memcpy(reply, nlh, nlh->nlmsg_len);
				reply = NULL;
			}
		}
	}
	return ret;
}

static int family_resolve(struct kunit *test, struct client *c)
{
	struct nlmsghdr *nlh, *rep;
	struct sk_buff *skb;
	struct nlattr *a;
	int ret;

	rep = kunit_kzalloc(test, NLMSG_GOODSIZE, GFP_KERNEL);
	skb = msg_new(c, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, &nlh);
	if (!rep || !skb || nla_put_string(skb, CTRL_ATTR_FAMILY_NAME,
					   OP25B_GENL_NAME)) {
		kfree_skb(skb);
		return -ENOMEM;
	}
	nlmsg_end(skb, nlh);
	ret = client_send(c, skb, rep, NLMSG_GOODSIZE);
	kfree_skb(skb);
	if (ret)
		return ret < 0 ? ret : -EIO;
	a = nlmsg_find_attr(rep, GENL_HDRLEN, CTRL_ATTR_FAMILY_ID);
	if (!a)
		return -ENOENT;
	c->family = nla_get_u16(a);
	return 0;
}

static int put_prefix(struct sk_buff *skb, const char *addr, u8 len,
		      const char *label, u64 expires)
{
	struct nlattr *nest;
	u8 a[16];
	bool v6 = strchr(addr, ':');

	if (v6 ? !in6_pton(addr, -1, a, -1, NULL) :
		 !in4_pton(addr, -1, a, -1, NULL))
		return -EINVAL;
	nest = nla_nest_start(skb, OP25B_A_PREFIX);
	if (!nest ||
	    nla_put(skb, v6 ? OP25B_PREFIX_A_IPV6 : OP25B_PREFIX_A_IPV4,
		    v6 ? 16 : 4, a) ||
	    nla_put_u8(skb, OP25B_PREFIX_A_LEN, len) ||
	    (label && nla_put_string(skb, OP25B_PREFIX_A_LABEL, label)) ||
	    (expires && nla_put_u64_64bit(skb, OP25B_PREFIX_A_EXPIRES,
					  expires, OP25B_PREFIX_A_PAD)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

struct pfx {
	const char *addr;
	u8 len;
	const char *label;	/* or NULL */
	u64 expires;		/* or 0 */
};

/* ADD_PREFIXES or DEL_PREFIXES of @n prefixes to @set, in a txn or not. */
static struct sk_buff *msg_prefixes(struct client *c, u8 cmd, u8 set,
				    const struct pfx *p, unsigned int n,
				    bool txn)
{
	struct nlmsghdr *nlh;
	struct sk_buff *skb;
	struct nlattr *nest;
	unsigned int i;

	skb = msg_new(c, c->family, cmd, &nlh);
	if (!skb)
		return NULL;
	if (nla_put_u8(skb, OP25B_A_SET, set) ||
	    (txn && nla_put_flag(skb, OP25B_A_TXN)))
		goto fail;
	nest = nla_nest_start(skb, OP25B_A_PREFIXES);
	if (!nest)
		goto fail;
	for (i = 0; i < n; i++)
		/* A prefix to delete goes without its annotations. */
		if (put_prefix(skb, p[i].addr, p[i].len,
			       cmd == OP25B_CMD_DEL_PREFIXES ? NULL : p[i].label,
			       cmd == OP25B_CMD_DEL_PREFIXES ? 0 : p[i].expires))
			goto fail;
	nla_nest_end(skb, nest);
	nlmsg_end(skb, nlh);
	return skb;
fail:
	kfree_skb(skb);
	return NULL;
}

static struct sk_buff *msg_bare(struct client *c, u8 cmd)
{
	struct nlmsghdr *nlh;
	struct sk_buff *skb = msg_new(c, c->family, cmd, &nlh);

	if (skb)
		nlmsg_end(skb, nlh);
	return skb;
}

/* SET_POLICY or TXN_BEGIN with mode monitor and ports 25, 587. */
static struct sk_buff *msg_params(struct client *c, u8 cmd)
{
	struct nlmsghdr *nlh;
	struct sk_buff *skb;
	struct nlattr *nest;

	skb = msg_new(c, c->family, cmd, &nlh);
	if (!skb)
		return NULL;
	if (nla_put_u8(skb, OP25B_A_MODE, OP25B_MODE_MONITOR))
		goto fail;
	nest = nla_nest_start(skb, OP25B_A_PORTS);
	if (!nest || nla_put_u16(skb, OP25B_A_PORT, 587) ||
	    nla_put_u16(skb, OP25B_A_PORT, 25))
		goto fail;
	nla_nest_end(skb, nest);
	nlmsg_end(skb, nlh);
	return skb;
fail:
	kfree_skb(skb);
	return NULL;
}

static void snap_free(struct snap *s)
{
	unsigned int set, f;

	for (set = 0; set < __OP25B_SET_MAX; set++)
		for (f = 0; f < OP25B_NFAMILIES; f++) {
			kvfree(s->elems[set][f]);
			kvfree(s->notes[set][f]);
		}
	memset(s, 0, sizeof(*s));
}

static void snap_notes(struct kunit *test, const struct op25b_nlist *l,
		       struct snap *s, unsigned int set, unsigned int f)
{
	size_t n = l ? l->count * sizeof(l->n[0]) : 0;

	s->ncount[set][f] = l ? l->count : 0;
	s->notes[set][f] = n ? kvmalloc(n, GFP_KERNEL) : NULL;
	KUNIT_EXPECT_TRUE(test, !n || s->notes[set][f]);
	if (s->notes[set][f])
		memcpy(s->notes[set][f], l->n, n);
}

static void snap_take(struct kunit *test, struct net *net, struct snap *s)
{
	struct op25b_net *on = op25b_pernet(net);
	const struct op25b_policy *p;
	const struct op25b_plist *l;
	unsigned int set, f;
	size_t n;
	u32 i;

	snap_free(s);
	mutex_lock(&on->lock);
	p = op25b_policy_locked(on);
	s->ptr = p;
	s->generation = p->generation;
	s->mode = p->mode;
	s->action = p->action;
	s->nports = p->nports;
	memcpy(s->ports, p->ports, sizeof(s->ports));
	s->bytes = op25b_policy_bytes(p);
	for (set = 0; set < __OP25B_SET_MAX; set++) {
		for (f = 0; f < OP25B_NFAMILIES; f++) {
			l = p->sets[set][f];
			n = (size_t)l->count * op25b_esize(f);
			s->count[set][f] = l->count;
			s->elems[set][f] = n ? kvmalloc(n, GFP_KERNEL) : NULL;
			KUNIT_EXPECT_TRUE(test, !n || s->elems[set][f]);
			for (i = 0; s->elems[set][f] && i < l->count; i++)
				memcpy((u8 *)s->elems[set][f] +
				       i * op25b_esize(f),
				       op25b_plist_elem(l, i), op25b_esize(f));
			snap_notes(test, p->notes[set][f], s, set, f);
		}
	}
	mutex_unlock(&on->lock);
}

/* Same mode, action, ports, prefixes and memory; generation aside. */
static bool snap_same_contents(const struct snap *a, const struct snap *b)
{
	unsigned int set, f;

	if (a->mode != b->mode || a->action != b->action ||
	    a->nports != b->nports || a->bytes != b->bytes ||
	    memcmp(a->ports, b->ports, sizeof(a->ports)))
		return false;
	for (set = 0; set < __OP25B_SET_MAX; set++)
		for (f = 0; f < OP25B_NFAMILIES; f++)
			if (a->count[set][f] != b->count[set][f] ||
			    memcmp(a->elems[set][f], b->elems[set][f],
				   a->count[set][f] * op25b_esize(f)) ||
			    a->ncount[set][f] != b->ncount[set][f] ||
			    memcmp(a->notes[set][f], b->notes[set][f],
				   a->ncount[set][f] * sizeof(struct op25b_note)))
				return false;
	return true;
}

/* Nothing published at all: the very same policy, unchanged. */
static bool snap_same(const struct snap *a, const struct snap *b)
{
	return a->ptr == b->ptr && a->generation == b->generation &&
	       snap_same_contents(a, b);
}

/* Far ahead: 2100-01-01, so that nothing expires during a test. */
#define LATER	4102444800ULL

static const struct pfx base_dynamic[] = {
	{ "100.64.0.0", 10, "flets" }, { "198.51.100.0", 24 },
	{ "2001:db8:100::", 48, "v6pool" },
};

static const struct pfx base_static[] = {
	{ "100.64.1.20", 30, "optout", LATER },
	{ "2001:db8:100::20", 126, NULL, LATER },
};

static const struct pfx base_relay[] = {
	{ "203.0.113.25", 32 }, { "2001:db8:cafe::25", 128 },
};

static const struct pfx more[] = {
	{ "10.0.0.0", 8, "ten" }, { "192.0.2.0", 24 },
	{ "100.64.7.0", 24, NULL, LATER },
	{ "2001:db8:200::", 48, "six", LATER }, { "2001:db8:100:7::", 64 },
};

static int send_free(struct client *c, struct sk_buff *skb)
{
	int ret;

	if (!skb)
		return -ENOMEM;
	ret = client_send(c, skb, NULL, 0);
	kfree_skb(skb);
	return ret;
}

/* ADD_PREFIXES outside a transaction, sent without faults. */
static int add_now(struct client *c, u8 set, const struct pfx *p,
		   unsigned int n)
{
	return send_free(c, msg_prefixes(c, OP25B_CMD_ADD_PREFIXES, set, p, n,
					 false));
}

/* Every test starts from the same policy, set up without faults. */
static void base_policy(struct kunit *test, struct faults_ctx *ctx)
{
	struct client *c = &ctx->c;

	KUNIT_ASSERT_EQ(test, send_free(c, msg_bare(c, OP25B_CMD_FLUSH)), 0);
	KUNIT_ASSERT_EQ(test, add_now(c, OP25B_SET_DYNAMIC, base_dynamic,
				      ARRAY_SIZE(base_dynamic)), 0);
	KUNIT_ASSERT_EQ(test, add_now(c, OP25B_SET_STATIC, base_static,
				      ARRAY_SIZE(base_static)), 0);
	KUNIT_ASSERT_EQ(test, add_now(c, OP25B_SET_RELAY, base_relay,
				      ARRAY_SIZE(base_relay)), 0);
}

/* The requests of one scenario, built before any fault is armed. */
typedef void (*prepare_t)(struct kunit *test, struct faults_ctx *ctx);

static void queue(struct kunit *test, struct faults_ctx *ctx,
		  struct sk_buff *skb)
{
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_ASSERT_LT(test, ctx->nreq, (unsigned int)MAX_REQS);
	ctx->req[ctx->nreq++] = skb;
}

static void prep_add(struct kunit *test, struct faults_ctx *ctx)
{
	queue(test, ctx, msg_prefixes(&ctx->txn, OP25B_CMD_ADD_PREFIXES,
				      OP25B_SET_DYNAMIC, more,
				      ARRAY_SIZE(more), false));
}

static void prep_nothing(struct kunit *test, struct faults_ctx *ctx)
{
}

/* A whole transaction: begin, three sets in, commit. */
static void prep_txn(struct kunit *test, struct faults_ctx *ctx)
{
	struct client *c = &ctx->txn;

	queue(test, ctx, msg_params(c, OP25B_CMD_TXN_BEGIN));
	queue(test, ctx, msg_prefixes(c, OP25B_CMD_ADD_PREFIXES,
				      OP25B_SET_DYNAMIC, more,
				      ARRAY_SIZE(more), true));
	queue(test, ctx, msg_prefixes(c, OP25B_CMD_ADD_PREFIXES,
				      OP25B_SET_STATIC, base_static,
				      ARRAY_SIZE(base_static), true));
	queue(test, ctx, msg_prefixes(c, OP25B_CMD_ADD_PREFIXES,
				      OP25B_SET_RELAY, base_relay,
				      ARRAY_SIZE(base_relay), true));
	queue(test, ctx, msg_bare(c, OP25B_CMD_TXN_COMMIT));
}

/*
 * Sends the prepared requests in order. With @stop, as op25bctl does, not
 * after an error: the genl core refuses some requests before op25b sees
 * them (no memory to parse one, say), and a transaction survives those;
 * committing it then would commit what the client asked for. Without,
 * on after a request op25b refused (what follows a failed transaction
 * step must fail too), but never after one the kernel did not take in.
 * Returns the first failure, else ACK_LOST if an ACK went missing, else 0.
 */
static int send_all(struct faults_ctx *ctx, int *results, bool stop)
{
	int ret = 0, first_err = 0;
	bool lost = false, unsent;
	unsigned int i;

	for (i = 0; i < ctx->nreq; i++)
		results[i] = ACK_LOST;
	for (i = 0; i < ctx->nreq; i++) {
		ret = client_send_ex(&ctx->txn, ctx->req[i], NULL, 0, &unsent);
		results[i] = ret;
		if (ret == ACK_LOST)
			lost = true;
		else if (ret && !first_err)
			first_err = ret;
		if (unsent || (stop && first_err))
			break;
	}
	return first_err ? first_err : lost ? ACK_LOST : 0;
}

/* A fresh socket and the scenario's requests for it. */
static void round_begin(struct kunit *test, struct faults_ctx *ctx,
			prepare_t prepare)
{
	base_policy(test, ctx);
	KUNIT_ASSERT_EQ(test, client_open(&ctx->txn, ctx->net, ctx->c.family),
			0);
	ctx->nreq = 0;
	prepare(test, ctx);
}

/* Closing the socket also drops any transaction it left open. */
static void round_end(struct faults_ctx *ctx)
{
	unsigned int i;

	for (i = 0; i < ctx->nreq; i++)
		kfree_skb(ctx->req[i]);
	ctx->nreq = 0;
	client_close(&ctx->txn);
}

static int faults_ctx_init(struct kunit *test)
{
	struct faults_ctx *ctx;
	int ret;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	ctx->net = copy_net_ns(CLONE_NEWNET, &init_user_ns, &init_net);
	KUNIT_ASSERT_FALSE(test, IS_ERR(ctx->net));
	test->priv = ctx;
	ret = client_open(&ctx->c, ctx->net, 0);
	KUNIT_ASSERT_EQ(test, ret, 0);
	KUNIT_ASSERT_EQ(test, family_resolve(test, &ctx->c), 0);
	return 0;
}

static void faults_ctx_exit(struct kunit *test)
{
	struct faults_ctx *ctx = test->priv;

	if (!ctx)
		return;
	round_end(ctx);
	client_close(&ctx->c);
	if (!IS_ERR_OR_NULL(ctx->net))
		put_net(ctx->net);
}

/* The cap: one prefix past max_prefixes is -ENOSPC, and nothing moves. */
static void cap_refuses_cleanly(struct kunit *test)
{
	struct faults_ctx *ctx = test->priv;
	unsigned int old = op25b_max_prefixes;
	struct snap before = {}, after = {};
	int results[MAX_REQS], ret;

	/* dynamic holds two IPv4 prefixes, the cap; prep_add adds three. */
	op25b_max_prefixes = 2;
	round_begin(test, ctx, prep_add);
	snap_take(test, ctx->net, &before);
	ret = send_all(ctx, results, false);
	snap_take(test, ctx->net, &after);
	KUNIT_EXPECT_EQ(test, ret, -ENOSPC);
	KUNIT_EXPECT_TRUE(test, snap_same(&before, &after));
	round_end(ctx);

	/* Staged past the cap: the ADD drops the transaction. */
	round_begin(test, ctx, prep_txn);
	snap_take(test, ctx->net, &before);
	ret = send_all(ctx, results, false);
	snap_take(test, ctx->net, &after);
	KUNIT_EXPECT_EQ(test, results[0], 0);
	KUNIT_EXPECT_EQ(test, results[1], -ENOSPC);
	KUNIT_EXPECT_EQ(test, results[4], -ENOENT);
	KUNIT_EXPECT_TRUE(test, snap_same(&before, &after));
	round_end(ctx);

	/* Up to the cap exactly is fine: five IPv4 in dynamic. */
	op25b_max_prefixes = 5;
	round_begin(test, ctx, prep_add);
	KUNIT_EXPECT_EQ(test, send_all(ctx, results, false), 0);
	round_end(ctx);
	op25b_max_prefixes = old;
	snap_free(&before);
	snap_free(&after);
}

/* The ways a chunk sent into a transaction can be bad. */
enum bad_chunk {
	BAD_LEN,	/* IPv6 length 129: the prefix policy's range */
	BAD_ADDR,	/* an IPv4 address of three bytes */
	BAD_ENTRY,	/* something else than a prefix in the list */
	BAD_NO_SET,	/* no OP25B_A_SET */
	BAD_COUNT
};

static struct sk_buff *msg_bad_chunk(struct client *c, enum bad_chunk bad)
{
	static const u8 v6[16] = { 0x20, 0x01, 0x0d, 0xb8 };
	static const u8 v4[3] = { 10 };
	struct nlattr *list, *nest;
	struct nlmsghdr *nlh;
	struct sk_buff *skb;
	int err;

	skb = msg_new(c, c->family, OP25B_CMD_ADD_PREFIXES, &nlh);
	if (!skb)
		return NULL;
	err = nla_put_flag(skb, OP25B_A_TXN);
	if (bad != BAD_NO_SET)
		err = err ?: nla_put_u8(skb, OP25B_A_SET, OP25B_SET_DYNAMIC);
	list = nla_nest_start(skb, OP25B_A_PREFIXES);
	err = err ?: put_prefix(skb, "10.0.0.0", 8, NULL, 0);
	nest = nla_nest_start(skb, bad == BAD_ENTRY ? OP25B_A_PORT :
						      OP25B_A_PREFIX);
	if (!list || !nest || err)
		goto fail;
	if (bad == BAD_ADDR)
		err = nla_put(skb, OP25B_PREFIX_A_IPV4, sizeof(v4), v4);
	else
		err = nla_put(skb, OP25B_PREFIX_A_IPV6, sizeof(v6), v6);
	err = err ?: nla_put_u8(skb, OP25B_PREFIX_A_LEN,
				bad == BAD_LEN ? 129 : 32);
	if (err)
		goto fail;
	nla_nest_end(skb, nest);
	nla_nest_end(skb, list);
	nlmsg_end(skb, nlh);
	return skb;
fail:
	kfree_skb(skb);
	return NULL;
}

/*
 * A bad chunk drops the transaction, whatever is bad in it: the COMMIT
 * that follows finds none. (The genl core used to refuse a length of
 * 129 before op25b saw it, and a missing set returned early, so the
 * transaction lived on without that chunk and committed.)
 */
static void txn_bad_chunk_drops_txn(struct kunit *test)
{
	struct faults_ctx *ctx = test->priv;
	struct snap before = {}, after = {};
	int results[MAX_REQS];
	unsigned int bad;

	for (bad = 0; bad < BAD_COUNT; bad++) {
		round_begin(test, ctx, prep_nothing);
		queue(test, ctx, msg_params(&ctx->txn, OP25B_CMD_TXN_BEGIN));
		queue(test, ctx, msg_bad_chunk(&ctx->txn, bad));
		queue(test, ctx, msg_bare(&ctx->txn, OP25B_CMD_TXN_COMMIT));
		snap_take(test, ctx->net, &before);
		send_all(ctx, results, false);
		snap_take(test, ctx->net, &after);
		KUNIT_EXPECT_EQ_MSG(test, results[0], 0, "bad chunk %u", bad);
		KUNIT_EXPECT_LT_MSG(test, results[1], 0, "bad chunk %u", bad);
		KUNIT_EXPECT_EQ_MSG(test, results[2], -ENOENT,
				    "bad chunk %u: the transaction lived on",
				    bad);
		KUNIT_EXPECT_TRUE_MSG(test, snap_same(&before, &after),
				      "bad chunk %u", bad);
		round_end(ctx);
	}
	snap_free(&before);
	snap_free(&after);
}

static struct kunit_case limits_test_cases[] = {
	KUNIT_CASE(cap_refuses_cleanly),
	KUNIT_CASE(txn_bad_chunk_drops_txn),
	{}
};

static struct kunit_suite limits_test_suite = {
	.name = "op25b_limits",
	.init = faults_ctx_init,
	.exit = faults_ctx_exit,
	.test_cases = limits_test_cases,
};

#if IS_ENABLED(CONFIG_FAILSLAB) && IS_ENABLED(CONFIG_FAIL_PAGE_ALLOC) && \
	IS_ENABLED(CONFIG_FAULT_INJECTION_DEBUG_FS)

static void prep_del(struct kunit *test, struct faults_ctx *ctx)
{
	queue(test, ctx, msg_prefixes(&ctx->txn, OP25B_CMD_DEL_PREFIXES,
				      OP25B_SET_DYNAMIC, base_dynamic,
				      ARRAY_SIZE(base_dynamic), false));
}

static void prep_flush(struct kunit *test, struct faults_ctx *ctx)
{
	queue(test, ctx, msg_bare(&ctx->txn, OP25B_CMD_FLUSH));
}

static void prep_set_policy(struct kunit *test, struct faults_ctx *ctx)
{
	queue(test, ctx, msg_params(&ctx->txn, OP25B_CMD_SET_POLICY));
}

/* Far more than any scenario allocates: a bound, should the loop run on. */
#define FAULTS_MAX	2000

/*
 * The variable behind debugfs file @dir/@name, or NULL. debugfs_create_*()
 * keep a pointer to it in the inode's i_private.
 */
static void *knob(const char *dir, const char *name)
{
	struct dentry *d, *f;
	void *p = NULL;

	d = debugfs_lookup(dir, NULL);
	if (!d)
		return NULL;
	f = debugfs_lookup(name, d);
	if (f) {
		p = d_inode(f)->i_private;
		dput(f);
	}
	dput(d);
	return p;
}

struct knobs {
	bool *slab_ignore_reclaim;
	unsigned long *slab_verbose;
	bool *page_ignore_reclaim;
	u32 *page_min_order;
	unsigned long *page_verbose;
	bool old_slab_ignore, old_page_ignore;
	u32 old_min_order;
	unsigned long old_slab_verbose, old_page_verbose;
};

static struct knobs knobs;

/*
 * Both default to leaving GFP_KERNEL allocations (and single pages)
 * alone, which is nearly all of ours: fail those too, quietly.
 */
static int faults_init(struct kunit *test)
{
	struct knobs *k = &knobs;

	k->slab_ignore_reclaim = knob("failslab", "ignore-gfp-wait");
	k->slab_verbose = knob("failslab", "verbose");
	k->page_ignore_reclaim = knob("fail_page_alloc", "ignore-gfp-wait");
	k->page_min_order = knob("fail_page_alloc", "min-order");
	k->page_verbose = knob("fail_page_alloc", "verbose");
	KUNIT_ASSERT_NOT_NULL_MSG(test, k->slab_ignore_reclaim,
				  "no failslab/ignore-gfp-wait in debugfs");
	KUNIT_ASSERT_NOT_NULL(test, k->slab_verbose);
	KUNIT_ASSERT_NOT_NULL_MSG(test, k->page_ignore_reclaim,
				  "no fail_page_alloc/ignore-gfp-wait in debugfs");
	KUNIT_ASSERT_NOT_NULL(test, k->page_min_order);
	KUNIT_ASSERT_NOT_NULL(test, k->page_verbose);
	k->old_slab_ignore = *k->slab_ignore_reclaim;
	k->old_page_ignore = *k->page_ignore_reclaim;
	k->old_min_order = *k->page_min_order;
	k->old_slab_verbose = *k->slab_verbose;
	k->old_page_verbose = *k->page_verbose;
	*k->slab_ignore_reclaim = false;
	*k->page_ignore_reclaim = false;
	*k->page_min_order = 0;
	*k->slab_verbose = 0;
	*k->page_verbose = 0;
	return faults_ctx_init(test);
}

static void faults_exit(struct kunit *test)
{
	struct knobs *k = &knobs;

	current->fail_nth = 0;
	faults_ctx_exit(test);
	if (!k->slab_ignore_reclaim || !k->page_ignore_reclaim ||
	    !k->page_min_order || !k->slab_verbose || !k->page_verbose)
		return;
	*k->slab_ignore_reclaim = k->old_slab_ignore;
	*k->page_ignore_reclaim = k->old_page_ignore;
	*k->page_min_order = k->old_min_order;
	*k->slab_verbose = k->old_slab_verbose;
	*k->page_verbose = k->old_page_verbose;
}

/* The mechanism itself: without it every other case would prove nothing. */
static void fault_injection_works(struct kunit *test)
{
	struct page *page;
	void *p;

	current->fail_nth = 1;
	p = kmalloc(64, GFP_KERNEL);
	KUNIT_EXPECT_EQ(test, current->fail_nth, 0U);
	current->fail_nth = 0;
	KUNIT_EXPECT_NULL(test, p);
	kfree(p);

	current->fail_nth = 1;
	page = alloc_page(GFP_KERNEL);
	KUNIT_EXPECT_EQ(test, current->fail_nth, 0U);
	current->fail_nth = 0;
	KUNIT_EXPECT_NULL(test, page);
	if (page)
		__free_page(page);
}

/*
 * The strongest form: the Nth allocation fails, for every N until the
 * requests make fewer than N. Each time, either nothing was published
 * (a clean -ENOMEM, or -ENOBUFS when netlink could not take the request
 * in), or the whole change was: a failure some fallback absorbed, or one
 * that only cost the ACK.
 */
static void fail_each_allocation(struct kunit *test, prepare_t prepare)
{
	struct faults_ctx *ctx = test->priv;
	struct snap want = {}, before = {}, after = {};
	unsigned int n, nomem = 0, absorbed = 0, lost = 0;
	int results[MAX_REQS], ret;
	unsigned int left;

	/* The reference: the same requests with nothing failing. */
	round_begin(test, ctx, prepare);
	KUNIT_ASSERT_EQ(test, send_all(ctx, results, true), 0);
	snap_take(test, ctx->net, &want);
	round_end(ctx);

	for (n = 1; n <= FAULTS_MAX; n++) {
		round_begin(test, ctx, prepare);
		snap_take(test, ctx->net, &before);
		current->fail_nth = n;
		ret = send_all(ctx, results, true);
		left = current->fail_nth;
		current->fail_nth = 0;
		snap_take(test, ctx->net, &after);
		round_end(ctx);

		if (left) {
			/* Fewer than n allocations: nothing failed. */
			KUNIT_EXPECT_EQ(test, ret, 0);
			KUNIT_EXPECT_TRUE(test,
					  snap_same_contents(&after, &want));
			break;
		}
		if (ret == 0) {
			absorbed++;
			KUNIT_EXPECT_TRUE_MSG(test,
					      snap_same_contents(&after, &want),
					      "allocation %u failed, the requests succeeded, but the policy is not the one they make",
					      n);
		} else if (ret == ACK_LOST) {
			lost++;
			KUNIT_EXPECT_TRUE_MSG(test, snap_same(&before, &after) ||
					      snap_same_contents(&after, &want),
					      "allocation %u failed, an ACK was lost, and the policy is neither the old nor the new one",
					      n);
		} else {
			KUNIT_EXPECT_TRUE_MSG(test, ret == -ENOMEM ||
					      ret == -ENOBUFS,
					      "allocation %u failed: error %d", n,
					      ret);
			KUNIT_EXPECT_TRUE_MSG(test, snap_same(&before, &after),
					      "allocation %u failed with error %d, but the policy changed",
					      n, ret);
			nomem += ret == -ENOMEM;
		}
	}
	KUNIT_EXPECT_LE_MSG(test, n, (unsigned int)FAULTS_MAX,
			    "the requests never ran out of allocations to fail");
	/* At least one failure must have reached op25b and come back. */
	KUNIT_EXPECT_GT(test, nomem, 0U);
	kunit_info(test, "%u allocations failed one at a time: %u ENOMEM, %u absorbed, %u ACKs lost\n",
		   n - 1, nomem, absorbed, lost);
	snap_free(&want);
	snap_free(&before);
	snap_free(&after);
}

static void fault_add_prefixes(struct kunit *test)
{
	fail_each_allocation(test, prep_add);
}

static void fault_del_prefixes(struct kunit *test)
{
	fail_each_allocation(test, prep_del);
}

static void fault_flush(struct kunit *test)
{
	fail_each_allocation(test, prep_flush);
}

static void fault_set_policy(struct kunit *test)
{
	fail_each_allocation(test, prep_set_policy);
}

static void fault_transaction(struct kunit *test)
{
	fail_each_allocation(test, prep_txn);
}

static struct kunit_case faults_test_cases[] = {
	KUNIT_CASE(fault_injection_works),
	KUNIT_CASE(fault_add_prefixes),
	KUNIT_CASE(fault_del_prefixes),
	KUNIT_CASE(fault_flush),
	KUNIT_CASE(fault_set_policy),
	KUNIT_CASE(fault_transaction),
	{}
};

static struct kunit_suite faults_test_suite = {
	.name = "op25b_faults",
	.init = faults_init,
	.exit = faults_exit,
	.test_cases = faults_test_cases,
};

kunit_test_suites(&limits_test_suite, &faults_test_suite);
#else
kunit_test_suite(limits_test_suite);
#endif
