// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink transport for op25bctl, on libmnl.
 *
 * Every request goes out with NLM_F_ACK so that success and failure both
 * end in an NLMSG_ERROR message: the receive loop always has something to
 * stop on, and errors arrive with the kernel's extended ACK text.
 */
#include <errno.h>
#include <inttypes.h>
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
#define OP_GET_STATUS	"get status"

/* Our requests are a header and a few small attributes. */
#define REQUEST_SIZE	512

/*
 * Large enough for any reply we ask for (CTRL_CMD_GETFAMILY lists every op
 * of the family). A datagram that does not fit fails with ENOSPC rather
 * than being silently cut.
 */
#define RECV_SIZE	32768

struct op25b_ipc {
	struct mnl_socket *nl;
	uint32_t portid;
	uint32_t seq;
	uint16_t family;
	char buf[RECV_SIZE] __attribute__((aligned(NLMSG_ALIGNTO)));
};

/* State of one request/ACK exchange, shared by the receive callbacks. */
struct request {
	struct op25b_ipc_error *err;
	/* nlmsg_type every data reply must carry */
	uint16_t type;
	/* NULL when the request expects no reply, only the ACK */
	int (*parse)(const struct nlmsghdr *nlh, void *out);
	void *out;
	bool got_reply;
	/* a callback filled *err; else a failed run left its cause in errno */
	bool failed;
};

static int ipc_fail(struct op25b_ipc_error *err, const char *op, int e,
		    const char *msg)
{
	err->op = op;
	err->err = e;
	err->not_loaded = false;
	snprintf(err->msg, sizeof(err->msg), "%s", msg ? msg : "");
	return -e;
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
	fprintf(f, "op25bctl: %s: %s", err->op ? err->op : "netlink",
		op25b_ipc_strerror(err->err));
	if (err->msg[0])
		fprintf(f, ": %s", err->msg);
	fputc('\n', f);
}

/*
 * A genl message must hold its header; cmd tells a reply to one request
 * from a reply to another.
 */
static int genl_check(const struct nlmsghdr *nlh, uint8_t cmd)
{
	const struct genlmsghdr *genl;

	if (nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN)
		return -EBADMSG;
	genl = mnl_nlmsg_get_payload(nlh);
	if (genl->cmd != cmd)
		return -EPROTO;
	return 0;
}

/*
 * mnl_attr_for_each() quietly stops at the first attribute that does not
 * fit. For replies we rely on, a stop short of the end means a truncated
 * or corrupt message, and half of it must not pass for the whole.
 */
static bool attrs_consumed(const struct nlmsghdr *nlh,
			   const struct nlattr *attr)
{
	return (const void *)attr == mnl_nlmsg_get_payload_tail(nlh);
}

int op25b_status_parse(const struct nlmsghdr *nlh, struct op25b_status *st)
{
	const struct nlattr *attr;
	const char *s;
	int ret;

	memset(st, 0, sizeof(*st));
	ret = genl_check(nlh, OP25B_CMD_GET_STATUS);
	if (ret < 0)
		return ret;

	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		switch (mnl_attr_get_type(attr)) {
		case OP25B_A_VERSION:
			if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
				return -errno;
			s = mnl_attr_get_str(attr);
			if (strlen(s) >= sizeof(st->version))
				return -ERANGE;
			strcpy(st->version, s);
			st->has_version = true;
			break;
		case OP25B_A_GENERATION:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
				return -errno;
			st->generation = mnl_attr_get_u32(attr);
			st->has_generation = true;
			break;
		default:
			/*
			 * A newer module may say more; the UAPI promises the
			 * attributes we know keep their meaning.
			 */
			break;
		}
	}
	if (!attrs_consumed(nlh, attr))
		return -EBADMSG;
	return 0;
}

int op25b_ipc_parse_family(const struct nlmsghdr *nlh, uint16_t *id)
{
	const struct nlattr *attr;
	bool found = false;
	int ret;

	ret = genl_check(nlh, CTRL_CMD_NEWFAMILY);
	if (ret < 0)
		return ret;

	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(attr) != CTRL_ATTR_FAMILY_ID)
			continue;
		if (mnl_attr_validate(attr, MNL_TYPE_U16) < 0)
			return -errno;
		*id = mnl_attr_get_u16(attr);
		found = true;
	}
	if (!attrs_consumed(nlh, attr) || !found)
		return -EBADMSG;
	return 0;
}

