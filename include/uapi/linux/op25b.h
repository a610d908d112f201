/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * op25b: Outbound Port 25 Blocking for Linux routers.
 *
 * Generic netlink API
 * ===================
 *
 * Family name: OP25B_GENL_NAME ("op25b"), version OP25B_GENL_VERSION.
 * The family is per network namespace: every request acts on the policy of
 * the namespace of the socket that sends it. Sending the first request
 * (CTRL_CMD_GETFAMILY for "op25b") autoloads the module through its
 * "net-pf-16-proto-16-family-op25b" alias.
 *
 * The policy
 * ----------
 *
 * Each namespace has one policy: a mode (enum op25b_mode), an action (enum
 * op25b_action), up to OP25B_PORTS_MAX enforced TCP destination ports and
 * three prefix sets (enum op25b_set), each holding IPv4 and IPv6 prefixes.
 * A TCP segment is blocked when its destination port is enforced, its
 * source is in OP25B_SET_DYNAMIC and not in OP25B_SET_STATIC, and its
 * destination is not in OP25B_SET_RELAY. A new namespace starts with empty
 * sets, mode enforce, action drop and port 25.
 *
 * Every change to the policy is atomic: a packet sees the policy before it
 * or after it, never a mix, and a request that fails changes nothing. Each
 * change increases the namespace's generation by one.
 *
 * Prefixes
 * --------
 *
 * A prefix is a nest (OP25B_A_PREFIX, or OP25B_A_TEST_* in TEST replies)
 * holding exactly one of OP25B_PREFIX_A_IPV4 (4 bytes) or
 * OP25B_PREFIX_A_IPV6 (16 bytes), network byte order, and
 * OP25B_PREFIX_A_LEN (u8, 0-32 or 0-128). Host bits must be zero. A list of
 * prefixes is the nest OP25B_A_PREFIXES holding any number of
 * OP25B_A_PREFIX nests.
 *
 * A prefix in a set may carry two annotations, given when it is added and
 * returned wherever the kernel names it (GET_PREFIXES, TEST, GET_TOP):
 *
 *	OP25B_PREFIX_A_LABEL: a name for it, such as the access service of
 *	a dynamic pool: 1 to OP25B_LABEL_MAX - 1 characters out of
 *	A-Z a-z 0-9 and . _ - : / @ +, NUL-terminated.
 *	OP25B_PREFIX_A_EXPIRES: the instant (u64, seconds since the epoch,
 *	UTC, 1 to OP25B_TIME_MAX) from which the prefix is no longer in
 *	its set. The kernel removes it by its own real-time clock, within
 *	about a second, as one more policy change (the generation grows),
 *	whether or not any request comes: a temporary opt-out in static
 *	stops exempting on its own. An instant already past removes the
 *	prefix at once.
 *
 * Annotations cost OP25B_A_MEMORY 64 bytes per annotated prefix and nothing
 * for the others. DEL_PREFIXES, TEST and FLUSH take none.
 *
 * Commands
 * --------
 *
 * Requests are NLM_F_REQUEST, optionally with NLM_F_ACK; dumps add
 * NLM_F_DUMP. Read commands need no privilege; commands marked (admin)
 * need CAP_NET_ADMIN in the user namespace owning the network namespace,
 * else -EPERM.
 *
 * OP25B_CMD_GET_STATUS
 *	No attributes. Reply: OP25B_A_VERSION, OP25B_A_GENERATION,
 *	OP25B_A_MODE, OP25B_A_ACTION, OP25B_A_PORTS, OP25B_A_COUNTS,
 *	OP25B_A_MEMORY, OP25B_A_ENFORCE_AT, OP25B_A_EFFECTIVE_MODE,
 *	OP25B_A_LOG, OP25B_A_LOG_GROUP.
 *
 * OP25B_CMD_SET_POLICY (admin)
 *	Any of OP25B_A_MODE, OP25B_A_ACTION, OP25B_A_PORTS,
 *	OP25B_A_ENFORCE_AT, OP25B_A_LOG (with OP25B_A_LOG_GROUP for
 *	nflog); at least one. Ports are stored sorted, a repeated port once.
 *
 *	The cut-over: a policy in mode monitor with a non-zero
 *	OP25B_A_ENFORCE_AT (seconds since the Unix epoch, UTC) enforces
 *	from that instant of the kernel's real-time clock on, without any
 *	further request; OP25B_A_EFFECTIVE_MODE says which mode applies
 *	now. A mode off or enforce is not changed by it. 0 clears it.
 *
 *	Logging (OP25B_A_LOG, enum op25b_log): for each connection attempt
 *	(a SYN without ACK) that is blocked, or would be in monitor, a
 *	rate-limited kernel log line, or an NFLOG message to the group
 *	OP25B_A_LOG_GROUP (nfnetlink_log, loaded on demand). The rate
 *	limit applies to the log, never to the verdict.
 *
 * OP25B_CMD_ADD_PREFIXES, OP25B_CMD_DEL_PREFIXES (admin)
 *	OP25B_A_SET and OP25B_A_PREFIXES. All or nothing: adding a prefix
 *	already in the set fails with -EEXIST, deleting one that is not
 *	there with -ENOENT, and the extended ACK points at that prefix.
 *	A prefix repeated within one ADD is stored once; repeated with
 *	different annotations, the request fails with -EINVAL. To change a
 *	prefix's annotations, delete it and add it again (or replace the
 *	policy in a transaction). With OP25B_A_TXN the prefixes go to the
 *	transaction staged by this socket instead (no -EEXIST there; DEL is
 *	not allowed in a transaction; differing annotations of one prefix
 *	fail the COMMIT).
 *
 * OP25B_CMD_FLUSH (admin)
 *	Empties OP25B_A_SET, or every set without it. Mode, action and
 *	ports are kept.
 *
 * OP25B_CMD_GET_PREFIXES (dump)
 *	Optional OP25B_A_SET to dump one set. Each message holds
 *	OP25B_A_GENERATION (of the policy it was read from), OP25B_A_SET
 *	and OP25B_A_PREFIXES; sets come in enum order, IPv4 before IPv6,
 *	each sorted by address then length. A policy change during the
 *	dump sets NLM_F_DUMP_INTR on the next message, which may be the
 *	closing NLMSG_DONE: the client must start again.
 *
 * OP25B_CMD_TEST
 *	OP25B_A_TEST_SRC and OP25B_A_TEST_DST (prefix nests of full length,
 *	same family), optional OP25B_A_TEST_PORT (default 25). The kernel
 *	classifies the segment with the packet path's own code. Reply:
 *	OP25B_A_TEST_VERDICT, OP25B_A_TEST_REASON, OP25B_A_MODE,
 *	OP25B_A_EFFECTIVE_MODE (the verdict follows it) and, for
 *	each set the address is in, the longest matching prefix in
 *	OP25B_A_TEST_DYNAMIC / _STATIC (for the source) and
 *	OP25B_A_TEST_RELAY (for the destination), whatever the reason.
 *	OP25B_A_TEST_PORT, like every port, is 1-65535.
 *
 * OP25B_CMD_GET_STATS
 *	No attributes. Reply: OP25B_A_STATS_IPV4 and OP25B_A_STATS_IPV6,
 *	nests of enum op25b_stats_attr counters (u64) summed over all CPUs.
 *
 * OP25B_CMD_TXN_BEGIN (admin)
 *	Starts replacing the whole policy. Optional OP25B_A_MODE,
 *	OP25B_A_ACTION, OP25B_A_PORTS, OP25B_A_ENFORCE_AT, OP25B_A_LOG,
 *	OP25B_A_LOG_GROUP (defaults as in a new namespace).
 *	The transaction belongs to the sending socket; one per socket
 *	(a second BEGIN fails with -EBUSY). Prefixes are then sent in as
 *	many ADD_PREFIXES messages with OP25B_A_TXN as needed. Any error
 *	in such an ADD (a bad prefix, -ENOSPC, -ENOMEM, a DEL with
 *	OP25B_A_TXN) drops the whole transaction: what follows, ABORT
 *	included, gets -ENOENT. The generic netlink core refuses some
 *	requests before op25b sees them (a top-level attribute that is
 *	unknown or of the wrong type or length, no memory to parse the
 *	request): those leave the transaction open without the chunk.
 *	Messages are processed in order, so a client must read every ACK
 *	before it sends COMMIT, and abort after any error.
 * OP25B_CMD_TXN_COMMIT (admin)
 *	Replaces the policy with the staged one in one step.
 * OP25B_CMD_TXN_ABORT (admin)
 *	Drops the staged policy. Closing the socket does the same.
 *
 * OP25B_CMD_GET_TOP (dump)
 *	No attributes. The sources that sent TCP segments the policy
 *	blocked or would block (monitor), busiest first: one OP25B_A_TOP
 *	nest (enum op25b_top_attr) per source, as many per message as fit.
 *	The kernel keeps at most the top_entries module parameter of them
 *	per namespace (read when the namespace is created), evicting the
 *	least recently seen. The list is a snapshot taken when the dump
 *	starts. OP25B_TOP_A_DYNAMIC, the longest prefix of the dynamic set
 *	holding the source (with its label), is looked up in the policy
 *	in force when the message is filled; absent when none holds it
 *	any more.
 *
 * OP25B_CMD_CLEAR_TOP (admin)
 *	No attributes. Forgets every source of the list above.
 *
 * Errors
 * ------
 *
 * Errors come back as an NLMSG_ERROR message with a negative errno. When the
 * kernel can say more, the error carries an extended ACK (NLMSGERR_ATTR_MSG,
 * and NLMSGERR_ATTR_OFFS pointing at the offending attribute); op25bctl
 * prints that text. Unknown attributes and attributes of the wrong type or
 * length fail with -EINVAL or -ERANGE before any state is touched. A set
 * that would grow past the module's max_prefixes parameter fails with
 * -ENOSPC.
 *
 * Compatibility
 * -------------
 *
 * Enums below only ever grow at their end; numbers are never reused.
 * Userspace should ignore attributes it does not know in replies.
 */
