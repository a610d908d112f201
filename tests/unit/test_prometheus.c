// SPDX-License-Identifier: GPL-2.0
/*
 * stats --prometheus: the exposition text byte for byte, what is left out
 * when the module did not say, and the atomic replacement of -o FILE.
 */
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "op25bctl.h"
#include "outfile.h"

static struct op25b_stats sample_stats(void)
{
	struct op25b_stats s;
	unsigned int i;

	for (i = 0; i < OP25B_STAT_COUNT; i++) {
		s.v[0][i] = 10 * (i + 1);
		s.v[1][i] = i + 1;
	}
	/* Past 2^53: printed as an integer, never in floating point. */
	s.v[0][OP25B_STAT_NOT_DYNAMIC] = 18446744073709551615ull;
	return s;
}

static const char counters_text[] =
	"# HELP op25b_segments_inspected_total TCP segments to an enforced port while the mode is not off.\n"
	"# TYPE op25b_segments_inspected_total counter\n"
	"op25b_segments_inspected_total{family=\"ipv4\"} 10\n"
	"op25b_segments_inspected_total{family=\"ipv6\"} 1\n"
	"# HELP op25b_segments_blocked_total TCP segments dropped or rejected.\n"
	"# TYPE op25b_segments_blocked_total counter\n"
	"op25b_segments_blocked_total{family=\"ipv4\"} 20\n"
	"op25b_segments_blocked_total{family=\"ipv6\"} 2\n"
	"# HELP op25b_segments_monitored_total TCP segments that would have been blocked, in monitor mode.\n"
	"# TYPE op25b_segments_monitored_total counter\n"
	"op25b_segments_monitored_total{family=\"ipv4\"} 30\n"
	"op25b_segments_monitored_total{family=\"ipv6\"} 3\n"
	"# HELP op25b_segments_exempt_static_total TCP segments from a dynamic source that is also in the static set.\n"
	"# TYPE op25b_segments_exempt_static_total counter\n"
	"op25b_segments_exempt_static_total{family=\"ipv4\"} 40\n"
	"op25b_segments_exempt_static_total{family=\"ipv6\"} 4\n"
	"# HELP op25b_segments_exempt_relay_total TCP segments from a blocked source to a relay.\n"
	"# TYPE op25b_segments_exempt_relay_total counter\n"
	"op25b_segments_exempt_relay_total{family=\"ipv4\"} 50\n"
	"op25b_segments_exempt_relay_total{family=\"ipv6\"} 5\n"
	"# HELP op25b_segments_not_dynamic_total TCP segments from a source outside the dynamic set.\n"
	"# TYPE op25b_segments_not_dynamic_total counter\n"
	"op25b_segments_not_dynamic_total{family=\"ipv4\"} 18446744073709551615\n"
	"op25b_segments_not_dynamic_total{family=\"ipv6\"} 6\n";

