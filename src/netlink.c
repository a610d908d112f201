// SPDX-License-Identifier: GPL-2.0
/*
 * The "op25b" generic netlink family. include/uapi/linux/op25b.h documents
 * every command and attribute; this file implements them.
 *
 * Every command has its own strict policy. Mutating commands need
 * CAP_NET_ADMIN over the namespace (GENL_UNS_ADMIN_PERM), run under the
 * namespace's lock, build the new policy aside and publish it only once
 * nothing can fail any more: a request that fails changes nothing.
 */

#include <linux/ctype.h>
#include <linux/err.h>
#include <linux/mm.h>
#include <linux/skbuff.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <net/genetlink.h>
#include <net/sock.h>
#include <uapi/linux/op25b.h>

#include "op25b.h"
#include "version.h"

static struct genl_family op25b_genl_family;

/* Not const: 6.1's nla_policy points at them without const. */
static struct netlink_range_validation enforce_at_range = {
	.max = OP25B_ENFORCE_AT_MAX,
};

static struct netlink_range_validation expires_range = {
	.min = 1,
	.max = OP25B_TIME_MAX,
};

static const struct nla_policy prefix_policy[OP25B_PREFIX_A_MAX + 1] = {
	[OP25B_PREFIX_A_IPV4] = NLA_POLICY_EXACT_LEN(4),
	[OP25B_PREFIX_A_IPV6] = NLA_POLICY_EXACT_LEN(16),
	[OP25B_PREFIX_A_LEN] = NLA_POLICY_MAX(NLA_U8, 128),
	[OP25B_PREFIX_A_LABEL] = { .type = NLA_NUL_STRING,
				   .len = OP25B_LABEL_MAX - 1 },
	[OP25B_PREFIX_A_EXPIRES] = NLA_POLICY_FULL_RANGE(NLA_U64,
							 &expires_range),
	/* Where nla_put_u64_64bit() aligns the expiry: nothing in it. */
	[OP25B_PREFIX_A_PAD] = NLA_POLICY_EXACT_LEN(0),
};

/*
 * Only OP25B_A_PREFIX nests in a list of prefixes; batch_parse() checks
 * each nest against prefix_policy as it parses it, once.
 */
static const struct nla_policy prefixes_policy[OP25B_A_MAX + 1] = {
	[OP25B_A_PREFIX] = { .type = NLA_NESTED },
};

static const struct nla_policy ports_policy[OP25B_A_MAX + 1] = {
	[OP25B_A_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
};

static const struct nla_policy set_policy_policy[OP25B_A_MAX + 1] = {
	[OP25B_A_MODE] = NLA_POLICY_MAX(NLA_U8, OP25B_MODE_MAX),
	[OP25B_A_ACTION] = NLA_POLICY_MAX(NLA_U8, OP25B_ACTION_MAX),
	[OP25B_A_PORTS] = NLA_POLICY_NESTED(ports_policy),
	[OP25B_A_ENFORCE_AT] = NLA_POLICY_FULL_RANGE(NLA_U64, &enforce_at_range),
	[OP25B_A_LOG] = NLA_POLICY_MAX(NLA_U8, OP25B_LOG_MAX),
	[OP25B_A_LOG_GROUP] = { .type = NLA_U16 },
};

/*
 * The prefixes are validated by batch_parse(), not by the genl core: an
 * error the core finds never reaches us, and a transaction must not
 * outlive a bad chunk sent into it.
 */
static const struct nla_policy prefixes_cmd_policy[OP25B_A_MAX + 1] = {
	[OP25B_A_SET] = NLA_POLICY_MAX(NLA_U8, OP25B_SET_MAX),
	[OP25B_A_PREFIXES] = { .type = NLA_NESTED },
	[OP25B_A_TXN] = { .type = NLA_FLAG },
};

static const struct nla_policy set_only_policy[OP25B_A_MAX + 1] = {
	[OP25B_A_SET] = NLA_POLICY_MAX(NLA_U8, OP25B_SET_MAX),
};

static const struct nla_policy test_policy[OP25B_A_MAX + 1] = {
	[OP25B_A_TEST_SRC] = NLA_POLICY_NESTED(prefix_policy),
	[OP25B_A_TEST_DST] = NLA_POLICY_NESTED(prefix_policy),
	[OP25B_A_TEST_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
};

/*
 * A prefix nest, parsed and checked: host-order address, length, and its
 * annotations (@label NULL and @expires 0 when absent).
 */
struct nl_prefix {
	u8 family;
	u8 len;
	u128 addr;
	u64 expires;
	const char *label;
};

static bool label_char(char c)
{
	return isalnum(c) || strchr("._-:/@+", c);
}

static int parse_prefix(const struct nlattr *nest, struct nl_prefix *p,
			struct netlink_ext_ack *extack)
{
	struct nlattr *tb[OP25B_PREFIX_A_MAX + 1];
	unsigned int bits;
	const u8 *a;
	int ret, i;

	ret = nla_parse_nested(tb, OP25B_PREFIX_A_MAX, nest, prefix_policy,
			       extack);
	if (ret)
		return ret;
	if (!tb[OP25B_PREFIX_A_IPV4] == !tb[OP25B_PREFIX_A_IPV6]) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "a prefix needs exactly one IPv4 or IPv6 address");
		return -EINVAL;
	}
	if (!tb[OP25B_PREFIX_A_LEN]) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "a prefix needs a length");
		return -EINVAL;
	}
	p->family = tb[OP25B_PREFIX_A_IPV4] ? OP25B_V4 : OP25B_V6;
	bits = op25b_family_bits(p->family);
	p->len = nla_get_u8(tb[OP25B_PREFIX_A_LEN]);
	if (p->len > bits) {
		NL_SET_ERR_MSG_ATTR(extack, tb[OP25B_PREFIX_A_LEN],
				    "prefix length out of range for its family");
		return -ERANGE;
	}
	a = nla_data(tb[p->family == OP25B_V4 ? OP25B_PREFIX_A_IPV4 :
						OP25B_PREFIX_A_IPV6]);
	p->addr = 0;
	for (i = 0; i < bits / 8; i++)
		p->addr = p->addr << 8 | a[i];
	if (p->len < bits && (p->addr << p->len << (128 - bits))) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "prefix has host bits set (bits beyond its length must be zero)");
		return -EINVAL;
	}
	p->expires = tb[OP25B_PREFIX_A_EXPIRES] ?
		     nla_get_u64(tb[OP25B_PREFIX_A_EXPIRES]) : 0;
	p->label = NULL;
	if (tb[OP25B_PREFIX_A_LABEL]) {
		p->label = nla_data(tb[OP25B_PREFIX_A_LABEL]);
		for (i = 0; p->label[i] && label_char(p->label[i]); i++)
			;
		if (!i || p->label[i]) {
			NL_SET_ERR_MSG_ATTR(extack, tb[OP25B_PREFIX_A_LABEL],
					    "a label is 1 to 31 characters out of A-Z a-z 0-9 . _ - : / @ +");
			return -EINVAL;
		}
	}
	return 0;
}

