// SPDX-License-Identifier: GPL-2.0
/*
 * Prefixes as the policy file and the command line spell them: every
 * address form inet_pton() takes or refuses, lengths, host bits, and the
 * way they print and sort.
 */
#include <arpa/inet.h>
#include <sys/socket.h>

#include "harness.h"
#include "policy.h"
#include "prefix.h"
#include "util.h"

/* Parses s; on success formats it back into out. Returns the result. */
static int parse(const char *s, char *out, struct capture *c)
{
	struct op25b_prefix p;
	int ret;

	capture_init(c);
	out[0] = '\0';
	ret = op25b_prefix_parse(s, &p, &c->d);
	if (!ret)
		op25b_prefix_format(&p, out);
	return ret;
}

#define EXPECT_PREFIX(in, want)						\
	do {								\
		char out_[OP25B_PREFIX_STRLEN];				\
		struct capture c_;					\
		if (parse(in, out_, &c_))				\
			FAIL("%s refused: %s", in, c_.text);		\
		EXPECT_STR(out_, want);					\
		EXPECT_INT(c_.d.errors, 0);				\
	} while (0)

#define EXPECT_REFUSED(in, msg)						\
	do {								\
		char out_[OP25B_PREFIX_STRLEN];				\
		struct capture c_;					\
		EXPECT_INT(parse(in, out_, &c_), -1);			\
		EXPECT_INT(c_.d.errors, 1);				\
		EXPECT_STR(c_.text, msg "\n");				\
	} while (0)

static void prefix_ipv4_forms(void)
{
	EXPECT_PREFIX("192.0.2.0/24", "192.0.2.0/24");
	EXPECT_PREFIX("203.0.113.25", "203.0.113.25/32");
	EXPECT_PREFIX("0.0.0.0/0", "0.0.0.0/0");
	EXPECT_PREFIX("255.255.255.255/32", "255.255.255.255/32");
	EXPECT_PREFIX("100.64.0.0/10", "100.64.0.0/10");
	/* Leading zeros in the length are decimal, not octal. */
	EXPECT_PREFIX("10.0.0.0/08", "10.0.0.0/8");
}

static void prefix_ipv4_refused(void)
{
	EXPECT_REFUSED("1.2.3", "1.2.3: not a valid IPv4 address");
	EXPECT_REFUSED("1.2.3.4.5", "1.2.3.4.5: not a valid IPv4 address");
	/* glibc's inet_pton() takes no leading zeros (octal in inet_aton). */
	EXPECT_REFUSED("01.2.3.4", "01.2.3.4: not a valid IPv4 address");
	EXPECT_REFUSED("256.1.1.1", "256.1.1.1: not a valid IPv4 address");
	EXPECT_REFUSED("0x1.2.3.4", "0x1.2.3.4: not a valid IPv4 address");
	EXPECT_REFUSED("1..3.4", "1..3.4: not a valid IPv4 address");
	EXPECT_REFUSED("", ": not a valid IPv4 address");
	EXPECT_REFUSED("/24", "/24: not a valid IPv4 address");
	EXPECT_REFUSED("smtp.example", "smtp.example: not a valid IPv4 address");
}

static void prefix_ipv6_forms(void)
{
	EXPECT_PREFIX("::", "::/128");
	EXPECT_PREFIX("::/0", "::/0");
	EXPECT_PREFIX("::1", "::1/128");
	EXPECT_PREFIX("1::", "1::/128");
	EXPECT_PREFIX("2001:db8::1", "2001:db8::1/128");
	EXPECT_PREFIX("2001:DB8:0:0::/32", "2001:db8::/32");
	EXPECT_PREFIX("2001:db8:100::/48", "2001:db8:100::/48");
	EXPECT_PREFIX("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8/128");
	EXPECT_PREFIX("0001::1", "1::1/128");
}

/* An IPv4-mapped address is an IPv6 prefix, exactly as written. */
static void prefix_ipv4_mapped_is_ipv6(void)
{
	struct op25b_prefix p = pfx("::ffff:1.2.3.4");

	EXPECT_INT(p.family, AF_INET6);
	EXPECT_INT(p.len, 128);
	EXPECT_PREFIX("::ffff:1.2.3.4", "::ffff:1.2.3.4/128");
	EXPECT_PREFIX("::ffff:0.0.0.0/96", "::ffff:0.0.0.0/96");
}

