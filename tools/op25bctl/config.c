// SPDX-License-Identifier: GPL-2.0
/*
 * The policy file parser. A line is "KEYWORD VALUE..." with an optional
 * "# comment"; see man/op25b.conf.5 for the format and the promises made
 * about it. Lines are read into a fixed buffer, so a file of millions of
 * lines costs memory only for the prefixes it holds, and a runaway line
 * is reported instead of swallowing memory.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

#include "config.h"
#include "timefmt.h"

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/*
 * Walks the values of a list. A comma that separates nothing (",25",
 * "25,,587", "25,") is remembered in stray; it is reported once, after
 * the walk, rather than guessed around.
 */
struct values {
	char *pos;
	bool started;
	/* the value returned last was ended by a comma, now a NUL */
	bool comma;
	bool stray;
};

static char *values_next(struct values *it)
{
	unsigned int commas = it->comma;
	char *s = it->pos, *v;

	it->comma = false;
	for (; is_space(*s) || *s == ','; s++)
		commas += *s == ',';
	/* One comma between two values; none before the first or at the end. */
	if (commas > (*s && it->started ? 1u : 0u))
		it->stray = true;
	if (!*s) {
		it->pos = s;
		return NULL;
	}
	v = s;
	while (*s && !is_space(*s) && *s != ',')
		s++;
	if (*s) {
		it->comma = *s == ',';
		*s++ = '\0';
	}
	it->pos = s;
	it->started = true;
	return v;
}

static bool values_stray(const struct values *it, const char *keyword,
			 struct op25b_diag *d)
{
	if (it->stray)
		op25b_diag_error(d, "%s: stray ',' (separate values with spaces or one comma)",
				 keyword);
	return it->stray;
}

static const char *echo(char *buf, const char *s)
{
	return op25b_diag_echo(buf, OP25B_DIAG_ECHO_BUF, s, strlen(s));
}

/* For mode and action: exactly one value, from a list of names. */
static int parse_name(char *list, const char *keyword, const char *expected,
		      int (*lookup)(const char *name), uint8_t *out,
		      struct op25b_diag *d)
{
	struct values it = { .pos = list };
	char buf[OP25B_DIAG_ECHO_BUF];
	const char *first = NULL, *v;
	unsigned long n = 0;
	int value;

	while ((v = values_next(&it))) {
		if (!n++)
			first = v;
	}
	if (values_stray(&it, keyword, d))
		return -EINVAL;
	if (!n) {
		op25b_diag_error(d, "%s: missing value (%s)", keyword,
				 expected);
		return -EINVAL;
	}
	if (n > 1) {
		op25b_diag_error(d, "%s: takes one value, got %lu", keyword, n);
		return -EINVAL;
	}
	value = lookup(first);
	if (value < 0) {
		op25b_diag_error(d, "%s: unknown %s (expected %s)",
				 echo(buf, first), keyword, expected);
		return -EINVAL;
	}
	*out = value;
	return 0;
}

int op25b_config_parse_mode(char *list, uint8_t *mode, struct op25b_diag *d)
{
	return parse_name(list, "mode", "off, monitor or enforce",
			  op25b_mode_lookup, mode, d);
}

int op25b_config_parse_action(char *list, uint8_t *action,
			      struct op25b_diag *d)
{
	return parse_name(list, "action", "drop or reject",
			  op25b_action_lookup, action, d);
}

/* Up to n values of list into v[]; returns how many there were. */
static unsigned long values_take(char *list, const char *keyword,
				 const char **v, unsigned long n,
				 struct op25b_diag *d, bool *stray)
{
	struct values it = { .pos = list };
	unsigned long count = 0;
	const char *s;

	while ((s = values_next(&it))) {
		if (count < n)
			v[count] = s;
		count++;
	}
	*stray = values_stray(&it, keyword, d);
	return count;
}

int op25b_config_parse_enforce_at(char *list, uint64_t *t,
				  struct op25b_diag *d)
{
	char buf[OP25B_DIAG_ECHO_BUF];
	const char *v[1], *why;
	unsigned long n;
	uint64_t when;
	bool stray;

	n = values_take(list, "enforce-at", v, 1, d, &stray);
	if (stray)
		return -EINVAL;
	if (n != 1) {
		op25b_diag_error(d, n ? "enforce-at: takes one value, got %lu" :
				 "enforce-at: missing value (an RFC 3339 time such as 2026-06-01T11:00+09:00, or none)",
				 n);
		return -EINVAL;
	}
	if (!strcmp(v[0], "none")) {
		*t = 0;
		return 0;
	}
	if (op25b_time_parse(v[0], &when, &why) < 0) {
		op25b_diag_error(d, "enforce-at: %s: %s (write it like 2026-06-01T11:00+09:00, or none)",
				 echo(buf, v[0]), why);
		return -EINVAL;
	}
	*t = when;
	return 0;
}

int op25b_config_parse_log(char *list, uint8_t *log, uint16_t *group,
			   struct op25b_diag *d)
{
	char buf[OP25B_DIAG_ECHO_BUF];
	unsigned long n, g = 0;
	const char *v[2];
	char *end;
	bool stray;
	int value;

