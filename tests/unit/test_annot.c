// SPDX-License-Identifier: GPL-2.0
/*
 * Labels and expiries of prefixes (issue #6): the policy file's pool,
 * label and expires keywords and every way they can be wrong, what save
 * and list write, the requests that carry them and the replies that
 * bring them back (dumps, TEST, GET_TOP), as the kernel lays them out.
 */
#include <errno.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/op25b.h>

#include "config.h"
#include "harness.h"
#include "ipc.h"
#include "json.h"
#include "op25bctl.h"
#include "util.h"

/* 2027-01-01T00:00:00Z and 2026-06-01T02:00:00Z */
#define T2027	1798761600ULL
#define T2026	1780279200ULL

static char errs[8192];
static char msgbuf[OP25B_CHANGE_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));

#define EXPECT_ERRORS(text, n, want)					\
	do {								\
		struct op25b_policy p_;					\
		unsigned long n_ = parse_text(text, &p_, errs,		\
					      sizeof(errs));		\
		op25b_policy_free(&p_);					\
		EXPECT_STR(errs, want);					\
		EXPECT_INT(n_, n);					\
	} while (0)

static const struct op25b_annot *annot(const struct op25b_policy *p,
				       unsigned int set, size_t i)
{
	return op25b_prefix_list_annot(&p->sets[set], i);
}

static void annot_parse_good_lines(void)
{
	struct op25b_policy p;
	const struct op25b_annot *a;
	char s[OP25B_PREFIX_STRLEN];

	EXPECT_INT(parse_text("dynamic 100.64.0.0/10 2001:db8::/32 pool flets\n"
			      "dynamic 10.0.0.0/8\n"
			      "static 100.64.7.7, 100.64.7.8 expires 2027-01-01T09:00+09:00 label cust-1\n"
			      "relay 192.0.2.25 label A.z_0-9:/@+ # a comment\n"
			      "relay 192.0.2.26 expires 2027-01-01T00:00Z\n",
			      &p, errs, sizeof(errs)), 0);
	EXPECT_STR(errs, "");
	EXPECT_INT(p.sets[OP25B_SET_DYNAMIC].len, 3);
	/* Sorted: 10/8 (none), 100.64/10, 2001:db8::/32 (flets both). */
	EXPECT_STR(op25b_prefix_format(&p.sets[0].v[0], s), "10.0.0.0/8");
	EXPECT(annot(&p, 0, 0) == NULL);
	a = annot(&p, 0, 1);
	EXPECT(a != NULL);
	EXPECT_STR(a->label, "flets");
	EXPECT_INT(a->expires, 0);
	EXPECT_STR(annot(&p, 0, 2)->label, "flets");
	/* One line, one entry of the table (and entry 0 for none). */
	EXPECT_INT(p.sets[0].nannots, 2);
	a = annot(&p, 1, 1);
	EXPECT(a != NULL);
	EXPECT_STR(a->label, "cust-1");
	EXPECT_INT(a->expires, T2027);
	EXPECT_STR(annot(&p, 2, 0)->label, "A.z_0-9:/@+");
	EXPECT_STR(annot(&p, 2, 1)->label, "");
	EXPECT_INT(annot(&p, 2, 1)->expires, T2027);
	op25b_policy_free(&p);
}

/* The same prefix with the same annotations twice is stored once. */
static void annot_same_twice_is_fine(void)
{
	struct op25b_policy p;

	EXPECT_INT(parse_text("static 100.64.7.7 label x\n"
			      "static 100.64.7.7/32 label x\n"
			      "static 100.64.7.8\nstatic 100.64.7.8\n",
			      &p, errs, sizeof(errs)), 0);
	EXPECT_INT(p.sets[OP25B_SET_STATIC].len, 2);
	EXPECT_STR(annot(&p, 1, 0)->label, "x");
	op25b_policy_free(&p);
}

static void annot_label_refused(void)
{
	EXPECT_ERRORS("dynamic 10.0.0.0/8 pool flets!\n"
		      "dynamic 10.0.0.0/8 label a\xc3\xa9\n"
		      "dynamic 10.0.0.0/8 pool a,b\n"
		      "static 10.0.0.0/8 label aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
		      4,
		      "t.conf:1: pool flets!: '!' may not be in a label (only A-Z a-z 0-9 . _ - : / @ +)\n"
		      "t.conf:2: label a\\xc3\\xa9: '\\xc3' may not be in a label (only A-Z a-z 0-9 . _ - : / @ +)\n"
		      "t.conf:3: b: prefixes come before pool, label and expires\n"
		      "t.conf:4: label aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa: label too long (32 characters, at most 31)\n");
}

