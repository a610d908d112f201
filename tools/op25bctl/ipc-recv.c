// SPDX-License-Identifier: GPL-2.0
/*
 * Matching what the kernel sends to what we asked. libmnl's mnl_cb_run()
 * knows one sequence number and gives up at the first NLM_F_DUMP_INTR,
 * leaving the rest of the dump unread in the socket; apply sends batches
 * of requests and must read every ACK, and an interrupted dump must be
 * drained before it can start over. Hence this small state machine, fed
 * one datagram at a time.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/op25b.h>

#include "ipc.h"

/* Stops the exchange at once: what follows cannot be trusted either. */
static int stop(struct op25b_exchange *x, int e, const char *msg)
{
	if (!x->result)
		x->result = op25b_ipc_fail(x->err, NULL, e, msg);
	x->complete = false;
	return 0;
}

static bool attr_holds(const struct nlmsghdr *nlh, const struct nlattr *attr,
		       uint32_t offs)
{
	uint32_t start = (const char *)attr - (const char *)nlh;

	return offs >= start && offs < start + attr->nla_len;
}

/*
 * mnl_nlmsg_ok() compares nlmsg_len to the bytes left as an int, so a
 * length of 2^31 or more passes for a small one, and mnl_nlmsg_next()
 * then jumps far outside the datagram. The kernel never sends that; a
 * corrupt datagram must still not take us with it.
 */
static bool msg_ok(const struct nlmsghdr *nlh, int len)
{
	return len >= (int)sizeof(*nlh) && nlh->nlmsg_len >= sizeof(*nlh) &&
	       nlh->nlmsg_len <= (unsigned int)len;
}

static const struct nlmsghdr *sent_request(const struct op25b_exchange *x,
					   uint32_t seq)
{
	const struct nlmsghdr *nlh = x->sent;
	int len = x->sent_len;

	for (; nlh && msg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len))
		if (nlh->nlmsg_seq == seq)
			return nlh;
	return NULL;
}

/*
 * The kernel points its extended ACK at the attribute it objects to, by
 * offset into our request. When that is a prefix, naming it saves the
 * reader a search through thousands of lines.
 */
static void name_prefix(const struct op25b_exchange *x, uint32_t seq,
			uint32_t offs)
{
	const struct nlmsghdr *nlh = sent_request(x, seq);
	const struct nlattr *attr, *pa, *hit = NULL;
	char buf[OP25B_PREFIX_STRLEN];
	struct op25b_prefix p;
	const char *set = NULL;

	if (!nlh || !offs || offs >= nlh->nlmsg_len)
		return;
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		switch (mnl_attr_get_type(attr)) {
		case OP25B_A_SET:
			if (mnl_attr_get_payload_len(attr) == 1)
				set = op25b_set_name(mnl_attr_get_u8(attr));
			break;
		case OP25B_A_PREFIXES:
			if (!attr_holds(nlh, attr, offs))
				break;
			mnl_attr_for_each_nested(pa, attr)
				if (attr_holds(nlh, pa, offs))
					hit = pa;
			break;
		case OP25B_A_TEST_SRC:
		case OP25B_A_TEST_DST:
			if (attr_holds(nlh, attr, offs))
				hit = attr;
			break;
		}
	}
	if (!hit || op25b_prefix_nest_parse(hit, &p) < 0)
		return;
	snprintf(x->err->prefix, sizeof(x->err->prefix), "%s%s%s",
		 set ? set : "", set ? " " : "", op25b_prefix_format(&p, buf));
}

static int on_ack(struct op25b_exchange *x, const struct nlmsghdr *nlh)
{
	struct op25b_ipc_error e = { 0 };
	uint32_t offs;

	if (op25b_ipc_parse_error(nlh, &e, &offs) < 0)
		return stop(x, EBADMSG, "malformed error message from the kernel");
	x->acked++;
	/* In a batch, the first error is the one to show. */
	if (e.err && !x->result) {
		x->result = -e.err;
		x->err->err = e.err;
		memcpy(x->err->msg, e.msg, sizeof(e.msg));
		name_prefix(x, nlh->nlmsg_seq, offs);
	}
	if (!x->dump && x->acked < x->count)
		return 1;
	x->complete = true;
	if (!x->result && !x->dump && x->parse && !x->replies)
		return stop(x, EBADMSG, "the kernel acknowledged without replying");
	return 0;
}

static int on_done(struct op25b_exchange *x, const struct nlmsghdr *nlh)
{
	struct op25b_ipc_error e = { 0 };
	uint32_t offs;

	if (!x->dump)
		return stop(x, EPROTO, "unexpected end of dump from the kernel");
	if (op25b_ipc_parse_error(nlh, &e, &offs) < 0)
		return stop(x, EBADMSG, "malformed end of dump from the kernel");
	x->complete = true;
	if (e.err && !x->result) {
		x->result = -e.err;
		x->err->err = e.err;
		memcpy(x->err->msg, e.msg, sizeof(e.msg));
	}
	if (!x->result && x->interrupted)
		x->result = -EINTR;
	return 0;
}

static int on_data(struct op25b_exchange *x, const struct nlmsghdr *nlh)
{
	int ret;

	if (nlh->nlmsg_type != x->type || !x->parse)
		return stop(x, EPROTO, "unexpected message from the kernel");
	/* Read on to the end, but what is left is of no use. */
	if (x->interrupted || x->result)
		return 1;
	ret = x->parse(nlh, x->out);
	if (ret == -ENOMEM)
		return stop(x, ENOMEM, "out of memory while reading the reply");
	if (ret == -EOPNOTSUPP)
		return stop(x, EPROTO, "the module sent a set this op25bctl does not know (upgrade op25bctl)");
	if (ret < 0)
		return stop(x, -ret, "malformed reply from the kernel");
	x->replies++;
	return 1;
}

static int on_message(struct op25b_exchange *x, const struct nlmsghdr *nlh)
{
	/* Same checks as mnl_cb_run(): 0 from the kernel means "anyone". */
	if (nlh->nlmsg_pid && nlh->nlmsg_pid != x->portid)
		return stop(x, ESRCH, "message for another socket");
	if (nlh->nlmsg_seq - x->seq >= x->count)
		return stop(x, EPROTO, "reply to another request");
	/*
	 * The flag comes on the first message after the change, which may
	 * be the NLMSG_DONE of a dump that then looks complete but is not.
	 */
	if (x->dump && (nlh->nlmsg_flags & NLM_F_DUMP_INTR))
		x->interrupted = true;

	switch (nlh->nlmsg_type) {
	case NLMSG_NOOP:
		return 1;
	case NLMSG_OVERRUN:
		return stop(x, ENOBUFS, "the kernel lost messages");
	case NLMSG_ERROR:
		return on_ack(x, nlh);
	case NLMSG_DONE:
		return on_done(x, nlh);
	}
	return on_data(x, nlh);
}

int op25b_exchange_feed(struct op25b_exchange *x, const void *buf,
			size_t len)
{
	const struct nlmsghdr *nlh = buf;
	int rest = len;

	for (; msg_ok(nlh, rest); nlh = mnl_nlmsg_next(nlh, &rest))
		if (!on_message(x, nlh))
			return 0;
	if (rest > 0)
		return stop(x, EBADMSG, "truncated message from the kernel");
	return 1;
}
