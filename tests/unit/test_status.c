// SPDX-License-Identifier: GPL-2.0
/*
 * OP25B_CMD_GET_STATUS replies built by hand, as the kernel would send
 * them (or as a broken kernel might), and the output made from them.
 */
#include <errno.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/op25b.h>

#include "harness.h"
#include "op25bctl.h"
#include "version.h"

/* An arbitrary dynamic family id, as the controller would hand out. */
#define FAMILY_ID 0x1c

static char msgbuf[1024] __attribute__((aligned(NLMSG_ALIGNTO)));

static struct nlmsghdr *reply(uint8_t cmd)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *genl;

	memset(msgbuf, 0, sizeof(msgbuf));
	nlh = mnl_nlmsg_put_header(msgbuf);
	nlh->nlmsg_type = FAMILY_ID;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = OP25B_GENL_VERSION;
	return nlh;
}

static struct nlmsghdr *status_reply(void)
{
	return reply(OP25B_CMD_GET_STATUS);
}

static void status_parse_valid(void)
{
	struct nlmsghdr *nlh = status_reply();
	struct op25b_status st;

	mnl_attr_put_strz(nlh, OP25B_A_VERSION, "0.1.0");
	mnl_attr_put_u32(nlh, OP25B_A_GENERATION, 7);
	EXPECT_INT(op25b_status_parse(nlh, &st), 0);
	EXPECT(st.has_version);
	EXPECT_STR(st.version, "0.1.0");
	EXPECT(st.has_generation);
	EXPECT_INT(st.generation, 7);
}

/* Attribute order is not part of the UAPI. */
static void status_parse_any_order(void)
{
	struct nlmsghdr *nlh = status_reply();
	struct op25b_status st;

	mnl_attr_put_u32(nlh, OP25B_A_GENERATION, UINT32_MAX);
	mnl_attr_put_strz(nlh, OP25B_A_VERSION, "1.2.3");
	EXPECT_INT(op25b_status_parse(nlh, &st), 0);
	EXPECT_STR(st.version, "1.2.3");
	EXPECT_INT(st.generation, UINT32_MAX);
}

static void status_parse_missing_generation(void)
{
	struct nlmsghdr *nlh = status_reply();
	struct op25b_status st;

	mnl_attr_put_strz(nlh, OP25B_A_VERSION, "0.1.0");
	EXPECT_INT(op25b_status_parse(nlh, &st), 0);
	EXPECT(st.has_version);
	EXPECT(!st.has_generation);
}

static void status_parse_missing_version(void)
{
	struct nlmsghdr *nlh = status_reply();
	struct op25b_status st;

	mnl_attr_put_u32(nlh, OP25B_A_GENERATION, 3);
	EXPECT_INT(op25b_status_parse(nlh, &st), 0);
	EXPECT(!st.has_version);
	EXPECT(st.has_generation);
	EXPECT_INT(st.generation, 3);
}

static void status_parse_no_attributes(void)
{
	struct op25b_status st;

	EXPECT_INT(op25b_status_parse(status_reply(), &st), 0);
	EXPECT(!st.has_version);
	EXPECT(!st.has_generation);
}

static void status_parse_rejects_short_generation(void)
{
	struct nlmsghdr *nlh = status_reply();
	struct op25b_status st;

	mnl_attr_put_strz(nlh, OP25B_A_VERSION, "0.1.0");
	mnl_attr_put_u16(nlh, OP25B_A_GENERATION, 1);
	EXPECT_INT(op25b_status_parse(nlh, &st), -ERANGE);
}

static void status_parse_rejects_long_generation(void)
{
	struct nlmsghdr *nlh = status_reply();
	struct op25b_status st;

	mnl_attr_put_strz(nlh, OP25B_A_VERSION, "0.1.0");
	mnl_attr_put_u64(nlh, OP25B_A_GENERATION, 1);
	EXPECT_INT(op25b_status_parse(nlh, &st), -ERANGE);
}

static void status_parse_rejects_unterminated_version(void)
{
	struct nlmsghdr *nlh = status_reply();
	struct op25b_status st;

	mnl_attr_put(nlh, OP25B_A_VERSION, 5, "0.1.0");
	mnl_attr_put_u32(nlh, OP25B_A_GENERATION, 0);
	EXPECT_INT(op25b_status_parse(nlh, &st), -EINVAL);
}

