// SPDX-License-Identifier: GPL-2.0
/*
 * make bench, VM part: the kernel's own memory, sampled.
 *
 *   memsample            prints the kernel memory now, in KiB
 *   memsample MS [CG]    samples every MS milliseconds until SIGTERM or
 *                        SIGINT, then prints "peak KIB last KIB samples N";
 *                        with CG, a cgroup v2 directory, also the kernel
 *                        memory charged to it: "cgpeak KIB cglast KIB"
 *   memsample - CG       prints the kernel memory charged to CG now, in KiB
 *
 * "Kernel memory" is what /proc/meminfo leaves once free memory, the page
 * cache and anonymous (process) memory are taken out:
 * MemTotal - MemFree - Buffers - Cached - AnonPages. That holds slab,
 * vmalloc, page tables, kernel stacks and pages taken straight from the
 * page allocator (a kvmalloc() that kmalloc satisfied with a high-order
 * page shows in none of Slab or VmallocUsed, so neither alone would do),
 * and not the memory of the process loading a policy.
 *
 * The kernel memory charged to a cgroup is the "kernel" line of its
 * memory.stat: what allocations with __GFP_ACCOUNT made on behalf of its
 * processes hold (op25b's lists, maps and staging all are), until they are
 * freed, by whoever frees them, less the "kernel_stack" and "pagetables"
 * lines: the kernel stack and page tables of op25bctl itself, there while
 * it runs, gone when it exits, and none of op25b's. Run the op25bctl of a
 * swap in a cgroup of its own, and that is what the swap allocated.
 */

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static long long kernel_kib(void)
{
	long long total = 0, free_ = 0, buffers = 0, cached = 0, anon = 0, v;
	char key[64];
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f) {
		perror("memsample: /proc/meminfo");
		exit(1);
	}
	while (fscanf(f, "%63s %lld%*[^\n]", key, &v) == 2) {
		if (!strcmp(key, "MemTotal:"))
			total = v;
		else if (!strcmp(key, "MemFree:"))
			free_ = v;
		else if (!strcmp(key, "Buffers:"))
			buffers = v;
		else if (!strcmp(key, "Cached:"))
			cached = v;
		else if (!strcmp(key, "AnonPages:"))
			anon = v;
	}
	fclose(f);
	return total - free_ - buffers - cached - anon;
}

/* The "kernel" line of @cg's memory.stat less its processes' own, in KiB. */
static long long cgroup_kib(const char *cg)
{
	long long v, kernel = -1, own = 0;
	char path[4096], key[64];
	FILE *f;

	snprintf(path, sizeof(path), "%s/memory.stat", cg);
	f = fopen(path, "r");
	if (!f) {
		perror(path);
		exit(1);
	}
	while (fscanf(f, "%63s %lld%*[^\n]", key, &v) == 2) {
		if (!strcmp(key, "kernel"))
			kernel = v;
		else if (!strcmp(key, "kernel_stack") ||
			 !strcmp(key, "pagetables"))
			own += v;
	}
	fclose(f);
	if (kernel < 0) {
		fprintf(stderr, "memsample: no kernel line in %s\n", path);
		exit(1);
	}
	return (kernel - own) / 1024;
}

int main(int argc, char **argv)
{
	long long peak, last, cgpeak = 0, cglast = 0;
	const char *cg = argc == 3 ? argv[2] : NULL;
	unsigned long samples = 0;
	struct sigaction sa;
	struct timespec ts;
	long ms;

	if (argc == 1) {
		printf("%lld\n", kernel_kib());
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "-")) {
		printf("%lld\n", cgroup_kib(cg));
		return 0;
	}
	ms = strtol(argv[1], NULL, 10);
	if (argc > 3 || ms <= 0) {
		fprintf(stderr, "usage: memsample [MS [CGROUP]] | - CGROUP\n");
		return 1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	peak = last = kernel_kib();
	if (cg)
		cgpeak = cglast = cgroup_kib(cg);
	while (!stop) {
		last = kernel_kib();
		if (last > peak)
			peak = last;
		if (cg) {
			cglast = cgroup_kib(cg);
			if (cglast > cgpeak)
				cgpeak = cglast;
		}
		samples++;
		nanosleep(&ts, NULL);
	}
	printf("peak %lld last %lld samples %lu", peak, last, samples);
	if (cg)
		printf(" cgpeak %lld cglast %lld", cgpeak, cglast);
	printf("\n");
	return 0;
}
