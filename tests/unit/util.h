/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers the suites share: capturing what parsers report, parsing policy
 * text from memory, and putting prefixes into hand-built messages.
 */
#ifndef OP25B_UNIT_UTIL_H
#define OP25B_UNIT_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "policy.h"
#include "prefix.h"

struct nlmsghdr;

/* Collects every reported message, each followed by "\n". */
struct capture {
	struct op25b_diag d;
	char text[8192];
	size_t len;
};

void capture_init(struct capture *c);

/*
 * Parses len bytes of policy text as file "t.conf" into *p (initialized
 * here). Returns the error count; errs (if not NULL) gets the messages.
 * The caller frees *p.
 */
unsigned long parse_text_len(const char *text, size_t len,
			     struct op25b_policy *p, char *errs,
			     size_t errlen);
unsigned long parse_text(const char *text, struct op25b_policy *p,
			 char *errs, size_t errlen);

/* A prefix the test knows to be valid; aborts if it is not. */
struct op25b_prefix pfx(const char *s);

/* Starts a reply of the test family (UNIT_FAMILY) for cmd at buf. */
#define UNIT_FAMILY 0x1c
struct nlmsghdr *reply_start(void *buf, uint8_t cmd);

/* Puts a prefix nest of attribute type holding s. */
void put_prefix(struct nlmsghdr *nlh, uint16_t type, const char *s);

#endif /* OP25B_UNIT_UTIL_H */