static bool prefix_annotated(const struct nl_prefix *p)
{
	return p->label || p->expires;
}

/* Puts a prefix nest of type @type, with @note's annotations if any. */
static int put_prefix(struct sk_buff *skb, int type, u8 family, u128 addr,
		      u8 len, const struct op25b_note *note)
{
	struct nlattr *nest;
	u8 a[16];
	int i, n = op25b_family_bits(family) / 8;

	for (i = n - 1; i >= 0; i--, addr >>= 8)
		a[i] = (u8)addr;
	nest = nla_nest_start(skb, type);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put(skb, family == OP25B_V4 ? OP25B_PREFIX_A_IPV4 :
					      OP25B_PREFIX_A_IPV6, n, a) ||
	    nla_put_u8(skb, OP25B_PREFIX_A_LEN, len) ||
	    (note && note->label[0] &&
	     nla_put_string(skb, OP25B_PREFIX_A_LABEL, note->label)) ||
	    (note && note->expires &&
	     nla_put_u64_64bit(skb, OP25B_PREFIX_A_EXPIRES, note->expires,
			       OP25B_PREFIX_A_PAD))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int put_ports(struct sk_buff *skb, const struct op25b_policy *p)
{
	struct nlattr *nest;
	unsigned int i;

	nest = nla_nest_start(skb, OP25B_A_PORTS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < p->nports; i++)
		if (nla_put_u16(skb, OP25B_A_PORT, p->ports[i]))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int put_counts(struct sk_buff *skb, const struct op25b_policy *p)
{
	struct nlattr *nest, *c;
	unsigned int s, f;

	nest = nla_nest_start(skb, OP25B_A_COUNTS);
	if (!nest)
		return -EMSGSIZE;
	for (s = 0; s < __OP25B_SET_MAX; s++) {
		for (f = 0; f < OP25B_NFAMILIES; f++) {
			c = nla_nest_start(skb, OP25B_A_COUNT);
			if (!c ||
			    nla_put_u8(skb, OP25B_COUNT_A_SET, s) ||
			    nla_put_u8(skb, OP25B_COUNT_A_FAMILY,
				       f == OP25B_V4 ? AF_INET : AF_INET6) ||
			    nla_put_u32(skb, OP25B_COUNT_A_PREFIXES,
					p->sets[s][f]->count))
				return -EMSGSIZE;
			nla_nest_end(skb, c);
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

int op25b_nl_fill_status(struct sk_buff *skb, const struct net *net,
			 u32 portid, u32 seq)
{
	struct op25b_net *on = op25b_pernet(net);
	const struct op25b_policy *p;
	void *hdr;
	int ret = -EMSGSIZE;

	hdr = genlmsg_put(skb, portid, seq, &op25b_genl_family, 0,
			  OP25B_CMD_GET_STATUS);
	if (!hdr)
		return -EMSGSIZE;

	rcu_read_lock();
	p = rcu_dereference(on->policy);
	if (nla_put_string(skb, OP25B_A_VERSION, OP25B_VERSION) ||
	    nla_put_u32(skb, OP25B_A_GENERATION, p->generation) ||
	    nla_put_u8(skb, OP25B_A_MODE, p->mode) ||
	    nla_put_u8(skb, OP25B_A_ACTION, p->action) ||
	    put_ports(skb, p) || put_counts(skb, p) ||
	    nla_put_u64_64bit(skb, OP25B_A_MEMORY, op25b_policy_bytes(p),
			      OP25B_A_PAD) ||
	    nla_put_u64_64bit(skb, OP25B_A_ENFORCE_AT, p->enforce_at,
			      OP25B_A_PAD) ||
	    nla_put_u8(skb, OP25B_A_EFFECTIVE_MODE, op25b_policy_mode(p)) ||
	    nla_put_u8(skb, OP25B_A_LOG, p->log) ||
	    nla_put_u16(skb, OP25B_A_LOG_GROUP, p->log_group))
		goto out;
	ret = 0;
out:
	rcu_read_unlock();
	if (ret) {
		genlmsg_cancel(skb, hdr);
		return ret;
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

static int cmp_u16(const void *a, const void *b)
{
	return *(const u16 *)a - *(const u16 *)b;
}

/*
 * Reads mode, action, ports, cut-over and logging into @p; fails before
 * touching @p.
 */
static int parse_params(struct genl_info *info, struct op25b_policy *p)
{
	struct nlattr **attrs = info->attrs;
	u16 ports[OP25B_PORTS_MAX];
	struct nlattr *a;
	unsigned int n = 0, i;
	u8 log = p->log;
	int rem, ret;

	if (attrs[OP25B_A_LOG])
		log = nla_get_u8(attrs[OP25B_A_LOG]);
	if (attrs[OP25B_A_LOG_GROUP] && log != OP25B_LOG_NFLOG) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[OP25B_A_LOG_GROUP],
				    "a log group goes with log nflog only");
		return -EINVAL;
	}
	if (log == OP25B_LOG_NFLOG && log != p->log) {
		ret = op25b_log_nflog_get(info->extack);
		if (ret)
			return ret;
	}

	if (attrs[OP25B_A_PORTS]) {
		nla_for_each_nested(a, attrs[OP25B_A_PORTS], rem) {
			u16 port = nla_get_u16(a);

			for (i = 0; i < n && ports[i] != port; i++)
				;
			if (i < n)
				continue;	/* a repeat: once is enough */
			if (n == OP25B_PORTS_MAX) {
				NL_SET_ERR_MSG_ATTR(info->extack, a,
						    "too many ports (at most 16)");
				return -E2BIG;
			}
			ports[n++] = port;
		}
		if (!n) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    attrs[OP25B_A_PORTS],
					    "the port list is empty");
			return -EINVAL;
		}
		sort(ports, n, sizeof(ports[0]), cmp_u16, NULL);
	}
	if (attrs[OP25B_A_MODE])
		p->mode = nla_get_u8(attrs[OP25B_A_MODE]);
	if (attrs[OP25B_A_ACTION])
		p->action = nla_get_u8(attrs[OP25B_A_ACTION]);
	if (attrs[OP25B_A_ENFORCE_AT])
		p->enforce_at = nla_get_u64(attrs[OP25B_A_ENFORCE_AT]);
	if (attrs[OP25B_A_LOG] && log != p->log)
		p->log_group = 0;
	p->log = log;
	if (attrs[OP25B_A_LOG_GROUP])
		p->log_group = nla_get_u16(attrs[OP25B_A_LOG_GROUP]);
	if (n) {
		p->nports = n;
		memcpy(p->ports, ports, sizeof(ports));
	}
	return 0;
}

static int op25b_nl_set_policy(struct sk_buff *skb, struct genl_info *info)
{
	struct op25b_net *on = op25b_pernet(genl_info_net(info));
	struct op25b_policy *p;
	int ret;

	if (!info->attrs[OP25B_A_MODE] && !info->attrs[OP25B_A_ACTION] &&
	    !info->attrs[OP25B_A_PORTS] && !info->attrs[OP25B_A_ENFORCE_AT] &&
	    !info->attrs[OP25B_A_LOG] && !info->attrs[OP25B_A_LOG_GROUP]) {
		NL_SET_ERR_MSG(info->extack,
			       "nothing to set: give a mode, an action, ports, a cut-over or logging");
		return -EINVAL;
	}
	mutex_lock(&on->lock);
	p = op25b_policy_clone(op25b_policy_locked(on));
	ret = p ? parse_params(info, p) : -ENOMEM;
	if (ret)
		op25b_policy_free(p);
	else
		op25b_policy_publish(on, p);
	mutex_unlock(&on->lock);
	return ret;
}

/*
 * The prefixes of one request, per family, sorted and without repeats,
 * in the element format of table.h, and the notes of those annotated
 * (NULL when none is).
 */
struct nl_batch {
	struct op25b_plist *l[OP25B_NFAMILIES];
	struct op25b_nlist *notes[OP25B_NFAMILIES];
};

static void batch_free(struct nl_batch *b)
{
	unsigned int f;

	for (f = 0; f < OP25B_NFAMILIES; f++) {
		op25b_plist_put(b->l[f]);
		op25b_nlist_put(b->notes[f]);
	}
}

/* What point_at() says about the prefix. */
enum point_why {
	POINT_EXISTS,
	POINT_MISSING,
	POINT_NOTES_DIFFER,
};

static void point_at(struct genl_info *info, u8 family, const void *elem,
		     enum point_why why);

/* Adds the annotations of @p to @b's notes, room for @room of them made. */
static int batch_note(struct nl_batch *b, const struct nl_prefix *p, u32 room)
{
	struct op25b_nlist *l = b->notes[p->family];
	struct op25b_note *note;

	if (!l) {
		l = op25b_nlist_alloc(room);
		if (!l)
			return -ENOMEM;
		l->count = 0;
		b->notes[p->family] = l;
	}
	note = &l->n[l->count++];
	memset(note, 0, sizeof(*note));
	op25b_elem_make(p->family, &note->e, p->addr, p->len);
	note->expires = p->expires;
	if (p->label)
		strscpy(note->label, p->label, sizeof(note->label));
	return 0;
}

/*
 * Parses the request's prefixes into @b, each once: the lists get room
 * for all of them in either family, which a request's size bounds.
 */
static int batch_parse(struct genl_info *info, struct nl_batch *b, bool add)
{
	struct nlattr *nest = info->attrs[OP25B_A_PREFIXES], *a;
	union op25b_elem bad;
	struct nl_prefix p;
	struct op25b_plist *l;
	unsigned int f;
	int rem, ret;
	u32 n = 0;

	memset(b, 0, sizeof(*b));
	ret = nla_validate_nested(nest, OP25B_A_MAX, prefixes_policy,
				  info->extack);
	if (ret)
		return ret;
	nla_for_each_nested(a, nest, rem)
		n++;
	if (!n) {
		NL_SET_ERR_MSG_ATTR(info->extack, nest, "no prefixes given");
		return -EINVAL;
	}
	b->l[OP25B_V4] = op25b_plist_alloc(OP25B_V4, n);
	b->l[OP25B_V6] = op25b_plist_alloc(OP25B_V6, n);
	if (!b->l[OP25B_V4] || !b->l[OP25B_V6])
		goto nomem;
	b->l[OP25B_V4]->count = 0;
	b->l[OP25B_V6]->count = 0;
	nla_for_each_nested(a, nest, rem) {
		ret = parse_prefix(a, &p, info->extack);
		if (ret)
			goto fail;
		if (prefix_annotated(&p)) {
			ret = -EINVAL;
			if (!add) {
				NL_SET_ERR_MSG_ATTR(info->extack, a,
						    "a prefix to delete takes no label or expiry");
				goto fail;
			}
			if (batch_note(b, &p, n))
				goto nomem;
		}
		l = b->l[p.family];
		op25b_elem_make(p.family, (u8 *)op25b_plist_flat(l) +
				l->count++ * op25b_esize(p.family),
				p.addr, p.len);
	}
	if (op25b_plist_sort(b->l[OP25B_V4]) ||
	    op25b_plist_sort(b->l[OP25B_V6]))
		goto nomem;
	for (f = 0; f < OP25B_NFAMILIES; f++) {
		if (!b->notes[f])
			continue;
		ret = op25b_nlist_sort(f, b->notes[f], &bad);
		if (ret == -EINVAL)
			point_at(info, f, &bad, POINT_NOTES_DIFFER);
		if (ret)
			goto fail;
	}
	return 0;

nomem:
	ret = -ENOMEM;
fail:
	batch_free(b);
	memset(b, 0, sizeof(*b));
	return ret;
}

/* Points the extended ACK at the request's prefix @elem, saying @why. */
static void point_at(struct genl_info *info, u8 family, const void *elem,
		     enum point_why why)
{
	struct nlattr *a, *found = NULL;
	union op25b_elem e;
	struct nl_prefix p;
	int rem;

	nla_for_each_nested(a, info->attrs[OP25B_A_PREFIXES], rem) {
		if (parse_prefix(a, &p, NULL) || p.family != family)
			continue;
		op25b_elem_make(family, &e, p.addr, p.len);
		if (!op25b_elem_cmp(family, &e, elem)) {
			found = a;
			break;
		}
	}
	if (why == POINT_EXISTS)
		NL_SET_ERR_MSG_ATTR(info->extack, found,
				    "prefix is already in the set");
	else if (why == POINT_MISSING)
		NL_SET_ERR_MSG_ATTR(info->extack, found,
				    "prefix is not in the set");
	else
		NL_SET_ERR_MSG_ATTR(info->extack, found,
				    "prefix given twice with different labels or expiry");
}

static int prefixes_apply(struct genl_info *info, struct op25b_net *on,
			  u8 set, struct nl_batch *b, bool add)
{
	struct op25b_policy *p;
	unsigned int f;
	u32 bad = 0;
	int ret = 0;

	lockdep_assert_held(&on->lock);
	p = op25b_policy_clone(op25b_policy_locked(on));
	if (!p)
		return -ENOMEM;
	for (f = 0; f < OP25B_NFAMILIES; f++) {
		const struct op25b_plist *in = b->l[f];
		const u8 *elems;

		if (!in->count)
			continue;
		elems = op25b_plist_flat(in);
		ret = add ? op25b_policy_add(p, set, f, elems, in->count,
					     b->notes[f], op25b_max_prefixes,
					     &bad) :
			    op25b_policy_del(p, set, f, elems, in->count,
					     &bad);
		if (ret == -EEXIST || ret == -ENOENT)
			point_at(info, f, elems + bad * op25b_esize(f),
				 ret == -EEXIST ? POINT_EXISTS : POINT_MISSING);
		else if (ret == -ENOSPC)
			NL_SET_ERR_MSG(info->extack,
				       "the set would exceed the max_prefixes module parameter");
		if (ret)
			goto fail;
	}
	op25b_policy_publish(on, p);
	return 0;

fail:
	op25b_policy_free(p);
	return ret;
}

/*
 * A transaction that lost a chunk would commit a partial policy: any
 * error in an ADD aimed at it drops the whole transaction.
 */
static int prefixes_txn(struct genl_info *info, struct op25b_net *on,
			struct sock *sk, u8 set, struct nl_batch *b, int ret,
			bool add)
{
	struct op25b_txn *txn;
	unsigned int f;

	txn = op25b_txn_find(on, info->snd_portid, sk);
	if (!txn) {
		if (ret)	/* the parse error says more */
			return ret;
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[OP25B_A_TXN],
				    "no transaction open on this socket (send TXN_BEGIN first)");
		return -ENOENT;
	}
	if (!ret && !add) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[OP25B_A_TXN],
				    "a transaction replaces the policy: it cannot delete");
		ret = -EOPNOTSUPP;
	}
	for (f = 0; f < OP25B_NFAMILIES && !ret; f++)
		ret = op25b_txn_add(txn, set, f, op25b_plist_flat(b->l[f]),
				    b->l[f]->count, b->notes[f]);
	if (ret == -ENOSPC)
		NL_SET_ERR_MSG(info->extack,
			       "the staged set would exceed the max_prefixes module parameter");
	if (ret)
		op25b_txn_free(on, txn);
	return ret;
}

