// SPDX-License-Identifier: GPL-2.0
/*
 * The transition settings: RFC 3339 instants for enforce-at, the log
 * keyword, how status shows them, the requests that carry them and the
 * GET_TOP replies.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "config.h"
#include "harness.h"
#include "ipc.h"
#include "op25bctl.h"
#include "timefmt.h"
#include "util.h"

static char errs[4096];

static uint64_t parse_ok(const char *s)
{
	const char *why = NULL;
	uint64_t t = 0;

	if (op25b_time_parse(s, &t, &why))
		return 0;
	return t;
}

static void time_parse_forms(void)
{
	/* date -u -d 2026-06-01T02:00:00Z +%s */
	EXPECT_INT(parse_ok("2026-06-01T02:00:00Z"), 1780279200);
	EXPECT_INT(parse_ok("2026-06-01T11:00+09:00"), 1780279200);
	EXPECT_INT(parse_ok("2026-06-01t11:00:00.999+09:00"), 1780279200);
	EXPECT_INT(parse_ok("2026-05-31T21:30-04:30"), 1780279200);
	EXPECT_INT(parse_ok("2026-06-01T02:00z"), 1780279200);
	EXPECT_INT(parse_ok("1970-01-01T00:00:01Z"), 1);
	EXPECT_INT(parse_ok("2000-02-29T00:00Z"), 951782400);
	EXPECT_INT(parse_ok("2100-03-01T00:00Z"), 4107542400);
	EXPECT_INT(parse_ok("9999-12-31T23:59:59Z"), 253402300799);
	/* A leap second reads as the next second. */
	EXPECT_INT(parse_ok("2016-12-31T23:59:60Z"), 1483228800);
}

static void time_parse_refused(void)
{
	static const char *const bad[] = {
		"", "2026-06-01", "2026-06-01T11:00", "2026-06-01 11:00Z",
		"2026-6-01T11:00Z", "2026-13-01T00:00Z", "2026-02-29T00:00Z",
		"2100-02-29T00:00Z", "2026-06-01T24:00Z", "2026-06-01T11:60Z",
		"2026-06-01T11:00+9:00", "2026-06-01T11:00+24:00",
		"2026-06-01T11:00Zjunk", "2026-06-01T11:00:5Z",
		"2026-06-01T11:00.Z", "1969-12-31T23:59:59Z",
		"1970-01-01T00:00Z", "1970-01-01T00:00:00+00:01",
		"10000-01-01T00:00Z", "9999-12-31T23:59:59-00:01",
	};
	const char *why;
	uint64_t t = 42;
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		if (!op25b_time_parse(bad[i], &t, &why))
			FAIL("accepted %s", bad[i]);
		if (!why || !*why)
			FAIL("no reason for %s", bad[i]);
	}
	EXPECT_INT(t, 42);
}

static void time_format_round_trip(void)
{
	static const uint64_t v[] = {
		1, 59, 86399, 86400, 951782400, 1780279200, 4107542400,
		253402300799,
	};
	char buf[OP25B_TIME_STRLEN];
	unsigned int i;

	EXPECT_STR(op25b_time_format(1780279200, buf), "2026-06-01T02:00:00Z");
	EXPECT_STR(op25b_time_format(951868799, buf), "2000-02-29T23:59:59Z");
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		EXPECT_INT(parse_ok(op25b_time_format(v[i], buf)), v[i]);
	/* Every day of four years, leap year included. */
	for (i = 0; i < 4 * 366; i++)
		EXPECT_INT(parse_ok(op25b_time_format(1700000000ULL + i * 86400ULL,
						      buf)),
			   1700000000ULL + i * 86400ULL);
}

static void time_relative(void)
{
	char buf[40];

	EXPECT_STR(op25b_time_relative(1000 + 3 * 86400 + 7200 + 5, 1000, buf,
				       sizeof(buf)), "in 3d 2h");
	EXPECT_STR(op25b_time_relative(1000 + 65, 1000, buf, sizeof(buf)),
		   "in 1m 5s");
	EXPECT_STR(op25b_time_relative(1000, 1000 + 7, buf, sizeof(buf)),
		   "7s ago");
	EXPECT_STR(op25b_time_relative(1000, 1000, buf, sizeof(buf)), "now");
}

static void config_enforce_at_and_log(void)
{
	struct op25b_policy p;

	EXPECT_INT(parse_text("mode monitor\nenforce-at 2026-06-01T11:00+09:00\nlog nflog 7\n",
			      &p, errs, sizeof(errs)), 0);
	EXPECT_STR(errs, "");
	EXPECT_INT(p.enforce_at, 1780279200);
	EXPECT_INT(p.log, OP25B_LOG_NFLOG);
	EXPECT_INT(p.log_group, 7);
	op25b_policy_free(&p);

	EXPECT_INT(parse_text("enforce-at 2026-06-01T11:00Z\nenforce-at none\nlog nflog 7\nlog kernel\n",
			      &p, errs, sizeof(errs)), 0);
	EXPECT_INT(p.enforce_at, 0);
	EXPECT_INT(p.log, OP25B_LOG_KERNEL);
	EXPECT_INT(p.log_group, 0);
	op25b_policy_free(&p);
}

