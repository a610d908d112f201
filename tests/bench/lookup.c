// SPDX-License-Identifier: GPL-2.0
/*
 * make bench, lookup part: src/table.c, the module's own prefix structure
 * compiled for userspace (tests/bench/shim stands in for the kernel
 * headers it includes), against rte_lpm/rte_lpm6 and a sorted interval
 * array (peers.c), on the same seeded prefixes and the same queries.
 *
 *   lookup [--reps R] [--lookups L] [--lpm-dump FILE] [--no-lpm] [SIZE...]
 *	the tables and the targets (sizes default to 10k, 100k and 1M);
 *	FILE gets the rte_lpm tables of the largest IPv4 set; --no-lpm
 *	leaves rte_lpm out (its 1M build takes minutes)
 *   lookup --callgrind SIZE v4|v6 op25b|rte_lpm|intervals [N]
 *	  [--lpm-load FILE]
 *	builds one structure quietly (rte_lpm: or loads FILE, checked
 *	against the intervals on every query), then runs N lookups
 *	(default: all the queries) with callgrind collecting, and only them
 *
 * Every structure must give the same answer to every query, and the
 * queries drawn inside a prefix must hit: any disagreement aborts.
 */

#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <valgrind/callgrind.h>

#include <linux/err.h>	/* the shim's, as table.c sees it */

#include "table.h"
#include "bench.h"
#include "gen.h"

_Static_assert(OP25B_V4 == BENCH_V4 && OP25B_V6 == BENCH_V6,
	       "bench.h numbers the families as table.h does");

#ifndef BENCH_FLAGS
#define BENCH_FLAGS "(unknown)"
#endif
#ifndef BENCH_DPDK_VERSION
#define BENCH_DPDK_VERSION "(none)"
#endif

#define NQ		(1u << 20)	/* queries per set */
#define MAX_SIZES	8
#define NSTRUCT		3
#define MAX_REPS	16	/* --reps at most */
#define ADD_TRIALS	5
#define ADD_TARGET_MS	5.0

enum { S_OP25B, S_LPM, S_IV };
static const char *const struct_key[NSTRUCT] = { "op25b", "rte_lpm",
						 "intervals" };
static const char *const fam_name[2] = { "IPv4", "IPv6" };

/* policy.c's source map; with no static set, "in dynamic" = DYNAMIC. */
static const u8 src_vals[4] = {
	[0] = OP25B_SRC_OTHER,
	[1] = OP25B_SRC_DYNAMIC,
	[2] = OP25B_SRC_OTHER,
	[3] = OP25B_SRC_STATIC,
};

/* ---- inputs ------------------------------------------------------------ */

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p) {
		fprintf(stderr, "lookup: out of memory (%zu bytes)\n", n);
		exit(2);
	}
	return p;
}

struct input {
	int fam;
	size_t n;
	struct bench_pfx *p;
	bench_u128 *q;		/* NQ queries */
	uint32_t *q4;		/* the same, IPv4 */
	uint8_t (*q6b)[16];	/* the same, IPv6 bytes for rte_lpm6 */
	u8 *inside;		/* drawn inside a prefix: must hit */
	size_t groups;		/* tbl8 groups rte_lpm(6) needs */
};

static void input_groups(struct input *in)
{
	in->groups = lpm_groups(in->fam, in->p, in->n);
}

static void make_input(struct input *in, int fam, size_t n)
{
	size_t i, k;
	int b;

	bench_seed(0x6f7032356250ULL ^ ((uint64_t)fam << 56) ^
		   (uint64_t)n * 0x9e3779b97f4a7c15ULL);
	in->fam = fam;
	in->n = n;
	in->p = xmalloc(n * sizeof(*in->p));
	gen_prefixes(fam, in->p, n);
	in->q = xmalloc(NQ * sizeof(*in->q));
	in->inside = xmalloc(NQ);
	in->q4 = NULL;
	in->q6b = NULL;
	for (i = 0; i < NQ; i++) {
		in->inside[i] = rnd() & 1;
		if (in->inside[i]) {
			k = rnd() % n;
			in->q[i] = in->p[k].addr |
				   (rnd128() & host_bits(fam, in->p[k].len));
		} else {
			in->q[i] = rnd128() & fam_all(fam);
		}
	}
	if (fam == BENCH_V4) {
		in->q4 = xmalloc(NQ * sizeof(*in->q4));
		for (i = 0; i < NQ; i++)
			in->q4[i] = (uint32_t)in->q[i];
	} else {
		in->q6b = xmalloc(NQ * sizeof(*in->q6b));
		for (i = 0; i < NQ; i++)
			for (b = 0; b < 16; b++)
				in->q6b[i][b] = (uint8_t)(in->q[i] >>
							  (120 - 8 * b));
	}
	in->groups = 0;
}

static void free_input(struct input *in)
{
	free(in->p);
	free(in->q);
	free(in->q4);
	free(in->q6b);
	free(in->inside);
}

/* ---- op25b ------------------------------------------------------------- */

struct opset {
	struct op25b_plist *l;
	struct op25b_rmap *m;
	double sort_ms, build_ms;
	/* The most the sort and the map build held beyond their results. */
	size_t sort_extra, build_extra;
};

size_t shim_heap_now, shim_heap_peak;
int shim_zero;

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void die(const char *what)
{
	fprintf(stderr, "lookup: %s\n", what);
	abort();
}

static void op_build(struct opset *o, const struct input *in)
{
	size_t es = op25b_esize((u8)in->fam), i, base;
	struct op25b_plist *packed;
	double t0, t1, t2;

	o->l = op25b_plist_alloc((u8)in->fam, (u32)in->n);
	if (!o->l)
		die("op25b_plist_alloc failed");
	for (i = 0; i < in->n; i++)
		op25b_elem_make((u8)in->fam, (u8 *)op25b_plist_flat(o->l) +
				i * es, in->p[i].addr, in->p[i].len);
	shim_heap_peak = shim_heap_now;
	t0 = now_ns();
	op25b_plist_sort(o->l);
	/* Packed, as a commit publishes it. */
	packed = op25b_plist_pack(o->l);
	if (IS_ERR(packed))
		die("op25b_plist_pack failed");
	op25b_plist_put(o->l);
	o->l = packed;
	t1 = now_ns();
	o->sort_extra = shim_heap_peak - shim_heap_now;
	shim_heap_peak = base = shim_heap_now;
	o->m = op25b_rmap_build((u8)in->fam, o->l, NULL, src_vals);
	t2 = now_ns();
	if (IS_ERR(o->m))
		die("op25b_rmap_build failed");
	o->build_extra = shim_heap_peak - base -
			 (o->m ? shim_heap_now - base : 0);
	if (o->l->count != in->n)
		die("op25b_plist_sort lost or kept prefixes it should not have");
	o->sort_ms = (t1 - t0) / 1e6;
	o->build_ms = (t2 - t1) / 1e6;
}

