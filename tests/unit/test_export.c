// SPDX-License-Identifier: GPL-2.0
/*
 * export's arithmetic: dynamic minus static as the fewest prefixes, on the
 * cases that break naive code (nesting, overlap, adjacency, /0, /32, /128,
 * the last address), against a bit-by-bit twin on random small policies,
 * and the three output formats byte for byte.
 */
#include <sys/socket.h>

#include "harness.h"
#include "op25bctl.h"
#include "ranges.h"
#include "util.h"

/* The export of "dynamic" minus "static" (space-separated) for family. */
static const char *export_of(const char *dynamic, const char *statics,
			     uint8_t family)
{
	static char out[4096];
	struct op25b_prefix_list l = { 0 };
	char text[2048], buf[OP25B_PREFIX_STRLEN];
	struct op25b_policy p;
	size_t i, n = 0;

	/* A keyword needs a value: no static line for an empty static set. */
	snprintf(text, sizeof(text), "dynamic %s\n%s%s\n", dynamic,
		 statics[0] ? "static " : "", statics);
	if (parse_text(text, &p, NULL, 0))
		abort();
	if (op25bctl_export_compute(&p, family, &l))
		abort();
	out[0] = '\0';
	for (i = 0; i < l.len; i++)
		n += snprintf(out + n, sizeof(out) - n, "%s%s", i ? " " : "",
			      op25b_prefix_format(&l.v[i], buf));
	op25b_prefix_list_free(&l);
	op25b_policy_free(&p);
	return out;
}

#define V4 AF_INET
#define V6 AF_INET6

static void export_static_inside_dynamic(void)
{
	EXPECT_STR(export_of("10.0.0.0/8", "10.1.2.3", V4),
		   "10.0.0.0/16 10.1.0.0/23 10.1.2.0/31 10.1.2.2/32 "
		   "10.1.2.4/30 10.1.2.8/29 10.1.2.16/28 10.1.2.32/27 "
		   "10.1.2.64/26 10.1.2.128/25 10.1.3.0/24 10.1.4.0/22 "
		   "10.1.8.0/21 10.1.16.0/20 10.1.32.0/19 10.1.64.0/18 "
		   "10.1.128.0/17 10.2.0.0/15 10.4.0.0/14 10.8.0.0/13 "
		   "10.16.0.0/12 10.32.0.0/11 10.64.0.0/10 10.128.0.0/9");
	/* A static prefix half the size of its dynamic one: one half left. */
	EXPECT_STR(export_of("10.0.0.0/8", "10.128.0.0/9", V4), "10.0.0.0/9");
}

static void export_static_covers_dynamic(void)
{
	EXPECT_STR(export_of("10.1.0.0/16", "10.0.0.0/8", V4), "");
	EXPECT_STR(export_of("10.1.0.0/16", "10.1.0.0/16", V4), "");
	EXPECT_STR(export_of("2001:db8::/64", "::/0", V6), "");
}

static void export_overlapping_dynamic(void)
{
	EXPECT_STR(export_of("10.0.0.0/8 10.1.0.0/16 10.0.0.0/9", "", V4),
		   "10.0.0.0/8");
	EXPECT_STR(export_of("192.0.2.0/24 192.0.2.128/25 192.0.2.7", "",
			     V4), "192.0.2.0/24");
}

static void export_adjacent_merge(void)
{
	EXPECT_STR(export_of("10.0.0.0/9 10.128.0.0/9", "", V4), "10.0.0.0/8");
	EXPECT_STR(export_of("10.0.0.0/24 10.0.1.0/24 10.0.2.0/24 10.0.3.0/24",
			     "", V4), "10.0.0.0/22");
	/* Adjacent but not aligned together: two prefixes stay. */
	EXPECT_STR(export_of("10.0.1.0/24 10.0.2.0/24", "", V4),
		   "10.0.1.0/24 10.0.2.0/24");
	/* Three quarters merge into a half and a quarter. */
	EXPECT_STR(export_of("10.0.0.0/10 10.64.0.0/10 10.128.0.0/10", "", V4),
		   "10.0.0.0/9 10.128.0.0/10");
}

static void export_whole_space(void)
{
	EXPECT_STR(export_of("0.0.0.0/0", "", V4), "0.0.0.0/0");
	EXPECT_STR(export_of("0.0.0.0/1 128.0.0.0/1", "", V4), "0.0.0.0/0");
	EXPECT_STR(export_of("::/0", "", V6), "::/0");
	EXPECT_STR(export_of("::/1 8000::/1", "", V6), "::/0");
	EXPECT_STR(export_of("0.0.0.0/0", "0.0.0.0/1", V4), "128.0.0.0/1");
}

