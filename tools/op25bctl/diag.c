// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"

void op25b_diag_error(struct op25b_diag *d, const char *fmt, ...)
{
	char msg[OP25B_DIAG_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	d->errors++;
	d->report(d, msg);
}

const char *op25b_diag_echo(char *out, size_t outlen, const char *s,
			    size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len && i < OP25B_DIAG_ECHO_MAX; i++) {
		unsigned char c = s[i];

		if (n + 5 > outlen - 4)
			break;
		if (c >= 0x20 && c < 0x7f)
			out[n++] = c;
		else
			n += snprintf(out + n, outlen - n, "\\x%02x", c);
	}
	if (i < len) {
		out[n++] = '.';
		out[n++] = '.';
		out[n++] = '.';
	}
	out[n] = '\0';
	return out;
}

const char *op25b_diag_echo_str(char *buf, const char *s)
{
	return op25b_diag_echo(buf, OP25B_DIAG_ECHO_BUF, s, strlen(s));
}
