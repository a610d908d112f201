// SPDX-License-Identifier: GPL-2.0
/*
 * Runs every unit test case of op25bctl. No kernel is involved: netlink
 * messages are built by hand, output goes to memory streams.
 */
#include <stdarg.h>

#include "harness.h"

static const struct unit_case *const suites[] = {
	json_cases,
	status_cases,
	ipc_cases,
	command_cases,
	prefix_cases,
	config_cases,
	build_cases,
	reply_cases,
	recv_cases,
	output_cases,
	transition_cases,
	export_cases,
	prometheus_cases,
	nft_cases,
	annot_cases,
};

static bool failed;
static char reason[1024];

void unit_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (failed)
		return;
	failed = true;
	n = snprintf(reason, sizeof(reason), "%s:%d: ", file, line);
	if (n < 0 || (size_t)n >= sizeof(reason))
		return;
	va_start(ap, fmt);
	vsnprintf(reason + n, sizeof(reason) - n, fmt, ap);
	va_end(ap);
}

/*
 * Two buffers in turn, because one reason quotes both the value it got
 * and the one it wanted.
 */
const char *unit_quote(const char *s, size_t len)
{
	static char bufs[2][512];
	static int turn;
	char *buf = bufs[turn ^= 1];
	size_t i, n = 0;

	buf[n++] = '"';
	for (i = 0; i < len && n < sizeof(bufs[0]) - 8; i++) {
		unsigned char c = s[i];

		if (c == '\n')
			n += sprintf(buf + n, "\\n");
		else if (c < 0x20 || c == 0x7f)
			n += sprintf(buf + n, "\\x%02x", c);
		else
			buf[n++] = c;
	}
	if (i < len)
		n += sprintf(buf + n, "...");
	buf[n++] = '"';
	buf[n] = '\0';
	return buf;
}

int main(void)
{
	unsigned int passed = 0, nfailed = 0, i;
	const struct unit_case *c;

	for (i = 0; i < ARRAY_SIZE(suites); i++) {
		for (c = suites[i]; c->name; c++) {
			failed = false;
			reason[0] = '\0';
			c->fn();
			if (failed) {
				printf("not ok - %s\n# %s\n", c->name, reason);
				nfailed++;
			} else {
				printf("ok - %s\n", c->name);
				passed++;
			}
		}
	}
	printf("unit: %u passed, %u failed\n", passed, nfailed);
	return nfailed ? 1 : 0;
}
