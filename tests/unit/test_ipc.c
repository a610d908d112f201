// SPDX-License-Identifier: GPL-2.0
/*
 * The netlink plumbing that can be checked without a kernel: decoding of
 * NLMSG_ERROR (with and without extended ACK) and of the controller's
 * family reply, and how errors read.
 */
#include <errno.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "harness.h"
#include "ipc.h"

static char msgbuf[2048] __attribute__((aligned(NLMSG_ALIGNTO)));

/*
 * An NLMSG_ERROR for a request whose payload was echo_len bytes; the
 * kernel echoes that payload unless the socket set NETLINK_CAP_ACK.
 */
static struct nlmsghdr *error_msg(int error, size_t echo_len, bool capped)
{
	struct nlmsghdr *nlh;
	struct nlmsgerr *e;
	char *echo;

	memset(msgbuf, 0, sizeof(msgbuf));
	nlh = mnl_nlmsg_put_header(msgbuf);
	nlh->nlmsg_type = NLMSG_ERROR;
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));
	e->error = error;
	e->msg.nlmsg_len = NLMSG_HDRLEN + echo_len;
	e->msg.nlmsg_type = 0x1c;
	e->msg.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	if (capped) {
		nlh->nlmsg_flags |= NLM_F_CAPPED;
	} else if (echo_len) {
		echo = mnl_nlmsg_put_extra_header(nlh, echo_len);
		memset(echo, 0xab, echo_len);
	}
	return nlh;
}

static void add_text(struct nlmsghdr *nlh, const char *text)
{
	nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
	/* offsets and the like come along; only the text is ours */
	mnl_attr_put_u32(nlh, NLMSGERR_ATTR_OFFS, 20);
	mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, text);
}

static void init_err(struct op25b_ipc_error *err)
{
	memset(err, 0, sizeof(*err));
	strcpy(err->msg, "stale");
}

static void ipc_error_ack(void)
{
	struct op25b_ipc_error err;
	uint32_t offs;

	init_err(&err);
	EXPECT_INT(op25b_ipc_parse_error(error_msg(0, 0, true), &err, &offs), 0);
	EXPECT_INT(err.err, 0);
	EXPECT_STR(err.msg, "");
}

static void ipc_error_plain_errno(void)
{
	struct op25b_ipc_error err;
	uint32_t offs;

	init_err(&err);
	EXPECT_INT(op25b_ipc_parse_error(error_msg(-EINVAL, 12, false), &err, &offs),
		   0);
	EXPECT_INT(err.err, EINVAL);
	EXPECT_STR(err.msg, "");
}

static void ipc_error_extack_capped(void)
{
	struct nlmsghdr *nlh = error_msg(-EINVAL, 12, true);
	struct op25b_ipc_error err;
	uint32_t offs;

	add_text(nlh, "attribute not allowed");
	init_err(&err);
	EXPECT_INT(op25b_ipc_parse_error(nlh, &err, &offs), 0);
	EXPECT_INT(err.err, EINVAL);
	EXPECT_STR(err.msg, "attribute not allowed");
	/* Where the kernel points, for op25bctl to name the prefix. */
	EXPECT_INT(offs, 20);
}

static void ipc_error_extack_after_echo(void)
{
	struct nlmsghdr *nlh = error_msg(-ERANGE, 12, false);
	struct op25b_ipc_error err;
	uint32_t offs;

	add_text(nlh, "generation out of range");
	init_err(&err);
	EXPECT_INT(op25b_ipc_parse_error(nlh, &err, &offs), 0);
	EXPECT_INT(err.err, ERANGE);
	EXPECT_STR(err.msg, "generation out of range");
}

/* The TLVs start at the next 4-byte boundary after an odd-sized echo. */
static void ipc_error_extack_after_unaligned_echo(void)
{
	struct nlmsghdr *nlh = error_msg(-EINVAL, 9, false);
	struct op25b_ipc_error err;
	uint32_t offs;

	add_text(nlh, "odd");
	init_err(&err);
	EXPECT_INT(op25b_ipc_parse_error(nlh, &err, &offs), 0);
	EXPECT_STR(err.msg, "odd");
}

static void ipc_error_rejects_short_message(void)
{
	struct nlmsghdr *nlh = error_msg(-EINVAL, 0, true);
	struct op25b_ipc_error err;
	uint32_t offs;

	nlh->nlmsg_len = NLMSG_HDRLEN + sizeof(struct nlmsgerr) - 1;
	init_err(&err);
	EXPECT_INT(op25b_ipc_parse_error(nlh, &err, &offs), -EBADMSG);
}

