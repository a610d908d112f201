/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Just enough JSON for op25bctl's output: objects, arrays, keys and scalar
 * values, written straight to a FILE * with no buffering of our own. The
 * writer keeps track of commas; callers only say what comes next.
 */
#ifndef OP25BCTL_JSON_H
#define OP25BCTL_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* op25bctl output is shallow; deeper nesting is a bug in the caller. */
#define JSON_MAX_DEPTH 8

struct json_writer {
	FILE *f;
	unsigned int depth;
	/* a key was written and its value has not been */
	bool after_key;
	/* nothing has been written yet inside the container at each depth */
	bool empty[JSON_MAX_DEPTH];
};

void json_init(struct json_writer *w, FILE *f);
void json_object_begin(struct json_writer *w);
void json_object_end(struct json_writer *w);
void json_array_begin(struct json_writer *w);
void json_array_end(struct json_writer *w);
/* The value for the key must follow. */
void json_key(struct json_writer *w, const char *key);
/* s is passed through as UTF-8; '"', '\\' and bytes below 0x20 escaped. */
void json_string(struct json_writer *w, const char *s);
/* s, or null when s is NULL. */
void json_string_or_null(struct json_writer *w, const char *s);
void json_uint(struct json_writer *w, uint64_t v);
void json_bool(struct json_writer *w, bool v);
void json_null(struct json_writer *w);

#endif /* OP25BCTL_JSON_H */