	n = values_take(list, "log", v, 2, d, &stray);
	if (stray)
		return -EINVAL;
	if (!n) {
		op25b_diag_error(d, "log: missing value (off, kernel or nflog GROUP)");
		return -EINVAL;
	}
	value = op25b_log_lookup(v[0]);
	if (value < 0) {
		op25b_diag_error(d, "%s: unknown log (expected off, kernel or nflog GROUP)",
				 echo(buf, v[0]));
		return -EINVAL;
	}
	if (value != OP25B_LOG_NFLOG && n > 1) {
		op25b_diag_error(d, "log %s: takes no group (only nflog does)",
				 v[0]);
		return -EINVAL;
	}
	if (value == OP25B_LOG_NFLOG) {
		if (n != 2) {
			op25b_diag_error(d, n < 2 ? "log nflog: missing group (a number from 0 to 65535)" :
					 "log nflog: takes one group, got %lu",
					 n - 1);
			return -EINVAL;
		}
		errno = 0;
		g = strtoul(v[1], &end, 10);
		if (*v[1] < '0' || *v[1] > '9' || *end || errno || g > 65535) {
			op25b_diag_error(d, "log nflog: %s: not a group (a number from 0 to 65535)",
					 echo(buf, v[1]));
			return -EINVAL;
		}
	}
	*log = (uint8_t)value;
	*group = (uint16_t)g;
	return 0;
}

/* 0 for anything that is not a decimal number from 1 to 65535. */
static unsigned int port_value(const char *s)
{
	unsigned long v = 0;

	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		if (v <= 65535)
			v = v * 10 + (*s - '0');
	}
	return v <= 65535 ? v : 0;
}

static bool is_number(const char *s)
{
	return *s && strspn(s, "0123456789") == strlen(s);
}

int op25b_config_parse_ports(char *list, uint16_t ports[OP25B_PORTS_MAX],
			     uint8_t *nports, struct op25b_diag *d)
{
	struct values it = { .pos = list };
	uint16_t found[OP25B_PORTS_MAX];
	unsigned long errors = d->errors, n = 0, i;
	char buf[OP25B_DIAG_ECHO_BUF];
	unsigned int port;
	const char *v;

	while ((v = values_next(&it))) {
		port = port_value(v);
		if (!port) {
			op25b_diag_error(d, is_number(v) ?
					 "%s: port out of range (1-65535)" :
					 "%s: not a port number (1-65535)",
					 echo(buf, v));
			continue;
		}
		for (i = 0; i < n && i < OP25B_PORTS_MAX; i++)
			if (found[i] == port)
				break;
		if (i < n && i < OP25B_PORTS_MAX) {
			op25b_diag_error(d, "%u: port listed twice", port);
			continue;
		}
		if (n < OP25B_PORTS_MAX)
			found[n] = port;
		n++;
	}
	values_stray(&it, "ports", d);
	if (!n && d->errors == errors)
		op25b_diag_error(d, "ports: missing value (one or more TCP ports)");
	if (n > OP25B_PORTS_MAX)
		op25b_diag_error(d, "ports: %lu ports listed, at most %d allowed",
				 n, OP25B_PORTS_MAX);
	if (d->errors != errors)
		return -EINVAL;
	memcpy(ports, found, n * sizeof(found[0]));
	*nports = n;
	return 0;
}

int op25b_config_parse_prefixes(char *list, unsigned int set,
				struct op25b_prefix_list *l,
				struct op25b_diag *d)
{
	struct values it = { .pos = list };
	unsigned long errors = d->errors;
	struct op25b_prefix p;
	bool any = false;
	const char *v;

	while ((v = values_next(&it))) {
		any = true;
		if (op25b_prefix_parse(v, &p, d) < 0)
			continue;
		if (op25b_prefix_list_add(l, &p) < 0) {
			op25b_diag_error(d, "out of memory after %zu prefixes in %s",
					 l->len, op25b_set_name(set));
			return -ENOMEM;
		}
	}
	values_stray(&it, op25b_set_name(set), d);
	if (!any && d->errors == errors)
		op25b_diag_error(d, "%s: missing value (one or more prefixes)",
				 op25b_set_name(set));
	return d->errors == errors ? 0 : -EINVAL;
}

/* Returns -ENOMEM when reading must stop, else 0 (errors are in d). */
static int parse_keyword(const char *keyword, char *values,
			 struct op25b_policy *p, struct op25b_diag *d)
{
	char buf[OP25B_DIAG_ECHO_BUF];
	int set;

	if (!strcmp(keyword, "mode")) {
		op25b_config_parse_mode(values, &p->mode, d);
	} else if (!strcmp(keyword, "action")) {
		op25b_config_parse_action(values, &p->action, d);
	} else if (!strcmp(keyword, "ports")) {
		op25b_config_parse_ports(values, p->ports, &p->nports, d);
	} else if (!strcmp(keyword, "enforce-at")) {
		op25b_config_parse_enforce_at(values, &p->enforce_at, d);
	} else if (!strcmp(keyword, "log")) {
		op25b_config_parse_log(values, &p->log, &p->log_group, d);
	} else if ((set = op25b_set_lookup(keyword)) >= 0) {
		if (op25b_config_parse_prefixes(values, set, &p->sets[set],
						d) == -ENOMEM)
			return -ENOMEM;
	} else {
		op25b_diag_error(d, "%s: unknown keyword (expected mode, action, ports, enforce-at, log, dynamic, static or relay)",
				 echo(buf, keyword));
	}
	return 0;
}