static void ipc_error_rejects_echo_past_end(void)
{
	struct nlmsghdr *nlh = error_msg(-EINVAL, 0, false);
	struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	struct op25b_ipc_error err;
	uint32_t offs;

	add_text(nlh, "never read");
	e->msg.nlmsg_len = 4096;
	init_err(&err);
	EXPECT_INT(op25b_ipc_parse_error(nlh, &err, &offs), -EBADMSG);
}

static void ipc_error_garbled_text_keeps_errno(void)
{
	struct nlmsghdr *nlh = error_msg(-EPERM, 0, true);
	struct op25b_ipc_error err;
	uint32_t offs;

	nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
	mnl_attr_put(nlh, NLMSGERR_ATTR_MSG, 4, "oops");
	init_err(&err);
	EXPECT_INT(op25b_ipc_parse_error(nlh, &err, &offs), 0);
	EXPECT_INT(err.err, EPERM);
	EXPECT_STR(err.msg, "");
}

static void ipc_error_missing_attribute(void)
{
	struct nlmsghdr *nlh = error_msg(-EINVAL, 0, true);
	struct op25b_ipc_error err;
	uint32_t offs;

	nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
	mnl_attr_put_u32(nlh, NLMSGERR_ATTR_MISS_TYPE, 3);
	init_err(&err);
	EXPECT_INT(op25b_ipc_parse_error(nlh, &err, &offs), 0);
	EXPECT_INT(err.err, EINVAL);
	EXPECT_STR(err.msg, "missing required attribute 3");
}

/* The kernel's own words say more than an attribute number. */
static void ipc_error_text_beats_missing_attribute(void)
{
	struct nlmsghdr *nlh = error_msg(-EINVAL, 0, true);
	struct op25b_ipc_error err;
	uint32_t offs;

	add_text(nlh, "prefix missing");
	mnl_attr_put_u32(nlh, NLMSGERR_ATTR_MISS_TYPE, 3);
	init_err(&err);
	EXPECT_INT(op25b_ipc_parse_error(nlh, &err, &offs), 0);
	EXPECT_STR(err.msg, "prefix missing");
}

static void ipc_error_long_text_is_cut(void)
{
	struct nlmsghdr *nlh = error_msg(-EINVAL, 0, true);
	struct op25b_ipc_error err;
	uint32_t offs;
	char text[400];

	memset(text, 'x', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	add_text(nlh, text);
	init_err(&err);
	EXPECT_INT(op25b_ipc_parse_error(nlh, &err, &offs), 0);
	EXPECT_INT(strlen(err.msg), sizeof(err.msg) - 1);
	EXPECT(!strncmp(err.msg, text, sizeof(err.msg) - 1));
}

static struct nlmsghdr *family_reply(uint8_t cmd)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *genl;

	memset(msgbuf, 0, sizeof(msgbuf));
	nlh = mnl_nlmsg_put_header(msgbuf);
	nlh->nlmsg_type = GENL_ID_CTRL;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = 2;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, "op25b");
	return nlh;
}

static void ipc_family_id(void)
{
	struct nlmsghdr *nlh = family_reply(CTRL_CMD_NEWFAMILY);
	uint16_t id = 0;

	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, 0x1c);
	mnl_attr_put_u32(nlh, CTRL_ATTR_VERSION, 1);
	mnl_attr_put_u32(nlh, CTRL_ATTR_MAXATTR, 2);
	EXPECT_INT(op25b_ipc_parse_family(nlh, &id), 0);
	EXPECT_INT(id, 0x1c);
}

static void ipc_family_rejects_missing_id(void)
{
	uint16_t id = 0;

	EXPECT_INT(op25b_ipc_parse_family(family_reply(CTRL_CMD_NEWFAMILY),
					  &id), -EBADMSG);
}

static void ipc_family_rejects_wide_id(void)
{
	struct nlmsghdr *nlh = family_reply(CTRL_CMD_NEWFAMILY);
	uint16_t id = 0;

	mnl_attr_put_u32(nlh, CTRL_ATTR_FAMILY_ID, 0x1c);
	EXPECT_INT(op25b_ipc_parse_family(nlh, &id), -ERANGE);
}

