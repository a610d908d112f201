/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Talking to the op25b generic netlink family. Nothing outside ipc*.c
 * knows about sockets; commands get plain structs and a struct
 * op25b_ipc_error they can print or ignore (version does the latter).
 *
 *   ipc.c        the socket, and one function per operation
 *   ipc-build.c  requests, built into caller-supplied buffers
 *   ipc-parse.c  replies, decoded into the structs below
 *   ipc-recv.c   matching what the kernel sends to what was asked
 *
 * The builders, parsers and the matching work on plain buffers, so that
 * tests run them on hand-made messages without a kernel.
 */
#ifndef OP25BCTL_IPC_H
#define OP25BCTL_IPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "policy.h"

struct nlattr;
struct nlmsghdr;

/*
 * Size limits. A request with prefixes is filled up to OP25B_MSG_MAX;
 * apply sends up to OP25B_BATCH_MAX of them per sendmsg(), which must stay
 * below the socket's send buffer (net.core.wmem_default, 208 KiB unless
 * lowered). add and del, all or nothing, must fit one OP25B_CHANGE_MAX
 * message.
 */
#define OP25B_MSG_MAX		(32 * 1024)
#define OP25B_BATCH_MAX		(128 * 1024)
#define OP25B_CHANGE_MAX	(64 * 1024)

/* Attempts at a dump that keeps being interrupted by policy changes. */
#define OP25B_DUMP_TRIES	5

/* One connection to the op25b family, in the caller's network namespace. */
struct op25b_ipc;

/*
 * What went wrong, filled by every op25b_ipc_* call that fails. err is a
 * positive errno; op names the operation for the user; msg is the kernel's
 * extended ACK text (or our own explanation) and may be empty; prefix is
 * the prefix of the request the extended ACK pointed at, or empty.
 * not_loaded means the family does not exist, which op25b_ipc_error_print()
 * reports as a missing module rather than as "No such file or directory".
 */
struct op25b_ipc_error {
	int err;
	bool not_loaded;
	char op[64];
	char msg[256];
	char prefix[OP25B_PREFIX_STRLEN];
};

/* Decoded OP25B_CMD_GET_STATUS reply. has_* say which attributes came. */
struct op25b_status {
	char version[32];
	uint32_t generation;
	uint8_t mode;
	uint8_t action;
	uint8_t nports;
	uint16_t ports[OP25B_PORTS_MAX];
	/* [set][0] IPv4, [set][1] IPv6; a pair the kernel left out is 0 */
	uint32_t counts[OP25B_SET_COUNT][2];
	uint64_t memory;
	uint64_t enforce_at;
	uint8_t effective_mode;
	uint8_t log;
	uint16_t log_group;
	bool has_version;
	bool has_generation;
	bool has_mode;
	bool has_action;
	bool has_ports;
	bool has_counts;
	bool has_memory;
	bool has_enforce_at;
	bool has_effective_mode;
	bool has_log;
	bool has_log_group;
};

/*
 * Settings for SET_POLICY; has_* say which to change. has_log sends the
 * log and, for nflog, its group.
 */
struct op25b_settings {
	bool has_mode;
	bool has_action;
	bool has_ports;
	bool has_enforce_at;
	bool has_log;
	uint8_t mode;
	uint8_t action;
	uint8_t nports;
	uint8_t log;
	uint16_t log_group;
	uint16_t ports[OP25B_PORTS_MAX];
	uint64_t enforce_at;
};

/* An OP25B_CMD_TEST question: src and dst are full-length prefixes. */
struct op25b_test_query {
	struct op25b_prefix src;
	struct op25b_prefix dst;
	uint16_t port;
};

/* Its answer: match[set] is valid where has_match[set]. */
struct op25b_test_result {
	uint8_t verdict;
	uint8_t reason;
	uint8_t mode;
	uint8_t effective_mode;
	bool has_verdict;
	bool has_reason;
	bool has_mode;
	bool has_effective_mode;
	bool has_match[OP25B_SET_COUNT];
	struct op25b_prefix match[OP25B_SET_COUNT];
	/* the matching prefix's label and expiry, zero for none */
	struct op25b_annot match_annot[OP25B_SET_COUNT];
};