static void status_parse_rejects_empty_version_attr(void)
{
	struct nlmsghdr *nlh = status_reply();
	struct op25b_status st;

	mnl_attr_put(nlh, OP25B_A_VERSION, 0, "");
	mnl_attr_put_u32(nlh, OP25B_A_GENERATION, 0);
	EXPECT_INT(op25b_status_parse(nlh, &st), -ERANGE);
}

/* Truncating would show a version the module does not have. */
static void status_parse_rejects_oversized_version(void)
{
	struct nlmsghdr *nlh = status_reply();
	struct op25b_status st;
	char v[sizeof(st.version) + 1];

	memset(v, '9', sizeof(v) - 1);
	v[sizeof(v) - 1] = '\0';
	mnl_attr_put_strz(nlh, OP25B_A_VERSION, v);
	EXPECT_INT(op25b_status_parse(nlh, &st), -ERANGE);
}

static void status_parse_longest_version(void)
{
	struct nlmsghdr *nlh = status_reply();
	struct op25b_status st;
	char v[sizeof(st.version)];

	memset(v, '9', sizeof(v) - 1);
	v[sizeof(v) - 1] = '\0';
	mnl_attr_put_strz(nlh, OP25B_A_VERSION, v);
	EXPECT_INT(op25b_status_parse(nlh, &st), 0);
	EXPECT_STR(st.version, v);
}

static void status_parse_ignores_unknown_attributes(void)
{
	struct nlmsghdr *nlh = status_reply();
	struct op25b_status st;
	static const char blob[13] = "future stuff";

	mnl_attr_put(nlh, OP25B_A_MAX + 1, sizeof(blob), blob);
	mnl_attr_put_strz(nlh, OP25B_A_VERSION, "0.1.0");
	mnl_attr_put_u8(nlh, 200, 1);
	mnl_attr_put_u32(nlh, OP25B_A_GENERATION, 42);
	mnl_attr_put(nlh, OP25B_A_UNSPEC, 0, "");
	EXPECT_INT(op25b_status_parse(nlh, &st), 0);
	EXPECT_STR(st.version, "0.1.0");
	EXPECT_INT(st.generation, 42);
}

/* The message ends inside the generation attribute. */
static void status_parse_rejects_truncated_attribute(void)
{
	struct nlmsghdr *nlh = status_reply();
	struct op25b_status st;

	mnl_attr_put_strz(nlh, OP25B_A_VERSION, "0.1.0");
	mnl_attr_put_u32(nlh, OP25B_A_GENERATION, 1);
	nlh->nlmsg_len -= 4;
	EXPECT_INT(op25b_status_parse(nlh, &st), -EBADMSG);
}

static void status_parse_rejects_trailing_garbage(void)
{
	struct nlmsghdr *nlh = status_reply();
	struct op25b_status st;

	mnl_attr_put_strz(nlh, OP25B_A_VERSION, "0.1.0");
	mnl_attr_put_u32(nlh, OP25B_A_GENERATION, 1);
	memset(mnl_nlmsg_get_payload_tail(nlh), 0xff, 4);
	nlh->nlmsg_len += 4;
	EXPECT_INT(op25b_status_parse(nlh, &st), -EBADMSG);
}

static void status_parse_rejects_missing_genl_header(void)
{
	struct nlmsghdr *nlh = status_reply();
	struct op25b_status st;

	nlh->nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN - 1;
	EXPECT_INT(op25b_status_parse(nlh, &st), -EBADMSG);
}

static void status_parse_rejects_other_command(void)
{
	struct nlmsghdr *nlh = reply(OP25B_CMD_GET_STATUS + 1);
	struct op25b_status st;

	mnl_attr_put_strz(nlh, OP25B_A_VERSION, "0.1.0");
	mnl_attr_put_u32(nlh, OP25B_A_GENERATION, 1);
	EXPECT_INT(op25b_status_parse(nlh, &st), -EPROTO);
}

static void put_count(struct nlmsghdr *nlh, uint8_t set, uint8_t family,
		      uint32_t n)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, OP25B_A_COUNT);

	mnl_attr_put_u8(nlh, OP25B_COUNT_A_SET, set);
	mnl_attr_put_u8(nlh, OP25B_COUNT_A_FAMILY, family);
	mnl_attr_put_u32(nlh, OP25B_COUNT_A_PREFIXES, n);
	mnl_attr_nest_end(nlh, nest);
}