/* 31 characters is the longest label. */
static void annot_longest_label(void)
{
	struct op25b_policy p;

	EXPECT_INT(parse_text("dynamic 10.0.0.0/8 pool aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
			      &p, errs, sizeof(errs)), 0);
	EXPECT_INT(strlen(annot(&p, 0, 0)->label), OP25B_LABEL_MAX - 1);
	op25b_policy_free(&p);
}

static void annot_missing_and_repeated(void)
{
	EXPECT_ERRORS("dynamic 10.0.0.0/8 pool\n"
		      "dynamic 10.0.0.0/8 expires 2027-01-01T00:00Z label\n"
		      "static 10.0.0.0/8 expires\n"
		      "static 10.0.0.0/8 pool a pool a\n"
		      "static 10.0.0.0/8 pool a label b\n"
		      "relay 10.0.0.0/8 expires 2027-01-01T00:00Z expires 2027-01-01T00:00Z\n"
		      "relay pool a\n",
		      7,
		      "t.conf:1: pool: missing value (a label: 1 to 31 of A-Z a-z 0-9 . _ - : / @ +)\n"
		      "t.conf:2: label: missing value (a label: 1 to 31 of A-Z a-z 0-9 . _ - : / @ +)\n"
		      "t.conf:3: expires: missing value (an RFC 3339 time such as 2027-01-01T00:00Z)\n"
		      "t.conf:4: pool: given twice on one line\n"
		      "t.conf:5: label: given twice on one line (pool and label are the same)\n"
		      "t.conf:6: expires: given twice on one line\n"
		      "t.conf:7: relay: missing value (one or more prefixes)\n");
}

static void annot_bad_time(void)
{
	EXPECT_ERRORS("static 10.0.0.0/8 expires none\n"
		      "static 10.0.0.0/8 expires tomorrow\n"
		      "static 10.0.0.0/8 expires 2027-01-01\n"
		      "static 10.0.0.0/8 expires 2027-02-30T00:00Z\n",
		      4,
		      "t.conf:1: expires none: for no expiry, leave expires out\n"
		      "t.conf:2: expires tomorrow: expected a date YYYY-MM-DD (write it like 2027-01-01T00:00Z)\n"
		      "t.conf:3: expires 2027-01-01: expected T and a time after the date (write it like 2027-01-01T00:00Z)\n"
		      "t.conf:4: expires 2027-02-30T00:00Z: no such date or time (write it like 2027-01-01T00:00Z)\n");
}

/* Prefixes first, then the keywords: a prefix after one is refused once. */
static void annot_prefix_after_keyword(void)
{
	EXPECT_ERRORS("dynamic pool flets 10.0.0.0/8 10.1.0.0/16\n"
		      "dynamic 10.2.0.0/16 pool flets 10.3.0.0/16\n",
		      2,
		      "t.conf:1: 10.0.0.0/8: prefixes come before pool, label and expires\n"
		      "t.conf:2: 10.3.0.0/16: prefixes come before pool, label and expires\n");
}

/* The kernel would refuse the commit; the file says where, both lines. */
static void annot_conflict_names_both_lines(void)
{
	/* The same prefix in another set is another entry: no conflict. */
	EXPECT_ERRORS("static 100.64.7.7 expires 2027-01-01T00:00Z\n"
		      "# between\n"
		      "static 100.64.7.7\n"
		      "dynamic 10.0.0.0/8 pool a\n"
		      "dynamic 10.0.0.0/8 pool b\n"
		      "dynamic 10.0.0.0/8 pool a\n"
		      "relay 192.0.2.1 label x\n"
		      "static 192.0.2.1 label y\n",
		      2,
		      "t.conf:5: dynamic 10.0.0.0/8: also on line 4 with other annotations (a prefix has one label and one expiry)\n"
		      "t.conf:3: static 100.64.7.7/32: also on line 1 with other annotations (a prefix has one label and one expiry)\n"
		      "");
}

static unsigned long read_at(const char *text, struct op25b_policy *p,
			     uint64_t now, unsigned long *expired)
{
	char *buf = NULL;
	size_t len = 0;
	unsigned long n;
	FILE *in, *ef;

	op25b_policy_init(p);
	in = fmemopen((void *)text, strlen(text), "r");
	ef = open_memstream(&buf, &len);
	if (!in || !ef)
		abort();
	n = op25b_config_read_at(in, "t.conf", p, ef, now, expired);
	fclose(in);
	fclose(ef);
	snprintf(errs, sizeof(errs), "%s", buf);
	free(buf);
	return n;
}

