// SPDX-License-Identifier: GPL-2.0
/*
 * Building op25b requests. Every attribute goes in through the libmnl
 * *_check() helpers, so that no builder writes past size: a request that
 * does not fit fails here, and a chunk of prefixes simply ends where the
 * next prefix would not fit, with its nests closed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/op25b.h>

#include "ipc.h"

static struct nlmsghdr *start(void *buf, size_t size, uint16_t family,
			      uint8_t cmd, uint16_t flags)
{
	struct genlmsghdr *genl;
	struct nlmsghdr *nlh;

	if (size < MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(*genl)))
		return NULL;
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = family;
	nlh->nlmsg_flags = flags;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = OP25B_GENL_VERSION;
	return nlh;
}

static struct nlmsghdr *start_request(void *buf, size_t size,
				      uint16_t family, uint8_t cmd)
{
	return start(buf, size, family, cmd, NLM_F_REQUEST | NLM_F_ACK);
}

/*
 * A prefix nest, with the annotations of a (NULL: none). The expiry goes
 * without OP25B_PREFIX_A_PAD: the kernel reads a u64 at any alignment,
 * and a strict policy need not list the pad. Whatever does not fit
 * cancels the whole nest, so that a chunk never ends in half a prefix.
 */
static bool put_prefix(struct nlmsghdr *nlh, size_t size, uint16_t type,
		       const struct op25b_prefix *p,
		       const struct op25b_annot *a)
{
	struct nlattr *nest = mnl_attr_nest_start_check(nlh, size, type);
	uint16_t addr_type = p->family == AF_INET ? OP25B_PREFIX_A_IPV4 :
						    OP25B_PREFIX_A_IPV6;

	if (!nest)
		return false;
	if (!mnl_attr_put_check(nlh, size, addr_type,
				op25b_prefix_addrlen(p->family), p->addr) ||
	    !mnl_attr_put_u8_check(nlh, size, OP25B_PREFIX_A_LEN, p->len) ||
	    (a && a->label[0] &&
	     !mnl_attr_put_strz_check(nlh, size, OP25B_PREFIX_A_LABEL,
				      a->label)) ||
	    (a && a->expires &&
	     !mnl_attr_put_u64_check(nlh, size, OP25B_PREFIX_A_EXPIRES,
				     a->expires))) {
		mnl_attr_nest_cancel(nlh, nest);
		return false;
	}
	mnl_attr_nest_end(nlh, nest);
	return true;
}

static bool put_ports(struct nlmsghdr *nlh, size_t size,
		      const uint16_t *ports, unsigned int n)
{
	struct nlattr *nest = mnl_attr_nest_start_check(nlh, size,
							OP25B_A_PORTS);
	unsigned int i;

	if (!nest)
		return false;
	for (i = 0; i < n; i++)
		if (!mnl_attr_put_u16_check(nlh, size, OP25B_A_PORT, ports[i]))
			return false;
	mnl_attr_nest_end(nlh, nest);
	return true;
}

static bool put_set(struct nlmsghdr *nlh, size_t size, int set)
{
	return set < 0 || mnl_attr_put_u8_check(nlh, size, OP25B_A_SET, set);
}

struct nlmsghdr *op25b_msg_status(void *buf, size_t size, uint16_t family)
{
	return start_request(buf, size, family, OP25B_CMD_GET_STATUS);
}

struct nlmsghdr *op25b_msg_stats(void *buf, size_t size, uint16_t family)
{
	return start_request(buf, size, family, OP25B_CMD_GET_STATS);
}

struct nlmsghdr *op25b_msg_set_policy(void *buf, size_t size,
				      uint16_t family,
				      const struct op25b_settings *s)
{
	struct nlmsghdr *nlh = start_request(buf, size, family,
					     OP25B_CMD_SET_POLICY);

	if (!nlh)
		return NULL;
	if (s->has_mode &&
	    !mnl_attr_put_u8_check(nlh, size, OP25B_A_MODE, s->mode))
		return NULL;
	if (s->has_action &&
	    !mnl_attr_put_u8_check(nlh, size, OP25B_A_ACTION, s->action))
		return NULL;
	if (s->has_ports && !put_ports(nlh, size, s->ports, s->nports))
		return NULL;
	if (s->has_enforce_at &&
	    !mnl_attr_put_u64_check(nlh, size, OP25B_A_ENFORCE_AT,
				    s->enforce_at))
		return NULL;
	if (s->has_log &&
	    (!mnl_attr_put_u8_check(nlh, size, OP25B_A_LOG, s->log) ||
	     (s->log == OP25B_LOG_NFLOG &&
	      !mnl_attr_put_u16_check(nlh, size, OP25B_A_LOG_GROUP,
				      s->log_group))))
		return NULL;
	return nlh;
}

struct nlmsghdr *op25b_msg_top(void *buf, size_t size, uint16_t family,
			       uint8_t cmd)
{
	if (cmd == OP25B_CMD_GET_TOP)
		return start(buf, size, family, cmd,
			     NLM_F_REQUEST | NLM_F_DUMP);
	return start_request(buf, size, family, cmd);
}

struct nlmsghdr *op25b_msg_flush(void *buf, size_t size, uint16_t family,
				 int set)
{
	struct nlmsghdr *nlh = start_request(buf, size, family,
					     OP25B_CMD_FLUSH);

	return nlh && put_set(nlh, size, set) ? nlh : NULL;
}

/*
 * No NLM_F_ACK: a dump ends with NLMSG_DONE, and the kernel sends no ACK
 * after a dump it started.
 */
struct nlmsghdr *op25b_msg_dump(void *buf, size_t size, uint16_t family,
				int set)
{
	struct nlmsghdr *nlh = start(buf, size, family,
				     OP25B_CMD_GET_PREFIXES,
				     NLM_F_REQUEST | NLM_F_DUMP);

	return nlh && put_set(nlh, size, set) ? nlh : NULL;
}