static size_t op_bytes(const struct opset *o)
{
	return op25b_plist_bytes(o->l) + (o->m ? o->m->bytes : 0);
}

/* Whether two maps are the same, word for word, block by block. */
static int rmap_same(const struct op25b_rmap *x, const struct op25b_rmap *y)
{
	const struct op25b_rmap_blk *bx, *by;
	size_t ws, len;
	u32 g;

	if (!x || !y)
		return x == y;
	ws = x->family == BENCH_V4 ? sizeof(u32) : sizeof(u64);
	if (!(x->family == y->family && x->shift == y->shift &&
	      x->bits == y->bits && x->gbits == y->gbits &&
	      x->woff == y->woff && x->last == y->last && x->n == y->n &&
	      x->words == y->words && x->bytes == y->bytes &&
	      x->lead == y->lead && x->lead_mask == y->lead_mask))
		return 0;
	for (g = 0; g < 1u << (x->bits - x->gbits); g++) {
		bx = x->blk[g];
		by = y->blk[g];
		len = x->woff + bx->words * ws - sizeof(refcount_t);
		/* All but the reference count: n, words, table, words. */
		if (bx->words != by->words ||
		    memcmp((const char *)bx + sizeof(refcount_t),
			   (const char *)by + sizeof(refcount_t), len))
			return 0;
	}
	return 1;
}

/* Whether any chunk of IPv6 map @m keeps whole keys (table.c's RMAP_WIDE). */
static int rmap_has_wide(const struct op25b_rmap *m)
{
	u32 k, n = 1u << m->gbits;

	for (k = 0; k < 1u << m->bits; k++)
		if (m->blk[k / n]->index[k % n] & 0x80000000u)
			return 1;
	return 0;
}

static int op_has(const struct op25b_rmap *m, int fam, bench_u128 a)
{
	u8 v = fam == BENCH_V4 ? op25b_rmap_lookup4(m, (u32)a) :
		op25b_rmap_lookup6(m, (u64)(a >> 64), (u64)a);

	return v == OP25B_SRC_DYNAMIC;
}

static __attribute__((noinline)) uint64_t
op_run4(const struct op25b_rmap *m, const uint32_t *q, size_t nq,
	unsigned int passes)
{
	uint64_t hits = 0;
	unsigned int r;
	size_t i;

	for (r = 0; r < passes; r++)
		for (i = 0; i < nq; i++)
			hits += op25b_rmap_lookup4(m, q[i]) ==
				OP25B_SRC_DYNAMIC;
	return hits;
}

static __attribute__((noinline)) uint64_t
op_run6(const struct op25b_rmap *m, const bench_u128 *q, size_t nq,
	unsigned int passes)
{
	uint64_t hits = 0;
	unsigned int r;
	size_t i;

	for (r = 0; r < passes; r++)
		for (i = 0; i < nq; i++)
			hits += op25b_rmap_lookup6(m, (u64)(q[i] >> 64),
						   (u64)q[i]) ==
				OP25B_SRC_DYNAMIC;
	return hits;
}

/* ---- one set, three structures ---------------------------------------- */

static const char *eal_why;	/* why the EAL did not start, or NULL */

struct built {
	struct opset op;
	struct lpmset *lpm;
	struct ivset *iv;
	const char *lpm_why;	/* why rte_lpm is not measured, or NULL */
	double ms[NSTRUCT];	/* build times */
};

static uint64_t run(const struct built *b, const struct input *in, int s,
		    size_t nq, unsigned int passes)
{
	int v4 = in->fam == BENCH_V4;

	switch (s) {
	case S_OP25B:
		return v4 ? op_run4(b->op.m, in->q4, nq, passes) :
			    op_run6(b->op.m, in->q, nq, passes);
	case S_LPM:
		return v4 ? lpm_run4(b->lpm, in->q4, nq, passes) :
			    lpm_run6(b->lpm, in->q6b, nq, passes);
	default:
		return v4 ? iv_run4(b->iv, in->q4, nq, passes) :
			    iv_run6(b->iv, in->q, nq, passes);
	}
}

static void build_one(struct built *b, const struct input *in, int s)
{
	double t0 = now_ns();

	switch (s) {
	case S_OP25B:
		op_build(&b->op, in);
		b->ms[s] = b->op.sort_ms + b->op.build_ms;
		return;
	case S_LPM:
		if (eal_why) {
			b->lpm_why = eal_why;
			break;
		}
		b->lpm_why = lpm_build(in->fam, in->p, in->n, in->groups,
				       &b->lpm);
		break;
	default:
		b->iv = iv_build(in->fam, in->p, in->n);
		break;
	}
	b->ms[s] = (now_ns() - t0) / 1e6;
}

static void free_built(struct built *b)
{
	op25b_rmap_put(b->op.m);
	op25b_plist_put(b->op.l);
	lpm_free(b->lpm);
	iv_free(b->iv);
}

static void print_addr(FILE *f, int fam, bench_u128 a)
{
	if (fam == BENCH_V4)
		fprintf(f, "%u.%u.%u.%u", (unsigned int)(a >> 24) & 255,
			(unsigned int)(a >> 16) & 255,
			(unsigned int)(a >> 8) & 255, (unsigned int)a & 255);
	else
		fprintf(f, "%016llx%016llx", (unsigned long long)(a >> 64),
			(unsigned long long)a);
}