int op25b_ipc_parse_error(const struct nlmsghdr *nlh,
			  struct op25b_ipc_error *err)
{
	const struct nlmsgerr *e;
	const struct nlattr *attr;
	bool has_miss_type = false;
	uint32_t miss_type = 0;
	size_t off;

	err->msg[0] = '\0';
	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*e)))
		return -EBADMSG;
	e = mnl_nlmsg_get_payload(nlh);
	/* The kernel sends -errno; INT_MIN has no positive twin. */
	if (e->error == INT32_MIN)
		err->err = EPROTO;
	else
		err->err = e->error < 0 ? -e->error : e->error;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return 0;

	/*
	 * The TLVs follow the echoed request: only its header when the
	 * kernel honoured NETLINK_CAP_ACK, all of it otherwise.
	 */
	off = sizeof(*e);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (e->msg.nlmsg_len < sizeof(struct nlmsghdr))
			return -EBADMSG;
		off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
	}
	if (NLMSG_HDRLEN + MNL_ALIGN(off) > MNL_ALIGN(nlh->nlmsg_len))
		return -EBADMSG;

	/* A garbled TLV must not hide the errno that came with it. */
	mnl_attr_for_each(attr, nlh, off) {
		switch (mnl_attr_get_type(attr)) {
		case NLMSGERR_ATTR_MSG:
			if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
				break;
			snprintf(err->msg, sizeof(err->msg), "%s",
				 mnl_attr_get_str(attr));
			break;
		case NLMSGERR_ATTR_MISS_TYPE:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
				break;
			miss_type = mnl_attr_get_u32(attr);
			has_miss_type = true;
			break;
		}
	}
	/*
	 * GENL_REQ_ATTR_CHECK() sends no text, only the number of the
	 * attribute the request lacked; that is still worth showing.
	 */
	if (has_miss_type && !err->msg[0])
		snprintf(err->msg, sizeof(err->msg),
			 "missing required attribute %" PRIu32, miss_type);
	return 0;
}

static int data_cb(const struct nlmsghdr *nlh, void *data)
{
	struct request *req = data;
	int ret;

	req->failed = true;
	if (nlh->nlmsg_type != req->type || !req->parse) {
		ipc_fail(req->err, req->err->op, EPROTO,
			 "unexpected message from the kernel");
		return MNL_CB_ERROR;
	}
	ret = req->parse(nlh, req->out);
	if (ret < 0) {
		ipc_fail(req->err, req->err->op, -ret,
			 "malformed reply from the kernel");
		return MNL_CB_ERROR;
	}
	req->failed = false;
	req->got_reply = true;
	return MNL_CB_OK;
}

static int error_cb(const struct nlmsghdr *nlh, void *data)
{
	struct request *req = data;
	int ret;

	req->failed = true;
	ret = op25b_ipc_parse_error(nlh, req->err);
	if (ret < 0) {
		ipc_fail(req->err, req->err->op, -ret,
			 "malformed error message from the kernel");
		return MNL_CB_ERROR;
	}
	if (req->err->err)
		return MNL_CB_ERROR;
	req->failed = false;
	return MNL_CB_STOP;
}

static int done_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return MNL_CB_STOP;
}

/*
 * Sends nlh and reads until its ACK. Returns 0 or a negative errno with
 * req->err filled. mnl_cb_run2() drops nothing silently: a message with
 * another port id (ESRCH) or sequence number (EPROTO) fails the request.
 */
static int ipc_request(struct op25b_ipc *ipc, struct nlmsghdr *nlh,
		       struct request *req, const char *op)
{
	/*
	 * Entries left NULL (NOOP, OVERRUN) are skipped, as libmnl does.
	 * Not const: libmnl before 1.0.5 takes a plain pointer.
	 */
	static mnl_cb_t ctl[NLMSG_MIN_TYPE] = {
		[NLMSG_ERROR]	= error_cb,
		[NLMSG_DONE]	= done_cb,
	};
	int ret = MNL_CB_OK;
	ssize_t len;
	uint32_t seq;