/* The whole reply, as the module sends it. */
static struct nlmsghdr *full_status_reply(void)
{
	struct nlmsghdr *nlh = status_reply();
	struct nlattr *nest;

	mnl_attr_put_strz(nlh, OP25B_A_VERSION, "0.1.0");
	mnl_attr_put_u32(nlh, OP25B_A_GENERATION, 3);
	mnl_attr_put_u8(nlh, OP25B_A_MODE, OP25B_MODE_MONITOR);
	mnl_attr_put_u8(nlh, OP25B_A_ACTION, OP25B_ACTION_REJECT);
	nest = mnl_attr_nest_start(nlh, OP25B_A_PORTS);
	mnl_attr_put_u16(nlh, OP25B_A_PORT, 25);
	mnl_attr_put_u16(nlh, OP25B_A_PORT, 2525);
	mnl_attr_nest_end(nlh, nest);
	nest = mnl_attr_nest_start(nlh, OP25B_A_COUNTS);
	put_count(nlh, OP25B_SET_DYNAMIC, AF_INET, 2);
	put_count(nlh, OP25B_SET_DYNAMIC, AF_INET6, 1);
	put_count(nlh, OP25B_SET_RELAY, AF_INET, 1);
	put_count(nlh, OP25B_SET_RELAY, AF_INET6, 70000);
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_put(nlh, OP25B_A_PAD, 0, "");
	mnl_attr_put_u64(nlh, OP25B_A_MEMORY, 12345);
	return nlh;
}

static void status_parse_full(void)
{
	struct op25b_status st;

	EXPECT_INT(op25b_status_parse(full_status_reply(), &st), 0);
	EXPECT(st.has_mode && st.has_action && st.has_ports &&
	       st.has_counts && st.has_memory);
	EXPECT_INT(st.mode, OP25B_MODE_MONITOR);
	EXPECT_INT(st.action, OP25B_ACTION_REJECT);
	EXPECT_INT(st.nports, 2);
	EXPECT_INT(st.ports[0], 25);
	EXPECT_INT(st.ports[1], 2525);
	EXPECT_INT(st.counts[OP25B_SET_DYNAMIC][0], 2);
	EXPECT_INT(st.counts[OP25B_SET_DYNAMIC][1], 1);
	EXPECT_INT(st.counts[OP25B_SET_STATIC][0], 0);
	EXPECT_INT(st.counts[OP25B_SET_STATIC][1], 0);
	EXPECT_INT(st.counts[OP25B_SET_RELAY][1], 70000);
	EXPECT_INT(st.memory, 12345);
}

/* Counts of a set or family this op25bctl does not know are skipped. */
static void status_parse_counts_unknown_set(void)
{
	struct nlmsghdr *nlh = status_reply();
	struct op25b_status st;
	struct nlattr *nest;

	nest = mnl_attr_nest_start(nlh, OP25B_A_COUNTS);
	put_count(nlh, OP25B_SET_MAX + 1, AF_INET, 5);
	put_count(nlh, OP25B_SET_STATIC, 99, 5);
	put_count(nlh, OP25B_SET_STATIC, AF_INET6, 6);
	mnl_attr_nest_end(nlh, nest);
	EXPECT_INT(op25b_status_parse(nlh, &st), 0);
	EXPECT(st.has_counts);
	EXPECT_INT(st.counts[OP25B_SET_STATIC][0], 0);
	EXPECT_INT(st.counts[OP25B_SET_STATIC][1], 6);
}

static void status_parse_count_incomplete(void)
{
	struct nlmsghdr *nlh = status_reply();
	struct op25b_status st;
	struct nlattr *nest, *count;

	nest = mnl_attr_nest_start(nlh, OP25B_A_COUNTS);
	count = mnl_attr_nest_start(nlh, OP25B_A_COUNT);
	mnl_attr_put_u8(nlh, OP25B_COUNT_A_SET, 0);
	mnl_attr_put_u32(nlh, OP25B_COUNT_A_PREFIXES, 1);
	mnl_attr_nest_end(nlh, count);
	mnl_attr_nest_end(nlh, nest);
	EXPECT_INT(op25b_status_parse(nlh, &st), -EBADMSG);
}

