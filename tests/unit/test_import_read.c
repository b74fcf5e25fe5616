/*
 * test_import_read.c - the import's cell conversions and readers on exact
 * inputs (include/rede/import.h): Excel's 1900 date serials with the
 * non-existent 1900-02-29, the text date forms, a CPR number that lost its
 * leading zero (restored only when that makes a valid number), Windows-1252
 * to UTF-8, and the CSV reader's dialects, quoting, blank rows and caps.
 * The XLSX reader's files are made by tests/api/import.test.mjs (exceljs,
 * hand-broken archives) and fuzzed by tests/fuzz/fuzz_import_xlsx.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rede/import.h"
#include "rede/util.h"

static const struct imp_limits LIM = {1 << 20, 100, 50, 100, 10};

static int32_t ymd(int y, int m, int d)
{
	return rede_days_from_civil(y, m, d);
}

static bool date_of(const char *text, bool number, int32_t *days)
{
	struct imp_cell c = {text, number};
	return imp_date_parse(&c, days);
}

static void excel_serials(void **state)
{
	int32_t d;
	(void)state;

	assert_true(date_of("1", true, &d));
	assert_int_equal(d, ymd(1900, 1, 1));
	assert_true(date_of("59", true, &d));
	assert_int_equal(d, ymd(1900, 2, 28));
	assert_false(date_of("60", true, &d)); /* Excel's 1900-02-29 never was */
	assert_true(date_of("61", true, &d));
	assert_int_equal(d, ymd(1900, 3, 1));
	assert_true(date_of("25569", true, &d));
	assert_int_equal(d, 0); /* 1970-01-01 */
	assert_true(date_of("46360", true, &d));
	assert_int_equal(d, ymd(2026, 12, 4));
	assert_true(date_of("46360.75", true, &d)); /* a time of day is dropped */
	assert_int_equal(d, ymd(2026, 12, 4));
	assert_false(date_of("0", true, &d));
	assert_false(date_of("-5", true, &d));
	assert_false(date_of("abc", true, &d));
}

static void text_dates(void **state)
{
	int32_t d;
	(void)state;

	assert_true(date_of("04-12-2026", false, &d));
	assert_int_equal(d, ymd(2026, 12, 4));
	assert_true(date_of("4-12-2026", false, &d));
	assert_int_equal(d, ymd(2026, 12, 4));
	assert_true(date_of("4.12.2026", false, &d));
	assert_int_equal(d, ymd(2026, 12, 4));
	assert_true(date_of("04/12/2026", false, &d));
	assert_int_equal(d, ymd(2026, 12, 4));
	assert_true(date_of("2026-12-04", false, &d));
	assert_int_equal(d, ymd(2026, 12, 4));
	assert_true(date_of(" 2026-12-04 ", false, &d));
	assert_false(date_of("31-02-2026", false, &d));
	assert_false(date_of("04-12-26", false, &d));   /* no two-digit years */
	assert_false(date_of("04-12.2026", false, &d)); /* mixed separators */
	assert_false(date_of("46360", false, &d));      /* a serial in a text cell */
	assert_false(date_of("", false, &d));
}

static enum imp_cpr_fix cpr_of(const char *text, bool number, char out[11])
{
	struct imp_cell c = {text, number};
	return imp_cpr_cell(&c, out);
}

static void cpr_cells(void **state)
{
	char out[11];
	(void)state;

	assert_int_equal(cpr_of("0503235123", false, out), IMP_CPR_AS_IS);
	assert_string_equal(out, "0503235123");
	assert_int_equal(cpr_of("050323-5123", false, out), IMP_CPR_AS_IS);
	assert_string_equal(out, "0503235123");
	/* typed into a number cell: 503235123 - the zero comes back */
	assert_int_equal(cpr_of("503235123", true, out), IMP_CPR_ZERO_RESTORED);
	assert_string_equal(out, "0503235123");
	/* ... but not from a text cell, and not when 0 + digits is no date */
	assert_int_equal(cpr_of("503235123", false, out), IMP_CPR_INVALID);
	assert_int_equal(cpr_of("993235123", true, out), IMP_CPR_INVALID); /* day 09, month 93 */
	assert_string_equal(out, "");
	assert_int_equal(cpr_of("3213991234", false, out), IMP_CPR_INVALID); /* day 32 */
	assert_int_equal(cpr_of("12345", true, out), IMP_CPR_INVALID);
	assert_int_equal(cpr_of("05032351234", false, out), IMP_CPR_INVALID);
}

static void cp1252(void **state)
{
	char u[4];
	(void)state;

	assert_int_equal(imp_cp1252_utf8(0xE6, u), 2);
	assert_string_equal(u, "æ");
	assert_int_equal(imp_cp1252_utf8(0xD8, u), 2);
	assert_string_equal(u, "Ø");
	assert_int_equal(imp_cp1252_utf8(0x80, u), 3);
	assert_string_equal(u, "€");
	assert_int_equal(imp_cp1252_utf8('A', u), 1);
	assert_string_equal(u, "A");
}

