// SPDX-License-Identifier: GPL-2.0
/*
 * make bench, VM part: the kernel's own memory, sampled.
 *
 *   memsample            prints the kernel memory now, in KiB
 *   memsample MS         samples every MS milliseconds until SIGTERM or
 *                        SIGINT, then prints "peak KIB last KIB samples N"
 *
 * "Kernel memory" is what /proc/meminfo leaves once free memory, the page
 * cache and anonymous (process) memory are taken out:
 * MemTotal - MemFree - Buffers - Cached - AnonPages. That holds slab,
 * vmalloc, page tables, kernel stacks and pages taken straight from the
 * page allocator (a kvmalloc() that kmalloc satisfied with a high-order
 * page shows in none of Slab or VmallocUsed, so neither alone would do),
 * and not the memory of the process loading a policy.
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

int main(int argc, char **argv)
{
	struct sigaction sa;
	struct timespec ts;
	long long peak, last;
	unsigned long samples = 0;
	long ms;

	if (argc == 1) {
		printf("%lld\n", kernel_kib());
		return 0;
	}
	ms = strtol(argv[1], NULL, 10);
	if (argc != 2 || ms <= 0) {
		fprintf(stderr, "usage: memsample [MS]\n");
		return 1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	peak = last = kernel_kib();
	while (!stop) {
		last = kernel_kib();
		if (last > peak)
			peak = last;
		samples++;
		nanosleep(&ts, NULL);
	}
	printf("peak %lld last %lld samples %lu\n", peak, last, samples);
	return 0;
}
