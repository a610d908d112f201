/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What lookup.c (op25b's own src/table.c) and peers.c (rte_lpm/rte_lpm6
 * and a sorted interval array) share: the prefix and query formats, and
 * one small API per peer. Plain C types only: peers.c sees no kernel
 * shim and lookup.c no DPDK header.
 */
#ifndef OP25B_BENCH_H
#define OP25B_BENCH_H

#include <stddef.h>
#include <stdint.h>

typedef unsigned __int128 bench_u128;

/* Same numbering as enum op25b_family (lookup.c checks). */
#define BENCH_V4 0
#define BENCH_V6 1

/* A prefix: IPv4 in the low 32 bits of addr, host order, host bits 0. */
struct bench_pfx {
	bench_u128 addr;
	uint8_t len;
};

/*
 * Sorted array of disjoint intervals [s, e], the prefixes merged first:
 * a binary search for the last s <= address, then address <= e.
 */
struct ivset;
struct ivset *iv_build(int family, const struct bench_pfx *p, size_t n);
void iv_free(struct ivset *s);
size_t iv_bytes(const struct ivset *s);
size_t iv_count(const struct ivset *s);
int iv_has(const struct ivset *s, bench_u128 addr);
/* @passes times over q[0, nq): the number of hits. */
uint64_t iv_run4(const struct ivset *s, const uint32_t *q, size_t nq,
		 unsigned int passes);
uint64_t iv_run6(const struct ivset *s, const bench_u128 *q, size_t nq,
		 unsigned int passes);

/*
 * DPDK's rte_lpm (IPv4) and rte_lpm6 (IPv6). lpm_init() starts the EAL
 * without hugepages; it and lpm_build() return NULL on success, else why
 * not, as text. lpm_groups() is the exact number of tbl8 groups the set
 * needs, which lpm_build() allocates (so the tables are sized to fit).
 */
const char *lpm_init(unsigned int mem_mb);
size_t lpm_groups(int family, const struct bench_pfx *p, size_t n);
unsigned int lpm_mem_mb(int family, size_t groups, size_t n);
struct lpmset;
const char *lpm_build(int family, const struct bench_pfx *p, size_t n,
		      size_t groups, struct lpmset **out);
void lpm_free(struct lpmset *s);
size_t lpm_bytes(const struct lpmset *s);
int lpm_has(const struct lpmset *s, bench_u128 addr);
/*
 * IPv4 only: lpm_dump() writes the table's tbl24 and tbl8 groups to a
 * file, lpm_load() makes an rte_lpm holding exactly those, so that the
 * callgrind run counts lookups in the very table the timed run built
 * without adding a million rules again under valgrind (rte_lpm_add is
 * linear in the rules of the same length: minutes at 1M).
 */
const char *lpm_dump(const struct lpmset *s, const char *path);
const char *lpm_load(const char *path, struct lpmset **out);
uint64_t lpm_run4(const struct lpmset *s, const uint32_t *q, size_t nq,
		  unsigned int passes);
/* rte_lpm6 takes addresses as 16 bytes in network order. */
uint64_t lpm_run6(const struct lpmset *s, const uint8_t (*q)[16], size_t nq,
		  unsigned int passes);

#endif