static int prefixes_cmd(struct sk_buff *skb, struct genl_info *info,
			bool add)
{
	struct op25b_net *on = op25b_pernet(genl_info_net(info));
	struct nl_batch b = {};
	u8 set = 0;
	int ret;

	/* Even a missing attribute must drop the transaction. */
	if (GENL_REQ_ATTR_CHECK(info, OP25B_A_SET) ||
	    GENL_REQ_ATTR_CHECK(info, OP25B_A_PREFIXES)) {
		ret = -EINVAL;
	} else {
		set = nla_get_u8(info->attrs[OP25B_A_SET]);
		ret = batch_parse(info, &b, add);
	}

	mutex_lock(&on->lock);
	if (info->attrs[OP25B_A_TXN])
		ret = prefixes_txn(info, on, NETLINK_CB(skb).sk, set, &b, ret,
				   add);
	else if (!ret)
		ret = prefixes_apply(info, on, set, &b, add);
	mutex_unlock(&on->lock);
	batch_free(&b);
	return ret;
}

static int op25b_nl_add(struct sk_buff *skb, struct genl_info *info)
{
	return prefixes_cmd(skb, info, true);
}

static int op25b_nl_del(struct sk_buff *skb, struct genl_info *info)
{
	return prefixes_cmd(skb, info, false);
}

