// SPDX-License-Identifier: GPL-2.0
/*
 * Replies built by hand as the kernel sends them (or as a broken or newer
 * kernel might): TEST for every reason, GET_STATS, GET_PREFIXES dump
 * messages, and the prefix nests inside them.
 */
#include <errno.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/op25b.h>

#include "harness.h"
#include "ipc.h"
#include "util.h"

static char msgbuf[4096] __attribute__((aligned(NLMSG_ALIGNTO)));

static struct nlmsghdr *reply(uint8_t cmd)
{
	memset(msgbuf, 0, sizeof(msgbuf));
	return reply_start(msgbuf, cmd);
}

static int nest_parse(void (*build)(struct nlmsghdr *nlh),
		      struct op25b_prefix *p)
{
	struct nlmsghdr *nlh = reply(OP25B_CMD_TEST);
	struct nlattr *nest = mnl_attr_nest_start(nlh, OP25B_A_TEST_DYNAMIC);

	build(nlh);
	mnl_attr_nest_end(nlh, nest);
	return op25b_prefix_nest_parse(nest, p);
}

static void nest_v4(struct nlmsghdr *nlh)
{
	static const uint8_t a[4] = { 100, 64, 0, 0 };

	mnl_attr_put(nlh, OP25B_PREFIX_A_IPV4, 4, a);
	mnl_attr_put_u8(nlh, OP25B_PREFIX_A_LEN, 10);
}

static void nest_v6_with_unknown(struct nlmsghdr *nlh)
{
	static const uint8_t a[16] = { 0x20, 0x01, 0x0d, 0xb8 };

	mnl_attr_put_u8(nlh, OP25B_PREFIX_A_LEN, 32);
	mnl_attr_put_u32(nlh, OP25B_PREFIX_A_MAX + 1, 7);
	mnl_attr_put(nlh, OP25B_PREFIX_A_IPV6, 16, a);
}

static void nest_no_len(struct nlmsghdr *nlh)
{
	static const uint8_t a[4] = { 10, 0, 0, 0 };

	mnl_attr_put(nlh, OP25B_PREFIX_A_IPV4, 4, a);
}

static void nest_no_addr(struct nlmsghdr *nlh)
{
	mnl_attr_put_u8(nlh, OP25B_PREFIX_A_LEN, 8);
}

static void nest_two_addrs(struct nlmsghdr *nlh)
{
	static const uint8_t a[16];

	mnl_attr_put(nlh, OP25B_PREFIX_A_IPV4, 4, a);
	mnl_attr_put(nlh, OP25B_PREFIX_A_IPV6, 16, a);
	mnl_attr_put_u8(nlh, OP25B_PREFIX_A_LEN, 0);
}

static void nest_short_addr(struct nlmsghdr *nlh)
{
	static const uint8_t a[16];

	mnl_attr_put(nlh, OP25B_PREFIX_A_IPV6, 4, a);
	mnl_attr_put_u8(nlh, OP25B_PREFIX_A_LEN, 0);
}

static void nest_host_bits(struct nlmsghdr *nlh)
{
	static const uint8_t a[4] = { 10, 0, 0, 1 };

	mnl_attr_put(nlh, OP25B_PREFIX_A_IPV4, 4, a);
	mnl_attr_put_u8(nlh, OP25B_PREFIX_A_LEN, 8);
}

static void nest_long_len(struct nlmsghdr *nlh)
{
	static const uint8_t a[4] = { 10, 0, 0, 0 };

	mnl_attr_put(nlh, OP25B_PREFIX_A_IPV4, 4, a);
	mnl_attr_put_u8(nlh, OP25B_PREFIX_A_LEN, 33);
}

static void nest_wide_len(struct nlmsghdr *nlh)
{
	static const uint8_t a[4] = { 10, 0, 0, 0 };

	mnl_attr_put(nlh, OP25B_PREFIX_A_IPV4, 4, a);
	mnl_attr_put_u16(nlh, OP25B_PREFIX_A_LEN, 8);
}

