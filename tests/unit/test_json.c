// SPDX-License-Identifier: GPL-2.0
#include "harness.h"
#include "json.h"

static void put_string(FILE *f, const char *s)
{
	struct json_writer w;

	json_init(&w, f);
	json_string(&w, s);
}

static void json_plain_string(void)
{
	EXPECT_OUTPUT("\"op25b 0.1.0\"", put_string(f, "op25b 0.1.0"));
}

static void json_empty_string(void)
{
	EXPECT_OUTPUT("\"\"", put_string(f, ""));
}

static void json_escapes_quote(void)
{
	EXPECT_OUTPUT("\"say \\\"hi\\\"\"", put_string(f, "say \"hi\""));
}

static void json_escapes_backslash(void)
{
	EXPECT_OUTPUT("\"a\\\\b\\\\\"", put_string(f, "a\\b\\"));
}

static void json_escapes_control_chars(void)
{
	EXPECT_OUTPUT("\"\\u0001\\u0009\\u000a\\u000d\\u001b\\u001f\"",
		      put_string(f, "\x01\t\n\r\x1b\x1f"));
}

/* 0x20 is the first byte JSON lets through unescaped, DEL is allowed. */
static void json_keeps_printable_ascii(void)
{
	EXPECT_OUTPUT("\" ~/\x7f\"", put_string(f, " ~/\x7f"));
}

static void json_passes_utf8_through(void)
{
	/* é, €, U+1F600: two, three and four byte sequences */
	EXPECT_OUTPUT("\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"",
		      put_string(f, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"));
}

static void write_members(FILE *f)
{
	struct json_writer w;

	json_init(&w, f);
	json_object_begin(&w);
	json_key(&w, "s");
	json_string(&w, "x");
	json_key(&w, "n");
	json_uint(&w, 0);
	json_key(&w, "t");
	json_bool(&w, true);
	json_key(&w, "f");
	json_bool(&w, false);
	json_key(&w, "z");
	json_null(&w);
	json_object_end(&w);
}

static void json_object_members(void)
{
	EXPECT_OUTPUT("{\"s\":\"x\",\"n\":0,\"t\":true,\"f\":false,\"z\":null}",
		      write_members(f));
}

static void write_empty(FILE *f)
{
	struct json_writer w;

	json_init(&w, f);
	json_object_begin(&w);
	json_object_end(&w);
}

static void json_empty_object(void)
{
	EXPECT_OUTPUT("{}", write_empty(f));
}

static void write_nested(FILE *f)
{
	struct json_writer w;

	json_init(&w, f);
	json_object_begin(&w);
	json_key(&w, "a");
	json_object_begin(&w);
	json_key(&w, "b");
	json_uint(&w, 1);
	json_key(&w, "c");
	json_object_begin(&w);
	json_object_end(&w);
	json_object_end(&w);
	json_key(&w, "d");
	json_uint(&w, 2);
	json_object_end(&w);
}

/* Commas belong to the depth they were written at. */
static void json_nested_objects(void)
{
	EXPECT_OUTPUT("{\"a\":{\"b\":1,\"c\":{}},\"d\":2}", write_nested(f));
}

static void write_uint_max(FILE *f)
{
	struct json_writer w;

	json_init(&w, f);
	json_uint(&w, UINT64_MAX);
}

static void json_uint_full_range(void)
{
	EXPECT_OUTPUT("18446744073709551615", write_uint_max(f));
}

static void write_odd_key(FILE *f)
{
	struct json_writer w;

	json_init(&w, f);
	json_object_begin(&w);
	json_key(&w, "a\"\\\n");
	json_uint(&w, 1);
	json_object_end(&w);
}

static void json_escapes_keys(void)
{
	EXPECT_OUTPUT("{\"a\\\"\\\\\\u000a\":1}", write_odd_key(f));
}

static void write_arrays(FILE *f)
{
	struct json_writer w;

	json_init(&w, f);
	json_object_begin(&w);
	json_key(&w, "a");
	json_array_begin(&w);
	json_uint(&w, 1);
	json_array_begin(&w);
	json_array_end(&w);
	json_object_begin(&w);
	json_key(&w, "b");
	json_string_or_null(&w, NULL);
	json_object_end(&w);
	json_string_or_null(&w, "c");
	json_array_end(&w);
	json_key(&w, "e");
	json_array_begin(&w);
	json_array_end(&w);
	json_object_end(&w);
}

/* Commas between array elements, none after the last or in empty ones. */
static void json_arrays(void)
{
	EXPECT_OUTPUT("{\"a\":[1,[],{\"b\":null},\"c\"],\"e\":[]}",
		      write_arrays(f));
}

const struct unit_case json_cases[] = {
	UNIT_CASE(json_plain_string),
	UNIT_CASE(json_empty_string),
	UNIT_CASE(json_escapes_quote),
	UNIT_CASE(json_escapes_backslash),
	UNIT_CASE(json_escapes_control_chars),
	UNIT_CASE(json_keeps_printable_ascii),
	UNIT_CASE(json_passes_utf8_through),
	UNIT_CASE(json_object_members),
	UNIT_CASE(json_empty_object),
	UNIT_CASE(json_nested_objects),
	UNIT_CASE(json_uint_full_range),
	UNIT_CASE(json_escapes_keys),
	UNIT_CASE(json_arrays),
	UNIT_END
};
