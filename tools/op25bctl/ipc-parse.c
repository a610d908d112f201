// SPDX-License-Identifier: GPL-2.0
/*
 * Decoding what the kernel sends. A newer module may send attributes we do
 * not know, and the UAPI promises those we know keep their meaning: the
 * former are skipped, the latter checked for type and length. A message
 * that ends inside an attribute is corrupt, and half of it must not pass
 * for the whole.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/op25b.h>

#include "ipc.h"

static const char *const stat_names[OP25B_STAT_COUNT] = {
	[OP25B_STAT_INSPECTED] = "inspected",
	[OP25B_STAT_BLOCKED] = "blocked",
	[OP25B_STAT_MONITORED] = "monitored",
	[OP25B_STAT_EXEMPT_STATIC] = "exempt_static",
	[OP25B_STAT_EXEMPT_RELAY] = "exempt_relay",
	[OP25B_STAT_NOT_DYNAMIC] = "not_dynamic",
};

const char *op25b_stat_name(unsigned int stat)
{
	return stat < OP25B_STAT_COUNT ? stat_names[stat] : NULL;
}

/*
 * A genl message must hold its header; cmd tells a reply to one request
 * from a reply to another.
 */
static int genl_check(const struct nlmsghdr *nlh, uint8_t cmd)
{
	const struct genlmsghdr *genl;

	if (nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN)
		return -EBADMSG;
	genl = mnl_nlmsg_get_payload(nlh);
	if (genl->cmd != cmd)
		return -EPROTO;
	return 0;
}

/* mnl_attr_for_each() stops quietly at the first attribute that does not fit. */
static bool attrs_consumed(const struct nlmsghdr *nlh,
			   const struct nlattr *attr)
{
	return (const void *)attr == mnl_nlmsg_get_payload_tail(nlh);
}

/* Past the end is fine: the last attribute's padding may reach beyond. */
static bool nest_consumed(const struct nlattr *nest, const struct nlattr *attr)
{
	const char *end = (const char *)mnl_attr_get_payload(nest) +
			  mnl_attr_get_payload_len(nest);

	return (const char *)attr >= end;
}

static int validate(const struct nlattr *attr, enum mnl_attr_data_type type)
{
	return mnl_attr_validate(attr, type) < 0 ? -errno : 0;
}

/*
 * A label as the UAPI defines it, or the nest is refused: save must not
 * write a line that apply would refuse, nor list a name it cut short.
 */
static int parse_label(const struct nlattr *attr, struct op25b_annot *a)
{
	const char *s;
	int ret = validate(attr, MNL_TYPE_NUL_STRING);

	if (ret < 0)
		return ret;
	s = mnl_attr_get_str(attr);
	if (!op25b_label_valid(s))
		return -EBADMSG;
	strcpy(a->label, s);
	return 0;
}

static int parse_expires(const struct nlattr *attr, struct op25b_annot *a)
{
	int ret = validate(attr, MNL_TYPE_U64);

	if (ret < 0)
		return ret;
	/* mnl_attr_get_u64() copes with the 4-byte alignment of netlink. */
	a->expires = mnl_attr_get_u64(attr);
	return a->expires && a->expires <= OP25B_TIME_MAX ? 0 : -ERANGE;
}

int op25b_prefix_nest_parse(const struct nlattr *nest, struct op25b_prefix *p)
{
	return op25b_prefix_nest_parse_annot(nest, p, NULL);
}

int op25b_prefix_nest_parse_annot(const struct nlattr *nest,
				  struct op25b_prefix *p,
				  struct op25b_annot *a)
{
	const struct nlattr *attr;
	bool has_addr = false, has_len = false;
	struct op25b_annot ignored;
	unsigned int alen;
	int ret;

