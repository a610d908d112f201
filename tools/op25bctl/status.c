// SPDX-License-Identifier: GPL-2.0
/*
 * op25bctl status: the module's version and the policy generation of the
 * caller's network namespace.
 */
#include <inttypes.h>

#include "json.h"
#include "op25bctl.h"

void op25bctl_status_print(FILE *f, const struct op25b_status *st, bool json)
{
	struct json_writer w;

	if (!json) {
		fprintf(f, "op25b module %s\n",
			st->has_version ? st->version : "(unknown)");
		if (st->has_generation)
			fprintf(f, "  policy generation: %" PRIu32 "\n",
				st->generation);
		else
			fputs("  policy generation: (unknown)\n", f);
		return;
	}

	json_init(&w, f);
	json_object_begin(&w);
	json_key(&w, "schema");
	json_uint(&w, OP25BCTL_JSON_SCHEMA);
	json_key(&w, "version");
	if (st->has_version)
		json_string(&w, st->version);
	else
		json_null(&w);
	json_key(&w, "generation");
	if (st->has_generation)
		json_uint(&w, st->generation);
	else
		json_null(&w);
	json_object_end(&w);
	fputc('\n', f);
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

	if (op25b_ipc_open(&ipc, &err) < 0) {
		op25b_ipc_error_print(stderr, &err);
		return 1;
	}
	ret = op25b_ipc_get_status(ipc, &st, &err);
	op25b_ipc_close(ipc);
	if (ret < 0) {
		op25b_ipc_error_print(stderr, &err);
		return 1;
	}

	op25bctl_status_print(stdout, &st, opts->json);
	return 0;
}
