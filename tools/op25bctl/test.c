// SPDX-License-Identifier: GPL-2.0
/*
 * op25bctl test: ask the kernel what it would do with a TCP segment from
 * SRC to DST:PORT. The kernel answers with the packet path's own code, so
 * the answer is the truth, not a userspace guess; this file only says it
 * in words, naming the prefix that matched in each set.
 */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "json.h"
#include "op25bctl.h"
#include "timefmt.h"

static void put_in(FILE *f, const struct op25b_test_result *r,
		   unsigned int set)
{
	char buf[OP25B_PREFIX_STRLEN];

	const struct op25b_annot *a = &r->match_annot[set];
	char when[OP25B_TIME_STRLEN];

	fprintf(f, "in %s", op25b_set_name(set));
	if (!r->has_match[set])
		return;
	fprintf(f, " %s", op25b_prefix_format(&r->match[set], buf));
	/* In the words of the policy file: "(pool flets, expires ...)". */
	if (a->label[0])
		fprintf(f, " (%s %s", set == OP25B_SET_DYNAMIC ? "pool" : "label",
			a->label);
	if (a->expires)
		fprintf(f, "%sexpires %s", a->label[0] ? ", " : " (",
			op25b_time_format(a->expires, when));
	if (a->label[0] || a->expires)
		fputc(')', f);
}

/* "SRC in dynamic D, not in static", the source's part of most reasons. */
static void put_source(FILE *f, const struct op25b_test_query *q,
		       const struct op25b_test_result *r, bool in_static)
{
	char buf[OP25B_PREFIX_STRLEN];

	fprintf(f, "%s ", op25b_addr_format(&q->src, buf));
	put_in(f, r, OP25B_SET_DYNAMIC);
	fputs(", ", f);
	if (in_static)
		put_in(f, r, OP25B_SET_STATIC);
	else
		fputs("not in static", f);
}

static void put_ports(FILE *f, const struct op25b_status *st)
{
	unsigned int i;

	if (!st || !st->has_ports)
		return;
	fputs(" (ports: ", f);
	for (i = 0; i < st->nports; i++)
		fprintf(f, "%s%u", i ? "," : "", st->ports[i]);
	fputc(')', f);
}

static void put_reason(FILE *f, const struct op25b_test_query *q,
		       const struct op25b_test_result *r,
		       const struct op25b_status *st)
{
	char buf[OP25B_PREFIX_STRLEN];

	switch (r->reason) {
	case OP25B_REASON_OFF:
		fputs("mode off, nothing is inspected", f);
		break;
	case OP25B_REASON_PORT:
		fprintf(f, "port %u is not enforced", q->port);
		put_ports(f, st);
		break;
	case OP25B_REASON_NOT_DYNAMIC:
		fprintf(f, "%s not in dynamic", op25b_addr_format(&q->src, buf));
		break;
	case OP25B_REASON_STATIC:
		put_source(f, q, r, true);
		break;
	case OP25B_REASON_RELAY:
		put_source(f, q, r, false);
		fprintf(f, "; %s ", op25b_addr_format(&q->dst, buf));
		put_in(f, r, OP25B_SET_RELAY);
		break;
	case OP25B_REASON_BLOCKED:
		put_source(f, q, r, false);
		fprintf(f, "; %s not in relay",
			op25b_addr_format(&q->dst, buf));
		break;
	default:
		fprintf(f, "reason %u (unknown to this op25bctl)", r->reason);
		break;
	}
}

static void print_human(FILE *f, const struct op25b_test_query *q,
			const struct op25b_test_result *r,
			const struct op25b_status *st)
{
	char buf[OP25B_NAME_BUF];

	fprintf(f, "%s: ", op25b_name_or_number(op25b_verdict_name(r->verdict),
						r->verdict, buf));
	/* Allowed for a reason that blocks: monitor mode let it through. */
	if (r->verdict == OP25B_VERDICT_ALLOWED &&
	    r->reason == OP25B_REASON_BLOCKED) {
		if (r->mode == OP25B_MODE_MONITOR)
			fputs("monitor mode", f);
		else
			fprintf(f, "mode %s",
				op25b_name_or_number(op25b_mode_name(r->mode),
						     r->mode, buf));
		fputs(", would be blocked: ", f);
	}
	put_reason(f, q, r, st);
	fputc('\n', f);
}