/* Every query to every structure; returns the hits. Aborts on a split. */
static uint64_t verify(const struct built *b, const struct input *in,
		       uint64_t *uniform_hits)
{
	uint64_t hits = 0;
	size_t i;

	*uniform_hits = 0;
	for (i = 0; i < NQ; i++) {
		bench_u128 a = in->q[i];
		int o = op_has(b->op.m, in->fam, a);
		int v = iv_has(b->iv, a);
		int l = b->lpm ? lpm_has(b->lpm, a) : o;

		if (o != v || o != l || (in->inside[i] && !o)) {
			long k = op25b_plist_match(b->op.l, a);
			u128 pa;
			u8 pl;

			fprintf(stderr, "lookup: DISAGREEMENT on %s query %zu ",
				fam_name[in->fam], i);
			print_addr(stderr, in->fam, a);
			fprintf(stderr,
				": op25b %d, rte_lpm %s, intervals %d, drawn %s a prefix\n",
				o, b->lpm ? (l ? "1" : "0") : "-", v,
				in->inside[i] ? "inside" : "outside");
			if (k >= 0) {
				op25b_elem_parts((u8)in->fam,
						 op25b_plist_elem(b->op.l, k),
						 &pa, &pl);
				fprintf(stderr, "lookup: op25b_plist_match: ");
				print_addr(stderr, in->fam, pa);
				fprintf(stderr, "/%u\n", pl);
			} else {
				fprintf(stderr, "lookup: op25b_plist_match: none\n");
			}
			abort();
		}
		hits += o;
		*uniform_hits += o && !in->inside[i];
	}
	return hits;
}

/* ---- results ------------------------------------------------------------ */

struct result {
	int measured;
	double ns_med, ns_min, ns_max, bpp, build_ms;
	double ns[MAX_REPS];	/* round by round */
	unsigned int reps;
};

struct row {
	int done;
	size_t n;
	struct result r[NSTRUCT];
	char lpm_why[600];
	/* incremental add, at the largest size */
	int add_done;
	double add_ms, add_list_ms, add_map_ms, add_fresh_ms;
};

static struct row rows[2][MAX_SIZES];