static int op25b_nl_flush(struct sk_buff *skb, struct genl_info *info)
{
	struct op25b_net *on = op25b_pernet(genl_info_net(info));
	unsigned int s, f, first = 0, last = OP25B_SET_MAX;
	struct op25b_plist *l;
	struct op25b_policy *p;
	int ret = 0;

	if (info->attrs[OP25B_A_SET]) {
		first = nla_get_u8(info->attrs[OP25B_A_SET]);
		last = first;
	}
	mutex_lock(&on->lock);
	p = op25b_policy_clone(op25b_policy_locked(on));
	if (!p) {
		ret = -ENOMEM;
		goto out;
	}
	for (s = first; s <= last; s++) {
		for (f = 0; f < OP25B_NFAMILIES; f++) {
			l = op25b_plist_alloc(f, 0);
			if (!l) {
				ret = -ENOMEM;
				goto fail;
			}
			op25b_policy_set_list(p, s, f, l);
			op25b_policy_set_notes(p, s, f, NULL);
		}
	}
	/* Each map once: dynamic and static feed the same one. */
	for (f = 0; f < OP25B_NFAMILIES; f++) {
		if (first <= OP25B_SET_STATIC) {
			ret = op25b_policy_compile(p, f, OP25B_SET_DYNAMIC);
			if (ret)
				goto fail;
		}
		if (last == OP25B_SET_RELAY) {
			ret = op25b_policy_compile(p, f, OP25B_SET_RELAY);
			if (ret)
				goto fail;
		}
	}
	op25b_policy_publish(on, p);
	goto out;
fail:
	op25b_policy_free(p);
out:
	mutex_unlock(&on->lock);
	return ret;
}