static void prefix_ipv6_refused(void)
{
	EXPECT_REFUSED("1:2:3:4:5:6:7:8:9",
		       "1:2:3:4:5:6:7:8:9: not a valid IPv6 address");
	EXPECT_REFUSED(":::", ":::: not a valid IPv6 address");
	EXPECT_REFUSED("1::2::3", "1::2::3: not a valid IPv6 address");
	EXPECT_REFUSED("g::1", "g::1: not a valid IPv6 address");
	EXPECT_REFUSED("00000::1", "00000::1: not a valid IPv6 address");
	EXPECT_REFUSED("::ffff:01.2.3.4",
		       "::ffff:01.2.3.4: not a valid IPv6 address");
}

static void prefix_zone_id_refused(void)
{
	EXPECT_REFUSED("fe80::1%eth0", "fe80::1%eth0: zone ids are not allowed");
	EXPECT_REFUSED("fe80::%2/64", "fe80::%2/64: zone ids are not allowed");
}

static void prefix_length_out_of_range(void)
{
	EXPECT_REFUSED("10.0.0.0/33",
		       "10.0.0.0/33: prefix length out of range (0-32 for IPv4)");
	EXPECT_REFUSED("2001:db8::/129",
		       "2001:db8::/129: prefix length out of range (0-128 for IPv6)");
	EXPECT_REFUSED("10.0.0.0/99999999999999999999999",
		       "10.0.0.0/99999999999999999999999: prefix length out of range (0-32 for IPv4)");
}

static void prefix_length_not_a_number(void)
{
	EXPECT_REFUSED("10.0.0.0/-1",
		       "10.0.0.0/-1: prefix length is not a number (0-32 for IPv4)");
	EXPECT_REFUSED("10.0.0.0/abc",
		       "10.0.0.0/abc: prefix length is not a number (0-32 for IPv4)");
	EXPECT_REFUSED("10.0.0.0/+8",
		       "10.0.0.0/+8: prefix length is not a number (0-32 for IPv4)");
	EXPECT_REFUSED("10.0.0.0/8/8",
		       "10.0.0.0/8/8: prefix length is not a number (0-32 for IPv4)");
	EXPECT_REFUSED("::/ 8", "::/ 8: prefix length is not a number (0-128 for IPv6)");
	EXPECT_REFUSED("10.0.0.0/", "10.0.0.0/: prefix length missing after '/'");
}

static void prefix_host_bits(void)
{
	EXPECT_REFUSED("10.9.9.9/24",
		       "10.9.9.9/24: host bits set (did you mean 10.9.9.0/24?)");
	EXPECT_REFUSED("100.64.1.21/30",
		       "100.64.1.21/30: host bits set (did you mean 100.64.1.20/30?)");
	EXPECT_REFUSED("1.2.3.4/0",
		       "1.2.3.4/0: host bits set (did you mean 0.0.0.0/0?)");
	EXPECT_REFUSED("10.255.0.0/9",
		       "10.255.0.0/9: host bits set (did you mean 10.128.0.0/9?)");
	EXPECT_REFUSED("2001:db8::1/64",
		       "2001:db8::1/64: host bits set (did you mean 2001:db8::/64?)");
	EXPECT_REFUSED("2001:db8:ffff::/33",
		       "2001:db8:ffff::/33: host bits set (did you mean 2001:db8:8000::/33?)");
}

/* Every length of both families, with and without a host bit. */
static void prefix_every_length(void)
{
	struct op25b_prefix p, q;
	unsigned int len;
	struct capture c;
	char s[64];

	for (len = 0; len <= 32; len++) {
		snprintf(s, sizeof(s), "128.0.0.0/%u", len);
		capture_init(&c);
		EXPECT_INT(op25b_prefix_parse(s, &p, &c.d), len ? 0 : -1);
		snprintf(s, sizeof(s), "0.0.0.0/%u", len);
		EXPECT_INT(op25b_prefix_parse(s, &q, &c.d), 0);
		EXPECT(op25b_prefix_valid(&q));
	}
	for (len = 0; len <= 128; len++) {
		snprintf(s, sizeof(s), "::1/%u", len);
		capture_init(&c);
		EXPECT_INT(op25b_prefix_parse(s, &p, &c.d), len == 128 ? 0 : -1);
	}
}