static void status_parse_rejects_too_many_ports(void)
{
	struct nlmsghdr *nlh = status_reply();
	struct op25b_status st;
	struct nlattr *nest;
	unsigned int i;

	nest = mnl_attr_nest_start(nlh, OP25B_A_PORTS);
	for (i = 0; i <= OP25B_PORTS_MAX; i++)
		mnl_attr_put_u16(nlh, OP25B_A_PORT, 1 + i);
	mnl_attr_nest_end(nlh, nest);
	EXPECT_INT(op25b_status_parse(nlh, &st), -ERANGE);
}

static void status_parse_rejects_wide_mode(void)
{
	struct nlmsghdr *nlh = status_reply();
	struct op25b_status st;

	mnl_attr_put_u32(nlh, OP25B_A_MODE, 1);
	EXPECT_INT(op25b_status_parse(nlh, &st), -ERANGE);
	nlh = status_reply();
	mnl_attr_put_u32(nlh, OP25B_A_MEMORY, 1);
	EXPECT_INT(op25b_status_parse(nlh, &st), -ERANGE);
}

static void status_print_human(void)
{
	struct op25b_status st;

	op25b_status_parse(full_status_reply(), &st);
	EXPECT_OUTPUT("op25b module 0.1.0\n"
		      "  mode: monitor\n"
		      "  action: reject\n"
		      "  ports: 25,2525\n"
		      "  dynamic: 2 IPv4, 1 IPv6 prefixes\n"
		      "  static: 0 IPv4, 0 IPv6 prefixes\n"
		      "  relay: 1 IPv4, 70000 IPv6 prefixes\n"
		      "  log: (unknown)\n"
		      "  memory: 12345 bytes\n"
		      "  policy generation: 3\n",
		      op25bctl_status_print(f, &st, false));
}

static void status_print_json(void)
{
	struct op25b_status st;

	op25b_status_parse(full_status_reply(), &st);
	EXPECT_OUTPUT("{\"schema\":1,\"version\":\"0.1.0\",\"generation\":3,"
		      "\"mode\":\"monitor\",\"effective_mode\":null,\"enforce_at\":null,\"action\":\"reject\",\"log\":null,\"log_group\":null,\"ports\":[25,2525],"
		      "\"memory\":12345,\"sets\":{\"dynamic\":{\"ipv4\":2,\"ipv6\":1},"
		      "\"static\":{\"ipv4\":0,\"ipv6\":0},"
		      "\"relay\":{\"ipv4\":1,\"ipv6\":70000}}}\n",
		      op25bctl_status_print(f, &st, true));
}

static void status_print_json_large_generation(void)
{
	struct op25b_status st;

	op25b_status_parse(full_status_reply(), &st);
	st.generation = UINT32_MAX;
	st.memory = UINT64_MAX;
	EXPECT_OUTPUT("{\"schema\":1,\"version\":\"0.1.0\",\"generation\":4294967295,"
		      "\"mode\":\"monitor\",\"effective_mode\":null,\"enforce_at\":null,\"action\":\"reject\",\"log\":null,\"log_group\":null,\"ports\":[25,2525],"
		      "\"memory\":18446744073709551615,\"sets\":{\"dynamic\":{\"ipv4\":2,\"ipv6\":1},"
		      "\"static\":{\"ipv4\":0,\"ipv6\":0},"
		      "\"relay\":{\"ipv4\":1,\"ipv6\":70000}}}\n",
		      op25bctl_status_print(f, &st, true));
}

static void status_print_json_escapes_version(void)
{
	struct op25b_status st = { .has_version = true };

	strcpy(st.version, "0.1\"\n");
	EXPECT_OUTPUT("{\"schema\":1,\"version\":\"0.1\\\"\\u000a\",\"generation\":null,"
		      "\"mode\":null,\"effective_mode\":null,\"enforce_at\":null,\"action\":null,\"log\":null,\"log_group\":null,\"ports\":null,\"memory\":null,"
		      "\"sets\":null}\n",
		      op25bctl_status_print(f, &st, true));
}