static void annot_expired_left_out(void)
{
	struct op25b_policy p;
	unsigned long expired = 99;
	char s[OP25B_PREFIX_STRLEN];

	EXPECT_INT(read_at("static 100.64.7.7 expires 2026-06-01T02:00Z\n"
			   "static 100.64.7.8 expires 2026-06-01T02:00:01Z\n"
			   "static 100.64.7.9\n"
			   "dynamic 10.0.0.0/8 pool old expires 2026-01-01T00:00Z\n",
			   &p, T2026, &expired), 0);
	/* An expiry at now is past: the kernel drops it at once. */
	EXPECT_STR(errs,
		   "t.conf:4: warning: dynamic 10.0.0.0/8 expired 2026-01-01T00:00:00Z (151d 2h ago), left out\n"
		   "t.conf:1: warning: static 100.64.7.7/32 expired 2026-06-01T02:00:00Z (now), left out\n");
	EXPECT_INT(expired, 2);
	EXPECT_INT(p.sets[OP25B_SET_DYNAMIC].len, 0);
	EXPECT_INT(p.sets[OP25B_SET_STATIC].len, 2);
	EXPECT_STR(op25b_prefix_format(&p.sets[1].v[0], s), "100.64.7.8/32");
	EXPECT_INT(annot(&p, 1, 0)->expires, T2026 + 1);
	EXPECT(annot(&p, 1, 1) == NULL);
	op25b_policy_free(&p);
	/* Without a clock nothing is left out. */
	EXPECT_INT(read_at("static 100.64.7.7 expires 2026-06-01T02:00Z\n",
			   &p, 0, &expired), 0);
	EXPECT_INT(expired, 0);
	EXPECT_INT(p.sets[OP25B_SET_STATIC].len, 1);
	op25b_policy_free(&p);
}

/* Many: the first few by name, then a count. */
static void annot_expired_many(void)
{
	char text[4096];
	struct op25b_policy p;
	unsigned long expired;
	size_t n = 0;
	unsigned int i;

	for (i = 0; i < 8; i++)
		n += snprintf(text + n, sizeof(text) - n,
			      "static 100.64.7.%u expires 2020-01-01T00:00Z\n",
			      i);
	EXPECT_INT(read_at(text, &p, T2026, &expired), 0);
	EXPECT_INT(expired, 8);
	EXPECT(strstr(errs, "t.conf:5: warning: static 100.64.7.4/32 expired 2020-01-01T00:00:00Z") != NULL);
	EXPECT(strstr(errs, "100.64.7.5/32") == NULL);
	EXPECT(strstr(errs, "t.conf: warning: 3 more expired entries left out (8 in all)\n") != NULL);
	EXPECT_INT(p.sets[OP25B_SET_STATIC].len, 0);
	op25b_policy_free(&p);
}

static void write_policy(FILE *f, const struct op25b_policy *p)
{
	EXPECT_INT(op25b_config_write(f, p), 0);
}

static void annot_save_format(void)
{
	struct op25b_policy p;

	EXPECT_INT(parse_text("dynamic 100.64.0.0/10 label flets\n"
			      "static 100.64.7.7 pool cust expires 2027-01-01T09:00+09:00\n"
			      "relay 192.0.2.25 expires 2027-01-01T00:00:00Z\n"
			      "relay 192.0.2.26\n",
			      &p, errs, sizeof(errs)), 0);
	EXPECT_OUTPUT("mode enforce\naction drop\nports 25\n"
		      "dynamic 100.64.0.0/10 pool flets\n"
		      "static 100.64.7.7/32 label cust expires 2027-01-01T00:00:00Z\n"
		      "relay 192.0.2.25/32 expires 2027-01-01T00:00:00Z\n"
		      "relay 192.0.2.26/32\n",
		      write_policy(f, &p));
	EXPECT_OUTPUT("dynamic 100.64.0.0/10 pool flets\n"
		      "static 100.64.7.7/32 label cust expires 2027-01-01T00:00:00Z\n"
		      "relay 192.0.2.25/32 expires 2027-01-01T00:00:00Z\n"
		      "relay 192.0.2.26/32\n",
		      op25bctl_list_print(f, &p, false));
	EXPECT_OUTPUT("{\"schema\":1,\"prefixes\":["
		      "{\"set\":\"dynamic\",\"prefix\":\"100.64.0.0/10\",\"label\":\"flets\"},"
		      "{\"set\":\"static\",\"prefix\":\"100.64.7.7/32\",\"label\":\"cust\",\"expires\":\"2027-01-01T00:00:00Z\"},"
		      "{\"set\":\"relay\",\"prefix\":\"192.0.2.25/32\",\"expires\":\"2027-01-01T00:00:00Z\"},"
		      "{\"set\":\"relay\",\"prefix\":\"192.0.2.26/32\"}]}\n",
		      op25bctl_list_print(f, &p, true));
	op25b_policy_free(&p);
}

static void write_bad(FILE *f, const struct op25b_policy *p)
{
	EXPECT_INT(op25b_config_write(f, p), -EINVAL);
}

