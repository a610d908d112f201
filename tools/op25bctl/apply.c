// SPDX-License-Identifier: GPL-2.0
/*
 * op25bctl apply: replace the whole policy with a policy file. The file is
 * read and checked to its end before the kernel hears of it, so that a
 * file with an error anywhere changes nothing; then one transaction
 * swaps the policy in a single step.
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "op25bctl.h"

/* Parses the whole file; returns 0 with *p filled, else 1 (reported). */
static int read_policy(const char *path, struct op25b_policy *p)
{
	bool is_stdin = !strcmp(path, "-");
	const char *name = is_stdin ? OP25B_CONFIG_STDIN_NAME : path;
	unsigned long errors;
	FILE *in;

	in = is_stdin ? stdin : fopen(path, "r");
	if (!in) {
		fprintf(stderr, "%s: cannot open '%s': %s\n", PROG_NAME, path,
			strerror(errno));
		return 1;
	}
	/* The kernel would drop an entry already expired at once: left out. */
	errors = op25b_config_read_at(in, name, p, stderr, (uint64_t)time(NULL),
				      NULL);
	if (!is_stdin)
		fclose(in);
	if (errors) {
		fprintf(stderr, "%s: %s: %lu error%s, the policy was not changed\n",
			PROG_NAME, name, errors, errors == 1 ? "" : "s");
		return 1;
	}
	return 0;
}

int apply_main(int argc, char *argv[], const struct op25bctl_options *opts)
{
	struct op25b_ipc_error err;
	struct op25b_policy p;
	struct op25b_ipc *ipc;
	bool check = false;
	int i = 1, ret;

	(void)opts;
	if (op25bctl_help(argc, argv) == 0)
		return 0;
	if (i < argc && (!strcmp(argv[i], "-c") ||
			 !strcmp(argv[i], "--check"))) {
		check = true;
		i++;
	}
	if (i == argc)
		return op25bctl_bad_usage(argv[0], "missing policy file (or - for standard input)");
	if (argc - i > 1)
		return op25bctl_bad_usage(argv[0], "unexpected argument '%s'",
					  argv[i + 1]);

	op25b_policy_init(&p);
	ret = read_policy(argv[i], &p);
	if (!ret && !check) {
		ret = op25bctl_connect(&ipc);
		if (!ret) {
			if (op25b_ipc_apply(ipc, &p, &err) < 0) {
				op25b_ipc_error_print(stderr, &err);
				fprintf(stderr, "%s: the policy was not changed\n",
					PROG_NAME);
				ret = 1;
			}
			/* Also drops the transaction of a failed apply. */
			op25b_ipc_close(ipc);
		}
	}
	op25b_policy_free(&p);
	return ret;
}