/* An older module may send less: the rest is unknown, not zero. */
static void status_print_missing_fields(void)
{
	const struct op25b_status st = { 0 };

	EXPECT_OUTPUT("op25b module (unknown)\n"
		      "  mode: (unknown)\n"
		      "  action: (unknown)\n"
		      "  ports: (unknown)\n"
		      "  dynamic: (unknown)\n"
		      "  static: (unknown)\n"
		      "  relay: (unknown)\n"
		      "  log: (unknown)\n"
		      "  memory: (unknown)\n"
		      "  policy generation: (unknown)\n",
		      op25bctl_status_print(f, &st, false));
	EXPECT_OUTPUT("{\"schema\":1,\"version\":null,\"generation\":null,"
		      "\"mode\":null,\"effective_mode\":null,\"enforce_at\":null,\"action\":null,\"log\":null,\"log_group\":null,\"ports\":null,\"memory\":null,"
		      "\"sets\":null}\n",
		      op25bctl_status_print(f, &st, true));
}

/* A newer module's mode or action shows as its number. */
static void status_print_unknown_values(void)
{
	struct op25b_status st;

	op25b_status_parse(full_status_reply(), &st);
	st.mode = 7;
	st.action = 200;
	EXPECT_OUTPUT("op25b module 0.1.0\n"
		      "  mode: unknown(7)\n"
		      "  action: unknown(200)\n"
		      "  ports: 25,2525\n"
		      "  dynamic: 2 IPv4, 1 IPv6 prefixes\n"
		      "  static: 0 IPv4, 0 IPv6 prefixes\n"
		      "  relay: 1 IPv4, 70000 IPv6 prefixes\n"
		      "  log: (unknown)\n"
		      "  memory: 12345 bytes\n"
		      "  policy generation: 3\n",
		      op25bctl_status_print(f, &st, false));
}

static void version_print_human(void)
{
	EXPECT_OUTPUT("op25bctl " OP25B_VERSION "\nop25b module 0.2.0\n",
		      op25bctl_version_print(f, "0.2.0", false));
}

static void version_print_human_without_module(void)
{
	EXPECT_OUTPUT("op25bctl " OP25B_VERSION "\n",
		      op25bctl_version_print(f, NULL, false));
}

static void version_print_json(void)
{
	EXPECT_OUTPUT("{\"schema\":1,\"tool\":\"" OP25B_VERSION "\",\"module\":\"0.2.0\"}\n",
		      op25bctl_version_print(f, "0.2.0", true));
}

static void version_print_json_without_module(void)
{
	EXPECT_OUTPUT("{\"schema\":1,\"tool\":\"" OP25B_VERSION "\",\"module\":null}\n",
		      op25bctl_version_print(f, NULL, true));
}

const struct unit_case status_cases[] = {
	UNIT_CASE(status_parse_valid),
	UNIT_CASE(status_parse_any_order),
	UNIT_CASE(status_parse_missing_generation),
	UNIT_CASE(status_parse_missing_version),
	UNIT_CASE(status_parse_no_attributes),
	UNIT_CASE(status_parse_rejects_short_generation),
	UNIT_CASE(status_parse_rejects_long_generation),
	UNIT_CASE(status_parse_rejects_unterminated_version),
	UNIT_CASE(status_parse_rejects_empty_version_attr),
	UNIT_CASE(status_parse_rejects_oversized_version),
	UNIT_CASE(status_parse_longest_version),
	UNIT_CASE(status_parse_ignores_unknown_attributes),
	UNIT_CASE(status_parse_rejects_truncated_attribute),
	UNIT_CASE(status_parse_rejects_trailing_garbage),
	UNIT_CASE(status_parse_rejects_missing_genl_header),
	UNIT_CASE(status_parse_rejects_other_command),
	UNIT_CASE(status_parse_full),
	UNIT_CASE(status_parse_counts_unknown_set),
	UNIT_CASE(status_parse_count_incomplete),
	UNIT_CASE(status_parse_rejects_too_many_ports),
	UNIT_CASE(status_parse_rejects_wide_mode),
	UNIT_CASE(status_print_human),
	UNIT_CASE(status_print_json),
	UNIT_CASE(status_print_json_large_generation),
	UNIT_CASE(status_print_json_escapes_version),
	UNIT_CASE(status_print_missing_fields),
	UNIT_CASE(status_print_unknown_values),
	UNIT_CASE(version_print_human),
	UNIT_CASE(version_print_human_without_module),
	UNIT_CASE(version_print_json),
	UNIT_CASE(version_print_json_without_module),
	UNIT_END
};