static int dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, unsigned int n)
{
	qsort(v, n, sizeof(*v), dcmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static const char *size_text(size_t n)
{
	static char buf[4][32];
	static int k;

	k = (k + 1) % 4;
	if (n >= 1000000 && n % 1000000 == 0)
		snprintf(buf[k], sizeof(buf[k]), "%zuM", n / 1000000);
	else if (n >= 1000 && n % 1000 == 0)
		snprintf(buf[k], sizeof(buf[k]), "%zuk", n / 1000);
	else
		snprintf(buf[k], sizeof(buf[k]), "%zu", n);
	return buf[k];
}

static void print_header(unsigned int reps, unsigned int passes)
{
	char line[512], model[256] = "unknown", date[64];
	struct utsname u;
	time_t t = time(NULL);
	FILE *f = fopen("/proc/cpuinfo", "r");

	while (f && fgets(line, sizeof(line), f)) {
		char *c = strchr(line, ':');

		if (!strncmp(line, "model name", 10) && c) {
			snprintf(model, sizeof(model), "%s", c + 2);
			model[strcspn(model, "\n")] = 0;
			break;
		}
	}
	if (f)
		fclose(f);
	uname(&u);
	strftime(date, sizeof(date), "%Y-%m-%d %H:%M:%S %Z", localtime(&t));
	printf("op25b lookup benchmark (tests/bench/lookup)\n");
	printf("  date      %s\n", date);
	printf("  cpu       %s, %ld CPUs online\n", model,
	       sysconf(_SC_NPROCESSORS_ONLN));
	printf("  kernel    %s %s %s\n", u.sysname, u.release, u.machine);
	printf("  compiler  gcc %s\n", __VERSION__);
	printf("  flags     %s\n", BENCH_FLAGS);
	printf("  dpdk      %s (Debian's libraries; rte_lpm_lookup is inline, "
	       "compiled with the flags above)\n", BENCH_DPDK_VERSION);
	printf("  op25b     src/table.c as is; membership = op25b_rmap_build(family, set, NULL, src_vals)\n"
	       "            == OP25B_SRC_DYNAMIC, policy.c's source map with an empty static set\n");
	printf("  inputs    seeded splitmix64; distinct prefixes, random order\n");
	printf("            IPv4 %s\n", bench_mix_text[0]);
	printf("            IPv6 %s\n", bench_mix_text[1]);
	printf("            %u queries per set: half inside a random prefix "
	       "of the set, half uniform over the whole address space\n", NQ);
	printf("  timing    CLOCK_MONOTONIC; each figure is %u passes over the "
	       "queries (%.1fM independent lookups),\n"
	       "            median of %u (min..max), the structures taking "
	       "turns; one thread\n", passes, passes * (double)NQ / 1e6,
	       reps);
	printf("  B/prefix  op25b: (op25b_plist_bytes + rmap->bytes) / N; "
	       "rte_lpm: rte_malloc heap growth / N\n"
	       "            (tbl8 groups sized to fit exactly); intervals: "
	       "array bytes / N\n");
}

static void print_row(const char *name, const struct result *r,
		      const char *why)
{
	if (!r->measured) {
		printf("  %-22s not measured: %s\n", name, why);
		return;
	}
	printf("  %-22s %9.2f  (%6.2f..%6.2f) %9.2f %10.1f\n", name,
	       r->ns_med, r->ns_min, r->ns_max, r->bpp, r->build_ms);
}

/*
 * One op25b add of a new prefix into the built set, as policy.c makes it:
 * op25b_plist_add() and op25b_rmap_update(); ADD_TRIALS different prefixes,
 * medians kept in @row. With @fresh, every allocation is zeroed, as
 * Debian's kernels zero every page and slab object they hand out
 * (init_on_alloc), and every one of 128 KiB or more is moreover a new
 * mapping, faulted in page by page (glibc's mmap threshold), which the
 * kernel does not pay; without, freed blocks stay in malloc's heap and
 * are reused unzeroed, the cost on a kernel booted with init_on_alloc=0.
 */
static void add_trials(struct row *row, const struct input *in,
		       const struct built *b, int fresh)
{
	double tot[ADD_TRIALS], lst[ADD_TRIALS], map[ADD_TRIALS];
	unsigned int t = 0, patched = 0;

	if (!mallopt(M_MMAP_THRESHOLD, fresh ? 128 * 1024 : 32 << 20) ||
	    !mallopt(M_TRIM_THRESHOLD, fresh ? 128 * 1024 : 1 << 30))
		die("mallopt refused");
	bench_seed(0xadd0425bULL ^ in->n ^ ((uint64_t)in->fam << 60) ^
		   (uint64_t)fresh);
	shim_zero = fresh;
	while (t < ADD_TRIALS) {
		struct bench_pfx p = random_prefix(in->fam);
		struct op25b_plist *nl;
		struct op25b_rmap *nm, *full;
		u64 elem[3];	/* one element of either family */
		double t0, t1, t2;
		u32 bad;

		op25b_elem_make((u8)in->fam, elem, p.addr, p.len);
		t0 = now_ns();
		nl = op25b_plist_add(b->op.l, elem, 1, 4U << 20, &bad);
		t1 = now_ns();
		if (IS_ERR(nl) && PTR_ERR(nl) == -EEXIST)
			continue;
		if (IS_ERR(nl))
			die("op25b_plist_add failed");
		nm = op25b_rmap_update((u8)in->fam, b->op.m, nl, NULL,
				       src_vals, elem, 1);
		t2 = now_ns();
		if (IS_ERR_OR_NULL(nm) || !op_has(nm, in->fam, p.addr))
			die("the map after op25b_plist_add misses the prefix added");
		/* Untimed: was it a patch, and is it the built map? */
		full = op25b_rmap_build((u8)in->fam, nl, NULL, src_vals);
		if (!rmap_same(nm, full))
			die("the map after an add differs from op25b_rmap_build()'s");
		op25b_rmap_put(full);
		full = op25b_rmap_patch(b->op.m, nl, NULL, src_vals, elem, 1);
		if (!IS_ERR(full))
			patched++;
		op25b_rmap_put(IS_ERR(full) ? NULL : full);
		lst[t] = (t1 - t0) / 1e6;
		map[t] = (t2 - t1) / 1e6;
		tot[t] = (t2 - t0) / 1e6;
		t++;
		op25b_rmap_put(nm);
		op25b_plist_put(nl);
	}
	/* Back to fresh pages, as glibc starts, for what is measured next. */
	shim_zero = 0;
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
	mallopt(M_TRIM_THRESHOLD, 128 * 1024);
	if (fresh) {
		row->add_fresh_ms = median(tot, ADD_TRIALS);
	} else {
		row->add_done = 1;
		row->add_ms = median(tot, ADD_TRIALS);
		row->add_list_ms = median(lst, ADD_TRIALS);
		row->add_map_ms = median(map, ADD_TRIALS);
	}
	printf("  op25b incremental add of 1 prefix, %s pages: %.2f ms "
	       "(op25b_plist_add %.2f + op25b_rmap_update %.2f, medians of "
	       "%u; %u patched, the others built afresh)\n",
	       fresh ? "fresh" : "reused", median(tot, ADD_TRIALS),
	       median(lst, ADD_TRIALS), median(map, ADD_TRIALS),
	       (unsigned int)ADD_TRIALS, patched);
}

static void bench_set(const struct input *in, struct row *row,
		      unsigned int reps, unsigned int passes, int do_add,
		      const char *dump)
{
	static const char *const names[NSTRUCT] = {
		"op25b range map", "rte_lpm (DIR-24-8)", "sorted intervals"
	};
	double ns[NSTRUCT][MAX_REPS], t0;
	uint64_t hits, uhits, got;
	struct built b = {};
	unsigned int r, s;

	build_one(&b, in, S_OP25B);
	build_one(&b, in, S_LPM);
	build_one(&b, in, S_IV);
	if (b.lpm_why)
		snprintf(row->lpm_why, sizeof(row->lpm_why), "%s", b.lpm_why);
	hits = verify(&b, in, &uhits);
	if (dump && b.lpm) {
		const char *why = lpm_dump(b.lpm, dump);

		if (why)
			fprintf(stderr, "lookup: rte_lpm tables not saved: %s\n",
				why);
	}

	for (s = 0; s < NSTRUCT; s++)
		if (s != S_LPM || b.lpm)
			run(&b, in, (int)s, NQ, 1);	/* warm up */
	for (r = 0; r < reps; r++) {
		for (s = 0; s < NSTRUCT; s++) {
			if (s == S_LPM && !b.lpm)
				continue;
			t0 = now_ns();
			got = run(&b, in, (int)s, NQ, passes);
			ns[s][r] = (now_ns() - t0) / ((double)passes * NQ);
			if (got != hits * passes)
				die("a timed run counted other hits than the check");
		}
	}
	for (s = 0; s < NSTRUCT; s++) {
		struct result *res = &row->r[s];
		size_t bytes;

		if (s == S_LPM && !b.lpm)
			continue;
		res->measured = 1;
		res->reps = reps;
		memcpy(res->ns, ns[s], reps * sizeof(ns[s][0]));
		res->ns_min = res->ns_max = ns[s][0];
		for (r = 1; r < reps; r++) {
			if (ns[s][r] < res->ns_min)
				res->ns_min = ns[s][r];
			if (ns[s][r] > res->ns_max)
				res->ns_max = ns[s][r];
		}
		res->ns_med = median(ns[s], reps);
		bytes = s == S_OP25B ? op_bytes(&b.op) :
			s == S_LPM ? lpm_bytes(b.lpm) : iv_bytes(b.iv);
		res->bpp = (double)bytes / in->n;
		res->build_ms = b.ms[s];
	}

	printf("\n%s, %s prefixes (%zu): %u queries, hit rate %.1f%% "
	       "(inside half 100%%, uniform half %.1f%%)\n",
	       fam_name[in->fam], size_text(in->n), in->n, NQ,
	       100.0 * hits / NQ,
	       100.0 * uhits / (NQ - (hits - uhits)));
	printf("  %-22s %9s  %-16s %9s %10s\n", "structure", "ns/lookup",
	       "(min..max)", "B/prefix", "build ms");
	for (s = 0; s < NSTRUCT; s++)
		print_row(in->fam == BENCH_V6 && s == S_LPM ? "rte_lpm6" :
			  names[s], &row->r[s], row->lpm_why);
	printf("  op25b: %u boundaries (%.2f per prefix); build = plist_sort+pack "
	       "%.1f ms + rmap_build %.1f ms; list %.2f + map %.2f B/prefix\n",
	       b.op.m ? b.op.m->n : 0, (b.op.m ? b.op.m->n : 0) /
	       (double)in->n, b.op.sort_ms, b.op.build_ms,
	       (double)op25b_plist_bytes(b.op.l) / in->n,
	       (double)(b.op.m ? b.op.m->bytes : 0) / in->n);
	printf("  op25b build's scratch at most: plist_sort+pack %.2f + "
	       "rmap_build %.2f B/prefix beyond the list and map (heap)\n",
	       (double)b.op.sort_extra / in->n,
	       (double)b.op.build_extra / in->n);
	if (b.op.m)
		printf("  op25b map: %u shared leading bits, direct table of "
		       "2^%u chunks (%.2f boundaries a chunk), %u words\n",
		       b.op.m->shift, b.op.m->bits,
		       (double)b.op.m->n / (1u << b.op.m->bits),
		       b.op.m->words);
	printf("  %s: %zu tbl8 groups needed; intervals: %zu after merging\n",
	       in->fam == BENCH_V4 ? "rte_lpm" : "rte_lpm6", in->groups,
	       iv_count(b.iv));

	if (do_add) {
		/* Fresh pages first, then reused ones: see README. */
		add_trials(row, in, &b, 1);
		add_trials(row, in, &b, 0);
	}
	row->done = 1;
	free_built(&b);
}

/* ---- targets ------------------------------------------------------------ */

static void target_ratio(const char *what, const struct row *row,
			 int num, int den, double need, int at_most,
			 const char *why)
{
	const struct result *a = &row->r[num], *b = &row->r[den];
	double x, y, lo, hi;
	unsigned int r;
	int pass;

	if (!row->done || !a->measured || !b->measured) {
		printf("  ----  %s: not measured%s%s\n", what, why ? ": " : "",
		       why ? why : "");
		return;
	}
	x = a->ns_med / b->ns_med;
	pass = at_most ? x <= need : x >= need;
	/*
	 * The structures take turns within a round, so a round's ratio pairs
	 * figures taken seconds apart: their spread is the host's noise.
	 */
	lo = hi = a->ns[0] / b->ns[0];
	for (r = 1; r < a->reps && r < b->reps; r++) {
		y = a->ns[r] / b->ns[r];
		lo = y < lo ? y : lo;
		hi = y > hi ? y : hi;
	}
	printf("  %s  %s: %s/%s = %.2fx (round by round %.2fx..%.2fx), "
	       "%s %s%.0fx\n",
	       pass ? "PASS" : "MISS", what, struct_key[num], struct_key[den],
	       x, lo, hi, pass ? "target" : "needs", at_most ? "<= " : ">= ",
	       need);
}

static void print_targets(const size_t *sizes, unsigned int nsz)
{
	const struct row *r4 = &rows[BENCH_V4][nsz - 1];
	const struct row *r6 = &rows[BENCH_V6][nsz - 1];
	static const double mem_max[2] = { 16, 40 };
	char what[160], at[32];
	unsigned int z;
	int fam;

	snprintf(at, sizeof(at), "%s", size_text(sizes[nsz - 1]));
	printf("\ntargets (ratios of the medians measured in this run)\n");
	if (sizes[nsz - 1] != 1000000)
		printf("  (the targets are set at 1M prefixes; this run's "
		       "largest size is %s)\n", at);
	snprintf(what, sizeof(what), "IPv4 lookup at %s within 2x of rte_lpm",
		 at);
	target_ratio(what, r4, S_OP25B, S_LPM, 2, 1,
		     r4->r[S_LPM].measured ? NULL : r4->lpm_why);
	snprintf(what, sizeof(what),
		 "IPv4 lookup at %s >= 5x faster than intervals", at);
	target_ratio(what, r4, S_IV, S_OP25B, 5, 0, NULL);
	snprintf(what, sizeof(what),
		 "IPv6 lookup at %s >= 5x faster than intervals", at);
	target_ratio(what, r6, S_IV, S_OP25B, 5, 0, NULL);
	printf("        (reference, no target: IPv6 op25b/rte_lpm6 = ");
	if (r6->r[S_LPM].measured && r6->r[S_OP25B].measured)
		printf("%.2fx)\n", r6->r[S_OP25B].ns_med / r6->r[S_LPM].ns_med);
	else
		printf("not measured)\n");

	for (fam = 0; fam < 2; fam++) {
		for (z = 0; z < nsz; z++) {
			const struct result *r = &rows[fam][z].r[S_OP25B];

			if (!rows[fam][z].done)
				continue;
			printf("  %s  %s memory at %s <= %.0f B/prefix: "
			       "%.2f B/prefix\n",
			       r->bpp <= mem_max[fam] ? "PASS" : "MISS",
			       fam_name[fam], size_text(sizes[z]),
			       mem_max[fam], r->bpp);
		}
	}
	for (fam = 0; fam < 2; fam++) {
		const struct row *r = &rows[fam][nsz - 1];

		if (!r->add_done) {
			printf("  ----  %s incremental add into %s: not "
			       "measured\n", fam_name[fam], at);
			continue;
		}
		/* The kernel zeroes new pages (init_on_alloc): see README. */
		printf("  %s  %s incremental add into %s < %.0f ms: %.2f ms "
		       "on fresh pages (on reused pages %.2f ms: "
		       "op25b_plist_add %.2f + op25b_rmap_update %.2f)\n",
		       r->add_fresh_ms < ADD_TARGET_MS ? "PASS" : "MISS",
		       fam_name[fam], at, ADD_TARGET_MS, r->add_fresh_ms,
		       r->add_ms, r->add_list_ms, r->add_map_ms);
	}
}

/* ---- main ----------------------------------------------------------------- */

/* ---- --check: a randomized differential test --------------------------- */

/*
 * Random lists of every shape the timed sets lack: any length from /0 to
 * /32 or /128, clusters under one long prefix (a map whose boundaries
 * share many leading bits), the first and last addresses, adjacent and
 * nested runs, so that IPv6 chunks of whole keys occur too. Every map is
 * asked about each boundary of each prefix, its neighbours and random
 * addresses, and must answer vals[in a | in b << 1], membership being
 * op25b_plist_match() on the lists. Any disagreement aborts.
 */
static struct bench_pfx check_prefix(int fam, int mode, bench_u128 base,
				     unsigned int blen)
{
	unsigned int bits = fam_bits(fam);
	struct bench_pfx p;
	bench_u128 a = rnd128() & fam_all(fam);

	switch (mode) {
	case 0:		/* anywhere, any length */
		p.len = (u8)(rnd() % (bits + 1));
		break;
	case 1:		/* under base/blen, longer */
		a = (a & host_bits(fam, blen)) | base;
		p.len = (u8)(blen + rnd() % (bits - blen + 1));
		break;
	default:	/* near the ends of the space */
		a = rnd() & 1 ? a & host_bits(fam, bits - 4) :
			a | ~host_bits(fam, bits - 4);
		a &= fam_all(fam);
		p.len = (u8)(bits - rnd() % 8);
		break;
	}
	p.addr = a & ~host_bits(fam, p.len);
	return p;
}

/*
 * Dies unless @got holds @want's elements, in order, in leaves none of
 * which is empty (but a flat list's one) or above op25b_pleaf_max().
 */
static void list_expect(const struct op25b_plist *got,
			const struct op25b_plist *want)
{
	size_t es = op25b_esize(got->family);
	u32 i, t, c;

	if (got->family != want->family || got->count != want->count)
		die("--check: a list holds the wrong number of prefixes");
	for (i = 0; i < got->count; i++)
		if (memcmp(op25b_plist_elem(got, i), op25b_plist_elem(want, i),
			   es))
			die("--check: a list holds the wrong prefixes");
	for (t = 0; t < got->nleaf; t++) {
		c = (t + 1 < got->nleaf ? got->first[t + 1] : got->count) -
		    got->first[t];
		if ((t ? got->first[t] < got->first[t - 1] : got->first[0]) ||
		    (got->nleaf > 1 && (!c || c > op25b_pleaf_max(got->family))) ||
		    c * es > got->leaf[t]->size - sizeof(*got->leaf[t]))
			die("--check: a list's leaves are inconsistent");
	}
}

/* @old with @ch's elements added (or, @del, removed), the simple way. */
static struct op25b_plist *list_changed(const struct op25b_plist *old,
					const struct op25b_plist *ch, int del)
{
	size_t es = op25b_esize(old->family);
	struct op25b_plist *l;
	u32 i, k, n = 0;
	u8 *e;

	l = op25b_plist_alloc(old->family, old->count + ch->count);
	if (!l)
		die("op25b_plist_alloc failed");
	e = op25b_plist_flat(l);
	for (i = 0; i < old->count; i++) {
		const void *x = op25b_plist_elem(old, i);

		for (k = 0; del && k < ch->count; k++)
			if (!memcmp(x, op25b_plist_elem(ch, k), es))
				break;
		if (!del || k == ch->count)
			memcpy(e + n++ * es, x, es);
	}
	for (k = 0; !del && k < ch->count; k++)
		memcpy(e + n++ * es, op25b_plist_elem(ch, k), es);
	l->count = n;
	if (op25b_plist_sort(l))
		die("op25b_plist_sort failed");
	return l;
}

/*
 * @l's elements staged as a transaction stages them, in batches of random
 * sizes appended to an empty list (op25b_plist_append()), and finished
 * (op25b_plist_finish()).
 */
static struct op25b_plist *staged(const struct op25b_plist *l)
{
	const u8 *e = op25b_plist_flat(l);
	size_t es = op25b_esize(l->family);
	struct op25b_plist *s = op25b_plist_alloc(l->family, 0), *f;
	u32 i, k;

	if (!s)
		die("op25b_plist_alloc failed");
	for (i = 0; i < l->count; i += k) {
		k = (u32)(rnd() % 3 ? rnd() % 8 : rnd() % 300);
		k = k < l->count - i ? k : l->count - i;
		if (op25b_plist_append(&s, e + i * es, k))
			die("op25b_plist_append failed");
	}
	if (s->count != l->count)
		die("op25b_plist_append lost or made up elements");
	f = op25b_plist_finish(s);
	if (IS_ERR(f))
		die("op25b_plist_finish failed");
	op25b_plist_put(s);
	return f;
}

static struct op25b_plist *check_list(int fam, u32 n, int mode,
				      bench_u128 base, unsigned int blen)
{
	struct op25b_plist *l = op25b_plist_alloc((u8)fam, n);
	size_t es = op25b_esize((u8)fam);
	struct op25b_plist *packed, *raw;
	struct bench_pfx p;
	u32 i;

	if (!l)
		die("op25b_plist_alloc failed");
	for (i = 0; i < n; i++) {
		if (i && rnd() % 4 == 0) {
			/* A neighbour or a half of the one before. */
			u128 pa;
			u8 pl;

			op25b_elem_parts((u8)fam, (u8 *)op25b_plist_flat(l) +
					 (i - 1) * es, &pa, &pl);
			p.addr = pa;
			p.len = pl;
			if (rnd() & 1 && pl < fam_bits(fam)) {
				p.len++;
				p.addr |= (rnd() & 1) ? (bench_u128)1 <<
					  (fam_bits(fam) - p.len) : 0;
			} else if (pl) {
				p.addr = (pa + ((bench_u128)1 <<
						(fam_bits(fam) - pl))) &
					 fam_all(fam);
			}
		} else {
			p = check_prefix(fam, mode, base, blen);
		}
		op25b_elem_make((u8)fam, (u8 *)op25b_plist_flat(l) + i * es,
				p.addr, p.len);
	}
	raw = rnd() % 4 ? NULL : staged(l);
	if (op25b_plist_sort(l))
		die("op25b_plist_sort failed");
	if (raw) {
		/* Staged out of order, with repeats: finished by sorting. */
		list_expect(raw, l);
		op25b_plist_put(raw);
	}
	/* Staged in order, as op25bctl sends: finished in its leaves. */
	if (rnd() % 4 == 0) {
		packed = staged(l);
		list_expect(packed, l);
		op25b_plist_put(l);
		return packed;
	}
	/* Most lists packed, as published; some left flat, one leaf. */
	if (rnd() % 4) {
		packed = op25b_plist_pack(l);
		if (IS_ERR(packed))
			die("op25b_plist_pack failed");
		list_expect(packed, l);
		op25b_plist_put(l);
		l = packed;
	}
	return l;
}

static void check_one(const struct op25b_rmap *m, int fam,
		      const struct op25b_plist *a, const struct op25b_plist *b,
		      const u8 vals[4], bench_u128 x)
{
	int in = (op25b_plist_match(a, x) >= 0) |
		 (op25b_plist_match(b, x) >= 0) << 1;
	u8 got = fam == BENCH_V4 ? op25b_rmap_lookup4(m, (u32)x) :
		 op25b_rmap_lookup6(m, (u64)(x >> 64), (u64)x);

	if (got != vals[in]) {
		fprintf(stderr, "lookup: --check DISAGREEMENT on %s ",
			fam_name[fam]);
		print_addr(stderr, fam, x);
		fprintf(stderr, ": map %u, lists say %u (in a %d, in b %d); "
			"map of %u boundaries, %u shared bits, 2^%u chunks\n",
			(unsigned int)got, (unsigned int)vals[in], in & 1,
			in >> 1, m ? m->n : 0, m ? (unsigned int)m->shift : 0,
			m ? (unsigned int)m->bits : 0);
		abort();
	}
}

static void check_list_edges(const struct op25b_rmap *m, int fam,
			     const struct op25b_plist *l,
			     const struct op25b_plist *a,
			     const struct op25b_plist *b, const u8 vals[4])
{
	bench_u128 all = fam_all(fam), e;
	u128 pa;
	u32 i;
	u8 pl;

	for (i = 0; i < l->count; i++) {
		op25b_elem_parts((u8)fam, op25b_plist_elem(l, i), &pa, &pl);
		e = pa | host_bits(fam, pl);
		check_one(m, fam, a, b, vals, pa);
		check_one(m, fam, a, b, vals, (pa - 1) & all);
		check_one(m, fam, a, b, vals, e);
		check_one(m, fam, a, b, vals, (e + 1) & all);
		check_one(m, fam, a, b, vals, pa | (rnd128() &
						     host_bits(fam, pl)));
	}
}

struct patch_counts {
	unsigned long tried, patched, null;
};

/*
 * Changes *@lp (a or b of the map *@mp) a few times: adds one to three new
 * prefixes, or removes one or two, and each time asks op25b_rmap_patch()
 * for the new map; when it patches, the result must equal
 * op25b_rmap_build()'s word for word, and so must op25b_rmap_update()'s.
 */
static void check_patches(int fam, struct op25b_plist **lp,
			  struct op25b_plist *a, struct op25b_plist *b,
			  const u8 vals[4], struct op25b_rmap **mp, int mode,
			  bench_u128 base, unsigned int blen,
			  struct patch_counts *pc)
{
	size_t es = op25b_esize((u8)fam);
	struct op25b_rmap *pm, *full, *up;
	struct op25b_plist *nl, *ch, *want;
	struct bench_pfx p;
	u32 step, k, n, bad;
	int del;
	u8 *ce;

	for (step = 0; step < 4; step++) {
		del = (*lp)->count >= 2 && rnd() % 2;
		n = (u32)(1 + rnd() % (del ? 2 : 3));
		ch = op25b_plist_alloc((u8)fam, n);
		if (!ch)
			die("op25b_plist_alloc failed");
		ce = op25b_plist_flat(ch);
		for (k = 0; k < n; k++) {
			if (del) {
				memcpy(ce + k * es,
				       op25b_plist_elem(*lp, (u32)(rnd() %
							(*lp)->count)), es);
				continue;
			}
			p = check_prefix(fam, rnd() % 2 ? mode : 0, base, blen);
			op25b_elem_make((u8)fam, ce + k * es, p.addr, p.len);
		}
		if (op25b_plist_sort(ch))
			die("op25b_plist_sort failed");
		nl = del ? op25b_plist_del(*lp, ce, ch->count, &bad) :
			op25b_plist_add(*lp, ce, ch->count, 1u << 24, &bad);
		if (IS_ERR(nl)) {
			/* An add of a prefix already there: try another. */
			if (del || PTR_ERR(nl) != -EEXIST)
				die("op25b_plist_add or _del failed");
			op25b_plist_put(ch);
			continue;
		}
		want = list_changed(*lp, ch, del);
		list_expect(nl, want);
		op25b_plist_put(want);
		if (*lp == a)
			a = nl;
		else
			b = nl;
		full = op25b_rmap_build((u8)fam, a, b, vals);
		pm = op25b_rmap_patch(*mp, a, b, vals, ce, ch->count);
		up = op25b_rmap_update((u8)fam, *mp, a, b, vals, ce,
				       ch->count);
		if (IS_ERR(full) || IS_ERR(up) ||
		    (IS_ERR(pm) && PTR_ERR(pm) != -EAGAIN))
			die("op25b_rmap_build, _patch or _update failed");
		pc->tried++;
		if (!IS_ERR(pm)) {
			pc->patched++;
			pc->null += !pm;
			if (!rmap_same(pm, full))
				die("--check: a patched map differs from the built one");
			op25b_rmap_put(pm);
		}
		if (!rmap_same(up, full))
			die("--check: op25b_rmap_update() differs from op25b_rmap_build()");
		op25b_rmap_put(up);
		op25b_rmap_put(*mp);
		*mp = full;
		op25b_plist_put(*lp);
		*lp = nl;
		op25b_plist_put(ch);
	}
}

static int check_main(int argc, char **argv)
{
	unsigned long rounds = argc > 0 ? strtoul(argv[0], NULL, 10) : 2000;
	unsigned long r, probes = 0, maps = 0, shared = 0, wide = 0;
	struct patch_counts pc = {};
	u32 k;

	bench_seed(0xc4ec0425bULL);
	for (r = 0; r < rounds; r++) {
		int fam = (int)(r & 1);
		unsigned int bits = fam_bits(fam);
		unsigned int blen = (unsigned int)(rnd() % (bits - 1));
		bench_u128 base = rnd128() & fam_all(fam) & ~host_bits(fam,
								       blen);
		u32 big = r % 50 == 0 ? 20000 : 300;
		struct op25b_plist *a, *b, *eb;
		struct op25b_rmap *m;
		u8 vals[4];

		a = check_list(fam, (u32)(rnd() % big), (int)(rnd() % 3),
			       base, blen);
		b = check_list(fam, (u32)(rnd() % (big / 3)),
			       (int)(rnd() % 3), base, blen);
		vals[0] = 0;
		for (k = 1; k < 4; k++)
			vals[k] = (u8)(rnd() % 4);
		eb = r % 3 ? b : NULL;
		m = op25b_rmap_build((u8)fam, a, eb, vals);
		if (IS_ERR(m))
			die("op25b_rmap_build failed");
		maps += m != NULL;
		if (m && m->shift)
			shared++;
		wide += m && fam == BENCH_V6 && rmap_has_wide(m);
		check_list_edges(m, fam, a, a, eb, vals);
		if (eb)
			check_list_edges(m, fam, eb, a, eb, vals);
		check_one(m, fam, a, eb, vals, 0);
		check_one(m, fam, a, eb, vals, fam_all(fam));
		check_one(m, fam, a, eb, vals, base);
		for (k = 0; k < 200; k++)
			check_one(m, fam, a, eb, vals, rnd128() & fam_all(fam));
		probes += 5 * (a->count + (eb ? eb->count : 0)) + 203;
		if (m && (!eb || rnd() % 2))
			check_patches(fam, &a, a, eb, vals, &m, 1, base, blen,
				      &pc);
		else if (m)
			check_patches(fam, &b, a, eb, vals, &m, 1, base, blen,
				      &pc);
		check_list_edges(m, fam, a, a, r % 3 ? b : NULL, vals);
		op25b_rmap_put(m);
		op25b_plist_put(a);
		op25b_plist_put(b);
	}
	printf("check: %lu rounds, %lu non-empty maps (%lu with shared "
	       "leading bits, %lu IPv6 with whole-key chunks), %lu probes: "
	       "all agree\n", rounds, maps, shared, wide, probes);
	printf("check: %lu changes of a few prefixes, %lu patched (%lu to "
	       "an empty map), the rest built afresh: every map the same as "
	       "op25b_rmap_build()'s, word for word\n", pc.tried, pc.patched,
	       pc.null);
	if (!pc.patched || pc.patched == pc.tried)
		die("--check: no patch taken, or no fallback seen");
	return 0;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: lookup [--reps R] [--lookups L] [--lpm-dump FILE] [--no-lpm]\n"
		"              [SIZE...]\n"
		"       lookup --callgrind SIZE v4|v6 op25b|rte_lpm|intervals [N]\n"
		"              [--lpm-load FILE]\n");
	return 1;
}

static int callgrind_main(int argc, char **argv)
{
	const char *load = NULL, *why;
	struct built b = {};
	struct input in;
	size_t n, nq = NQ, k;
	uint64_t hits;
	int fam, s, i;

	if (argc < 3)
		return usage();
	n = strtoull(argv[0], NULL, 10);
	fam = !strcmp(argv[1], "v6") ? BENCH_V6 : BENCH_V4;
	for (s = 0; s < NSTRUCT && strcmp(argv[2], struct_key[s]); s++)
		;
	if (!n || s == NSTRUCT || (strcmp(argv[1], "v4") &&
				   strcmp(argv[1], "v6")))
		return usage();
	for (i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "--lpm-load") && i + 1 < argc)
			load = argv[++i];
		else if (argv[i][0] != '-')
			nq = strtoull(argv[i], NULL, 10);
		else
			return usage();
	}
	if (!nq || nq > NQ)
		nq = NQ;
	make_input(&in, fam, n);
	if (s == S_LPM) {
		input_groups(&in);
		why = lpm_init(lpm_mem_mb(fam, in.groups, n));
		if (why) {
			printf("not measured: %s\n", why);
			return 3;
		}
	}
	if (s == S_LPM && load && fam == BENCH_V4) {
		why = lpm_load(load, &b.lpm);
		if (why) {
			printf("not measured: %s\n", why);
			return 3;
		}
		/* A table from a file: it must answer as the intervals do. */
		b.iv = iv_build(fam, in.p, n);
		for (k = 0; k < NQ; k++)
			if (lpm_has(b.lpm, in.q[k]) != iv_has(b.iv, in.q[k]) ||
			    (in.inside[k] && !lpm_has(b.lpm, in.q[k])))
				die("the loaded rte_lpm tables disagree with the intervals");
	} else {
		build_one(&b, &in, s);
	}
	if (s == S_LPM && !b.lpm) {
		printf("not measured: %s\n", b.lpm_why);
		return 3;
	}
	CALLGRIND_START_INSTRUMENTATION;
	CALLGRIND_TOGGLE_COLLECT;
	hits = run(&b, &in, s, nq, 1);
	CALLGRIND_TOGGLE_COLLECT;
	CALLGRIND_STOP_INSTRUMENTATION;
	printf("lookups %zu hits %llu\n", nq, (unsigned long long)hits);
	free_built(&b);
	free_input(&in);
	return 0;
}