/* Bad input is echoed, but never as raw control bytes or at length. */
static void prefix_echo_is_safe(void)
{
	char long_input[300], want[200];

	EXPECT_REFUSED("1.2.3.\x1b[31m", "1.2.3.\\x1b[31m: not a valid IPv4 address");
	memset(long_input, '9', sizeof(long_input) - 1);
	long_input[sizeof(long_input) - 1] = '\0';
	memset(want, '9', OP25B_DIAG_ECHO_MAX);
	strcpy(want + OP25B_DIAG_ECHO_MAX, "...: not a valid IPv4 address\n");
	{
		char out[OP25B_PREFIX_STRLEN];
		struct capture c;

		EXPECT_INT(parse(long_input, out, &c), -1);
		EXPECT_STR(c.text, want);
	}
}

static void addr_parse_bare_only(void)
{
	struct op25b_prefix p;
	struct capture c;

	capture_init(&c);
	EXPECT_INT(op25b_addr_parse("198.51.100.1", &p, &c.d), 0);
	EXPECT_INT(p.len, 32);
	EXPECT_INT(op25b_addr_parse("2001:db8::25", &p, &c.d), 0);
	EXPECT_INT(p.len, 128);
	EXPECT_INT(op25b_addr_parse("10.0.0.0/8", &p, &c.d), -1);
	EXPECT_INT(op25b_addr_parse("10.0.0.1/32", &p, &c.d), -1);
	EXPECT_INT(op25b_addr_parse("fe80::1%lo", &p, &c.d), -1);
	EXPECT_STR(c.text, "10.0.0.0/8: expected an address, not a prefix\n"
		   "10.0.0.1/32: expected an address, not a prefix\n"
		   "fe80::1%lo: zone ids are not allowed\n");
}

static void prefix_valid_checks(void)
{
	struct op25b_prefix p = pfx("10.0.0.0/8");

	EXPECT(op25b_prefix_valid(&p));
	p.addr[3] = 1;
	EXPECT(!op25b_prefix_valid(&p));
	p = pfx("10.0.0.0/8");
	p.addr[4] = 1;		/* beyond an IPv4 address */
	EXPECT(!op25b_prefix_valid(&p));
	p = pfx("10.0.0.0/8");
	p.len = 33;
	EXPECT(!op25b_prefix_valid(&p));
	p.family = 0;
	p.len = 0;
	EXPECT(!op25b_prefix_valid(&p));
}

static void prefix_sort_order(void)
{
	struct op25b_prefix a = pfx("10.0.0.0/8"), b = pfx("10.0.0.0/16");
	struct op25b_prefix c = pfx("9.0.0.0/8"), d = pfx("::/0");
	struct op25b_prefix e = pfx("255.255.255.255");

	EXPECT(op25b_prefix_cmp(&a, &b) < 0);
	EXPECT(op25b_prefix_cmp(&c, &a) < 0);
	EXPECT(op25b_prefix_cmp(&e, &d) < 0);
	EXPECT(op25b_prefix_cmp(&a, &a) == 0);
	EXPECT(op25b_prefix_cmp(&d, &e) > 0);
}

static void prefix_format_without_length(void)
{
	struct op25b_prefix p = pfx("2001:db8::25");
	char buf[OP25B_PREFIX_STRLEN];

	EXPECT_STR(op25b_addr_format(&p, buf), "2001:db8::25");
	EXPECT_STR(op25b_prefix_format(&p, buf), "2001:db8::25/128");
	p = pfx("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255");
	EXPECT_STR(op25b_prefix_format(&p, buf),
		   "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128");
}

/*
 * Dotted quads are parsed without inet_pton() on the common path: it must
 * take and refuse exactly what inet_pton() does. Random strings of digits
 * and dots (and the odd other byte), short enough to be near misses.
 */
static unsigned int next_rand(unsigned long *seed, unsigned int bound)
{
	*seed = *seed * 6364136223846793005UL + 1442695040888963407UL;
	return (*seed >> 33) % bound;
}

