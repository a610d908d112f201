// SPDX-License-Identifier: GPL-2.0
/*
 * The packet path: netfilter hooks on the IPv4 and IPv6 forward path of
 * each namespace.
 *
 * Cost. Protocol and port come first, so that a segment that is not TCP
 * to an enforced port costs a header read, a policy pointer load and a
 * compare of at most OP25B_PORTS_MAX ports, and no set lookup. Every TCP
 * segment counts, not only SYNs: established flows and crafted packets
 * are stopped too. No locks: the policy is read under RCU (netfilter
 * calls hooks inside an RCU read-side section), counters are per CPU.
 *
 * Parsing. IPv4 options are skipped by the header length; IPv6 extension
 * headers (hop-by-hop, routing, destination options, fragment, AH) are
 * walked to the TCP header. Every read goes through skb_header_pointer(),
 * so a truncated packet is never read past its end. A later fragment
 * passes: it has no ports, and its first fragment was judged. A first
 * fragment too short to hold the destination port is treated as if it
 * were to an enforced port (the port may hide in the next fragment), so
 * it is blocked when its source is: a legitimate stack never splits the
 * first 4 bytes of TCP from the IP header chain.
 */

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <net/ipv6.h>
#include <net/netfilter/ipv4/nf_reject.h>
#include <net/netfilter/ipv6/nf_reject.h>

#include "op25b.h"

/*
 * After conntrack (-200) and mangle (-150), just before the filter table
 * (0): blocked segments never reach an operator's forward rules, and
 * conntrack has already reassembled fragments when it is loaded.
 */
#define OP25B_NF_PRIORITY (NF_IP_PRI_FILTER - 10)

enum op25b_l4 op25b_parse4(const struct sk_buff *skb, u16 *dport,
			   unsigned int *thoff)
{
	unsigned int off = skb_network_offset(skb);
	struct iphdr _iph;
	const struct iphdr *iph;
	__be16 _ports[2];
	const __be16 *ports;

	iph = skb_header_pointer(skb, off, sizeof(_iph), &_iph);
	if (!iph || iph->protocol != IPPROTO_TCP || iph->ihl < 5)
		return OP25B_L4_OTHER;
	if (iph->frag_off & htons(IP_OFFSET))
		return OP25B_L4_OTHER;
	*thoff = off + iph->ihl * 4;
	ports = skb_header_pointer(skb, *thoff, sizeof(_ports), _ports);
	if (!ports)
		return (iph->frag_off & htons(IP_MF)) ? OP25B_L4_TCP_SHORT :
							 OP25B_L4_OTHER;
	*dport = ntohs(ports[1]);
	return OP25B_L4_TCP;
}

enum op25b_l4 op25b_parse6(const struct sk_buff *skb, u16 *dport,
			   unsigned int *thoff)
{
	unsigned int off = skb_network_offset(skb);
	const struct ipv6hdr *ip6;
	struct ipv6hdr _ip6;
	bool fragment = false;
	__be16 _ports[2];
	const __be16 *ports;
	u8 nexthdr;

	ip6 = skb_header_pointer(skb, off, sizeof(_ip6), &_ip6);
	if (!ip6)
		return OP25B_L4_OTHER;
	nexthdr = ip6->nexthdr;
	off += sizeof(*ip6);

	/* Each header is at least 8 bytes: the walk ends with the packet. */
	for (;;) {
		struct ipv6_opt_hdr _hdr;
		const struct ipv6_opt_hdr *hp;
		struct frag_hdr _fh;
		const struct frag_hdr *fh;

		switch (nexthdr) {
		case IPPROTO_TCP:
			*thoff = off;
			ports = skb_header_pointer(skb, off, sizeof(_ports),
						   _ports);
			if (!ports)
				return fragment ? OP25B_L4_TCP_SHORT :
						  OP25B_L4_OTHER;
			*dport = ntohs(ports[1]);
			return OP25B_L4_TCP;
		case NEXTHDR_FRAGMENT:
			fh = skb_header_pointer(skb, off, sizeof(_fh), &_fh);
			if (!fh)	/* malformed: no stack will take it */
				return OP25B_L4_OTHER;
			if (fh->frag_off & htons(IP6_OFFSET))
				return OP25B_L4_OTHER;
			fragment = true;
			nexthdr = fh->nexthdr;
			off += sizeof(*fh);
			break;
		case NEXTHDR_HOP:
		case NEXTHDR_ROUTING:
		case NEXTHDR_DEST:
		case NEXTHDR_AUTH:
			hp = skb_header_pointer(skb, off, sizeof(_hdr), &_hdr);
			if (!hp)
				return fragment ? OP25B_L4_TCP_SHORT :
						  OP25B_L4_OTHER;
			off += nexthdr == NEXTHDR_AUTH ? ipv6_authlen(hp) :
							  ipv6_optlen(hp);
			nexthdr = hp->nexthdr;
			break;
		default:
			return OP25B_L4_OTHER;
		}
	}
}