static int size_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	static struct input in[2][MAX_SIZES];
	size_t sizes[MAX_SIZES];
	unsigned int nsz = 0, reps = 5, passes, mem = 0, z;
	uint64_t lookups = 10000000;
	const char *dump = NULL;
	int i, fam, no_lpm = 0;

	if (argc >= 2 && !strcmp(argv[1], "--callgrind"))
		return callgrind_main(argc - 2, argv + 2);
	if (argc >= 2 && !strcmp(argv[1], "--check"))
		return check_main(argc - 2, argv + 2);
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--lpm-dump") && i + 1 < argc) {
			dump = argv[++i];
		} else if (!strcmp(argv[i], "--no-lpm")) {
			no_lpm = 1;
		} else if (!strcmp(argv[i], "--reps") && i + 1 < argc) {
			reps = (unsigned int)strtoul(argv[++i], NULL, 10);
		} else if (!strcmp(argv[i], "--lookups") && i + 1 < argc) {
			lookups = strtoull(argv[++i], NULL, 10);
		} else if (argv[i][0] != '-' && nsz < MAX_SIZES) {
			sizes[nsz] = strtoull(argv[i], NULL, 10);
			if (!sizes[nsz] || sizes[nsz] > (1u << 22))
				return usage();
			nsz++;
		} else {
			return usage();
		}
	}
	if (!nsz) {
		sizes[nsz++] = 10000;
		sizes[nsz++] = 100000;
		sizes[nsz++] = 1000000;
	}
	qsort(sizes, nsz, sizeof(sizes[0]), size_cmp);
	if (reps < 1 || reps > MAX_REPS)
		reps = 5;
	passes = (unsigned int)((lookups + NQ / 2) / NQ);
	if (!passes)
		passes = 1;
	for (fam = 0; fam < 2; fam++)
		for (z = 0; z < nsz; z++)
			rows[fam][z].n = sizes[z];

	/* Every input first: the EAL's memory is sized for the largest. */
	for (fam = 0; fam < 2; fam++) {
		for (z = 0; z < nsz; z++) {
			unsigned int mb;

			make_input(&in[fam][z], fam, sizes[z]);
			input_groups(&in[fam][z]);
			mb = lpm_mem_mb(fam, in[fam][z].groups, sizes[z]);
			if (mb > mem)
				mem = mb;
		}
	}
	print_header(reps, passes);
	eal_why = no_lpm ? "--no-lpm given" : lpm_init(mem);
	if (eal_why)
		printf("  rte_lpm   not measured: %s\n", eal_why);
	fflush(stdout);

	for (fam = 0; fam < 2; fam++) {
		for (z = 0; z < nsz; z++) {
			if (eal_why)
				snprintf(rows[fam][z].lpm_why,
					 sizeof(rows[fam][z].lpm_why), "%s",
					 eal_why);
			bench_set(&in[fam][z], &rows[fam][z], reps, passes,
				  z == nsz - 1,
				  fam == BENCH_V4 && z == nsz - 1 ? dump : NULL);
			fflush(stdout);
			free_input(&in[fam][z]);
		}
	}
	print_targets(sizes, nsz);
	return 0;
}
