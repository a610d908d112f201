// SPDX-License-Identifier: GPL-2.0
/*
 * op25b: Outbound Port 25 Blocking for Linux routers.
 *
 * Module init and exit only; each concern lives in its own file.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <net/genetlink.h>
#include <uapi/linux/op25b.h>

#include "op25b.h"
#include "version.h"

static int __init op25b_init(void)
{
	int ret;

	/* The workqueue that frees old policies, before any policy exists. */
	ret = op25b_policy_init();
	if (ret)
		goto err_policy;

	ret = op25b_top_init();
	if (ret)
		goto err_top;

	/* Per-namespace state and hooks next: netlink handlers use them. */
	ret = op25b_netns_init();
	if (ret)
		goto err_netns;

	ret = op25b_txn_init();
	if (ret)
		goto err_txn;

	ret = op25b_genl_init();
	if (ret)
		goto err_genl;

	pr_info("version " OP25B_VERSION " loaded\n");
	return 0;

err_genl:
	op25b_txn_uninit();
err_txn:
	op25b_netns_uninit();
err_netns:
	op25b_top_uninit();
err_top:
	op25b_policy_uninit();
err_policy:
	return ret;
}

static void __exit op25b_exit(void)
{
	op25b_genl_uninit();
	op25b_txn_uninit();
	op25b_netns_uninit();
	op25b_log_uninit();
	op25b_top_uninit();
	op25b_policy_uninit();
}

module_init(op25b_init);
module_exit(op25b_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("op25b developers");
MODULE_DESCRIPTION("Outbound Port 25 Blocking (OP25B) for forwarded SMTP");
MODULE_VERSION(OP25B_VERSION);
MODULE_ALIAS_GENL_FAMILY(OP25B_GENL_NAME);
