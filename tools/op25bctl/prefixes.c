// SPDX-License-Identifier: GPL-2.0
/*
 * op25bctl add, del and flush: changes to one set. add and del send every
 * prefix in one request, which the kernel applies all or not at all.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "op25bctl.h"
#include "timefmt.h"

static int change(int argc, char *argv[], uint8_t cmd)
{
	char when[OP25B_TIME_STRLEN], when2[OP25B_TIME_STRLEN];
	struct op25b_prefix_list l = { 0 };
	struct op25b_annot a = { 0 };
	struct op25bctl_arg_diag ad;
	struct op25b_ipc_error err;
	struct op25b_ipc *ipc;
	uint64_t now;
	char *list;
	int set, ret, i;

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
	/* The kernel names a prefix by itself: DEL takes no annotations. */
	for (i = 2; cmd == OP25B_CMD_DEL_PREFIXES && i < argc; i++)
		if (op25b_config_is_annot_keyword(argv[i]))
			return op25bctl_bad_usage(argv[0], "%s: del takes prefixes only (no pool, label or expires)",
						  argv[i]);

	list = op25bctl_join(argc - 2, argv + 2);
	if (!list)
		return 1;
	op25bctl_arg_diag_init(&ad, argv[0]);
	ret = op25b_config_parse_entries(list, set, &l, &a, &ad.d);
	free(list);
	now = (uint64_t)time(NULL);
	if (!ret && a.expires && a.expires <= now) {
		fprintf(stderr, "%s: %s: expires %s is already past (now %s): nothing added\n",
			PROG_NAME, argv[0], op25b_time_format(a.expires, when),
			op25b_time_format(now, when2));
		ret = -EINVAL;
	}
	/* As in a policy file, a prefix given twice counts once. */
	if (!ret && op25b_prefix_list_sort(&l) < 0) {
		fprintf(stderr, "%s: %s: out of memory\n", PROG_NAME, argv[0]);
		ret = -ENOMEM;
	}
	if (ret < 0) {
		op25b_prefix_list_free(&l);
		return 1;
	}

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