static const enum op25b_counter reason_counter[__OP25B_REASON_MAX] = {
	[OP25B_REASON_NOT_DYNAMIC] = OP25B_C_NOT_DYNAMIC,
	[OP25B_REASON_STATIC] = OP25B_C_EXEMPT_STATIC,
	[OP25B_REASON_RELAY] = OP25B_C_EXEMPT_RELAY,
	[OP25B_REASON_BLOCKED] = OP25B_C_BLOCKED,
};

/*
 * Counts the verdict and turns it into a netfilter verdict. Segments that
 * are blocked, or would be, also go to the list of sources (top.c) and,
 * when the policy logs, to the log (log.c).
 */
static unsigned int op25b_act(struct op25b_net *on,
			      const struct op25b_policy *p,
			      const struct op25b_pkt *pkt,
			      enum op25b_reason reason, struct sk_buff *skb,
			      const struct nf_hook_state *state)
{
	enum op25b_counter c;
	bool enforced;

	if (reason == OP25B_REASON_OFF || reason == OP25B_REASON_PORT)
		return NF_ACCEPT;
	c = reason_counter[reason];
	if (c != OP25B_C_BLOCKED) {
		op25b_stats_count2(on->stats, pkt->family, OP25B_C_INSPECTED, c);
		return NF_ACCEPT;
	}
	enforced = op25b_policy_mode(p) == OP25B_MODE_ENFORCE;
	if (!enforced)
		c = OP25B_C_MONITORED;
	op25b_stats_count2(on->stats, pkt->family, OP25B_C_INSPECTED, c);
	op25b_top_note(&on->top, pkt);
	if (p->log != OP25B_LOG_OFF)
		op25b_log_segment(p, pkt, enforced, skb, state);
	if (!enforced)
		return NF_ACCEPT;

	/* A short first fragment has no TCP header to answer with a RST. */
	if (p->action == OP25B_ACTION_REJECT && pkt->l4 == OP25B_L4_TCP) {
		if (pkt->family == OP25B_V4)
			nf_send_reset(state->net, state->sk, skb, state->hook);
		else
			nf_send_reset6(state->net, state->sk, skb, state->hook);
	}
	return NF_DROP;
}

static unsigned int op25b_hook4(void *priv, struct sk_buff *skb,
				const struct nf_hook_state *state)
{
	struct op25b_net *on = priv;
	const struct op25b_policy *p;
	enum op25b_reason reason;
	const struct iphdr *iph;
	struct op25b_pkt pkt;

	pkt.dport = 0;
	pkt.l4 = op25b_parse4(skb, &pkt.dport, &pkt.thoff);
	if (pkt.l4 == OP25B_L4_OTHER)
		return NF_ACCEPT;
	p = rcu_dereference(on->policy);
	iph = ip_hdr(skb);
	pkt.family = OP25B_V4;
	pkt.src[0] = 0;
	pkt.src[1] = ntohl(iph->saddr);
	pkt.dst[0] = 0;
	pkt.dst[1] = ntohl(iph->daddr);
	reason = op25b_policy_classify(p, OP25B_V4, pkt.src, pkt.dst,
				       pkt.dport, pkt.l4 == OP25B_L4_TCP);
	return op25b_act(on, p, &pkt, reason, skb, state);
}

static void in6_to_u64(const struct in6_addr *a, u64 out[2])
{
	out[0] = (u64)ntohl(a->s6_addr32[0]) << 32 | ntohl(a->s6_addr32[1]);
	out[1] = (u64)ntohl(a->s6_addr32[2]) << 32 | ntohl(a->s6_addr32[3]);
}

static unsigned int op25b_hook6(void *priv, struct sk_buff *skb,
				const struct nf_hook_state *state)
{
	struct op25b_net *on = priv;
	const struct op25b_policy *p;
	const struct ipv6hdr *ip6;
	enum op25b_reason reason;
	struct op25b_pkt pkt;

	pkt.dport = 0;
	pkt.l4 = op25b_parse6(skb, &pkt.dport, &pkt.thoff);
	if (pkt.l4 == OP25B_L4_OTHER)
		return NF_ACCEPT;
	p = rcu_dereference(on->policy);
	ip6 = ipv6_hdr(skb);
	pkt.family = OP25B_V6;
	in6_to_u64(&ip6->saddr, pkt.src);
	in6_to_u64(&ip6->daddr, pkt.dst);
	reason = op25b_policy_classify(p, OP25B_V6, pkt.src, pkt.dst,
				       pkt.dport, pkt.l4 == OP25B_L4_TCP);
	return op25b_act(on, p, &pkt, reason, skb, state);
}

void op25b_hooks_fill(struct op25b_net *on)
{
	on->ops[0] = (struct nf_hook_ops) {
		.hook = op25b_hook4,
		.priv = on,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_FORWARD,
		.priority = OP25B_NF_PRIORITY,
	};
	on->ops[1] = (struct nf_hook_ops) {
		.hook = op25b_hook6,
		.priv = on,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_FORWARD,
		.priority = OP25B_NF_PRIORITY,
	};
}
