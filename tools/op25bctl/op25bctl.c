// SPDX-License-Identifier: GPL-2.0
/*
 * op25bctl: drive the op25b kernel module through its generic netlink
 * family. This file is the command table, the global options, helpers
 * every command uses, and main(); each command lives in its own file,
 * parsing in config.c, kernel talk in ipc*.c.
 *
 * Built twice: with main() for the tool, and with OP25BCTL_NO_MAIN into
 * libop25bctl.a so the unit tests can link everything else.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "op25bctl.h"
#include "policy.h"

static int help_main(int argc, char *argv[],
		     const struct op25bctl_options *opts);

#define SET_ARG "dynamic|static|relay"

const struct op25bctl_command op25bctl_commands[] = {
	{ "status", status_main, "",
	  "Shows the module version, the policy settings and the set sizes" },
	{ "apply", apply_main, "[-c|--check] FILE|-",
	  "Replaces the whole policy with a policy file, in one step" },
	{ "save", save_main, "",
	  "Prints the policy in the format apply reads" },
	{ "list", list_main, "[" SET_ARG "]",
	  "Lists the prefixes of every set, or of one" },
	{ "add", add_main,
	  SET_ARG " PREFIX... [pool|label NAME] [expires TIME]",
	  "Adds prefixes to a set (all or none)" },
	{ "del", del_main, SET_ARG " PREFIX...",
	  "Removes prefixes from a set (all or none)" },
	{ "flush", flush_main, "[" SET_ARG "]",
	  "Empties one set, or every set" },
	{ "set", set_main,
	  "[mode off|monitor|enforce] [action drop|reject] [ports PORT[,PORT...]] [enforce-at TIME|none] [log off|kernel|nflog GROUP]",
	  "Changes the mode, the action, the ports, the cut-over or the log" },
	{ "test", test_main, "SRC DST [PORT]",
	  "Says whether the policy blocks a connection, and why" },
	{ "stats", stats_main, "[--prometheus [-o FILE]]",
	  "Shows the packet counters, or them and the policy for Prometheus" },
	{ "top", top_main, "[-n N] [--clear]",
	  "Lists the sources of blocked (or monitored) segments, busiest first" },
	{ "export", export_main, "[--format plain|rbldnsd|nft] [-4|-6]",
	  "Prints the blocked sources (dynamic minus static) as the fewest prefixes" },
	{ "import", import_main, "nft [FAMILY] TABLE SET --as " SET_ARG,
	  "Adds the addresses of an nftables set to a set (all or none)" },
	{ "version", version_main, "",
	  "Shows the versions of op25bctl and of the loaded module" },
	{ "help", help_main, "", "Shows this usage" },
	{ NULL, NULL, NULL, NULL }
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

void op25bctl_command_usage(FILE *f, const char *name)
{
	const struct op25bctl_command *cmd = op25bctl_command_find(name);

	fprintf(f, "Usage: %s [-j|--json] %s%s%s\n", PROG_NAME, name,
		cmd && cmd->args[0] ? " " : "", cmd ? cmd->args : "");
}

int op25bctl_help(int argc, char *argv[])
{
	if (argc > 1 &&
	    (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		op25bctl_command_usage(stdout, argv[0]);
		return 0;
	}
	return OP25BCTL_CONTINUE;
}

int op25bctl_optional_set(int argc, char *argv[], int *set)
{
	*set = -1;
	if (op25bctl_help(argc, argv) == 0)
		return 0;
	if (argc > 2)
		return op25bctl_bad_usage(argv[0], "unexpected argument '%s'",
					  argv[2]);
	if (argc == 2) {
		*set = op25b_set_lookup(argv[1]);
		if (*set < 0)
			return op25bctl_bad_usage(argv[0], "unknown set '%s' (expected dynamic, static or relay)",
						  argv[1]);
	}
	return OP25BCTL_CONTINUE;
}

int op25bctl_no_args(int argc, char *argv[])
{
	if (argc <= 1)
		return OP25BCTL_CONTINUE;
	if (op25bctl_help(argc, argv) == 0)
		return 0;
	return op25bctl_bad_usage(argv[0], "unexpected argument '%s'",
				  argv[1]);
}

int op25bctl_bad_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: %s: ", PROG_NAME, cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	op25bctl_command_usage(stderr, cmd);
	return 1;
}

static void report_arg(struct op25b_diag *d, const char *msg)
{
	struct op25bctl_arg_diag *ad = (struct op25bctl_arg_diag *)d;

	fprintf(stderr, "%s: %s: %s\n", PROG_NAME, ad->cmd, msg);
}

void op25bctl_arg_diag_init(struct op25bctl_arg_diag *ad, const char *cmd)
{
	ad->d.report = report_arg;
	ad->d.errors = 0;
	ad->cmd = cmd;
}

char *op25bctl_join(int argc, char *argv[])
{
	size_t len = 1;
	char *s, *p;
	int i;

	for (i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	s = malloc(len);
	if (!s) {
		fprintf(stderr, "%s: out of memory\n", PROG_NAME);
		return NULL;
	}
	*s = '\0';
	for (p = s, i = 0; i < argc; i++)
		p += sprintf(p, "%s%s", i ? " " : "", argv[i]);
	return s;
}

int op25bctl_connect(struct op25b_ipc **ipc)
{
	struct op25b_ipc_error err;

	if (op25b_ipc_open(ipc, &err) < 0) {
		op25b_ipc_error_print(stderr, &err);
		return 1;
	}
	return 0;
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
