// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink transport for op25bctl, on libmnl: the socket, and one
 * function per operation.
 *
 * Every request but a dump goes out with NLM_F_ACK so that success and
 * failure both end in an NLMSG_ERROR message: the receive loop always has
 * something to stop on, and errors arrive with the kernel's extended ACK
 * text.
 */
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/op25b.h>

#include "ipc.h"

#define OP_RESOLVE	"resolve generic netlink family " OP25B_GENL_NAME
#define OP_SOCKET	"open generic netlink socket"

/* Requests without prefixes are a header and a few small attributes. */
#define REQUEST_SIZE	512

/*
 * Larger than any datagram the kernel sends us: it caps dump messages at
 * 32 KiB, and with NETLINK_CAP_ACK an error does not echo our request. A
 * datagram that does not fit fails with ENOSPC rather than being cut.
 */
#define RECV_SIZE	65536

struct op25b_ipc {
	struct mnl_socket *nl;
	uint32_t portid;
	uint32_t seq;
	uint16_t family;
	/* replies of the last exchange are left unread in the socket */
	bool dirty;
	char buf[RECV_SIZE] __attribute__((aligned(NLMSG_ALIGNTO)));
};

int op25b_ipc_fail(struct op25b_ipc_error *err, const char *op, int e,
		   const char *msg)
{
	if (op && op != err->op)
		snprintf(err->op, sizeof(err->op), "%s", op);
	err->err = e;
	err->not_loaded = false;
	if (msg != err->msg)
		snprintf(err->msg, sizeof(err->msg), "%s", msg ? msg : "");
	return -e;
}

static void error_reset(struct op25b_ipc_error *err, const char *op)
{
	memset(err, 0, sizeof(*err));
	snprintf(err->op, sizeof(err->op), "%s", op);
}

const char *op25b_ipc_strerror(int err)
{
	/* Needs saying: CAP_NET_ADMIN over the namespace, not just root. */
	if (err == EPERM)
		return "permission denied (needs CAP_NET_ADMIN)";
	return strerror(err);
}

void op25b_ipc_error_print(FILE *f, const struct op25b_ipc_error *err)
{
	if (err->not_loaded) {
		fputs("op25bctl: the op25b kernel module is not loaded (try: modprobe op25b)\n",
		      f);
		return;
	}
	fprintf(f, "op25bctl: %s: %s", err->op[0] ? err->op : "netlink",
		op25b_ipc_strerror(err->err));
	if (err->msg[0])
		fprintf(f, ": %s", err->msg);
	if (err->prefix[0])
		fprintf(f, " (%s)", err->prefix);
	fputc('\n', f);
}

static uint32_t next_seq(struct op25b_ipc *ipc)
{
	return op25b_seq_next(&ipc->seq);
}

/* Sends x->sent and reads until x is over. Returns x->result. */
static int run(struct op25b_ipc *ipc, struct op25b_exchange *x)
{
	ssize_t len;

	x->portid = ipc->portid;
	if (mnl_socket_sendto(ipc->nl, x->sent, x->sent_len) < 0)
		return op25b_ipc_fail(x->err, NULL, errno, NULL);
	ipc->dirty = true;
	for (;;) {
		len = mnl_socket_recvfrom(ipc->nl, ipc->buf, sizeof(ipc->buf));
		if (len < 0 && errno == EINTR)
			continue;
		if (len < 0)
			return op25b_ipc_fail(x->err, NULL, errno,
					      errno == ENOBUFS ? "the kernel dropped replies: socket receive buffer full" : NULL);
		if (!op25b_exchange_feed(x, ipc->buf, len))
			break;
	}
	ipc->dirty = !x->complete;
	return x->result;
}

/* One request, its reply (if parse) and its ACK. */
static int request(struct op25b_ipc *ipc, struct nlmsghdr *nlh,
		   uint16_t type, int (*parse)(const struct nlmsghdr *, void *),
		   void *out, const char *op, struct op25b_ipc_error *err)
{
	struct op25b_exchange x = {
		.seq = next_seq(ipc),
		.count = 1,
		.type = type,
		.dump = nlh->nlmsg_flags & NLM_F_DUMP,
		.parse = parse,
		.out = out,
		.sent = nlh,
		.sent_len = nlh->nlmsg_len,
		.err = err,
	};

	error_reset(err, op);
	nlh->nlmsg_seq = x.seq;
	return run(ipc, &x);
}

static int parse_family_cb(const struct nlmsghdr *nlh, void *out)
{
	return op25b_ipc_parse_family(nlh, out);
}

