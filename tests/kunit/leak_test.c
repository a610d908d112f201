// SPDX-License-Identifier: GPL-2.0
/*
 * kmemleak over the op25b suites: the last suite of the debug run has
 * kmemleak scan for memory that nothing points at any more, and fails
 * with kmemleak's report of every such object.
 *
 * Reaching kmemleak. Its only interface is /sys/kernel/debug/kmemleak
 * (kmemleak_scan() is static in mm/kmemleak.c): write "scan" to scan, read
 * the file for the report. The file has ->read and ->write only, which
 * want user memory, and kernel_read() and kernel_write() refuse a file
 * without ->read_iter and ->write_iter. So the case gives its kernel
 * thread an address space of its own (mm_alloc(), kthread_use_mm()), maps
 * a page in it, and goes through vfs_write() and vfs_read() as "echo scan
 * >" and "cat" would. KUnit runs before init, when nothing is mounted on
 * /sys/kernel/debug: the case opens the file through a mount of debugfs
 * of its own (kern_mount()).
 *
 * What kmemleak reports (kmemleak_scan(), unreferenced_object()): an
 * object that a scan finds unreferenced, whose contents did not change
 * since the scan before (a checksum), and that was at least MSECS_MIN_AGE
 * (5 s) old when this scan began. Hence one scan right after the op25b
 * suites, a sleep past that age, and a second scan, which reports what
 * the suites left behind. An object still being written between the two
 * scans is not reported: a pointer held in a register or a moving list
 * is not a leak yet.
 *
 * What counts: every object reported, whenever it was allocated. The boot
 * of UML leaves none of its own (tests/kunit/run says how that was
 * checked), and op25b's own init runs during boot, built in, before the
 * suites: a report limited to what the suites allocated would miss it.
 */

#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kthread.h>
#include <linux/mman.h>
#include <linux/mount.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

/* mm/kmemleak.c: MSECS_MIN_AGE, plus a margin for the tick. */
#define LEAK_MIN_AGE_MS		(5000 + 200)
/* Read this much of the report at most; the count comes from the log. */
#define LEAK_REPORT_MAX		(64 * 1024)
/* Objects printed in full; the others are only counted. */
#define LEAK_PRINT_MAX		4

/* /sys/kernel/debug/kmemleak, as a kernel thread can talk to it. */
struct leak_ctx {
	struct mm_struct *mm;
	char __user *page;	/* one page mapped in @mm */
	struct vfsmount *mnt;	/* a mount of debugfs of our own */
	struct file *file;
	char *report;		/* LEAK_REPORT_MAX + 1 bytes */
	size_t len;
};

static int leak_ctx_open(struct kunit *test, struct leak_ctx *ctx)
{
	struct file_system_type *debugfs;
	struct vfsmount *mnt;
	struct file *file;
	unsigned long addr;

	ctx->report = kunit_kzalloc(test, LEAK_REPORT_MAX + 1, GFP_KERNEL);
	if (!ctx->report)
		return -ENOMEM;

	ctx->mm = mm_alloc();
	if (!ctx->mm)
		return -ENOMEM;
	ctx->mm->task_size = TASK_SIZE;
	arch_pick_mmap_layout(ctx->mm, &current->signal->rlim[RLIMIT_STACK]);
	kthread_use_mm(ctx->mm);
	addr = vm_mmap(NULL, 0, PAGE_SIZE, PROT_READ | PROT_WRITE,
		       MAP_ANONYMOUS | MAP_PRIVATE, 0);
	if (IS_ERR_VALUE(addr))
		return (int)addr;
	ctx->page = (char __user *)addr;

	debugfs = get_fs_type("debugfs");
	if (!debugfs)
		return -ENODEV;
	mnt = kern_mount(debugfs);
	put_filesystem(debugfs);
	if (IS_ERR(mnt))
		return PTR_ERR(mnt);
	ctx->mnt = mnt;

	file = file_open_root_mnt(mnt, "kmemleak", O_RDWR, 0);
	if (IS_ERR(file))
		return PTR_ERR(file);
	ctx->file = file;
	return 0;
}

/* Undoes what leak_ctx_open() got done; the page goes with the mm. */
static void leak_ctx_close(struct leak_ctx *ctx)
{
	if (ctx->file)
		fput(ctx->file);
	if (ctx->mnt)
		kern_unmount(ctx->mnt);
	if (ctx->mm) {
		kthread_unuse_mm(ctx->mm);
		mmput(ctx->mm);
	}
}

