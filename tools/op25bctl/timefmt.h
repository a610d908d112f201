/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Instants as the policy file and the output write them: RFC 3339, such
 * as 2026-06-01T11:00+09:00, held as seconds since the Unix epoch (UTC).
 */
#ifndef OP25BCTL_TIMEFMT_H
#define OP25BCTL_TIMEFMT_H

#include <stdint.h>

/* Room for "2026-06-01T02:00:00Z" (21 bytes with its NUL), and more. */
#define OP25B_TIME_STRLEN 40

/*
 * Parses YYYY-MM-DDTHH:MM[:SS[.fraction]] followed by Z or +HH:MM/-HH:MM
 * (seconds are optional, a fraction is dropped, 't' and 'z' may be lower
 * case), years 1970 to 9999. Returns 0, or -EINVAL with *why saying what
 * is wrong, or -ERANGE for an instant before 1970-01-01T00:00:01Z or
 * past 9999.
 */
int op25b_time_parse(const char *s, uint64_t *t, const char **why);

/* Writes t as "YYYY-MM-DDTHH:MM:SSZ" to buf and returns buf. */
char *op25b_time_format(uint64_t t, char buf[OP25B_TIME_STRLEN]);

/*
 * "in 3d 4h", "in 5m 10s", "2h 3m ago": how far t is from now, roughly,
 * for people. Writes to buf (at least 32 bytes) and returns it.
 */
char *op25b_time_relative(uint64_t t, uint64_t now, char *buf, size_t size);

#endif /* OP25BCTL_TIMEFMT_H */