static int resolve_family(struct op25b_ipc *ipc, struct op25b_ipc_error *err)
{
	char buf[REQUEST_SIZE] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl;
	int ret;

	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = CTRL_CMD_GETFAMILY;
	genl->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, OP25B_GENL_NAME);

	ret = request(ipc, nlh, GENL_ID_CTRL, parse_family_cb, &ipc->family,
		      OP_RESOLVE, err);
	/*
	 * ENOENT from the controller itself, after its attempt to autoload
	 * the module, is the one way "not loaded" shows.
	 */
	if (ret == -ENOENT)
		err->not_loaded = true;
	return ret;
}

int op25b_ipc_open(struct op25b_ipc **ipcp, struct op25b_ipc_error *err)
{
	struct op25b_ipc *ipc;
	int one = 1;
	int ret;

	error_reset(err, OP_SOCKET);
	ipc = calloc(1, sizeof(*ipc));
	if (!ipc)
		return op25b_ipc_fail(err, OP_SOCKET, ENOMEM, NULL);

	ipc->nl = mnl_socket_open(NETLINK_GENERIC);
	if (!ipc->nl) {
		ret = op25b_ipc_fail(err, OP_SOCKET, errno, NULL);
		goto err_free;
	}
	if (mnl_socket_bind(ipc->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		ret = op25b_ipc_fail(err, OP_SOCKET, errno, NULL);
		goto err_close;
	}
	/*
	 * EXT_ACK brings the kernel's explanation of an error; CAP_ACK keeps
	 * it from echoing our whole request back (32 KiB for a chunk of
	 * prefixes). Kernels older than 4.12 lack them, and their errors
	 * merely come without text.
	 */
	mnl_socket_setsockopt(ipc->nl, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(ipc->nl, NETLINK_CAP_ACK, &one, sizeof(one));

	ipc->portid = mnl_socket_get_portid(ipc->nl);
	ipc->seq = (uint32_t)time(NULL);

	ret = resolve_family(ipc, err);
	if (ret < 0)
		goto err_close;

	*ipcp = ipc;
	return 0;

err_close:
	mnl_socket_close(ipc->nl);
err_free:
	free(ipc);
	return ret;
}

void op25b_ipc_close(struct op25b_ipc *ipc)
{
	if (!ipc)
		return;
	mnl_socket_close(ipc->nl);
	free(ipc);
}

static int parse_status_cb(const struct nlmsghdr *nlh, void *out)
{
	return op25b_status_parse(nlh, out);
}

int op25b_ipc_get_status(struct op25b_ipc *ipc, struct op25b_status *st,
			 struct op25b_ipc_error *err)
{
	char buf[REQUEST_SIZE] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *nlh = op25b_msg_status(buf, sizeof(buf), ipc->family);
	int ret;

	memset(st, 0, sizeof(*st));
	ret = request(ipc, nlh, ipc->family, parse_status_cb, st,
		      "get status", err);
	if (ret < 0)
		return ret;
	if (!st->has_version || !st->has_generation)
		return op25b_ipc_fail(err, NULL, EBADMSG,
				      "the reply lacks the module version or the policy generation");
	return 0;
}

int op25b_ipc_set_policy(struct op25b_ipc *ipc,
			 const struct op25b_settings *s,
			 struct op25b_ipc_error *err)
{
	char buf[REQUEST_SIZE] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *nlh = op25b_msg_set_policy(buf, sizeof(buf),
						    ipc->family, s);

	return request(ipc, nlh, ipc->family, NULL, NULL, "set policy", err);
}

int op25b_ipc_change_prefixes(struct op25b_ipc *ipc, uint8_t cmd,
			      unsigned int set,
			      const struct op25b_prefix_list *l,
			      struct op25b_ipc_error *err)
{
	struct op25b_cursor cur = { .set = set };
	struct op25b_policy one = { 0 };
	struct nlmsghdr *nlh;
	char op[64], msg[128];
	void *buf;
	int ret;

	snprintf(op, sizeof(op), cmd == OP25B_CMD_ADD_PREFIXES ?
		 "add prefixes to %s" : "delete prefixes from %s",
		 op25b_set_name(set));
	error_reset(err, op);
	buf = malloc(OP25B_CHANGE_MAX);
	if (!buf)
		return op25b_ipc_fail(err, NULL, ENOMEM, NULL);
	/* A view of l as the only set of a policy, for the chunk builder. */
	one.sets[set] = *l;
	ret = op25b_msg_prefixes(buf, OP25B_CHANGE_MAX, ipc->family, cmd,
				 false, &one, &cur, &nlh);
	if (ret < 0)
		ret = op25b_ipc_fail(err, NULL, -ret, NULL);
	else if (ret == 0)
		ret = op25b_ipc_fail(err, NULL, EINVAL, "no prefixes given");
	else if (cur.next < l->len) {
		snprintf(msg, sizeof(msg),
			 "%zu prefixes are more than one all-or-nothing request holds (%zu); use apply",
			 l->len, cur.next);
		ret = op25b_ipc_fail(err, NULL, EMSGSIZE, msg);
	} else {
		ret = request(ipc, nlh, ipc->family, NULL, NULL, op, err);
	}
	free(buf);
	return ret;
}

int op25b_ipc_flush(struct op25b_ipc *ipc, int set,
		    struct op25b_ipc_error *err)
{
	char buf[REQUEST_SIZE] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *nlh = op25b_msg_flush(buf, sizeof(buf), ipc->family,
					       set);
	char op[64];

	if (set < 0)
		snprintf(op, sizeof(op), "flush every set");
	else
		snprintf(op, sizeof(op), "flush %s", op25b_set_name(set));
	return request(ipc, nlh, ipc->family, NULL, NULL, op, err);
}

static int parse_prefixes_cb(const struct nlmsghdr *nlh, void *out)
{
	return op25b_prefixes_parse(nlh, out);
}

static void clear_sets(struct op25b_policy *p)
{
	unsigned int i;

	for (i = 0; i < OP25B_SET_COUNT; i++)
		op25b_prefix_list_free(&p->sets[i]);
}

int op25b_ipc_dump_prefixes(struct op25b_ipc *ipc, int set,
			    struct op25b_policy *out,
			    struct op25b_ipc_error *err)
{
	char buf[REQUEST_SIZE] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *nlh;
	int tries, ret;

	for (tries = 0; tries < OP25B_DUMP_TRIES; tries++) {
		clear_sets(out);
		nlh = op25b_msg_dump(buf, sizeof(buf), ipc->family, set);
		ret = request(ipc, nlh, ipc->family, parse_prefixes_cb, out,
			      "dump prefixes", err);
		if (ret != -EINTR)
			return ret;
	}
	clear_sets(out);
	return op25b_ipc_fail(err, NULL, EAGAIN,
			      "the policy changed during every attempt to read it; try again");
}

/* The mode, action and ports of a status that has them all. */
static int take_settings(const struct op25b_status *st,
			 struct op25b_policy *out, struct op25b_ipc_error *err)
{
	if (!st->has_mode || !st->has_action || !st->has_ports ||
	    !st->nports)
		return op25b_ipc_fail(err, NULL, EBADMSG,
				      "the status lacks the mode, the action or the ports");
	out->mode = st->mode;
	out->action = st->action;
	out->nports = st->nports;
	memcpy(out->ports, st->ports, sizeof(out->ports));
	/* A module without these has neither a cut-over nor a log. */
	out->enforce_at = st->has_enforce_at ? st->enforce_at : 0;
	out->log = st->has_log ? st->log : OP25B_LOG_OFF;
	out->log_group = st->has_log_group ? st->log_group : 0;
	return 0;
}

int op25b_ipc_get_policy(struct op25b_ipc *ipc, struct op25b_policy *out,
			 struct op25b_ipc_error *err)
{
	struct op25b_status before, after;
	int tries, ret;

	/*
	 * The dump alone is consistent (NLM_F_DUMP_INTR); equal generations
	 * around it make mode, action and ports part of the same snapshot.
	 */
	for (tries = 0; tries < OP25B_DUMP_TRIES; tries++) {
		ret = op25b_ipc_get_status(ipc, &before, err);
		if (!ret)
			ret = op25b_ipc_dump_prefixes(ipc, -1, out, err);
		if (!ret)
			ret = op25b_ipc_get_status(ipc, &after, err);
		if (ret < 0)
			return ret;
		if (before.generation == after.generation)
			return take_settings(&before, out, err);
	}
	clear_sets(out);
	return op25b_ipc_fail(err, "read policy", EAGAIN,
			      "the policy changed during every attempt to read it; try again");
}

static int parse_test_cb(const struct nlmsghdr *nlh, void *out)
{
	return op25b_test_parse(nlh, out);
}

int op25b_ipc_test(struct op25b_ipc *ipc, const struct op25b_test_query *q,
		   struct op25b_test_result *res, struct op25b_ipc_error *err)
{
	char buf[REQUEST_SIZE] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *nlh = op25b_msg_test(buf, sizeof(buf), ipc->family,
					      q);
	int ret;

	ret = request(ipc, nlh, ipc->family, parse_test_cb, res, "test", err);
	if (ret < 0)
		return ret;
	if (!res->has_verdict || !res->has_reason || !res->has_mode)
		return op25b_ipc_fail(err, NULL, EBADMSG,
				      "the reply lacks the verdict, the reason or the mode");
	return 0;
}

static int parse_top_cb(const struct nlmsghdr *nlh, void *out)
{
	return op25b_top_parse(nlh, out);
}

int op25b_ipc_get_top(struct op25b_ipc *ipc, struct op25b_top *out,
		      struct op25b_ipc_error *err)
{
	char buf[REQUEST_SIZE] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *nlh = op25b_msg_top(buf, sizeof(buf), ipc->family,
					     OP25B_CMD_GET_TOP);
	int ret;

	ret = request(ipc, nlh, ipc->family, parse_top_cb, out,
		      "list sources", err);
	if (ret < 0)
		op25b_top_free(out);
	return ret;
}

int op25b_ipc_clear_top(struct op25b_ipc *ipc, struct op25b_ipc_error *err)
{
	char buf[REQUEST_SIZE] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *nlh = op25b_msg_top(buf, sizeof(buf), ipc->family,
					     OP25B_CMD_CLEAR_TOP);

	return request(ipc, nlh, ipc->family, NULL, NULL, "clear sources",
		       err);
}

static int parse_stats_cb(const struct nlmsghdr *nlh, void *out)
{
	return op25b_stats_parse(nlh, out);
}

int op25b_ipc_get_stats(struct op25b_ipc *ipc, struct op25b_stats *stats,
			struct op25b_ipc_error *err)
{
	char buf[REQUEST_SIZE] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *nlh = op25b_msg_stats(buf, sizeof(buf), ipc->family);

	return request(ipc, nlh, ipc->family, parse_stats_cb, stats,
		       "get stats", err);
}

struct batch_ctx {
	struct op25b_ipc *ipc;
	struct op25b_ipc_error *err;
	/* send_batch() failed, and err says why */
	bool failed;
};

/*
 * Sends one batch and collects every ACK. A kernel error fails the batch
 * but the ACKs of the rest are still read, so that the socket is clean
 * for TXN_ABORT.
 */
static int send_batch(void *data, const void *buf, size_t len, uint32_t seq,
		      uint32_t count)
{
	struct batch_ctx *ctx = data;
	struct op25b_exchange x = {
		.seq = seq,
		.count = count,
		.type = ctx->ipc->family,
		.sent = buf,
		.sent_len = len,
		.err = ctx->err,
	};
	int ret;

	error_reset(ctx->err, "load prefixes into the transaction");
	ret = run(ctx->ipc, &x);
	ctx->failed = ret < 0;
	return ret;
}

static int send_prefixes(struct op25b_ipc *ipc, const struct op25b_policy *p,
			 struct op25b_ipc_error *err)
{
	struct batch_ctx ctx = { .ipc = ipc, .err = err };
	int ret;

	ret = op25b_msg_batches(p, ipc->family, &ipc->seq, send_batch, &ctx);
	if (ret < 0 && !ctx.failed)
		op25b_ipc_fail(err, "load prefixes into the transaction", -ret,
			       NULL);
	return ret;
}

static int txn_end(struct op25b_ipc *ipc, uint8_t cmd, const char *op,
		   struct op25b_ipc_error *err)
{
	char buf[REQUEST_SIZE] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *nlh = op25b_msg_txn_end(buf, sizeof(buf),
						 ipc->family, cmd);

	return request(ipc, nlh, ipc->family, NULL, NULL, op, err);
}

/*
 * TXN_BEGIN and TXN_COMMIT go alone, each after the ACKs of everything
 * before it: in one batch, the kernel would go on to a COMMIT after a
 * failed ADD and commit half a policy.
 */
int op25b_ipc_apply(struct op25b_ipc *ipc, struct op25b_policy *p,
		    struct op25b_ipc_error *err)
{
	char buf[REQUEST_SIZE] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct op25b_ipc_error ignored;
	struct nlmsghdr *nlh;
	int ret;

	nlh = op25b_msg_txn_begin(buf, sizeof(buf), ipc->family, p);
	ret = request(ipc, nlh, ipc->family, NULL, NULL, "begin transaction",
		      err);
	if (ret < 0)
		return ret;
	ret = send_prefixes(ipc, p, err);
	/* And handed back to the system, not kept in malloc's heap. */
	op25b_policy_free(p);
	malloc_trim(0);
	if (!ret)
		ret = txn_end(ipc, OP25B_CMD_TXN_COMMIT, "commit transaction",
			      err);
	/*
	 * With replies still unread, an ABORT would be answered out of
	 * turn; the caller closes the socket, which drops the transaction
	 * just the same.
	 */
	if (ret < 0 && !ipc->dirty)
		txn_end(ipc, OP25B_CMD_TXN_ABORT, "abort transaction",
			&ignored);
	return ret;
}