	ret = validate(nest, MNL_TYPE_NESTED);
	if (ret < 0)
		return ret;
	memset(p, 0, sizeof(*p));
	if (!a)
		a = &ignored;
	memset(a, 0, sizeof(*a));
	mnl_attr_for_each_nested(attr, nest) {
		switch (mnl_attr_get_type(attr)) {
		case OP25B_PREFIX_A_LABEL:
			ret = parse_label(attr, a);
			if (ret < 0)
				return ret;
			break;
		case OP25B_PREFIX_A_EXPIRES:
			ret = parse_expires(attr, a);
			if (ret < 0)
				return ret;
			break;
		case OP25B_PREFIX_A_IPV4:
		case OP25B_PREFIX_A_IPV6:
			if (has_addr)
				return -EBADMSG;
			p->family = mnl_attr_get_type(attr) ==
				    OP25B_PREFIX_A_IPV4 ? AF_INET : AF_INET6;
			alen = op25b_prefix_addrlen(p->family);
			if (mnl_attr_get_payload_len(attr) != alen)
				return -ERANGE;
			memcpy(p->addr, mnl_attr_get_payload(attr), alen);
			has_addr = true;
			break;
		case OP25B_PREFIX_A_LEN:
			ret = validate(attr, MNL_TYPE_U8);
			if (ret < 0)
				return ret;
			p->len = mnl_attr_get_u8(attr);
			has_len = true;
			break;
		}
	}
	if (!nest_consumed(nest, attr) || !has_addr || !has_len)
		return -EBADMSG;
	/* save must print nothing that apply would refuse. */
	return op25b_prefix_valid(p) ? 0 : -EBADMSG;
}

static int parse_ports(const struct nlattr *nest, struct op25b_status *st)
{
	const struct nlattr *attr;
	int ret;

	ret = validate(nest, MNL_TYPE_NESTED);
	if (ret < 0)
		return ret;
	st->nports = 0;
	mnl_attr_for_each_nested(attr, nest) {
		if (mnl_attr_get_type(attr) != OP25B_A_PORT)
			continue;
		ret = validate(attr, MNL_TYPE_U16);
		if (ret < 0)
			return ret;
		if (st->nports == OP25B_PORTS_MAX)
			return -ERANGE;
		st->ports[st->nports++] = mnl_attr_get_u16(attr);
	}
	if (!nest_consumed(nest, attr))
		return -EBADMSG;
	st->has_ports = true;
	return 0;
}

static int parse_count(const struct nlattr *nest, struct op25b_status *st)
{
	const struct nlattr *attr;
	int set = -1, family = -1, ret;
	bool has_n = false;
	uint32_t n = 0;

	ret = validate(nest, MNL_TYPE_NESTED);
	if (ret < 0)
		return ret;
	mnl_attr_for_each_nested(attr, nest) {
		switch (mnl_attr_get_type(attr)) {
		case OP25B_COUNT_A_SET:
		case OP25B_COUNT_A_FAMILY:
			ret = validate(attr, MNL_TYPE_U8);
			if (ret < 0)
				return ret;
			if (mnl_attr_get_type(attr) == OP25B_COUNT_A_SET)
				set = mnl_attr_get_u8(attr);
			else
				family = mnl_attr_get_u8(attr);
			break;
		case OP25B_COUNT_A_PREFIXES:
			ret = validate(attr, MNL_TYPE_U32);
			if (ret < 0)
				return ret;
			n = mnl_attr_get_u32(attr);
			has_n = true;
			break;
		}
	}
	if (!nest_consumed(nest, attr) || set < 0 || family < 0 || !has_n)
		return -EBADMSG;
	/* A set or family of a newer module: nothing to show it under. */
	if (set < OP25B_SET_COUNT && (family == AF_INET || family == AF_INET6))
		st->counts[set][family == AF_INET6] = n;
	return 0;
}

static int parse_counts(const struct nlattr *nest, struct op25b_status *st)
{
	const struct nlattr *attr;
	int ret;

	ret = validate(nest, MNL_TYPE_NESTED);
	if (ret < 0)
		return ret;
	memset(st->counts, 0, sizeof(st->counts));
	mnl_attr_for_each_nested(attr, nest) {
		if (mnl_attr_get_type(attr) != OP25B_A_COUNT)
			continue;
		ret = parse_count(attr, st);
		if (ret < 0)
			return ret;
	}
	if (!nest_consumed(nest, attr))
		return -EBADMSG;
	st->has_counts = true;
	return 0;
}

static int parse_u8(const struct nlattr *attr, uint8_t *v, bool *has)
{
	int ret = validate(attr, MNL_TYPE_U8);

	if (ret < 0)
		return ret;
	*v = mnl_attr_get_u8(attr);
	*has = true;
	return 0;
}

static int parse_u64(const struct nlattr *attr, uint64_t *v, bool *has)
{
	int ret = validate(attr, MNL_TYPE_U64);

	if (ret < 0)
		return ret;
	*v = mnl_attr_get_u64(attr);
	if (has)
		*has = true;
	return 0;
}

static int parse_status_attr(const struct nlattr *attr,
			     struct op25b_status *st)
{
	const char *s;
	int ret;