static void reply_prefix_nests(void)
{
	char s[OP25B_PREFIX_STRLEN];
	struct op25b_prefix p;

	EXPECT_INT(nest_parse(nest_v4, &p), 0);
	EXPECT_STR(op25b_prefix_format(&p, s), "100.64.0.0/10");
	EXPECT_INT(nest_parse(nest_v6_with_unknown, &p), 0);
	EXPECT_STR(op25b_prefix_format(&p, s), "2001:db8::/32");
	EXPECT_INT(nest_parse(nest_no_len, &p), -EBADMSG);
	EXPECT_INT(nest_parse(nest_no_addr, &p), -EBADMSG);
	EXPECT_INT(nest_parse(nest_two_addrs, &p), -EBADMSG);
	EXPECT_INT(nest_parse(nest_short_addr, &p), -ERANGE);
	/* save must not print a prefix that apply would refuse. */
	EXPECT_INT(nest_parse(nest_host_bits, &p), -EBADMSG);
	EXPECT_INT(nest_parse(nest_long_len, &p), -EBADMSG);
	EXPECT_INT(nest_parse(nest_wide_len, &p), -ERANGE);
}

static struct nlmsghdr *test_reply(uint8_t verdict, uint8_t reason,
				   uint8_t mode)
{
	struct nlmsghdr *nlh = reply(OP25B_CMD_TEST);

	mnl_attr_put_u8(nlh, OP25B_A_TEST_VERDICT, verdict);
	mnl_attr_put_u8(nlh, OP25B_A_TEST_REASON, reason);
	mnl_attr_put_u8(nlh, OP25B_A_MODE, mode);
	return nlh;
}

static void reply_test_every_reason(void)
{
	static const struct {
		uint8_t verdict, reason, mode;
		const char *dynamic, *statics, *relay;
	} cases[] = {
		{ 0, OP25B_REASON_OFF, OP25B_MODE_OFF, NULL, NULL, NULL },
		{ 0, OP25B_REASON_PORT, OP25B_MODE_ENFORCE, NULL, NULL, NULL },
		{ 0, OP25B_REASON_NOT_DYNAMIC, OP25B_MODE_ENFORCE, NULL, NULL,
		  "203.0.113.25/32" },
		{ 0, OP25B_REASON_STATIC, OP25B_MODE_ENFORCE, "100.64.0.0/10",
		  "100.64.1.20/30", NULL },
		{ 0, OP25B_REASON_RELAY, OP25B_MODE_ENFORCE, "100.64.0.0/10",
		  NULL, "203.0.113.25/32" },
		{ 1, OP25B_REASON_BLOCKED, OP25B_MODE_ENFORCE, "100.64.0.0/10",
		  NULL, NULL },
		{ 0, OP25B_REASON_BLOCKED, OP25B_MODE_MONITOR, "2001:db8::/32",
		  NULL, NULL },
	};
	const char *want[OP25B_SET_COUNT];
	char s[OP25B_PREFIX_STRLEN];
	struct op25b_test_result r;
	struct nlmsghdr *nlh;
	unsigned int i, set;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		nlh = test_reply(cases[i].verdict, cases[i].reason,
				 cases[i].mode);
		want[0] = cases[i].dynamic;
		want[1] = cases[i].statics;
		want[2] = cases[i].relay;
		for (set = 0; set < OP25B_SET_COUNT; set++)
			if (want[set])
				put_prefix(nlh, OP25B_A_TEST_DYNAMIC + set,
					   want[set]);
		EXPECT_INT(op25b_test_parse(nlh, &r), 0);
		EXPECT(r.has_verdict && r.has_reason && r.has_mode);
		EXPECT_INT(r.verdict, cases[i].verdict);
		EXPECT_INT(r.reason, cases[i].reason);
		EXPECT_INT(r.mode, cases[i].mode);
		for (set = 0; set < OP25B_SET_COUNT; set++) {
			EXPECT_INT(r.has_match[set], !!want[set]);
			if (want[set])
				EXPECT_STR(op25b_prefix_format(&r.match[set], s),
					   want[set]);
		}
	}
}

static void reply_test_missing_fields(void)
{
	struct nlmsghdr *nlh = reply(OP25B_CMD_TEST);
	struct op25b_test_result r;

	mnl_attr_put_u8(nlh, OP25B_A_TEST_REASON, OP25B_REASON_OFF);
	EXPECT_INT(op25b_test_parse(nlh, &r), 0);
	EXPECT(!r.has_verdict);
	EXPECT(r.has_reason);
	EXPECT(!r.has_mode);
}