/* Where a GET_PREFIXES dump stands, kept in cb->ctx between calls. */
struct dump_ctx {
	u8 set;		/* next set to dump */
	u8 family;
	u8 last_set;
	bool started;
	u32 index;	/* next element of sets[set][family] */
};

/*
 * Fills one message with prefixes of ctx->set, from the cursor on, both
 * families if they fit. Returns false when not even one prefix fitted.
 */
static bool dump_one(struct sk_buff *skb, struct netlink_callback *cb,
		     const struct op25b_policy *p, struct dump_ctx *ctx)
{
	const struct op25b_plist *l;
	struct nlattr *nest;
	unsigned int put = 0;
	bool full = false;
	const void *e;
	void *hdr;
	u128 addr;
	u8 len;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &op25b_genl_family, NLM_F_MULTI,
			  OP25B_CMD_GET_PREFIXES);
	if (!hdr)
		return false;
	nest = NULL;
	if (!nla_put_u32(skb, OP25B_A_GENERATION, p->generation) &&
	    !nla_put_u8(skb, OP25B_A_SET, ctx->set))
		nest = nla_nest_start(skb, OP25B_A_PREFIXES);
	if (!nest) {
		genlmsg_cancel(skb, hdr);
		return false;
	}
	for (; ctx->family < OP25B_NFAMILIES && !full;) {
		l = p->sets[ctx->set][ctx->family];
		for (; ctx->index < l->count; ctx->index++, put++) {
			e = op25b_plist_elem(l, ctx->index);
			op25b_elem_parts(ctx->family, e, &addr, &len);
			full = put_prefix(skb, OP25B_A_PREFIX, ctx->family,
					  addr, len,
					  op25b_nlist_find(ctx->family,
							   p->notes[ctx->set][ctx->family],
							   e));
			if (full)
				break;
		}
		if (!full) {
			ctx->family++;
			ctx->index = 0;
		}
	}
	if (!put) {
		/* Nothing fitted, or (after a policy change) nothing left. */
		genlmsg_cancel(skb, hdr);
		return !full;
	}
	/*
	 * Only on a message that is kept: the check also records the
	 * generation, and a cancelled flag would be lost for good.
	 */
	genl_dump_check_consistent(cb, hdr);
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return true;
}

