// SPDX-License-Identifier: GPL-2.0
/*
 * nftables sets, read through NETLINK_NETFILTER: NFT_MSG_GETTABLE (to say
 * which of table and set is missing), NFT_MSG_GETSET (the key type and
 * flags), then an NFT_MSG_GETSETELEM dump, which libnftnl parses into the
 * same struct nftnl_set.
 *
 * An interval set in the kernel's rbtree backend holds each range as a
 * start element and an element flagged NFT_SET_ELEM_INTERVAL_END at the
 * first address past it; a range that runs to the last address has no end
 * element, and nft may leave an end element with no start before it. A
 * lookup takes the greatest element at or below the address, so the
 * ranges are read by sorting the elements and walking them in order.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
/* Before linux/netfilter.h, whose linux/in.h then defers to it. */
#include <netinet/in.h>

#include <libmnl/libmnl.h>
#include <libnftnl/set.h>
#include <libnftnl/table.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>

#include "nft.h"
#include "ranges.h"

#define NFT_RECV_SIZE	65536

static const struct {
	const char *name;
	int family;
} families[] = {
	{ "ip", NFPROTO_IPV4 },
	{ "ip6", NFPROTO_IPV6 },
	{ "inet", NFPROTO_INET },
	{ "arp", NFPROTO_ARP },
	{ "bridge", NFPROTO_BRIDGE },
	{ "netdev", NFPROTO_NETDEV },
};

