// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/op25b.h>

#include "config.h"
#include "util.h"

static void capture_report(struct op25b_diag *d, const char *msg)
{
	struct capture *c = (struct capture *)d;

	c->len += snprintf(c->text + c->len, sizeof(c->text) - c->len,
			   "%s\n", msg);
	if (c->len >= sizeof(c->text))
		c->len = sizeof(c->text) - 1;
}

void capture_init(struct capture *c)
{
	memset(c, 0, sizeof(*c));
	c->d.report = capture_report;
}

unsigned long parse_text_len(const char *text, size_t len,
			     struct op25b_policy *p, char *errs,
			     size_t errlen)
{
	char *buf = NULL;
	size_t blen = 0;
	unsigned long n;
	FILE *in, *ef;

	op25b_policy_init(p);
	in = fmemopen((void *)text, len, "r");
	ef = open_memstream(&buf, &blen);
	if (!in || !ef)
		abort();
	n = op25b_config_read(in, "t.conf", p, ef);
	fclose(in);
	fclose(ef);
	if (errs)
		snprintf(errs, errlen, "%s", buf);
	free(buf);
	return n;
}

unsigned long parse_text(const char *text, struct op25b_policy *p,
			 char *errs, size_t errlen)
{
	return parse_text_len(text, strlen(text), p, errs, errlen);
}

struct op25b_prefix pfx(const char *s)
{
	struct op25b_prefix p;
	struct capture c;

	capture_init(&c);
	if (op25b_prefix_parse(s, &p, &c.d) < 0) {
		fprintf(stderr, "bad test prefix %s: %s", s, c.text);
		abort();
	}
	return p;
}

struct nlmsghdr *reply_start(void *buf, uint8_t cmd)
{
	struct genlmsghdr *genl;
	struct nlmsghdr *nlh;

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = UNIT_FAMILY;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = OP25B_GENL_VERSION;
	return nlh;
}

void put_prefix(struct nlmsghdr *nlh, uint16_t type, const char *s)
{
	struct op25b_prefix p = pfx(s);
	struct nlattr *nest = mnl_attr_nest_start(nlh, type);

	mnl_attr_put(nlh, p.family == AF_INET ? OP25B_PREFIX_A_IPV4 :
						OP25B_PREFIX_A_IPV6,
		     op25b_prefix_addrlen(p.family), p.addr);
	mnl_attr_put_u8(nlh, OP25B_PREFIX_A_LEN, p.len);
	mnl_attr_nest_end(nlh, nest);
}