/* The counters, in enum op25b_stats_attr order from INSPECTED on. */
enum {
	OP25B_STAT_INSPECTED,
	OP25B_STAT_BLOCKED,
	OP25B_STAT_MONITORED,
	OP25B_STAT_EXEMPT_STATIC,
	OP25B_STAT_EXEMPT_RELAY,
	OP25B_STAT_NOT_DYNAMIC,

	OP25B_STAT_COUNT
};

/* "inspected", ... as -j stats spells them; NULL past the end. */
const char *op25b_stat_name(unsigned int stat);

/* One source of a GET_TOP dump. */
struct op25b_top_row {
	struct op25b_prefix src;	/* full length */
	uint64_t packets;
	uint64_t first_seen;		/* seconds since the epoch */
	uint64_t last_seen;
	uint32_t destinations;		/* estimated */
	/* the source's longest match in dynamic, with its pool's label */
	bool has_dynamic;
	struct op25b_prefix dynamic;
	struct op25b_annot dynamic_annot;
};

/* The rows of a GET_TOP dump, in the kernel's order (busiest first). */
struct op25b_top {
	struct op25b_top_row *v;
	size_t len;
	size_t cap;
};

void op25b_top_free(struct op25b_top *t);

/* [0] IPv4, [1] IPv6. */
struct op25b_stats {
	uint64_t v[2][OP25B_STAT_COUNT];
};

/*
 * Opens a socket and resolves the family id (which autoloads the module).
 * Returns 0 and sets *ipcp, or a negative errno with *err filled.
 */
int op25b_ipc_open(struct op25b_ipc **ipcp, struct op25b_ipc_error *err);
/* Closing drops a transaction this socket began and did not commit. */
void op25b_ipc_close(struct op25b_ipc *ipc);

/*
 * The operations. Each returns 0 or a negative errno with *err filled. A
 * reply that lacks what the operation needs is -EBADMSG.
 */

/* Needs version and generation in the reply; the rest may be missing. */
int op25b_ipc_get_status(struct op25b_ipc *ipc, struct op25b_status *st,
			 struct op25b_ipc_error *err);
int op25b_ipc_set_policy(struct op25b_ipc *ipc,
			 const struct op25b_settings *s,
			 struct op25b_ipc_error *err);
/*
 * cmd is OP25B_CMD_ADD_PREFIXES or OP25B_CMD_DEL_PREFIXES: every prefix of
 * l in one request, so that the kernel takes all or none; ADD with their
 * annotations, DEL without. More than fit OP25B_CHANGE_MAX fail with
 * -EMSGSIZE before anything is sent.
 */
int op25b_ipc_change_prefixes(struct op25b_ipc *ipc, uint8_t cmd,
			      unsigned int set,
			      const struct op25b_prefix_list *l,
			      struct op25b_ipc_error *err);
/* set -1: every set. */
int op25b_ipc_flush(struct op25b_ipc *ipc, int set,
		    struct op25b_ipc_error *err);
/*
 * Dumps one set (or every set, with set -1) into out->sets, whose lists
 * must be empty, in the kernel's order. A dump interrupted by a policy
 * change starts over, up to OP25B_DUMP_TRIES times (then -EAGAIN).
 */
int op25b_ipc_dump_prefixes(struct op25b_ipc *ipc, int set,
			    struct op25b_policy *out,
			    struct op25b_ipc_error *err);
/*
 * The whole policy as one consistent snapshot: status, prefixes, and the
 * status again, repeated while the generation moved in between.
 */
int op25b_ipc_get_policy(struct op25b_ipc *ipc, struct op25b_policy *out,
			 struct op25b_ipc_error *err);
/* Needs verdict, reason and mode in the reply. */
int op25b_ipc_test(struct op25b_ipc *ipc, const struct op25b_test_query *q,
		   struct op25b_test_result *res, struct op25b_ipc_error *err);
/* Needs both families, each with every counter. */
int op25b_ipc_get_stats(struct op25b_ipc *ipc, struct op25b_stats *stats,
			struct op25b_ipc_error *err);
/*
 * Dumps the sources of blocked and monitored segments into *out (empty,
 * zeroed), busiest first. op25b_ipc_clear_top() forgets them all.
 */
int op25b_ipc_get_top(struct op25b_ipc *ipc, struct op25b_top *out,
		      struct op25b_ipc_error *err);
