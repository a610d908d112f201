// SPDX-License-Identifier: GPL-2.0
/*
 * The policy file: what it accepts, what it refuses and where it says the
 * problem is, and that writing a policy and reading it back is lossless.
 */
#include <errno.h>
#include <sys/socket.h>

#include "config.h"
#include "harness.h"
#include "util.h"

static char errs[8192];

/* Parses text, expecting errors (with their exact messages) or none. */
#define EXPECT_ERRORS(text, n, want)					\
	do {								\
		struct op25b_policy p_;					\
		unsigned long n_ = parse_text(text, &p_, errs,		\
					      sizeof(errs));		\
		op25b_policy_free(&p_);					\
		EXPECT_STR(errs, want);					\
		EXPECT_INT(n_, n);					\
	} while (0)

static const char *set_text(const struct op25b_policy *p, unsigned int set,
			    char *buf, size_t len)
{
	char one[OP25B_PREFIX_STRLEN];
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < p->sets[set].len; i++)
		n += snprintf(buf + n, len - n, "%s%s", i ? " " : "",
			      op25b_prefix_format(&p->sets[set].v[i], one));
	return buf;
}

static void config_full_example(void)
{
	static const char text[] =
		"# comments and blank lines are ignored\n"
		"\n"
		"mode enforce            # off | monitor | enforce\n"
		"action drop\n"
		"ports 25\n"
		"dynamic 100.64.0.0/10 2001:db8:100::/48     # two\n"
		"static 100.64.1.20/30\n"
		"relay 203.0.113.25 2001:db8:cafe::25\n";
	struct op25b_policy p;
	char buf[512];

	EXPECT_INT(parse_text(text, &p, errs, sizeof(errs)), 0);
	EXPECT_STR(errs, "");
	EXPECT_INT(p.mode, OP25B_MODE_ENFORCE);
	EXPECT_INT(p.action, OP25B_ACTION_DROP);
	EXPECT_INT(p.nports, 1);
	EXPECT_INT(p.ports[0], 25);
	EXPECT_STR(set_text(&p, OP25B_SET_DYNAMIC, buf, sizeof(buf)),
		   "100.64.0.0/10 2001:db8:100::/48");
	EXPECT_STR(set_text(&p, OP25B_SET_STATIC, buf, sizeof(buf)),
		   "100.64.1.20/30");
	EXPECT_STR(set_text(&p, OP25B_SET_RELAY, buf, sizeof(buf)),
		   "203.0.113.25/32 2001:db8:cafe::25/128");
	op25b_policy_free(&p);
}

static void config_defaults_for_absent_keys(void)
{
	struct op25b_policy p;

	EXPECT_INT(parse_text("dynamic 10.0.0.0/8\n", &p, NULL, 0), 0);
	EXPECT_INT(p.mode, OP25B_MODE_ENFORCE);
	EXPECT_INT(p.action, OP25B_ACTION_DROP);
	EXPECT_INT(p.nports, 1);
	EXPECT_INT(p.ports[0], 25);
	op25b_policy_free(&p);
}

static void config_empty_file(void)
{
	struct op25b_policy p, def;

	EXPECT_INT(parse_text("", &p, errs, sizeof(errs)), 0);
	op25b_policy_init(&def);
	EXPECT(op25b_policy_equal(&p, &def));
	op25b_policy_free(&p);
}

static void config_only_comments(void)
{
	struct op25b_policy p, def;

	EXPECT_INT(parse_text("# a\n   # b\n\t\n\n#", &p, errs, sizeof(errs)),
		   0);
	op25b_policy_init(&def);
	EXPECT(op25b_policy_equal(&p, &def));
	op25b_policy_free(&p);
}

static void config_comment_after_values(void)
{
	struct op25b_policy p;
	char buf[256];

	EXPECT_INT(parse_text("dynamic 10.0.0.0/8#no space\n"
			      "relay 192.0.2.25 # 192.0.2.26\n"
			      "mode monitor#x\n", &p, errs, sizeof(errs)), 0);
	EXPECT_STR(set_text(&p, OP25B_SET_DYNAMIC, buf, sizeof(buf)),
		   "10.0.0.0/8");
	EXPECT_STR(set_text(&p, OP25B_SET_RELAY, buf, sizeof(buf)),
		   "192.0.2.25/32");
	EXPECT_INT(p.mode, OP25B_MODE_MONITOR);
	op25b_policy_free(&p);
}

