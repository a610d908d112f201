/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What op25bctl.c and the per-command files share: the command table, the
 * global options, and the output formatters (kept apart from the kernel
 * talk so that tests can run them on plain structs).
 */
#ifndef OP25BCTL_H
#define OP25BCTL_H

#include <stdbool.h>
#include <stdio.h>

#include "ipc.h"

#define PROG_NAME "op25bctl"

/*
 * Version of the -j output. Bump it when a key changes meaning or goes
 * away; adding keys does not need a bump.
 */
#define OP25BCTL_JSON_SCHEMA 1

struct op25bctl_options {
	bool json;
};

/*
 * A command gets argv starting at its own name and returns the exit
 * status: 0 on success, 1 on any failure.
 */
struct op25bctl_command {
	const char *name;
	int (*fn)(int argc, char *argv[], const struct op25bctl_options *opts);
	const char *description;
};

/* The table behind both dispatch and usage, ended by a NULL name. */
extern const struct op25bctl_command op25bctl_commands[];

/* Exact match only: an abbreviation could start meaning another command. */
const struct op25bctl_command *op25bctl_command_find(const char *name);

void op25bctl_usage(FILE *f);

/* op25bctl_parse_options() results other than an argv index. */
#define OP25BCTL_OPT_HELP	(-1)
#define OP25BCTL_OPT_BAD	(-2)

/*
 * Reads the global options in front of the command into *opts. Returns
 * the argv index of the command (argc if there is none), OP25BCTL_OPT_HELP
 * for -h/--help, or OP25BCTL_OPT_BAD with *bad set to the unknown option.
 */
int op25bctl_parse_options(int argc, char *argv[],
			   struct op25bctl_options *opts, const char **bad);

/* op25bctl_no_args() result meaning "no arguments, carry on". */
#define OP25BCTL_CONTINUE	(-1)

/*
 * For commands without arguments: OP25BCTL_CONTINUE if there are none,
 * else the exit status to return at once, after printing the command's
 * usage (to stdout for -h/--help, to stderr after naming a bad argument).
 */
int op25bctl_no_args(int argc, char *argv[]);

int status_main(int argc, char *argv[], const struct op25bctl_options *opts);
int version_main(int argc, char *argv[], const struct op25bctl_options *opts);

/* Missing fields print as "(unknown)", or null in JSON. */
void op25bctl_status_print(FILE *f, const struct op25b_status *st, bool json);

/* module is the module's version, or NULL when it could not be read. */
void op25bctl_version_print(FILE *f, const char *module, bool json);

#endif /* OP25BCTL_H */
