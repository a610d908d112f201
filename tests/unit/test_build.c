// SPDX-License-Identifier: GPL-2.0
/*
 * Requests built into buffers and read back with libmnl, as the kernel
 * would read them: the right command, flags and attributes, and chunks of
 * prefixes that fill their messages without ever splitting a prefix or
 * passing the size they were given.
 */
#include <errno.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/op25b.h>

#include "harness.h"
#include "ipc.h"
#include "util.h"

static char buf[OP25B_BATCH_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));

struct parsed {
	uint8_t cmd;
	const struct nlattr *tb[OP25B_A_MAX + 1];
	unsigned int count;
};

static int attr_cb(const struct nlattr *attr, void *data)
{
	struct parsed *p = data;

	p->count++;
	if (mnl_attr_get_type(attr) <= OP25B_A_MAX)
		p->tb[mnl_attr_get_type(attr)] = attr;
	return MNL_CB_OK;
}

/* Splits a request into its attributes; -1 if it does not parse whole. */
static int parse_request(const struct nlmsghdr *nlh, struct parsed *p)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);

	memset(p, 0, sizeof(*p));
	if (nlh->nlmsg_type != UNIT_FAMILY ||
	    genl->version != OP25B_GENL_VERSION)
		return -1;
	p->cmd = genl->cmd;
	return mnl_attr_parse(nlh, GENL_HDRLEN, attr_cb, p) == MNL_CB_OK ? 0 : -1;
}

static void fill(struct op25b_policy *p, unsigned int set, unsigned int n4,
		 unsigned int n6)
{
	struct op25b_prefix pr;
	unsigned int i;
	char s[64];

	for (i = 0; i < n4; i++) {
		snprintf(s, sizeof(s), "10.%u.%u.0/24", i / 256 % 256, i % 256);
		pr = pfx(s);
		op25b_prefix_list_add(&p->sets[set], &pr);
	}
	for (i = 0; i < n6; i++) {
		snprintf(s, sizeof(s), "2001:db8:%x::/48", i);
		pr = pfx(s);
		op25b_prefix_list_add(&p->sets[set], &pr);
	}
	op25b_prefix_list_sort(&p->sets[set]);
}

/* Bytes one prefix takes in a request. */
static size_t prefix_size(const struct op25b_prefix *p)
{
	return MNL_ATTR_HDRLEN +
	       MNL_ALIGN(MNL_ATTR_HDRLEN + op25b_prefix_addrlen(p->family)) +
	       MNL_ALIGN(MNL_ATTR_HDRLEN + 1);
}

/*
 * Builds every chunk of p with the given size, checks each one, and
 * collects their prefixes into out. Returns the number of messages, or -1
 * after a failed expectation.
 */
static int chunk_all(const struct op25b_policy *p, size_t size, bool txn,
		     uint8_t cmd, struct op25b_policy *out)
{
	const struct nlattr *pa;
	struct op25b_cursor cur = { 0 };
	struct op25b_prefix pr;
	struct nlmsghdr *nlh;
	struct parsed m;
	int n = 0, ret;
	unsigned int set;

	op25b_policy_init(out);
	while ((ret = op25b_msg_prefixes(buf, size, UNIT_FAMILY, cmd, txn, p,
					 &cur, &nlh)) == 1) {
		n++;
		if (nlh->nlmsg_len > size || parse_request(nlh, &m) < 0 ||
		    m.cmd != cmd || !m.tb[OP25B_A_SET] ||
		    !m.tb[OP25B_A_PREFIXES] ||
		    !!m.tb[OP25B_A_TXN] != txn ||
		    nlh->nlmsg_flags != (NLM_F_REQUEST | NLM_F_ACK))
			return -1;
		if (txn && mnl_attr_get_payload_len(m.tb[OP25B_A_TXN]))
			return -1;
		set = mnl_attr_get_u8(m.tb[OP25B_A_SET]);
		if (set >= OP25B_SET_COUNT)
			return -1;
		mnl_attr_for_each_nested(pa, m.tb[OP25B_A_PREFIXES]) {
			if (mnl_attr_get_type(pa) != OP25B_A_PREFIX ||
			    op25b_prefix_nest_parse(pa, &pr) < 0)
				return -1;
			op25b_prefix_list_add(&out->sets[set], &pr);
		}
		/* Full: the next prefix of the same set would not have fit. */
		if (cur.set == set && cur.next < p->sets[set].len &&
		    nlh->nlmsg_len + prefix_size(&p->sets[set].v[cur.next]) <=
		    size)
			return -1;
	}
	return ret == 0 ? n : -1;
}

