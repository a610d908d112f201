/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Output files replaced atomically, for readers that may look at any
 * moment (node_exporter's textfile collector): the content goes to a
 * temporary file in the same directory, is flushed to disk and renamed
 * over the target, so a reader sees the old file or the whole new one.
 */
#ifndef OP25BCTL_OUTFILE_H
#define OP25BCTL_OUTFILE_H

#include <stdio.h>

struct op25b_outfile {
	FILE *f;		/* write here between open and commit */
	char *path;
	char *tmp;
};

/*
 * Creates the temporary file beside path. Returns 0, or -1 after printing
 * why to stderr.
 */
int op25b_outfile_open(struct op25b_outfile *o, const char *path);

/*
 * Flushes, fsyncs, closes and renames the file into place (mode 0644),
 * then fsyncs the directory. Returns 0, or -1 after printing why; the
 * temporary file is gone either way and the target untouched on failure.
 */
int op25b_outfile_commit(struct op25b_outfile *o);

/* Drops the temporary file, leaving the target as it was. */
void op25b_outfile_abort(struct op25b_outfile *o);

#endif /* OP25BCTL_OUTFILE_H */