static void config_crlf(void)
{
	struct op25b_policy p;
	char buf[256];

	EXPECT_INT(parse_text("mode off\r\n\r\n# c\r\nports 25,587\r\n"
			      "dynamic 10.0.0.0/8\r\nrelay 192.0.2.1\r",
			      &p, errs, sizeof(errs)), 0);
	EXPECT_STR(errs, "");
	EXPECT_INT(p.mode, OP25B_MODE_OFF);
	EXPECT_INT(p.nports, 2);
	EXPECT_STR(set_text(&p, OP25B_SET_RELAY, buf, sizeof(buf)),
		   "192.0.2.1/32");
	op25b_policy_free(&p);
}

/* Blank and comment lines count; so does a CRLF line. */
static void config_line_numbers(void)
{
	EXPECT_ERRORS("# one\n\nmode on\r\n\r\n  # five\nbogus 1\nports 0",
		      3,
		      "t.conf:3: on: unknown mode (expected off, monitor or enforce)\n"
		      "t.conf:6: bogus: unknown keyword (expected mode, action, ports, enforce-at, log, dynamic, static or relay)\n"
		      "t.conf:7: 0: port out of range (1-65535)\n");
}

static void config_every_error_reported(void)
{
	EXPECT_ERRORS("dynamic 10.9.9.9/24 1.2.3 10.0.0.0/8 ::/129\n"
		      "static 100.64.1.21/30\n",
		      4,
		      "t.conf:1: 10.9.9.9/24: host bits set (did you mean 10.9.9.0/24?)\n"
		      "t.conf:1: 1.2.3: not a valid IPv4 address\n"
		      "t.conf:1: ::/129: prefix length out of range (0-128 for IPv6)\n"
		      "t.conf:2: 100.64.1.21/30: host bits set (did you mean 100.64.1.20/30?)\n");
}

static void config_unknown_keyword(void)
{
	/* Keywords are lower case, like everything save prints. */
	EXPECT_ERRORS("Mode enforce\nallow 1.2.3.4\n", 2,
		      "t.conf:1: Mode: unknown keyword (expected mode, action, ports, enforce-at, log, dynamic, static or relay)\n"
		      "t.conf:2: allow: unknown keyword (expected mode, action, ports, enforce-at, log, dynamic, static or relay)\n");
}

static void config_keyword_without_values(void)
{
	EXPECT_ERRORS("mode\naction   # none\nports\ndynamic\nstatic \t\nrelay\n",
		      6,
		      "t.conf:1: mode: missing value (off, monitor or enforce)\n"
		      "t.conf:2: action: missing value (drop or reject)\n"
		      "t.conf:3: ports: missing value (one or more TCP ports)\n"
		      "t.conf:4: dynamic: missing value (one or more prefixes)\n"
		      "t.conf:5: static: missing value (one or more prefixes)\n"
		      "t.conf:6: relay: missing value (one or more prefixes)\n");
}

static void config_bad_mode_and_action(void)
{
	EXPECT_ERRORS("mode ENFORCE\nmode enforce monitor\naction accept\naction drop,reject\n",
		      4,
		      "t.conf:1: ENFORCE: unknown mode (expected off, monitor or enforce)\n"
		      "t.conf:2: mode: takes one value, got 2\n"
		      "t.conf:3: accept: unknown action (expected drop or reject)\n"
		      "t.conf:4: action: takes one value, got 2\n");
}

/* The last mode, action and ports win; prefixes add up. */
static void config_repeated_keywords(void)
{
	struct op25b_policy p;
	char buf[256];

	EXPECT_INT(parse_text("mode off\naction reject\nports 25 587\n"
			      "mode monitor\naction drop\nports 2525\n"
			      "dynamic 10.0.0.0/8\ndynamic 192.0.2.0/24\n",
			      &p, errs, sizeof(errs)), 0);
	EXPECT_INT(p.mode, OP25B_MODE_MONITOR);
	EXPECT_INT(p.action, OP25B_ACTION_DROP);
	EXPECT_INT(p.nports, 1);
	EXPECT_INT(p.ports[0], 2525);
	EXPECT_STR(set_text(&p, OP25B_SET_DYNAMIC, buf, sizeof(buf)),
		   "10.0.0.0/8 192.0.2.0/24");
	op25b_policy_free(&p);
}

