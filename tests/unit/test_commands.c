// SPDX-License-Identifier: GPL-2.0
/* The command table and the global options in front of the command. */
#include <linux/op25b.h>

#include "harness.h"
#include "op25bctl.h"

static void command_find_known(void)
{
	static const char *const names[] = {
		"status", "apply", "save", "list", "add", "del", "flush",
		"set", "test", "stats", "export", "import", "version", "help",
	};
	const struct op25bctl_command *cmd;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		cmd = op25bctl_command_find(names[i]);
		EXPECT(cmd);
		EXPECT_STR(cmd->name, names[i]);
		EXPECT(cmd->fn);
		EXPECT(cmd->description && cmd->description[0]);
		EXPECT(cmd->args);
	}
}

static void command_find_unknown(void)
{
	EXPECT(!op25bctl_command_find("bogus"));
	EXPECT(!op25bctl_command_find(""));
	EXPECT(!op25bctl_command_find("-j"));
}

static void command_find_rejects_prefix(void)
{
	EXPECT(!op25bctl_command_find("s"));
	EXPECT(!op25bctl_command_find("stat"));
	EXPECT(!op25bctl_command_find("ver"));
	EXPECT(!op25bctl_command_find("statusx"));
	EXPECT(!op25bctl_command_find("STATUS"));
}

/* The usage is made from the table, so every entry must show in it. */
static void usage_lists_every_command(void)
{
	const struct op25bctl_command *cmd;
	char *buf = NULL, line[256];
	size_t len = 0;
	bool missing = false;
	int width = 0;
	FILE *f;

	for (cmd = op25bctl_commands; cmd->name; cmd++)
		if ((int)strlen(cmd->name) > width)
			width = strlen(cmd->name);

	f = open_memstream(&buf, &len);
	if (!f)
		FAIL("open_memstream failed");
	op25bctl_usage(f);
	fclose(f);
	for (cmd = op25bctl_commands; cmd->name && !missing; cmd++) {
		snprintf(line, sizeof(line), "  %-*s  %s\n", width,
			 cmd->name, cmd->description);
		missing = !strstr(buf, line);
	}
	free(buf);
	if (missing)
		FAIL("usage lacks the line %s",
		     unit_quote(line, strlen(line)));
}

static void command_usage_lines(void)
{
	EXPECT_OUTPUT("Usage: op25bctl [-j|--json] status\n",
		      op25bctl_command_usage(f, "status"));
	EXPECT_OUTPUT("Usage: op25bctl [-j|--json] apply [-c|--check] FILE|-\n",
		      op25bctl_command_usage(f, "apply"));
	EXPECT_OUTPUT("Usage: op25bctl [-j|--json] add dynamic|static|relay PREFIX... [pool|label NAME] [expires TIME]\n",
		      op25bctl_command_usage(f, "add"));
	EXPECT_OUTPUT("Usage: op25bctl [-j|--json] test SRC DST [PORT]\n",
		      op25bctl_command_usage(f, "test"));
}

static void names_round_trip(void)
{
	unsigned int i;

	for (i = 0; i <= OP25B_SET_MAX; i++)
		EXPECT_INT(op25b_set_lookup(op25b_set_name(i)), i);
	for (i = 0; i <= OP25B_MODE_MAX; i++)
		EXPECT_INT(op25b_mode_lookup(op25b_mode_name(i)), i);
	for (i = 0; i <= OP25B_ACTION_MAX; i++)
		EXPECT_INT(op25b_action_lookup(op25b_action_name(i)), i);
	for (i = 0; i < __OP25B_REASON_MAX; i++)
		EXPECT(op25b_reason_name(i));
	EXPECT(!op25b_set_name(OP25B_SET_MAX + 1));
	EXPECT(!op25b_mode_name(OP25B_MODE_MAX + 1));
	EXPECT(!op25b_action_name(OP25B_ACTION_MAX + 1));
	EXPECT(!op25b_reason_name(__OP25B_REASON_MAX));
	EXPECT(!op25b_verdict_name(__OP25B_VERDICT_MAX));
	EXPECT_INT(op25b_set_lookup("Dynamic"), -1);
	EXPECT_INT(op25b_mode_lookup(""), -1);
	EXPECT_STR(op25b_reason_name(OP25B_REASON_NOT_DYNAMIC), "not_dynamic");
}

