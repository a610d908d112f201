// SPDX-License-Identifier: GPL-2.0
/*
 * Logging connection attempts (SYN without ACK) that the policy blocks,
 * or would block in monitor, so that a NOC sees who is affected.
 *
 * "log kernel" prints one line per attempt, in netfilter's KEY=value
 * style, limited to OP25B_LOG_BURST lines a second for the whole module
 * (the kernel log is shared; the limit never affects the verdict). Like
 * the kernel's own LOG target it stays quiet in namespaces other than
 * the initial one unless net.netfilter.nf_log_all_netns is set, so that
 * a container cannot flood the host's log.
 *
 * "log nflog GROUP" hands the packet to nfnetlink_log, which sends it to
 * the listeners of GROUP (ulogd2, tcpdump -i nflog:GROUP) with the prefix
 * "op25b blocked" or "op25b monitored". It is not rate-limited here:
 * nfnetlink_log batches, and a listener can sample.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/inet.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/ratelimit.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <net/netfilter/nf_log.h>
#include <net/netlink.h>

#include "op25b.h"

#define OP25B_LOG_BURST 10

static DEFINE_RATELIMIT_STATE(op25b_log_rs, HZ, OP25B_LOG_BURST);

/* References on nfnetlink_log, taken once and kept until module exit. */
static DEFINE_MUTEX(nflog_lock);
static bool nflog_held;		/* under nflog_lock */

int op25b_log_nflog_get(struct netlink_ext_ack *extack)
{
	int ret = 0;

	mutex_lock(&nflog_lock);
	if (!nflog_held) {
		/* The module aliases nfnetlink_log registers for its logger. */
		request_module("nf-logger-%u-%u", NFPROTO_IPV4,
			       NF_LOG_TYPE_ULOG);
		request_module("nf-logger-%u-%u", NFPROTO_IPV6,
			       NF_LOG_TYPE_ULOG);
		ret = nf_logger_find_get(NFPROTO_INET, NF_LOG_TYPE_ULOG);
		nflog_held = !ret;
	}
	mutex_unlock(&nflog_lock);
	if (ret)
		NL_SET_ERR_MSG(extack,
			       "log nflog needs nfnetlink_log, which cannot be loaded");
	return ret;
}

void op25b_log_uninit(void)
{
	if (nflog_held)
		nf_logger_put(NFPROTO_INET, NF_LOG_TYPE_ULOG);
	nflog_held = false;
}

/* An address in host order (IPv4 in a[1]) as text, the kernel's way. */
static void addr_format(u8 family, const u64 a[2], char *buf, size_t size)
{
	__be32 w[4];
	unsigned int i;

	for (i = 0; i < 2; i++) {
		w[2 * i] = htonl((u32)(a[i] >> 32));
		w[2 * i + 1] = htonl((u32)a[i]);
	}
	if (family == OP25B_V4)
		snprintf(buf, size, "%pI4", &w[3]);
	else
		snprintf(buf, size, "%pI6c", w);
}

/*
 * The longest dynamic prefix holding @pkt's source, or "-", and its label
 * as " POOL=label" when it has one.
 */
static void dynamic_match(const struct op25b_policy *p,
			  const struct op25b_pkt *pkt, char *buf, size_t size)
{
	const struct op25b_note *note;
	const struct op25b_plist *l = p->sets[OP25B_SET_DYNAMIC][pkt->family];
	u128 src = (u128)pkt->src[0] << 64 | pkt->src[1];
	const void *e;
	u128 addr;
	u64 a[2];
	size_t n;
	long i;
	u8 len;

	i = op25b_plist_match(l, src);
	if (i < 0) {
		strscpy(buf, "-", size);
		return;
	}
	e = op25b_plist_elem(l, i);
	op25b_elem_parts(pkt->family, e, &addr, &len);
	a[0] = (u64)(addr >> 64);
	a[1] = (u64)addr;
	addr_format(pkt->family, a, buf, size);
	n = strlen(buf);
	note = op25b_nlist_find(pkt->family,
				p->notes[OP25B_SET_DYNAMIC][pkt->family], e);
	snprintf(buf + n, size - n, "/%u%s%s", len,
		 note && note->label[0] ? " POOL=" : "",
		 note ? note->label : "");
}

static void log_kernel(const struct op25b_policy *p,
		       const struct op25b_pkt *pkt, bool enforced, u16 sport,
		       const struct nf_hook_state *state)
{
	char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN];
	char match[INET6_ADDRSTRLEN + 5 + 6 + OP25B_LABEL_MAX];

	if (!net_eq(state->net, &init_net) && !sysctl_nf_log_all_netns)
		return;
	if (!__ratelimit(&op25b_log_rs))
		return;
	addr_format(pkt->family, pkt->src, src, sizeof(src));
	addr_format(pkt->family, pkt->dst, dst, sizeof(dst));
	dynamic_match(p, pkt, match, sizeof(match));
	pr_info("%s IN=%s OUT=%s SRC=%s DST=%s SPT=%u DPT=%u MODE=%s DYNAMIC=%s\n",
		enforced ? "blocked" : "monitored",
		state->in ? state->in->name : "",
		state->out ? state->out->name : "", src, dst, sport,
		pkt->dport, enforced ? "enforce" : "monitor", match);
}

void op25b_log_segment(const struct op25b_policy *p,
		       const struct op25b_pkt *pkt, bool enforced,
		       const struct sk_buff *skb,
		       const struct nf_hook_state *state)
{
	struct nf_loginfo li = {
		.type = NF_LOG_TYPE_ULOG,
		.u.ulog.group = p->log_group,
		.u.ulog.qthreshold = 1,
	};
	const struct tcphdr *th;
	struct tcphdr _th;

	if (pkt->l4 != OP25B_L4_TCP)
		return;
	th = skb_header_pointer(skb, pkt->thoff, sizeof(_th), &_th);
	if (!th || !th->syn || th->ack)
		return;
	if (p->log == OP25B_LOG_KERNEL)
		log_kernel(p, pkt, enforced, ntohs(th->source), state);
	else if (p->log == OP25B_LOG_NFLOG)
		nf_log_packet(state->net, pkt->family == OP25B_V4 ?
			      NFPROTO_IPV4 : NFPROTO_IPV6, state->hook, skb,
			      state->in, state->out, &li, "%s",
			      enforced ? "op25b blocked" : "op25b monitored");
}
