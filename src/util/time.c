/*
 * time.c - the program's one clock and its calendar arithmetic.
 *
 * rede_now_ms is the only place that reads the system clock, with an offset
 * tests can set (an injectable clock instead of sleeping). Dates are days
 * since 1970-01-01 in the proleptic Gregorian calendar (the civil-from-days
 * method of H. Hinnant, written out here).
 */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "rede/util.h"

static _Atomic int64_t clock_offset_ms;

int64_t rede_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + atomic_load(&clock_offset_ms);
}

void rede_clock_set_offset_ms(int64_t offset)
{
	atomic_store(&clock_offset_ms, offset);
}

int32_t rede_days_from_civil(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void rede_civil_from_days(int32_t z, int *y, int *m, int *d)
{
	int era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

bool rede_date_valid(int y, int m, int d)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (m < 1 || m > 12 || d < 1)
		return false;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

bool rede_date_parse(const char *s, int32_t *days)
{
	int y, m, d;

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || y > 2200 || !rede_date_valid(y, m, d))
		return false;
	*days = rede_days_from_civil(y, m, d);
	return true;
}

void rede_date_format(int32_t days, char out[11])
{
	int y, m, d;
	char tmp[48];

	rede_civil_from_days(days, &y, &m, &d);
	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d", y % 10000, m, d);
	memcpy(out, tmp, 10);
	out[10] = 0;
}

void rede_date_format_da(int32_t days, char out[11])
{
	int y, m, d;
	char tmp[48];

	rede_civil_from_days(days, &y, &m, &d);
	snprintf(tmp, sizeof(tmp), "%02d-%02d-%04d", d, m, y % 10000);
	memcpy(out, tmp, 10);
	out[10] = 0;
}

void rede_time_iso(int64_t ms, char out[25])
{
	int64_t secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
	int64_t msec = ms - secs * 1000;
	int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
	int64_t rem = secs - days * 86400;
	int y, m, d;
	char tmp[80];

	rede_civil_from_days((int32_t)days, &y, &m, &d);
	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", y % 10000, m, d,
		 (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60), (int)msec);
	memcpy(out, tmp, 24);
	out[24] = 0;
}

/* Exactly n digits at s into *v. */
static bool digits(const char *s, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (s[i] - '0');
	}
	return true;
}

bool rede_time_parse_iso(const char *s, int64_t *ms)
{
	int y, mo, d, hh, mi, ss, oh = 0, om = 0, frac = 0, scale = 1000;
	const char *p;
	int64_t secs;

	if (!s || strlen(s) < 20 || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) ||
	    s[7] != '-' || !digits(s + 8, 2, &d) || (s[10] != 'T' && s[10] != 't') ||
	    !digits(s + 11, 2, &hh) || s[13] != ':' || !digits(s + 14, 2, &mi) || s[16] != ':' ||
	    !digits(s + 17, 2, &ss))
		return false;
	if (!rede_date_valid(y, mo, d) || hh > 23 || mi > 59 || ss > 60)
		return false;
	p = s + 19;
	if (*p == '.') {
		if (p[1] < '0' || p[1] > '9')
			return false;
		for (p++; *p >= '0' && *p <= '9'; p++)
			if (scale > 1) {
				scale /= 10;
				frac += (*p - '0') * scale;
			}
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		if (!digits(p + 1, 2, &oh) || p[3] != ':' || !digits(p + 4, 2, &om) || oh > 23 ||
		    om > 59)
			return false;
		if (*p == '-') {
			oh = -oh;
			om = -om;
		}
		p += 6;
	} else {
		return false;
	}
	if (*p)
		return false;
	if (ss == 60)
		ss = 59; /* a leap second counts as the second before it */
	secs = (int64_t)rede_days_from_civil(y, mo, d) * 86400 + hh * 3600 + mi * 60 + ss -
	       (oh * 3600 + om * 60);
	*ms = secs * 1000 + frac;
	return true;
}
