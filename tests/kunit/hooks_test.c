// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the packet parser (hooks.c) on hand-built packets, and of
 * the verdict (policy.h) on a hand-built policy: every row of the table.
 */

#include <kunit/test.h>
#include <linux/err.h>
#include <linux/skbuff.h>
#include <net/ip.h>
#include <net/ipv6.h>

#include "op25b.h"

/* An skb holding exactly @len bytes of @pkt, network header first. */
static struct sk_buff *mkskb(struct kunit *test, const u8 *pkt,
			     unsigned int len)
{
	struct sk_buff *skb = alloc_skb(len + 16, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, 16);
	skb_reset_network_header(skb);
	skb_put_data(skb, pkt, len);
	return skb;
}

static enum op25b_l4 parse(struct kunit *test, bool v6, const u8 *pkt,
			   unsigned int len, u16 *dport)
{
	struct sk_buff *skb = mkskb(test, pkt, len);
	unsigned int thoff;
	enum op25b_l4 r;

	*dport = 0;
	r = v6 ? op25b_parse6(skb, dport, &thoff) :
		 op25b_parse4(skb, dport, &thoff);
	kfree_skb(skb);
	return r;
}

/* IPv4 header (ihl words), then TCP ports 40000 -> 25. */
static unsigned int v4pkt(u8 *b, u8 ihl, u8 proto, u16 frag)
{
	memset(b, 0, 80);
	b[0] = 0x40 | ihl;
	b[6] = frag >> 8;
	b[7] = frag & 0xff;
	b[9] = proto;
	b[ihl * 4 + 0] = 40000 >> 8;
	b[ihl * 4 + 1] = 40000 & 0xff;
	b[ihl * 4 + 3] = 25;
	return ihl * 4 + 20;
}

static void parse4_plain_and_options(struct kunit *test)
{
	u8 b[80];
	u16 port;
	unsigned int n;

	n = v4pkt(b, 5, IPPROTO_TCP, 0);
	KUNIT_EXPECT_EQ(test, parse(test, false, b, n, &port), OP25B_L4_TCP);
	KUNIT_EXPECT_EQ(test, port, 25);

	/* 12 bytes of options: the port moves, and is still found. */
	n = v4pkt(b, 8, IPPROTO_TCP, 0);
	KUNIT_EXPECT_EQ(test, parse(test, false, b, n, &port), OP25B_L4_TCP);
	KUNIT_EXPECT_EQ(test, port, 25);

	n = v4pkt(b, 5, IPPROTO_UDP, 0);
	KUNIT_EXPECT_EQ(test, parse(test, false, b, n, &port), OP25B_L4_OTHER);
}

static void parse4_fragments_and_truncation(struct kunit *test)
{
	u8 b[80];
	u16 port;

	/* First fragment (MF) with the ports: a segment like any other. */
	v4pkt(b, 5, IPPROTO_TCP, IP_MF);
	KUNIT_EXPECT_EQ(test, parse(test, false, b, 28, &port), OP25B_L4_TCP);
	/* First fragment cut inside the ports. */
	KUNIT_EXPECT_EQ(test, parse(test, false, b, 22, &port),
			OP25B_L4_TCP_SHORT);
	/* Later fragment: no ports, passes. */
	v4pkt(b, 5, IPPROTO_TCP, 185);
	KUNIT_EXPECT_EQ(test, parse(test, false, b, 40, &port),
			OP25B_L4_OTHER);
	/* Not a fragment, but cut short: never read past the end. */
	v4pkt(b, 5, IPPROTO_TCP, 0);
	KUNIT_EXPECT_EQ(test, parse(test, false, b, 22, &port),
			OP25B_L4_OTHER);
	KUNIT_EXPECT_EQ(test, parse(test, false, b, 10, &port),
			OP25B_L4_OTHER);
	/* Options longer than the packet. */
	v4pkt(b, 15, IPPROTO_TCP, IP_MF);
	KUNIT_EXPECT_EQ(test, parse(test, false, b, 40, &port),
			OP25B_L4_TCP_SHORT);
}