static void prefix_ipv4_same_as_inet_pton(void)
{
	unsigned long seed = 25, accepted = 0, tries;
	unsigned int groups, g, len, k;
	struct op25b_prefix p;
	unsigned char want[4];
	struct capture c;
	char s[40];
	int ours, libc;
	size_t n;

	for (tries = 0; tries < 300000; tries++) {
		/* Mostly four groups of one to three digits, then a mutation. */
		groups = next_rand(&seed, 8) ? 4 : 3 + 2 * next_rand(&seed, 2);
		for (n = 0, g = 0; g < groups; g++) {
			if (g)
				s[n++] = '.';
			len = next_rand(&seed, 8) ? 1 + next_rand(&seed, 3)
						  : next_rand(&seed, 5);
			for (k = 0; k < len; k++)
				s[n++] = '0' + next_rand(&seed, k ? 10 : 3);
		}
		if (!next_rand(&seed, 6) && n)
			s[next_rand(&seed, n)] = " x/-+"[next_rand(&seed, 5)];
		s[n] = '\0';
		capture_init(&c);
		ours = op25b_addr_parse(s, &p, &c.d) == 0;
		libc = inet_pton(AF_INET, s, want) == 1;
		if (ours != libc && !strchr(s, '/'))
			FAIL("\"%s\": op25b %s it, inet_pton() %s it", s,
			     ours ? "takes" : "refuses",
			     libc ? "takes" : "refuses");
		if (ours && (p.family != AF_INET || memcmp(p.addr, want, 4)))
			FAIL("\"%s\": parsed to another address", s);
		accepted += ours;
	}
	/* Enough of both kinds for the comparison to mean something. */
	EXPECT(accepted > tries / 10);
	EXPECT(accepted < tries * 9 / 10);
}

/*
 * op25b_prefix_list_order() is a radix sort by family, address and length:
 * it must agree with op25b_prefix_cmp() on random mixed lists, with
 * repeats kept in the order they came (the extra array tells), and with
 * bytes that vary anywhere in the address.
 */
static void prefix_list_order_random(void)
{
	static const uint8_t families[] = { AF_INET6, AF_INET, AF_INET6 };
	struct op25b_prefix_list l = { 0 };
	unsigned long seed = 587;
	struct op25b_prefix p;
	uint32_t *extra;
	size_t i, n = 30000;
	unsigned int b;
	int cmp;

	extra = malloc(n * sizeof(*extra));
	if (!extra)
		FAIL("out of memory");
	for (i = 0; i < n; i++) {
		memset(&p, 0, sizeof(p));
		p.family = families[next_rand(&seed, 3)];
		/* Few distinct values per byte: many repeats, and ties. */
		for (b = 0; b < op25b_prefix_addrlen(p.family); b++)
			p.addr[b] = next_rand(&seed, 4) ? 0 :
				    next_rand(&seed, 256);
		p.len = next_rand(&seed, op25b_prefix_maxlen(p.family) + 1);
		extra[i] = i;
		if (op25b_prefix_list_add(&l, &p)) {
			free(extra);
			FAIL("out of memory");
		}
	}
	if (op25b_prefix_list_order(&l, extra)) {
		free(extra);
		op25b_prefix_list_free(&l);
		FAIL("out of memory");
	}
	for (i = 1; i < n; i++) {
		cmp = op25b_prefix_cmp(&l.v[i - 1], &l.v[i]);
		if (cmp > 0 || (!cmp && extra[i - 1] > extra[i]))
			break;
	}
	free(extra);
	op25b_prefix_list_free(&l);
	EXPECT_INT(i, n);
}

const struct unit_case prefix_cases[] = {
	UNIT_CASE(prefix_ipv4_forms),
	UNIT_CASE(prefix_ipv4_refused),
	UNIT_CASE(prefix_ipv4_same_as_inet_pton),
	UNIT_CASE(prefix_ipv6_forms),
	UNIT_CASE(prefix_ipv4_mapped_is_ipv6),
	UNIT_CASE(prefix_ipv6_refused),
	UNIT_CASE(prefix_zone_id_refused),
	UNIT_CASE(prefix_length_out_of_range),
	UNIT_CASE(prefix_length_not_a_number),
	UNIT_CASE(prefix_host_bits),
	UNIT_CASE(prefix_every_length),
	UNIT_CASE(prefix_echo_is_safe),
	UNIT_CASE(addr_parse_bare_only),
	UNIT_CASE(prefix_valid_checks),
	UNIT_CASE(prefix_sort_order),
	UNIT_CASE(prefix_list_order_random),
	UNIT_CASE(prefix_format_without_length),
	UNIT_END
};