static void join_arguments(void)
{
	char *argv[] = { "25", "587,", "2525", NULL };
	char *s = op25bctl_join(3, argv);

	EXPECT_STR(s, "25 587, 2525");
	free(s);
	s = op25bctl_join(0, argv);
	EXPECT_STR(s, "");
	free(s);
}

static void options_none(void)
{
	char *argv[] = { "op25bctl", "status", NULL };
	struct op25bctl_options opts = { .json = true };
	const char *bad = NULL;

	EXPECT_INT(op25bctl_parse_options(2, argv, &opts, &bad), 1);
	EXPECT(!opts.json);
}

static void options_json(void)
{
	char *argv1[] = { "op25bctl", "-j", "status", NULL };
	char *argv2[] = { "op25bctl", "--json", "version", NULL };
	struct op25bctl_options opts;
	const char *bad = NULL;

	EXPECT_INT(op25bctl_parse_options(3, argv1, &opts, &bad), 2);
	EXPECT(opts.json);
	EXPECT_INT(op25bctl_parse_options(3, argv2, &opts, &bad), 2);
	EXPECT(opts.json);
}

static void options_help(void)
{
	char *argv1[] = { "op25bctl", "-h", NULL };
	char *argv2[] = { "op25bctl", "-j", "--help", "status", NULL };
	struct op25bctl_options opts;
	const char *bad = NULL;

	EXPECT_INT(op25bctl_parse_options(2, argv1, &opts, &bad),
		   OP25BCTL_OPT_HELP);
	EXPECT_INT(op25bctl_parse_options(4, argv2, &opts, &bad),
		   OP25BCTL_OPT_HELP);
}

static void options_unknown(void)
{
	char *argv1[] = { "op25bctl", "-x", "status", NULL };
	char *argv2[] = { "op25bctl", "--jsonx", "status", NULL };
	struct op25bctl_options opts;
	const char *bad = NULL;

	EXPECT_INT(op25bctl_parse_options(3, argv1, &opts, &bad),
		   OP25BCTL_OPT_BAD);
	EXPECT_STR(bad, "-x");
	EXPECT_INT(op25bctl_parse_options(3, argv2, &opts, &bad),
		   OP25BCTL_OPT_BAD);
	EXPECT_STR(bad, "--jsonx");
}

/* Options after the command are the command's business. */
static void options_stop_at_command(void)
{
	char *argv[] = { "op25bctl", "status", "-j", NULL };
	struct op25bctl_options opts;
	const char *bad = NULL;

	EXPECT_INT(op25bctl_parse_options(3, argv, &opts, &bad), 1);
	EXPECT(!opts.json);
}

static void options_without_command(void)
{
	char *argv[] = { "op25bctl", "-j", NULL };
	struct op25bctl_options opts;
	const char *bad = NULL;

	EXPECT_INT(op25bctl_parse_options(2, argv, &opts, &bad), 2);
	EXPECT(opts.json);
}

static void options_double_dash(void)
{
	char *argv[] = { "op25bctl", "-j", "--", "-status", NULL };
	struct op25bctl_options opts;
	const char *bad = NULL;

	EXPECT_INT(op25bctl_parse_options(4, argv, &opts, &bad), 3);
	EXPECT(opts.json);
}

const struct unit_case command_cases[] = {
	UNIT_CASE(command_find_known),
	UNIT_CASE(command_find_unknown),
	UNIT_CASE(command_find_rejects_prefix),
	UNIT_CASE(usage_lists_every_command),
	UNIT_CASE(command_usage_lines),
	UNIT_CASE(names_round_trip),
	UNIT_CASE(join_arguments),
	UNIT_CASE(options_none),
	UNIT_CASE(options_json),
	UNIT_CASE(options_help),
	UNIT_CASE(options_unknown),
	UNIT_CASE(options_stop_at_command),
	UNIT_CASE(options_without_command),
	UNIT_CASE(options_double_dash),
	UNIT_END
};