/* Rows as "row:cell|cell|..." lines. */
static int collect(void *arg, int64_t rowno, const struct imp_cell *cells, int n)
{
	struct buf *b = arg;

	buf_printf(b, "%lld:", (long long)rowno);
	for (int i = 0; i < n; i++)
		buf_printf(b, "%s%s", i ? "|" : "", cells[i].text);
	buf_addch(b, '\n');
	return 0;
}

static enum imp_status csv(const char *in, size_t len, struct buf *b, struct imp_info *info,
			   struct imp_error *err)
{
	buf_reset(b);
	return imp_csv_read(in, len, &LIM, collect, b, info, err);
}

static void csv_dialects(void **state)
{
	struct imp_info info;
	struct imp_error err;
	struct buf b;
	static const char semi[] =
		"a;b;c\r\n1;\"x;y\";\"sagde \"\"hej\"\"\"\r\n\r\n;;\n2;\"to\nlinjer\";3";
	static const char comma[] = "\xEF\xBB\xBF"
				    "a,b\n1,\"2,5\"\n";
	static const char win[] = "navn;by\nS\xF8ren;\xC6r\xF8\n";
	(void)state;

	buf_init(&b, 0);
	assert_int_equal(csv(semi, strlen(semi), &b, &info, &err), IMP_OK);
	assert_int_equal(info.delimiter, ';');
	assert_string_equal(info.encoding, "UTF-8");
	/* blank rows (;; too) are skipped; a quoted field keeps its newline */
	assert_string_equal(b.data, "1:a|b|c\n2:1|x;y|sagde \"hej\"\n5:2|to\nlinjer|3\n");
	assert_int_equal(info.rows, 3);

	assert_int_equal(csv(comma, strlen(comma), &b, &info, &err), IMP_OK);
	assert_int_equal(info.delimiter, ',');
	assert_string_equal(info.encoding, "UTF-8 (BOM)");
	assert_string_equal(b.data, "1:a|b\n2:1|2,5\n");

	assert_int_equal(csv(win, strlen(win), &b, &info, &err), IMP_OK);
	assert_string_equal(info.encoding, "Windows-1252");
	assert_string_equal(b.data, "1:navn|by\n2:Søren|Ærø\n");
	buf_release(&b);
}

static void csv_errors(void **state)
{
	struct imp_info info;
	struct imp_error err;
	struct buf b, big;
	static const char open_quote[] = "a;b\n\"x;y\n";
	static const char bad_bom[] = "\xEF\xBB\xBF"
				      "a;\xFF\n";
	(void)state;

	buf_init(&b, 0);
	assert_int_equal(csv(open_quote, strlen(open_quote), &b, &info, &err), IMP_E_TRUNCATED);
	assert_int_equal(err.row, 2);
	assert_non_null(strstr(err.message, "citationstegn"));
	assert_int_equal(csv(bad_bom, strlen(bad_bom), &b, &info, &err), IMP_E_FORMAT);

	buf_init(&big, 0);
	for (int i = 0; i < 51; i++)
		buf_addch(&big, 'x');
	assert_int_equal(csv(big.data, big.len, &b, &info, &err), IMP_E_TOO_BIG);
	assert_non_null(strstr(err.message, "længere end 50 tegn"));
	buf_reset(&big);
	for (int i = 0; i < 11; i++)
		buf_adds(&big, "x;");
	assert_int_equal(csv(big.data, big.len, &b, &info, &err), IMP_E_TOO_BIG);
	assert_non_null(strstr(err.message, "mere end 10 kolonner"));
	buf_reset(&big);
	for (int i = 0; i < 101; i++)
		buf_adds(&big, "x\n");
	assert_int_equal(csv(big.data, big.len, &b, &info, &err), IMP_E_TOO_BIG);
	assert_int_equal(err.row, 101);
	assert_int_equal(info.rows, 100);
	buf_release(&big);
	buf_release(&b);
}

static void xlsx_not_a_zip(void **state)
{
	struct imp_info info;
	struct imp_error err;
	(void)state;

	assert_int_equal(imp_xlsx_read("hello", 5, "Familier", &LIM, collect, NULL, &info, &err),
			 IMP_E_FORMAT);
	assert_non_null(strstr(err.message, "ikke en Excel-fil"));
	assert_int_equal(imp_xlsx_read("PK\x03\x04garbage", 11, "Familier", &LIM, collect, NULL,
				       &info, &err),
			 IMP_E_TRUNCATED);
	assert_false(imp_is_zip("PK", 2));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(excel_serials),  cmocka_unit_test(text_dates),
		cmocka_unit_test(cpr_cells),      cmocka_unit_test(cp1252),
		cmocka_unit_test(csv_dialects),   cmocka_unit_test(csv_errors),
		cmocka_unit_test(xlsx_not_a_zip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