/* Stored once, and sorted as the kernel dumps: IPv4 first, then by address. */
static void config_duplicates_stored_once(void)
{
	struct op25b_policy p;
	char buf[256];

	EXPECT_INT(parse_text("dynamic 2001:db8::/32 10.0.0.0/8 10.0.0.0/8\n"
			      "dynamic 10.0.0.0/16 10.0.0.0/8 9.0.0.0/8\n"
			      "dynamic 2001:db8:0::/32\n"
			      "static 10.0.0.0/8\n",
			      &p, errs, sizeof(errs)), 0);
	EXPECT_STR(set_text(&p, OP25B_SET_DYNAMIC, buf, sizeof(buf)),
		   "9.0.0.0/8 10.0.0.0/8 10.0.0.0/16 2001:db8::/32");
	/* The same prefix in another set is another entry. */
	EXPECT_STR(set_text(&p, OP25B_SET_STATIC, buf, sizeof(buf)),
		   "10.0.0.0/8");
	op25b_policy_free(&p);
}

/* Overlapping and nested prefixes are kept as written. */
static void config_nested_prefixes_kept(void)
{
	struct op25b_policy p;
	char buf[256];

	EXPECT_INT(parse_text("dynamic 0.0.0.0/0 100.64.0.0/10 100.64.1.0/24 100.64.1.1 ::/0\n",
			      &p, errs, sizeof(errs)), 0);
	EXPECT_STR(set_text(&p, OP25B_SET_DYNAMIC, buf, sizeof(buf)),
		   "0.0.0.0/0 100.64.0.0/10 100.64.1.0/24 100.64.1.1/32 ::/0");
	op25b_policy_free(&p);
}

static void config_mixed_families_one_line(void)
{
	struct op25b_policy p;
	char buf[256];

	EXPECT_INT(parse_text("relay 2001:db8::25, 192.0.2.25 ::ffff:192.0.2.25\n",
			      &p, errs, sizeof(errs)), 0);
	EXPECT_STR(set_text(&p, OP25B_SET_RELAY, buf, sizeof(buf)),
		   "192.0.2.25/32 ::ffff:192.0.2.25/128 2001:db8::25/128");
	op25b_policy_free(&p);
}

static void config_ports_separators(void)
{
	static const char *const forms[] = {
		"ports 25,587\n", "ports 25 587\n", "ports 25, 587\n",
		"ports 25 ,587\n", "ports\t25 ,\t587\n",
	};
	struct op25b_policy p;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(forms); i++) {
		EXPECT_INT(parse_text(forms[i], &p, errs, sizeof(errs)), 0);
		EXPECT_INT(p.nports, 2);
		EXPECT_INT(p.ports[0], 25);
		EXPECT_INT(p.ports[1], 587);
	}
}

static void config_ports_refused(void)
{
	EXPECT_ERRORS("ports 0\nports 65536\nports 65535\nports smtp\nports -25\n"
		      "ports 25,,587\nports ,25\nports 25,\nports 99999999999999999999\n",
		      8,
		      "t.conf:1: 0: port out of range (1-65535)\n"
		      "t.conf:2: 65536: port out of range (1-65535)\n"
		      "t.conf:4: smtp: not a port number (1-65535)\n"
		      "t.conf:5: -25: not a port number (1-65535)\n"
		      "t.conf:6: ports: stray ',' (separate values with spaces or one comma)\n"
		      "t.conf:7: ports: stray ',' (separate values with spaces or one comma)\n"
		      "t.conf:8: ports: stray ',' (separate values with spaces or one comma)\n"
		      "t.conf:9: 99999999999999999999: port out of range (1-65535)\n");
}

static void config_ports_duplicates(void)
{
	EXPECT_ERRORS("ports 25 587 25\n", 1, "t.conf:1: 25: port listed twice\n");
}

static void config_ports_at_most_16(void)
{
	struct op25b_policy p;

	EXPECT_INT(parse_text("ports 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n",
			      &p, errs, sizeof(errs)), 0);
	EXPECT_INT(p.nports, 16);
	EXPECT_INT(p.ports[15], 16);
	EXPECT_ERRORS("ports 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n", 1,
		      "t.conf:1: ports: 17 ports listed, at most 16 allowed\n");
}