	switch (mnl_attr_get_type(attr)) {
	case OP25B_A_VERSION:
		ret = validate(attr, MNL_TYPE_NUL_STRING);
		if (ret < 0)
			return ret;
		s = mnl_attr_get_str(attr);
		/* Cut short, it would be a version the module does not have. */
		if (strlen(s) >= sizeof(st->version))
			return -ERANGE;
		strcpy(st->version, s);
		st->has_version = true;
		return 0;
	case OP25B_A_GENERATION:
		ret = validate(attr, MNL_TYPE_U32);
		if (ret < 0)
			return ret;
		st->generation = mnl_attr_get_u32(attr);
		st->has_generation = true;
		return 0;
	case OP25B_A_MODE:
		return parse_u8(attr, &st->mode, &st->has_mode);
	case OP25B_A_ACTION:
		return parse_u8(attr, &st->action, &st->has_action);
	case OP25B_A_PORTS:
		return parse_ports(attr, st);
	case OP25B_A_COUNTS:
		return parse_counts(attr, st);
	case OP25B_A_MEMORY:
		return parse_u64(attr, &st->memory, &st->has_memory);
	case OP25B_A_ENFORCE_AT:
		return parse_u64(attr, &st->enforce_at, &st->has_enforce_at);
	case OP25B_A_EFFECTIVE_MODE:
		return parse_u8(attr, &st->effective_mode,
				&st->has_effective_mode);
	case OP25B_A_LOG:
		return parse_u8(attr, &st->log, &st->has_log);
	case OP25B_A_LOG_GROUP:
		ret = validate(attr, MNL_TYPE_U16);
		if (ret < 0)
			return ret;
		st->log_group = mnl_attr_get_u16(attr);
		st->has_log_group = true;
		return 0;
	}
	return 0;
}

int op25b_status_parse(const struct nlmsghdr *nlh, struct op25b_status *st)
{
	const struct nlattr *attr;
	int ret;

	memset(st, 0, sizeof(*st));
	ret = genl_check(nlh, OP25B_CMD_GET_STATUS);
	if (ret < 0)
		return ret;
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		ret = parse_status_attr(attr, st);
		if (ret < 0)
			return ret;
	}
	return attrs_consumed(nlh, attr) ? 0 : -EBADMSG;
}

static int parse_match(const struct nlattr *attr, struct op25b_test_result *r,
		       unsigned int set)
{
	int ret = op25b_prefix_nest_parse_annot(attr, &r->match[set],
						&r->match_annot[set]);

	if (ret < 0)
		return ret;
	r->has_match[set] = true;
	return 0;
}

static int parse_test_attr(const struct nlattr *attr,
			   struct op25b_test_result *r)
{
	switch (mnl_attr_get_type(attr)) {
	case OP25B_A_TEST_VERDICT:
		return parse_u8(attr, &r->verdict, &r->has_verdict);
	case OP25B_A_TEST_REASON:
		return parse_u8(attr, &r->reason, &r->has_reason);
	case OP25B_A_MODE:
		return parse_u8(attr, &r->mode, &r->has_mode);
	case OP25B_A_EFFECTIVE_MODE:
		return parse_u8(attr, &r->effective_mode,
				&r->has_effective_mode);
	case OP25B_A_TEST_DYNAMIC:
		return parse_match(attr, r, OP25B_SET_DYNAMIC);
	case OP25B_A_TEST_STATIC:
		return parse_match(attr, r, OP25B_SET_STATIC);
	case OP25B_A_TEST_RELAY:
		return parse_match(attr, r, OP25B_SET_RELAY);
	}
	return 0;
}

int op25b_test_parse(const struct nlmsghdr *nlh, struct op25b_test_result *r)
{
	const struct nlattr *attr;
	int ret;

	memset(r, 0, sizeof(*r));
	ret = genl_check(nlh, OP25B_CMD_TEST);
	if (ret < 0)
		return ret;
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		ret = parse_test_attr(attr, r);
		if (ret < 0)
			return ret;
	}
	return attrs_consumed(nlh, attr) ? 0 : -EBADMSG;
}

/* Every counter must come: a missing one shown as 0 would be a lie. */
static int parse_family_stats(const struct nlattr *nest, uint64_t *v)
{
	const struct nlattr *attr;
	unsigned int seen = 0, i;
	int ret;

	ret = validate(nest, MNL_TYPE_NESTED);
	if (ret < 0)
		return ret;
	mnl_attr_for_each_nested(attr, nest) {
		if (mnl_attr_get_type(attr) < OP25B_STATS_A_INSPECTED ||
		    mnl_attr_get_type(attr) > OP25B_STATS_A_NOT_DYNAMIC)
			continue;
		ret = validate(attr, MNL_TYPE_U64);
		if (ret < 0)
			return ret;
		i = mnl_attr_get_type(attr) - OP25B_STATS_A_INSPECTED;
		v[i] = mnl_attr_get_u64(attr);
		seen |= 1u << i;
	}
	if (!nest_consumed(nest, attr) || seen != (1u << OP25B_STAT_COUNT) - 1)
		return -EBADMSG;
	return 0;
}