static void prometheus_full(void)
{
	struct op25b_stats s = sample_stats();
	struct op25b_status st = {
		.version = "0.1.0", .generation = 7,
		.mode = OP25B_MODE_MONITOR, .action = OP25B_ACTION_REJECT,
		.nports = 2, .ports = { 25, 2525 },
		.counts = { { 2, 1 }, { 3, 0 }, { 0, 4 } },
		.memory = 12345,
		.effective_mode = OP25B_MODE_ENFORCE, .enforce_at = 1780279200,
		.has_version = true, .has_generation = true, .has_mode = true,
		.has_action = true, .has_ports = true, .has_counts = true,
		.has_memory = true, .has_effective_mode = true,
		.has_enforce_at = true,
	};
	char want[8192];

	snprintf(want, sizeof(want), "%s%s", counters_text,
		 "# HELP op25b_info The loaded op25b module; the value is always 1.\n"
		 "# TYPE op25b_info gauge\n"
		 "op25b_info{version=\"0.1.0\"} 1\n"
		 "# HELP op25b_mode The policy's mode: 1 for the one in force.\n"
		 "# TYPE op25b_mode gauge\n"
		 "op25b_mode{mode=\"off\"} 0\n"
		 "op25b_mode{mode=\"monitor\"} 1\n"
		 "op25b_mode{mode=\"enforce\"} 0\n"
		 "# HELP op25b_effective_mode The mode in force now (monitor turns enforce at enforce-at): 1 for it.\n"
		 "# TYPE op25b_effective_mode gauge\n"
		 "op25b_effective_mode{mode=\"off\"} 0\n"
		 "op25b_effective_mode{mode=\"monitor\"} 0\n"
		 "op25b_effective_mode{mode=\"enforce\"} 1\n"
		 "# HELP op25b_enforce_at_timestamp_seconds When a monitor policy starts enforcing, in seconds since the epoch; 0 for never.\n"
		 "# TYPE op25b_enforce_at_timestamp_seconds gauge\n"
		 "op25b_enforce_at_timestamp_seconds 1780279200\n"
		 "# HELP op25b_action The policy's action: 1 for the one in force.\n"
		 "# TYPE op25b_action gauge\n"
		 "op25b_action{action=\"drop\"} 0\n"
		 "op25b_action{action=\"reject\"} 1\n"
		 "# HELP op25b_port_enforced TCP destination ports the policy enforces.\n"
		 "# TYPE op25b_port_enforced gauge\n"
		 "op25b_port_enforced{port=\"25\"} 1\n"
		 "op25b_port_enforced{port=\"2525\"} 1\n"
		 "# HELP op25b_set_prefixes Prefixes in each set of the policy.\n"
		 "# TYPE op25b_set_prefixes gauge\n"
		 "op25b_set_prefixes{set=\"dynamic\",family=\"ipv4\"} 2\n"
		 "op25b_set_prefixes{set=\"dynamic\",family=\"ipv6\"} 1\n"
		 "op25b_set_prefixes{set=\"static\",family=\"ipv4\"} 3\n"
		 "op25b_set_prefixes{set=\"static\",family=\"ipv6\"} 0\n"
		 "op25b_set_prefixes{set=\"relay\",family=\"ipv4\"} 0\n"
		 "op25b_set_prefixes{set=\"relay\",family=\"ipv6\"} 4\n"
		 "# HELP op25b_policy_memory_bytes Kernel memory the policy takes.\n"
		 "# TYPE op25b_policy_memory_bytes gauge\n"
		 "op25b_policy_memory_bytes 12345\n"
		 "# HELP op25b_policy_generation Goes up by one with every change to the policy.\n"
		 "# TYPE op25b_policy_generation gauge\n"
		 "op25b_policy_generation 7\n");
	EXPECT_OUTPUT(want, op25bctl_stats_prometheus(f, &s, &st));
}

/* What the module did not report is left out, not made up. */
static void prometheus_partial_status(void)
{
	struct op25b_stats s = sample_stats();
	struct op25b_status st = { .generation = 3, .has_generation = true };
	char want[8192];

	snprintf(want, sizeof(want), "%s%s", counters_text,
		 "# HELP op25b_policy_generation Goes up by one with every change to the policy.\n"
		 "# TYPE op25b_policy_generation gauge\n"
		 "op25b_policy_generation 3\n");
	EXPECT_OUTPUT(want, op25bctl_stats_prometheus(f, &s, &st));
}

/* A mode a newer module has and this op25bctl does not. */
static void prometheus_unknown_mode(void)
{
	struct op25b_stats s = sample_stats();
	struct op25b_status st = { .mode = 9, .has_mode = true };
	char want[8192];

	snprintf(want, sizeof(want), "%s%s", counters_text,
		 "# HELP op25b_mode The policy's mode: 1 for the one in force.\n"
		 "# TYPE op25b_mode gauge\n"
		 "op25b_mode{mode=\"off\"} 0\n"
		 "op25b_mode{mode=\"monitor\"} 0\n"
		 "op25b_mode{mode=\"enforce\"} 0\n"
		 "op25b_mode{mode=\"unknown(9)\"} 1\n");
	EXPECT_OUTPUT(want, op25bctl_stats_prometheus(f, &s, &st));
}