/* Appends an 8-byte extension header of type-specific layout. */
static unsigned int ext(u8 *b, unsigned int off, u8 next, u8 type)
{
	memset(b + off, 0, 8);
	b[off] = next;
	if (type == NEXTHDR_AUTH)
		b[off + 1] = 0;	/* AH length in 4-byte units, minus 2 */
	return off + 8;
}

static unsigned int v6start(u8 *b, u8 next)
{
	memset(b, 0, 128);
	b[0] = 0x60;
	b[6] = next;
	return 40;
}

static unsigned int tcp_ports(u8 *b, unsigned int off)
{
	memset(b + off, 0, 20);
	b[off + 3] = 25;
	return off + 20;
}

static void parse6_extension_headers(struct kunit *test)
{
	u8 b[128];
	unsigned int off;
	u16 port;

	off = v6start(b, IPPROTO_TCP);
	off = tcp_ports(b, off);
	KUNIT_EXPECT_EQ(test, parse(test, true, b, off, &port), OP25B_L4_TCP);
	KUNIT_EXPECT_EQ(test, port, 25);

	off = v6start(b, NEXTHDR_HOP);
	off = ext(b, off, NEXTHDR_ROUTING, NEXTHDR_HOP);
	off = ext(b, off, NEXTHDR_DEST, NEXTHDR_ROUTING);
	off = ext(b, off, NEXTHDR_AUTH, NEXTHDR_DEST);
	/* AH length field 2: (2 + 2) * 4 = 16 bytes. */
	b[off + 1] = 2;
	memset(b + off + 2, 0, 14);
	b[off] = IPPROTO_TCP;
	off += 16;
	off = tcp_ports(b, off);
	KUNIT_EXPECT_EQ(test, parse(test, true, b, off, &port), OP25B_L4_TCP);
	KUNIT_EXPECT_EQ(test, port, 25);

	/* Cut inside the chain, no fragment header: not TCP we can see. */
	KUNIT_EXPECT_EQ(test, parse(test, true, b, 44, &port),
			OP25B_L4_OTHER);

	off = v6start(b, IPPROTO_UDP);
	KUNIT_EXPECT_EQ(test, parse(test, true, b, off + 8, &port),
			OP25B_L4_OTHER);
	off = v6start(b, NEXTHDR_ESP);
	KUNIT_EXPECT_EQ(test, parse(test, true, b, off + 8, &port),
			OP25B_L4_OTHER);
}

static void parse6_fragments(struct kunit *test)
{
	u8 b[128];
	unsigned int off;
	u16 port;

	/* First fragment: offset 0, M flag set. */
	off = v6start(b, NEXTHDR_FRAGMENT);
	off = ext(b, off, IPPROTO_TCP, NEXTHDR_FRAGMENT);
	b[off - 5] = 1;
	off = tcp_ports(b, off);
	KUNIT_EXPECT_EQ(test, parse(test, true, b, off, &port), OP25B_L4_TCP);
	KUNIT_EXPECT_EQ(test, port, 25);
	KUNIT_EXPECT_EQ(test, parse(test, true, b, 50, &port),
			OP25B_L4_TCP_SHORT);

	/* Header chain of a first fragment cut before TCP. */
	off = v6start(b, NEXTHDR_FRAGMENT);
	off = ext(b, off, NEXTHDR_DEST, NEXTHDR_FRAGMENT);
	KUNIT_EXPECT_EQ(test, parse(test, true, b, off + 4, &port),
			OP25B_L4_TCP_SHORT);

	/* Later fragment: offset 8 bytes. */
	off = v6start(b, NEXTHDR_FRAGMENT);
	off = ext(b, off, IPPROTO_TCP, NEXTHDR_FRAGMENT);
	b[off - 5] = 8;
	KUNIT_EXPECT_EQ(test, parse(test, true, b, off + 20, &port),
			OP25B_L4_OTHER);
}

