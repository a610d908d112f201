// SPDX-License-Identifier: GPL-2.0
/*
 * make bench's seeded inputs (gen.h).
 */

#include <stdlib.h>

#include "gen.h"

static uint64_t rng;

void bench_seed(uint64_t seed)
{
	rng = seed;
}

/* splitmix64: tiny, seedable, and plenty for picking inputs. */
uint64_t rnd(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

bench_u128 rnd128(void)
{
	bench_u128 hi = rnd();

	return hi << 64 | rnd();
}

/* Lengths lo..hi share w per mille of the prefixes evenly. */
struct lenw {
	uint8_t lo, hi;
	unsigned int w;
};

/* IPv4: mostly /16-/24, /24 most of all, as in routing tables. */
static const struct lenw mix4[] = {
	{ 16, 16, 20 }, { 17, 17, 10 }, { 18, 18, 20 }, { 19, 19, 30 },
	{ 20, 20, 50 }, { 21, 21, 60 }, { 22, 22, 120 }, { 23, 23, 100 },
	{ 24, 24, 540 }, { 25, 32, 50 },
};

/* IPv6: /32-/64, with /48 and /56 (site delegations) the most common. */
static const struct lenw mix6[] = {
	{ 32, 32, 100 }, { 33, 47, 150 }, { 48, 48, 400 }, { 49, 55, 50 },
	{ 56, 56, 150 }, { 57, 63, 50 }, { 64, 64, 100 },
};

const char *const bench_mix_text[2] = {
	"/16 2%, /17 1%, /18 2%, /19 3%, /20 5%, /21 6%, /22 12%, /23 10%, "
	"/24 54%, /25-/32 5%; addresses uniform over 0.0.0.0/0",
	"/32 10%, /33-/47 15%, /48 40%, /49-/55 5%, /56 15%, /57-/63 5%, "
	"/64 10%; addresses uniform over 2000::/3",
};

unsigned int fam_bits(int fam)
{
	return fam == BENCH_V4 ? 32 : 128;
}

bench_u128 fam_all(int fam)
{
	return fam == BENCH_V4 ? (bench_u128)0xffffffffu : ~(bench_u128)0;
}

bench_u128 host_bits(int fam, unsigned int len)
{
	if (len == 0)
		return fam_all(fam);
	return (((bench_u128)1 << (fam_bits(fam) - len)) - 1);
}

static uint8_t random_len(int fam)
{
	const struct lenw *m = fam == BENCH_V4 ? mix4 : mix6;
	size_t nm = fam == BENCH_V4 ? sizeof(mix4) / sizeof(mix4[0]) :
		    sizeof(mix6) / sizeof(mix6[0]);
	unsigned int r = (unsigned int)(rnd() % 1000), acc = 0;
	size_t i;

	for (i = 0; i < nm - 1; i++) {
		acc += m[i].w;
		if (r < acc)
			break;
	}
	return (uint8_t)(m[i].lo + rnd() % (m[i].hi - m[i].lo + 1u));
}

struct bench_pfx random_prefix(int fam)
{
	struct bench_pfx p;
	bench_u128 a = rnd128() & fam_all(fam);

	if (fam == BENCH_V6)
		a = (a >> 3) | ((bench_u128)1 << 125);	/* 2000::/3 */
	p.len = random_len(fam);
	p.addr = a & ~host_bits(fam, p.len);
	return p;
}

int pfx_cmp(const void *a, const void *b)
{
	const struct bench_pfx *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->len < y->len ? -1 : x->len > y->len;
}

void gen_prefixes(int fam, struct bench_pfx *p, size_t n)
{
	struct bench_pfx t;
	size_t have = 0, i, k;

	while (have < n) {
		for (i = have; i < n; i++)
			p[i] = random_prefix(fam);
		qsort(p, n, sizeof(*p), pfx_cmp);
		for (i = k = 0; i < n; i++)
			if (!k || pfx_cmp(&p[k - 1], &p[i]))
				p[k++] = p[i];
		have = k;
	}
	for (i = n; i > 1; i--) {
		k = rnd() % i;
		t = p[i - 1];
		p[i - 1] = p[k];
		p[k] = t;
	}
}