static void config_enforce_at_and_log_refused(void)
{
	struct op25b_policy p;

	EXPECT_INT(parse_text("enforce-at 2026-06-01T11:00\n"
			      "enforce-at\n"
			      "enforce-at a b\n"
			      "log\n"
			      "log nflog\n"
			      "log nflog 65536\n"
			      "log nflog -1\n"
			      "log kernel 3\n"
			      "log syslog\n"
			      "log nflog 1 2\n",
			      &p, errs, sizeof(errs)), 10);
	EXPECT_STR(errs,
		   "t.conf:1: enforce-at: 2026-06-01T11:00: expected a time zone: Z or an offset such as +09:00 (write it like 2026-06-01T11:00+09:00, or none)\n"
		   "t.conf:2: enforce-at: missing value (an RFC 3339 time such as 2026-06-01T11:00+09:00, or none)\n"
		   "t.conf:3: enforce-at: takes one value, got 2\n"
		   "t.conf:4: log: missing value (off, kernel or nflog GROUP)\n"
		   "t.conf:5: log nflog: missing group (a number from 0 to 65535)\n"
		   "t.conf:6: log nflog: 65536: not a group (a number from 0 to 65535)\n"
		   "t.conf:7: log nflog: -1: not a group (a number from 0 to 65535)\n"
		   "t.conf:8: log kernel: takes no group (only nflog does)\n"
		   "t.conf:9: syslog: unknown log (expected off, kernel or nflog GROUP)\n"
		   "t.conf:10: log nflog: takes one group, got 2\n");
	EXPECT_INT(p.enforce_at, 0);
	EXPECT_INT(p.log, OP25B_LOG_OFF);
	op25b_policy_free(&p);
}

static void config_write_transition(void)
{
	struct op25b_policy p;

	op25b_policy_init(&p);
	p.mode = OP25B_MODE_MONITOR;
	p.enforce_at = 1780279200;
	p.log = OP25B_LOG_NFLOG;
	p.log_group = 5;
	EXPECT_OUTPUT("mode monitor\naction drop\nports 25\n"
		      "enforce-at 2026-06-01T02:00:00Z\nlog nflog 5\n",
		      op25b_config_write(f, &p));
	p.log = OP25B_LOG_KERNEL;
	p.enforce_at = 0;
	EXPECT_OUTPUT("mode monitor\naction drop\nports 25\nlog kernel\n",
		      op25b_config_write(f, &p));
	p.log = 9;
	EXPECT_INT(op25b_config_write(stderr, &p), -EINVAL);
}

static void status_shows_cut_over(void)
{
	struct op25b_status st;

	memset(&st, 0, sizeof(st));
	st.has_version = st.has_mode = st.has_effective_mode = true;
	st.has_enforce_at = st.has_log = st.has_log_group = true;
	strcpy(st.version, "0.1.0");
	st.mode = OP25B_MODE_MONITOR;
	st.effective_mode = OP25B_MODE_ENFORCE;
	st.enforce_at = 1000;	/* long past */
	st.log = OP25B_LOG_NFLOG;
	st.log_group = 3;
	EXPECT_OUTPUT("{\"schema\":1,\"version\":\"0.1.0\",\"generation\":null,"
		      "\"mode\":\"monitor\",\"effective_mode\":\"enforce\","
		      "\"enforce_at\":\"1970-01-01T00:16:40Z\",\"action\":null,"
		      "\"log\":\"nflog\",\"log_group\":3,\"ports\":null,"
		      "\"memory\":null,\"sets\":null}\n",
		      op25bctl_status_print(f, &st, true));
	{
		static const char want[] = "op25b module 0.1.0\n"
			"  mode: monitor, enforcing since 1970-01-01T00:16:40Z (";
		char *out = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&out, &len);

		if (!f)
			FAIL("open_memstream failed");
		op25bctl_status_print(f, &st, false);
		fclose(f);
		/* The rest says how long ago, from the clock of the test. */
		EXPECT(len > strlen(want) && !memcmp(out, want, strlen(want)));
		EXPECT(strstr(out, "ago)\n  action: (unknown)\n") != NULL);
		EXPECT(strstr(out, "\n  log: nflog group 3\n") != NULL);
		free(out);
	}
}

