// SPDX-License-Identifier: GPL-2.0
/*
 * Matching what the kernel sends to what was asked: single requests,
 * batches of ACKs, dumps that end, fail or are interrupted, and datagrams
 * that make no sense. Each datagram is built by hand and fed to
 * op25b_exchange_feed() as if it had just been received.
 */
#include <errno.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/op25b.h>

#include "harness.h"
#include "ipc.h"
#include "util.h"

#define PORTID	4242
#define SEQ	1000

static char dgram[8192] __attribute__((aligned(NLMSG_ALIGNTO)));
static size_t dlen;
static char sent[4096] __attribute__((aligned(NLMSG_ALIGNTO)));

static void dgram_reset(void)
{
	memset(dgram, 0, sizeof(dgram));
	dlen = 0;
}

static struct nlmsghdr *dgram_next(void)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(dgram + dlen);

	nlh->nlmsg_pid = PORTID;
	return nlh;
}

static void dgram_close(struct nlmsghdr *nlh)
{
	dlen += MNL_ALIGN(nlh->nlmsg_len);
}

static void add_ack(uint32_t seq, int error, const char *text, uint32_t offs)
{
	struct nlmsghdr *nlh = dgram_next();
	struct nlmsgerr *e;

	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_seq = seq;
	nlh->nlmsg_flags = NLM_F_CAPPED;
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));
	e->error = error;
	e->msg.nlmsg_len = 64;
	e->msg.nlmsg_seq = seq;
	if (text || offs)
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
	if (text)
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, text);
	if (offs)
		mnl_attr_put_u32(nlh, NLMSGERR_ATTR_OFFS, offs);
	dgram_close(nlh);
}

static void add_done_flags(uint32_t seq, int error, const char *text,
			   uint16_t flags)
{
	struct nlmsghdr *nlh = dgram_next();
	int32_t *e;

	nlh->nlmsg_type = NLMSG_DONE;
	nlh->nlmsg_seq = seq;
	nlh->nlmsg_flags = NLM_F_MULTI | flags;
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));
	*e = error;
	if (text) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, text);
	}
	dgram_close(nlh);
}

static void add_done(uint32_t seq, int error, const char *text)
{
	add_done_flags(seq, error, text, 0);
}

static void add_dump_part(uint32_t seq, uint16_t flags, const char *prefix)
{
	struct genlmsghdr *genl;
	struct nlmsghdr *nlh = dgram_next();
	struct nlattr *nest;

	nlh->nlmsg_type = UNIT_FAMILY;
	nlh->nlmsg_seq = seq;
	nlh->nlmsg_flags = NLM_F_MULTI | flags;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = OP25B_CMD_GET_PREFIXES;
	mnl_attr_put_u8(nlh, OP25B_A_SET, OP25B_SET_DYNAMIC);
	nest = mnl_attr_nest_start(nlh, OP25B_A_PREFIXES);
	put_prefix(nlh, OP25B_A_PREFIX, prefix);
	mnl_attr_nest_end(nlh, nest);
	dgram_close(nlh);
}

static void add_status(uint32_t seq, uint32_t generation)
{
	struct nlmsghdr *nlh = reply_start(dgram + dlen, OP25B_CMD_GET_STATUS);

	nlh->nlmsg_pid = PORTID;
	nlh->nlmsg_seq = seq;
	mnl_attr_put_strz(nlh, OP25B_A_VERSION, "0.1.0");
	mnl_attr_put_u32(nlh, OP25B_A_GENERATION, generation);
	dgram_close(nlh);
}

static int parse_status_cb(const struct nlmsghdr *nlh, void *out)
{
	return op25b_status_parse(nlh, out);
}

static int parse_prefixes_cb(const struct nlmsghdr *nlh, void *out)
{
	return op25b_prefixes_parse(nlh, out);
}

static struct op25b_ipc_error err;

static struct op25b_exchange exchange(uint32_t count, bool dump,
				      int (*parse)(const struct nlmsghdr *,
						   void *), void *out)
{
	struct op25b_exchange x = {
		.portid = PORTID,
		.seq = SEQ,
		.count = count,
		.type = UNIT_FAMILY,
		.dump = dump,
		.parse = parse,
		.out = out,
		.err = &err,
	};

	memset(&err, 0, sizeof(err));
	strcpy(err.op, "unit");
	dgram_reset();
	return x;
}

static int feed(struct op25b_exchange *x)
{
	int ret = op25b_exchange_feed(x, dgram, dlen);

	dgram_reset();
	return ret;
}

