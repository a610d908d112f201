// SPDX-License-Identifier: GPL-2.0
/*
 * RFC 3339 instants to and from seconds since the epoch, by the civil
 * calendar arithmetic of the proleptic Gregorian calendar (no time zone
 * database: an instant carries its own offset).
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "timefmt.h"

#define TIME_MAX_SECONDS 253402300799ULL	/* 9999-12-31T23:59:59Z */

static bool leap(unsigned int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned int month_days(unsigned int y, unsigned int m)
{
	static const unsigned char days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return m == 2 && leap(y) ? 29 : days[m - 1];
}

/* Days from 1970-01-01 to y-m-d, y >= 1970. */
static uint64_t days_since_epoch(unsigned int y, unsigned int m,
				 unsigned int d)
{
	uint64_t days = 0;
	unsigned int i;

	/* Whole 400-year cycles have 146097 days. */
	days += (uint64_t)((y - 1970) / 400) * 146097;
	for (i = 1970 + (y - 1970) / 400 * 400; i < y; i++)
		days += leap(i) ? 366 : 365;
	for (i = 1; i < m; i++)
		days += month_days(y, i);
	return days + d - 1;
}

/* n digits at *s into *v; advances *s. */
static bool digits(const char **s, unsigned int n, unsigned int *v)
{
	unsigned int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if ((*s)[i] < '0' || (*s)[i] > '9')
			return false;
		*v = *v * 10 + (unsigned int)((*s)[i] - '0');
	}
	*s += n;
	return true;
}

static bool expect(const char **s, char c)
{
	if (**s != c)
		return false;
	(*s)++;
	return true;
}

int op25b_time_parse(const char *s, uint64_t *t, const char **why)
{
	unsigned int y, mo, d, h, mi, sec = 0, oh = 0, om = 0;
	int64_t v, off = 0;
	char sign;

	if (!digits(&s, 4, &y) || !expect(&s, '-') || !digits(&s, 2, &mo) ||
	    !expect(&s, '-') || !digits(&s, 2, &d)) {
		*why = "expected a date YYYY-MM-DD";
		return -EINVAL;
	}
	if (!expect(&s, 'T') && !expect(&s, 't')) {
		*why = "expected T and a time after the date";
		return -EINVAL;
	}
	if (!digits(&s, 2, &h) || !expect(&s, ':') || !digits(&s, 2, &mi)) {
		*why = "expected a time HH:MM";
		return -EINVAL;
	}
	if (expect(&s, ':') && !digits(&s, 2, &sec)) {
		*why = "expected seconds after HH:MM:";
		return -EINVAL;
	}
	if (expect(&s, '.')) {
		if (*s < '0' || *s > '9') {
			*why = "expected digits after the decimal point";
			return -EINVAL;
		}
		while (*s >= '0' && *s <= '9')
			s++;
	}
	sign = *s;
	if (sign == 'Z' || sign == 'z') {
		s++;
	} else if (sign == '+' || sign == '-') {
		s++;
		if (!digits(&s, 2, &oh) || !expect(&s, ':') ||
		    !digits(&s, 2, &om) || oh > 23 || om > 59) {
			*why = "expected an offset +HH:MM or -HH:MM";
			return -EINVAL;
		}
		off = (int64_t)(oh * 3600 + om * 60);
		if (sign == '-')
			off = -off;
	} else {
		*why = "expected a time zone: Z or an offset such as +09:00";
		return -EINVAL;
	}
	if (*s) {
		*why = "unexpected text after the time zone";
		return -EINVAL;
	}
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 ||
	    d > month_days(y, mo) || h > 23 || mi > 59 || sec > 60) {
		*why = "no such date or time";
		return -EINVAL;
	}
	/* A leap second reads as the second after it. */
	v = (int64_t)days_since_epoch(y, mo, d) * 86400 + h * 3600 +
	    mi * 60 + sec - off;
	if (v < 1 || (uint64_t)v > TIME_MAX_SECONDS) {
		*why = "out of range (1970-01-01T00:00:01Z to 9999-12-31T23:59:59Z)";
		return -ERANGE;
	}
	*t = (uint64_t)v;
	return 0;
}

char *op25b_time_format(uint64_t t, char buf[OP25B_TIME_STRLEN])
{
	uint64_t days = t / 86400, rem = t % 86400;
	unsigned int y = 1970, m = 1, n;

	if (t > TIME_MAX_SECONDS) {
		snprintf(buf, OP25B_TIME_STRLEN, "%s", "(out of range)");
		return buf;
	}
	y += (unsigned int)(days / 146097) * 400;
	days %= 146097;
	for (; days >= (n = leap(y) ? 366 : 365); y++)
		days -= n;
	for (; days >= (n = month_days(y, m)); m++)
		days -= n;
	snprintf(buf, OP25B_TIME_STRLEN, "%04u-%02u-%02uT%02u:%02u:%02uZ",
		 y, m, (unsigned int)days + 1, (unsigned int)(rem / 3600),
		 (unsigned int)(rem / 60 % 60), (unsigned int)(rem % 60));
	return buf;
}

char *op25b_time_relative(uint64_t t, uint64_t now, char *buf, size_t size)
{
	static const struct {
		uint64_t secs;
		char unit;
	} units[] = { { 86400, 'd' }, { 3600, 'h' }, { 60, 'm' }, { 1, 's' } };
	uint64_t delta = t > now ? t - now : now - t;
	unsigned int i, shown = 0;
	size_t len = 0;

	if (t > now)
		len += (size_t)snprintf(buf, size, "in ");
	else if (t == now)
		len += (size_t)snprintf(buf, size, "now");
	/* The two largest units from the first that is not zero. */
	for (i = 0; i < 4 && shown < 2 && len < size; i++) {
		uint64_t n = delta / units[i].secs;

		if (!n && !shown)
			continue;
		if (!delta)
			break;
		len += (size_t)snprintf(buf + len, size - len, "%s%llu%c",
					shown ? " " : "",
					(unsigned long long)n, units[i].unit);
		delta -= n * units[i].secs;
		shown++;
	}
	if (t < now && len < size)
		snprintf(buf + len, size - len, " ago");
	return buf;
}
