// SPDX-License-Identifier: GPL-2.0
/*
 * op25bctl stats: the packet counters of the caller's namespace, per
 * family and summed; with --prometheus, those and the policy's state in
 * the Prometheus text format, optionally as a file replaced atomically
 * for node_exporter's textfile collector.
 */
#include <inttypes.h>
#include <string.h>

#include "json.h"
#include "op25bctl.h"
#include "outfile.h"

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

static const char *const family_label[2] = { "ipv4", "ipv6" };

/* HELP texts, in the order of the counters. */
static const char *const stat_help[OP25B_STAT_COUNT] = {
	[OP25B_STAT_INSPECTED] = "TCP segments to an enforced port while the mode is not off.",
	[OP25B_STAT_BLOCKED] = "TCP segments dropped or rejected.",
	[OP25B_STAT_MONITORED] = "TCP segments that would have been blocked, in monitor mode.",
	[OP25B_STAT_EXEMPT_STATIC] = "TCP segments from a dynamic source that is also in the static set.",
	[OP25B_STAT_EXEMPT_RELAY] = "TCP segments from a blocked source to a relay.",
	[OP25B_STAT_NOT_DYNAMIC] = "TCP segments from a source outside the dynamic set.",
};

static void metric_head(FILE *f, const char *name, const char *type,
			const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/*
 * A gauge per value of an enum, 1 for the one in force: a state set.
 * A value this op25bctl has no name for gets its own line.
 */
static void print_state_set(FILE *f, const char *name, const char *label,
			    const char *help, unsigned int v,
			    const char *(*names)(unsigned int))
{
	char buf[OP25B_NAME_BUF];
	unsigned int i;

	metric_head(f, name, "gauge", help);
	for (i = 0; names(i); i++)
		fprintf(f, "%s{%s=\"%s\"} %d\n", name, label, names(i), i == v);
	if (!names(v))
		fprintf(f, "%s{%s=\"%s\"} 1\n", name, label,
			op25b_name_or_number(NULL, v, buf));
}

static void print_policy_metrics(FILE *f, const struct op25b_status *st)
{
	unsigned int set, fam;

	if (st->has_version) {
		metric_head(f, "op25b_info", "gauge",
			    "The loaded op25b module; the value is always 1.");
		fprintf(f, "op25b_info{version=\"%s\"} 1\n", st->version);
	}
	if (st->has_mode)
		print_state_set(f, "op25b_mode", "mode",
				"The policy's mode: 1 for the one in force.",
				st->mode, op25b_mode_name);
	if (st->has_effective_mode)
		print_state_set(f, "op25b_effective_mode", "mode",
				"The mode in force now (monitor turns enforce at enforce-at): 1 for it.",
				st->effective_mode, op25b_mode_name);
	if (st->has_enforce_at) {
		metric_head(f, "op25b_enforce_at_timestamp_seconds", "gauge",
			    "When a monitor policy starts enforcing, in seconds since the epoch; 0 for never.");
		fprintf(f, "op25b_enforce_at_timestamp_seconds %" PRIu64 "\n",
			st->enforce_at);
	}
	if (st->has_action)
		print_state_set(f, "op25b_action", "action",
				"The policy's action: 1 for the one in force.",
				st->action, op25b_action_name);
	if (st->has_ports) {
		metric_head(f, "op25b_port_enforced", "gauge",
			    "TCP destination ports the policy enforces.");
		for (set = 0; set < st->nports; set++)
			fprintf(f, "op25b_port_enforced{port=\"%u\"} 1\n",
				st->ports[set]);
	}
	if (st->has_counts) {
		metric_head(f, "op25b_set_prefixes", "gauge",
			    "Prefixes in each set of the policy.");
		for (set = 0; set < OP25B_SET_COUNT; set++)
			for (fam = 0; fam < 2; fam++)
				fprintf(f, "op25b_set_prefixes{set=\"%s\",family=\"%s\"} %" PRIu32 "\n",
					op25b_set_name(set), family_label[fam],
					st->counts[set][fam]);
	}
	if (st->has_memory) {
		metric_head(f, "op25b_policy_memory_bytes", "gauge",
			    "Kernel memory the policy takes.");
		fprintf(f, "op25b_policy_memory_bytes %" PRIu64 "\n",
			st->memory);
	}
	if (st->has_generation) {
		metric_head(f, "op25b_policy_generation", "gauge",
			    "Goes up by one with every change to the policy.");
		fprintf(f, "op25b_policy_generation %" PRIu32 "\n",
			st->generation);
	}
}

void op25bctl_stats_prometheus(FILE *f, const struct op25b_stats *s,
			       const struct op25b_status *st)
{
	char name[64];
	unsigned int i, fam;

	for (i = 0; i < OP25B_STAT_COUNT; i++) {
		snprintf(name, sizeof(name), "op25b_segments_%s_total",
			 op25b_stat_name(i));
		metric_head(f, name, "counter", stat_help[i]);
		for (fam = 0; fam < 2; fam++)
			fprintf(f, "%s{family=\"%s\"} %" PRIu64 "\n", name,
				family_label[fam], s->v[fam][i]);
	}
	print_policy_metrics(f, st);
}

struct stats_args {
	bool prometheus;
	const char *out;
};

static int parse_args(int argc, char *argv[], struct stats_args *a)
{
	int i;

	memset(a, 0, sizeof(*a));
	if (op25bctl_help(argc, argv) == 0)
		return 0;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--prometheus")) {
			a->prometheus = true;
		} else if (!strcmp(argv[i], "-o")) {
			if (++i == argc)
				return op25bctl_bad_usage(argv[0], "-o needs a file name");
			a->out = argv[i];
		} else {
			return op25bctl_bad_usage(argv[0], "unexpected argument '%s'",
						  argv[i]);
		}
	}
	if (a->out && !a->prometheus)
		return op25bctl_bad_usage(argv[0], "-o writes the --prometheus output: give --prometheus");
	return OP25BCTL_CONTINUE;
}

static int fetch(struct op25b_stats *stats, struct op25b_status *st)
{
	struct op25b_ipc_error err;
	struct op25b_ipc *ipc;
	int ret;

	if (op25bctl_connect(&ipc))
		return 1;
	ret = op25b_ipc_get_stats(ipc, stats, &err);
	if (!ret && st)
		ret = op25b_ipc_get_status(ipc, st, &err);
	op25b_ipc_close(ipc);
	if (ret < 0) {
		op25b_ipc_error_print(stderr, &err);
		return 1;
	}
	return 0;
}

static int write_prometheus(const char *path, const struct op25b_stats *s,
			    const struct op25b_status *st)
{
	struct op25b_outfile o;

	if (!path) {
		op25bctl_stats_prometheus(stdout, s, st);
		return 0;
	}
	if (op25b_outfile_open(&o, path) < 0)
		return 1;
	op25bctl_stats_prometheus(o.f, s, st);
	return op25b_outfile_commit(&o) < 0;
}

int stats_main(int argc, char *argv[], const struct op25bctl_options *opts)
{
	struct op25b_stats stats;
	struct op25b_status st;
	struct stats_args a;
	int ret;

	ret = parse_args(argc, argv, &a);
	if (ret != OP25BCTL_CONTINUE)
		return ret;
	if (a.prometheus && opts->json) {
		fprintf(stderr, "%s: stats: -j and --prometheus exclude each other\n",
			PROG_NAME);
		return 1;
	}
	if (fetch(&stats, a.prometheus ? &st : NULL))
		return 1;
	if (a.prometheus)
		return write_prometheus(a.out, &stats, &st);
	op25bctl_stats_print(stdout, &stats, opts->json);
	return 0;
}
