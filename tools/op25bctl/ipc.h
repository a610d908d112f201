/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Talking to the op25b generic netlink family. Nothing outside ipc.c knows
 * about sockets; commands get plain structs and a struct op25b_ipc_error
 * they can print or ignore (version does the latter).
 */
#ifndef OP25BCTL_IPC_H
#define OP25BCTL_IPC_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct nlmsghdr;

/* One connection to the op25b family, in the caller's network namespace. */
struct op25b_ipc;

/*
 * What went wrong, filled by every op25b_ipc_* call that fails. err is a
 * positive errno; op names the operation for the user; msg is the kernel's
 * extended ACK text (or our own explanation) and may be empty. not_loaded
 * means the family does not exist, which op25b_ipc_error_print() reports as
 * a missing module rather than as "No such file or directory".
 */
struct op25b_ipc_error {
	int err;
	bool not_loaded;
	const char *op;
	char msg[256];
};

/* Decoded OP25B_CMD_GET_STATUS reply. has_* say which attributes came. */
struct op25b_status {
	char version[32];
	uint32_t generation;
	bool has_version;
	bool has_generation;
};

/*
 * Opens a socket and resolves the family id (which autoloads the module).
 * Returns 0 and sets *ipcp, or a negative errno with *err filled.
 */
int op25b_ipc_open(struct op25b_ipc **ipcp, struct op25b_ipc_error *err);
void op25b_ipc_close(struct op25b_ipc *ipc);

/*
 * OP25B_CMD_GET_STATUS. Returns 0 with both fields of *st present, or a
 * negative errno with *err filled (an incomplete reply is -EBADMSG).
 */
int op25b_ipc_get_status(struct op25b_ipc *ipc, struct op25b_status *st,
			 struct op25b_ipc_error *err);

/*
 * Prints "op25bctl: OPERATION: <error>[: <message>]" to f (stderr, but for
 * tests), or the one "module is not loaded" line when err->not_loaded.
 */
void op25b_ipc_error_print(FILE *f, const struct op25b_ipc_error *err);

/* strerror() with the wording we want for errors users hit in practice. */
const char *op25b_ipc_strerror(int err);

/*
 * Message parsers, separate from the socket code so that they can be
 * tested on hand-built messages. They return 0 or a negative errno and
 * trust nlh->nlmsg_len (libmnl checked it against what was received).
 */

/*
 * Fills *st from an OP25B_CMD_GET_STATUS reply. Unknown attributes are
 * skipped; a known one of the wrong type or length, a version that does
 * not fit st->version, or trailing bytes that are no attribute fail.
 */
int op25b_status_parse(const struct nlmsghdr *nlh, struct op25b_status *st);

/* Fills *id from a CTRL_CMD_NEWFAMILY reply. */
int op25b_ipc_parse_family(const struct nlmsghdr *nlh, uint16_t *id);

/*
 * Decodes an NLMSG_ERROR message: err->err becomes the positive errno (0
 * for an ACK) and err->msg the NLMSGERR_ATTR_MSG text, or failing that
 * the NLMSGERR_ATTR_MISS_TYPE attribute number, or "". err->op and
 * err->not_loaded are left alone.
 */
int op25b_ipc_parse_error(const struct nlmsghdr *nlh,
			  struct op25b_ipc_error *err);

#endif /* OP25BCTL_IPC_H */