/* outfile reports to stderr; keep the test log to the test lines. */
static int quiet_begin(void)
{
	int saved = dup(STDERR_FILENO), null = open("/dev/null", O_WRONLY);

	fflush(stderr);
	dup2(null, STDERR_FILENO);
	close(null);
	return saved;
}

static void quiet_end(int saved)
{
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
}

static int not_dots(const struct dirent *e)
{
	return strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
}

/* Entries of dir other than . and .., sorted, joined by spaces. */
static const char *dir_entries(const char *dir)
{
	static char names[1024];
	struct dirent **v;
	size_t len = 0;
	int i, n = scandir(dir, &v, not_dots, alphasort);

	names[0] = '\0';
	for (i = 0; i < n; i++) {
		len += snprintf(names + len, sizeof(names) - len, "%s%s",
				len ? " " : "", v[i]->d_name);
		free(v[i]);
	}
	if (n >= 0)
		free(v);
	return names;
}

static const char *file_text(const char *path)
{
	static char text[256];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	text[0] = '\0';
	if (fd < 0)
		return "(missing)";
	n = read(fd, text, sizeof(text) - 1);
	text[n > 0 ? n : 0] = '\0';
	close(fd);
	return text;
}

static void outfile_replaces(void)
{
	char dir[] = "/tmp/op25b-unit-XXXXXX", path[64], sub[64];
	struct op25b_outfile o;
	struct stat sb;
	int saved, ret;

	if (!mkdtemp(dir))
		FAIL("mkdtemp failed");
	snprintf(path, sizeof(path), "%s/op25b.prom", dir);
	EXPECT_INT(op25b_outfile_open(&o, path), 0);
	fputs("old\n", o.f);
	EXPECT_INT(op25b_outfile_commit(&o), 0);

	/* Until the commit, the old file is what a reader sees. */
	EXPECT_INT(op25b_outfile_open(&o, path), 0);
	fputs("new\n", o.f);
	fflush(o.f);
	EXPECT_STR(file_text(path), "old\n");
	EXPECT_INT(op25b_outfile_commit(&o), 0);
	EXPECT_STR(file_text(path), "new\n");
	EXPECT_STR(dir_entries(dir), "op25b.prom");
	EXPECT_INT(stat(path, &sb), 0);
	EXPECT_INT(sb.st_mode & 07777, 0644);

	/* Abort leaves the old file and no temporary. */
	EXPECT_INT(op25b_outfile_open(&o, path), 0);
	fputs("dropped\n", o.f);
	op25b_outfile_abort(&o);
	EXPECT_STR(file_text(path), "new\n");
	EXPECT_STR(dir_entries(dir), "op25b.prom");

	/* A rename that fails (onto a directory) leaves no temporary. */
	snprintf(sub, sizeof(sub), "%s/d", dir);
	EXPECT_INT(mkdir(sub, 0755), 0);
	saved = quiet_begin();
	ret = op25b_outfile_open(&o, sub);
	if (!ret) {
		fputs("x\n", o.f);
		ret = op25b_outfile_commit(&o);
	}
	quiet_end(saved);
	EXPECT_INT(ret, -1);
	EXPECT_STR(dir_entries(dir), "d op25b.prom");
	EXPECT_INT(rmdir(sub), 0);
	EXPECT_INT(unlink(path), 0);
	EXPECT_INT(rmdir(dir), 0);
}

static void outfile_missing_dir(void)
{
	struct op25b_outfile o;
	int saved, ret;

	saved = quiet_begin();
	ret = op25b_outfile_open(&o, "/nonexistent-op25b-dir/op25b.prom");
	quiet_end(saved);
	EXPECT_INT(ret, -1);
	EXPECT(!o.f && !o.tmp && !o.path);
}

const struct unit_case prometheus_cases[] = {
	UNIT_CASE(prometheus_full),
	UNIT_CASE(prometheus_partial_status),
	UNIT_CASE(prometheus_unknown_mode),
	UNIT_CASE(outfile_replaces),
	UNIT_CASE(outfile_missing_dir),
	UNIT_END
};