int op25b_nft_family_lookup(const char *name)
{
	unsigned int i;

	for (i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		if (!strcmp(families[i].name, name))
			return families[i].family;
	return -1;
}

const char *op25b_nft_family_name(int family)
{
	unsigned int i;

	for (i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		if (families[i].family == family)
			return families[i].name;
	return "unknown";
}

static int nft_fail(struct op25b_nft_error *err, int e, const char *fmt,
		    ...) __attribute__((format(printf, 3, 4)));

static int nft_fail(struct op25b_nft_error *err, int e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -e;
}

/* One element as the walk needs it. */
struct point {
	op25b_u128 key;
	bool end;
};

static int cmp_point(const void *a, const void *b)
{
	const struct point *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	/* At one address, the end of a range comes before the next start. */
	return (int)y->end - (int)x->end;
}

/* The key of e, or KEY_END with end_key, if it has addrlen bytes. */
static bool elem_addr(struct nftnl_set_elem *e, uint16_t attr,
		      unsigned int addrlen, uint8_t family, op25b_u128 *v)
{
	const void *data;
	uint32_t len = 0;

	if (!nftnl_set_elem_is_set(e, attr))
		return false;
	data = nftnl_set_elem_get(e, attr, &len);
	if (!data || len != addrlen)
		return false;
	*v = op25b_addr_to_u128(data, family);
	return true;
}

/* Collects the elements of s as points, or as ranges when they carry both ends. */
static int collect(struct nftnl_set *s, uint8_t family, struct point **pts,
		   size_t *npts, struct op25b_range_list *ranges)
{
	unsigned int addrlen = op25b_prefix_addrlen(family);
	struct nftnl_set_elems_iter *it;
	struct nftnl_set_elem *e;
	op25b_u128 key, key_end;
	size_t cap = 0;
	int ret = 0;

	*pts = NULL;
	*npts = 0;
	it = nftnl_set_elems_iter_create(s);
	if (!it)
		return -ENOMEM;
	/* _next() returns the current element, then moves on. */
	while (!ret && (e = nftnl_set_elems_iter_next(it))) {
		if (!elem_addr(e, NFTNL_SET_ELEM_KEY, addrlen, family, &key))
			continue;
		if (elem_addr(e, NFTNL_SET_ELEM_KEY_END, addrlen, family,
			      &key_end)) {
			if (key_end >= key)
				ret = op25b_range_list_add(ranges, key, key_end);
			continue;
		}
		if (op25b_array_grow((void **)pts, &cap, *npts, sizeof(**pts))) {
			ret = -ENOMEM;
			break;
		}
		(*pts)[*npts].key = key;
		(*pts)[*npts].end = nftnl_set_elem_is_set(e, NFTNL_SET_ELEM_FLAGS) &&
				    (nftnl_set_elem_get_u32(e, NFTNL_SET_ELEM_FLAGS) &
				     NFT_SET_ELEM_INTERVAL_END);
		(*npts)++;
	}
	nftnl_set_elems_iter_destroy(it);
	return ret;
}

/* Start and end points of an interval set, sorted, into ranges. */
static int walk_intervals(struct point *pts, size_t n, uint8_t family,
			  struct op25b_range_list *ranges)
{
	op25b_u128 last = op25b_prefix_maxlen(family) == 32 ?
			  0xffffffffu : ~(op25b_u128)0;
	op25b_u128 start = 0;
	bool open = false;
	size_t i;

	if (n)
		qsort(pts, n, sizeof(*pts), cmp_point);
	for (i = 0; i < n; i++) {
		if (!pts[i].end) {
			if (!open)
				start = pts[i].key;
			open = true;
		} else if (open) {
			open = false;
			if (pts[i].key > start &&
			    op25b_range_list_add(ranges, start, pts[i].key - 1))
				return -ENOMEM;
		}
	}
	if (open && op25b_range_list_add(ranges, start, last))
		return -ENOMEM;
	return 0;
}

static int key_family(struct nftnl_set *s, uint8_t *family,
		      struct op25b_nft_error *err)
{
	uint32_t type = 0, len = 0;

	if (nftnl_set_is_set(s, NFTNL_SET_KEY_TYPE))
		type = nftnl_set_get_u32(s, NFTNL_SET_KEY_TYPE);
	if (nftnl_set_is_set(s, NFTNL_SET_KEY_LEN))
		len = nftnl_set_get_u32(s, NFTNL_SET_KEY_LEN);
	if (type == OP25B_NFT_TYPE_IPADDR && len == 4)
		*family = AF_INET;
	else if (type == OP25B_NFT_TYPE_IP6ADDR && len == 16)
		*family = AF_INET6;
	else
		return nft_fail(err, EINVAL, "not an address set (key type %u of %u bytes; expected ipv4_addr or ipv6_addr)",
				type, len);
	return 0;
}

int op25b_nft_set_prefixes(struct nftnl_set *s, struct op25b_prefix_list *out,
			   struct op25b_nft_error *err)
{
	struct op25b_range_list ranges = { 0 };
	struct point *pts = NULL;
	uint8_t family = 0;
	uint32_t flags = 0;
	size_t n = 0, i;
	int ret;

	ret = key_family(s, &family, err);
	if (ret < 0)
		return ret;
	if (nftnl_set_is_set(s, NFTNL_SET_FLAGS))
		flags = nftnl_set_get_u32(s, NFTNL_SET_FLAGS);
	ret = collect(s, family, &pts, &n, &ranges);
	if (!ret && !(flags & NFT_SET_INTERVAL)) {
		/*
		 * A plain set: each element one address, kept as it is, so
		 * that it can later be deleted on its own.
		 */
		for (i = 0; !ret && i < n; i++)
			ret = op25b_range_to_prefixes(family, pts[i].key,
						      pts[i].key, out);
		goto done;
	}
	if (!ret)
		ret = walk_intervals(pts, n, family, &ranges);
	if (!ret) {
		op25b_range_list_normalize(&ranges);
		for (i = 0; !ret && i < ranges.len; i++)
			ret = op25b_range_to_prefixes(family, ranges.v[i].lo,
						      ranges.v[i].hi, out);
	}
done:
	free(pts);
	op25b_range_list_free(&ranges);
	if (ret == -ENOMEM)
		return nft_fail(err, ENOMEM, "out of memory");
	return ret;
}

struct nft_sock {
	struct mnl_socket *nl;
	uint32_t portid;
	uint32_t seq;
	char buf[NFT_RECV_SIZE] __attribute__((aligned(NLMSG_ALIGNTO)));
};

static int set_cb(const struct nlmsghdr *nlh, void *data)
{
	return nftnl_set_nlmsg_parse(nlh, data) < 0 ? MNL_CB_ERROR : MNL_CB_OK;
}

static int elems_cb(const struct nlmsghdr *nlh, void *data)
{
	return nftnl_set_elems_nlmsg_parse(nlh, data) < 0 ? MNL_CB_ERROR :
							     MNL_CB_OK;
}

static int ignore_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return MNL_CB_OK;
}

/* Sends nlh and runs cb on every reply up to the ACK or NLMSG_DONE. */
static int talk(struct nft_sock *ns, struct nlmsghdr *nlh, mnl_cb_t cb,
		void *data)
{
	uint32_t seq = nlh->nlmsg_seq;
	ssize_t len;
	int ret;

	if (mnl_socket_sendto(ns->nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		len = mnl_socket_recvfrom(ns->nl, ns->buf, sizeof(ns->buf));
		if (len < 0)
			return -errno;
		ret = mnl_cb_run(ns->buf, len, seq, ns->portid, cb, data);
	} while (ret > MNL_CB_STOP);
	return ret < 0 ? -errno : 0;
}

static int get_table(struct nft_sock *ns, int family, const char *table)
{
	char buf[512] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nftnl_table *t = nftnl_table_alloc();
	struct nlmsghdr *nlh;
	int ret;

	if (!t)
		return -ENOMEM;
	nftnl_table_set_str(t, NFTNL_TABLE_NAME, table);
	nlh = nftnl_nlmsg_build_hdr(buf, NFT_MSG_GETTABLE, family, NLM_F_ACK,
				    ++ns->seq);
	nftnl_table_nlmsg_build_payload(nlh, t);
	nftnl_table_free(t);
	ret = talk(ns, nlh, ignore_cb, NULL);
	return ret;
}

static int get_set(struct nft_sock *ns, int family, struct nftnl_set *s,
		   uint16_t type, uint16_t flags, mnl_cb_t cb)
{
	char buf[512] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *nlh;

	nlh = nftnl_nlmsg_build_hdr(buf, type, family, flags, ++ns->seq);
	if (type == NFT_MSG_GETSET)
		nftnl_set_nlmsg_build_payload(nlh, s);
	else
		nftnl_set_elems_nlmsg_build_payload(nlh, s);
	return talk(ns, nlh, cb, s);
}

static int read_set(struct nft_sock *ns, int family, const char *table,
		    const char *name, struct nftnl_set *s,
		    struct op25b_nft_error *err)
{
	const char *fam = op25b_nft_family_name(family);
	int ret;

	ret = get_table(ns, family, table);
	if (ret == -ENOENT)
		return nft_fail(err, ENOENT, "no table %s %s", fam, table);
	if (ret < 0)
		return nft_fail(err, -ret, "reading table %s %s: %s", fam,
				table, strerror(-ret));
	nftnl_set_set_str(s, NFTNL_SET_TABLE, table);
	nftnl_set_set_str(s, NFTNL_SET_NAME, name);
	ret = get_set(ns, family, s, NFT_MSG_GETSET, NLM_F_ACK, set_cb);
	if (ret == -ENOENT)
		return nft_fail(err, ENOENT, "no set %s in table %s %s", name,
				fam, table);
	if (!ret) {
		/* The reply named them again; the dump request needs them. */
		nftnl_set_set_str(s, NFTNL_SET_TABLE, table);
		nftnl_set_set_str(s, NFTNL_SET_NAME, name);
		ret = get_set(ns, family, s, NFT_MSG_GETSETELEM, NLM_F_DUMP,
			      elems_cb);
	}
	if (ret < 0)
		return nft_fail(err, -ret, "reading set %s in table %s %s: %s",
				name, fam, table, strerror(-ret));
	return 0;
}

int op25b_nft_read_set(int family, const char *table, const char *name,
		       struct op25b_prefix_list *out,
		       struct op25b_nft_error *err)
{
	struct nftnl_set *s = NULL;
	struct nft_sock *ns;
	int ret = -ENOMEM;
	char what[sizeof(err->msg)];

	ns = calloc(1, sizeof(*ns));
	if (ns)
		s = nftnl_set_alloc();
	if (!ns || !s)
		goto out;
	ns->seq = time(NULL);
	ns->nl = mnl_socket_open(NETLINK_NETFILTER);
	if (!ns->nl || mnl_socket_bind(ns->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		ret = nft_fail(err, errno, "cannot open a netfilter netlink socket: %s",
			       strerror(errno));
		goto out;
	}
	ns->portid = mnl_socket_get_portid(ns->nl);
	ret = read_set(ns, family, table, name, s, err);
	if (!ret) {
		ret = op25b_nft_set_prefixes(s, out, err);
		if (ret == -EINVAL) {
			snprintf(what, sizeof(what), "%s", err->msg);
			nft_fail(err, EINVAL, "set %s in table %s %s is %.200s",
				 name, op25b_nft_family_name(family), table,
				 what);
		}
	}
out:
	if (ret == -ENOMEM)
		nft_fail(err, ENOMEM, "out of memory");
	if (ns && ns->nl)
		mnl_socket_close(ns->nl);
	free(ns);
	if (s)
		nftnl_set_free(s);
	return ret;
}
