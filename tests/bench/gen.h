/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The seeded inputs of make bench, shared by lookup.c and vmprefixes.c
 * so that both parts draw prefixes the same way: splitmix64, one length
 * mix per family, distinct prefixes in random order. Families are
 * BENCH_V4 and BENCH_V6 (bench.h).
 */
#ifndef OP25B_BENCH_GEN_H
#define OP25B_BENCH_GEN_H

#include <stddef.h>
#include <stdint.h>

#include "bench.h"

/* The length mix in words, one line per family, for printed headers. */
extern const char *const bench_mix_text[2];

/* Restarts the generator from @seed. */
void bench_seed(uint64_t seed);
uint64_t rnd(void);
/* 128 random bits: the high half drawn first. */
bench_u128 rnd128(void);

unsigned int fam_bits(int fam);
/* Every address bit of the family set. */
bench_u128 fam_all(int fam);
/* The host bits of a prefix of length @len. */
bench_u128 host_bits(int fam, unsigned int len);

/* A prefix of the family's length mix; IPv6 inside 2000::/3. */
struct bench_pfx random_prefix(int fam);
/* By address, then length, as qsort() wants. */
int pfx_cmp(const void *a, const void *b);
/* Fills p[0, n) with n distinct random prefixes, in random order. */
void gen_prefixes(int fam, struct bench_pfx *p, size_t n);

#endif