/* What no line can say is refused whole. */
static void annot_write_refuses_bad(void)
{
	struct op25b_annot a = { .expires = OP25B_TIME_MAX + 1 };
	struct op25b_prefix x = pfx("10.0.0.0/8");
	struct op25b_policy p;

	op25b_policy_init(&p);
	op25b_prefix_list_add_annot(&p.sets[0], &x, &a);
	EXPECT_OUTPUT("", write_bad(f, &p));
	op25b_policy_free(&p);
	a.expires = 0;
	strcpy(a.label, "a b");
	op25b_prefix_list_add_annot(&p.sets[1], &x, &a);
	EXPECT_OUTPUT("", write_bad(f, &p));
	op25b_policy_free(&p);
}

static void round_trip(const char *text)
{
	struct op25b_policy p, q;
	char *buf = NULL, *again = NULL;
	size_t len = 0, alen = 0;
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
	f = open_memstream(&again, &alen);
	if (f) {
		op25b_config_write(f, &q);
		fclose(f);
	}
	same = same && alen == len && !memcmp(buf, again, len);
	op25b_policy_free(&p);
	op25b_policy_free(&q);
	free(buf);
	free(again);
	EXPECT_STR(errs, "");
	EXPECT(same);
}

static void annot_round_trip(void)
{
	round_trip("dynamic 100.64.0.0/10 2001:db8::/32 pool flets\n"
		   "dynamic 10.0.0.0/8\n"
		   "dynamic 10.0.0.0/9 pool aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa expires 9999-12-31T23:59:59Z\n"
		   "static 100.64.7.7 100.64.7.8 label c expires 2027-01-01T00:00Z\n"
		   "static 100.64.7.9 expires 1970-01-01T00:00:01Z\n"
		   "relay 192.0.2.25 label mx.example:25\n"
		   /* Keywords are labels like any other word after one. */
		   "relay 192.0.2.26 label pool\n"
		   "relay 192.0.2.27 label expires expires 2027-01-01T00:00Z\n"
		   "relay 192.0.2.28 pool label\n");
}

/* Annotations differ in what equal compares: changed, not equal. */
static void annot_policy_equal_compares_them(void)
{
	struct op25b_policy p, q;

	parse_text("static 100.64.7.7 label a\n", &p, NULL, 0);
	parse_text("static 100.64.7.7 label b\n", &q, NULL, 0);
	EXPECT(!op25b_policy_equal(&p, &q));
	op25b_policy_free(&q);
	parse_text("static 100.64.7.7\n", &q, NULL, 0);
	EXPECT(!op25b_policy_equal(&p, &q));
	op25b_policy_free(&q);
	parse_text("static 100.64.7.7/32 pool a\n", &q, NULL, 0);
	EXPECT(op25b_policy_equal(&p, &q));
	op25b_policy_free(&p);
	op25b_policy_free(&q);
}

/* Sorting a large annotated list moves each annotation with its prefix. */
static void annot_sort_keeps_pairs(void)
{
	struct op25b_prefix_list l = { 0 };
	struct op25b_annot a = { 0 };
	struct op25b_prefix x;
	char s[64];
	unsigned int i, v;
	size_t j;

	for (i = 0; i < 5000; i++) {
		/* Scrambled order, some without annotations. */
		v = (i * 761u) % 5000;
		snprintf(s, sizeof(s), "10.%u.%u.0/24", v / 256, v % 256);
		x = pfx(s);
		memset(&a, 0, sizeof(a));
		if (v % 3)
			snprintf(a.label, sizeof(a.label), "p%u", v);
		a.expires = v % 5 ? 0 : 1000 + v;
		if (op25b_prefix_list_add_annot(&l, &x, &a))
			FAIL("out of memory");
	}
	EXPECT_INT(op25b_prefix_list_sort(&l), 0);
	EXPECT_INT(l.len, 5000);
	for (j = 0; j < l.len; j++) {
		const struct op25b_annot *b = op25b_prefix_list_annot(&l, j);

		v = l.v[j].addr[1] * 256 + l.v[j].addr[2];
		if (v != j)
			FAIL("prefix %zu is out of order", j);
		if (!(v % 3) && !(v % 5 == 0)) {
			if (b)
				FAIL("prefix %zu has annotations", j);
			continue;
		}
		if (!b || b->expires != (v % 5 ? 0 : 1000 + v))
			FAIL("prefix %zu lost its expiry", j);
		snprintf(s, sizeof(s), v % 3 ? "p%u" : "", v);
		if (strcmp(b->label, s))
			FAIL("prefix %zu has label %s", j, b->label);
	}
	op25b_prefix_list_free(&l);
}

static int attr_count(const struct nlattr *nest, uint16_t type)
{
	const struct nlattr *a;
	int n = 0;

	mnl_attr_for_each_nested(a, nest)
		n += mnl_attr_get_type(a) == type;
	return n;
}

