// SPDX-License-Identifier: GPL-2.0
/*
 * The policy file parser. A line is "KEYWORD VALUE..." with an optional
 * "# comment"; see man/op25b.conf.5 for the format and the promises made
 * about it. Lines are read into a fixed buffer, so a file of millions of
 * lines costs memory only for the prefixes it holds, and a runaway line
 * is reported instead of swallowing memory.
 */
#include <errno.h>
#include <inttypes.h>
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
				 op25b_diag_echo_str(buf, first), keyword,
				 expected);
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
				 op25b_diag_echo_str(buf, v[0]), why);
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
				 op25b_diag_echo_str(buf, v[0]));
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
					 op25b_diag_echo_str(buf, v[1]));
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
					 op25b_diag_echo_str(buf, v));
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

static bool is_annot_keyword(const char *s)
{
	/* Looked at for every value: prefixes rarely start so. */
	switch (s[0]) {
	case 'p':
		return !strcmp(s, "pool");
	case 'l':
		return !strcmp(s, "label");
	case 'e':
		return !strcmp(s, "expires");
	}
	return false;
}

bool op25b_config_is_annot_keyword(const char *s)
{
	return is_annot_keyword(s);
}

#define LABEL_CHARS "A-Z a-z 0-9 . _ - : / @ +"

static void parse_label(const char *kw, const char *v, struct op25b_annot *a,
			struct op25b_diag *d)
{
	char buf[OP25B_DIAG_ECHO_BUF], bad[OP25B_DIAG_ECHO_BUF];
	const char *c = op25b_label_bad_char(v);

	if (c) {
		op25b_diag_error(d, "%s %s: '%s' may not be in a label (only " LABEL_CHARS ")",
				 kw, op25b_diag_echo_str(buf, v),
				 op25b_diag_echo(bad, sizeof(bad), c, 1));
		return;
	}
	if (strlen(v) >= OP25B_LABEL_MAX) {
		op25b_diag_error(d, "%s %s: label too long (%zu characters, at most %d)",
				 kw, op25b_diag_echo_str(buf, v), strlen(v),
				 OP25B_LABEL_MAX - 1);
		return;
	}
	strcpy(a->label, v);
}

static void parse_expires(const char *v, struct op25b_annot *a,
			  struct op25b_diag *d)
{
	char buf[OP25B_DIAG_ECHO_BUF];
	const char *why;
	uint64_t t;

	if (!strcmp(v, "none")) {
		op25b_diag_error(d, "expires none: for no expiry, leave expires out");
		return;
	}
	if (op25b_time_parse(v, &t, &why) < 0) {
		op25b_diag_error(d, "expires %s: %s (write it like 2027-01-01T00:00Z)",
				 op25b_diag_echo_str(buf, v), why);
		return;
	}
	a->expires = t;
}

int op25b_config_parse_entries(char *list, unsigned int set,
			       struct op25b_prefix_list *l,
			       struct op25b_annot *out, struct op25b_diag *d)
{
	struct values it = { .pos = list };
	const char *name = op25b_set_name(set), *kw, *label_kw = NULL;
	unsigned long errors = d->errors;
	char buf[OP25B_DIAG_ECHO_BUF];
	struct op25b_annot a = { 0 };
	bool keywords = false, late = false, has_expires = false, bad_annot;
	char *v, **pfx, *few[16];
	struct op25b_prefix p;
	size_t n = 0, i;

	/* At most one value in every two bytes. */
	n = strlen(list) / 2 + 1;
	pfx = few;
	if (n > sizeof(few) / sizeof(few[0]))
		pfx = malloc(n * sizeof(*pfx));
	n = 0;
	if (!pfx) {
		op25b_diag_error(d, "out of memory");
		return -ENOMEM;
	}
	while ((v = values_next(&it))) {
		if (!is_annot_keyword(v)) {
			if (keywords) {
				if (!late)
					op25b_diag_error(d, "%s: prefixes come before pool, label and expires",
							 op25b_diag_echo_str(buf, v));
				late = true;
			} else {
				pfx[n++] = v;
			}
			continue;
		}
		keywords = true;
		kw = v;
		/*
		 * The next word is the value, whatever it is: a label may be
		 * "pool" or "expires", and save writes it so.
		 */
		v = values_next(&it);
		if (!v) {
			if (!strcmp(kw, "expires"))
				op25b_diag_error(d, "expires: missing value (an RFC 3339 time such as 2027-01-01T00:00Z)");
			else
				op25b_diag_error(d, "%s: missing value (a label: 1 to %d of " LABEL_CHARS ")",
						 kw, OP25B_LABEL_MAX - 1);
			continue;
		}
		if (!strcmp(kw, "expires")) {
			if (has_expires)
				op25b_diag_error(d, "expires: given twice on one line");
			else
				parse_expires(v, &a, d);
			has_expires = true;
		} else if (label_kw) {
			op25b_diag_error(d, strcmp(kw, label_kw) ?
					 "%s: given twice on one line (pool and label are the same)" :
					 "%s: given twice on one line", kw);
		} else {
			label_kw = kw;
			parse_label(kw, v, &a, d);
		}
	}
	values_stray(&it, name, d);
	if (!n && !late)
		op25b_diag_error(d, "%s: missing value (one or more prefixes)",
				 name);
	/*
	 * Every prefix is checked; none goes in with annotations that are
	 * wrong, which would only bring more errors about the same line.
	 */
	bad_annot = d->errors != errors;
	for (i = 0; i < n; i++) {
		if (op25b_prefix_parse(pfx[i], &p, d) < 0 || bad_annot)
			continue;
		if (op25b_prefix_list_add_annot(l, &p, &a) < 0) {
			op25b_diag_error(d, "out of memory after %zu prefixes in %s",
					 l->len, name);
			if (pfx != few)
				free(pfx);
			return -ENOMEM;
		}
	}
	if (pfx != few)
		free(pfx);
	if (out)
		*out = a;
	return d->errors == errors ? 0 : -EINVAL;
}

