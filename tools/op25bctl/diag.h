/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How parsers report bad input. A parser knows what is wrong but not where
 * it came from (line 12 of a file, or the command line); the struct
 * op25b_diag it is handed knows that and prints the message with it.
 */
#ifndef OP25BCTL_DIAG_H
#define OP25BCTL_DIAG_H

#include <stddef.h>

/* Longest message a parser reports, without its FILE:LINE: in front. */
#define OP25B_DIAG_MSG_MAX	512

/* Longest piece of bad input echoed in a message; longer is cut at "...". */
#define OP25B_DIAG_ECHO_MAX	80

struct op25b_diag {
	/* prints msg (no newline at its end) with the caller's context */
	void (*report)(struct op25b_diag *d, const char *msg);
	unsigned long errors;
};

/* Formats a message, counts it in d->errors and hands it to d->report. */
void op25b_diag_error(struct op25b_diag *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Copies len bytes of bad input s to out (size outlen, at least 8) so that
 * it can be echoed safely: bytes outside printable ASCII become \xNN, so a
 * stray escape sequence cannot mess up a terminal, and input longer than
 * OP25B_DIAG_ECHO_MAX ends in "...". Returns out.
 */
const char *op25b_diag_echo(char *out, size_t outlen, const char *s,
			    size_t len);

/* Enough for any op25b_diag_echo() result. */
#define OP25B_DIAG_ECHO_BUF	(OP25B_DIAG_ECHO_MAX * 4 + 4)

/* op25b_diag_echo() of the string s into buf[OP25B_DIAG_ECHO_BUF]. */
const char *op25b_diag_echo_str(char *buf, const char *s);

#endif /* OP25BCTL_DIAG_H */