static const struct nlattr *top_attr(const struct nlmsghdr *nlh,
				     uint16_t type)
{
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, GENL_HDRLEN)
		if (mnl_attr_get_type(a) == type)
			return a;
	return NULL;
}

/* ADD carries the annotations, DEL never does. */
static void annot_build_add_and_del(void)
{
	struct op25b_cursor cur = { .set = OP25B_SET_STATIC };
	const struct nlattr *prefixes, *pa;
	struct op25b_policy p;
	struct op25b_annot a;
	struct op25b_prefix x;
	struct nlmsghdr *nlh;
	int n = 0;

	EXPECT_INT(parse_text("static 100.64.7.7 label c expires 2027-01-01T00:00Z\n"
			      "static 100.64.7.8\n", &p, errs, sizeof(errs)), 0);
	EXPECT_INT(op25b_msg_prefixes(msgbuf, sizeof(msgbuf), UNIT_FAMILY,
				      OP25B_CMD_ADD_PREFIXES, false, &p, &cur,
				      &nlh), 1);
	prefixes = top_attr(nlh, OP25B_A_PREFIXES);
	EXPECT(prefixes != NULL);
	mnl_attr_for_each_nested(pa, prefixes) {
		EXPECT_INT(op25b_prefix_nest_parse_annot(pa, &x, &a), 0);
		if (n++ == 0) {
			EXPECT_STR(a.label, "c");
			EXPECT_INT(a.expires, T2027);
			EXPECT_INT(attr_count(pa, OP25B_PREFIX_A_LABEL), 1);
			EXPECT_INT(attr_count(pa, OP25B_PREFIX_A_EXPIRES), 1);
			/* No pad: the kernel reads a u64 at any alignment. */
			EXPECT_INT(attr_count(pa, OP25B_PREFIX_A_PAD), 0);
			/* "c\0" padded to 4, the u64 unpadded: 16 + 8 + 12. */
			EXPECT_INT(mnl_attr_get_payload_len(pa), 16 + 8 + 12);
		} else {
			EXPECT_INT(mnl_attr_get_payload_len(pa), 16);
		}
	}
	EXPECT_INT(n, 2);
	cur.set = OP25B_SET_STATIC;
	cur.next = 0;
	EXPECT_INT(op25b_msg_prefixes(msgbuf, sizeof(msgbuf), UNIT_FAMILY,
				      OP25B_CMD_DEL_PREFIXES, false, &p, &cur,
				      &nlh), 1);
	prefixes = top_attr(nlh, OP25B_A_PREFIXES);
	mnl_attr_for_each_nested(pa, prefixes) {
		EXPECT_INT(attr_count(pa, OP25B_PREFIX_A_LABEL), 0);
		EXPECT_INT(attr_count(pa, OP25B_PREFIX_A_EXPIRES), 0);
	}
	op25b_policy_free(&p);
}

/*
 * IPv6 prefixes with the longest label and an expiry, 80 bytes each:
 * every chunk stays within its size, holds whole prefixes only, and
 * together they give back every prefix and annotation.
 */
static void annot_chunks_never_overflow(void)
{
	static const size_t sizes[] = { 200, 333, 1000, 4096, OP25B_MSG_MAX };
	struct op25b_policy p, back;
	struct op25b_annot a = { .expires = T2027 };
	const struct nlattr *prefixes, *pa;
	struct op25b_cursor cur;
	struct op25b_prefix x;
	struct nlmsghdr *nlh;
	unsigned int i, k;
	char s[64];
	int ret;

	op25b_policy_init(&p);
	for (i = 0; i < 3000; i++) {
		snprintf(s, sizeof(s), "2001:db8:%x::/48", i);
		x = pfx(s);
		snprintf(a.label, sizeof(a.label),
			 "%031u", i);
		/* Every third without expiry, every fifth bare. */
		a.expires = i % 3 ? T2027 + i : 0;
		op25b_prefix_list_add_annot(&p.sets[i % OP25B_SET_COUNT], &x,
					    i % 5 ? &a : NULL);
	}
	for (k = 0; k < ARRAY_SIZE(sizes); k++) {
		memset(&cur, 0, sizeof(cur));
		op25b_policy_init(&back);
		while ((ret = op25b_msg_prefixes(msgbuf, sizes[k], UNIT_FAMILY,
						 OP25B_CMD_ADD_PREFIXES, true,
						 &p, &cur, &nlh)) == 1) {
			unsigned int set;

			if (nlh->nlmsg_len > sizes[k])
				FAIL("a %u-byte chunk for %zu bytes",
				     nlh->nlmsg_len, sizes[k]);
			set = mnl_attr_get_u8(top_attr(nlh, OP25B_A_SET));
			prefixes = top_attr(nlh, OP25B_A_PREFIXES);
			mnl_attr_for_each_nested(pa, prefixes) {
				struct op25b_annot got;

				if (op25b_prefix_nest_parse_annot(pa, &x, &got))
					FAIL("a prefix nest that does not parse");
				op25b_prefix_list_add_annot(&back.sets[set], &x,
							    &got);
			}
		}
		EXPECT_INT(ret, 0);
		EXPECT(op25b_policy_equal(&p, &back));
		op25b_policy_free(&back);
	}
	/* Too small for one annotated prefix: said, not overflowed. */
	memset(&cur, 0, sizeof(cur));
	cur.next = 1;
	EXPECT_INT(op25b_msg_prefixes(msgbuf, 100, UNIT_FAMILY,
				      OP25B_CMD_ADD_PREFIXES, true, &p, &cur,
				      &nlh), -EMSGSIZE);
	op25b_policy_free(&p);
}