/* Returns -ENOMEM when reading must stop, else 0 (errors are in d). */
static int parse_keyword(const char *keyword, char *values,
			 struct op25b_policy *p, struct op25b_diag *d)
{
	char buf[OP25B_DIAG_ECHO_BUF];
	int set;

	/* The sets first: nearly every line of a large file is one. */
	set = op25b_set_lookup(keyword);
	if (set >= 0) {
		if (op25b_config_parse_entries(values, set, &p->sets[set],
					       NULL, d) == -ENOMEM)
			return -ENOMEM;
	} else if (!strcmp(keyword, "mode")) {
		op25b_config_parse_mode(values, &p->mode, d);
	} else if (!strcmp(keyword, "action")) {
		op25b_config_parse_action(values, &p->action, d);
	} else if (!strcmp(keyword, "ports")) {
		op25b_config_parse_ports(values, p->ports, &p->nports, d);
	} else if (!strcmp(keyword, "enforce-at")) {
		op25b_config_parse_enforce_at(values, &p->enforce_at, d);
	} else if (!strcmp(keyword, "log")) {
		op25b_config_parse_log(values, &p->log, &p->log_group, d);
	} else {
		op25b_diag_error(d, "%s: unknown keyword (expected mode, action, ports, enforce-at, log, dynamic, static or relay)",
				 op25b_diag_echo_str(buf, keyword));
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
	/*
	 * The line each prefix of each set came from, beside the set's
	 * array: a prefix given twice with different annotations is
	 * reported naming both lines, and an expired one at its own.
	 */
	uint32_t *lines[OP25B_SET_COUNT];
	size_t lines_cap[OP25B_SET_COUNT];
	/* expired entries left out, and how many of them were named */
	unsigned long expired;
	/* the longest line, a "\r" and the NUL */
	char buf[OP25B_CONFIG_LINE_MAX + 2];
	/* input read ahead: bytes at to end */
	size_t at, end;
	bool eof;
	char ahead[32768];
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
static size_t min_size(size_t a, size_t b)
{
	return a < b ? a : b;
}

static long read_line(struct reader *r, bool *nul)
{
	/* a full line and its "\r" */
	const size_t max = OP25B_CONFIG_LINE_MAX + 1;
	size_t len = 0, total = 0, n, k;
	bool any = false;
	const char *s, *nl;

	*nul = false;
	for (;;) {
		if (r->at == r->end) {
			if (r->eof)
				break;
			r->at = 0;
			r->end = fread(r->ahead, 1, sizeof(r->ahead), r->in);
			/* fread() comes back short only at the end or an error. */
			r->eof = r->end < sizeof(r->ahead);
			if (!r->end)
				break;
		}
		any = true;
		s = r->ahead + r->at;
		nl = memchr(s, '\n', r->end - r->at);
		n = nl ? (size_t)(nl - s) : r->end - r->at;
		r->at += n + !!nl;
		if (memchr(s, '\0', n))
			*nul = true;
		k = len < max ? min_size(n, max - len) : 0;
		memcpy(r->buf + len, s, k);
		len += k;
		total = min_size(total + n, max + 1);
		if (nl)
			break;
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

/* Notes the current line for the prefixes parse_line() just added. */
static int note_lines(struct reader *r, const struct op25b_policy *p,
		      const size_t before[OP25B_SET_COUNT])
{
	uint32_t line = r->line > UINT32_MAX ? UINT32_MAX : r->line;
	unsigned int set;
	size_t i;

	for (set = 0; set < OP25B_SET_COUNT; set++)
		for (i = before[set]; i < p->sets[set].len; i++) {
			if (op25b_array_grow((void **)&r->lines[set],
					     &r->lines_cap[set], i,
					     sizeof(r->lines[set][0]))) {
				op25b_diag_error(&r->d, "out of memory after %zu prefixes in %s",
						 i, op25b_set_name(set));
				return -ENOMEM;
			}
			r->lines[set][i] = line;
		}
	return 0;
}

static void error_at(struct reader *r, uint32_t line, const char *fmt,
		     const char *a, const char *b, uint32_t other)
	__attribute__((format(printf, 3, 0)));

static void error_at(struct reader *r, uint32_t line, const char *fmt,
		     const char *a, const char *b, uint32_t other)
{
	unsigned long now = r->line;

	r->line = line;
	op25b_diag_error(&r->d, fmt, a, b, other);
	r->line = now;
}

/*
 * The kernel refuses a prefix added twice with different annotations;
 * said here, it names both lines. Runs on a set in order, before repeats
 * are dropped.
 */
static void check_repeats(struct reader *r, unsigned int set,
			  const struct op25b_prefix_list *l)
{
	char buf[OP25B_PREFIX_STRLEN];
	size_t i, first = 0;

	if (!l->ann)
		return;
	for (i = 1; i < l->len; i++) {
		if (op25b_prefix_cmp(&l->v[first], &l->v[i])) {
			first = i;
			continue;
		}
		if (!op25b_annot_equal(op25b_prefix_list_annot(l, first),
				       op25b_prefix_list_annot(l, i)))
			error_at(r, r->lines[set][i],
				 "%s %s: also on line %" PRIu32 " with other annotations (a prefix has one label and one expiry)",
				 op25b_set_name(set),
				 op25b_prefix_format(&l->v[i], buf),
				 r->lines[set][first]);
	}
}

struct expiry {
	struct reader *r;
	unsigned int set;
	uint64_t now;
};

static bool not_expired(const struct op25b_prefix_list *l, size_t i,
			void *data)
{
	const struct op25b_annot *a = op25b_prefix_list_annot(l, i);
	char buf[OP25B_PREFIX_STRLEN], when[OP25B_TIME_STRLEN], rel[32];
	struct expiry *e = data;
	struct reader *r = e->r;

	if (!a || !a->expires || a->expires > e->now)
		return true;
	if (r->errf && r->expired < OP25B_CONFIG_EXPIRED_SHOWN)
		fprintf(r->errf, "%s:%" PRIu32 ": warning: %s %s expired %s (%s), left out\n",
			r->name, r->lines[e->set][i], op25b_set_name(e->set),
			op25b_prefix_format(&l->v[i], buf),
			op25b_time_format(a->expires, when),
			op25b_time_relative(a->expires, e->now, rel,
					    sizeof(rel)));
	r->expired++;
	return false;
}

/* Sorts each set, checks and drops repeats, then the expired entries. */
static void finish_sets(struct reader *r, struct op25b_policy *p,
			uint64_t now)
{
	struct expiry e = { .r = r, .now = now };
	struct op25b_prefix_list *l;
	unsigned int set;

	for (set = 0; set < OP25B_SET_COUNT; set++) {
		l = &p->sets[set];
		/* Without annotations, lines are of no use: the fast sort. */
		if (op25b_prefix_list_order(l, l->ann ? r->lines[set] : NULL)) {
			op25b_diag_error(&r->d, "out of memory sorting %zu prefixes of %s",
					 l->len, op25b_set_name(set));
			continue;
		}
		if (!l->ann) {
			op25b_prefix_list_unique(l, NULL);
			continue;
		}
		check_repeats(r, set, l);
		op25b_prefix_list_unique(l, r->lines[set]);
		if (now) {
			e.set = set;
			op25b_prefix_list_filter(l, r->lines[set], not_expired,
						 &e);
		}
	}
	if (r->errf && r->expired > OP25B_CONFIG_EXPIRED_SHOWN)
		fprintf(r->errf, "%s: warning: %lu more expired entries left out (%lu in all)\n",
			r->name, r->expired - OP25B_CONFIG_EXPIRED_SHOWN,
			r->expired);
}

unsigned long op25b_config_read(FILE *in, const char *name,
				struct op25b_policy *p, FILE *errf)
{
	return op25b_config_read_at(in, name, p, errf, 0, NULL);
}

unsigned long op25b_config_read_at(FILE *in, const char *name,
				   struct op25b_policy *p, FILE *errf,
				   uint64_t now, unsigned long *expired)
{
	size_t before[OP25B_SET_COUNT];
	struct reader r, *rp = &r;
	unsigned long errors;
	unsigned int i;
	bool nul;
	long len;

	memset(rp, 0, offsetof(struct reader, buf));
	rp->at = 0;
	rp->end = 0;
	rp->eof = false;
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
		for (i = 0; i < OP25B_SET_COUNT; i++)
			before[i] = p->sets[i].len;
		if (parse_line(rp->buf, p, &rp->d) == -ENOMEM ||
		    note_lines(rp, p, before) == -ENOMEM)
			goto out;
	}
	/* Reported at the line that could not be read. */
	if (ferror(in))
		op25b_diag_error(&rp->d, "read error: %s", strerror(errno));
	finish_sets(rp, p, now);
out:
	for (i = 0; i < OP25B_SET_COUNT; i++)
		free(rp->lines[i]);
	errors = rp->d.errors;
	if (expired)
		*expired = rp->expired;
	return errors;
}
