/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What op25bctl.c and the per-command files share: the command table, the
 * global options, helpers for arguments, and the output formatters (kept
 * apart from the kernel talk so that tests can run them on plain structs).
 */
#ifndef OP25BCTL_H
#define OP25BCTL_H

#include <stdbool.h>
#include <stdio.h>

#include "diag.h"
#include "ipc.h"
#include "policy.h"

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
 * status: 0 on success, 1 on any failure. args is what follows the name
 * in its usage line.
 */
struct op25bctl_command {
	const char *name;
	int (*fn)(int argc, char *argv[], const struct op25bctl_options *opts);
	const char *args;
	const char *description;
};

/* The table behind dispatch and both usages, ended by a NULL name. */
extern const struct op25bctl_command op25bctl_commands[];

/* Exact match only: an abbreviation could start meaning another command. */
const struct op25bctl_command *op25bctl_command_find(const char *name);

void op25bctl_usage(FILE *f);

/* "Usage: op25bctl [-j|--json] NAME ARGS" for one command. */
void op25bctl_command_usage(FILE *f, const char *name);

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

/* op25bctl_no_args() and op25bctl_help() result meaning "carry on". */
#define OP25BCTL_CONTINUE	(-1)

/*
 * For commands without arguments: OP25BCTL_CONTINUE if there are none,
 * else the exit status to return at once, after printing the command's
 * usage (to stdout for -h/--help, to stderr after naming a bad argument).
 */
int op25bctl_no_args(int argc, char *argv[]);

/* 0 after printing the usage if argv[1] is -h or --help, else CONTINUE. */
int op25bctl_help(int argc, char *argv[]);
/*
 * For list and flush: reads the optional SET argument into *set, -1 for
 * every set. OP25BCTL_CONTINUE, or the exit status after help or a usage
 * error.
 */
int op25bctl_optional_set(int argc, char *argv[], int *set);

/*
 * "op25bctl: CMD: message" and the command's usage on stderr. Returns 1,
 * the exit status for a bad command line.
 */
int op25bctl_bad_usage(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Reports parse errors of a command's arguments as "op25bctl: CMD: msg". */
struct op25bctl_arg_diag {
	struct op25b_diag d;
	const char *cmd;
};

void op25bctl_arg_diag_init(struct op25bctl_arg_diag *ad, const char *cmd);

/*
 * argv[0..argc-1] joined by spaces, for the value parsers of config.c, or
 * NULL (after saying so) when out of memory. The caller frees it.
 */
char *op25bctl_join(int argc, char *argv[]);

/* op25b_ipc_open() that prints its error. Returns 0 or 1. */
int op25bctl_connect(struct op25b_ipc **ipc);

int status_main(int argc, char *argv[], const struct op25bctl_options *opts);
int apply_main(int argc, char *argv[], const struct op25bctl_options *opts);
int save_main(int argc, char *argv[], const struct op25bctl_options *opts);
int list_main(int argc, char *argv[], const struct op25bctl_options *opts);
int add_main(int argc, char *argv[], const struct op25bctl_options *opts);
int del_main(int argc, char *argv[], const struct op25bctl_options *opts);
int flush_main(int argc, char *argv[], const struct op25bctl_options *opts);
int set_main(int argc, char *argv[], const struct op25bctl_options *opts);
int test_main(int argc, char *argv[], const struct op25bctl_options *opts);
int stats_main(int argc, char *argv[], const struct op25bctl_options *opts);
int version_main(int argc, char *argv[], const struct op25bctl_options *opts);
int top_main(int argc, char *argv[], const struct op25bctl_options *opts);
int export_main(int argc, char *argv[], const struct op25bctl_options *opts);
int import_main(int argc, char *argv[], const struct op25bctl_options *opts);

/* Missing fields print as "(unknown)", or null in JSON. */
void op25bctl_status_print(FILE *f, const struct op25b_status *st, bool json);

/*
 * One line per prefix as save writes it ("SET PREFIX/LEN", then its
 * pool or label and expiry), or a JSON list of them.
 */
void op25bctl_list_print(FILE *f, const struct op25b_policy *p, bool json);

struct json_writer;
/* "label" and "expires" (RFC 3339, UTC) keys, each only if a has it. */
void op25bctl_annot_json(struct json_writer *w, const struct op25b_annot *a);

/*
 * The verdict on one line starting with "blocked" or "allowed", and why.
 * st, if not NULL, has the enforced ports that a "port" reason lists.
 */
void op25bctl_test_print(FILE *f, const struct op25b_test_query *q,
			 const struct op25b_test_result *r,
			 const struct op25b_status *st, bool json);

/* The first limit rows of t (limit 0: all), as op25bctl [-j] top. */
void op25bctl_top_print(FILE *f, const struct op25b_top *t, size_t limit,
			bool json);
void op25bctl_stats_print(FILE *f, const struct op25b_stats *stats,
			  bool json);

/*
 * The counters of s and the policy's state in st in the Prometheus text
 * exposition format; what st lacks is left out.
 */
void op25bctl_stats_prometheus(FILE *f, const struct op25b_stats *s,
			       const struct op25b_status *st);

/* export's output formats. */
enum {
	OP25BCTL_EXPORT_PLAIN,
	OP25BCTL_EXPORT_RBLDNSD,
	OP25BCTL_EXPORT_NFT,
};

/* The format with that name, or -1. */
int op25bctl_export_format_lookup(const char *name);

/*
 * Appends to out the addresses of family in p's dynamic set and not in its
 * static set, as the fewest prefixes. Returns 0 or -ENOMEM.
 */
int op25bctl_export_compute(const struct op25b_policy *p, uint8_t family,
			    struct op25b_prefix_list *out);

/* v4 and v6 as computed above; NULL for a family left out. */
void op25bctl_export_print(FILE *f, int format,
			   const struct op25b_prefix_list *v4,
			   const struct op25b_prefix_list *v6);

/* module is the module's version, or NULL when it could not be read. */
void op25bctl_version_print(FILE *f, const char *module, bool json);

#endif /* OP25BCTL_H */
