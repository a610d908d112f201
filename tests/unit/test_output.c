// SPDX-License-Identifier: GPL-2.0
/*
 * What test, stats and list print, byte for byte, in text and in JSON.
 * These lines are read by people at 3 a.m. and by scripts at any hour.
 */
#include <linux/op25b.h>

#include "harness.h"
#include "op25bctl.h"
#include "util.h"

static struct op25b_test_query query(const char *src, const char *dst,
				     uint16_t port)
{
	struct op25b_test_query q = {
		.src = pfx(src),
		.dst = pfx(dst),
		.port = port,
	};

	return q;
}

static struct op25b_test_result result(uint8_t verdict, uint8_t reason,
				       uint8_t mode, const char *dynamic,
				       const char *statics, const char *relay)
{
	struct op25b_test_result r = {
		.verdict = verdict,
		.reason = reason,
		.mode = mode,
		.has_verdict = true,
		.has_reason = true,
		.has_mode = true,
	};
	const char *m[OP25B_SET_COUNT] = { dynamic, statics, relay };
	unsigned int i;

	for (i = 0; i < OP25B_SET_COUNT; i++) {
		if (!m[i])
			continue;
		r.has_match[i] = true;
		r.match[i] = pfx(m[i]);
	}
	return r;
}

#define BLOCKED OP25B_VERDICT_BLOCKED
#define ALLOWED OP25B_VERDICT_ALLOWED

static void test_print_blocked(void)
{
	struct op25b_test_query q = query("100.64.1.10", "203.0.113.5", 25);
	struct op25b_test_result r = result(BLOCKED, OP25B_REASON_BLOCKED,
					    OP25B_MODE_ENFORCE,
					    "100.64.0.0/10", NULL, NULL);

	EXPECT_OUTPUT("blocked: 100.64.1.10 in dynamic 100.64.0.0/10, not in static; 203.0.113.5 not in relay\n",
		      op25bctl_test_print(f, &q, &r, NULL, false));
	EXPECT_OUTPUT("{\"schema\":1,\"verdict\":\"blocked\",\"reason\":\"blocked\",\"mode\":\"enforce\",\"effective_mode\":null,"
		      "\"src\":\"100.64.1.10\",\"dst\":\"203.0.113.5\",\"port\":25,"
		      "\"dynamic\":\"100.64.0.0/10\",\"static\":null,\"relay\":null}\n",
		      op25bctl_test_print(f, &q, &r, NULL, true));
}

static void test_print_static(void)
{
	struct op25b_test_query q = query("100.64.1.21", "203.0.113.5", 25);
	struct op25b_test_result r = result(ALLOWED, OP25B_REASON_STATIC,
					    OP25B_MODE_ENFORCE, "100.64.0.0/10",
					    "100.64.1.20/30", NULL);

	EXPECT_OUTPUT("allowed: 100.64.1.21 in dynamic 100.64.0.0/10, in static 100.64.1.20/30\n",
		      op25bctl_test_print(f, &q, &r, NULL, false));
	EXPECT_OUTPUT("{\"schema\":1,\"verdict\":\"allowed\",\"reason\":\"static\",\"mode\":\"enforce\",\"effective_mode\":null,"
		      "\"src\":\"100.64.1.21\",\"dst\":\"203.0.113.5\",\"port\":25,"
		      "\"dynamic\":\"100.64.0.0/10\",\"static\":\"100.64.1.20/30\",\"relay\":null}\n",
		      op25bctl_test_print(f, &q, &r, NULL, true));
}

static void test_print_relay(void)
{
	struct op25b_test_query q = query("100.64.1.10", "203.0.113.25", 25);
	struct op25b_test_result r = result(ALLOWED, OP25B_REASON_RELAY,
					    OP25B_MODE_ENFORCE, "100.64.0.0/10",
					    NULL, "203.0.113.25/32");

	EXPECT_OUTPUT("allowed: 100.64.1.10 in dynamic 100.64.0.0/10, not in static; 203.0.113.25 in relay 203.0.113.25/32\n",
		      op25bctl_test_print(f, &q, &r, NULL, false));
	EXPECT_OUTPUT("{\"schema\":1,\"verdict\":\"allowed\",\"reason\":\"relay\",\"mode\":\"enforce\",\"effective_mode\":null,"
		      "\"src\":\"100.64.1.10\",\"dst\":\"203.0.113.25\",\"port\":25,"
		      "\"dynamic\":\"100.64.0.0/10\",\"static\":null,\"relay\":\"203.0.113.25/32\"}\n",
		      op25bctl_test_print(f, &q, &r, NULL, true));
}

