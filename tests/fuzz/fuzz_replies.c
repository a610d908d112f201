// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for what op25bctl reads from the kernel: the matching
 * of datagrams to requests (ipc-recv.c), the reply parsers (ipc-parse.c)
 * and the printers that show what they decoded (status, test, stats, list,
 * save, top), as a corrupt or hostile kernel reply would reach them.
 *
 * Input: an optional first line starting with '#' (the seeds' SPDX line),
 * skipped; one byte choosing the exchange (see enum scenario), one byte of
 * parameter (the number of requests a batch waits for), then datagrams,
 * each a little-endian u16 length and that many bytes, fed one by one to
 * op25b_exchange_feed() until it says the exchange is over. Each datagram
 * is copied into a buffer of its exact size, aligned as recv() leaves it,
 * so that ASan sees every byte read past its end.
 *
 * Besides memory errors and undefined behaviour it checks what the parsers
 * promise: a reply that parses yields values the printers can show (no
 * more ports than OP25B_PORTS_MAX, a NUL-terminated version, only valid
 * prefixes), and a dump that parses saves as a file that reads back.
 * tests/fuzz/mkseeds-replies.py writes the seed corpus.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "config.h"
#include "diag.h"
#include "ipc.h"
#include "op25bctl.h"

/* What the seeds use; tests/fuzz/mkseeds-replies.py agrees. */
#define PORTID	4242
#define SEQ	1000
#define FAMILY	0x20

enum scenario {
	SC_STATUS,
	SC_TEST,
	SC_STATS,
	SC_DUMP,
	SC_FAMILY,
	SC_BATCH,	/* count ACKs for ADD_PREFIXES requests, no data */
	SC_ERROR,	/* op25b_ipc_parse_error() on each datagram alone */
	SC_TOP,		/* a GET_TOP dump */

	SC_COUNT
};

static FILE *devnull;

/* The harness's own prefixes are valid; one that is not is a bug here. */
static void diag_abort(struct op25b_diag *d, const char *msg)
{
	(void)d;
	fprintf(stderr, "fuzz_replies: %s\n", msg);
	abort();
}

static struct op25b_diag diag = { .report = diag_abort };

union reply {
	struct op25b_status st;
	struct op25b_test_result test;
	struct op25b_stats stats;
	struct op25b_policy policy;
	struct op25b_top top;
	uint16_t family;
};

static int parse_status(const struct nlmsghdr *nlh, void *out)
{
	return op25b_status_parse(nlh, out);
}

static int parse_test(const struct nlmsghdr *nlh, void *out)
{
	return op25b_test_parse(nlh, out);
}

static int parse_stats(const struct nlmsghdr *nlh, void *out)
{
	return op25b_stats_parse(nlh, out);
}

static int parse_dump(const struct nlmsghdr *nlh, void *out)
{
	return op25b_prefixes_parse(nlh, out);
}

static int parse_top(const struct nlmsghdr *nlh, void *out)
{
	return op25b_top_parse(nlh, out);
}

static int parse_family(const struct nlmsghdr *nlh, void *out)
{
	return op25b_ipc_parse_family(nlh, out);
}

/*
 * The requests a batch answers: real ADD_PREFIXES chunks from the tool's
 * own builder, so that an extended ACK offset can point into them.
 */
static char sent[4096] __attribute__((aligned(NLMSG_ALIGNTO)));
static size_t sent_len;

static void build_sent(void)
{
	static const char *const pfx[] = {
		"10.0.0.0/8", "100.64.0.0/10", "2001:db8::/32", "192.0.2.1",
	};
	struct op25b_policy p;
	struct op25b_prefix x;
	struct op25b_cursor cur = { 0, 0 };
	struct nlmsghdr *nlh;
	uint32_t seq = SEQ;
	unsigned int i;

	op25b_policy_init(&p);
	for (i = 0; i < sizeof(pfx) / sizeof(pfx[0]); i++)
		if (op25b_prefix_parse(pfx[i], &x, &diag) ||
		    op25b_prefix_list_add(&p.sets[i % OP25B_SET_COUNT], &x))
			abort();
	/* Chunks small enough that there are several. */
	while (sent_len + 64 <= sizeof(sent) &&
	       op25b_msg_prefixes(sent + sent_len, 64, FAMILY,
				  OP25B_CMD_ADD_PREFIXES, true, &p, &cur,
				  &nlh) == 1) {
		nlh->nlmsg_seq = seq++;
		sent_len += NLMSG_ALIGN(nlh->nlmsg_len);
	}
	op25b_policy_free(&p);
	if (!sent_len)
		abort();
}

static void check_prefix(const struct op25b_prefix *p)
{
	if (!op25b_prefix_valid(p))
		abort();
}

/* What a parser lets through, a policy file can say. */
static void check_annot(const struct op25b_annot *a)
{
	if ((a->label[0] && !op25b_label_valid(a->label)) ||
	    a->expires > OP25B_TIME_MAX)
		abort();
}

static void check_top(const struct op25b_top *t)
{
	size_t i;

	for (i = 0; i < t->len; i++) {
		check_prefix(&t->v[i].src);
		if (t->v[i].has_dynamic) {
			check_prefix(&t->v[i].dynamic);
			check_annot(&t->v[i].dynamic_annot);
		}
	}
	op25bctl_top_print(devnull, t, 0, false);
	op25bctl_top_print(devnull, t, 0, true);
}

static void check_status(const struct op25b_status *st)
{
	if (st->nports > OP25B_PORTS_MAX ||
	    !memchr(st->version, '\0', sizeof(st->version)))
		abort();
	op25bctl_status_print(devnull, st, false);
	op25bctl_status_print(devnull, st, true);
}

static void check_test(const struct op25b_test_result *r)
{
	struct op25b_test_query q;
	unsigned int i;

	for (i = 0; i < OP25B_SET_COUNT; i++)
		if (r->has_match[i]) {
			check_prefix(&r->match[i]);
			check_annot(&r->match_annot[i]);
		}
	memset(&q, 0, sizeof(q));
	if (op25b_addr_parse("100.64.1.10", &q.src, &diag) ||
	    op25b_addr_parse("203.0.113.5", &q.dst, &diag))
		abort();
	q.port = 25;
	op25bctl_test_print(devnull, &q, r, NULL, false);
	op25bctl_test_print(devnull, &q, r, NULL, true);
}

/*
 * A dump that parsed is what save writes and apply must read back, the
 * same policy, annotations included, as long as it holds no repeats (a
 * kernel that sent one would have the file refused, rightly).
 */
static void check_dump(struct op25b_policy *p)
{
	struct op25b_policy q;
	unsigned int set;
	size_t i, len;
	char *buf = NULL;
	bool sorted = true;
	FILE *f;

	for (set = 0; set < OP25B_SET_COUNT; set++)
		for (i = 0; i < p->sets[set].len; i++) {
			const struct op25b_annot *a =
				op25b_prefix_list_annot(&p->sets[set], i);

			check_prefix(&p->sets[set].v[i]);
			if (a)
				check_annot(a);
			if (i && op25b_prefix_cmp(&p->sets[set].v[i - 1],
						  &p->sets[set].v[i]) >= 0)
				sorted = false;
		}
	/* The rest of what save prints comes from GET_STATUS. */
	p->mode = OP25B_MODE_ENFORCE;
	p->action = OP25B_ACTION_DROP;
	p->nports = 1;
	p->ports[0] = 25;
	op25bctl_list_print(devnull, p, false);
	op25bctl_list_print(devnull, p, true);
	f = open_memstream(&buf, &len);
	if (!f || op25b_config_write(f, p) < 0)
		abort();
	fclose(f);
	f = fmemopen(buf, len, "r");
	if (!f)
		abort();
	op25b_policy_init(&q);
	if (op25b_config_read(f, "fuzz", &q, devnull) && sorted)
		abort();
	fclose(f);
	if (sorted && !op25b_policy_equal(p, &q))
		abort();
	op25b_policy_free(&q);
	free(buf);
}

/* Feeds the datagrams; returns how the exchange ended. */
static int feed(struct op25b_exchange *x, const uint8_t *data, size_t size,
		enum scenario sc)
{
	struct op25b_ipc_error e;
	uint32_t offs;
	int more = 1;

	while (size >= 2 && more) {
		size_t len = data[0] | (size_t)data[1] << 8;
		void *buf;

		data += 2;
		size -= 2;
		if (len > size)
			len = size;
		buf = malloc(len ? len : 1);
		if (!buf)
			abort();
		memcpy(buf, data, len);
		if (sc == SC_ERROR) {
			if (len >= sizeof(struct nlmsghdr) &&
			    ((struct nlmsghdr *)buf)->nlmsg_len <= len &&
			    !op25b_ipc_parse_error(buf, &e, &offs) &&
			    !memchr(e.msg, '\0', sizeof(e.msg)))
				abort();
		} else {
			more = op25b_exchange_feed(x, buf, len);
		}
		free(buf);
		data += len;
		size -= len;
	}
	return more;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct op25b_ipc_error err;
	struct op25b_exchange x;
	union reply out;
	enum scenario sc;

	if (!devnull) {
		devnull = fopen("/dev/null", "w");
		build_sent();
	}
	/* The seeds carry an SPDX line, as every file of the tree does. */
	if (size && data[0] == '#') {
		const uint8_t *nl = memchr(data, '\n', size);

		if (!nl)
			return 0;
		size -= nl + 1 - data;
		data = nl + 1;
	}
	if (size < 2)
		return 0;
	sc = data[0] % SC_COUNT;
	memset(&out, 0, sizeof(out));
	memset(&err, 0, sizeof(err));
	memset(&x, 0, sizeof(x));
	x.portid = PORTID;
	x.seq = SEQ;
	x.count = 1;
	x.type = FAMILY;
	x.err = &err;
	x.out = &out;
	switch (sc) {
	case SC_STATUS:
		x.parse = parse_status;
		break;
	case SC_TEST:
		x.parse = parse_test;
		break;
	case SC_STATS:
		x.parse = parse_stats;
		break;
	case SC_DUMP:
		op25b_policy_init(&out.policy);
		x.parse = parse_dump;
		x.dump = true;
		break;
	case SC_TOP:
		x.parse = parse_top;
		x.dump = true;
		break;
	case SC_FAMILY:
		x.parse = parse_family;
		x.type = GENL_ID_CTRL;
		break;
	case SC_BATCH:
		x.count = 1 + data[1] % 8;
		x.sent = sent;
		x.sent_len = sent_len;
		break;
	default:
		break;
	}
	feed(&x, data + 2, size - 2, sc);

	if (!memchr(err.msg, '\0', sizeof(err.msg)) ||
	    !memchr(err.prefix, '\0', sizeof(err.prefix)))
		abort();
	if (x.result < 0)
		op25b_ipc_error_print(devnull, &err);
	if (!x.result && x.complete) {
		switch (sc) {
		case SC_STATUS:
			check_status(&out.st);
			break;
		case SC_TEST:
			check_test(&out.test);
			break;
		case SC_STATS:
			op25bctl_stats_print(devnull, &out.stats, false);
			op25bctl_stats_print(devnull, &out.stats, true);
			break;
		case SC_DUMP:
			check_dump(&out.policy);
			break;
		case SC_TOP:
			check_top(&out.top);
			break;
		default:
			break;
		}
	}
	if (sc == SC_DUMP)
		op25b_policy_free(&out.policy);
	if (sc == SC_TOP)
		op25b_top_free(&out.top);
	return 0;
}