static void put_match(struct json_writer *w, const struct op25b_test_result *r,
		      unsigned int set)
{
	const struct op25b_annot *a = &r->match_annot[set];
	char buf[OP25B_PREFIX_STRLEN], when[OP25B_TIME_STRLEN];
	char key[32];

	json_key(w, op25b_set_name(set));
	json_string_or_null(w, r->has_match[set] ?
			    op25b_prefix_format(&r->match[set], buf) : NULL);
	if (!r->has_match[set])
		return;
	/* Beside the prefix, not in place of it: schema 1 keeps its keys. */
	if (a->label[0]) {
		snprintf(key, sizeof(key), "%s_label", op25b_set_name(set));
		json_key(w, key);
		json_string(w, a->label);
	}
	if (a->expires) {
		snprintf(key, sizeof(key), "%s_expires", op25b_set_name(set));
		json_key(w, key);
		json_string(w, op25b_time_format(a->expires, when));
	}
}

static void print_json(FILE *f, const struct op25b_test_query *q,
		       const struct op25b_test_result *r)
{
	char buf[OP25B_PREFIX_STRLEN], name[OP25B_NAME_BUF];
	struct json_writer w;
	unsigned int set;

	json_init(&w, f);
	json_object_begin(&w);
	json_key(&w, "schema");
	json_uint(&w, OP25BCTL_JSON_SCHEMA);
	json_key(&w, "verdict");
	json_string(&w, op25b_name_or_number(op25b_verdict_name(r->verdict),
					     r->verdict, name));
	json_key(&w, "reason");
	json_string(&w, op25b_name_or_number(op25b_reason_name(r->reason),
					     r->reason, name));
	json_key(&w, "mode");
	json_string(&w, op25b_name_or_number(op25b_mode_name(r->mode),
					     r->mode, name));
	json_key(&w, "effective_mode");
	json_string_or_null(&w, !r->has_effective_mode ? NULL :
			    op25b_name_or_number(op25b_mode_name(r->effective_mode),
						 r->effective_mode, name));
	json_key(&w, "src");
	json_string(&w, op25b_addr_format(&q->src, buf));
	json_key(&w, "dst");
	json_string(&w, op25b_addr_format(&q->dst, buf));
	json_key(&w, "port");
	json_uint(&w, q->port);
	for (set = 0; set < OP25B_SET_COUNT; set++)
		put_match(&w, r, set);
	json_object_end(&w);
	fputc('\n', f);
}

void op25bctl_test_print(FILE *f, const struct op25b_test_query *q,
			 const struct op25b_test_result *r,
			 const struct op25b_status *st, bool json)
{
	if (json)
		print_json(f, q, r);
	else
		print_human(f, q, r, st);
}

static int parse_query(int argc, char *argv[], struct op25b_test_query *q)
{
	struct op25bctl_arg_diag ad;
	uint16_t ports[OP25B_PORTS_MAX];
	uint8_t nports = 0;
	char *list;
	int bad;

	op25bctl_arg_diag_init(&ad, argv[0]);
	bad = op25b_addr_parse(argv[1], &q->src, &ad.d) < 0;
	bad |= op25b_addr_parse(argv[2], &q->dst, &ad.d) < 0;
	q->port = 25;
	if (argc == 4) {
		/* The parser cuts its input into values: give it a copy. */
		list = op25bctl_join(1, argv + 3);
		if (!list)
			return 1;
		bad |= op25b_config_parse_ports(list, ports, &nports,
						&ad.d) < 0;
		free(list);
		if (nports > 1)
			return op25bctl_bad_usage(argv[0], "one port at a time, not '%s'",
						  argv[3]);
		if (nports == 1)
			q->port = ports[0];
	}
	if (bad)
		return 1;
	if (q->src.family != q->dst.family)
		return op25bctl_bad_usage(argv[0], "%s and %s are not of the same family (IPv4 and IPv6)",
					  argv[1], argv[2]);
	return 0;
}

int test_main(int argc, char *argv[], const struct op25bctl_options *opts)
{
	struct op25b_test_query q = { 0 };
	struct op25b_test_result r;
	struct op25b_ipc_error err;
	struct op25b_status st;
	struct op25b_ipc *ipc;
	bool has_st = false;
	int ret;

	if (op25bctl_help(argc, argv) == 0)
		return 0;
	if (argc < 3)
		return op25bctl_bad_usage(argv[0], "needs a source and a destination address");
	if (argc > 4)
		return op25bctl_bad_usage(argv[0], "unexpected argument '%s'",
					  argv[4]);
	if (parse_query(argc, argv, &q))
		return 1;
	if (op25bctl_connect(&ipc))
		return 1;
	ret = op25b_ipc_test(ipc, &q, &r, &err);
	/* Only to list the enforced ports; the verdict stands without. */
	if (!ret && r.reason == OP25B_REASON_PORT && !opts->json)
		has_st = !op25b_ipc_get_status(ipc, &st, &err);
	op25b_ipc_close(ipc);
	if (ret < 0) {
		op25b_ipc_error_print(stderr, &err);
		return 1;
	}
	op25bctl_test_print(stdout, &q, &r, has_st ? &st : NULL, opts->json);
	return 0;
}