static void reply_test_rejects_bad_attributes(void)
{
	struct op25b_test_result r;
	struct nlmsghdr *nlh;

	nlh = test_reply(0, 0, 0);
	mnl_attr_put_u16(nlh, OP25B_A_TEST_VERDICT, 0);
	EXPECT_INT(op25b_test_parse(nlh, &r), -ERANGE);

	nlh = test_reply(0, 0, 0);
	mnl_attr_put_u8(nlh, OP25B_A_TEST_DYNAMIC, 0);
	EXPECT_INT(op25b_test_parse(nlh, &r), -ERANGE);

	/* A nest holding four zero bytes: no attribute fits in them. */
	nlh = test_reply(0, 0, 0);
	mnl_attr_put_u32(nlh, OP25B_A_TEST_DYNAMIC, 0);
	EXPECT_INT(op25b_test_parse(nlh, &r), -EBADMSG);

	nlh = reply(OP25B_CMD_GET_STATUS);
	EXPECT_INT(op25b_test_parse(nlh, &r), -EPROTO);
}

static void reply_test_ignores_unknown(void)
{
	struct nlmsghdr *nlh = test_reply(1, OP25B_REASON_BLOCKED, 2);
	struct op25b_test_result r;

	mnl_attr_put_u64(nlh, OP25B_A_MAX + 3, 1);
	EXPECT_INT(op25b_test_parse(nlh, &r), 0);
	EXPECT_INT(r.verdict, 1);
}

/* As nla_put_u64_64bit() lays them out: a PAD before each counter. */
static void put_family_stats(struct nlmsghdr *nlh, uint16_t type,
			     uint64_t base, int skip)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, type);
	unsigned int i;

	for (i = 0; i < OP25B_STAT_COUNT; i++) {
		if ((int)i == skip)
			continue;
		mnl_attr_put(nlh, OP25B_STATS_A_PAD, 0, "");
		mnl_attr_put_u64(nlh, OP25B_STATS_A_INSPECTED + i, base + i);
	}
	mnl_attr_nest_end(nlh, nest);
}

static void reply_stats(void)
{
	struct nlmsghdr *nlh = reply(OP25B_CMD_GET_STATS);
	struct op25b_stats s;
	unsigned int i;

	put_family_stats(nlh, OP25B_A_STATS_IPV6, 100, -1);
	put_family_stats(nlh, OP25B_A_STATS_IPV4, UINT64_MAX - 10, -1);
	EXPECT_INT(op25b_stats_parse(nlh, &s), 0);
	for (i = 0; i < OP25B_STAT_COUNT; i++) {
		EXPECT(s.v[0][i] == UINT64_MAX - 10 + i);
		EXPECT_INT(s.v[1][i], 100 + i);
	}
}

static void reply_stats_ignores_unknown_counters(void)
{
	struct nlmsghdr *nlh = reply(OP25B_CMD_GET_STATS);
	struct op25b_stats s;
	struct nlattr *nest;
	unsigned int i;

	put_family_stats(nlh, OP25B_A_STATS_IPV4, 0, -1);
	nest = mnl_attr_nest_start(nlh, OP25B_A_STATS_IPV6);
	mnl_attr_put_u64(nlh, OP25B_STATS_A_MAX + 1, 99);
	for (i = 0; i < OP25B_STAT_COUNT; i++)
		mnl_attr_put_u64(nlh, OP25B_STATS_A_INSPECTED + i, 5 + i);
	mnl_attr_put_u32(nlh, OP25B_STATS_A_MAX + 2, 99);
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_put_u8(nlh, OP25B_A_MAX + 1, 1);
	EXPECT_INT(op25b_stats_parse(nlh, &s), 0);
	EXPECT_INT(s.v[1][0], 5);
	EXPECT_INT(s.v[1][OP25B_STAT_NOT_DYNAMIC], 10);
}

/* A counter or a family left out would show as 0: refused instead. */
static void reply_stats_incomplete(void)
{
	struct nlmsghdr *nlh = reply(OP25B_CMD_GET_STATS);
	struct op25b_stats s;

	put_family_stats(nlh, OP25B_A_STATS_IPV4, 0, -1);
	EXPECT_INT(op25b_stats_parse(nlh, &s), -EBADMSG);

	nlh = reply(OP25B_CMD_GET_STATS);
	put_family_stats(nlh, OP25B_A_STATS_IPV4, 0, -1);
	put_family_stats(nlh, OP25B_A_STATS_IPV6, 0, OP25B_STAT_NOT_DYNAMIC);
	EXPECT_INT(op25b_stats_parse(nlh, &s), -EBADMSG);
}

static void reply_stats_rejects_narrow_counter(void)
{
	struct nlmsghdr *nlh = reply(OP25B_CMD_GET_STATS);
	struct op25b_stats s;
	struct nlattr *nest;

	put_family_stats(nlh, OP25B_A_STATS_IPV4, 0, -1);
	nest = mnl_attr_nest_start(nlh, OP25B_A_STATS_IPV6);
	mnl_attr_put_u32(nlh, OP25B_STATS_A_BLOCKED, 1);
	mnl_attr_nest_end(nlh, nest);
	EXPECT_INT(op25b_stats_parse(nlh, &s), -ERANGE);
}