static void export_edges_of_the_space(void)
{
	EXPECT_STR(export_of("0.0.0.0/0", "0.0.0.0", V4),
		   export_of("0.0.0.1/32 0.0.0.2/31 0.0.0.4/30 0.0.0.8/29 "
			     "0.0.0.16/28 0.0.0.32/27 0.0.0.64/26 "
			     "0.0.0.128/25 0.0.1.0/24 0.0.2.0/23 0.0.4.0/22 "
			     "0.0.8.0/21 0.0.16.0/20 0.0.32.0/19 "
			     "0.0.64.0/18 0.0.128.0/17 0.1.0.0/16 "
			     "0.2.0.0/15 0.4.0.0/14 0.8.0.0/13 0.16.0.0/12 "
			     "0.32.0.0/11 0.64.0.0/10 0.128.0.0/9 1.0.0.0/8 "
			     "2.0.0.0/7 4.0.0.0/6 8.0.0.0/5 16.0.0.0/4 "
			     "32.0.0.0/3 64.0.0.0/2 128.0.0.0/1", "", V4));
	EXPECT_STR(export_of("255.255.255.254/31", "255.255.255.255", V4),
		   "255.255.255.254/32");
	EXPECT_STR(export_of("255.255.255.255", "", V4), "255.255.255.255/32");
	EXPECT_STR(export_of("::/0", "8000::/1", V6), "::/1");
	EXPECT_STR(export_of("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/127",
			     "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe", V6),
		   "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128");
	EXPECT_STR(export_of("::/127", "::1", V6), "::/128");
}

static void export_ipv6(void)
{
	EXPECT_STR(export_of("2001:db8::/32", "2001:db8::/33", V6),
		   "2001:db8:8000::/33");
	EXPECT_STR(export_of("2001:db8::/48 2001:db8:1::/48", "", V6),
		   "2001:db8::/47");
	EXPECT_STR(export_of("2001:db8::/126", "2001:db8::2", V6),
		   "2001:db8::/127 2001:db8::3/128");
}

static void export_families_apart(void)
{
	EXPECT_STR(export_of("10.0.0.0/8 2001:db8::/32", "2001:db8::/32", V4),
		   "10.0.0.0/8");
	EXPECT_STR(export_of("10.0.0.0/8 2001:db8::/32", "10.0.0.0/8", V6),
		   "2001:db8::/32");
	/* ::ffff:10.0.0.0/104 is IPv6 and does not touch 10.0.0.0/8. */
	EXPECT_STR(export_of("10.0.0.0/8", "::ffff:10.0.0.0/104", V4),
		   "10.0.0.0/8");
}

static void export_several_statics(void)
{
	EXPECT_STR(export_of("192.0.2.0/24", "192.0.2.0/26 192.0.2.192/26 "
			     "192.0.2.64/27 192.0.2.60/30", V4),
		   "192.0.2.96/27 192.0.2.128/26");
	/* Static ranges spanning two dynamic ones. */
	EXPECT_STR(export_of("10.0.0.0/24 10.0.2.0/24", "10.0.0.128/25 "
			     "10.0.1.0/24 10.0.2.0/25", V4),
		   "10.0.0.0/25 10.0.2.128/25");
}

/*
 * A twin without ranges: every address of 10.0.0.0/24 (or 2001:db8::/120)
 * decided one by one, then compared with the export's cover, which must
 * also be minimal: no two of its prefixes may be siblings or touching
 * halves that a shorter prefix would replace.
 */
static bool in_list(const struct op25b_prefix_list *l, unsigned int host)
{
	struct op25b_range r;
	op25b_u128 a;
	size_t i;

	for (i = 0; i < l->len; i++) {
		r = op25b_prefix_range(&l->v[i]);
		a = (r.lo & ~(op25b_u128)0xff) | host;
		if (a >= r.lo && a <= r.hi)
			return true;
	}
	return false;
}

