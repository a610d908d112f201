// SPDX-License-Identifier: GPL-2.0
/*
 * op25bctl top: the sources that sent segments the policy blocked, or
 * would block in monitor, busiest first: during the transition, the
 * customers to contact; after the cut-over, machines that keep trying.
 * "top --clear" forgets them all.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "op25bctl.h"
#include "timefmt.h"

static void print_human(FILE *f, const struct op25b_top *t, size_t n)
{
	char src[OP25B_PREFIX_STRLEN];
	char first[OP25B_TIME_STRLEN], last[OP25B_TIME_STRLEN];
	size_t i;

	if (!t->len)
		return;
	fprintf(f, "%-39s %12s %12s  %-20s  %-20s  %s\n", "SOURCE", "PACKETS",
		"DESTINATIONS", "FIRST SEEN", "LAST SEEN", "POOL");
	for (i = 0; i < n; i++) {
		const struct op25b_top_row *r = &t->v[i];

		/* The pool's label names the access service; "-" without. */
		fprintf(f, "%-39s %12" PRIu64 " %12" PRIu32 "  %-20s  %-20s  %s\n",
			op25b_addr_format(&r->src, src), r->packets,
			r->destinations, op25b_time_format(r->first_seen, first),
			op25b_time_format(r->last_seen, last),
			r->has_dynamic && r->dynamic_annot.label[0] ?
			r->dynamic_annot.label : "-");
	}
}

static void print_json(FILE *f, const struct op25b_top *t, size_t n)
{
	char buf[OP25B_PREFIX_STRLEN], when[OP25B_TIME_STRLEN];
	struct json_writer w;
	size_t i;

	json_init(&w, f);
	json_object_begin(&w);
	json_key(&w, "schema");
	json_uint(&w, OP25BCTL_JSON_SCHEMA);
	json_key(&w, "sources");
	json_array_begin(&w);
	for (i = 0; i < n; i++) {
		const struct op25b_top_row *r = &t->v[i];

		json_object_begin(&w);
		json_key(&w, "src");
		json_string(&w, op25b_addr_format(&r->src, buf));
		json_key(&w, "packets");
		json_uint(&w, r->packets);
		json_key(&w, "destinations");
		json_uint(&w, r->destinations);
		json_key(&w, "first_seen");
		json_string(&w, op25b_time_format(r->first_seen, when));
		json_key(&w, "last_seen");
		json_string(&w, op25b_time_format(r->last_seen, when));
		/* Absent when no dynamic prefix holds the source any more. */
		if (r->has_dynamic) {
			json_key(&w, "dynamic");
			json_object_begin(&w);
			json_key(&w, "prefix");
			json_string(&w, op25b_prefix_format(&r->dynamic, buf));
			op25bctl_annot_json(&w, &r->dynamic_annot);
			json_object_end(&w);
		}
		json_object_end(&w);
	}
	json_array_end(&w);
	json_object_end(&w);
	fputc('\n', f);
}

void op25bctl_top_print(FILE *f, const struct op25b_top *t, size_t limit,
			bool json)
{
	size_t n = limit && limit < t->len ? limit : t->len;

	if (json)
		print_json(f, t, n);
	else
		print_human(f, t, n);
}

/* "-n N", "--clear"; returns OP25BCTL_CONTINUE or an exit status. */
static int parse_args(int argc, char *argv[], size_t *limit, bool *clear)
{
	unsigned long v;
	char *end;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--clear")) {
			*clear = true;
		} else if (!strcmp(argv[i], "-n")) {
			if (++i == argc)
				return op25bctl_bad_usage(argv[0], "-n needs a number of sources");
			errno = 0;
			v = strtoul(argv[i], &end, 10);
			if (*argv[i] < '1' || *argv[i] > '9' || *end || errno ||
			    v > INT_MAX)
				return op25bctl_bad_usage(argv[0], "-n %s: not a number of sources (1 or more)",
							  argv[i]);
			*limit = v;
		} else {
			return op25bctl_bad_usage(argv[0], "unexpected argument '%s'",
						  argv[i]);
		}
	}
	if (*clear && *limit)
		return op25bctl_bad_usage(argv[0], "--clear lists nothing: leave out -n");
	return OP25BCTL_CONTINUE;
}

int top_main(int argc, char *argv[], const struct op25bctl_options *opts)
{
	struct op25b_top t = { 0 };
	struct op25b_ipc_error err;
	struct op25b_ipc *ipc;
	bool clear = false;
	size_t limit = 0;
	int ret;

	if (op25bctl_help(argc, argv) == 0)
		return 0;
	ret = parse_args(argc, argv, &limit, &clear);
	if (ret != OP25BCTL_CONTINUE)
		return ret;
	if (op25bctl_connect(&ipc))
		return 1;
	if (clear)
		ret = op25b_ipc_clear_top(ipc, &err);
	else
		ret = op25b_ipc_get_top(ipc, &t, &err);
	op25b_ipc_close(ipc);
	if (ret < 0) {
		op25b_ipc_error_print(stderr, &err);
		return 1;
	}
	if (!clear)
		op25bctl_top_print(stdout, &t, limit, opts->json);
	op25b_top_free(&t);
	return 0;
}