#ifndef _UAPI_LINUX_OP25B_H
#define _UAPI_LINUX_OP25B_H

#define OP25B_GENL_NAME		"op25b"
#define OP25B_GENL_VERSION	1

/* Most TCP destination ports one policy enforces. */
#define OP25B_PORTS_MAX		16

enum op25b_cmd {
	OP25B_CMD_UNSPEC,
	OP25B_CMD_GET_STATUS,
	OP25B_CMD_SET_POLICY,
	OP25B_CMD_ADD_PREFIXES,
	OP25B_CMD_DEL_PREFIXES,
	OP25B_CMD_FLUSH,
	OP25B_CMD_GET_PREFIXES,
	OP25B_CMD_TEST,
	OP25B_CMD_GET_STATS,
	OP25B_CMD_TXN_BEGIN,
	OP25B_CMD_TXN_COMMIT,
	OP25B_CMD_TXN_ABORT,
	OP25B_CMD_GET_TOP,
	OP25B_CMD_CLEAR_TOP,

	__OP25B_CMD_MAX
};

#define OP25B_CMD_MAX (__OP25B_CMD_MAX - 1)

enum op25b_mode {
	OP25B_MODE_OFF,		/* nothing inspected */
	OP25B_MODE_MONITOR,	/* verdicts counted, every packet accepted */
	OP25B_MODE_ENFORCE,	/* blocked segments dropped or rejected */