static struct nlmsghdr *dump_msg(int set, const char *const *prefixes)
{
	struct nlmsghdr *nlh = reply(OP25B_CMD_GET_PREFIXES);
	struct nlattr *nest;

	if (set >= 0)
		mnl_attr_put_u8(nlh, OP25B_A_SET, set);
	nest = mnl_attr_nest_start(nlh, OP25B_A_PREFIXES);
	for (; prefixes && *prefixes; prefixes++)
		put_prefix(nlh, OP25B_A_PREFIX, *prefixes);
	mnl_attr_nest_end(nlh, nest);
	return nlh;
}

static void reply_dump_messages_append(void)
{
	static const char *const one[] = { "10.0.0.0/8", "192.0.2.0/24", NULL };
	static const char *const two[] = { "2001:db8::/32", NULL };
	static const char *const three[] = { "203.0.113.25/32", NULL };
	char s[OP25B_PREFIX_STRLEN];
	struct op25b_policy p;

	op25b_policy_init(&p);
	EXPECT_INT(op25b_prefixes_parse(dump_msg(OP25B_SET_DYNAMIC, one), &p),
		   0);
	EXPECT_INT(op25b_prefixes_parse(dump_msg(OP25B_SET_DYNAMIC, two), &p),
		   0);
	EXPECT_INT(op25b_prefixes_parse(dump_msg(OP25B_SET_RELAY, three), &p),
		   0);
	EXPECT_INT(op25b_prefixes_parse(dump_msg(OP25B_SET_STATIC, NULL), &p),
		   0);
	EXPECT_INT(p.sets[OP25B_SET_DYNAMIC].len, 3);
	EXPECT_STR(op25b_prefix_format(&p.sets[0].v[2], s), "2001:db8::/32");
	EXPECT_INT(p.sets[OP25B_SET_STATIC].len, 0);
	EXPECT_INT(p.sets[OP25B_SET_RELAY].len, 1);
	op25b_policy_free(&p);
}

static void reply_dump_rejects_bad_messages(void)
{
	static const char *const one[] = { "10.0.0.0/8", NULL };
	struct nlattr *nest, *inner;
	struct op25b_policy p;
	struct nlmsghdr *nlh;

	op25b_policy_init(&p);
	/* A set a newer module has would go missing from save. */
	EXPECT_INT(op25b_prefixes_parse(dump_msg(OP25B_SET_COUNT, one), &p),
		   -EOPNOTSUPP);
	EXPECT_INT(op25b_prefixes_parse(dump_msg(-1, one), &p), -EBADMSG);

	/* The message ends inside the PREFIXES nest. */
	nlh = dump_msg(OP25B_SET_STATIC, one);
	nlh->nlmsg_len -= 4;
	EXPECT_INT(op25b_prefixes_parse(nlh, &p), -EBADMSG);

	nlh = reply(OP25B_CMD_GET_PREFIXES);
	mnl_attr_put_u8(nlh, OP25B_A_SET, 0);
	nest = mnl_attr_nest_start(nlh, OP25B_A_PREFIXES);
	inner = mnl_attr_nest_start(nlh, OP25B_A_PREFIX);
	nest_host_bits(nlh);
	mnl_attr_nest_end(nlh, inner);
	mnl_attr_nest_end(nlh, nest);
	EXPECT_INT(op25b_prefixes_parse(nlh, &p), -EBADMSG);

	EXPECT_INT(op25b_prefixes_parse(reply(OP25B_CMD_TEST), &p), -EPROTO);
	op25b_policy_free(&p);
}

const struct unit_case reply_cases[] = {
	UNIT_CASE(reply_prefix_nests),
	UNIT_CASE(reply_test_every_reason),
	UNIT_CASE(reply_test_missing_fields),
	UNIT_CASE(reply_test_rejects_bad_attributes),
	UNIT_CASE(reply_test_ignores_unknown),
	UNIT_CASE(reply_stats),
	UNIT_CASE(reply_stats_ignores_unknown_counters),
	UNIT_CASE(reply_stats_incomplete),
	UNIT_CASE(reply_stats_rejects_narrow_counter),
	UNIT_CASE(reply_dump_messages_append),
	UNIT_CASE(reply_dump_rejects_bad_messages),
	UNIT_END
};