static void recv_reply_then_ack(void)
{
	struct op25b_status st;
	struct op25b_exchange x = exchange(1, false, parse_status_cb, &st);

	add_status(SEQ, 9);
	EXPECT_INT(feed(&x), 1);
	add_ack(SEQ, 0, NULL, 0);
	EXPECT_INT(feed(&x), 0);
	EXPECT_INT(x.result, 0);
	EXPECT(x.complete);
	EXPECT_INT(x.replies, 1);
	EXPECT_INT(st.generation, 9);
}

/* The reply and its ACK in one datagram work as well. */
static void recv_reply_and_ack_together(void)
{
	struct op25b_status st;
	struct op25b_exchange x = exchange(1, false, parse_status_cb, &st);

	add_status(SEQ, 3);
	add_ack(SEQ, 0, NULL, 0);
	EXPECT_INT(feed(&x), 0);
	EXPECT_INT(x.result, 0);
	EXPECT_INT(st.generation, 3);
}

static void recv_ack_without_reply(void)
{
	struct op25b_status st;
	struct op25b_exchange x = exchange(1, false, parse_status_cb, &st);

	add_ack(SEQ, 0, NULL, 0);
	EXPECT_INT(feed(&x), 0);
	EXPECT_INT(x.result, -EBADMSG);
	EXPECT_STR(err.msg, "the kernel acknowledged without replying");
}

static void recv_error_with_extack(void)
{
	struct op25b_exchange x = exchange(1, false, NULL, NULL);

	add_ack(SEQ, -EPERM, "no", 0);
	EXPECT_INT(feed(&x), 0);
	EXPECT_INT(x.result, -EPERM);
	EXPECT(x.complete);
	EXPECT_INT(err.err, EPERM);
	EXPECT_STR(err.msg, "no");
	EXPECT_STR(err.op, "unit");
}

/*
 * The kernel points at the prefix it objects to; the message names it,
 * with its set, found in the request that was sent.
 */
static void recv_error_names_prefix(void)
{
	struct op25b_exchange x = exchange(1, false, NULL, NULL);
	struct op25b_cursor cur = { .set = OP25B_SET_RELAY };
	struct op25b_policy p;
	struct op25b_prefix pr;
	struct nlmsghdr *nlh;
	const char *names[] = { "192.0.2.0/24", "198.51.100.7", "2001:db8::25" };
	unsigned int i;
	uint32_t offs;

	op25b_policy_init(&p);
	for (i = 0; i < 3; i++) {
		pr = pfx(names[i]);
		op25b_prefix_list_add(&p.sets[OP25B_SET_RELAY], &pr);
	}
	EXPECT_INT(op25b_msg_prefixes(sent, sizeof(sent), UNIT_FAMILY,
				      OP25B_CMD_ADD_PREFIXES, false, &p, &cur,
				      &nlh), 1);
	op25b_policy_free(&p);
	nlh->nlmsg_seq = SEQ;
	x.sent = sent;
	x.sent_len = nlh->nlmsg_len;
	/* header, SET, PREFIXES nest header, first prefix: the second one */
	offs = NLMSG_HDRLEN + GENL_HDRLEN + 8 + 4 + 16;
	add_ack(SEQ, -EEXIST, "prefix already in the set", offs + 4);
	EXPECT_INT(feed(&x), 0);
	EXPECT_INT(x.result, -EEXIST);
	EXPECT_STR(err.prefix, "relay 198.51.100.7/32");
}

static void recv_error_offset_elsewhere(void)
{
	struct op25b_exchange x = exchange(1, false, NULL, NULL);
	struct nlmsghdr *nlh = op25b_msg_flush(sent, sizeof(sent), UNIT_FAMILY,
					       OP25B_SET_STATIC);

	nlh->nlmsg_seq = SEQ;
	x.sent = sent;
	x.sent_len = nlh->nlmsg_len;
	add_ack(SEQ, -EINVAL, "bad set", NLMSG_HDRLEN + GENL_HDRLEN);
	EXPECT_INT(feed(&x), 0);
	EXPECT_STR(err.prefix, "");
	EXPECT_STR(err.msg, "bad set");
}

/* Every ACK of a batch is read; the first error is the one reported. */
static void recv_batch_first_error_wins(void)
{
	struct op25b_exchange x = exchange(4, false, NULL, NULL);

	add_ack(SEQ, 0, NULL, 0);
	add_ack(SEQ + 1, -ENOSPC, "set full", 0);
	EXPECT_INT(feed(&x), 1);
	add_ack(SEQ + 2, -EINVAL, "later", 0);
	EXPECT_INT(feed(&x), 1);
	EXPECT(!x.complete);
	add_ack(SEQ + 3, 0, NULL, 0);
	EXPECT_INT(feed(&x), 0);
	EXPECT(x.complete);
	EXPECT_INT(x.acked, 4);
	EXPECT_INT(x.result, -ENOSPC);
	EXPECT_STR(err.msg, "set full");
}

