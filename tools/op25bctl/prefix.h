/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IPv4 and IPv6 prefixes as op25b stores them: an address in network byte
 * order and a length, with every host bit zero.
 */
#ifndef OP25BCTL_PREFIX_H
#define OP25BCTL_PREFIX_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>

#include "diag.h"

struct op25b_prefix {
	uint8_t family;		/* AF_INET or AF_INET6 */
	uint8_t len;		/* 0-32 or 0-128 */
	uint8_t addr[16];	/* IPv4 uses the first 4 bytes, the rest is 0 */
};

/* "ffff:...:255.255.255.255/128" and its NUL. */
#define OP25B_PREFIX_STRLEN	(INET6_ADDRSTRLEN + 4)

/* 32 or 128; 0 for a family that is neither. */
unsigned int op25b_prefix_maxlen(uint8_t family);

/* Address bytes of the family: 4 or 16. */
unsigned int op25b_prefix_addrlen(uint8_t family);

/*
 * Parses "ADDRESS/LEN" or a bare "ADDRESS" (full length). The address is
 * whatever inet_pton() accepts; one with a ':' is IPv6, so ::ffff:1.2.3.4
 * stays an IPv6 prefix. Returns 0, or -1 after reporting to d why s is no
 * prefix (echoing s): bad address, zone id, bad or missing length, length
 * out of range, host bits set (with the network that was probably meant).
 */
int op25b_prefix_parse(const char *s, struct op25b_prefix *p,
		       struct op25b_diag *d);

/* Like op25b_prefix_parse(), but only a bare address is accepted. */
int op25b_addr_parse(const char *s, struct op25b_prefix *p,
		     struct op25b_diag *d);

/* Family known, length in range, host bits zero, unused bytes zero. */
bool op25b_prefix_valid(const struct op25b_prefix *p);

/* "ADDRESS/LEN", always with the length. Returns buf. */
const char *op25b_prefix_format(const struct op25b_prefix *p,
				char buf[OP25B_PREFIX_STRLEN]);

/* The address alone, without "/LEN". Returns buf. */
const char *op25b_addr_format(const struct op25b_prefix *p,
			      char buf[OP25B_PREFIX_STRLEN]);

/*
 * The kernel's dump order: IPv4 before IPv6, then by address, then by
 * length. Returns <0, 0 or >0 like memcmp().
 */
int op25b_prefix_cmp(const struct op25b_prefix *a,
		     const struct op25b_prefix *b);

#endif /* OP25BCTL_PREFIX_H */