/* The verdict on a policy of one prefix per set, for every row. */
static void verdict_rows(struct kunit *test)
{
	struct op25b_policy *p = op25b_policy_new();
	static const struct {
		u32 src, dst;
		u16 port;
		u8 mode;
		enum op25b_reason want;
	} rows[] = {
		{ 0x64400a0a, 0xcb007105, 25, OP25B_MODE_ENFORCE,
		  OP25B_REASON_BLOCKED },
		{ 0x64400a0a, 0xcb007105, 2525, OP25B_MODE_ENFORCE,
		  OP25B_REASON_BLOCKED },
		{ 0x64400a0a, 0xcb007105, 587, OP25B_MODE_ENFORCE,
		  OP25B_REASON_PORT },
		{ 0x64400114, 0xcb007105, 25, OP25B_MODE_ENFORCE,
		  OP25B_REASON_STATIC },
		{ 0x64400a0a, 0xcb007119, 25, OP25B_MODE_ENFORCE,
		  OP25B_REASON_RELAY },
		{ 0xc6336401, 0xcb007105, 25, OP25B_MODE_ENFORCE,
		  OP25B_REASON_NOT_DYNAMIC },
		{ 0x64400a0a, 0xcb007105, 25, OP25B_MODE_MONITOR,
		  OP25B_REASON_BLOCKED },
		{ 0x64400a0a, 0xcb007105, 25, OP25B_MODE_OFF,
		  OP25B_REASON_OFF },
	};
	static const struct { u8 set; u32 addr; u8 len; } pfx[] = {
		{ OP25B_SET_DYNAMIC, 0x64400000, 10 },	/* 100.64.0.0/10 */
		{ OP25B_SET_STATIC, 0x64400114, 30 },	/* 100.64.1.20/30 */
		{ OP25B_SET_RELAY, 0xcb007119, 32 },	/* 203.0.113.25 */
	};
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, p);
	p->nports = 2;
	p->ports[1] = 2525;
	for (i = 0; i < ARRAY_SIZE(pfx); i++) {
		struct op25b_plist *l = op25b_plist_alloc(OP25B_V4, 1);

		KUNIT_ASSERT_NOT_NULL(test, l);
		op25b_elem_make(OP25B_V4, op25b_plist_flat(l), pfx[i].addr,
				pfx[i].len);
		op25b_policy_set_list(p, pfx[i].set, OP25B_V4, l);
		KUNIT_ASSERT_EQ(test, op25b_policy_compile(p, OP25B_V4,
							   pfx[i].set), 0);
	}
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		u64 s[2] = { 0, rows[i].src }, d[2] = { 0, rows[i].dst };

		p->mode = rows[i].mode;
		KUNIT_EXPECT_EQ_MSG(test, op25b_policy_classify(p, OP25B_V4, s,
								d, rows[i].port,
								true),
				    rows[i].want, "row %u", i);
	}
	/* A short first fragment counts as to an enforced port. */
	{
		u64 s[2] = { 0, 0x64400a0a }, d[2] = { 0, 0xcb007105 };

		p->mode = OP25B_MODE_ENFORCE;
		KUNIT_EXPECT_EQ(test, op25b_policy_classify(p, OP25B_V4, s, d,
							    0, false),
				OP25B_REASON_BLOCKED);
	}
	op25b_policy_free(p);
}

static struct kunit_case hooks_test_cases[] = {
	KUNIT_CASE(parse4_plain_and_options),
	KUNIT_CASE(parse4_fragments_and_truncation),
	KUNIT_CASE(parse6_extension_headers),
	KUNIT_CASE(parse6_fragments),
	KUNIT_CASE(verdict_rows),
	{}
};

static struct kunit_suite hooks_test_suite = {
	.name = "op25b_hooks",
	.test_cases = hooks_test_cases,
};

kunit_test_suite(hooks_test_suite);
