// SPDX-License-Identifier: GPL-2.0
/*
 * op25bctl stats: the packet counters of the caller's namespace, per
 * family and summed.
 */
#include <inttypes.h>

#include "json.h"
#include "op25bctl.h"

/*
 * Columns line up to 10^14 segments; past that a number pushes the rest of
 * its line to the right, still one space apart.
 */
static void print_human(FILE *f, const struct op25b_stats *s)
{
	unsigned int i;

	fprintf(f, "%-13s %14s %14s %14s\n", "counter", "total", "IPv4",
		"IPv6");
	for (i = 0; i < OP25B_STAT_COUNT; i++)
		fprintf(f, "%-13s %14" PRIu64 " %14" PRIu64 " %14" PRIu64 "\n",
			op25b_stat_name(i), s->v[0][i] + s->v[1][i],
			s->v[0][i], s->v[1][i]);
}

static void put_counters(struct json_writer *w, const struct op25b_stats *s,
			 int family)
{
	unsigned int i;

	for (i = 0; i < OP25B_STAT_COUNT; i++) {
		json_key(w, op25b_stat_name(i));
		json_uint(w, family < 0 ? s->v[0][i] + s->v[1][i] :
					  s->v[family][i]);
	}
}

static void print_json(FILE *f, const struct op25b_stats *s)
{
	struct json_writer w;

	json_init(&w, f);
	json_object_begin(&w);
	json_key(&w, "schema");
	json_uint(&w, OP25BCTL_JSON_SCHEMA);
	put_counters(&w, s, -1);
	json_key(&w, "ipv4");
	json_object_begin(&w);
	put_counters(&w, s, 0);
	json_object_end(&w);
	json_key(&w, "ipv6");
	json_object_begin(&w);
	put_counters(&w, s, 1);
	json_object_end(&w);
	json_object_end(&w);
	fputc('\n', f);
}

void op25bctl_stats_print(FILE *f, const struct op25b_stats *stats,
			  bool json)
{
	if (json)
		print_json(f, stats);
	else
		print_human(f, stats);
}

int stats_main(int argc, char *argv[], const struct op25bctl_options *opts)
{
	struct op25b_ipc_error err;
	struct op25b_stats stats;
	struct op25b_ipc *ipc;
	int ret;

	ret = op25bctl_no_args(argc, argv);
	if (ret != OP25BCTL_CONTINUE)
		return ret;
	if (op25bctl_connect(&ipc))
		return 1;
	ret = op25b_ipc_get_stats(ipc, &stats, &err);
	op25b_ipc_close(ipc);
	if (ret < 0) {
		op25b_ipc_error_print(stderr, &err);
		return 1;
	}
	op25bctl_stats_print(stdout, &stats, opts->json);
	return 0;
}
