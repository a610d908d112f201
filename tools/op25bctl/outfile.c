// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE /* asprintf */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "op25bctl.h"
#include "outfile.h"

/* dirname() may modify its argument and return static storage. */
static char *dir_of(const char *path)
{
	char *copy = strdup(path), *dir;

	if (!copy)
		return NULL;
	dir = strdup(dirname(copy));
	free(copy);
	return dir;
}

static int fail(struct op25b_outfile *o, const char *what, int err)
{
	fprintf(stderr, "%s: %s '%s': %s\n", PROG_NAME, what, o->path,
		strerror(err));
	op25b_outfile_abort(o);
	return -1;
}

int op25b_outfile_open(struct op25b_outfile *o, const char *path)
{
	char *dir;
	int fd;

	memset(o, 0, sizeof(*o));
	o->path = strdup(path);
	dir = dir_of(path);
	if (!o->path || !dir ||
	    asprintf(&o->tmp, "%s/.op25bctl.XXXXXX", dir) < 0) {
		o->tmp = NULL;
		free(dir);
		return fail(o, "writing", ENOMEM);
	}
	free(dir);
	fd = mkstemp(o->tmp);
	if (fd < 0) {
		free(o->tmp);
		o->tmp = NULL;
		return fail(o, "cannot create a temporary file beside", errno);
	}
	o->f = fdopen(fd, "w");
	if (!o->f) {
		close(fd);
		return fail(o, "writing", errno);
	}
	return 0;
}

static int sync_dir(const char *path)
{
	char *dir = dir_of(path);
	int fd, ret = -1;

	if (!dir)
		return -1;
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	free(dir);
	if (fd < 0)
		return -1;
	ret = fsync(fd);
	close(fd);
	return ret;
}

int op25b_outfile_commit(struct op25b_outfile *o)
{
	int fd = fileno(o->f), ret;

	/* Readers run as another user (prometheus), mkstemp makes 0600. */
	if (fflush(o->f) == EOF || ferror(o->f) || fchmod(fd, 0644) < 0 ||
	    fsync(fd) < 0)
		return fail(o, "writing", errno ? errno : EIO);
	ret = fclose(o->f);
	o->f = NULL;
	if (ret == EOF)
		return fail(o, "writing", errno);
	if (rename(o->tmp, o->path) < 0)
		return fail(o, "cannot replace", errno);
	free(o->tmp);
	o->tmp = NULL;
	ret = sync_dir(o->path) < 0 ? errno : 0;
	if (ret)
		return fail(o, "syncing the directory of", ret);
	op25b_outfile_abort(o);
	return 0;
}

void op25b_outfile_abort(struct op25b_outfile *o)
{
	if (o->f)
		fclose(o->f);
	if (o->tmp)
		unlink(o->tmp);
	free(o->tmp);
	free(o->path);
	memset(o, 0, sizeof(*o));
}