	req->err->op = op;
	req->err->err = 0;
	req->err->not_loaded = false;
	req->err->msg[0] = '\0';

	/* libmnl takes sequence number 0 to mean "do not check". */
	seq = ++ipc->seq;
	if (!seq)
		seq = ++ipc->seq;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = seq;

	if (mnl_socket_sendto(ipc->nl, nlh, nlh->nlmsg_len) < 0)
		return ipc_fail(req->err, op, errno, NULL);

	while (ret > MNL_CB_STOP) {
		len = mnl_socket_recvfrom(ipc->nl, ipc->buf, sizeof(ipc->buf));
		if (len < 0) {
			if (errno == EINTR)
				continue;
			return ipc_fail(req->err, op, errno, NULL);
		}
		req->failed = false;
		ret = mnl_cb_run2(ipc->buf, len, seq, ipc->portid, data_cb,
				  req, ctl, MNL_ARRAY_SIZE(ctl));
	}
	if (ret < 0) {
		if (req->failed)
			return -req->err->err;
		return ipc_fail(req->err, op, errno,
				"reply does not match the request");
	}
	if (req->parse && !req->got_reply)
		return ipc_fail(req->err, op, EBADMSG,
				"the kernel acknowledged without replying");
	return 0;
}

static struct nlmsghdr *put_genl_header(char *buf, uint16_t type, uint8_t cmd,
					uint8_t version)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = type;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = version;
	return nlh;
}

static int parse_family_cb(const struct nlmsghdr *nlh, void *out)
{
	return op25b_ipc_parse_family(nlh, out);
}

static int parse_status_cb(const struct nlmsghdr *nlh, void *out)
{
	return op25b_status_parse(nlh, out);
}

static int resolve_family(struct op25b_ipc *ipc, struct op25b_ipc_error *err)
{
	char buf[REQUEST_SIZE] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct request req = {
		.err = err,
		.type = GENL_ID_CTRL,
		.parse = parse_family_cb,
		.out = &ipc->family,
	};
	struct nlmsghdr *nlh;
	int ret;

	nlh = put_genl_header(buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, OP25B_GENL_NAME);

	ret = ipc_request(ipc, nlh, &req, OP_RESOLVE);
	/*
	 * ENOENT from the controller itself, after its attempt to autoload
	 * the module, is the one way "not loaded" shows.
	 */
	if (ret == -ENOENT && req.failed)
		err->not_loaded = true;
	return ret;
}

int op25b_ipc_open(struct op25b_ipc **ipcp, struct op25b_ipc_error *err)
{
	struct op25b_ipc *ipc;
	int one = 1;
	int ret;

	ipc = calloc(1, sizeof(*ipc));
	if (!ipc)
		return ipc_fail(err, OP_SOCKET, ENOMEM, NULL);

	ipc->nl = mnl_socket_open(NETLINK_GENERIC);
	if (!ipc->nl) {
		ret = ipc_fail(err, OP_SOCKET, errno, NULL);
		goto err_free;
	}
	if (mnl_socket_bind(ipc->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		ret = ipc_fail(err, OP_SOCKET, errno, NULL);
		goto err_close;
	}
	/*
	 * EXT_ACK brings the kernel's explanation of an error; CAP_ACK keeps
	 * it from echoing our whole request back. Kernels older than 4.12
	 * lack them, and their errors merely come without text.
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

int op25b_ipc_get_status(struct op25b_ipc *ipc, struct op25b_status *st,
			 struct op25b_ipc_error *err)
{
	char buf[REQUEST_SIZE] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct request req = {
		.err = err,
		.type = ipc->family,
		.parse = parse_status_cb,
		.out = st,
	};
	struct nlmsghdr *nlh;
	int ret;

	memset(st, 0, sizeof(*st));
	nlh = put_genl_header(buf, ipc->family, OP25B_CMD_GET_STATUS,
			      OP25B_GENL_VERSION);
	ret = ipc_request(ipc, nlh, &req, OP_GET_STATUS);
	if (ret < 0)
		return ret;
	if (!st->has_version || !st->has_generation)
		return ipc_fail(err, OP_GET_STATUS, EBADMSG,
				"the reply lacks the module version or the policy generation");
	return 0;
}