int op25b_ipc_clear_top(struct op25b_ipc *ipc, struct op25b_ipc_error *err);
/*
 * Replaces the whole policy with p in one transaction: TXN_BEGIN, the
 * prefixes in as many ADD_PREFIXES as needed, TXN_COMMIT. On any failure
 * the transaction is aborted and the kernel's policy is unchanged. p's
 * prefixes are freed once the kernel has them all, before the commit:
 * op25bctl's copy (some 70 bytes a prefix) need not live on beside the
 * kernel's while the kernel builds its maps. p's settings stay.
 */
int op25b_ipc_apply(struct op25b_ipc *ipc, struct op25b_policy *p,
		    struct op25b_ipc_error *err);

/*
 * Prints "op25bctl: OPERATION: <error>[: <message>][ (prefix P)]" to f
 * (stderr, but for tests), or the one "module is not loaded" line when
 * err->not_loaded.
 */
void op25b_ipc_error_print(FILE *f, const struct op25b_ipc_error *err);

/* strerror() with the wording we want for errors users hit in practice. */
const char *op25b_ipc_strerror(int err);

/* Fills err and returns -e: for the ipc files and the commands alike. */
int op25b_ipc_fail(struct op25b_ipc_error *err, const char *op, int e,
		   const char *msg);

/*
 * Request builders (ipc-build.c). Each starts a message at buf, which has
 * room for size bytes, with NLM_F_REQUEST | NLM_F_ACK (a dump: NLM_F_DUMP
 * instead of the ACK) and sequence number 0, for the sender to set.
 * Each returns the message, or NULL if it would not fit in size.
 */
struct nlmsghdr *op25b_msg_status(void *buf, size_t size, uint16_t family);
struct nlmsghdr *op25b_msg_stats(void *buf, size_t size, uint16_t family);
struct nlmsghdr *op25b_msg_set_policy(void *buf, size_t size,
				      uint16_t family,
				      const struct op25b_settings *s);
struct nlmsghdr *op25b_msg_flush(void *buf, size_t size, uint16_t family,
				 int set);
struct nlmsghdr *op25b_msg_dump(void *buf, size_t size, uint16_t family,
				int set);
struct nlmsghdr *op25b_msg_test(void *buf, size_t size, uint16_t family,
				const struct op25b_test_query *q);
/* GET_TOP (a dump) and CLEAR_TOP: no attributes. */
struct nlmsghdr *op25b_msg_top(void *buf, size_t size, uint16_t family,
			       uint8_t cmd);
/* TXN_BEGIN with p's mode, action, ports, enforce-at and log. */
struct nlmsghdr *op25b_msg_txn_begin(void *buf, size_t size,
				     uint16_t family,
				     const struct op25b_policy *p);
/* TXN_COMMIT or TXN_ABORT: no attributes. */
struct nlmsghdr *op25b_msg_txn_end(void *buf, size_t size, uint16_t family,
				   uint8_t cmd);

/* Where the next ADD_PREFIXES chunk starts: a set and an index in it. */
struct op25b_cursor {
	unsigned int set;
	size_t next;
};

/*
 * Builds one ADD_PREFIXES or DEL_PREFIXES request (cmd), with OP25B_A_TXN
 * if txn, holding as many prefixes of p, from *cur on, as fit in size
 * bytes (each with its label and expiry in an ADD, sizes varying from 16
 * to 80 bytes); a message holds one set, so a chunk ends at the end of a set.
 * Advances *cur. Returns 1 with *out set, 0 when no prefix is left, or
 * -EMSGSIZE when size cannot hold a single prefix.
 */
int op25b_msg_prefixes(void *buf, size_t size, uint16_t family, uint8_t cmd,
		       bool txn, const struct op25b_policy *p,
		       struct op25b_cursor *cur, struct nlmsghdr **out);

/* The next sequence number after *seq, never 0; stored in *seq. */
uint32_t op25b_seq_next(uint32_t *seq);

/*
 * Sends count requests of len bytes at buf, with sequence numbers first,
 * first + 1, ...; returns 0 or a negative errno.
 */
typedef int (*op25b_batch_send_t)(void *ctx, const void *buf, size_t len,
				  uint32_t first, uint32_t count);

/*
 * Puts every prefix of p into ADD_PREFIXES requests for the transaction,
 * OP25B_MSG_MAX bytes each at most, numbered on from *seq, and hands them
 * to send in batches of OP25B_BATCH_MAX bytes at most, in order. Returns
 * 0, the first failure of send, or -ENOMEM.
 */
