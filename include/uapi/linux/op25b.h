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
 * Commands
 * --------
 *
 * OP25B_CMD_GET_STATUS
 *	Request flags: NLM_F_REQUEST (NLM_F_ACK optional). No attributes;
 *	any attribute in the request is rejected with -EINVAL (strict
 *	validation). Needs no privilege.
 *	Reply: one message with command OP25B_CMD_GET_STATUS carrying:
 *
 *	OP25B_A_VERSION:	NLA_NUL_STRING, the module version, e.g. "0.1.0"
 *	OP25B_A_GENERATION:	NLA_U32, the policy generation of this
 *				namespace. It starts at 0 when the namespace
 *				is created and increases by one for every
 *				change to the policy, so two equal readings
 *				mean nothing changed in between.
 *
 * Errors
 * ------
 *
 * Errors come back as an NLMSG_ERROR message with a negative errno. When the
 * kernel can say more, the error carries an extended ACK (NLMSGERR_ATTR_MSG,
 * and NLMSGERR_ATTR_OFFS pointing at the offending attribute); op25bctl
 * prints that text. Unknown attributes and attributes of the wrong type or
 * length fail with -EINVAL or -ERANGE before any state is touched. Commands
 * that change the policy need CAP_NET_ADMIN in the user namespace that owns
 * the network namespace, else -EPERM.
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

enum op25b_cmd {
	OP25B_CMD_UNSPEC,
	OP25B_CMD_GET_STATUS,

	__OP25B_CMD_MAX
};

#define OP25B_CMD_MAX (__OP25B_CMD_MAX - 1)

enum op25b_attr {
	OP25B_A_UNSPEC,
	OP25B_A_VERSION,
	OP25B_A_GENERATION,

	__OP25B_A_LAST
};

#define OP25B_A_MAX (__OP25B_A_LAST - 1)

#endif /* _UAPI_LINUX_OP25B_H */
