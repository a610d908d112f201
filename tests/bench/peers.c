// SPDX-License-Identifier: GPL-2.0
/*
 * The two peers op25b's lookup is measured against, built from the same
 * prefixes and asked the same questions:
 *
 *  - a sorted array of disjoint intervals searched by binary search, what
 *    an nftables interval set amounts to on current kernels;
 *  - DPDK's rte_lpm (DIR-24-8) and rte_lpm6, the reference for speed.
 *
 * Each run function loops over the queries itself, so that the compiler
 * sees the same kind of loop for every structure (op25b's is in lookup.c).
 */

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

/* ---- sorted interval array ------------------------------------------ */

struct ivset {
	int family;
	uint32_t n;
	uint32_t *s4, *e4;	/* IPv4: starts, ends */
	bench_u128 *s6, *e6;	/* IPv6 */
};

struct iv {
	bench_u128 s, e;
};

static int iv_cmp(const void *a, const void *b)
{
	const struct iv *x = a, *y = b;

	return x->s < y->s ? -1 : x->s > y->s;
}

static bench_u128 pfx_last(int family, const struct bench_pfx *p)
{
	unsigned int bits = family == BENCH_V4 ? 32 : 128;

	if (p->len == 0 && bits == 128)
		return ~(bench_u128)0;
	return p->addr | (((bench_u128)1 << (bits - p->len)) - 1);
}

struct ivset *iv_build(int family, const struct bench_pfx *p, size_t n)
{
	struct ivset *s = calloc(1, sizeof(*s));
	struct iv *v = malloc((n ? n : 1) * sizeof(*v));
	size_t i, k = 0;

	if (!s || !v)
		goto nomem;
	for (i = 0; i < n; i++) {
		v[i].s = p[i].addr;
		v[i].e = pfx_last(family, &p[i]);
	}
	qsort(v, n, sizeof(*v), iv_cmp);
	/* Merge overlapping and adjacent intervals. */
	for (i = 0; i < n; i++) {
		if (k && (v[i].s <= v[k - 1].e || v[i].s - 1 == v[k - 1].e)) {
			if (v[i].e > v[k - 1].e)
				v[k - 1].e = v[i].e;
			continue;
		}
		v[k++] = v[i];
	}
	s->family = family;
	s->n = (uint32_t)k;
	if (family == BENCH_V4) {
		s->s4 = malloc((k ? k : 1) * sizeof(*s->s4));
		s->e4 = malloc((k ? k : 1) * sizeof(*s->e4));
		if (!s->s4 || !s->e4)
			goto nomem;
		for (i = 0; i < k; i++) {
			s->s4[i] = (uint32_t)v[i].s;
			s->e4[i] = (uint32_t)v[i].e;
		}
	} else {
		s->s6 = malloc((k ? k : 1) * sizeof(*s->s6));
		s->e6 = malloc((k ? k : 1) * sizeof(*s->e6));
		if (!s->s6 || !s->e6)
			goto nomem;
		for (i = 0; i < k; i++) {
			s->s6[i] = v[i].s;
			s->e6[i] = v[i].e;
		}
	}
	free(v);
	return s;

nomem:
	fprintf(stderr, "iv_build: out of memory\n");
	abort();
}

void iv_free(struct ivset *s)
{
	if (!s)
		return;
	free(s->s4);
	free(s->e4);
	free(s->s6);
	free(s->e6);
	free(s);
}

size_t iv_bytes(const struct ivset *s)
{
	size_t each = s->family == BENCH_V4 ? 2 * sizeof(uint32_t) :
			2 * sizeof(bench_u128);

	return sizeof(*s) + (size_t)s->n * each;
}

size_t iv_count(const struct ivset *s)
{
	return s->n;
}