static void random_list(struct op25b_prefix_list *l, uint8_t family,
			unsigned int n, unsigned int *seed)
{
	unsigned int i, max = op25b_prefix_maxlen(family), len, host;
	struct op25b_prefix p;
	op25b_u128 v;

	for (i = 0; i < n; i++) {
		memset(&p, 0, sizeof(p));
		p.family = family;
		len = 24 + rand_r(seed) % 9;
		host = rand_r(seed) & 0xff & ~((1u << (32 - len)) - 1);
		p.len = len + max - 32;
		if (family == AF_INET) {
			v = 0x0a000000u | host;
		} else {
			v = (op25b_u128)0x20010db8u << 96 | host;
		}
		op25b_u128_to_addr(v, family, p.addr);
		if (op25b_prefix_list_add(l, &p))
			abort();
	}
}

static void export_matches_twin(void)
{
	static const uint8_t families[] = { AF_INET, AF_INET6 };
	unsigned int seed = 2026, round, host, fi;
	struct op25b_prefix_list cover;
	struct op25b_policy p;
	bool want, got;
	size_t i;

	for (round = 0; round < 400; round++) {
		fi = round & 1;
		op25b_policy_init(&p);
		random_list(&p.sets[OP25B_SET_DYNAMIC], families[fi],
			    1 + rand_r(&seed) % 6, &seed);
		random_list(&p.sets[OP25B_SET_STATIC], families[fi],
			    rand_r(&seed) % 6, &seed);
		memset(&cover, 0, sizeof(cover));
		if (op25bctl_export_compute(&p, families[fi], &cover))
			abort();
		for (host = 0; host < 256; host++) {
			want = in_list(&p.sets[OP25B_SET_DYNAMIC], host) &&
			       !in_list(&p.sets[OP25B_SET_STATIC], host);
			got = in_list(&cover, host);
			if (want != got)
				FAIL("round %u: address .%u: export says %d, twin %d",
				     round, host, got, want);
		}
		/* Minimal: no sibling pair that one shorter prefix covers. */
		for (i = 1; i < cover.len; i++) {
			struct op25b_range a = op25b_prefix_range(&cover.v[i - 1]);
			struct op25b_range b = op25b_prefix_range(&cover.v[i]);
			op25b_u128 size = a.hi - a.lo + 1;

			if (a.hi >= b.lo)
				FAIL("round %u: prefixes %zu and %zu overlap or are out of order",
				     round, i - 1, i);
			if (cover.v[i - 1].len == cover.v[i].len &&
			    a.hi + 1 == b.lo && !(a.lo & (2 * size - 1)))
				FAIL("round %u: prefixes %zu and %zu should have merged",
				     round, i - 1, i);
		}
		op25b_prefix_list_free(&cover);
		op25b_policy_free(&p);
	}
}

static void range_to_prefixes_whole_ipv6(void)
{
	struct op25b_prefix_list l = { 0 };
	char buf[OP25B_PREFIX_STRLEN];

	EXPECT_INT(op25b_range_to_prefixes(AF_INET6, 1, ~(op25b_u128)0, &l), 0);
	EXPECT_INT(l.len, 128);
	EXPECT_STR(op25b_prefix_format(&l.v[0], buf), "::1/128");
	EXPECT_STR(op25b_prefix_format(&l.v[127], buf), "8000::/1");
	op25b_prefix_list_free(&l);
}

static struct op25b_prefix_list list_of(const char *a, const char *b)
{
	struct op25b_prefix_list l = { 0 };
	struct op25b_prefix p = pfx(a);

	op25b_prefix_list_add(&l, &p);
	p = pfx(b);
	op25b_prefix_list_add(&l, &p);
	return l;
}