	__OP25B_MODE_MAX
};

#define OP25B_MODE_MAX (__OP25B_MODE_MAX - 1)

enum op25b_action {
	OP25B_ACTION_DROP,	/* silently dropped */
	OP25B_ACTION_REJECT,	/* dropped, and a TCP RST sent to the source */

	__OP25B_ACTION_MAX
};

#define OP25B_ACTION_MAX (__OP25B_ACTION_MAX - 1)

enum op25b_log {
	OP25B_LOG_OFF,		/* no log */
	OP25B_LOG_KERNEL,	/* a rate-limited kernel log line */
	OP25B_LOG_NFLOG,	/* an NFLOG message to OP25B_A_LOG_GROUP */

	__OP25B_LOG_MAX
};

#define OP25B_LOG_MAX (__OP25B_LOG_MAX - 1)

/*
 * Last second OP25B_A_ENFORCE_AT and OP25B_PREFIX_A_EXPIRES accept:
 * 9999-12-31T23:59:59Z.
 */
#define OP25B_TIME_MAX		253402300799ULL
#define OP25B_ENFORCE_AT_MAX	OP25B_TIME_MAX

/* Size of the longest OP25B_PREFIX_A_LABEL, its NUL included. */
#define OP25B_LABEL_MAX		32

enum op25b_set {
	OP25B_SET_DYNAMIC,	/* subscriber pools: sources that are blocked */
	OP25B_SET_STATIC,	/* sources exempt even inside a dynamic pool */
	OP25B_SET_RELAY,	/* destinations anyone may reach */