struct nlmsghdr *op25b_msg_test(void *buf, size_t size, uint16_t family,
				const struct op25b_test_query *q)
{
	struct nlmsghdr *nlh = start_request(buf, size, family,
					     OP25B_CMD_TEST);

	if (!nlh || !put_prefix(nlh, size, OP25B_A_TEST_SRC, &q->src, NULL) ||
	    !put_prefix(nlh, size, OP25B_A_TEST_DST, &q->dst, NULL) ||
	    !mnl_attr_put_u16_check(nlh, size, OP25B_A_TEST_PORT, q->port))
		return NULL;
	return nlh;
}

struct nlmsghdr *op25b_msg_txn_begin(void *buf, size_t size,
				     uint16_t family,
				     const struct op25b_policy *p)
{
	struct op25b_settings s = {
		.has_mode = true,
		.has_action = true,
		.has_ports = true,
		.has_enforce_at = p->enforce_at != 0,
		.has_log = p->log != OP25B_LOG_OFF,
		.mode = p->mode,
		.action = p->action,
		.nports = p->nports,
		.log = p->log,
		.log_group = p->log_group,
		.enforce_at = p->enforce_at,
	};
	struct genlmsghdr *genl;
	struct nlmsghdr *nlh;

	memcpy(s.ports, p->ports, sizeof(s.ports));
	/* The same attributes as SET_POLICY, under another command. */
	nlh = op25b_msg_set_policy(buf, size, family, &s);
	if (!nlh)
		return NULL;
	genl = mnl_nlmsg_get_payload(nlh);
	genl->cmd = OP25B_CMD_TXN_BEGIN;
	return nlh;
}

struct nlmsghdr *op25b_msg_txn_end(void *buf, size_t size, uint16_t family,
				   uint8_t cmd)
{
	return start_request(buf, size, family, cmd);
}

int op25b_msg_prefixes(void *buf, size_t size, uint16_t family, uint8_t cmd,
		       bool txn, const struct op25b_policy *p,
		       struct op25b_cursor *cur, struct nlmsghdr **out)
{
	const struct op25b_prefix_list *l;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	size_t first;

	while (cur->set < OP25B_SET_COUNT &&
	       cur->next >= p->sets[cur->set].len) {
		cur->set++;
		cur->next = 0;
	}
	if (cur->set >= OP25B_SET_COUNT)
		return 0;
	l = &p->sets[cur->set];

	nlh = start_request(buf, size, family, cmd);
	if (!nlh || !put_set(nlh, size, cur->set))
		return -EMSGSIZE;
	/* A flag: no payload, but libmnl wants a pointer to copy from. */
	if (txn && !mnl_attr_put_check(nlh, size, OP25B_A_TXN, 0, ""))
		return -EMSGSIZE;
	nest = mnl_attr_nest_start_check(nlh, size, OP25B_A_PREFIXES);
	if (!nest)
		return -EMSGSIZE;
	/* DEL_PREFIXES takes no annotations: the prefix alone names it. */
	for (first = cur->next; cur->next < l->len; cur->next++)
		if (!put_prefix(nlh, size, OP25B_A_PREFIX, &l->v[cur->next],
				cmd == OP25B_CMD_DEL_PREFIXES ? NULL :
				op25b_prefix_list_annot(l, cur->next)))
			break;
	if (cur->next == first)
		return -EMSGSIZE;
	mnl_attr_nest_end(nlh, nest);
	*out = nlh;
	return 1;
}

uint32_t op25b_seq_next(uint32_t *seq)
{
	/* libmnl takes sequence number 0 to mean "do not check"; so do we. */
	if (!++*seq)
		++*seq;
	return *seq;
}

/*
 * A chunk that does not fit the batch any more stays in the buffer
 * (mnl_nlmsg_batch_reset() moves it to the front) and opens the next
 * batch, which is why the buffer has room for one chunk more than a batch.
 */
int op25b_msg_batches(const struct op25b_policy *p, uint16_t family,
		      uint32_t *seq, op25b_batch_send_t send, void *ctx)
{
	struct op25b_cursor cur = { 0 };
	struct mnl_nlmsg_batch *b;
	uint32_t first = 0, n = 0;
	struct nlmsghdr *nlh;
	char *buf;
	int ret;

	buf = malloc(OP25B_BATCH_MAX + OP25B_MSG_MAX);
	b = buf ? mnl_nlmsg_batch_start(buf, OP25B_BATCH_MAX) : NULL;
	if (!b) {
		free(buf);
		return -ENOMEM;
	}
	for (;;) {
		ret = op25b_msg_prefixes(mnl_nlmsg_batch_current(b),
					 OP25B_MSG_MAX, family,
					 OP25B_CMD_ADD_PREFIXES, true, p, &cur,
					 &nlh);
		if (ret <= 0) {
			if (!ret && n)
				ret = send(ctx, mnl_nlmsg_batch_head(b),
					   mnl_nlmsg_batch_size(b), first, n);
			break;
		}
		nlh->nlmsg_seq = op25b_seq_next(seq);
		if (!n)
			first = nlh->nlmsg_seq;
		if (mnl_nlmsg_batch_next(b)) {
			n++;
			continue;
		}
		ret = send(ctx, mnl_nlmsg_batch_head(b),
			   mnl_nlmsg_batch_size(b), first, n);
		if (ret < 0)
			break;
		mnl_nlmsg_batch_reset(b);
		first = nlh->nlmsg_seq;
		n = 1;
	}
	mnl_nlmsg_batch_stop(b);
	free(buf);
	return ret;
}
