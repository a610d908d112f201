// SPDX-License-Identifier: GPL-2.0
/*
 * op25bctl add, del and flush: changes to one set. add and del send every
 * prefix in one request, which the kernel applies all or not at all.
 */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "op25bctl.h"

static int change(int argc, char *argv[], uint8_t cmd)
{
	struct op25b_prefix_list l = { 0 };
	struct op25bctl_arg_diag ad;
	struct op25b_ipc_error err;
	struct op25b_ipc *ipc;
	char *list;
	int set, ret;

	if (op25bctl_help(argc, argv) == 0)
		return 0;
	if (argc < 2)
		return op25bctl_bad_usage(argv[0], "missing set (dynamic, static or relay)");
	set = op25b_set_lookup(argv[1]);
	if (set < 0)
		return op25bctl_bad_usage(argv[0], "unknown set '%s' (expected dynamic, static or relay)",
					  argv[1]);
	if (argc < 3)
		return op25bctl_bad_usage(argv[0], "missing prefixes");

	list = op25bctl_join(argc - 2, argv + 2);
	if (!list)
		return 1;
	op25bctl_arg_diag_init(&ad, argv[0]);
	ret = op25b_config_parse_prefixes(list, set, &l, &ad.d);
	free(list);
	if (ret < 0) {
		op25b_prefix_list_free(&l);
		return 1;
	}
	/* As in a policy file, a prefix given twice counts once. */
	op25b_prefix_list_sort(&l);

	ret = op25bctl_connect(&ipc);
	if (!ret) {
		if (op25b_ipc_change_prefixes(ipc, cmd, set, &l, &err) < 0) {
			op25b_ipc_error_print(stderr, &err);
			ret = 1;
		}
		op25b_ipc_close(ipc);
	}
	op25b_prefix_list_free(&l);
	return ret;
}

int add_main(int argc, char *argv[], const struct op25bctl_options *opts)
{
	(void)opts;
	return change(argc, argv, OP25B_CMD_ADD_PREFIXES);
}

int del_main(int argc, char *argv[], const struct op25bctl_options *opts)
{
	(void)opts;
	return change(argc, argv, OP25B_CMD_DEL_PREFIXES);
}

int flush_main(int argc, char *argv[], const struct op25bctl_options *opts)
{
	struct op25b_ipc_error err;
	struct op25b_ipc *ipc;
	int set, ret;

	(void)opts;
	ret = op25bctl_optional_set(argc, argv, &set);
	if (ret != OP25BCTL_CONTINUE)
		return ret;
	if (op25bctl_connect(&ipc))
		return 1;
	ret = op25b_ipc_flush(ipc, set, &err);
	op25b_ipc_close(ipc);
	if (ret < 0) {
		op25b_ipc_error_print(stderr, &err);
		return 1;
	}
	return 0;
}
