// SPDX-License-Identifier: GPL-2.0
/*
 * Writing a policy as a policy file (op25b.conf(5)), in exactly the form
 * config.c reads: save prints what apply turns back into the same policy,
 * and list prints the same set lines.
 */
#include <errno.h>
#include <stdio.h>

#include "config.h"
#include "timefmt.h"

/* What a line can say: a valid label, an expiry in range. */
static bool annot_writable(const struct op25b_annot *a)
{
	return (!a->label[0] || op25b_label_valid(a->label)) &&
	       a->expires <= OP25B_TIME_MAX;
}

void op25b_config_write_entry(FILE *f, unsigned int set,
			      const struct op25b_prefix *p,
			      const struct op25b_annot *a)
{
	char buf[OP25B_PREFIX_STRLEN], when[OP25B_TIME_STRLEN];

	fprintf(f, "%s %s", op25b_set_name(set), op25b_prefix_format(p, buf));
	if (a && a->label[0])
		fprintf(f, " %s %s", set == OP25B_SET_DYNAMIC ? "pool" : "label",
			a->label);
	if (a && a->expires)
		fprintf(f, " expires %s", op25b_time_format(a->expires, when));
	fputc('\n', f);
}

int op25b_config_write(FILE *f, const struct op25b_policy *p)
{
	const char *mode = op25b_mode_name(p->mode);
	const char *action = op25b_action_name(p->action);
	const char *log = op25b_log_name(p->log);
	char when[OP25B_TIME_STRLEN];
	unsigned int i, set;
	size_t j;

	if (!mode || !action || !log || !p->nports ||
	    p->nports > OP25B_PORTS_MAX || p->enforce_at > OP25B_ENFORCE_AT_MAX)
		return -EINVAL;
	for (set = 0; set < OP25B_SET_COUNT; set++)
		for (j = 1; j < p->sets[set].nannots; j++)
			if (!annot_writable(&p->sets[set].annots[j]))
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
			op25b_config_write_entry(f, set, &p->sets[set].v[j],
						 op25b_prefix_list_annot(&p->sets[set],
									 j));
	return 0;
}