/* A bad ports line leaves the ports as they were. */
static void config_bad_ports_keep_previous(void)
{
	struct op25b_policy p;

	EXPECT_INT(parse_text("ports 587\nports 2525 0\n", &p, NULL, 0), 1);
	EXPECT_INT(p.nports, 1);
	EXPECT_INT(p.ports[0], 587);
	op25b_policy_free(&p);
}

static void config_nul_byte(void)
{
	static const char text[] = "mode off\ndynamic 10.0.0.0/8\0 1.2.3.4\nmode x\n";
	struct op25b_policy p;
	char buf[64];

	EXPECT_INT(parse_text_len(text, sizeof(text) - 1, &p, errs,
				  sizeof(errs)), 2);
	EXPECT_STR(errs, "t.conf:2: line contains a NUL byte\n"
		   "t.conf:3: x: unknown mode (expected off, monitor or enforce)\n");
	/* Nothing of the line with the NUL got in. */
	EXPECT_STR(set_text(&p, OP25B_SET_DYNAMIC, buf, sizeof(buf)), "");
	op25b_policy_free(&p);
}

/* A line one byte too long is refused, not cut; its neighbours are read. */
static void config_overlong_line(void)
{
	size_t n = OP25B_CONFIG_LINE_MAX + 1;
	char *text = malloc(n + 64);
	struct op25b_policy p;
	unsigned long e;

	if (!text)
		FAIL("out of memory");
	strcpy(text, "mode off\n");
	memset(text + 9, ' ', n);
	memcpy(text + 9, "dynamic", 7);
	strcpy(text + 9 + n, "\nmode monitor\n");
	e = parse_text(text, &p, errs, sizeof(errs));
	free(text);
	op25b_policy_free(&p);
	EXPECT_STR(errs, "t.conf:2: line longer than 4096 bytes\n");
	EXPECT_INT(e, 1);
	EXPECT_INT(p.mode, OP25B_MODE_MONITOR);
}

/* Exactly the limit is fine, with or without a CR before the LF. */
static void config_longest_line(void)
{
	size_t n = OP25B_CONFIG_LINE_MAX;
	char *text = malloc(2 * n + 64);
	struct op25b_policy p;
	unsigned long e;

	if (!text)
		FAIL("out of memory");
	memset(text, ' ', n);
	memcpy(text, "mode off", 8);
	strcpy(text + n, "\r\n");
	memset(text + n + 2, ' ', n);
	memcpy(text + n + 2, "mode monitor", 12);
	strcpy(text + 2 * n + 2, "\n");
	e = parse_text(text, &p, errs, sizeof(errs));
	free(text);
	op25b_policy_free(&p);
	EXPECT_STR(errs, "");
	EXPECT_INT(e, 0);
	EXPECT_INT(p.mode, OP25B_MODE_MONITOR);
}

/* A "\r" right after the limit does not make a longer line fit. */
static void config_overlong_line_cr_at_limit(void)
{
	size_t n = OP25B_CONFIG_LINE_MAX;
	char *text = malloc(n + 64);
	struct op25b_policy p;

	if (!text)
		FAIL("out of memory");
	memset(text, ' ', n);
	memcpy(text, "mode off", 8);
	strcpy(text + n, "\rmore\n");
	parse_text(text, &p, errs, sizeof(errs));
	free(text);
	op25b_policy_free(&p);
	EXPECT_STR(errs, "t.conf:1: line longer than 4096 bytes\n");
}

/* A line far past the limit must not count as many lines. */
static void config_huge_line_is_one_line(void)
{
	size_t n = 1 << 20;
	char *text = malloc(n + 32);
	struct op25b_policy p;

	if (!text)
		FAIL("out of memory");
	memset(text, 'x', n);
	strcpy(text + n, "\nmode\n");
	parse_text(text, &p, errs, sizeof(errs));
	free(text);
	op25b_policy_free(&p);
	EXPECT_STR(errs, "t.conf:1: line longer than 4096 bytes\n"
		   "t.conf:2: mode: missing value (off, monitor or enforce)\n");
}

/*
 * The file is read ahead in blocks: lines that straddle a block's end are
 * read whole, CRLF or not, and a NUL byte that opens a block is still
 * seen, at its own line.
 */