static void recv_batch_all_acked(void)
{
	struct op25b_exchange x = exchange(3, false, NULL, NULL);

	add_ack(SEQ + 2, 0, NULL, 0);
	add_ack(SEQ, 0, NULL, 0);
	EXPECT_INT(feed(&x), 1);
	add_ack(SEQ + 1, 0, NULL, 0);
	EXPECT_INT(feed(&x), 0);
	EXPECT_INT(x.result, 0);
	EXPECT(x.complete);
}

static void recv_rejects_other_sequence(void)
{
	struct op25b_exchange x = exchange(2, false, NULL, NULL);

	add_ack(SEQ + 2, 0, NULL, 0);
	EXPECT_INT(feed(&x), 0);
	EXPECT_INT(x.result, -EPROTO);
	EXPECT(!x.complete);
	EXPECT_STR(err.msg, "reply to another request");

	x = exchange(1, false, NULL, NULL);
	add_ack(SEQ - 1, 0, NULL, 0);
	EXPECT_INT(feed(&x), 0);
	EXPECT_INT(x.result, -EPROTO);
}

static void recv_rejects_other_portid(void)
{
	struct op25b_exchange x = exchange(1, false, NULL, NULL);
	struct nlmsghdr *nlh;

	add_ack(SEQ, 0, NULL, 0);
	nlh = (struct nlmsghdr *)dgram;
	nlh->nlmsg_pid = PORTID + 1;
	EXPECT_INT(feed(&x), 0);
	EXPECT_INT(x.result, -ESRCH);
}

static void recv_rejects_unexpected_data(void)
{
	struct op25b_exchange x = exchange(1, false, NULL, NULL);

	add_status(SEQ, 1);
	EXPECT_INT(feed(&x), 0);
	EXPECT_INT(x.result, -EPROTO);
	EXPECT_STR(err.msg, "unexpected message from the kernel");
}

static void recv_rejects_malformed_reply(void)
{
	struct op25b_status st;
	struct op25b_exchange x = exchange(1, false, parse_status_cb, &st);
	struct nlmsghdr *nlh = reply_start(dgram, OP25B_CMD_GET_STATUS);

	nlh->nlmsg_seq = SEQ;
	mnl_attr_put_u16(nlh, OP25B_A_GENERATION, 1);
	dgram_close(nlh);
	EXPECT_INT(feed(&x), 0);
	EXPECT_INT(x.result, -ERANGE);
	EXPECT_STR(err.msg, "malformed reply from the kernel");
}

static void recv_rejects_truncated_datagram(void)
{
	struct op25b_exchange x = exchange(1, false, NULL, NULL);

	add_ack(SEQ, 0, NULL, 0);
	dlen -= 4;
	EXPECT_INT(feed(&x), 0);
	EXPECT_INT(x.result, -EBADMSG);
}

/*
 * A length of 2^31 or more is not "negative, so it fits": mnl_nlmsg_ok()
 * alone let the loop jump outside the datagram (found by fuzz_replies).
 */
static void recv_rejects_huge_length(void)
{
	struct op25b_exchange x = exchange(2, false, NULL, NULL);
	struct nlmsghdr *nlh;

	add_ack(SEQ, 0, NULL, 0);
	nlh = dgram_next();
	nlh->nlmsg_type = NLMSG_NOOP;
	nlh->nlmsg_seq = SEQ + 1;
	dgram_close(nlh);
	nlh->nlmsg_len = 0xf7000024;
	EXPECT_INT(feed(&x), 0);
	EXPECT_INT(x.result, -EBADMSG);
	EXPECT_STR(err.msg, "truncated message from the kernel");
}

static void recv_skips_noop(void)
{
	struct op25b_exchange x = exchange(1, false, NULL, NULL);
	struct nlmsghdr *nlh = dgram_next();

	nlh->nlmsg_type = NLMSG_NOOP;
	nlh->nlmsg_seq = SEQ;
	dgram_close(nlh);
	add_ack(SEQ, 0, NULL, 0);
	EXPECT_INT(feed(&x), 0);
	EXPECT_INT(x.result, 0);
}

static void recv_done_outside_dump(void)
{
	struct op25b_exchange x = exchange(1, false, NULL, NULL);

	add_done(SEQ, 0, NULL);
	EXPECT_INT(feed(&x), 0);
	EXPECT_INT(x.result, -EPROTO);
}

static void recv_dump(void)
{
	struct op25b_policy p;
	struct op25b_exchange x = exchange(1, true, parse_prefixes_cb, &p);

	op25b_policy_init(&p);
	add_dump_part(SEQ, 0, "10.0.0.0/8");
	add_dump_part(SEQ, 0, "192.0.2.0/24");
	EXPECT_INT(feed(&x), 1);
	add_dump_part(SEQ, 0, "2001:db8::/32");
	add_done(SEQ, 0, NULL);
	EXPECT_INT(feed(&x), 0);
	EXPECT_INT(x.result, 0);
	EXPECT(x.complete);
	EXPECT_INT(x.replies, 3);
	EXPECT_INT(p.sets[OP25B_SET_DYNAMIC].len, 3);
	op25b_policy_free(&p);
}

