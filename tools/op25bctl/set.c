// SPDX-License-Identifier: GPL-2.0
/*
 * op25bctl set: change the mode, the action, the enforced ports, the
 * cut-over instant or the logging, leaving the prefix sets alone. Several settings in one command change together,
 * in one request.
 */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "op25bctl.h"

static bool is_key(const char *s)
{
	return !strcmp(s, "mode") || !strcmp(s, "action") ||
	       !strcmp(s, "ports") || !strcmp(s, "enforce-at") ||
	       !strcmp(s, "log");
}

/* Parses the values of one key into s. Returns 0, or 1 after reporting. */
static int parse_setting(const char *key, char *values,
			 struct op25b_settings *s, struct op25b_diag *d)
{
	bool *has;
	int ret;

	if (!strcmp(key, "mode")) {
		has = &s->has_mode;
		ret = op25b_config_parse_mode(values, &s->mode, d);
	} else if (!strcmp(key, "action")) {
		has = &s->has_action;
		ret = op25b_config_parse_action(values, &s->action, d);
	} else if (!strcmp(key, "enforce-at")) {
		has = &s->has_enforce_at;
		ret = op25b_config_parse_enforce_at(values, &s->enforce_at, d);
	} else if (!strcmp(key, "log")) {
		has = &s->has_log;
		ret = op25b_config_parse_log(values, &s->log, &s->log_group, d);
	} else {
		has = &s->has_ports;
		ret = op25b_config_parse_ports(values, s->ports, &s->nports, d);
	}
	if (ret < 0)
		return 1;
	*has = true;
	return 0;
}

/*
 * "KEY VALUE... [KEY VALUE...]": a key's values run up to the next key,
 * so that "ports 25 587" reads like the policy file.
 */
static int parse_args(int argc, char *argv[], struct op25b_settings *s)
{
	struct op25bctl_arg_diag ad;
	int i = 1, j, bad = 0;
	const char *key;
	char *values;

	op25bctl_arg_diag_init(&ad, argv[0]);
	while (i < argc) {
		key = argv[i++];
		if (!is_key(key))
			return op25bctl_bad_usage(argv[0], "unknown setting '%s' (expected mode, action, ports, enforce-at or log)",
						  key);
		for (j = i; j < argc && !is_key(argv[j]); j++)
			;
		if ((!strcmp(key, "mode") && s->has_mode) ||
		    (!strcmp(key, "action") && s->has_action) ||
		    (!strcmp(key, "ports") && s->has_ports) ||
		    (!strcmp(key, "enforce-at") && s->has_enforce_at) ||
		    (!strcmp(key, "log") && s->has_log))
			return op25bctl_bad_usage(argv[0], "%s given twice",
						  key);
		values = op25bctl_join(j - i, argv + i);
		if (!values)
			return 1;
		bad |= parse_setting(key, values, s, &ad.d);
		free(values);
		i = j;
	}
	return bad;
}

int set_main(int argc, char *argv[], const struct op25bctl_options *opts)
{
	struct op25b_settings s = { 0 };
	struct op25b_ipc_error err;
	struct op25b_ipc *ipc;
	int ret;

	(void)opts;
	if (op25bctl_help(argc, argv) == 0)
		return 0;
	if (argc < 2)
		return op25bctl_bad_usage(argv[0], "nothing to set");
	if (parse_args(argc, argv, &s))
		return 1;
	if (op25bctl_connect(&ipc))
		return 1;
	ret = op25b_ipc_set_policy(ipc, &s, &err);
	op25b_ipc_close(ipc);
	if (ret < 0) {
		op25b_ipc_error_print(stderr, &err);
		return 1;
	}
	return 0;
}