static void config_lines_across_blocks(void)
{
	size_t cap = 1 << 20, n = 0, at;
	char *text = malloc(cap), buf[64];
	unsigned long e, nul_line = 0, line;
	struct op25b_policy p;
	unsigned int i;

	if (!text)
		FAIL("out of memory");
	for (i = 0, line = 1; i < 12000; i++, line++) {
		at = n;
		n += snprintf(text + n, cap - n, "dynamic%*s 10.%u.%u.0/24%s\n",
			      (int)(1 + i % 29), "", i / 256 % 256, i % 256,
			      i % 3 ? "" : "\r");
		/* Every block is 32 KiB; put a NUL at the start of the third. */
		if (!nul_line && n > 65536 + 8 && at < 65536) {
			if (text[65536] == '\n' || text[65536] == '\r')
				FAIL("the test's NUL would end a line");
			text[65536] = '\0';
			nul_line = line;
		}
	}
	if (!nul_line)
		FAIL("the test put no NUL at the block boundary");
	e = parse_text_len(text, n, &p, errs, sizeof(errs));
	free(text);
	snprintf(buf, sizeof(buf), "t.conf:%lu: line contains a NUL byte\n",
		 nul_line);
	EXPECT_STR(errs, buf);
	EXPECT_INT(e, 1);
	EXPECT_INT(p.sets[OP25B_SET_DYNAMIC].len, 12000 - 1);
	op25b_policy_free(&p);
}

/* A file that cannot be read is an error, at the line being read. */
static void config_read_error(void)
{
	struct op25b_policy p;
	char *buf = NULL;
	size_t len = 0;
	FILE *in, *ef;
	unsigned long n;

	/* glibc opens a directory for reading; reading it fails. */
	in = fopen("/", "r");
	ef = open_memstream(&buf, &len);
	if (!in || !ef)
		FAIL("cannot set up the test");
	op25b_policy_init(&p);
	n = op25b_config_read(in, "/", &p, ef);
	fclose(in);
	fclose(ef);
	snprintf(errs, sizeof(errs), "%s", buf);
	free(buf);
	op25b_policy_free(&p);
	EXPECT_INT(n, 1);
	EXPECT_STR(errs, "/:1: read error: Is a directory\n");
}

static void config_control_bytes_echoed_safely(void)
{
	EXPECT_ERRORS("mode \x1b[2J\n", 1,
		      "t.conf:1: \\x1b[2J: unknown mode (expected off, monitor or enforce)\n");
}

static void config_parse_prefixes_from_list(void)
{
	struct op25b_prefix_list l = { 0 };
	char list[] = "10.0.0.0/8, 2001:db8::/32 bogus";
	struct capture c;

	capture_init(&c);
	EXPECT_INT(op25b_config_parse_prefixes(list, OP25B_SET_STATIC, &l,
					       &c.d), -EINVAL);
	EXPECT_STR(c.text, "bogus: not a valid IPv4 address\n");
	EXPECT_INT(l.len, 2);
	op25b_prefix_list_free(&l);
}

static void write_policy(FILE *f, const struct op25b_policy *p)
{
	EXPECT_INT(op25b_config_write(f, p), 0);
}

static void config_write_format(void)
{
	struct op25b_policy p;

	EXPECT_INT(parse_text("relay 203.0.113.25\nports 25, 2525\n"
			      "dynamic 2001:db8:100::/48 100.64.0.0/10\n"
			      "static 100.64.1.20/30\nmode monitor\n",
			      &p, errs, sizeof(errs)), 0);
	EXPECT_OUTPUT("mode monitor\n"
		      "action drop\n"
		      "ports 25,2525\n"
		      "dynamic 100.64.0.0/10\n"
		      "dynamic 2001:db8:100::/48\n"
		      "static 100.64.1.20/30\n"
		      "relay 203.0.113.25/32\n",
		      write_policy(f, &p));
	op25b_policy_free(&p);
}

static void write_bad(FILE *f, const struct op25b_policy *p, int want)
{
	EXPECT_INT(op25b_config_write(f, p), want);
}

