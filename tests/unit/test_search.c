/*
 * test_search.c - the pieces of name search that need no database: how a
 * search key is split into words, and the upper end of a prefix range
 * (store/search.h). A wrong upper bound would silently drop or add hits,
 * so the Danish letters and the UTF-8 length changes are checked here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "store/search.h"

static void split_words(void **state)
{
	const char *w[8];
	char key[64];
	(void)state;

	strcpy(key, "hans peter  østergård-åberg");
	assert_int_equal(search_split(key, w, 8), 4);
	assert_string_equal(w[0], "hans");
	assert_string_equal(w[1], "peter");
	assert_string_equal(w[2], "østergård");
	assert_string_equal(w[3], "åberg");
	/* repeated words once; leading/trailing separators ignored */
	strcpy(key, "-han han -- ida-");
	assert_int_equal(search_split(key, w, 8), 2);
	assert_string_equal(w[0], "han");
	assert_string_equal(w[1], "ida");
	/* at most max words */
	strcpy(key, "a b c d");
	assert_int_equal(search_split(key, w, 2), 2);
	strcpy(key, " - ");
	assert_int_equal(search_split(key, w, 8), 0);
	key[0] = 0;
	assert_int_equal(search_split(key, w, 8), 0);
}

static void prefix_upper(void **state)
{
	char out[16];
	(void)state;

	assert_true(search_prefix_upper("han", out, sizeof(out)));
	assert_string_equal(out, "hao");
	assert_true(search_prefix_upper("z", out, sizeof(out)));
	assert_string_equal(out, "{");
	/* å U+00E5 -> æ U+00E6, æ -> ç, ø U+00F8 -> ù: byte order, not Danish order */
	assert_true(search_prefix_upper("nå", out, sizeof(out)));
	assert_string_equal(out, "næ");
	assert_true(search_prefix_upper("hø", out, sizeof(out)));
	assert_string_equal(out, "hù");
	/* U+00BF -> U+00C0 carries into the lead byte; U+007F -> U+0080 grows */
	assert_true(search_prefix_upper("a\xc2\xbf", out, sizeof(out)));
	assert_string_equal(out, "a\xc3\x80");
	assert_true(search_prefix_upper("a\x7f", out, sizeof(out)));
	assert_string_equal(out, "a\xc2\x80");
	/* U+07FF -> U+0800: two bytes to three */
	assert_true(search_prefix_upper("\xdf\xbf", out, sizeof(out)));
	assert_string_equal(out, "\xe0\xa0\x80");
	/* every string with the prefix sorts between prefix and bound (memcmp) */
	assert_true(search_prefix_upper("ø", out, sizeof(out)));
	assert_true(strcmp("ø", "østergård") < 0 && strcmp("østergård", out) < 0);
	assert_true(strcmp("øÿÿ", out) < 0);
	/* no bound: empty, the last code point, malformed, too small a buffer */
	assert_false(search_prefix_upper("", out, sizeof(out)));
	assert_false(search_prefix_upper("a\xf4\x8f\xbf\xbf", out, sizeof(out)));
	assert_false(search_prefix_upper("\xbf", out, sizeof(out)));
	assert_false(search_prefix_upper("abc", out, 3));
	assert_true(search_prefix_upper("abc", out, 4));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(split_words),
		cmocka_unit_test(prefix_upper),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