static void test_print_not_dynamic(void)
{
	struct op25b_test_query q = query("198.51.100.1", "203.0.113.25", 25);
	struct op25b_test_result r = result(ALLOWED, OP25B_REASON_NOT_DYNAMIC,
					    OP25B_MODE_ENFORCE, NULL, NULL,
					    "203.0.113.25/32");

	EXPECT_OUTPUT("allowed: 198.51.100.1 not in dynamic\n",
		      op25bctl_test_print(f, &q, &r, NULL, false));
	EXPECT_OUTPUT("{\"schema\":1,\"verdict\":\"allowed\",\"reason\":\"not_dynamic\",\"mode\":\"enforce\",\"effective_mode\":null,"
		      "\"src\":\"198.51.100.1\",\"dst\":\"203.0.113.25\",\"port\":25,"
		      "\"dynamic\":null,\"static\":null,\"relay\":\"203.0.113.25/32\"}\n",
		      op25bctl_test_print(f, &q, &r, NULL, true));
}

static void test_print_port(void)
{
	struct op25b_test_query q = query("100.64.1.10", "203.0.113.5", 80);
	struct op25b_test_result r = result(ALLOWED, OP25B_REASON_PORT,
					    OP25B_MODE_ENFORCE, NULL, NULL,
					    NULL);
	struct op25b_status st = { .has_ports = true, .nports = 2,
				   .ports = { 25, 587 } };

	EXPECT_OUTPUT("allowed: port 80 is not enforced (ports: 25,587)\n",
		      op25bctl_test_print(f, &q, &r, &st, false));
	st.nports = 1;
	EXPECT_OUTPUT("allowed: port 80 is not enforced (ports: 25)\n",
		      op25bctl_test_print(f, &q, &r, &st, false));
	/* Without the status, the ports are left out rather than guessed. */
	EXPECT_OUTPUT("allowed: port 80 is not enforced\n",
		      op25bctl_test_print(f, &q, &r, NULL, false));
	EXPECT_OUTPUT("{\"schema\":1,\"verdict\":\"allowed\",\"reason\":\"port\",\"mode\":\"enforce\",\"effective_mode\":null,"
		      "\"src\":\"100.64.1.10\",\"dst\":\"203.0.113.5\",\"port\":80,"
		      "\"dynamic\":null,\"static\":null,\"relay\":null}\n",
		      op25bctl_test_print(f, &q, &r, &st, true));
}

static void test_print_off(void)
{
	struct op25b_test_query q = query("100.64.1.10", "203.0.113.5", 25);
	struct op25b_test_result r = result(ALLOWED, OP25B_REASON_OFF,
					    OP25B_MODE_OFF, NULL, NULL, NULL);

	EXPECT_OUTPUT("allowed: mode off, nothing is inspected\n",
		      op25bctl_test_print(f, &q, &r, NULL, false));
	EXPECT_OUTPUT("{\"schema\":1,\"verdict\":\"allowed\",\"reason\":\"off\",\"mode\":\"off\",\"effective_mode\":null,"
		      "\"src\":\"100.64.1.10\",\"dst\":\"203.0.113.5\",\"port\":25,"
		      "\"dynamic\":null,\"static\":null,\"relay\":null}\n",
		      op25bctl_test_print(f, &q, &r, NULL, true));
}

static void test_print_monitor(void)
{
	struct op25b_test_query q = query("2001:db8:100::7", "2001:db8:1::25",
					  25);
	struct op25b_test_result r = result(ALLOWED, OP25B_REASON_BLOCKED,
					    OP25B_MODE_MONITOR,
					    "2001:db8:100::/48", NULL, NULL);

	EXPECT_OUTPUT("allowed: monitor mode, would be blocked: 2001:db8:100::7 in dynamic 2001:db8:100::/48, not in static; 2001:db8:1::25 not in relay\n",
		      op25bctl_test_print(f, &q, &r, NULL, false));
	EXPECT_OUTPUT("{\"schema\":1,\"verdict\":\"allowed\",\"reason\":\"blocked\",\"mode\":\"monitor\",\"effective_mode\":null,"
		      "\"src\":\"2001:db8:100::7\",\"dst\":\"2001:db8:1::25\",\"port\":25,"
		      "\"dynamic\":\"2001:db8:100::/48\",\"static\":null,\"relay\":null}\n",
		      op25bctl_test_print(f, &q, &r, NULL, true));
}

/* A newer module's values are shown as numbers, never dropped. */
static void test_print_unknown_values(void)
{
	struct op25b_test_query q = query("10.0.0.1", "10.0.0.2", 25);
	struct op25b_test_result r = result(7, 42, 9, NULL, NULL, NULL);

	EXPECT_OUTPUT("unknown(7): reason 42 (unknown to this op25bctl)\n",
		      op25bctl_test_print(f, &q, &r, NULL, false));
	EXPECT_OUTPUT("{\"schema\":1,\"verdict\":\"unknown(7)\",\"reason\":\"unknown(42)\",\"mode\":\"unknown(9)\",\"effective_mode\":null,"
		      "\"src\":\"10.0.0.1\",\"dst\":\"10.0.0.2\",\"port\":25,"
		      "\"dynamic\":null,\"static\":null,\"relay\":null}\n",
		      op25bctl_test_print(f, &q, &r, NULL, true));
}