int op25b_msg_batches(const struct op25b_policy *p, uint16_t family,
		      uint32_t *seq, op25b_batch_send_t send, void *ctx);

/*
 * Reply parsers (ipc-parse.c). They return 0 or a negative errno and trust
 * nlh->nlmsg_len (checked against what was received). Attributes they do
 * not know are skipped; a known one of the wrong type or length, or
 * trailing bytes that are no attribute, fail.
 */
int op25b_status_parse(const struct nlmsghdr *nlh, struct op25b_status *st);
int op25b_test_parse(const struct nlmsghdr *nlh, struct op25b_test_result *r);
int op25b_stats_parse(const struct nlmsghdr *nlh, struct op25b_stats *stats);
/* One GET_TOP dump message: appends its rows to *out; -ENOMEM. */
int op25b_top_parse(const struct nlmsghdr *nlh, struct op25b_top *out);
/*
 * One GET_PREFIXES dump message: appends its prefixes to out->sets[SET].
 * A set this op25bctl does not know is -EPROTO: leaving it out would make
 * save print an incomplete policy.
 */
int op25b_prefixes_parse(const struct nlmsghdr *nlh,
			 struct op25b_policy *out);
/*
 * A prefix nest: exactly one address, a length, no host bits; annotations
 * are skipped (but still checked).
 */
int op25b_prefix_nest_parse(const struct nlattr *nest,
			    struct op25b_prefix *p);
/*
 * The same, and its annotations into *a (zero for none; a may be NULL):
 * a label of 1 to OP25B_LABEL_MAX - 1 allowed characters, an expiry of 1
 * to OP25B_TIME_MAX, else -EBADMSG or -ERANGE. OP25B_PREFIX_A_PAD, as
 * nla_put_u64_64bit() puts it before the expiry, is skipped.
 */
int op25b_prefix_nest_parse_annot(const struct nlattr *nest,
				  struct op25b_prefix *p,
				  struct op25b_annot *a);

/* Fills *id from a CTRL_CMD_NEWFAMILY reply. */
int op25b_ipc_parse_family(const struct nlmsghdr *nlh, uint16_t *id);

/*
 * Decodes an NLMSG_ERROR message, or the errno and extended ACK that end a
 * failed dump in NLMSG_DONE: err->err becomes the positive errno (0 for an
 * ACK) and err->msg the NLMSGERR_ATTR_MSG text, or failing that the
 * NLMSGERR_ATTR_MISS_TYPE attribute number, or "". *offs is the
 * NLMSGERR_ATTR_OFFS offset into the request, or 0. err->op and
 * err->not_loaded are left alone.
 */
int op25b_ipc_parse_error(const struct nlmsghdr *nlh,
			  struct op25b_ipc_error *err, uint32_t *offs);

/*
 * Matching replies to requests (ipc-recv.c). The sender fills the first
 * part, sends, and feeds every datagram it receives to
 * op25b_exchange_feed() until that returns 0.
 */
struct op25b_exchange {
	uint32_t portid;
	/* the requests carry seq, seq + 1, ..., seq + count - 1 */
	uint32_t seq;
	uint32_t count;
	/* nlmsg_type of data replies: the family id */
	uint16_t type;
	/* a dump ends with NLMSG_DONE, not with an ACK */
	bool dump;
	/* called for each data reply; NULL when none is expected */
	int (*parse)(const struct nlmsghdr *nlh, void *out);
	void *out;
	/* the requests, to name the prefix an extended ACK points at */
	const void *sent;
	size_t sent_len;
	struct op25b_ipc_error *err;

	uint32_t acked;
	unsigned long replies;
	/* a dump message came with NLM_F_DUMP_INTR */
	bool interrupted;
	/* every ACK (or the dump's end) came, nothing is left to read */
	bool complete;
	/* 0, or the first failure as a negative errno, with *err filled */
	int result;
};

/*
 * Handles one datagram. Returns 1 while more is expected, 0 when the
 * exchange is over; x->result then says how it went. A kernel error in
 * one request of a batch waits for the other ACKs (x->complete tells);
 * a message that makes no sense stops at once. An interrupted dump ends
 * in -EINTR once it is drained.
 */
int op25b_exchange_feed(struct op25b_exchange *x, const void *buf,
			size_t len);

#endif /* OP25BCTL_IPC_H */