static inline int iv_has4(const struct ivset *s, uint32_t a)
{
	uint32_t lo = 0, hi = s->n;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (s->s4[mid] <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo && a <= s->e4[lo - 1];
}

static inline int iv_has6(const struct ivset *s, bench_u128 a)
{
	uint32_t lo = 0, hi = s->n;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (s->s6[mid] <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo && a <= s->e6[lo - 1];
}

int iv_has(const struct ivset *s, bench_u128 a)
{
	return s->family == BENCH_V4 ? iv_has4(s, (uint32_t)a) : iv_has6(s, a);
}

uint64_t iv_run4(const struct ivset *s, const uint32_t *q, size_t nq,
		 unsigned int passes)
{
	uint64_t hits = 0;
	unsigned int r;
	size_t i;

	for (r = 0; r < passes; r++)
		for (i = 0; i < nq; i++)
			hits += iv_has4(s, q[i]);
	return hits;
}

uint64_t iv_run6(const struct ivset *s, const bench_u128 *q, size_t nq,
		 unsigned int passes)
{
	uint64_t hits = 0;
	unsigned int r;
	size_t i;

	for (r = 0; r < passes; r++)
		for (i = 0; i < nq; i++)
			hits += iv_has6(s, q[i]);
	return hits;
}

/* ---- rte_lpm, rte_lpm6 ------------------------------------------------ */

static int u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static int u128_cmp(const void *a, const void *b)
{
	bench_u128 x = *(const bench_u128 *)a, y = *(const bench_u128 *)b;

	return x < y ? -1 : x > y;
}

/*
 * DIR-24-8 gives a prefix longer than 24 bits a tbl8 group (256 entries)
 * under its /24; rte_lpm6 one group per further byte: a prefix of depth
 * d needs one for each k = 3 .. ceil(d / 8) - 1, keyed by its first k
 * bytes. Groups are shared by equal keys, so count distinct keys.
 */
size_t lpm_groups(int family, const struct bench_pfx *p, size_t n)
{
	size_t i, m, total = 0;
	unsigned int k;

	if (family == BENCH_V4) {
		uint32_t *key = malloc((n ? n : 1) * sizeof(*key));

		if (!key)
			abort();
		for (i = m = 0; i < n; i++)
			if (p[i].len > 24)
				key[m++] = (uint32_t)(p[i].addr >> 8);
		qsort(key, m, sizeof(*key), u32_cmp);
		for (i = 0; i < m; i++)
			total += !i || key[i] != key[i - 1];
		free(key);
		return total;
	}

	bench_u128 *key = malloc((n ? n : 1) * sizeof(*key));

	if (!key)
		abort();
	for (k = 3; k < 16; k++) {
		for (i = m = 0; i < n; i++)
			if ((p[i].len + 7u) / 8 - 1 >= k)
				key[m++] = p[i].addr >> (128 - 8 * k);
		qsort(key, m, sizeof(*key), u128_cmp);
		for (i = 0; i < m; i++)
			total += !i || key[i] != key[i - 1];
	}
	free(key);
	return total;
}

/* EAL memory for one table: tbl24, groups, rules, and room to spare. */
unsigned int lpm_mem_mb(int family, size_t groups, size_t n)
{
	size_t bytes = ((size_t)4 << 24) + groups * (1024 + 16) +
		       n * (family == BENCH_V4 ? 16 : 160) + ((size_t)128 << 20);

	return (unsigned int)(bytes >> 20);
}

#ifdef BENCH_NO_DPDK

#define NO_DPDK "DPDK's headers (dpdk-dev) were not found at build time"

const char *lpm_init(unsigned int mem_mb)
{
	(void)mem_mb;
	return NO_DPDK;
}

const char *lpm_build(int family, const struct bench_pfx *p, size_t n,
		      size_t groups, struct lpmset **out)
{
	(void)family, (void)p, (void)n, (void)groups;
	*out = NULL;
	return NO_DPDK;
}

void lpm_free(struct lpmset *s)
{
	(void)s;
}

size_t lpm_bytes(const struct lpmset *s)
{
	(void)s;
	return 0;
}

int lpm_has(const struct lpmset *s, bench_u128 addr)
{
	(void)s, (void)addr;
	return 0;
}

const char *lpm_dump(const struct lpmset *s, const char *path)
{
	(void)s, (void)path;
	return NO_DPDK;
}

const char *lpm_load(const char *path, struct lpmset **out)
{
	(void)path;
	*out = NULL;
	return NO_DPDK;
}

uint64_t lpm_run4(const struct lpmset *s, const uint32_t *q, size_t nq,
		  unsigned int passes)
{
	(void)s, (void)q, (void)nq, (void)passes;
	return 0;
}

uint64_t lpm_run6(const struct lpmset *s, const uint8_t (*q)[16], size_t nq,
		  unsigned int passes)
{
	(void)s, (void)q, (void)nq, (void)passes;
	return 0;
}

#else

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_lpm.h>
#include <rte_lpm6.h>
#include <rte_malloc.h>

struct lpmset {
	int family;
	struct rte_lpm *l4;
	struct rte_lpm6 *l6;
	uint32_t groups;	/* tbl8 groups allocated */
	size_t bytes;
};

static int eal_up;
static char why[512];

const char *lpm_init(unsigned int mem_mb)
{
	char mem[16], lcore[16];
	char *argv[] = {
		"op25b-bench", "--no-huge", "-m", mem, "--no-pci",
		"--no-telemetry", "--no-shconf", "--log-level=4", "-l", lcore,
		NULL
	};
	int argc = (int)(sizeof(argv) / sizeof(argv[0])) - 1;
	cpu_set_t cpus;
	int cpu = 0, rc;

	/*
	 * The EAL pins its main thread to the lcore's CPU. Every structure
	 * runs on this thread: give it back the affinity it had, so that
	 * nothing here changes how op25b or the intervals are measured.
	 */
	CPU_ZERO(&cpus);
	if (sched_getaffinity(0, sizeof(cpus), &cpus))
		return "sched_getaffinity failed";
	while (cpu < CPU_SETSIZE && !CPU_ISSET(cpu, &cpus))
		cpu++;
	snprintf(mem, sizeof(mem), "%u", mem_mb);
	snprintf(lcore, sizeof(lcore), "%d", cpu);
	rc = rte_eal_init(argc, argv);
	sched_setaffinity(0, sizeof(cpus), &cpus);
	if (rc < 0) {
		snprintf(why, sizeof(why), "rte_eal_init(--no-huge -m %u): %s",
			 mem_mb, rte_strerror(rte_errno));
		return why;
	}
	eal_up = 1;
	return NULL;
}

static size_t heap_bytes(void)
{
	struct rte_malloc_socket_stats st;
	unsigned int i;
	size_t sum = 0;

	for (i = 0; i < rte_socket_count(); i++)
		if (!rte_malloc_get_socket_stats(rte_socket_id_by_idx(i), &st))
			sum += st.heap_allocsz_bytes;
	return sum;
}

static void to_bytes(bench_u128 a, uint8_t out[16])
{
	int i;

	for (i = 15; i >= 0; i--) {
		out[i] = (uint8_t)a;
		a >>= 8;
	}
}

void lpm_free(struct lpmset *s)
{
	if (!s)
		return;
	rte_lpm_free(s->l4);
	rte_lpm6_free(s->l6);
	free(s);
}

const char *lpm_build(int family, const struct bench_pfx *p, size_t n,
		      size_t groups, struct lpmset **out)
{
	static unsigned int seq;
	struct lpmset *s;
	char name[32];
	size_t before, i;
	uint8_t ip[16];
	int rc;

	*out = NULL;
	if (!eal_up)
		return "the EAL is not running";
	s = calloc(1, sizeof(*s));
	if (!s)
		abort();
	s->family = family;
	snprintf(name, sizeof(name), "op25b-bench-%u", seq++);
	before = heap_bytes();
	if (family == BENCH_V4) {
		struct rte_lpm_config c = {
			.max_rules = (uint32_t)n,
			.number_tbl8s = (uint32_t)(groups ? groups : 1),
		};

		s->groups = c.number_tbl8s;
		s->l4 = rte_lpm_create(name, SOCKET_ID_ANY, &c);
		if (!s->l4) {
			snprintf(why, sizeof(why),
				 "rte_lpm_create(max_rules %u, number_tbl8s %u): %s",
				 c.max_rules, c.number_tbl8s,
				 rte_strerror(rte_errno));
			goto fail;
		}
		for (i = 0; i < n; i++) {
			rc = rte_lpm_add(s->l4, (uint32_t)p[i].addr, p[i].len,
					 1);
			if (rc < 0) {
				snprintf(why, sizeof(why),
					 "rte_lpm_add of prefix %zu of %zu: %s",
					 i, n, strerror(-rc));
				goto fail;
			}
		}
	} else {
		struct rte_lpm6_config c = {
			.max_rules = (uint32_t)n,
			.number_tbl8s = (uint32_t)(groups ? groups : 1),
		};

		s->l6 = rte_lpm6_create(name, SOCKET_ID_ANY, &c);
		if (!s->l6) {
			snprintf(why, sizeof(why),
				 "rte_lpm6_create(max_rules %u, number_tbl8s %u): %s%s",
				 c.max_rules, c.number_tbl8s,
				 rte_strerror(rte_errno),
				 c.number_tbl8s > (1u << 21) ?
				 " (rte_lpm6 allows at most 2^21 tbl8 groups)" : "");
			goto fail;
		}
		for (i = 0; i < n; i++) {
			to_bytes(p[i].addr, ip);
			rc = rte_lpm6_add(s->l6, ip, p[i].len, 1);
			if (rc < 0) {
				snprintf(why, sizeof(why),
					 "rte_lpm6_add of prefix %zu of %zu: %s",
					 i, n, strerror(-rc));
				goto fail;
			}
		}
	}
	s->bytes = heap_bytes() - before;
	*out = s;
	return NULL;

fail:
	lpm_free(s);
	return why;
}

size_t lpm_bytes(const struct lpmset *s)
{
	return s->bytes;
}

#define DUMP_MAGIC "op25b-bench rte_lpm tables v1\n"

const char *lpm_dump(const struct lpmset *s, const char *path)
{
	size_t n8 = (size_t)s->groups * RTE_LPM_TBL8_GROUP_NUM_ENTRIES;
	FILE *f;
	int ok;

	if (s->family != BENCH_V4)
		return "only rte_lpm (IPv4) tables can be dumped";
	f = fopen(path, "wb");
	if (!f) {
		snprintf(why, sizeof(why), "%s: %s", path, strerror(errno));
		return why;
	}
	ok = fwrite(DUMP_MAGIC, sizeof(DUMP_MAGIC), 1, f) == 1 &&
	     fwrite(&s->groups, sizeof(s->groups), 1, f) == 1 &&
	     fwrite(s->l4->tbl24, sizeof(s->l4->tbl24), 1, f) == 1 &&
	     fwrite(s->l4->tbl8, sizeof(s->l4->tbl8[0]), n8, f) == n8;
	if (fclose(f) || !ok) {
		snprintf(why, sizeof(why), "%s: write failed", path);
		return why;
	}
	return NULL;
}

const char *lpm_load(const char *path, struct lpmset **out)
{
	char magic[sizeof(DUMP_MAGIC)];
	struct rte_lpm_config c = { .max_rules = 1 };
	struct lpmset *s;
	size_t n8;
	FILE *f;
	int ok;

	*out = NULL;
	if (!eal_up)
		return "the EAL is not running";
	f = fopen(path, "rb");
	if (!f) {
		snprintf(why, sizeof(why), "%s: %s", path, strerror(errno));
		return why;
	}
	if (fread(magic, sizeof(magic), 1, f) != 1 ||
	    memcmp(magic, DUMP_MAGIC, sizeof(magic)) ||
	    fread(&c.number_tbl8s, sizeof(c.number_tbl8s), 1, f) != 1) {
		fclose(f);
		snprintf(why, sizeof(why), "%s: not a table dump", path);
		return why;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		abort();
	s->family = BENCH_V4;
	s->groups = c.number_tbl8s;
	s->l4 = rte_lpm_create("op25b-bench-loaded", SOCKET_ID_ANY, &c);
	if (!s->l4) {
		fclose(f);
		free(s);
		snprintf(why, sizeof(why), "rte_lpm_create(number_tbl8s %u): %s",
			 c.number_tbl8s, rte_strerror(rte_errno));
		return why;
	}
	n8 = (size_t)s->groups * RTE_LPM_TBL8_GROUP_NUM_ENTRIES;
	ok = fread(s->l4->tbl24, sizeof(s->l4->tbl24), 1, f) == 1 &&
	     fread(s->l4->tbl8, sizeof(s->l4->tbl8[0]), n8, f) == n8;
	fclose(f);
	if (!ok) {
		lpm_free(s);
		snprintf(why, sizeof(why), "%s: short read", path);
		return why;
	}
	*out = s;
	return NULL;
}

int lpm_has(const struct lpmset *s, bench_u128 a)
{
	uint32_t nh;
	uint8_t ip[16];

	if (s->family == BENCH_V4)
		return rte_lpm_lookup(s->l4, (uint32_t)a, &nh) == 0;
	to_bytes(a, ip);
	return rte_lpm6_lookup(s->l6, ip, &nh) == 0;
}

uint64_t lpm_run4(const struct lpmset *s, const uint32_t *q, size_t nq,
		  unsigned int passes)
{
	const struct rte_lpm *l = s->l4;
	uint64_t hits = 0;
	unsigned int r;
	uint32_t nh;
	size_t i;

	for (r = 0; r < passes; r++)
		for (i = 0; i < nq; i++)
			hits += rte_lpm_lookup(l, q[i], &nh) == 0;
	return hits;
}

uint64_t lpm_run6(const struct lpmset *s, const uint8_t (*q)[16], size_t nq,
		  unsigned int passes)
{
	const struct rte_lpm6 *l = s->l6;
	uint64_t hits = 0;
	unsigned int r;
	uint32_t nh;
	size_t i;

	for (r = 0; r < passes; r++)
		for (i = 0; i < nq; i++)
			hits += rte_lpm6_lookup(l, q[i], &nh) == 0;
	return hits;
}

#endif