static struct op25b_stats sample_stats(void)
{
	struct op25b_stats s = { .v = {
		{ 10, 3, 0, 1, 2, 4 },
		{ 5, 1, 0, 0, 0, 4 },
	} };

	return s;
}

static void stats_print_human(void)
{
	struct op25b_stats s = sample_stats();

	EXPECT_OUTPUT("counter                total           IPv4           IPv6\n"
		      "inspected                 15             10              5\n"
		      "blocked                    4              3              1\n"
		      "monitored                  0              0              0\n"
		      "exempt_static              1              1              0\n"
		      "exempt_relay               2              2              0\n"
		      "not_dynamic                8              4              4\n",
		      op25bctl_stats_print(f, &s, false));
}

static void stats_print_json(void)
{
	struct op25b_stats s = sample_stats();

	EXPECT_OUTPUT("{\"schema\":1,\"inspected\":15,\"blocked\":4,\"monitored\":0,"
		      "\"exempt_static\":1,\"exempt_relay\":2,\"not_dynamic\":8,"
		      "\"ipv4\":{\"inspected\":10,\"blocked\":3,\"monitored\":0,"
		      "\"exempt_static\":1,\"exempt_relay\":2,\"not_dynamic\":4},"
		      "\"ipv6\":{\"inspected\":5,\"blocked\":1,\"monitored\":0,"
		      "\"exempt_static\":0,\"exempt_relay\":0,\"not_dynamic\":4}}\n",
		      op25bctl_stats_print(f, &s, true));
}

/* Past 14 digits the columns shift, but numbers never run together. */
static void stats_print_large(void)
{
	struct op25b_stats s = { 0 };

	s.v[0][OP25B_STAT_INSPECTED] = UINT64_MAX;
	s.v[1][OP25B_STAT_BLOCKED] = 99999999999999ULL;
	EXPECT_OUTPUT("counter                total           IPv4           IPv6\n"
		      "inspected     18446744073709551615 18446744073709551615              0\n"
		      "blocked       99999999999999              0 99999999999999\n"
		      "monitored                  0              0              0\n"
		      "exempt_static              0              0              0\n"
		      "exempt_relay               0              0              0\n"
		      "not_dynamic                0              0              0\n",
		      op25bctl_stats_print(f, &s, false));
}

static void list_sample(struct op25b_policy *p)
{
	if (parse_text("dynamic 100.64.0.0/10 2001:db8:100::/48\n"
		       "relay 203.0.113.25\n", p, NULL, 0))
		abort();
}

static void list_print_human(void)
{
	struct op25b_policy p;

	list_sample(&p);
	EXPECT_OUTPUT("dynamic 100.64.0.0/10\n"
		      "dynamic 2001:db8:100::/48\n"
		      "relay 203.0.113.25/32\n",
		      op25bctl_list_print(f, &p, false));
	op25b_policy_free(&p);
}

static void list_print_json(void)
{
	struct op25b_policy p;

	list_sample(&p);
	EXPECT_OUTPUT("{\"schema\":1,\"prefixes\":["
		      "{\"set\":\"dynamic\",\"prefix\":\"100.64.0.0/10\"},"
		      "{\"set\":\"dynamic\",\"prefix\":\"2001:db8:100::/48\"},"
		      "{\"set\":\"relay\",\"prefix\":\"203.0.113.25/32\"}]}\n",
		      op25bctl_list_print(f, &p, true));
	op25b_policy_free(&p);
}

/* Nothing at all for empty sets: no header, no blank line. */
static void list_print_empty(void)
{
	struct op25b_policy p;

	op25b_policy_init(&p);
	EXPECT_OUTPUT("", op25bctl_list_print(f, &p, false));
	EXPECT_OUTPUT("{\"schema\":1,\"prefixes\":[]}\n",
		      op25bctl_list_print(f, &p, true));
}

const struct unit_case output_cases[] = {
	UNIT_CASE(test_print_blocked),
	UNIT_CASE(test_print_static),
	UNIT_CASE(test_print_relay),
	UNIT_CASE(test_print_not_dynamic),
	UNIT_CASE(test_print_port),
	UNIT_CASE(test_print_off),
	UNIT_CASE(test_print_monitor),
	UNIT_CASE(test_print_unknown_values),
	UNIT_CASE(stats_print_human),
	UNIT_CASE(stats_print_json),
	UNIT_CASE(stats_print_large),
	UNIT_CASE(list_print_human),
	UNIT_CASE(list_print_json),
	UNIT_CASE(list_print_empty),
	UNIT_END
};
