// SPDX-License-Identifier: GPL-2.0
/* The command table and the global options in front of the command. */
#include "harness.h"
#include "op25bctl.h"

static void command_find_known(void)
{
	static const char *const names[] = { "status", "version", "help" };
	const struct op25bctl_command *cmd;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		cmd = op25bctl_command_find(names[i]);
		EXPECT(cmd);
		EXPECT_STR(cmd->name, names[i]);
		EXPECT(cmd->fn);
		EXPECT(cmd->description && cmd->description[0]);
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
	UNIT_CASE(options_none),
	UNIT_CASE(options_json),
	UNIT_CASE(options_help),
	UNIT_CASE(options_unknown),
	UNIT_CASE(options_stop_at_command),
	UNIT_CASE(options_without_command),
	UNIT_CASE(options_double_dash),
	UNIT_END
};