	__OP25B_SET_MAX
};

#define OP25B_SET_MAX (__OP25B_SET_MAX - 1)

enum op25b_verdict {
	OP25B_VERDICT_ALLOWED,
	OP25B_VERDICT_BLOCKED,

	__OP25B_VERDICT_MAX
};

/* Why TEST (and the packet path) decided as it did. */
enum op25b_reason {
	OP25B_REASON_OFF,		/* mode off: not inspected */
	OP25B_REASON_PORT,		/* destination port not enforced */
	OP25B_REASON_NOT_DYNAMIC,	/* source not in dynamic */
	OP25B_REASON_STATIC,		/* source in dynamic and in static */
	OP25B_REASON_RELAY,		/* destination in relay */
	OP25B_REASON_BLOCKED,		/* blocked (or would be, in monitor) */

	__OP25B_REASON_MAX
};

enum op25b_attr {
	OP25B_A_UNSPEC,
	OP25B_A_VERSION,	/* NUL string */
	OP25B_A_GENERATION,	/* u32 */
	OP25B_A_MODE,		/* u8, enum op25b_mode */
	OP25B_A_ACTION,		/* u8, enum op25b_action */
	OP25B_A_PORTS,		/* nest of 1-16 OP25B_A_PORT */
	OP25B_A_PORT,		/* u16, 1-65535, host byte order */
	OP25B_A_SET,		/* u8, enum op25b_set */
	OP25B_A_PREFIXES,	/* nest of OP25B_A_PREFIX */
	OP25B_A_PREFIX,		/* nest, enum op25b_prefix_attr */
	OP25B_A_TXN,		/* flag: target the staged transaction */
	OP25B_A_COUNTS,		/* nest of OP25B_A_COUNT */
	OP25B_A_COUNT,		/* nest, enum op25b_count_attr */
	OP25B_A_MEMORY,		/* u64, bytes used by the policy */
	OP25B_A_TEST_SRC,	/* nest, prefix of full length */
	OP25B_A_TEST_DST,	/* nest, prefix of full length */
	OP25B_A_TEST_PORT,	/* u16 */
	OP25B_A_TEST_VERDICT,	/* u8, enum op25b_verdict */
	OP25B_A_TEST_REASON,	/* u8, enum op25b_reason */
	OP25B_A_TEST_DYNAMIC,	/* nest, prefix: source's match in dynamic */
	OP25B_A_TEST_STATIC,	/* nest, prefix: source's match in static */
	OP25B_A_TEST_RELAY,	/* nest, prefix: destination's match in relay */
	OP25B_A_STATS_IPV4,	/* nest, enum op25b_stats_attr */
	OP25B_A_STATS_IPV6,	/* nest, enum op25b_stats_attr */
	OP25B_A_PAD,
	OP25B_A_ENFORCE_AT,	/* u64, seconds since the epoch; 0: none */
	OP25B_A_EFFECTIVE_MODE,	/* u8, enum op25b_mode in force now */
	OP25B_A_LOG,		/* u8, enum op25b_log */
	OP25B_A_LOG_GROUP,	/* u16, NFLOG group */
	OP25B_A_TOP,		/* nest, enum op25b_top_attr */

