/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The policy file (op25b.conf(5)): reading it (config.c), and writing a
 * policy back in exactly the form it is read in (config-write.c). No
 * netlink here, so that the parser is unit-tested and fuzzed on its own.
 */
#ifndef OP25BCTL_CONFIG_H
#define OP25BCTL_CONFIG_H

#include <stdint.h>
#include <stdio.h>

#include "diag.h"
#include "policy.h"

/* Longest line, without its line end. Longer lines are errors. */
#define OP25B_CONFIG_LINE_MAX	4096

/* What messages call standard input. */
#define OP25B_CONFIG_STDIN_NAME	"<stdin>"

/*
 * Reads a policy file from in, one line at a time (memory per line is
 * fixed, whatever the file's size), into *p, which the caller set up with
 * op25b_policy_init(): keys the file lacks keep their value. Each error is
 * printed to errf as "NAME:LINE: message" (errf NULL: only counted), and
 * reading goes on to find the others. Returns the number of errors; with
 * 0, *p holds the file's policy, each set sorted and free of repeats.
 */
unsigned long op25b_config_read(FILE *in, const char *name,
				struct op25b_policy *p, FILE *errf);

/* Expired entries named one by one; the rest are counted. */
#define OP25B_CONFIG_EXPIRED_SHOWN	5

/*
 * op25b_config_read(), and then, with now not 0, every entry whose expiry
 * is at or before now (seconds since the epoch) is left out of *p: the
 * kernel would drop it at once. Each one is a warning, not an error:
 * "NAME:LINE: warning: ..." for the first OP25B_CONFIG_EXPIRED_SHOWN, one
 * line counting the others. *expired (if not NULL) gets their number.
 */
unsigned long op25b_config_read_at(FILE *in, const char *name,
				   struct op25b_policy *p, FILE *errf,
				   uint64_t now, unsigned long *expired);

/*
 * Writes p as a policy file that op25b_config_read() turns back into p:
 * mode, action, ports, enforce-at and log (each only when set), then one
 * line per prefix in list order (op25b_config_write_entry()). Returns 0,
 * or -EINVAL (nothing written) for a mode or action without a name, a
 * policy without ports, a bad label or an expiry out of range, which no
 * file could express.
 */
int op25b_config_write(FILE *f, const struct op25b_policy *p);

/*
 * One set line: "SET PREFIX/LEN", then " pool NAME" (dynamic) or
 * " label NAME" (static, relay) and " expires YYYY-MM-DDTHH:MM:SSZ" for
 * what a carries (NULL: nothing).
 */
void op25b_config_write_entry(FILE *f, unsigned int set,
			      const struct op25b_prefix *p,
			      const struct op25b_annot *a);

/*
 * The value parsers behind the keywords, shared with the command line.
 * list holds the values after the keyword, separated by whitespace, one
 * comma, or both; it is modified. Each returns 0, or -EINVAL after
 * reporting every problem to d, leaving the output untouched.
 */
int op25b_config_parse_mode(char *list, uint8_t *mode, struct op25b_diag *d);
int op25b_config_parse_action(char *list, uint8_t *action,
			      struct op25b_diag *d);
/* The new list replaces *nports ports; duplicates are errors. */
int op25b_config_parse_ports(char *list, uint16_t ports[OP25B_PORTS_MAX],
			     uint8_t *nports, struct op25b_diag *d);
/* An RFC 3339 instant (op25b_time_parse()), or "none" for 0. */
int op25b_config_parse_enforce_at(char *list, uint64_t *t,
				  struct op25b_diag *d);
/* "off", "kernel" or "nflog GROUP" (0-65535); *group is 0 unless nflog. */
int op25b_config_parse_log(char *list, uint8_t *log, uint16_t *group,
			   struct op25b_diag *d);
/*
 * Appends every prefix of list to l (set names the set in messages); may
 * also fail with -ENOMEM, having appended some.
 */
int op25b_config_parse_prefixes(char *list, unsigned int set,
				struct op25b_prefix_list *l,
				struct op25b_diag *d);

/*
 * A set line's values, which add takes too: "PREFIX... [pool NAME |
 * label NAME] [expires TIME]", the prefixes first, each keyword at most
 * once, pool and label the same. Appends every prefix to l carrying the
 * annotations, which *a (if not NULL) gets as well. An expiry is not
 * compared with the clock here.
 */
int op25b_config_parse_entries(char *list, unsigned int set,
			       struct op25b_prefix_list *l,
			       struct op25b_annot *a, struct op25b_diag *d);

/* pool, label or expires: words that are no prefix on a set line. */
bool op25b_config_is_annot_keyword(const char *s);

#endif /* OP25BCTL_CONFIG_H */