static void build_chunks_carry_every_prefix(void)
{
	struct op25b_policy p, back;
	int n;

	op25b_policy_init(&p);
	fill(&p, OP25B_SET_DYNAMIC, 5000, 3000);
	fill(&p, OP25B_SET_RELAY, 3, 1);
	n = chunk_all(&p, OP25B_MSG_MAX, true, OP25B_CMD_ADD_PREFIXES, &back);
	EXPECT(n > 0);
	EXPECT(op25b_policy_equal(&p, &back));
	/*
	 * 5000 IPv4 at 20 bytes and 3000 IPv6 at 32 take 196000 bytes:
	 * six chunks of 32 KiB for dynamic, one for relay.
	 */
	EXPECT_INT(n, 7);
	op25b_policy_free(&p);
	op25b_policy_free(&back);
}

/* Odd sizes: prefixes never split, never a byte over, any size. */
static void build_chunks_any_size(void)
{
	struct op25b_policy p, back;
	size_t size;
	int n;

	op25b_policy_init(&p);
	fill(&p, OP25B_SET_DYNAMIC, 40, 20);
	fill(&p, OP25B_SET_STATIC, 1, 1);
	fill(&p, OP25B_SET_RELAY, 0, 7);
	for (size = 72; size < 1200; size += 7) {
		n = chunk_all(&p, size, size % 2, OP25B_CMD_ADD_PREFIXES,
			      &back);
		if (n < 0 || !op25b_policy_equal(&p, &back))
			FAIL("size %zu: chunks wrong (%d)", size, n);
		op25b_policy_free(&back);
	}
	op25b_policy_free(&p);
}

static void build_chunk_one_prefix_per_message(void)
{
	struct op25b_policy p, back;
	/* header 20 + set 8 + txn 4 + nest 4 + one IPv6 prefix 32 */
	size_t size = NLMSG_HDRLEN + GENL_HDRLEN + 8 + 4 + 4 + 32;

	op25b_policy_init(&p);
	fill(&p, OP25B_SET_STATIC, 0, 5);
	EXPECT_INT(chunk_all(&p, size, true, OP25B_CMD_ADD_PREFIXES, &back), 5);
	EXPECT(op25b_policy_equal(&p, &back));
	op25b_policy_free(&back);
	EXPECT_INT(chunk_all(&p, size - 1, true, OP25B_CMD_ADD_PREFIXES,
			     &back), -1);
	op25b_policy_free(&back);
	op25b_policy_free(&p);
}

static void build_chunk_too_small(void)
{
	struct op25b_cursor cur = { 0 };
	struct op25b_policy p;
	struct nlmsghdr *nlh;

	op25b_policy_init(&p);
	fill(&p, OP25B_SET_DYNAMIC, 1, 0);
	EXPECT_INT(op25b_msg_prefixes(buf, 40, UNIT_FAMILY,
				      OP25B_CMD_ADD_PREFIXES, true, &p, &cur,
				      &nlh), -EMSGSIZE);
	EXPECT_INT(op25b_msg_prefixes(buf, 8, UNIT_FAMILY,
				      OP25B_CMD_ADD_PREFIXES, true, &p, &cur,
				      &nlh), -EMSGSIZE);
	op25b_policy_free(&p);
}

static void build_chunk_empty_policy(void)
{
	struct op25b_cursor cur = { 0 };
	struct op25b_policy p;
	struct nlmsghdr *nlh = NULL;

	op25b_policy_init(&p);
	EXPECT_INT(op25b_msg_prefixes(buf, sizeof(buf), UNIT_FAMILY,
				      OP25B_CMD_ADD_PREFIXES, true, &p, &cur,
				      &nlh), 0);
	EXPECT(!nlh);
}

/* add and del: no transaction flag, and the command asked for. */
static void build_change_request(void)
{
	struct op25b_policy p, back;

	op25b_policy_init(&p);
	fill(&p, OP25B_SET_RELAY, 2, 2);
	EXPECT_INT(chunk_all(&p, OP25B_CHANGE_MAX, false,
			     OP25B_CMD_DEL_PREFIXES, &back), 1);
	EXPECT(op25b_policy_equal(&p, &back));
	op25b_policy_free(&back);
	op25b_policy_free(&p);
}