/* A kernel-made nest: address, length, then label and padded expiry. */
static struct nlattr *put_annotated(struct nlmsghdr *nlh, uint16_t type,
				    const char *prefix, const char *label,
				    uint64_t expires, bool pad)
{
	struct op25b_prefix p = pfx(prefix);
	struct nlattr *nest = mnl_attr_nest_start(nlh, type);

	mnl_attr_put(nlh, p.family == AF_INET ? OP25B_PREFIX_A_IPV4 :
						OP25B_PREFIX_A_IPV6,
		     op25b_prefix_addrlen(p.family), p.addr);
	mnl_attr_put_u8(nlh, OP25B_PREFIX_A_LEN, p.len);
	if (label)
		mnl_attr_put_strz(nlh, OP25B_PREFIX_A_LABEL, label);
	if (pad)
		mnl_attr_put(nlh, OP25B_PREFIX_A_PAD, 0, "");
	if (expires)
		mnl_attr_put_u64(nlh, OP25B_PREFIX_A_EXPIRES, expires);
	mnl_attr_nest_end(nlh, nest);
	return nest;
}

static int nest_result(const char *label, uint64_t expires, bool pad,
		       struct op25b_annot *a)
{
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct op25b_prefix x;

	memset(msgbuf, 0, 4096);
	nlh = reply_start(msgbuf, OP25B_CMD_TEST);
	nest = put_annotated(nlh, OP25B_A_TEST_STATIC, "100.64.7.7", label,
			     expires, pad);
	return op25b_prefix_nest_parse_annot(nest, &x, a);
}

