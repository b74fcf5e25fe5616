/*
 * test_util.c - buffers with caps, dates, the injectable clock, strings,
 * the folding of free text (str_fold).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rede/err.h"
#include "rede/util.h"

static void buf_cap(void **state)
{
	struct buf b;
	(void)state;

	buf_init(&b, 10);
	assert_true(buf_adds(&b, "12345"));
	assert_true(buf_printf(&b, "%d", 6789));
	assert_int_equal(b.len, 9);
	assert_false(buf_adds(&b, "ab"));         /* would be 11 > cap */
	assert_string_equal(b.data, "123456789"); /* unchanged */
	assert_false(buf_printf(&b, "%s", "xy"));
	assert_true(buf_addch(&b, '0'));
	assert_false(buf_addch(&b, '!'));
	assert_string_equal(b.data, "1234567890");
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	buf_release(&b);
}

static void buf_grow_detach(void **state)
{
	struct buf b;
	size_t len;
	char *p;
	(void)state;

	buf_init(&b, 0);
	for (int i = 0; i < 10000; i++)
		assert_true(buf_addch(&b, (char)('a' + i % 26)));
	p = buf_detach(&b, &len);
	assert_int_equal(len, 10000);
	assert_int_equal(strlen(p), 10000);
	assert_int_equal(b.len, 0);
	free(p);
	buf_release(&b);
}

static void dates(void **state)
{
	int32_t d;
	char out[11];
	(void)state;

	assert_true(rede_date_parse("1970-01-01", &d));
	assert_int_equal(d, 0);
	assert_true(rede_date_parse("2000-02-29", &d)); /* 2000 is a leap year */
	rede_date_format(d, out);
	assert_string_equal(out, "2000-02-29");
	assert_false(rede_date_parse("1900-02-29", &d)); /* 1900 is not */
	assert_true(rede_date_parse("2024-02-29", &d));
	assert_false(rede_date_parse("2023-02-29", &d));
	assert_false(rede_date_parse("2026-04-31", &d));
	assert_false(rede_date_parse("2026-13-01", &d));
	assert_false(rede_date_parse("2026-1-01", &d));
	assert_false(rede_date_parse("2026-01-01T", &d));
	assert_false(rede_date_parse("26-01-2026", &d));
	assert_false(rede_date_parse("", &d));
	assert_false(rede_date_parse(NULL, &d));
	/* round trip over the whole accepted range, 1900-2200 */
	for (int32_t x = rede_days_from_civil(1900, 1, 1); x <= rede_days_from_civil(2200, 12, 31);
	     x += 7) {
		rede_date_format(x, out);
		assert_true(rede_date_parse(out, &d));
		assert_int_equal(d, x);
	}
	assert_false(rede_date_parse("1899-12-31", &d));
	assert_false(rede_date_parse("2201-01-01", &d));
	assert_int_equal(rede_days_from_civil(2026, 11, 23) - rede_days_from_civil(2026, 11, 16),
			 7);
}

static void clock_offset(void **state)
{
	char iso[25];
	int64_t a, b;
	(void)state;

	a = rede_now_ms();
	rede_clock_set_offset_ms(72LL * 3600 * 1000);
	b = rede_now_ms();
	rede_clock_set_offset_ms(0);
	assert_true(b - a >= 72LL * 3600 * 1000);
	assert_true(b - a < 72LL * 3600 * 1000 + 5000);
	rede_time_iso(0, iso);
	assert_string_equal(iso, "1970-01-01T00:00:00.000Z");
	rede_time_iso(1795408200123LL, iso);
	assert_string_equal(iso, "2026-11-23T04:30:00.123Z");
}

/* RFC 3339 times as the web app sends "recorded_at" (issue 20). */
static void time_parse(void **state)
{
	int64_t ms = 0;
	(void)state;

	assert_true(rede_time_parse_iso("2026-11-23T04:30:00.123Z", &ms));
	assert_int_equal(ms, 1795408200123LL);
	assert_true(rede_time_parse_iso("2026-11-23T05:30:00+01:00", &ms));
	assert_int_equal(ms, 1795408200000LL);
	assert_true(rede_time_parse_iso("2026-11-23T03:00:00.5-01:30", &ms));
	assert_int_equal(ms, 1795408200500LL);
	assert_false(rede_time_parse_iso("2026-11-23", &ms));
	assert_false(rede_time_parse_iso("2026-11-23T04:30:00", &ms));
	assert_false(rede_time_parse_iso("2026-02-30T04:30:00Z", &ms));
	assert_false(rede_time_parse_iso("2026-11-23T24:30:00Z", &ms));
	assert_false(rede_time_parse_iso("2026-11-23T04:30:00Zx", &ms));
	assert_false(rede_time_parse_iso("2026-11-23T04:30:00.Z", &ms));
	assert_false(rede_time_parse_iso(NULL, &ms));
}

