// SPDX-License-Identifier: GPL-2.0
/*
 * op25bctl: look at the op25b kernel module through its generic netlink
 * family. This file is the command table, the global options and main();
 * each command lives in its own file, kernel talk in ipc.c.
 *
 * Built twice: with main() for the tool, and with OP25BCTL_NO_MAIN into
 * libop25bctl.a so the unit tests can link everything else.
 */
#include <errno.h>
#include <string.h>

#include "op25bctl.h"

static int help_main(int argc, char *argv[],
		     const struct op25bctl_options *opts);

const struct op25bctl_command op25bctl_commands[] = {
	{ "status", status_main,
	  "Shows the module version and the policy generation" },
	{ "version", version_main,
	  "Shows the versions of op25bctl and of the loaded module" },
	{ "help", help_main, "Shows this usage" },
	{ NULL, NULL, NULL }
};

const struct op25bctl_command *op25bctl_command_find(const char *name)
{
	const struct op25bctl_command *cmd;

	for (cmd = op25bctl_commands; cmd->name; cmd++)
		if (!strcmp(cmd->name, name))
			return cmd;
	return NULL;
}

void op25bctl_usage(FILE *f)
{
	const struct op25bctl_command *cmd;
	int width = 0;

	for (cmd = op25bctl_commands; cmd->name; cmd++)
		if ((int)strlen(cmd->name) > width)
			width = strlen(cmd->name);

	fprintf(f, "Usage: %s [-j|--json] <command> [<args>]\n\n", PROG_NAME);
	fputs("Available commands:\n", f);
	for (cmd = op25bctl_commands; cmd->name; cmd++)
		fprintf(f, "  %-*s  %s\n", width, cmd->name, cmd->description);
	fputs("\nOptions:\n"
	      "  -j, --json  Prints one JSON object on one line instead of text\n"
	      "  -h, --help  Shows this usage\n"
	      "\nPass --help to a command to see its own usage.\n", f);
}

int op25bctl_parse_options(int argc, char *argv[],
			   struct op25bctl_options *opts, const char **bad)
{
	int i;

	memset(opts, 0, sizeof(*opts));
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json")) {
			opts->json = true;
		} else if (!strcmp(argv[i], "-h") ||
			   !strcmp(argv[i], "--help")) {
			return OP25BCTL_OPT_HELP;
		} else if (!strcmp(argv[i], "--")) {
			i++;
			break;
		} else {
			*bad = argv[i];
			return OP25BCTL_OPT_BAD;
		}
	}
	return i;
}

int op25bctl_no_args(int argc, char *argv[])
{
	if (argc <= 1)
		return OP25BCTL_CONTINUE;
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		printf("Usage: %s [-j|--json] %s\n", PROG_NAME, argv[0]);
		return 0;
	}
	fprintf(stderr, "%s: %s: unexpected argument '%s'\n", PROG_NAME,
		argv[0], argv[1]);
	fprintf(stderr, "Usage: %s [-j|--json] %s\n", PROG_NAME, argv[0]);
	return 1;
}

static int help_main(int argc, char *argv[],
		     const struct op25bctl_options *opts)
{
	int ret;

	(void)opts;
	ret = op25bctl_no_args(argc, argv);
	if (ret != OP25BCTL_CONTINUE)
		return ret;
	op25bctl_usage(stdout);
	return 0;
}

#ifndef OP25BCTL_NO_MAIN
/*
 * Output that never arrived (a full disk, a closed pipe) is a failure,
 * and stdio only says so once the buffer is flushed.
 */
static int flush_stdout(int ret)
{
	if (fflush(stdout) == EOF || ferror(stdout)) {
		fprintf(stderr, "%s: writing output: %s\n", PROG_NAME,
			strerror(errno));
		return 1;
	}
	return ret;
}

int main(int argc, char *argv[])
{
	const struct op25bctl_command *cmd;
	struct op25bctl_options opts;
	const char *bad = NULL;
	int i;

	i = op25bctl_parse_options(argc, argv, &opts, &bad);
	if (i == OP25BCTL_OPT_HELP) {
		op25bctl_usage(stdout);
		return flush_stdout(0);
	}
	if (i == OP25BCTL_OPT_BAD) {
		fprintf(stderr, "%s: unknown option '%s'\n", PROG_NAME, bad);
		op25bctl_usage(stderr);
		return 1;
	}
	if (i == argc) {
		op25bctl_usage(stderr);
		return 1;
	}

	cmd = op25bctl_command_find(argv[i]);
	if (!cmd) {
		fprintf(stderr, "%s: unknown command '%s'\n", PROG_NAME,
			argv[i]);
		op25bctl_usage(stderr);
		return 1;
	}
	return flush_stdout(cmd->fn(argc - i, argv + i, &opts));
}
#endif
