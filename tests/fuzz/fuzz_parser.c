// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the policy file parser (tools/op25bctl/config.c).
 *
 * Besides memory errors and undefined behaviour (ASan, UBSan), it checks
 * what the parser promises: a file that parses yields a policy a file can
 * express, with each set sorted and free of repeats, and writing it out and
 * reading that back gives the same policy and the same bytes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

static FILE *devnull;

static void check_policy(const struct op25b_policy *p)
{
	const struct op25b_prefix_list *l;
	unsigned int set;
	size_t i;

	if (!op25b_mode_name(p->mode) || !op25b_action_name(p->action) ||
	    !p->nports || p->nports > OP25B_PORTS_MAX)
		abort();
	for (i = 0; i < p->nports; i++)
		if (!p->ports[i])
			abort();
	for (set = 0; set < OP25B_SET_COUNT; set++) {
		l = &p->sets[set];
		for (i = 0; i < l->len; i++) {
			const struct op25b_annot *a =
				op25b_prefix_list_annot(l, i);

			if (!op25b_prefix_valid(&l->v[i]))
				abort();
			if (a && ((a->label[0] && !op25b_label_valid(a->label)) ||
				  a->expires > OP25B_TIME_MAX ||
				  op25b_annot_none(a)))
				abort();
			if (i && op25b_prefix_cmp(&l->v[i - 1], &l->v[i]) >= 0)
				abort();
		}
	}
}

/* Writes p to a new buffer; the caller frees *buf. */
static void write_policy(const struct op25b_policy *p, char **buf,
			 size_t *len)
{
	FILE *f = open_memstream(buf, len);

	if (!f || op25b_config_write(f, p) < 0)
		abort();
	fclose(f);
}

static unsigned long read_policy(const void *data, size_t size,
				 struct op25b_policy *p, FILE *errf)
{
	/* fmemopen() wants a buffer even for an empty file. */
	static char empty[1];
	unsigned long errors;
	FILE *in = fmemopen(size ? (void *)data : empty, size, "r");

	if (!in)
		abort();
	op25b_policy_init(p);
	errors = op25b_config_read(in, "fuzz", p, errf);
	fclose(in);
	return errors;
}

static void round_trip(const struct op25b_policy *p)
{
	char *first = NULL, *second = NULL;
	size_t first_len, second_len;
	struct op25b_policy q;

	write_policy(p, &first, &first_len);
	if (read_policy(first, first_len, &q, stderr))
		abort();
	if (!op25b_policy_equal(p, &q))
		abort();
	write_policy(&q, &second, &second_len);
	if (first_len != second_len || memcmp(first, second, first_len))
		abort();
	op25b_policy_free(&q);
	free(first);
	free(second);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct op25b_policy p;

	if (!devnull)
		devnull = fopen("/dev/null", "w");
	if (!read_policy(data, size, &p, devnull)) {
		check_policy(&p);
		round_trip(&p);
	}
	op25b_policy_free(&p);
	return 0;
}