/* A GET_TOP dump message with one row per (address, packets). */
static struct nlmsghdr *top_msg(char *buf, int rows, bool with_packets)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;
	struct nlattr *row, *src;
	int i;

	nlh->nlmsg_type = 0x20;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = OP25B_CMD_GET_TOP;
	for (i = 0; i < rows; i++) {
		row = mnl_attr_nest_start(nlh, OP25B_A_TOP);
		src = mnl_attr_nest_start(nlh, OP25B_TOP_A_SRC);
		mnl_attr_put_u32(nlh, OP25B_PREFIX_A_IPV4, htonl(0x64400100 + i));
		mnl_attr_put_u8(nlh, OP25B_PREFIX_A_LEN, 32);
		mnl_attr_nest_end(nlh, src);
		if (with_packets)
			mnl_attr_put_u64(nlh, OP25B_TOP_A_PACKETS, 100 - i);
		mnl_attr_put_u32(nlh, OP25B_TOP_A_DESTINATIONS, 2);
		mnl_attr_put_u64(nlh, OP25B_TOP_A_FIRST_SEEN, 1780279200);
		mnl_attr_put_u64(nlh, OP25B_TOP_A_LAST_SEEN, 1780279260);
		mnl_attr_nest_end(nlh, row);
	}
	return nlh;
}

static void print_second(FILE *f, const struct op25b_top *t)
{
	struct op25b_top one = { .v = t->v + 1, .len = 1 };

	op25bctl_top_print(f, &one, 0, true);
}

static void top_parse_and_print(void)
{
	char buf[8192] __attribute__((aligned(4)));
	struct op25b_top t = { 0 };

	EXPECT_INT(op25b_top_parse(top_msg(buf, 3, true), &t), 0);
	EXPECT_INT(op25b_top_parse(top_msg(buf, 70, true), &t), 0);
	EXPECT_INT(t.len, 73);
	EXPECT_INT(t.v[1].packets, 99);
	EXPECT_INT(t.v[72].packets, 31);
	/* A source no dynamic prefix holds (any more) has no pool: "-". */
	EXPECT_OUTPUT("SOURCE                                       PACKETS DESTINATIONS  FIRST SEEN            LAST SEEN             POOL\n"
		      "100.64.1.0                                       100            2  2026-06-01T02:00:00Z  2026-06-01T02:01:00Z  -\n",
		      op25bctl_top_print(f, &t, 1, false));
	EXPECT_OUTPUT("{\"schema\":1,\"sources\":[{\"src\":\"100.64.1.1\",\"packets\":99,"
		      "\"destinations\":2,\"first_seen\":\"2026-06-01T02:00:00Z\","
		      "\"last_seen\":\"2026-06-01T02:01:00Z\"}]}\n",
		      print_second(f, &t));
	op25b_top_free(&t);
	EXPECT_INT(op25b_top_parse(top_msg(buf, 1, false), &t), -EBADMSG);
	op25b_top_free(&t);
}

static void settings_carry_transition(void)
{
	char buf[1024] __attribute__((aligned(4)));
	struct op25b_settings s = {
		.has_enforce_at = true, .enforce_at = 1780279200,
		.has_log = true, .log = OP25B_LOG_NFLOG, .log_group = 9,
	};
	struct nlmsghdr *nlh = op25b_msg_set_policy(buf, sizeof(buf), 30, &s);
	const struct nlattr *a;
	uint64_t at = 0;
	int log = -1, group = -1, n = 0;

	EXPECT(nlh != NULL);
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		n++;
		if (mnl_attr_get_type(a) == OP25B_A_ENFORCE_AT)
			at = mnl_attr_get_u64(a);
		if (mnl_attr_get_type(a) == OP25B_A_LOG)
			log = mnl_attr_get_u8(a);
		if (mnl_attr_get_type(a) == OP25B_A_LOG_GROUP)
			group = mnl_attr_get_u16(a);
	}
	EXPECT_INT(n, 3);
	EXPECT_INT(at, 1780279200);
	EXPECT_INT(log, OP25B_LOG_NFLOG);
	EXPECT_INT(group, 9);
	/* kernel: no group attribute, which the kernel would refuse. */
	s.log = OP25B_LOG_KERNEL;
	s.has_enforce_at = false;
	nlh = op25b_msg_set_policy(buf, sizeof(buf), 30, &s);
	n = 0;
	mnl_attr_for_each(a, nlh, GENL_HDRLEN)
		n++;
	EXPECT_INT(n, 1);
}

const struct unit_case transition_cases[] = {
	UNIT_CASE(time_parse_forms),
	UNIT_CASE(time_parse_refused),
	UNIT_CASE(time_format_round_trip),
	UNIT_CASE(time_relative),
	UNIT_CASE(config_enforce_at_and_log),
	UNIT_CASE(config_enforce_at_and_log_refused),
	UNIT_CASE(config_write_transition),
	UNIT_CASE(status_shows_cut_over),
	UNIT_CASE(top_parse_and_print),
	UNIT_CASE(settings_carry_transition),
	UNIT_END
};
