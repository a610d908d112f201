// SPDX-License-Identifier: GPL-2.0
/*
 * op25bctl status: the module's version, the policy's mode, action and
 * ports, how many prefixes each set holds, and the policy generation of
 * the caller's network namespace.
 */
#include <inttypes.h>
#include <time.h>

#include "json.h"
#include "op25bctl.h"
#include "timefmt.h"

static const char *const family_names[2] = { "ipv4", "ipv6" };

/*
 * "monitor", or with a cut-over "monitor, enforce from T (in 3d 2h)",
 * then "enforce since T (5m ago; monitor before)" once it has passed.
 */
static void print_mode(FILE *f, const struct op25b_status *st)
{
	char buf[OP25B_NAME_BUF], when[OP25B_TIME_STRLEN], rel[40];
	uint64_t now = (uint64_t)time(NULL);

	fprintf(f, "  mode: %s", !st->has_mode ? "(unknown)" :
		op25b_name_or_number(op25b_mode_name(st->mode), st->mode, buf));
	if (st->has_enforce_at && st->enforce_at) {
		op25b_time_format(st->enforce_at, when);
		op25b_time_relative(st->enforce_at, now, rel, sizeof(rel));
		if (st->mode != OP25B_MODE_MONITOR)
			fprintf(f, " (enforce-at %s has no effect outside monitor)",
				when);
		else if (st->has_effective_mode &&
			 st->effective_mode == OP25B_MODE_ENFORCE)
			fprintf(f, ", enforcing since %s (%s)", when, rel);
		else
			fprintf(f, ", enforce from %s (%s)", when, rel);
	}
	fputc('\n', f);
}

static void print_log(FILE *f, const struct op25b_status *st)
{
	char buf[OP25B_NAME_BUF];

	if (!st->has_log)
		fputs("  log: (unknown)\n", f);
	else if (st->log == OP25B_LOG_NFLOG)
		fprintf(f, "  log: nflog group %u\n", st->log_group);
	else
		fprintf(f, "  log: %s\n",
			op25b_name_or_number(op25b_log_name(st->log), st->log,
					     buf));
}

static void print_human(FILE *f, const struct op25b_status *st)
{
	char buf[OP25B_NAME_BUF];
	unsigned int i;

	fprintf(f, "op25b module %s\n",
		st->has_version ? st->version : "(unknown)");
	print_mode(f, st);
	fprintf(f, "  action: %s\n", !st->has_action ? "(unknown)" :
		op25b_name_or_number(op25b_action_name(st->action),
				     st->action, buf));
	fputs("  ports:", f);
	if (!st->has_ports)
		fputs(" (unknown)", f);
	for (i = 0; st->has_ports && i < st->nports; i++)
		fprintf(f, "%c%u", i ? ',' : ' ', st->ports[i]);
	fputc('\n', f);
	for (i = 0; i < OP25B_SET_COUNT; i++) {
		if (st->has_counts)
			fprintf(f, "  %s: %" PRIu32 " IPv4, %" PRIu32 " IPv6 prefixes\n",
				op25b_set_name(i), st->counts[i][0],
				st->counts[i][1]);
		else
			fprintf(f, "  %s: (unknown)\n", op25b_set_name(i));
	}
	print_log(f, st);
	if (st->has_memory)
		fprintf(f, "  memory: %" PRIu64 " bytes\n", st->memory);
	else
		fputs("  memory: (unknown)\n", f);
	if (st->has_generation)
		fprintf(f, "  policy generation: %" PRIu32 "\n", st->generation);
	else
		fputs("  policy generation: (unknown)\n", f);
}

static void print_sets(struct json_writer *w, const struct op25b_status *st)
{
	unsigned int i, fam;

	json_key(w, "sets");
	if (!st->has_counts) {
		json_null(w);
		return;
	}
	json_object_begin(w);
	for (i = 0; i < OP25B_SET_COUNT; i++) {
		json_key(w, op25b_set_name(i));
		json_object_begin(w);
		for (fam = 0; fam < 2; fam++) {
			json_key(w, family_names[fam]);
			json_uint(w, st->counts[i][fam]);
		}
		json_object_end(w);
	}
	json_object_end(w);
}

static void print_json(FILE *f, const struct op25b_status *st)
{
	char buf[OP25B_NAME_BUF], when[OP25B_TIME_STRLEN];
	struct json_writer w;
	unsigned int i;

	json_init(&w, f);
	json_object_begin(&w);
	json_key(&w, "schema");
	json_uint(&w, OP25BCTL_JSON_SCHEMA);
	json_key(&w, "version");
	json_string_or_null(&w, st->has_version ? st->version : NULL);
	json_key(&w, "generation");
	if (st->has_generation)
		json_uint(&w, st->generation);
	else
		json_null(&w);
	json_key(&w, "mode");
	json_string_or_null(&w, !st->has_mode ? NULL :
			    op25b_name_or_number(op25b_mode_name(st->mode),
						 st->mode, buf));
	json_key(&w, "effective_mode");
	json_string_or_null(&w, !st->has_effective_mode ? NULL :
			    op25b_name_or_number(op25b_mode_name(st->effective_mode),
						 st->effective_mode, buf));
	json_key(&w, "enforce_at");
	json_string_or_null(&w, st->has_enforce_at && st->enforce_at ?
			    op25b_time_format(st->enforce_at, when) : NULL);
	json_key(&w, "action");
	json_string_or_null(&w, !st->has_action ? NULL :
			    op25b_name_or_number(op25b_action_name(st->action),
						 st->action, buf));
	json_key(&w, "log");
	json_string_or_null(&w, !st->has_log ? NULL :
			    op25b_name_or_number(op25b_log_name(st->log),
						 st->log, buf));
	json_key(&w, "log_group");
	if (st->has_log && st->log == OP25B_LOG_NFLOG)
		json_uint(&w, st->log_group);
	else
		json_null(&w);
	json_key(&w, "ports");
	if (st->has_ports) {
		json_array_begin(&w);
		for (i = 0; i < st->nports; i++)
			json_uint(&w, st->ports[i]);
		json_array_end(&w);
	} else {
		json_null(&w);
	}
	json_key(&w, "memory");
	if (st->has_memory)
		json_uint(&w, st->memory);
	else
		json_null(&w);
	print_sets(&w, st);
	json_object_end(&w);
	fputc('\n', f);
}

void op25bctl_status_print(FILE *f, const struct op25b_status *st, bool json)
{
	if (json)
		print_json(f, st);
	else
		print_human(f, st);
}

int status_main(int argc, char *argv[], const struct op25bctl_options *opts)
{
	struct op25b_ipc_error err;
	struct op25b_status st;
	struct op25b_ipc *ipc;
	int ret;

	ret = op25bctl_no_args(argc, argv);
	if (ret != OP25BCTL_CONTINUE)
		return ret;

	if (op25bctl_connect(&ipc))
		return 1;
	ret = op25b_ipc_get_status(ipc, &st, &err);
	op25b_ipc_close(ipc);
	if (ret < 0) {
		op25b_ipc_error_print(stderr, &err);
		return 1;
	}

	op25bctl_status_print(stdout, &st, opts->json);
	return 0;
}