/* What no file can say is refused whole, not written half. */
static void config_write_refuses_unknown_values(void)
{
	struct op25b_policy p;

	op25b_policy_init(&p);
	p.mode = OP25B_MODE_MAX + 1;
	EXPECT_OUTPUT("", write_bad(f, &p, -EINVAL));
	op25b_policy_init(&p);
	p.action = OP25B_ACTION_MAX + 1;
	EXPECT_OUTPUT("", write_bad(f, &p, -EINVAL));
	op25b_policy_init(&p);
	p.nports = 0;
	EXPECT_OUTPUT("", write_bad(f, &p, -EINVAL));
}

/* Formats p, parses that again, and compares. */
static void round_trip(const char *text)
{
	struct op25b_policy p, q;
	char *buf = NULL;
	size_t len = 0;
	bool same;
	FILE *f;

	if (parse_text(text, &p, errs, sizeof(errs)))
		FAIL("parse failed: %s", errs);
	f = open_memstream(&buf, &len);
	if (!f)
		FAIL("open_memstream failed");
	op25b_config_write(f, &p);
	fclose(f);
	parse_text_len(buf, len, &q, errs, sizeof(errs));
	same = op25b_policy_equal(&p, &q);
	op25b_policy_free(&p);
	op25b_policy_free(&q);
	free(buf);
	EXPECT_STR(errs, "");
	EXPECT(same);
}

static void config_round_trip(void)
{
	round_trip("");
	round_trip("mode off\naction reject\nports 1,65535,25\n");
	round_trip("dynamic 100.64.0.0/10 2001:db8:100::/48 0.0.0.0/0 ::/0\n"
		   "static 100.64.1.20/30 ::ffff:1.2.3.4\n"
		   "relay 203.0.113.25 2001:db8:cafe::25 203.0.113.25\n");
}

/* Many prefixes, every length of both families: the same after a trip. */
static void config_round_trip_large(void)
{
	size_t cap = 1 << 20, n = 0;
	char *text = malloc(cap);
	unsigned int i;

	if (!text)
		FAIL("out of memory");
	for (i = 0; i < 20000; i++)
		n += snprintf(text + n, cap - n,
			      "%s %u.%u.%u.0/24 2001:db8:%x::/48\n",
			      op25b_set_name(i % 3), 10 + i % 200, i / 256 % 256,
			      i % 256, i);
	for (i = 0; i <= 32; i++)
		n += snprintf(text + n, cap - n, "relay 0.0.0.0/%u\n", i);
	for (i = 0; i <= 128; i++)
		n += snprintf(text + n, cap - n, "relay ::/%u\n", i);
	round_trip(text);
	free(text);
}

const struct unit_case config_cases[] = {
	UNIT_CASE(config_full_example),
	UNIT_CASE(config_defaults_for_absent_keys),
	UNIT_CASE(config_empty_file),
	UNIT_CASE(config_only_comments),
	UNIT_CASE(config_comment_after_values),
	UNIT_CASE(config_crlf),
	UNIT_CASE(config_line_numbers),
	UNIT_CASE(config_every_error_reported),
	UNIT_CASE(config_unknown_keyword),
	UNIT_CASE(config_keyword_without_values),
	UNIT_CASE(config_bad_mode_and_action),
	UNIT_CASE(config_repeated_keywords),
	UNIT_CASE(config_duplicates_stored_once),
	UNIT_CASE(config_nested_prefixes_kept),
	UNIT_CASE(config_mixed_families_one_line),
	UNIT_CASE(config_ports_separators),
	UNIT_CASE(config_ports_refused),
	UNIT_CASE(config_ports_duplicates),
	UNIT_CASE(config_ports_at_most_16),
	UNIT_CASE(config_bad_ports_keep_previous),
	UNIT_CASE(config_nul_byte),
	UNIT_CASE(config_overlong_line),
	UNIT_CASE(config_longest_line),
	UNIT_CASE(config_overlong_line_cr_at_limit),
	UNIT_CASE(config_huge_line_is_one_line),
	UNIT_CASE(config_lines_across_blocks),
	UNIT_CASE(config_read_error),
	UNIT_CASE(config_control_bytes_echoed_safely),
	UNIT_CASE(config_parse_prefixes_from_list),
	UNIT_CASE(config_write_format),
	UNIT_CASE(config_write_refuses_unknown_values),
	UNIT_CASE(config_round_trip),
	UNIT_CASE(config_round_trip_large),
	UNIT_END
};
