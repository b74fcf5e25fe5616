/*
 * cells.c - turning spreadsheet cells into what the API takes: dates and
 * CPR numbers (include/rede/import.h).
 *
 * Excel keeps a date as a serial number of days in the 1900 date system:
 * serial 1 is 1900-01-01, and Excel counts a 29 February 1900 that never
 * was (serial 60, kept for Lotus 1-2-3), so from serial 61 on the serial is
 * one more than the true count. A CPR number typed into a number cell
 * loses its leading zero (010190-1234 becomes 101901234); the zero is put
 * back only when that gives a valid CPR number, and the caller flags it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rede/core.h"
#include "rede/import.h"
#include "rede/util.h"

/* 1899-12-31 as days since 1970-01-01: Excel's day 0. */
#define EXCEL_DAY0 (-25568)
#define EXCEL_FAKE_LEAP 60

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return n > 0;
}

/* "d", "dd" then sep, "m"/"mm" then sep, "yyyy". */
static bool parse_dmy(const char *s, int32_t *days)
{
	int d, m, y, n = 0;
	char s1, s2;

	if (sscanf(s, "%2d%c%2d%c%4d%n", &d, &s1, &m, &s2, &y, &n) != 5 || s[n] || s1 != s2 ||
	    !strchr("-./", s1) || y < 1900 || !rede_date_valid(y, m, d))
		return false;
	/* the year is four digits: no two-digit guesses */
	if (n < 8 || !all_digits(s + n - 4, 4))
		return false;
	*days = rede_days_from_civil(y, m, d);
	return true;
}

bool imp_date_parse(const struct imp_cell *cell, int32_t *days)
{
	const char *s = cell->text;
	char buf[32];
	size_t n;

	while (*s == ' ')
		s++;
	n = strlen(s);
	while (n && s[n - 1] == ' ')
		n--;
	if (!n || n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = 0;
	if (cell->number) {
		char *end;
		double v = strtod(buf, &end);

		if (*end || v < 1 || v >= 2958466 || (long)v == EXCEL_FAKE_LEAP)
			return false;
		long serial = (long)v;
		*days = (int32_t)(EXCEL_DAY0 + serial - (serial > EXCEL_FAKE_LEAP ? 1 : 0));
		return true;
	}
	if (n == 10 && buf[4] == '-' && buf[7] == '-')
		return rede_date_parse(buf, days);
	return parse_dmy(buf, days);
}

enum imp_cpr_fix imp_cpr_cell(const struct imp_cell *cell, char out[11])
{
	char digits[16];
	size_t n = 0;
	const char *s = cell->text;

	out[0] = 0;
	/* digits, one optional '-' or ' ' after the sixth; a number cell may
	 * come as "101901234" or "101901234.0" from some writers */
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9') {
			if (n + 1 >= sizeof(digits))
				return IMP_CPR_INVALID;
			digits[n++] = *s;
		} else if ((*s == '-' || *s == ' ') && n == 6) {
			continue;
		} else if (cell->number && !strcmp(s, ".0")) {
			break;
		} else {
			return IMP_CPR_INVALID;
		}
	}
	digits[n] = 0;
	if (n == 10)
		return core_cpr_parse(digits, out, NULL, NULL, NULL) ? IMP_CPR_AS_IS
								     : IMP_CPR_INVALID;
	if (n == 9 && cell->number) {
		char ten[11];

		ten[0] = '0';
		memcpy(ten + 1, digits, 10);
		if (core_cpr_parse(ten, out, NULL, NULL, NULL))
			return IMP_CPR_ZERO_RESTORED;
	}
	out[0] = 0;
	return IMP_CPR_INVALID;
}
