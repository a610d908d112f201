// SPDX-License-Identifier: GPL-2.0
/*
 * make bench, VM part: a flood of TCP SYNs from many sources, as fast as
 * one CPU can send them, written straight to an interface.
 *
 *   synflood IFACE DSTMAC SOURCES DST DPORT SECONDS
 *
 * Builds one Ethernet frame per address in SOURCES (one IPv4 address a
 * line, at most 65536): IPv4 to DST, TCP SYN to DPORT, random source port
 * and sequence number, both checksums right. Then sends them round-robin
 * on IFACE through an AF_PACKET socket with PACKET_QDISC_BYPASS, 64 to a
 * sendmmsg(), for SECONDS, and prints "sent N in S s": no qdisc, no
 * socket buffer accounting beyond the frame, so that the cost per packet
 * is the driver's and the receiver's. "sending" is printed first, once
 * the frames are built and the socket bound.
 */

#include <errno.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#define MAX_SRC		65536
#define BATCH		64
#define FRAME		(14 + 20 + 20)

static unsigned char frames[MAX_SRC][FRAME];

static uint64_t rng = 0x5eed;

static uint32_t rnd32(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (uint32_t)(z ^ (z >> 31));
}

static uint32_t sum16(const void *p, size_t n, uint32_t s)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += (uint32_t)b[i] << 8 | b[i + 1];
	if (n & 1)
		s += (uint32_t)b[n - 1] << 8;
	return s;
}

static uint16_t fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return htons((uint16_t)~s);
}

static void build(unsigned char *f, const unsigned char *dmac,
		  const unsigned char *smac, uint32_t src, uint32_t dst,
		  uint16_t dport)
{
	struct iphdr *ip = (struct iphdr *)(f + 14);
	struct tcphdr *th = (struct tcphdr *)(f + 34);
	unsigned char pseudo[12];
	uint16_t tcplen = htons(20);

	memcpy(f, dmac, 6);
	memcpy(f + 6, smac, 6);
	f[12] = 0x08;
	f[13] = 0x00;
	memset(ip, 0, 20);
	ip->version = 4;
	ip->ihl = 5;
	ip->tot_len = htons(40);
	ip->id = htons((uint16_t)rnd32());
	ip->ttl = 64;
	ip->protocol = IPPROTO_TCP;
	ip->saddr = src;
	ip->daddr = dst;
	ip->check = fold(sum16(ip, 20, 0));
	memset(th, 0, 20);
	th->source = htons((uint16_t)(1024 + rnd32() % 64000));
	th->dest = htons(dport);
	th->seq = htonl(rnd32());
	th->doff = 5;
	th->syn = 1;
	th->window = htons(64240);
	memcpy(pseudo, &ip->saddr, 4);
	memcpy(pseudo + 4, &ip->daddr, 4);
	pseudo[8] = 0;
	pseudo[9] = IPPROTO_TCP;
	memcpy(pseudo + 10, &tcplen, 2);
	th->check = fold(sum16(th, 20, sum16(pseudo, 12, 0)));
}

static int parse_mac(const char *s, unsigned char *m)
{
	unsigned int b[6];
	int i;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4],
		   &b[5]) != 6)
		return -1;
	for (i = 0; i < 6; i++)
		m[i] = (unsigned char)b[i];
	return 0;
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	static struct mmsghdr msgs[BATCH];
	static struct iovec iov[BATCH];
	unsigned char dmac[6], smac[6] = { 0x02, 0, 0, 0, 0x25, 0x01 };
	struct sockaddr_ll sll;
	char line[128];
	uint32_t dst;
	unsigned long dport;
	double secs, t0, t;
	uint64_t sent = 0;
	size_t n = 0, next = 0, i;
	int fd, one = 1, r;
	FILE *f;

	if (argc != 7) {
		fprintf(stderr, "usage: synflood IFACE DSTMAC SOURCES DST DPORT SECONDS\n");
		return 1;
	}
	if (parse_mac(argv[2], dmac) || inet_pton(AF_INET, argv[4], &dst) != 1) {
		fprintf(stderr, "synflood: bad MAC %s or address %s\n", argv[2],
			argv[4]);
		return 1;
	}
	dport = strtoul(argv[5], NULL, 10);
	secs = strtod(argv[6], NULL);
	if (dport == 0 || dport > 65535 || secs <= 0) {
		fprintf(stderr, "synflood: bad port %s or duration %s\n",
			argv[5], argv[6]);
		return 1;
	}
	f = fopen(argv[3], "r");
	if (!f) {
		fprintf(stderr, "synflood: %s: %s\n", argv[3], strerror(errno));
		return 1;
	}
	while (n < MAX_SRC && fgets(line, sizeof(line), f)) {
		uint32_t src;

		line[strcspn(line, "\r\n")] = 0;
		if (inet_pton(AF_INET, line, &src) != 1) {
			fprintf(stderr, "synflood: bad source '%s'\n", line);
			fclose(f);
			return 1;
		}
		build(frames[n++], dmac, smac, src, dst, (uint16_t)dport);
	}
	fclose(f);
	if (n == 0) {
		fprintf(stderr, "synflood: no sources in %s\n", argv[3]);
		return 1;
	}

	fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (fd < 0) {
		perror("synflood: socket");
		return 1;
	}
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_ifindex = (int)if_nametoindex(argv[1]);
	if (!sll.sll_ifindex) {
		fprintf(stderr, "synflood: no interface %s\n", argv[1]);
		return 1;
	}
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) ||
	    setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof(one))) {
		perror("synflood: bind/PACKET_QDISC_BYPASS");
		return 1;
	}
	memset(msgs, 0, sizeof(msgs));
	for (i = 0; i < BATCH; i++) {
		iov[i].iov_len = FRAME;
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}

	/*
	 * Everything read and built: the caller's measuring window may
	 * start. Under qemu -icount the guest's clock skips the time it
	 * waits for the files, so a fixed head start is not enough.
	 */
	printf("sending\n");
	fflush(stdout);
	t0 = now();
	do {
		for (i = 0; i < BATCH; i++) {
			iov[i].iov_base = frames[next];
			next = next + 1 == n ? 0 : next + 1;
		}
		r = sendmmsg(fd, msgs, BATCH, 0);
		if (r < 0 && errno != ENOBUFS && errno != EAGAIN &&
		    errno != EINTR) {
			perror("synflood: sendmmsg");
			return 1;
		}
		if (r > 0)
			sent += (uint64_t)r;
		t = now();
	} while (t - t0 < secs);
	printf("sent %llu in %.3f s\n", (unsigned long long)sent, t - t0);
	return 0;
}