	__OP25B_A_LAST
};

#define OP25B_A_MAX (__OP25B_A_LAST - 1)

enum op25b_prefix_attr {
	OP25B_PREFIX_A_UNSPEC,
	OP25B_PREFIX_A_IPV4,	/* 4 bytes, network byte order */
	OP25B_PREFIX_A_IPV6,	/* 16 bytes, network byte order */
	OP25B_PREFIX_A_LEN,	/* u8 */
	OP25B_PREFIX_A_LABEL,	/* NUL string, see "Prefixes" */
	OP25B_PREFIX_A_EXPIRES,	/* u64, seconds since the epoch */
	OP25B_PREFIX_A_PAD,

	__OP25B_PREFIX_A_LAST
};

#define OP25B_PREFIX_A_MAX (__OP25B_PREFIX_A_LAST - 1)

/* One per set and family in GET_STATUS. */
enum op25b_count_attr {
	OP25B_COUNT_A_UNSPEC,
	OP25B_COUNT_A_SET,	/* u8, enum op25b_set */
	OP25B_COUNT_A_FAMILY,	/* u8, AF_INET or AF_INET6 */
	OP25B_COUNT_A_PREFIXES,	/* u32 */

	__OP25B_COUNT_A_LAST
};

#define OP25B_COUNT_A_MAX (__OP25B_COUNT_A_LAST - 1)

/* Counters of TCP segments, per family. */
enum op25b_stats_attr {
	OP25B_STATS_A_UNSPEC,
	OP25B_STATS_A_PAD,
	OP25B_STATS_A_INSPECTED,	/* to an enforced port, mode not off */
	OP25B_STATS_A_BLOCKED,		/* dropped or rejected */
	OP25B_STATS_A_MONITORED,	/* would have been blocked (monitor) */
	OP25B_STATS_A_EXEMPT_STATIC,	/* source in dynamic and in static */
	OP25B_STATS_A_EXEMPT_RELAY,	/* blocked source, relay destination */
	OP25B_STATS_A_NOT_DYNAMIC,	/* source not in dynamic */

	__OP25B_STATS_A_LAST
};

#define OP25B_STATS_A_MAX (__OP25B_STATS_A_LAST - 1)

/* One source in a GET_TOP dump. Times: seconds since the epoch, UTC. */
enum op25b_top_attr {
	OP25B_TOP_A_UNSPEC,
	OP25B_TOP_A_PAD,
	OP25B_TOP_A_SRC,	/* nest, prefix of full length */
	OP25B_TOP_A_PACKETS,	/* u64, segments blocked or monitored */
	OP25B_TOP_A_DESTINATIONS, /* u32, distinct: exact to 4, then estimated */
	OP25B_TOP_A_FIRST_SEEN,	/* u64 */
	OP25B_TOP_A_LAST_SEEN,	/* u64 */
	OP25B_TOP_A_DYNAMIC,	/* nest, prefix: its longest match in dynamic */

	__OP25B_TOP_A_LAST
};

#define OP25B_TOP_A_MAX (__OP25B_TOP_A_LAST - 1)

#endif /* _UAPI_LINUX_OP25B_H */