static void export_print_formats(void)
{
	struct op25b_prefix_list v4 = list_of("10.0.0.0/8", "192.0.2.1");
	struct op25b_prefix_list v6 = list_of("2001:db8::/32", "2001:db8:1::1");
	struct op25b_prefix_list none = { 0 };

	EXPECT_OUTPUT("10.0.0.0/8\n192.0.2.1/32\n2001:db8::/32\n2001:db8:1::1/128\n",
		      op25bctl_export_print(f, OP25BCTL_EXPORT_PLAIN, &v4, &v6));
	EXPECT_OUTPUT("2001:db8::/32\n2001:db8:1::1/128\n",
		      op25bctl_export_print(f, OP25BCTL_EXPORT_PLAIN, NULL, &v6));
	EXPECT_OUTPUT("# op25b: IPv4 sources whose outbound port 25 is blocked\n"
		      "# rbldnsd ip4set dataset, from op25bctl export\n"
		      ":127.0.0.2:Dynamic address, outbound port 25 blocked (OP25B): $\n"
		      "10.0.0.0/8\n192.0.2.1/32\n",
		      op25bctl_export_print(f, OP25BCTL_EXPORT_RBLDNSD, &v4, NULL));
	EXPECT_OUTPUT("# op25b: IPv6 sources whose outbound port 25 is blocked\n"
		      "# rbldnsd ip6trie dataset, from op25bctl export\n"
		      ":127.0.0.2:Dynamic address, outbound port 25 blocked (OP25B): $\n"
		      "2001:db8::/32\n2001:db8:1::1/128\n",
		      op25bctl_export_print(f, OP25BCTL_EXPORT_RBLDNSD, NULL, &v6));
	EXPECT_OUTPUT("# op25b: sources whose outbound port 25 is blocked\n"
		      "add table inet op25b\n"
		      "add set inet op25b blocked4 { type ipv4_addr; flags interval; }\n"
		      "flush set inet op25b blocked4\n"
		      "add element inet op25b blocked4 { 10.0.0.0/8, 192.0.2.1/32 }\n"
		      "add set inet op25b blocked6 { type ipv6_addr; flags interval; }\n"
		      "flush set inet op25b blocked6\n",
		      op25bctl_export_print(f, OP25BCTL_EXPORT_NFT, &v4, &none));
	op25b_prefix_list_free(&v4);
	op25b_prefix_list_free(&v6);
}

/* Element lines of the nft script break after 64 elements. */
static void export_nft_long_lines(void)
{
	struct op25b_prefix_list l = { 0 };
	char *buf = NULL;
	size_t len = 0;
	const char *s;
	unsigned int lines = 0;
	FILE *f;

	if (op25b_range_to_prefixes(AF_INET, 0x0a000000u, 0x0a000000u + 130,
				    &l))
		FAIL("out of memory");
	f = open_memstream(&buf, &len);
	op25bctl_export_print(f, OP25BCTL_EXPORT_NFT, &l, NULL);
	fclose(f);
	for (s = buf; (s = strstr(s, "add element")); s++)
		lines++;
	EXPECT_INT(l.len, 3);
	EXPECT_INT(lines, 1);
	op25b_prefix_list_free(&l);
	free(buf);

	memset(&l, 0, sizeof(l));
	for (lines = 0; lines < 129; lines++) {
		struct op25b_prefix p = pfx("10.0.0.0");

		p.addr[2] = lines;
		op25b_prefix_list_add(&l, &p);
	}
	f = open_memstream(&buf, &len);
	op25bctl_export_print(f, OP25BCTL_EXPORT_NFT, &l, NULL);
	fclose(f);
	for (lines = 0, s = buf; (s = strstr(s, "add element")); s++)
		lines++;
	EXPECT_INT(lines, 3);
	EXPECT(strstr(buf, "10.0.63.0/32 }\nadd element inet op25b blocked4 { 10.0.64.0/32, "));
	EXPECT(strstr(buf, "10.0.127.0/32 }\nadd element inet op25b blocked4 { 10.0.128.0/32 }\n"));
	op25b_prefix_list_free(&l);
	free(buf);
}

static void export_format_names(void)
{
	EXPECT_INT(op25bctl_export_format_lookup("plain"), OP25BCTL_EXPORT_PLAIN);
	EXPECT_INT(op25bctl_export_format_lookup("rbldnsd"), OP25BCTL_EXPORT_RBLDNSD);
	EXPECT_INT(op25bctl_export_format_lookup("nft"), OP25BCTL_EXPORT_NFT);
	EXPECT_INT(op25bctl_export_format_lookup("json"), -1);
	EXPECT_INT(op25bctl_export_format_lookup(""), -1);
}

const struct unit_case export_cases[] = {
	UNIT_CASE(export_static_inside_dynamic),
	UNIT_CASE(export_static_covers_dynamic),
	UNIT_CASE(export_overlapping_dynamic),
	UNIT_CASE(export_adjacent_merge),
	UNIT_CASE(export_whole_space),
	UNIT_CASE(export_edges_of_the_space),
	UNIT_CASE(export_ipv6),
	UNIT_CASE(export_families_apart),
	UNIT_CASE(export_several_statics),
	UNIT_CASE(export_matches_twin),
	UNIT_CASE(range_to_prefixes_whole_ipv6),
	UNIT_CASE(export_print_formats),
	UNIT_CASE(export_nft_long_lines),
	UNIT_CASE(export_format_names),
	UNIT_END
};