static void strings(void **state)
{
	char *s;
	(void)state;

	assert_true(str_equal_ct("abc", "abc"));
	assert_false(str_equal_ct("abc", "abd"));
	assert_false(str_equal_ct("abc", "abcd"));
	assert_false(str_equal_ct("", "a"));
	assert_true(str_equal_ct("", ""));
	assert_true(str_starts("postgres://x", "postgres://"));
	assert_false(str_starts("post", "postgres://"));
	s = xasprintf("%s-%d", "a", 7);
	assert_string_equal(s, "a-7");
	free(s);
	s = xstrndup("abcdef", 3);
	assert_string_equal(s, "abc");
	free(s);
	assert_null(xstrdup(NULL));
	assert_string_equal(rede_err_name(REDE_E_CONFLICT), "conflict");
	assert_string_equal(rede_err_name((enum rede_err)999), "unknown error");
}

/* fold(in) compared with want; the result also fits in strlen(in) + 1. */
static void fold_is(const char *in, const char *want)
{
	char out[256];
	char *dup = str_fold_dup(in);

	assert_string_equal(str_fold(in, out, sizeof(out)), want);
	assert_string_equal(dup, want);
	assert_true(strlen(dup) <= strlen(in));
	free(dup);
}

static void fold(void **state)
{
	char small[8];
	(void)state;

	/* Danish letters: the two referral channels of issue 15 are one */
	fold_is("Åbent hus i sundhedsplejen", "åbent hus i sundhedsplejen");
	fold_is("åbent hus i sundhedsplejen", "åbent hus i sundhedsplejen");
	fold_is("ÆBLE ØRESUND ÅRHUS", "æble øresund århus");
	fold_is("æøå", "æøå"); /* not ae, oe, aa */
	/* other accented Latin capitals keep their accents, small */
	fold_is("ÉÈÊËÜÖÄÑÇ", "éèêëüöäñç");
	fold_is("ŁÓDŹ ŠKODA ȘTEFAN İZMİR Ÿ ẞ", "łódź škoda ștefan izmir ÿ ß");
	fold_is("René", "rené"); /* é is not e */
	fold_is("ОЛЕНА Ελένη", "олена ελένη");
	fold_is("\u212B\u212A", "åk"); /* Ångström and Kelvin signs */
	/* white space: trimmed, runs of any kind become one space */
	fold_is("  Åbent   hus\ti\n sundhedsplejen  ", "åbent hus i sundhedsplejen");
	fold_is("\u00a0Åbent\u00a0\u2009hus\u3000", "åbent hus");
	fold_is(" \t\r\n ", "");
	fold_is("", "");
	/* invisible characters dropped */
	fold_is("\xEF\xBB\xBFSund\u00ADheds\u200Bplejen", "sundhedsplejen");
	/* a letter typed as base + combining accent is the precomposed one */
	fold_is("A\u030Abent hus", "åbent hus");
	fold_is("a\u030Abent hus", "åbent hus");
	fold_is("E\u0301", "é");
	fold_is("A\u0308\u0304", "\u01DF"); /* two marks: Ä then Ǟ, small */
	fold_is("\u00F8\u0301", "\u01FF");  /* ø + acute -> ǿ */
	fold_is("x\u0301", "x\u0301");      /* no such letter: left as typed */
	/* not UTF-8: the bytes stay as they are */
	fold_is("A\xFF"
		"B\xC3",
		"a\xFF"
		"b\xC3");
	assert_null(str_fold(NULL, NULL, 0));
	assert_string_equal(str_fold(NULL, small, sizeof(small)), "");
	/* cut short: never half a letter, never a trailing space */
	assert_string_equal(str_fold("ÆØÅÆØÅ", small, sizeof(small)), "æøå");
	assert_string_equal(str_fold("ab  ÆØÅ", small, 5), "ab");
	assert_string_equal(str_fold("abc   d", small, 5), "abc");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(buf_cap),    cmocka_unit_test(buf_grow_detach),
		cmocka_unit_test(dates),      cmocka_unit_test(clock_offset),
		cmocka_unit_test(time_parse), cmocka_unit_test(strings),
		cmocka_unit_test(fold),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