/* echo @cmd > /sys/kernel/debug/kmemleak */
static int leak_cmd(struct leak_ctx *ctx, const char *cmd)
{
	size_t len = strlen(cmd);
	loff_t pos = 0;
	ssize_t n;

	if (copy_to_user(ctx->page, cmd, len))
		return -EFAULT;
	n = vfs_write(ctx->file, ctx->page, len, &pos);
	if (n < 0)
		return n;
	return n == len ? 0 : -EIO;
}

/* cat /sys/kernel/debug/kmemleak, its first LEAK_REPORT_MAX bytes. */
static int leak_read(struct leak_ctx *ctx)
{
	loff_t pos = 0;
	ssize_t n;

	ctx->len = 0;
	do {
		n = vfs_read(ctx->file, ctx->page, PAGE_SIZE, &pos);
		if (n < 0)
			return n;
		n = min_t(size_t, n, LEAK_REPORT_MAX - ctx->len);
		if (copy_from_user(ctx->report + ctx->len, ctx->page, n))
			return -EFAULT;
		ctx->len += n;
	} while (n > 0 && ctx->len < LEAK_REPORT_MAX);
	ctx->report[ctx->len] = '\0';
	return 0;
}

/*
 * The first frames of every backtrace are kmemleak recording it: UML's
 * stack saver adds two to the three that set_track_prepare() skips.
 */
static bool leak_own_frame(const char *line)
{
	static const char * const own[] = {
		"] save_stack_trace+", "] stack_trace_save+",
		"] set_track_prepare+", "] __create_object+",
		"] kmemleak_alloc+",
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(own); i++)
		if (strstr(line, own[i]))
			return true;
	return false;
}

/*
 * Prints the first LEAK_PRINT_MAX objects of kmemleak's report, a line
 * at a time, and returns how many objects the report holds (as far as
 * it was read: @cut says it was not read whole).
 */
static int leak_report(struct kunit *test, char *report, bool cut)
{
	int found = 0;
	char *line;

	while ((line = strsep(&report, "\n"))) {
		if (str_has_prefix(line, "unreferenced object"))
			found++;
		if (*line && found <= LEAK_PRINT_MAX && !leak_own_frame(line))
			kunit_err(test, "%s", line);
	}
	if (found > LEAK_PRINT_MAX)
		kunit_err(test, "... and %s%d more objects%s",
			  cut ? "at least " : "", found - LEAK_PRINT_MAX,
			  cut ? " (kmemleak's count of all is in the kernel log)" : "");
	return found;
}

static void leaks_none_after_the_suites(struct kunit *test)
{
	struct leak_ctx ctx = {};
	int err, found;

	err = leak_ctx_open(test, &ctx);
	KUNIT_EXPECT_EQ_MSG(test, err, 0,
			    "cannot open /sys/kernel/debug/kmemleak");
	if (err)
		goto out;

	/* kmemleak turns itself off on an error; "scan" is then -EPERM. */
	err = leak_cmd(&ctx, "scan");
	KUNIT_EXPECT_EQ_MSG(test, err, 0, "kmemleak scan (is kmemleak off?)");
	if (err)
		goto out;
	msleep(LEAK_MIN_AGE_MS);
	err = leak_cmd(&ctx, "scan");
	KUNIT_EXPECT_EQ_MSG(test, err, 0, "kmemleak scan (is kmemleak off?)");
	if (err)
		goto out;
	err = leak_read(&ctx);
	KUNIT_EXPECT_EQ_MSG(test, err, 0, "cannot read kmemleak's report");
	if (err)
		goto out;

	found = leak_report(test, ctx.report, ctx.len == LEAK_REPORT_MAX);
	KUNIT_EXPECT_EQ_MSG(test, found, 0,
			    "kmemleak found unreferenced objects, printed above");
	/* A report that is not a list of objects is not a clean one. */
	KUNIT_EXPECT_TRUE_MSG(test, found || !ctx.len,
			      "kmemleak's report not understood");
out:
	leak_ctx_close(&ctx);
}

static struct kunit_case leaks_test_cases[] = {
	KUNIT_CASE(leaks_none_after_the_suites),
	{}
};

static struct kunit_suite leaks_test_suite = {
	.name = "op25b_leaks",
	.test_cases = leaks_test_cases,
};

kunit_test_suite(leaks_test_suite);
