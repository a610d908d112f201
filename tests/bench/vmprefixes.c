// SPDX-License-Identifier: GPL-2.0
/*
 * make bench, VM part: one seeded set of N IPv4 and N IPv6 prefixes,
 * written out for each tool that loads it, so that op25b, nftables and
 * ipset are given the same address space.
 *
 *   vmprefixes SEED N DIR
 *
 * The prefixes are drawn by gen.c, as lookup.c draws them (splitmix64,
 * the same length mix, distinct, random order). DIR gets:
 *
 *   op25b.conf   "mode enforce", "ports 25" and one "dynamic P" per prefix
 *   nft.nft      table inet op25bench with interval sets dyn4 and dyn6 and
 *                no chain: the prefixes merged into disjoint ranges (nft
 *                refuses overlapping intervals without auto-merge, and the
 *                merged ranges are the same addresses), 4096 per command,
 *                all one transaction
 *   ipset.txt    ipset restore input: hash:net sets dyn4 (inet) and dyn6
 *                (inet6) sized for N, the prefixes as they are (hash:net
 *                takes nested prefixes)
 *   sources4.txt 65536 IPv4 addresses, each inside a random prefix of the
 *                set (random host bits): the flood's sources
 *   add.txt      5 IPv4 prefixes not in the set, for "op25bctl add"
 */

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>

#include "gen.h"

typedef bench_u128 u128;

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p) {
		fprintf(stderr, "vmprefixes: out of memory\n");
		exit(1);
	}
	return p;
}

/* n distinct prefixes, in random order. */
static struct bench_pfx *gen(int v6, size_t n)
{
	struct bench_pfx *p = xmalloc(n * sizeof(*p));

	gen_prefixes(v6 ? BENCH_V6 : BENCH_V4, p, n);
	return p;
}

static const char *fmt(int v6, u128 a, char *buf)
{
	if (v6) {
		unsigned char b[16];
		int i;

		for (i = 0; i < 16; i++)
			b[i] = (unsigned char)(a >> (8 * (15 - i)));
		return inet_ntop(AF_INET6, b, buf, INET6_ADDRSTRLEN);
	}
	uint32_t v = htonl((uint32_t)a);

	return inet_ntop(AF_INET, &v, buf, INET6_ADDRSTRLEN);
}

/*
 * A source the router forwards: not one ip_route_input() drops as a
 * martian (0/8, 127/8, 224/3) and not in the bench's own links
 * (10.250.0.0/24, 192.0.2.0/24, see vm/inguest.sh).
 */
static int source_ok(uint32_t a)
{
	unsigned int top = a >> 24;

	return top != 0 && top != 127 && top < 224 &&
	       a >> 8 != 0x0afa00 && a >> 8 != 0xc00002;
}

static FILE *create(const char *dir, const char *name)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "vmprefixes: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	return f;
}

static void finish(FILE *f, const char *name)
{
	if (ferror(f) || fclose(f)) {
		fprintf(stderr, "vmprefixes: cannot write %s\n", name);
		exit(1);
	}
}

/* Writes the set's disjoint merged ranges as nft elements of set @name. */
static void nft_ranges(FILE *f, int v6, const struct bench_pfx *in, size_t n,
		       const char *name)
{
	struct bench_pfx *p = xmalloc(n * sizeof(*p));
	char b1[INET6_ADDRSTRLEN], b2[INET6_ADDRSTRLEN];
	size_t i, chunk = 0;
	u128 s, e;

	memcpy(p, in, n * sizeof(*p));
	qsort(p, n, sizeof(*p), pfx_cmp);
	s = p[0].addr;
	e = p[0].addr | host_bits(v6, p[0].len);
	for (i = 1; i <= n; i++) {
		u128 ns = 0, ne = 0;

		if (i < n) {
			ns = p[i].addr;
			ne = p[i].addr | host_bits(v6, p[i].len);
			/* Nested, overlapping or adjacent: one range. */
			if (ns <= e || (e != fam_all(v6) && ns == e + 1)) {
				if (ne > e)
					e = ne;
				continue;
			}
		}
		if (chunk % 4096 == 0)
			fprintf(f, "%sadd element inet op25bench %s { ",
				chunk ? " }\n" : "", name);
		else
			fputs(", ", f);
		chunk++;
		fmt(v6, s, b1);
		if (s == e)
			fputs(b1, f);
		else
			fprintf(f, "%s-%s", b1, fmt(v6, e, b2));
		s = ns;
		e = ne;
	}
	fputs(" }\n", f);
	free(p);
}

int main(int argc, char **argv)
{
	struct bench_pfx *p[2], q;
	char buf[INET6_ADDRSTRLEN];
	size_t n, i, k;
	FILE *f;
	int v6;

	if (argc != 4) {
		fprintf(stderr, "usage: vmprefixes SEED N DIR\n");
		return 1;
	}
	bench_seed(strtoull(argv[1], NULL, 0));
	n = strtoull(argv[2], NULL, 0);
	if (n == 0) {
		fprintf(stderr, "vmprefixes: N must be positive\n");
		return 1;
	}
	p[0] = gen(0, n);
	p[1] = gen(1, n);

	f = create(argv[3], "op25b.conf");
	fprintf(f, "# vmprefixes %s %zu: %zu IPv4 + %zu IPv6 dynamic prefixes\n",
		argv[1], n, n, n);
	fputs("mode enforce\naction drop\nports 25\n", f);
	for (v6 = 0; v6 < 2; v6++)
		for (i = 0; i < n; i++)
			fprintf(f, "dynamic %s/%u\n", fmt(v6, p[v6][i].addr, buf),
				p[v6][i].len);
	finish(f, "op25b.conf");

	f = create(argv[3], "nft.nft");
	fputs("table inet op25bench {\n"
	      "\tset dyn4 { type ipv4_addr; flags interval; }\n"
	      "\tset dyn6 { type ipv6_addr; flags interval; }\n}\n", f);
	nft_ranges(f, 0, p[0], n, "dyn4");
	nft_ranges(f, 1, p[1], n, "dyn6");
	finish(f, "nft.nft");

	f = create(argv[3], "ipset.txt");
	for (v6 = 0; v6 < 2; v6++) {
		const char *name = v6 ? "dyn6" : "dyn4";

		fprintf(f, "create %s hash:net family %s hashsize %zu maxelem %zu\n",
			name, v6 ? "inet6" : "inet", n < 1024 ? (size_t)1024 : n,
			n + 1024);
		for (i = 0; i < n; i++)
			fprintf(f, "add %s %s/%u\n", name,
				fmt(v6, p[v6][i].addr, buf), p[v6][i].len);
	}
	finish(f, "ipset.txt");

	f = create(argv[3], "sources4.txt");
	for (i = 0; i < 65536;) {
		uint32_t a;

		q = p[0][rnd() % n];
		a = (uint32_t)(q.addr | (rnd() & host_bits(BENCH_V4, q.len)));
		if (!source_ok(a))
			continue;
		fprintf(f, "%s\n", fmt(0, a, buf));
		i++;
	}
	finish(f, "sources4.txt");

	/* New /32s: a /32 not equal to any prefix of the set. */
	f = create(argv[3], "add.txt");
	for (k = 0; k < 5;) {
		q.addr = rnd() & 0xffffffffu;
		q.len = 32;
		for (i = 0; i < n; i++)
			if (!pfx_cmp(&q, &p[0][i]))
				break;
		if (i < n)
			continue;
		fprintf(f, "%s/32\n", fmt(0, q.addr, buf));
		k++;
	}
	finish(f, "add.txt");
	free(p[0]);
	free(p[1]);
	return 0;
}