int op25b_stats_parse(const struct nlmsghdr *nlh, struct op25b_stats *stats)
{
	const struct nlattr *attr;
	bool seen[2] = { false, false };
	unsigned int f;
	int ret;

	memset(stats, 0, sizeof(*stats));
	ret = genl_check(nlh, OP25B_CMD_GET_STATS);
	if (ret < 0)
		return ret;
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(attr) != OP25B_A_STATS_IPV4 &&
		    mnl_attr_get_type(attr) != OP25B_A_STATS_IPV6)
			continue;
		f = mnl_attr_get_type(attr) == OP25B_A_STATS_IPV6;
		ret = parse_family_stats(attr, stats->v[f]);
		if (ret < 0)
			return ret;
		seen[f] = true;
	}
	if (!attrs_consumed(nlh, attr) || !seen[0] || !seen[1])
		return -EBADMSG;
	return 0;
}

int op25b_prefixes_parse(const struct nlmsghdr *nlh,
			 struct op25b_policy *out)
{
	const struct nlattr *attr, *prefixes = NULL, *pa;
	struct op25b_annot a;
	struct op25b_prefix p;
	int set = -1, ret;

	ret = genl_check(nlh, OP25B_CMD_GET_PREFIXES);
	if (ret < 0)
		return ret;
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(attr) == OP25B_A_SET) {
			ret = validate(attr, MNL_TYPE_U8);
			if (ret < 0)
				return ret;
			set = mnl_attr_get_u8(attr);
		} else if (mnl_attr_get_type(attr) == OP25B_A_PREFIXES) {
			ret = validate(attr, MNL_TYPE_NESTED);
			if (ret < 0)
				return ret;
			prefixes = attr;
		}
	}
	if (!attrs_consumed(nlh, attr) || set < 0)
		return -EBADMSG;
	if (set >= OP25B_SET_COUNT)
		return -EOPNOTSUPP;
	if (!prefixes)
		return 0;
	mnl_attr_for_each_nested(pa, prefixes) {
		if (mnl_attr_get_type(pa) != OP25B_A_PREFIX)
			continue;
		ret = op25b_prefix_nest_parse_annot(pa, &p, &a);
		if (ret < 0)
			return ret;
		ret = op25b_prefix_list_add_annot(&out->sets[set], &p, &a);
		if (ret < 0)
			return ret;
	}
	return nest_consumed(prefixes, pa) ? 0 : -EBADMSG;
}

int op25b_ipc_parse_family(const struct nlmsghdr *nlh, uint16_t *id)
{
	const struct nlattr *attr;
	bool found = false;
	int ret;

	ret = genl_check(nlh, CTRL_CMD_NEWFAMILY);
	if (ret < 0)
		return ret;

	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(attr) != CTRL_ATTR_FAMILY_ID)
			continue;
		if (mnl_attr_validate(attr, MNL_TYPE_U16) < 0)
			return -errno;
		*id = mnl_attr_get_u16(attr);
		found = true;
	}
	if (!attrs_consumed(nlh, attr) || !found)
		return -EBADMSG;
	return 0;
}

/* The extended ACK TLVs from off bytes into the payload on. */
static void parse_ack_tlvs(const struct nlmsghdr *nlh, size_t off,
			   struct op25b_ipc_error *err, uint32_t *offs)
{
	const struct nlattr *attr;
	bool has_miss_type = false;
	uint32_t miss_type = 0;

	/* A garbled TLV must not hide the errno that came with it. */
	mnl_attr_for_each(attr, nlh, off) {
		switch (mnl_attr_get_type(attr)) {
		case NLMSGERR_ATTR_MSG:
			if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
				break;
			snprintf(err->msg, sizeof(err->msg), "%s",
				 mnl_attr_get_str(attr));
			break;
		case NLMSGERR_ATTR_OFFS:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
				break;
			*offs = mnl_attr_get_u32(attr);
			break;
		case NLMSGERR_ATTR_MISS_TYPE:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
				break;
			miss_type = mnl_attr_get_u32(attr);
			has_miss_type = true;
			break;
		}
	}
	/*
	 * GENL_REQ_ATTR_CHECK() sends no text, only the number of the
	 * attribute the request lacked; that is still worth showing.
	 */
	if (has_miss_type && !err->msg[0])
		snprintf(err->msg, sizeof(err->msg),
			 "missing required attribute %" PRIu32, miss_type);
}