static void build_txn_begin(void)
{
	const struct nlattr *pa;
	struct op25b_policy p;
	struct nlmsghdr *nlh;
	struct parsed m;
	uint16_t ports[4];
	unsigned int n = 0;

	op25b_policy_init(&p);
	p.mode = OP25B_MODE_MONITOR;
	p.action = OP25B_ACTION_REJECT;
	p.nports = 3;
	p.ports[0] = 587;
	p.ports[1] = 25;
	p.ports[2] = 65535;
	nlh = op25b_msg_txn_begin(buf, 512, UNIT_FAMILY, &p);
	EXPECT(nlh);
	EXPECT_INT(parse_request(nlh, &m), 0);
	EXPECT_INT(m.cmd, OP25B_CMD_TXN_BEGIN);
	EXPECT_INT(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	EXPECT_INT(m.count, 3);
	EXPECT_INT(mnl_attr_get_u8(m.tb[OP25B_A_MODE]), OP25B_MODE_MONITOR);
	EXPECT_INT(mnl_attr_get_u8(m.tb[OP25B_A_ACTION]), OP25B_ACTION_REJECT);
	mnl_attr_for_each_nested(pa, m.tb[OP25B_A_PORTS]) {
		EXPECT_INT(mnl_attr_get_type(pa), OP25B_A_PORT);
		EXPECT_INT(mnl_attr_validate(pa, MNL_TYPE_U16), 0);
		if (n < 4)
			ports[n] = mnl_attr_get_u16(pa);
		n++;
	}
	EXPECT_INT(n, 3);
	EXPECT_INT(ports[0], 587);
	EXPECT_INT(ports[1], 25);
	EXPECT_INT(ports[2], 65535);
}

static void build_txn_end(void)
{
	struct nlmsghdr *nlh;
	struct parsed m;

	nlh = op25b_msg_txn_end(buf, 512, UNIT_FAMILY, OP25B_CMD_TXN_COMMIT);
	EXPECT_INT(parse_request(nlh, &m), 0);
	EXPECT_INT(m.cmd, OP25B_CMD_TXN_COMMIT);
	EXPECT_INT(m.count, 0);
	nlh = op25b_msg_txn_end(buf, 512, UNIT_FAMILY, OP25B_CMD_TXN_ABORT);
	EXPECT_INT(parse_request(nlh, &m), 0);
	EXPECT_INT(m.cmd, OP25B_CMD_TXN_ABORT);
	EXPECT_INT(nlh->nlmsg_len, NLMSG_HDRLEN + GENL_HDRLEN);
}

/* Only what was asked for goes in: SET_POLICY changes what it carries. */
static void build_set_policy_partial(void)
{
	struct op25b_settings s = { .has_action = true,
				    .action = OP25B_ACTION_REJECT };
	struct nlmsghdr *nlh;
	struct parsed m;

	nlh = op25b_msg_set_policy(buf, 512, UNIT_FAMILY, &s);
	EXPECT_INT(parse_request(nlh, &m), 0);
	EXPECT_INT(m.cmd, OP25B_CMD_SET_POLICY);
	EXPECT_INT(m.count, 1);
	EXPECT_INT(mnl_attr_get_u8(m.tb[OP25B_A_ACTION]), OP25B_ACTION_REJECT);

	memset(&s, 0, sizeof(s));
	s.has_ports = true;
	s.nports = 2;
	s.ports[0] = 25;
	s.ports[1] = 2525;
	nlh = op25b_msg_set_policy(buf, 512, UNIT_FAMILY, &s);
	EXPECT_INT(parse_request(nlh, &m), 0);
	EXPECT_INT(m.count, 1);
	EXPECT(m.tb[OP25B_A_PORTS]);
	EXPECT_INT(mnl_attr_get_payload_len(m.tb[OP25B_A_PORTS]), 2 * 8);
}

static void build_test_request(void)
{
	struct op25b_test_query q = {
		.src = pfx("100.64.1.10"),
		.dst = pfx("203.0.113.5"),
		.port = 587,
	};
	char s[OP25B_PREFIX_STRLEN];
	struct op25b_prefix pr;
	struct nlmsghdr *nlh;
	struct parsed m;

	nlh = op25b_msg_test(buf, 512, UNIT_FAMILY, &q);
	EXPECT_INT(parse_request(nlh, &m), 0);
	EXPECT_INT(m.cmd, OP25B_CMD_TEST);
	EXPECT_INT(m.count, 3);
	EXPECT_INT(op25b_prefix_nest_parse(m.tb[OP25B_A_TEST_SRC], &pr), 0);
	EXPECT_STR(op25b_prefix_format(&pr, s), "100.64.1.10/32");
	EXPECT_INT(op25b_prefix_nest_parse(m.tb[OP25B_A_TEST_DST], &pr), 0);
	EXPECT_STR(op25b_prefix_format(&pr, s), "203.0.113.5/32");
	EXPECT_INT(mnl_attr_get_u16(m.tb[OP25B_A_TEST_PORT]), 587);
}

/* A dump asks for no ACK: it ends with NLMSG_DONE. */
static void build_dump_request(void)
{
	struct nlmsghdr *nlh;
	struct parsed m;

	nlh = op25b_msg_dump(buf, 512, UNIT_FAMILY, -1);
	EXPECT_INT(parse_request(nlh, &m), 0);
	EXPECT_INT(m.cmd, OP25B_CMD_GET_PREFIXES);
	EXPECT_INT(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
	EXPECT_INT(m.count, 0);
	nlh = op25b_msg_dump(buf, 512, UNIT_FAMILY, OP25B_SET_RELAY);
	EXPECT_INT(parse_request(nlh, &m), 0);
	EXPECT_INT(m.count, 1);
	EXPECT_INT(mnl_attr_get_u8(m.tb[OP25B_A_SET]), OP25B_SET_RELAY);
}

static void build_flush_request(void)
{
	struct nlmsghdr *nlh;
	struct parsed m;

	nlh = op25b_msg_flush(buf, 512, UNIT_FAMILY, -1);
	EXPECT_INT(parse_request(nlh, &m), 0);
	EXPECT_INT(m.cmd, OP25B_CMD_FLUSH);
	EXPECT_INT(m.count, 0);
	nlh = op25b_msg_flush(buf, 512, UNIT_FAMILY, OP25B_SET_STATIC);
	EXPECT_INT(parse_request(nlh, &m), 0);
	EXPECT_INT(mnl_attr_get_u8(m.tb[OP25B_A_SET]), OP25B_SET_STATIC);
}

static void build_status_and_stats_requests(void)
{
	struct nlmsghdr *nlh;
	struct parsed m;

	nlh = op25b_msg_status(buf, 512, UNIT_FAMILY);
	EXPECT_INT(parse_request(nlh, &m), 0);
	EXPECT_INT(m.cmd, OP25B_CMD_GET_STATUS);
	EXPECT_INT(m.count, 0);
	nlh = op25b_msg_stats(buf, 512, UNIT_FAMILY);
	EXPECT_INT(parse_request(nlh, &m), 0);
	EXPECT_INT(m.cmd, OP25B_CMD_GET_STATS);
}

/* No builder writes past the size it was given. */
static void build_refuses_small_buffers(void)
{
	struct op25b_test_query q = { .src = pfx("::1"), .dst = pfx("::2") };
	struct op25b_settings s = { .has_ports = true, .nports = 16 };
	struct op25b_policy p;

	op25b_policy_init(&p);
	EXPECT(!op25b_msg_status(buf, NLMSG_HDRLEN + GENL_HDRLEN - 1,
				 UNIT_FAMILY));
	EXPECT(op25b_msg_status(buf, NLMSG_HDRLEN + GENL_HDRLEN, UNIT_FAMILY));
	EXPECT(!op25b_msg_test(buf, 60, UNIT_FAMILY, &q));
	EXPECT(!op25b_msg_set_policy(buf, 60, UNIT_FAMILY, &s));
	EXPECT(!op25b_msg_txn_begin(buf, 30, UNIT_FAMILY, &p));
	EXPECT(!op25b_msg_dump(buf, 20, UNIT_FAMILY, 1));
	EXPECT(!op25b_msg_flush(buf, 20, UNIT_FAMILY, 1));
}

/* What op25b_msg_batches() handed over, checked batch by batch. */
struct batches {
	unsigned int batches;
	unsigned int messages;
	uint32_t next_seq;
	bool bad;
	unsigned int fail_at;
	struct op25b_policy got;
};

static int collect(void *data, const void *buf, size_t len, uint32_t first,
		   uint32_t count)
{
	const struct nlmsghdr *nlh = buf;
	struct batches *c = data;
	const struct nlattr *pa;
	struct op25b_prefix pr;
	struct parsed m;
	int rest = len;
	uint32_t n = 0;

	c->batches++;
	if (len > OP25B_BATCH_MAX || first != c->next_seq)
		c->bad = true;
	for (; mnl_nlmsg_ok(nlh, rest); nlh = mnl_nlmsg_next(nlh, &rest), n++) {
		/* Sequence numbers run on across batches, none skipped. */
		if (nlh->nlmsg_seq != first + n ||
		    nlh->nlmsg_len > OP25B_MSG_MAX ||
		    parse_request(nlh, &m) < 0 ||
		    m.cmd != OP25B_CMD_ADD_PREFIXES || !m.tb[OP25B_A_TXN]) {
			c->bad = true;
			continue;
		}
		mnl_attr_for_each_nested(pa, m.tb[OP25B_A_PREFIXES])
			if (!op25b_prefix_nest_parse(pa, &pr))
				op25b_prefix_list_add(&c->got.sets[
					mnl_attr_get_u8(m.tb[OP25B_A_SET])], &pr);
	}
	if (rest || n != count)
		c->bad = true;
	c->messages += n;
	c->next_seq = first + n;
	return c->batches == c->fail_at ? -EEXIST : 0;
}

static void build_batches(void)
{
	struct batches c = { .next_seq = 11 };
	struct op25b_policy p;
	uint32_t seq = 10;

	op25b_policy_init(&p);
	op25b_policy_init(&c.got);
	/*
	 * A chunk has 36 bytes of headers, then 20 bytes per IPv4 prefix
	 * and 32 per IPv6 one: 1636 IPv4 or 1022 IPv6 in 32 KiB. dynamic
	 * takes 12 chunks of IPv4, one mixed and 10 of IPv6; static and
	 * relay 4 each: 31 chunks, four to a batch of 128 KiB.
	 */
	fill(&p, OP25B_SET_DYNAMIC, 20000, 10000);
	fill(&p, OP25B_SET_STATIC, 5000, 0);
	fill(&p, OP25B_SET_RELAY, 5000, 1);
	EXPECT_INT(op25b_msg_batches(&p, UNIT_FAMILY, &seq, collect, &c), 0);
	EXPECT(!c.bad);
	EXPECT(op25b_policy_equal(&p, &c.got));
	EXPECT_INT(c.messages, 31);
	EXPECT_INT(c.batches, 8);
	EXPECT_INT(seq, 10 + c.messages);
	op25b_policy_free(&p);
	op25b_policy_free(&c.got);
}

/* The first failure stops everything after it. */
static void build_batches_stop_at_failure(void)
{
	struct batches c = { .next_seq = 1, .fail_at = 2 };
	struct op25b_policy p;
	uint32_t seq = 0;

	op25b_policy_init(&p);
	op25b_policy_init(&c.got);
	fill(&p, OP25B_SET_DYNAMIC, 40000, 0);
	EXPECT_INT(op25b_msg_batches(&p, UNIT_FAMILY, &seq, collect, &c),
		   -EEXIST);
	EXPECT_INT(c.batches, 2);
	EXPECT(!c.bad);
	op25b_policy_free(&p);
	op25b_policy_free(&c.got);
}

/* No prefixes, nothing to send; sequence 0 is skipped when it wraps. */
static void build_batches_edge_cases(void)
{
	struct batches c = { .next_seq = 1 };
	struct op25b_policy p;
	uint32_t seq = UINT32_MAX;

	op25b_policy_init(&p);
	op25b_policy_init(&c.got);
	EXPECT_INT(op25b_msg_batches(&p, UNIT_FAMILY, &seq, collect, &c), 0);
	EXPECT_INT(c.batches, 0);
	fill(&p, OP25B_SET_RELAY, 1, 0);
	EXPECT_INT(op25b_msg_batches(&p, UNIT_FAMILY, &seq, collect, &c), 0);
	EXPECT_INT(c.batches, 1);
	EXPECT_INT(seq, 1);
	EXPECT(!c.bad);
	op25b_policy_free(&p);
	op25b_policy_free(&c.got);
}

const struct unit_case build_cases[] = {
	UNIT_CASE(build_chunks_carry_every_prefix),
	UNIT_CASE(build_chunks_any_size),
	UNIT_CASE(build_chunk_one_prefix_per_message),
	UNIT_CASE(build_chunk_too_small),
	UNIT_CASE(build_chunk_empty_policy),
	UNIT_CASE(build_change_request),
	UNIT_CASE(build_txn_begin),
	UNIT_CASE(build_txn_end),
	UNIT_CASE(build_set_policy_partial),
	UNIT_CASE(build_test_request),
	UNIT_CASE(build_dump_request),
	UNIT_CASE(build_flush_request),
	UNIT_CASE(build_status_and_stats_requests),
	UNIT_CASE(build_refuses_small_buffers),
	UNIT_CASE(build_batches),
	UNIT_CASE(build_batches_stop_at_failure),
	UNIT_CASE(build_batches_edge_cases),
	UNIT_END
};
