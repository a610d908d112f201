/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A very small test harness. Each case is a void function; the EXPECT
 * macros record the first failure and return from the case, so a case
 * stops at the first thing that is wrong. unit.c runs every case and
 * prints "ok - name" or "not ok - name" plus one "#" reason line, then
 * "unit: N passed, M failed".
 */
#ifndef OP25B_UNIT_HARNESS_H
#define OP25B_UNIT_HARNESS_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct unit_case {
	const char *name;
	void (*fn)(void);
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define UNIT_CASE(fn) { #fn, fn }
#define UNIT_END { NULL, NULL }

/* Records why the running case failed; the first reason wins. */
void unit_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Quotes s for a reason line: escapes keep the reason on one line. */
const char *unit_quote(const char *s, size_t len);

#define FAIL(...)						\
	do {							\
		unit_fail(__FILE__, __LINE__, __VA_ARGS__);	\
		return;						\
	} while (0)

#define EXPECT(cond)						\
	do {							\
		if (!(cond))					\
			FAIL("expected %s", #cond);		\
	} while (0)

#define EXPECT_INT(got, want)					\
	do {							\
		long long got_ = (got), want_ = (want);		\
		if (got_ != want_)				\
			FAIL("%s is %lld, expected %lld",	\
			     #got, got_, want_);		\
	} while (0)

#define EXPECT_STR(got, want)					\
	do {							\
		const char *got_ = (got), *want_ = (want);	\
		if (!got_ || strcmp(got_, want_))		\
			FAIL("%s is %s, expected %s", #got,	\
			     got_ ? unit_quote(got_, strlen(got_)) \
				  : "NULL",			\
			     unit_quote(want_, strlen(want_)));	\
	} while (0)

/*
 * Runs stmt with FILE *f open on a memory stream and compares everything
 * written to f with want, byte for byte.
 */
#define EXPECT_OUTPUT(want, stmt)					\
	do {								\
		const char *want_ = (want);				\
		char *buf_ = NULL;					\
		size_t len_ = 0;					\
		bool same_;						\
		FILE *f = open_memstream(&buf_, &len_);			\
									\
		if (!f)							\
			FAIL("open_memstream failed");			\
		stmt;							\
		fclose(f);						\
		same_ = len_ == strlen(want_) &&			\
			!memcmp(buf_, want_, len_);			\
		if (!same_)						\
			unit_fail(__FILE__, __LINE__,			\
				  "output %s, expected %s",		\
				  unit_quote(buf_, len_),		\
				  unit_quote(want_, strlen(want_)));	\
		free(buf_);						\
		if (!same_)						\
			return;						\
	} while (0)

extern const struct unit_case json_cases[];
extern const struct unit_case status_cases[];
extern const struct unit_case ipc_cases[];
extern const struct unit_case command_cases[];
extern const struct unit_case prefix_cases[];
extern const struct unit_case config_cases[];
extern const struct unit_case build_cases[];
extern const struct unit_case reply_cases[];
extern const struct unit_case recv_cases[];
extern const struct unit_case output_cases[];
extern const struct unit_case transition_cases[];
extern const struct unit_case export_cases[];
extern const struct unit_case prometheus_cases[];
extern const struct unit_case nft_cases[];
extern const struct unit_case annot_cases[];

#endif /* OP25B_UNIT_HARNESS_H */