/* Nothing parsed after the change; the dump is drained to its end. */
static void recv_dump_interrupted(void)
{
	struct op25b_policy p;
	struct op25b_exchange x = exchange(1, true, parse_prefixes_cb, &p);

	op25b_policy_init(&p);
	add_dump_part(SEQ, 0, "10.0.0.0/8");
	add_dump_part(SEQ, NLM_F_DUMP_INTR, "11.0.0.0/8");
	EXPECT_INT(feed(&x), 1);
	add_dump_part(SEQ, 0, "12.0.0.0/8");
	EXPECT_INT(feed(&x), 1);
	EXPECT(x.interrupted);
	add_done(SEQ, 0, NULL);
	EXPECT_INT(feed(&x), 0);
	EXPECT_INT(x.result, -EINTR);
	EXPECT(x.complete);
	EXPECT_INT(p.sets[OP25B_SET_DYNAMIC].len, 1);
	op25b_policy_free(&p);
}

/*
 * A change after the last data message shows only on NLMSG_DONE: the list
 * looks whole but may lack prefixes the change moved past the cursor.
 */
static void recv_dump_interrupted_at_done(void)
{
	struct op25b_policy p;
	struct op25b_exchange x = exchange(1, true, parse_prefixes_cb, &p);

	op25b_policy_init(&p);
	add_dump_part(SEQ, 0, "10.0.0.0/8");
	add_done_flags(SEQ, 0, NULL, NLM_F_DUMP_INTR);
	EXPECT_INT(feed(&x), 0);
	EXPECT_INT(x.result, -EINTR);
	EXPECT(x.complete);
	op25b_policy_free(&p);
}

static void recv_dump_done_with_error(void)
{
	struct op25b_policy p;
	struct op25b_exchange x = exchange(1, true, parse_prefixes_cb, &p);

	op25b_policy_init(&p);
	add_dump_part(SEQ, 0, "10.0.0.0/8");
	add_done(SEQ, -ENOMEM, "dump failed");
	EXPECT_INT(feed(&x), 0);
	EXPECT_INT(x.result, -ENOMEM);
	EXPECT_STR(err.msg, "dump failed");
	op25b_policy_free(&p);
}

static void recv_dump_refused_at_start(void)
{
	struct op25b_policy p;
	struct op25b_exchange x = exchange(1, true, parse_prefixes_cb, &p);

	add_ack(SEQ, -EINVAL, "unknown set", 0);
	EXPECT_INT(feed(&x), 0);
	EXPECT_INT(x.result, -EINVAL);
	EXPECT(x.complete);
	EXPECT_STR(err.msg, "unknown set");
}

static void recv_dump_short_done(void)
{
	struct op25b_policy p;
	struct op25b_exchange x = exchange(1, true, parse_prefixes_cb, &p);
	struct nlmsghdr *nlh = dgram_next();

	nlh->nlmsg_type = NLMSG_DONE;
	nlh->nlmsg_seq = SEQ;
	dgram_close(nlh);
	EXPECT_INT(feed(&x), 0);
	EXPECT_INT(x.result, -EBADMSG);
}

const struct unit_case recv_cases[] = {
	UNIT_CASE(recv_reply_then_ack),
	UNIT_CASE(recv_reply_and_ack_together),
	UNIT_CASE(recv_ack_without_reply),
	UNIT_CASE(recv_error_with_extack),
	UNIT_CASE(recv_error_names_prefix),
	UNIT_CASE(recv_error_offset_elsewhere),
	UNIT_CASE(recv_batch_first_error_wins),
	UNIT_CASE(recv_batch_all_acked),
	UNIT_CASE(recv_rejects_other_sequence),
	UNIT_CASE(recv_rejects_other_portid),
	UNIT_CASE(recv_rejects_unexpected_data),
	UNIT_CASE(recv_rejects_malformed_reply),
	UNIT_CASE(recv_rejects_truncated_datagram),
	UNIT_CASE(recv_rejects_huge_length),
	UNIT_CASE(recv_skips_noop),
	UNIT_CASE(recv_done_outside_dump),
	UNIT_CASE(recv_dump),
	UNIT_CASE(recv_dump_interrupted),
	UNIT_CASE(recv_dump_interrupted_at_done),
	UNIT_CASE(recv_dump_done_with_error),
	UNIT_CASE(recv_dump_refused_at_start),
	UNIT_CASE(recv_dump_short_done),
	UNIT_END
};