static void annot_reply_nests(void)
{
	struct op25b_annot a;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct op25b_prefix x;

	EXPECT_INT(nest_result("flets", T2027, true, &a), 0);
	EXPECT_STR(a.label, "flets");
	EXPECT_INT(a.expires, T2027);
	/* Without the pad the u64 sits 4-byte aligned: read all the same. */
	EXPECT_INT(nest_result("abc", T2027 + 1, false, &a), 0);
	EXPECT_INT(a.expires, T2027 + 1);
	EXPECT_INT(nest_result(NULL, 0, false, &a), 0);
	EXPECT(op25b_annot_none(&a));
	EXPECT_INT(nest_result("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0, false, &a),
		   0);
	/* save must not write what apply refuses. */
	EXPECT_INT(nest_result("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0, false,
			       &a), -EBADMSG);
	EXPECT_INT(nest_result("a b", 0, false, &a), -EBADMSG);
	EXPECT_INT(nest_result("", 0, false, &a), -EBADMSG);
	EXPECT_INT(nest_result(NULL, OP25B_TIME_MAX + 1, true, &a), -ERANGE);
	/* A label without its NUL, and an expiry of 4 bytes. */
	memset(msgbuf, 0, 4096);
	nlh = reply_start(msgbuf, OP25B_CMD_TEST);
	nest = mnl_attr_nest_start(nlh, OP25B_A_TEST_DYNAMIC);
	mnl_attr_put_u32(nlh, OP25B_PREFIX_A_IPV4, 0);
	mnl_attr_put_u8(nlh, OP25B_PREFIX_A_LEN, 0);
	mnl_attr_put(nlh, OP25B_PREFIX_A_LABEL, 3, "abc");
	mnl_attr_nest_end(nlh, nest);
	EXPECT(op25b_prefix_nest_parse_annot(nest, &x, &a) < 0);
	nlh = reply_start(msgbuf, OP25B_CMD_TEST);
	nest = mnl_attr_nest_start(nlh, OP25B_A_TEST_DYNAMIC);
	mnl_attr_put_u32(nlh, OP25B_PREFIX_A_IPV4, 0);
	mnl_attr_put_u8(nlh, OP25B_PREFIX_A_LEN, 0);
	mnl_attr_put_u32(nlh, OP25B_PREFIX_A_EXPIRES, 5);
	mnl_attr_nest_end(nlh, nest);
	EXPECT_INT(op25b_prefix_nest_parse_annot(nest, &x, &a), -ERANGE);
}

/* A GET_PREFIXES message as the kernel fills it, read and listed. */
static void annot_dump_parse(void)
{
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct op25b_policy p;

	memset(msgbuf, 0, 4096);
	nlh = reply_start(msgbuf, OP25B_CMD_GET_PREFIXES);
	mnl_attr_put_u32(nlh, OP25B_A_GENERATION, 7);
	mnl_attr_put_u8(nlh, OP25B_A_SET, OP25B_SET_STATIC);
	nest = mnl_attr_nest_start(nlh, OP25B_A_PREFIXES);
	put_annotated(nlh, OP25B_A_PREFIX, "100.64.7.7", "c1", T2027, true);
	put_annotated(nlh, OP25B_A_PREFIX, "100.64.7.8", NULL, 0, false);
	put_annotated(nlh, OP25B_A_PREFIX, "2001:db8::1", NULL, T2027, false);
	mnl_attr_nest_end(nlh, nest);
	op25b_policy_init(&p);
	EXPECT_INT(op25b_prefixes_parse(nlh, &p), 0);
	EXPECT_INT(p.sets[OP25B_SET_STATIC].len, 3);
	EXPECT_OUTPUT("static 100.64.7.7/32 label c1 expires 2027-01-01T00:00:00Z\n"
		      "static 100.64.7.8/32\n"
		      "static 2001:db8::1/128 expires 2027-01-01T00:00:00Z\n",
		      op25bctl_list_print(f, &p, false));
	op25b_policy_free(&p);
}

static void annot_test_reply(void)
{
	struct op25b_test_query q = {
		.src = pfx("100.64.7.7"), .dst = pfx("192.0.2.25"), .port = 25,
	};
	struct op25b_test_result r;
	struct nlmsghdr *nlh;

	memset(msgbuf, 0, 4096);
	nlh = reply_start(msgbuf, OP25B_CMD_TEST);
	mnl_attr_put_u8(nlh, OP25B_A_TEST_VERDICT, OP25B_VERDICT_ALLOWED);
	mnl_attr_put_u8(nlh, OP25B_A_TEST_REASON, OP25B_REASON_STATIC);
	mnl_attr_put_u8(nlh, OP25B_A_MODE, OP25B_MODE_ENFORCE);
	put_annotated(nlh, OP25B_A_TEST_DYNAMIC, "100.64.0.0/10", "flets", 0,
		      false);
	put_annotated(nlh, OP25B_A_TEST_STATIC, "100.64.7.7", "cust-1", T2027,
		      true);
	put_annotated(nlh, OP25B_A_TEST_RELAY, "192.0.2.0/24", NULL, T2027,
		      false);
	EXPECT_INT(op25b_test_parse(nlh, &r), 0);
	EXPECT_OUTPUT("allowed: 100.64.7.7 in dynamic 100.64.0.0/10 (pool flets), in static 100.64.7.7/32 (label cust-1, expires 2027-01-01T00:00:00Z)\n",
		      op25bctl_test_print(f, &q, &r, NULL, false));
	r.reason = OP25B_REASON_RELAY;
	EXPECT_OUTPUT("allowed: 100.64.7.7 in dynamic 100.64.0.0/10 (pool flets), not in static; 192.0.2.25 in relay 192.0.2.0/24 (expires 2027-01-01T00:00:00Z)\n",
		      op25bctl_test_print(f, &q, &r, NULL, false));
	EXPECT_OUTPUT("{\"schema\":1,\"verdict\":\"allowed\",\"reason\":\"relay\",\"mode\":\"enforce\",\"effective_mode\":null,"
		      "\"src\":\"100.64.7.7\",\"dst\":\"192.0.2.25\",\"port\":25,"
		      "\"dynamic\":\"100.64.0.0/10\",\"dynamic_label\":\"flets\","
		      "\"static\":\"100.64.7.7/32\",\"static_label\":\"cust-1\",\"static_expires\":\"2027-01-01T00:00:00Z\","
		      "\"relay\":\"192.0.2.0/24\",\"relay_expires\":\"2027-01-01T00:00:00Z\"}\n",
		      op25bctl_test_print(f, &q, &r, NULL, true));
}

static void annot_top_dynamic(void)
{
	struct op25b_top t = { 0 };
	struct nlmsghdr *nlh;
	struct nlattr *row;
	int i;

	memset(msgbuf, 0, 4096);
	nlh = reply_start(msgbuf, OP25B_CMD_GET_TOP);
	for (i = 0; i < 3; i++) {
		row = mnl_attr_nest_start(nlh, OP25B_A_TOP);
		put_prefix(nlh, OP25B_TOP_A_SRC, i < 2 ? "100.64.1.1" : "10.1.1.1");
		mnl_attr_put(nlh, OP25B_TOP_A_PAD, 0, "");
		mnl_attr_put_u64(nlh, OP25B_TOP_A_PACKETS, 10 - i);
		mnl_attr_put_u32(nlh, OP25B_TOP_A_DESTINATIONS, 1);
		mnl_attr_put_u64(nlh, OP25B_TOP_A_FIRST_SEEN, T2026);
		mnl_attr_put_u64(nlh, OP25B_TOP_A_LAST_SEEN, T2026 + 60);
		if (i == 0)
			put_annotated(nlh, OP25B_TOP_A_DYNAMIC, "100.64.0.0/10",
				      "flets", 0, true);
		else if (i == 1)
			put_annotated(nlh, OP25B_TOP_A_DYNAMIC, "100.64.0.0/16",
				      NULL, 0, false);
		mnl_attr_nest_end(nlh, row);
	}
	EXPECT_INT(op25b_top_parse(nlh, &t), 0);
	EXPECT_INT(t.len, 3);
	EXPECT(t.v[0].has_dynamic && t.v[1].has_dynamic && !t.v[2].has_dynamic);
	EXPECT_OUTPUT("SOURCE                                       PACKETS DESTINATIONS  FIRST SEEN            LAST SEEN             POOL\n"
		      "100.64.1.1                                        10            1  2026-06-01T02:00:00Z  2026-06-01T02:01:00Z  flets\n"
		      "100.64.1.1                                         9            1  2026-06-01T02:00:00Z  2026-06-01T02:01:00Z  -\n"
		      "10.1.1.1                                           8            1  2026-06-01T02:00:00Z  2026-06-01T02:01:00Z  -\n",
		      op25bctl_top_print(f, &t, 0, false));
	EXPECT_OUTPUT("{\"schema\":1,\"sources\":["
		      "{\"src\":\"100.64.1.1\",\"packets\":10,\"destinations\":1,\"first_seen\":\"2026-06-01T02:00:00Z\",\"last_seen\":\"2026-06-01T02:01:00Z\","
		      "\"dynamic\":{\"prefix\":\"100.64.0.0/10\",\"label\":\"flets\"}},"
		      "{\"src\":\"100.64.1.1\",\"packets\":9,\"destinations\":1,\"first_seen\":\"2026-06-01T02:00:00Z\",\"last_seen\":\"2026-06-01T02:01:00Z\","
		      "\"dynamic\":{\"prefix\":\"100.64.0.0/16\"}},"
		      "{\"src\":\"10.1.1.1\",\"packets\":8,\"destinations\":1,\"first_seen\":\"2026-06-01T02:00:00Z\",\"last_seen\":\"2026-06-01T02:01:00Z\"}]}\n",
		      op25bctl_top_print(f, &t, 0, true));
	op25b_top_free(&t);
	/* A broken DYNAMIC nest fails the message, as a broken SRC does. */
	memset(msgbuf, 0, 4096);
	nlh = reply_start(msgbuf, OP25B_CMD_GET_TOP);
	row = mnl_attr_nest_start(nlh, OP25B_A_TOP);
	put_prefix(nlh, OP25B_TOP_A_SRC, "100.64.1.1");
	mnl_attr_put_u64(nlh, OP25B_TOP_A_PACKETS, 1);
	put_annotated(nlh, OP25B_TOP_A_DYNAMIC, "100.64.0.0/10", "bad label",
		      0, false);
	mnl_attr_nest_end(nlh, row);
	EXPECT_INT(op25b_top_parse(nlh, &t), -EBADMSG);
	op25b_top_free(&t);
}

const struct unit_case annot_cases[] = {
	UNIT_CASE(annot_parse_good_lines),
	UNIT_CASE(annot_same_twice_is_fine),
	UNIT_CASE(annot_label_refused),
	UNIT_CASE(annot_longest_label),
	UNIT_CASE(annot_missing_and_repeated),
	UNIT_CASE(annot_bad_time),
	UNIT_CASE(annot_prefix_after_keyword),
	UNIT_CASE(annot_conflict_names_both_lines),
	UNIT_CASE(annot_expired_left_out),
	UNIT_CASE(annot_expired_many),
	UNIT_CASE(annot_save_format),
	UNIT_CASE(annot_write_refuses_bad),
	UNIT_CASE(annot_round_trip),
	UNIT_CASE(annot_policy_equal_compares_them),
	UNIT_CASE(annot_sort_keeps_pairs),
	UNIT_CASE(annot_build_add_and_del),
	UNIT_CASE(annot_chunks_never_overflow),
	UNIT_CASE(annot_reply_nests),
	UNIT_CASE(annot_dump_parse),
	UNIT_CASE(annot_test_reply),
	UNIT_CASE(annot_top_dynamic),
	UNIT_END
};
