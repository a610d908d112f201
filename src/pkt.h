/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A forwarded segment as the packet path parsed it, handed from hooks.c
 * to the counters, the list of sources and the log.
 */
#ifndef OP25B_PKT_H
#define OP25B_PKT_H

#include <linux/types.h>

/* What the packet parser found before the TCP ports. */
enum op25b_l4 {
	OP25B_L4_OTHER,		/* not TCP, or a later fragment */
	OP25B_L4_TCP,		/* TCP, ports read */
	OP25B_L4_TCP_SHORT,	/* first fragment without the ports */
};

/*
 * struct op25b_pkt - one parsed segment
 * @src, @dst:	addresses in host byte order; IPv4 in [1], [0] zero
 * @thoff:	offset of the TCP header in the skb
 * @dport:	destination port, 0 for OP25B_L4_TCP_SHORT
 */
struct op25b_pkt {
	u64 src[2];
	u64 dst[2];
	unsigned int thoff;
	u16 dport;
	u8 family;		/* OP25B_V4 or OP25B_V6 */
	enum op25b_l4 l4;
};

#endif /* OP25B_PKT_H */
