// SPDX-License-Identifier: GPL-2.0
/*
 * op25bctl save and op25bctl list: the policy read back from the kernel.
 * save prints a policy file that apply turns back into the same policy;
 * list prints the prefixes only, one per line, for people and scripts.
 */
#include <string.h>

#include "config.h"
#include "json.h"
#include "op25bctl.h"
#include "timefmt.h"

static void list_json(FILE *f, const struct op25b_policy *p)
{
	char buf[OP25B_PREFIX_STRLEN];
	struct json_writer w;
	unsigned int set;
	size_t i;

	json_init(&w, f);
	json_object_begin(&w);
	json_key(&w, "schema");
	json_uint(&w, OP25BCTL_JSON_SCHEMA);
	json_key(&w, "prefixes");
	json_array_begin(&w);
	for (set = 0; set < OP25B_SET_COUNT; set++) {
		for (i = 0; i < p->sets[set].len; i++) {
			json_object_begin(&w);
			json_key(&w, "set");
			json_string(&w, op25b_set_name(set));
			json_key(&w, "prefix");
			json_string(&w, op25b_prefix_format(&p->sets[set].v[i],
							    buf));
			op25bctl_annot_json(&w, op25b_prefix_list_annot(&p->sets[set],
									 i));
			json_object_end(&w);
		}
	}
	json_array_end(&w);
	json_object_end(&w);
	fputc('\n', f);
}

void op25bctl_list_print(FILE *f, const struct op25b_policy *p, bool json)
{
	unsigned int set;
	size_t i;

	if (json) {
		list_json(f, p);
		return;
	}
	/* The lines of save, so that list's output is a policy file too. */
	for (set = 0; set < OP25B_SET_COUNT; set++)
		for (i = 0; i < p->sets[set].len; i++)
			op25b_config_write_entry(f, set, &p->sets[set].v[i],
						 op25b_prefix_list_annot(&p->sets[set],
									 i));
}

void op25bctl_annot_json(struct json_writer *w, const struct op25b_annot *a)
{
	char when[OP25B_TIME_STRLEN];

	if (a && a->label[0]) {
		json_key(w, "label");
		json_string(w, a->label);
	}
	if (a && a->expires) {
		json_key(w, "expires");
		json_string(w, op25b_time_format(a->expires, when));
	}
}

int list_main(int argc, char *argv[], const struct op25bctl_options *opts)
{
	struct op25b_ipc_error err;
	struct op25b_policy p;
	struct op25b_ipc *ipc;
	int set, ret;

	ret = op25bctl_optional_set(argc, argv, &set);
	if (ret != OP25BCTL_CONTINUE)
		return ret;
	if (op25bctl_connect(&ipc))
		return 1;
	op25b_policy_init(&p);
	ret = op25b_ipc_dump_prefixes(ipc, set, &p, &err);
	op25b_ipc_close(ipc);
	if (ret < 0)
		op25b_ipc_error_print(stderr, &err);
	else
		op25bctl_list_print(stdout, &p, opts->json);
	op25b_policy_free(&p);
	return ret < 0;
}

int save_main(int argc, char *argv[], const struct op25bctl_options *opts)
{
	struct op25b_ipc_error err;
	struct op25b_policy p;
	struct op25b_ipc *ipc;
	int ret;

	ret = op25bctl_no_args(argc, argv);
	if (ret != OP25BCTL_CONTINUE)
		return ret;
	if (opts->json) {
		fprintf(stderr, "%s: save: prints a policy file, not JSON (try: op25bctl -j status, op25bctl -j list)\n",
			PROG_NAME);
		return 1;
	}
	if (op25bctl_connect(&ipc))
		return 1;
	op25b_policy_init(&p);
	ret = op25b_ipc_get_policy(ipc, &p, &err);
	op25b_ipc_close(ipc);
	if (ret < 0) {
		op25b_ipc_error_print(stderr, &err);
	} else if (op25b_config_write(stdout, &p) < 0) {
		fprintf(stderr, "%s: save: the module reports mode %u, action %u or %u ports, which a policy file cannot express (upgrade op25bctl)\n",
			PROG_NAME, p.mode, p.action, p.nports);
		ret = -1;
	}
	op25b_policy_free(&p);
	return ret < 0;
}