static int parse_line(char *line, struct op25b_policy *p,
		      struct op25b_diag *d)
{
	char *s = line, *keyword, *hash = strchr(line, '#');

	if (hash)
		*hash = '\0';
	while (is_space(*s))
		s++;
	if (!*s)
		return 0;
	keyword = s;
	while (*s && !is_space(*s))
		s++;
	if (*s)
		*s++ = '\0';
	return parse_keyword(keyword, s, p, d);
}

struct reader {
	struct op25b_diag d;
	FILE *in;
	FILE *errf;
	const char *name;
	unsigned long line;
	/* the longest line, a "\r" and the NUL */
	char buf[OP25B_CONFIG_LINE_MAX + 2];
};

static void report_line(struct op25b_diag *d, const char *msg)
{
	struct reader *r = (struct reader *)((char *)d -
					     offsetof(struct reader, d));

	if (r->errf)
		fprintf(r->errf, "%s:%lu: %s\n", r->name, r->line, msg);
}

/*
 * Reads the next line into r->buf, without its "\n" or "\r\n". Returns
 * its length, more than OP25B_CONFIG_LINE_MAX for any longer line (whose
 * rest is read and dropped), or -1 at the end of the input. *nul says
 * whether the line held a NUL byte, which would cut it short for every
 * string function that looks at it.
 */
static long read_line(struct reader *r, bool *nul)
{
	/* a full line and its "\r" */
	const size_t max = OP25B_CONFIG_LINE_MAX + 1;
	size_t len = 0, total = 0;
	bool any = false;
	int c;

	*nul = false;
	while ((c = getc_unlocked(r->in)) != EOF) {
		any = true;
		if (c == '\n')
			break;
		if (!c)
			*nul = true;
		if (len < max)
			r->buf[len++] = c;
		if (total <= max)
			total++;
	}
	if (!any)
		return -1;
	if (total > max)
		return total;
	/* Also at the end of a file whose last line lacks its "\n". */
	if (len && r->buf[len - 1] == '\r')
		len--;
	r->buf[len] = '\0';
	return len;
}

unsigned long op25b_config_read(FILE *in, const char *name,
				struct op25b_policy *p, FILE *errf)
{
	struct reader r, *rp = &r;
	unsigned int i;
	bool nul;
	long len;

	memset(rp, 0, offsetof(struct reader, buf));
	rp->d.report = report_line;
	rp->in = in;
	rp->errf = errf;
	rp->name = name;

	for (rp->line = 1; (len = read_line(rp, &nul)) >= 0; rp->line++) {
		if (nul) {
			op25b_diag_error(&rp->d, "line contains a NUL byte");
			continue;
		}
		if (len > OP25B_CONFIG_LINE_MAX) {
			op25b_diag_error(&rp->d, "line longer than %d bytes",
					 OP25B_CONFIG_LINE_MAX);
			continue;
		}
		if (parse_line(rp->buf, p, &rp->d) == -ENOMEM)
			return rp->d.errors;
	}
	/* Reported at the line that could not be read. */
	if (ferror(in))
		op25b_diag_error(&rp->d, "read error: %s", strerror(errno));
	for (i = 0; i < OP25B_SET_COUNT; i++)
		op25b_prefix_list_sort(&p->sets[i]);
	return rp->d.errors;
}

int op25b_config_write(FILE *f, const struct op25b_policy *p)
{
	const char *mode = op25b_mode_name(p->mode);
	const char *action = op25b_action_name(p->action);
	const char *log = op25b_log_name(p->log);
	char buf[OP25B_PREFIX_STRLEN];
	char when[OP25B_TIME_STRLEN];
	unsigned int i, set;
	size_t j;

	if (!mode || !action || !log || !p->nports ||
	    p->nports > OP25B_PORTS_MAX || p->enforce_at > OP25B_ENFORCE_AT_MAX)
		return -EINVAL;
	fprintf(f, "mode %s\naction %s\nports ", mode, action);
	for (i = 0; i < p->nports; i++)
		fprintf(f, "%s%u", i ? "," : "", p->ports[i]);
	fputc('\n', f);
	if (p->enforce_at)
		fprintf(f, "enforce-at %s\n",
			op25b_time_format(p->enforce_at, when));
	if (p->log == OP25B_LOG_NFLOG)
		fprintf(f, "log nflog %u\n", p->log_group);
	else if (p->log != OP25B_LOG_OFF)
		fprintf(f, "log %s\n", log);
	for (set = 0; set < OP25B_SET_COUNT; set++)
		for (j = 0; j < p->sets[set].len; j++)
			fprintf(f, "%s %s\n", op25b_set_name(set),
				op25b_prefix_format(&p->sets[set].v[j], buf));
	return 0;
}
