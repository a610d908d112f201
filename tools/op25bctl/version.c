// SPDX-License-Identifier: GPL-2.0
/*
 * op25bctl version: always answers for the tool itself, so that it works
 * on a host without the module or without privilege; the module's version
 * is added when it can be read.
 */
#include "json.h"
#include "op25bctl.h"
#include "version.h"

void op25bctl_version_print(FILE *f, const char *module, bool json)
{
	struct json_writer w;

	if (!json) {
		fprintf(f, "%s %s\n", PROG_NAME, OP25B_VERSION);
		if (module)
			fprintf(f, "op25b module %s\n", module);
		return;
	}

	json_init(&w, f);
	json_object_begin(&w);
	json_key(&w, "schema");
	json_uint(&w, OP25BCTL_JSON_SCHEMA);
	json_key(&w, "tool");
	json_string(&w, OP25B_VERSION);
	json_key(&w, "module");
	if (module)
		json_string(&w, module);
	else
		json_null(&w);
	json_object_end(&w);
	fputc('\n', f);
}

/* Whatever goes wrong only means the module's version is unknown. */
static bool read_module_version(struct op25b_status *st)
{
	struct op25b_ipc_error err;
	struct op25b_ipc *ipc;
	int ret;

	if (op25b_ipc_open(&ipc, &err) < 0)
		return false;
	ret = op25b_ipc_get_status(ipc, st, &err);
	op25b_ipc_close(ipc);
	return ret == 0;
}

int version_main(int argc, char *argv[], const struct op25bctl_options *opts)
{
	struct op25b_status st;
	int ret;

	ret = op25bctl_no_args(argc, argv);
	if (ret != OP25BCTL_CONTINUE)
		return ret;

	op25bctl_version_print(stdout,
			       read_module_version(&st) ? st.version : NULL,
			       opts->json);
	return 0;
}