static int op25b_nl_dump_prefixes(struct sk_buff *skb,
				  struct netlink_callback *cb)
{
	struct op25b_net *on = op25b_pernet(sock_net(skb->sk));
	struct dump_ctx *ctx = (struct dump_ctx *)cb->ctx;
	const struct op25b_policy *p;
	struct nlattr **attrs;

	BUILD_BUG_ON(sizeof(*ctx) > sizeof(cb->ctx));
	if (!ctx->started) {
		attrs = op25b_dump_attrs(cb);
		ctx->started = true;
		ctx->last_set = OP25B_SET_MAX;
		if (attrs[OP25B_A_SET])
			ctx->set = nla_get_u8(attrs[OP25B_A_SET]);
		if (attrs[OP25B_A_SET])
			ctx->last_set = ctx->set;
	}

	rcu_read_lock();
	p = rcu_dereference(on->policy);
	/* Odd, so never 0: netlink reads a 0 prev_seq as "no check yet". */
	cb->seq = p->generation * 2 + 1;
	while (ctx->set <= ctx->last_set) {
		if (p->sets[ctx->set][OP25B_V4]->count ||
		    p->sets[ctx->set][OP25B_V6]->count) {
			/* Full: come back with a new skb for the rest. */
			if (!dump_one(skb, cb, p, ctx))
				break;
			if (ctx->family < OP25B_NFAMILIES)
				continue;
		}
		ctx->family = 0;
		ctx->index = 0;
		ctx->set++;
	}
	rcu_read_unlock();
	return skb->len;
}

/*
 * The longest prefix of @set holding @addr, with its annotations, as a
 * nest of type @type; nothing when none holds it.
 */
static int put_match(struct sk_buff *msg, int type,
		     const struct op25b_policy *p, u8 set, u8 family,
		     u128 addr)
{
	const struct op25b_plist *l = p->sets[set][family];
	const void *e;
	u128 a;
	long i;
	u8 len;

	i = op25b_plist_match(l, addr);
	if (i < 0)
		return 0;
	e = op25b_plist_elem(l, i);
	op25b_elem_parts(family, e, &a, &len);
	return put_prefix(msg, type, family, a, len,
			  op25b_nlist_find(family, p->notes[set][family], e));
}

/*
 * The longest prefix matching the source (dynamic, static) or the
 * destination (relay) in each set.
 */
static int put_matches(struct sk_buff *msg, const struct op25b_policy *p,
		       u8 family, u128 src, u128 dst)
{
	static const u8 type[__OP25B_SET_MAX] = {
		[OP25B_SET_DYNAMIC] = OP25B_A_TEST_DYNAMIC,
		[OP25B_SET_STATIC] = OP25B_A_TEST_STATIC,
		[OP25B_SET_RELAY] = OP25B_A_TEST_RELAY,
	};
	unsigned int set;

	for (set = 0; set < __OP25B_SET_MAX; set++)
		if (put_match(msg, type[set], p, set, family,
			      set == OP25B_SET_RELAY ? dst : src))
			return -EMSGSIZE;
	return 0;
}

static int op25b_nl_test(struct sk_buff *skb, struct genl_info *info)
{
	struct op25b_net *on = op25b_pernet(genl_info_net(info));
	const struct op25b_policy *p;
	struct nl_prefix src, dst;
	enum op25b_reason reason;
	u64 s[2], d[2];
	struct sk_buff *msg;
	u16 port = 25;
	u8 verdict, mode;
	void *hdr;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, OP25B_A_TEST_SRC) ||
	    GENL_REQ_ATTR_CHECK(info, OP25B_A_TEST_DST))
		return -EINVAL;
	ret = parse_prefix(info->attrs[OP25B_A_TEST_SRC], &src, info->extack);
	if (!ret)
		ret = parse_prefix(info->attrs[OP25B_A_TEST_DST], &dst,
				   info->extack);
	if (ret)
		return ret;
	if (prefix_annotated(&src) || prefix_annotated(&dst)) {
		NL_SET_ERR_MSG(info->extack,
			       "test takes addresses without label or expiry");
		return -EINVAL;
	}
	if (src.family != dst.family) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[OP25B_A_TEST_DST],
				    "source and destination must be of the same family");
		return -EINVAL;
	}
	if (src.len != op25b_family_bits(src.family) ||
	    dst.len != op25b_family_bits(dst.family)) {
		NL_SET_ERR_MSG(info->extack,
			       "test takes addresses: prefixes of full length");
		return -EINVAL;
	}
	if (info->attrs[OP25B_A_TEST_PORT])
		port = nla_get_u16(info->attrs[OP25B_A_TEST_PORT]);
	s[0] = (u64)(src.addr >> 64);
	s[1] = (u64)src.addr;
	d[0] = (u64)(dst.addr >> 64);
	d[1] = (u64)dst.addr;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &op25b_genl_family, 0,
				OP25B_CMD_TEST);
	if (!hdr)
		goto nospace;

	rcu_read_lock();
	p = rcu_dereference(on->policy);
	reason = op25b_policy_classify(p, src.family, s, d, port, true);
	mode = op25b_policy_mode(p);
	verdict = reason == OP25B_REASON_BLOCKED &&
		  mode == OP25B_MODE_ENFORCE ? OP25B_VERDICT_BLOCKED :
					       OP25B_VERDICT_ALLOWED;
	ret = nla_put_u8(msg, OP25B_A_TEST_VERDICT, verdict) ||
	      nla_put_u8(msg, OP25B_A_TEST_REASON, reason) ||
	      nla_put_u8(msg, OP25B_A_MODE, p->mode) ||
	      nla_put_u8(msg, OP25B_A_EFFECTIVE_MODE, mode) ||
	      put_matches(msg, p, src.family, src.addr, dst.addr);
	rcu_read_unlock();
	if (ret)
		goto nospace;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

