// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
#include <stdlib.h>

#include "json.h"

void json_init(struct json_writer *w, FILE *f)
{
	w->f = f;
	w->depth = 0;
	w->after_key = false;
}

/* Writes the comma that separates a member from the one before it. */
static void separate(struct json_writer *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (!w->depth)
		return;
	if (!w->empty[w->depth - 1])
		fputc(',', w->f);
	w->empty[w->depth - 1] = false;
}

static void put_string(FILE *f, const char *s)
{
	const unsigned char *p;

	fputc('"', f);
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20)
			/*
			 * One form for every control character keeps the
			 * writer obviously right; JSON readers accept it.
			 */
			fprintf(f, "\\u%04x", *p);
		else
			/* Bytes from 0x80 up are UTF-8 and stay as they are. */
			fputc(*p, f);
	}
	fputc('"', f);
}

static void open_container(struct json_writer *w, char c)
{
	separate(w);
	/* Silently wrong output would be worse than stopping here. */
	if (w->depth == JSON_MAX_DEPTH)
		abort();
	fputc(c, w->f);
	w->empty[w->depth++] = true;
}

static void close_container(struct json_writer *w, char c)
{
	if (!w->depth)
		abort();
	w->depth--;
	fputc(c, w->f);
}

void json_object_begin(struct json_writer *w)
{
	open_container(w, '{');
}

void json_object_end(struct json_writer *w)
{
	close_container(w, '}');
}

void json_array_begin(struct json_writer *w)
{
	open_container(w, '[');
}

void json_array_end(struct json_writer *w)
{
	close_container(w, ']');
}

void json_key(struct json_writer *w, const char *key)
{
	separate(w);
	put_string(w->f, key);
	fputc(':', w->f);
	w->after_key = true;
}

void json_string(struct json_writer *w, const char *s)
{
	separate(w);
	put_string(w->f, s);
}

void json_string_or_null(struct json_writer *w, const char *s)
{
	if (s)
		json_string(w, s);
	else
		json_null(w);
}

void json_uint(struct json_writer *w, uint64_t v)
{
	separate(w);
	fprintf(w->f, "%" PRIu64, v);
}

void json_bool(struct json_writer *w, bool v)
{
	separate(w);
	fputs(v ? "true" : "false", w->f);
}

void json_null(struct json_writer *w)
{
	separate(w);
	fputs("null", w->f);
}