static void set_errno(struct op25b_ipc_error *err, int32_t error)
{
	/* The kernel sends -errno; INT_MIN has no positive twin. */
	if (error == INT32_MIN)
		err->err = EPROTO;
	else
		err->err = error < 0 ? -error : error;
}

/* NLMSG_DONE: an int, the dump's errno, then TLVs as for an error. */
static int parse_done(const struct nlmsghdr *nlh, struct op25b_ipc_error *err,
		      uint32_t *offs)
{
	int32_t error;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(error)))
		return -EBADMSG;
	memcpy(&error, mnl_nlmsg_get_payload(nlh), sizeof(error));
	set_errno(err, error);
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS)
		parse_ack_tlvs(nlh, MNL_ALIGN(sizeof(error)), err, offs);
	return 0;
}

int op25b_ipc_parse_error(const struct nlmsghdr *nlh,
			  struct op25b_ipc_error *err, uint32_t *offs)
{
	const struct nlmsgerr *e;
	size_t off;

	err->msg[0] = '\0';
	*offs = 0;
	if (nlh->nlmsg_type == NLMSG_DONE)
		return parse_done(nlh, err, offs);
	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*e)))
		return -EBADMSG;
	e = mnl_nlmsg_get_payload(nlh);
	set_errno(err, e->error);

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return 0;

	/*
	 * The TLVs follow the echoed request: only its header when the
	 * kernel honoured NETLINK_CAP_ACK, all of it otherwise.
	 */
	off = sizeof(*e);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (e->msg.nlmsg_len < sizeof(struct nlmsghdr))
			return -EBADMSG;
		off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
	}
	if (NLMSG_HDRLEN + MNL_ALIGN(off) > MNL_ALIGN(nlh->nlmsg_len))
		return -EBADMSG;
	parse_ack_tlvs(nlh, off, err, offs);
	return 0;
}

void op25b_top_free(struct op25b_top *t)
{
	free(t->v);
	memset(t, 0, sizeof(*t));
}

/* One OP25B_A_TOP nest; the source and the packet count must come. */
static int parse_top_row(const struct nlattr *nest, struct op25b_top_row *r)
{
	const struct nlattr *attr;
	bool has_src = false, has_packets = false;
	int ret = validate(nest, MNL_TYPE_NESTED);

	if (ret < 0)
		return ret;
	memset(r, 0, sizeof(*r));
	mnl_attr_for_each_nested(attr, nest) {
		switch (mnl_attr_get_type(attr)) {
		case OP25B_TOP_A_SRC:
			ret = op25b_prefix_nest_parse(attr, &r->src);
			has_src = true;
			break;
		case OP25B_TOP_A_DYNAMIC:
			ret = op25b_prefix_nest_parse_annot(attr, &r->dynamic,
							    &r->dynamic_annot);
			r->has_dynamic = !ret;
			break;
		case OP25B_TOP_A_PACKETS:
			ret = parse_u64(attr, &r->packets, &has_packets);
			break;
		case OP25B_TOP_A_FIRST_SEEN:
			ret = parse_u64(attr, &r->first_seen, NULL);
			break;
		case OP25B_TOP_A_LAST_SEEN:
			ret = parse_u64(attr, &r->last_seen, NULL);
			break;
		case OP25B_TOP_A_DESTINATIONS:
			ret = validate(attr, MNL_TYPE_U32);
			if (!ret)
				r->destinations = mnl_attr_get_u32(attr);
			break;
		}
		if (ret < 0)
			return ret;
	}
	if (!nest_consumed(nest, attr) || !has_src || !has_packets)
		return -EBADMSG;
	return 0;
}

int op25b_top_parse(const struct nlmsghdr *nlh, struct op25b_top *out)
{
	const struct nlattr *attr;
	int ret;

	ret = genl_check(nlh, OP25B_CMD_GET_TOP);
	if (ret < 0)
		return ret;
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(attr) != OP25B_A_TOP)
			continue;
		if (op25b_array_grow((void **)&out->v, &out->cap, out->len,
				     sizeof(*out->v)))
			return -ENOMEM;
		ret = parse_top_row(attr, &out->v[out->len]);
		if (ret < 0)
			return ret;
		out->len++;
	}
	return attrs_consumed(nlh, attr) ? 0 : -EBADMSG;
}