static void ipc_family_rejects_other_command(void)
{
	struct nlmsghdr *nlh = family_reply(CTRL_CMD_DELFAMILY);
	uint16_t id = 0;

	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, 0x1c);
	EXPECT_INT(op25b_ipc_parse_family(nlh, &id), -EPROTO);
}

static void ipc_strerror_eperm(void)
{
	EXPECT_STR(op25b_ipc_strerror(EPERM),
		   "permission denied (needs CAP_NET_ADMIN)");
}

static void ipc_strerror_others(void)
{
	EXPECT_STR(op25b_ipc_strerror(EINVAL), strerror(EINVAL));
	EXPECT_STR(op25b_ipc_strerror(ENOENT), strerror(ENOENT));
}

static void ipc_print_not_loaded(void)
{
	struct op25b_ipc_error err = {
		.err = ENOENT,
		.not_loaded = true,
		.op = "resolve generic netlink family op25b",
	};

	EXPECT_OUTPUT("op25bctl: the op25b kernel module is not loaded (try: modprobe op25b)\n",
		      op25b_ipc_error_print(f, &err));
}

static void ipc_print_with_kernel_text(void)
{
	struct op25b_ipc_error err = {
		.err = EINVAL,
		.op = "get status",
		.msg = "attribute not allowed",
	};
	char want[256];

	snprintf(want, sizeof(want),
		 "op25bctl: get status: %s: attribute not allowed\n",
		 strerror(EINVAL));
	EXPECT_OUTPUT(want, op25b_ipc_error_print(f, &err));
}

static void ipc_print_without_text(void)
{
	struct op25b_ipc_error err = {
		.err = EPERM,
		.op = "get status",
	};

	EXPECT_OUTPUT("op25bctl: get status: permission denied (needs CAP_NET_ADMIN)\n",
		      op25b_ipc_error_print(f, &err));
}

static void ipc_print_with_prefix(void)
{
	struct op25b_ipc_error err = {
		.err = EEXIST,
		.op = "add prefixes to relay",
		.msg = "prefix already in the set",
		.prefix = "relay 192.0.2.25/32",
	};
	char want[256];

	snprintf(want, sizeof(want),
		 "op25bctl: add prefixes to relay: %s: prefix already in the set (relay 192.0.2.25/32)\n",
		 strerror(EEXIST));
	EXPECT_OUTPUT(want, op25b_ipc_error_print(f, &err));
}

static void ipc_fail_fills_error(void)
{
	struct op25b_ipc_error err = { .not_loaded = true };

	EXPECT_INT(op25b_ipc_fail(&err, "flush relay", ENOMEM, "no memory"),
		   -ENOMEM);
	EXPECT_STR(err.op, "flush relay");
	EXPECT_INT(err.err, ENOMEM);
	EXPECT(!err.not_loaded);
	EXPECT_STR(err.msg, "no memory");
	/* NULL keeps the operation a request already named. */
	EXPECT_INT(op25b_ipc_fail(&err, NULL, EIO, NULL), -EIO);
	EXPECT_STR(err.op, "flush relay");
	EXPECT_STR(err.msg, "");
}

const struct unit_case ipc_cases[] = {
	UNIT_CASE(ipc_error_ack),
	UNIT_CASE(ipc_error_plain_errno),
	UNIT_CASE(ipc_error_extack_capped),
	UNIT_CASE(ipc_error_extack_after_echo),
	UNIT_CASE(ipc_error_extack_after_unaligned_echo),
	UNIT_CASE(ipc_error_rejects_short_message),
	UNIT_CASE(ipc_error_rejects_echo_past_end),
	UNIT_CASE(ipc_error_garbled_text_keeps_errno),
	UNIT_CASE(ipc_error_missing_attribute),
	UNIT_CASE(ipc_error_text_beats_missing_attribute),
	UNIT_CASE(ipc_error_long_text_is_cut),
	UNIT_CASE(ipc_family_id),
	UNIT_CASE(ipc_family_rejects_missing_id),
	UNIT_CASE(ipc_family_rejects_wide_id),
	UNIT_CASE(ipc_family_rejects_other_command),
	UNIT_CASE(ipc_strerror_eperm),
	UNIT_CASE(ipc_strerror_others),
	UNIT_CASE(ipc_print_not_loaded),
	UNIT_CASE(ipc_print_with_kernel_text),
	UNIT_CASE(ipc_print_without_text),
	UNIT_CASE(ipc_print_with_prefix),
	UNIT_CASE(ipc_fail_fills_error),
	UNIT_END
};
