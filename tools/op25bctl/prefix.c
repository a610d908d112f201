// SPDX-License-Identifier: GPL-2.0
/*
 * Prefix parsing and printing. inet_pton() decides what an address is, so
 * op25bctl accepts exactly what the rest of the system does; everything
 * around it (lengths, host bits) is checked here, with a message that
 * echoes the input.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "prefix.h"

unsigned int op25b_prefix_maxlen(uint8_t family)
{
	if (family == AF_INET)
		return 32;
	if (family == AF_INET6)
		return 128;
	return 0;
}

unsigned int op25b_prefix_addrlen(uint8_t family)
{
	return op25b_prefix_maxlen(family) / 8;
}

/* Clears the host bits of p; returns whether any was set. */
static bool clear_host_bits(struct op25b_prefix *p)
{
	unsigned int i, bytes = op25b_prefix_addrlen(p->family);
	bool set = false;
	uint8_t mask;

	/* Bytes before len / 8 are all network bits, those after all host. */
	i = p->len / 8;
	if (i < bytes && p->len % 8) {
		mask = ~(0xff >> (p->len % 8));
		set = p->addr[i] & ~mask;
		p->addr[i++] &= mask;
	}
	for (; i < bytes; i++) {
		set |= p->addr[i];
		p->addr[i] = 0;
	}
	return set;
}

bool op25b_prefix_valid(const struct op25b_prefix *p)
{
	struct op25b_prefix copy = *p;
	unsigned int i;

	if (!op25b_prefix_maxlen(p->family) ||
	    p->len > op25b_prefix_maxlen(p->family))
		return false;
	for (i = op25b_prefix_addrlen(p->family); i < sizeof(p->addr); i++)
		if (p->addr[i])
			return false;
	return !clear_host_bits(&copy);
}

/*
 * Dotted-quad IPv4 as inet_pton() takes it (four decimal numbers to 255,
 * no leading zeros, nothing else), without copying the text out first:
 * most of a large policy file. Says false for anything else, which
 * inet_pton() then decides.
 */
static bool parse_ipv4(const char *s, size_t n, uint8_t *addr)
{
	const char *end = s + n;
	unsigned int i, v, digits;

	for (i = 0; i < 4; i++) {
		if (i && (s == end || *s++ != '.'))
			return false;
		for (v = 0, digits = 0; s < end && *s >= '0' && *s <= '9';
		     s++, digits++) {
			if (digits == 3 || (digits && !v))
				return false;
			v = v * 10 + (*s - '0');
		}
		if (!digits || v > 255)
			return false;
		addr[i] = v;
	}
	return s == end;
}

static int parse_address(const char *s, size_t n, struct op25b_prefix *p,
			 const char *input, struct op25b_diag *d)
{
	char addr[INET6_ADDRSTRLEN + 1], echo[OP25B_DIAG_ECHO_BUF];
	bool v6 = memchr(s, ':', n);

	if (memchr(s, '%', n)) {
		op25b_diag_error(d, "%s: zone ids are not allowed",
				 op25b_diag_echo_str(echo, input));
		return -1;
	}
	memset(p, 0, sizeof(*p));
	p->family = v6 ? AF_INET6 : AF_INET;
	if (!v6 && parse_ipv4(s, n, p->addr))
		return 0;
	/* Too long for any address: inet_pton() would say no anyway. */
	if (n >= sizeof(addr))
		goto bad;
	memcpy(addr, s, n);
	addr[n] = '\0';
	if (inet_pton(p->family, addr, p->addr) == 1)
		return 0;
bad:
	op25b_diag_error(d, "%s: not a valid %s address",
			 op25b_diag_echo_str(echo, input),
			 v6 ? "IPv6" : "IPv4");
	return -1;
}

/*
 * Decimal digits only: "+8", " 8" or "0x8" are typos, not lengths.
 * Saturates rather than overflows, for the range check to catch.
 */
static int parse_decimal(const char *s, unsigned long max, unsigned long *v)
{
	if (!*s)
		return -1;
	for (*v = 0; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		if (*v <= max)
			*v = *v * 10 + (*s - '0');
	}
	return 0;
}

static int parse_length(const char *s, struct op25b_prefix *p,
			const char *input, struct op25b_diag *d)
{
	unsigned int max = op25b_prefix_maxlen(p->family);
	char echo[OP25B_DIAG_ECHO_BUF];
	unsigned long len;

	if (!*s) {
		op25b_diag_error(d, "%s: prefix length missing after '/'",
				 op25b_diag_echo_str(echo, input));
		return -1;
	}
	if (parse_decimal(s, max, &len) < 0) {
		op25b_diag_error(d, "%s: prefix length is not a number (0-%u for %s)",
				 op25b_diag_echo_str(echo, input), max,
				 max == 32 ? "IPv4" : "IPv6");
		return -1;
	}
	if (len > max) {
		op25b_diag_error(d, "%s: prefix length out of range (0-%u for %s)",
				 op25b_diag_echo_str(echo, input), max,
				 max == 32 ? "IPv4" : "IPv6");
		return -1;
	}
	p->len = len;
	return 0;
}

int op25b_prefix_parse(const char *s, struct op25b_prefix *p,
		       struct op25b_diag *d)
{
	char echo[OP25B_DIAG_ECHO_BUF], net[OP25B_PREFIX_STRLEN];
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);

	if (parse_address(s, n, p, s, d) < 0)
		return -1;
	p->len = op25b_prefix_maxlen(p->family);
	if (slash && parse_length(slash + 1, p, s, d) < 0)
		return -1;
	if (clear_host_bits(p)) {
		op25b_diag_error(d, "%s: host bits set (did you mean %s?)",
				 op25b_diag_echo_str(echo, s),
				 op25b_prefix_format(p, net));
		return -1;
	}
	return 0;
}

int op25b_addr_parse(const char *s, struct op25b_prefix *p,
		     struct op25b_diag *d)
{
	char echo[OP25B_DIAG_ECHO_BUF];

	if (strchr(s, '/')) {
		op25b_diag_error(d, "%s: expected an address, not a prefix",
				 op25b_diag_echo_str(echo, s));
		return -1;
	}
	if (parse_address(s, strlen(s), p, s, d) < 0)
		return -1;
	p->len = op25b_prefix_maxlen(p->family);
	return 0;
}

const char *op25b_addr_format(const struct op25b_prefix *p,
			      char buf[OP25B_PREFIX_STRLEN])
{
	if (!inet_ntop(p->family, p->addr, buf, OP25B_PREFIX_STRLEN))
		snprintf(buf, OP25B_PREFIX_STRLEN, "(family %u)", p->family);
	return buf;
}

const char *op25b_prefix_format(const struct op25b_prefix *p,
				char buf[OP25B_PREFIX_STRLEN])
{
	size_t n;

	op25b_addr_format(p, buf);
	n = strlen(buf);
	snprintf(buf + n, OP25B_PREFIX_STRLEN - n, "/%u", p->len);
	return buf;
}

int op25b_prefix_cmp(const struct op25b_prefix *a,
		     const struct op25b_prefix *b)
{
	int ret;

	/* AF_INET (2) sorts before AF_INET6 (10). */
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	ret = memcmp(a->addr, b->addr, sizeof(a->addr));
	if (ret)
		return ret;
	return (int)a->len - (int)b->len;
}