nospace:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

static int put_stats(struct sk_buff *skb, int type,
		     const u64 c[OP25B_NCOUNTERS])
{
	static const u8 attr[OP25B_NCOUNTERS] = {
		[OP25B_C_INSPECTED] = OP25B_STATS_A_INSPECTED,
		[OP25B_C_BLOCKED] = OP25B_STATS_A_BLOCKED,
		[OP25B_C_MONITORED] = OP25B_STATS_A_MONITORED,
		[OP25B_C_EXEMPT_STATIC] = OP25B_STATS_A_EXEMPT_STATIC,
		[OP25B_C_EXEMPT_RELAY] = OP25B_STATS_A_EXEMPT_RELAY,
		[OP25B_C_NOT_DYNAMIC] = OP25B_STATS_A_NOT_DYNAMIC,
	};
	struct nlattr *nest;
	unsigned int i;

	nest = nla_nest_start(skb, type);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < OP25B_NCOUNTERS; i++)
		if (nla_put_u64_64bit(skb, attr[i], c[i], OP25B_STATS_A_PAD))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int op25b_nl_get_stats(struct sk_buff *skb, struct genl_info *info)
{
	struct op25b_net *on = op25b_pernet(genl_info_net(info));
	u64 c[OP25B_NFAMILIES][OP25B_NCOUNTERS];
	struct sk_buff *msg;
	void *hdr;

	op25b_stats_sum(on->stats, c);
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &op25b_genl_family, 0,
				OP25B_CMD_GET_STATS);
	if (!hdr || put_stats(msg, OP25B_A_STATS_IPV4, c[OP25B_V4]) ||
	    put_stats(msg, OP25B_A_STATS_IPV6, c[OP25B_V6])) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int op25b_nl_txn_begin(struct sk_buff *skb, struct genl_info *info)
{
	struct op25b_net *on = op25b_pernet(genl_info_net(info));
	struct op25b_policy *params;
	int ret;

	params = op25b_policy_new();
	if (!params)
		return -ENOMEM;
	ret = parse_params(info, params);
	if (ret)
		goto out;
	mutex_lock(&on->lock);
	ret = op25b_txn_begin(on, info->snd_portid, NETLINK_CB(skb).sk,
			      params);
	mutex_unlock(&on->lock);
	if (!ret)
		return 0;	/* the transaction holds params now */
	if (ret == -EBUSY)
		NL_SET_ERR_MSG(info->extack,
			       "a transaction is already open on this socket");
out:
	op25b_policy_free(params);
	return ret;
}

static int op25b_nl_txn_end(struct sk_buff *skb, struct genl_info *info,
			    bool commit)
{
	struct op25b_net *on = op25b_pernet(genl_info_net(info));
	struct op25b_policy *p;
	struct op25b_txn *txn;
	int ret = 0;

	mutex_lock(&on->lock);
	txn = op25b_txn_find(on, info->snd_portid, NETLINK_CB(skb).sk);
	if (!txn) {
		NL_SET_ERR_MSG(info->extack,
			       "no transaction open on this socket");
		ret = -ENOENT;
		goto out;
	}
	if (commit) {
		p = op25b_txn_build(on, txn, info->extack);
		if (IS_ERR(p)) {
			ret = PTR_ERR(p);
			goto out;
		}
		op25b_policy_publish(on, p);
	}
	op25b_txn_free(on, txn);
out:
	mutex_unlock(&on->lock);
	return ret;
}

static int op25b_nl_txn_commit(struct sk_buff *skb, struct genl_info *info)
{
	return op25b_nl_txn_end(skb, info, true);
}

static int op25b_nl_txn_abort(struct sk_buff *skb, struct genl_info *info)
{
	return op25b_nl_txn_end(skb, info, false);
}

/* A GET_TOP dump: the snapshot taken at its start, and the cursor. */
struct top_ctx {
	struct op25b_top_row *rows;
	u32 n;
	u32 next;
};

static int op25b_nl_top_start(struct netlink_callback *cb)
{
	struct op25b_net *on = op25b_pernet(sock_net(cb->skb->sk));
	struct top_ctx *ctx = (struct top_ctx *)cb->ctx;

	BUILD_BUG_ON(sizeof(*ctx) > sizeof(cb->ctx));
	ctx->next = 0;
	return op25b_top_snapshot(&on->top, &ctx->rows, &ctx->n);
}

static int op25b_nl_top_done(struct netlink_callback *cb)
{
	struct top_ctx *ctx = (struct top_ctx *)cb->ctx;

	kvfree(ctx->rows);
	ctx->rows = NULL;
	return 0;
}

static int put_top_row(struct sk_buff *skb, const struct op25b_top_row *r,
		       const struct op25b_policy *p)
{
	u128 addr = (u128)r->addr[0] << 64 | r->addr[1];
	struct nlattr *nest;

	nest = nla_nest_start(skb, OP25B_A_TOP);
	if (!nest ||
	    put_prefix(skb, OP25B_TOP_A_SRC, r->family, addr,
		       op25b_family_bits(r->family), NULL) ||
	    put_match(skb, OP25B_TOP_A_DYNAMIC, p, OP25B_SET_DYNAMIC,
		      r->family, addr) ||
	    nla_put_u64_64bit(skb, OP25B_TOP_A_PACKETS, r->packets,
			      OP25B_TOP_A_PAD) ||
	    nla_put_u32(skb, OP25B_TOP_A_DESTINATIONS, r->destinations) ||
	    nla_put_u64_64bit(skb, OP25B_TOP_A_FIRST_SEEN, r->first_seen,
			      OP25B_TOP_A_PAD) ||
	    nla_put_u64_64bit(skb, OP25B_TOP_A_LAST_SEEN, r->last_seen,
			      OP25B_TOP_A_PAD)) {
		if (nest)
			nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int op25b_nl_dump_top(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct op25b_net *on = op25b_pernet(sock_net(skb->sk));
	struct top_ctx *ctx = (struct top_ctx *)cb->ctx;
	const struct op25b_policy *p;
	unsigned int put = 0;
	void *hdr;

	if (ctx->next >= ctx->n)
		return 0;
	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &op25b_genl_family, NLM_F_MULTI, OP25B_CMD_GET_TOP);
	if (!hdr)
		return -EMSGSIZE;
	rcu_read_lock();
	p = rcu_dereference(on->policy);
	for (; ctx->next < ctx->n; ctx->next++, put++)
		if (put_top_row(skb, &ctx->rows[ctx->next], p))
			break;
	rcu_read_unlock();
	if (!put) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return skb->len;
}

static int op25b_nl_clear_top(struct sk_buff *skb, struct genl_info *info)
{
	op25b_top_clear(&op25b_pernet(genl_info_net(info))->top);
	return 0;
}

static const struct genl_ops op25b_genl_ops[] = {
	{
		/*
		 * Commands without a policy take no attributes: for a family
		 * whose resv_start_op is 0 the core refuses every one.
		 */
		.cmd = OP25B_CMD_GET_STATUS,
		.doit = op25b_nl_get_status,
	},
	{
		.cmd = OP25B_CMD_SET_POLICY,
		.doit = op25b_nl_set_policy,
		.policy = set_policy_policy,
		.maxattr = ARRAY_SIZE(set_policy_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = OP25B_CMD_ADD_PREFIXES,
		.doit = op25b_nl_add,
		.policy = prefixes_cmd_policy,
		.maxattr = ARRAY_SIZE(prefixes_cmd_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = OP25B_CMD_DEL_PREFIXES,
		.doit = op25b_nl_del,
		.policy = prefixes_cmd_policy,
		.maxattr = ARRAY_SIZE(prefixes_cmd_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = OP25B_CMD_FLUSH,
		.doit = op25b_nl_flush,
		.policy = set_only_policy,
		.maxattr = ARRAY_SIZE(set_only_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = OP25B_CMD_GET_PREFIXES,
		.dumpit = op25b_nl_dump_prefixes,
		.policy = set_only_policy,
		.maxattr = ARRAY_SIZE(set_only_policy) - 1,
	},
	{
		.cmd = OP25B_CMD_TEST,
		.doit = op25b_nl_test,
		.policy = test_policy,
		.maxattr = ARRAY_SIZE(test_policy) - 1,
	},
	{
		.cmd = OP25B_CMD_GET_STATS,
		.doit = op25b_nl_get_stats,
	},
	{
		.cmd = OP25B_CMD_TXN_BEGIN,
		.doit = op25b_nl_txn_begin,
		.policy = set_policy_policy,
		.maxattr = ARRAY_SIZE(set_policy_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = OP25B_CMD_TXN_COMMIT,
		.doit = op25b_nl_txn_commit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = OP25B_CMD_TXN_ABORT,
		.doit = op25b_nl_txn_abort,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = OP25B_CMD_GET_TOP,
		.start = op25b_nl_top_start,
		.dumpit = op25b_nl_dump_top,
		.done = op25b_nl_top_done,
	},
	{
		.cmd = OP25B_CMD_CLEAR_TOP,
		.doit = op25b_nl_clear_top,
		.flags = GENL_UNS_ADMIN_PERM,
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
	/*
	 * Writers serialise on their namespace's lock and readers use RCU,
	 * so a long commit in one namespace never holds the global
	 * genl_mutex that every other family shares.
	 */
	.parallel_ops = true,
};

int __init op25b_genl_init(void)
{
	return genl_register_family(&op25b_genl_family);
}

void op25b_genl_uninit(void)
{
	genl_unregister_family(&op25b_genl_family);
}
