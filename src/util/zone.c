/*
 * zone.c - the Danish wall clock (Europe/Copenhagen) from the system zone
 * data: the user's "today" (rede_today) and the offset of any instant.
 *
 * The zone file ($TZDIR/Europe/Copenhagen, else
 * /usr/share/zoneinfo/Europe/Copenhagen, from Debian's tzdata) is read once,
 * on first use (pthread_once), into a struct zone that is never written
 * again: every thread may then ask it without locks. The process's own
 * zone (TZ, localtime_r) is neither read nor changed, so nothing here
 * depends on how the server was started. Without a readable zone file the
 * EU rule in force since 1996 is used and a warning is logged once.
 *
 * The file is TZif (RFC 8536): transition instants with the offset in
 * force from each, and a POSIX TZ rule ("footer") for instants after the
 * last transition.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"
#include "util/zone.h"

#define ZONE_NAME "Europe/Copenhagen"
/* Danish time since 1996: CET, CEST from 01:00 UTC on the last Sunday of
 * March to 01:00 UTC on the last Sunday of October. */
#define ZONE_FALLBACK_RULE "CET-1CEST,M3.5.0,M10.5.0/3"
#define ZONE_FILE_MAX (256 * 1024)
#define SECS_PER_DAY 86400

/* ---- TZif ---- */

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
	return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

struct tzif_counts {
	size_t isut, isstd, leap, time, type, chars;
};

static bool tzif_header(const unsigned char *p, size_t n, struct tzif_counts *k)
{
	if (n < 44 || memcmp(p, "TZif", 4))
		return false;
	k->isut = be32(p + 20);
	k->isstd = be32(p + 24);
	k->leap = be32(p + 28);
	k->time = be32(p + 32);
	k->type = be32(p + 36);
	k->chars = be32(p + 40);
	return k->type >= 1 && k->type <= 256 && k->time <= 100000 && k->leap <= 100000 &&
	       k->chars <= 100000 && k->isut <= 256 && k->isstd <= 256;
}

static size_t tzif_data_size(const struct tzif_counts *k, size_t tsize)
{
	return k->time * tsize + k->time + k->type * 6 + k->chars + k->leap * (tsize + 4) +
	       k->isstd + k->isut;
}

/* Read one data block whose times are tsize (4 or 8) bytes wide. */
static bool tzif_block(const unsigned char *p, const struct tzif_counts *k, size_t tsize,
		       struct zone *z)
{
	const unsigned char *idx = p + k->time * tsize;
	const unsigned char *types = idx + k->time;

	z->trans = xcalloc(k->time ? k->time : 1, sizeof(*z->trans));
	z->trans_off = xcalloc(k->time ? k->time : 1, sizeof(*z->trans_off));
	z->ntrans = k->time;
	for (size_t i = 0; i < k->time; i++) {
		if (idx[i] >= k->type)
			return false;
		z->trans[i] = tsize == 8 ? be64(p + i * 8) : (int32_t)be32(p + i * 4);
		z->trans_off[i] = (int32_t)be32(types + idx[i] * 6);
		if (i && z->trans[i] <= z->trans[i - 1])
			return false;
	}
	z->first_off = (int32_t)be32(types);
	return true;
}

bool zone_parse_tzif(const unsigned char *data, size_t n, struct zone *z)
{
	struct tzif_counts k;
	size_t size;

	memset(z, 0, sizeof(*z));
	if (!tzif_header(data, n, &k))
		return false;
	size = tzif_data_size(&k, 4);
	if (44 + size > n)
		return false;
	if (data[4] == 0) {
		if (tzif_block(data + 44, &k, 4, z))
			return true;
		zone_release(z);
		return false;
	}
	/* Version 2 and later: skip the 32-bit block, read the 64-bit one. */
	data += 44 + size;
	n -= 44 + size;
	if (!tzif_header(data, n, &k))
		return false;
	size = tzif_data_size(&k, 8);
	if (44 + size > n || !tzif_block(data + 44, &k, 8, z)) {
		zone_release(z);
		return false;
	}
	data += 44 + size;
	n -= 44 + size;
	if (n >= 2 && data[0] == '\n') {
		const unsigned char *end = memchr(data + 1, '\n', n - 1);
		char rule[128];

		if (end && (size_t)(end - data - 1) < sizeof(rule) && end > data + 1) {
			memcpy(rule, data + 1, (size_t)(end - data - 1));
			rule[end - data - 1] = 0;
			zone_from_rule(rule, z); /* an unreadable rule: the last offset holds */
		}
	}
	return true;
}

/* ---- POSIX TZ rules ---- */

/* A number of at most max; false when there is none. */
static bool rule_num(const char **s, int max, int *out)
{
	int v = 0, digits = 0;

	while (**s >= '0' && **s <= '9' && digits < 4) {
		v = v * 10 + (**s - '0');
		(*s)++;
		digits++;
	}
	*out = v;
	return digits > 0 && v <= max;
}

/* [+-]hh[:mm[:ss]] in seconds. */
static bool rule_hms(const char **s, int max_hours, int32_t *out)
{
	int sign = 1, h, m = 0, sec = 0;

	if (**s == '+' || **s == '-')
		sign = *(*s)++ == '-' ? -1 : 1;
	if (!rule_num(s, max_hours, &h))
		return false;
	if (**s == ':' && (++*s, !rule_num(s, 59, &m)))
		return false;
	if (**s == ':' && (++*s, !rule_num(s, 59, &sec)))
		return false;
	*out = sign * (h * 3600 + m * 60 + sec);
	return true;
}

static bool rule_name(const char **s)
{
	const char *p = *s;

	if (*p == '<') {
		while (*p && *p != '>')
			p++;
		if (*p != '>')
			return false;
		*s = p + 1;
		return true;
	}
	while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
		p++;
	if (p - *s < 3)
		return false;
	*s = p;
	return true;
}

static bool rule_date(const char **s, struct zone_date *d)
{
	d->secs = 2 * 3600;
	if (**s == 'M') {
		(*s)++;
		d->kind = 'M';
		if (!rule_num(s, 12, &d->month) || d->month < 1 || *(*s)++ != '.' ||
		    !rule_num(s, 5, &d->week) || d->week < 1 || *(*s)++ != '.' ||
		    !rule_num(s, 6, &d->weekday))
			return false;
	} else if (**s == 'J') {
		(*s)++;
		d->kind = 'J';
		if (!rule_num(s, 365, &d->day) || d->day < 1)
			return false;
	} else {
		d->kind = 'D';
		if (!rule_num(s, 365, &d->day))
			return false;
	}
	if (**s == '/') {
		(*s)++;
		return rule_hms(s, 167, &d->secs);
	}
	return true;
}

bool zone_from_rule(const char *posix, struct zone *z)
{
	const char *s = posix;
	struct zone_rule r = {0};
	int32_t west;

	if (!rule_name(&s) || !rule_hms(&s, 24, &west))
		return false;
	r.std_offset = -west;
	if (*s) {
		r.dst = true;
		if (!rule_name(&s))
			return false;
		r.dst_offset = r.std_offset + 3600;
		if (*s && *s != ',') {
			if (!rule_hms(&s, 24, &west))
				return false;
			r.dst_offset = -west;
		}
		if (*s++ != ',' || !rule_date(&s, &r.start) || *s++ != ',' ||
		    !rule_date(&s, &r.end) || *s)
			return false;
	}
	z->has_rule = true;
	z->rule = r;
	return true;
}

/* The day (days since 1970-01-01) a rule date falls on in year y. */
static int32_t rule_day(const struct zone_date *d, int y)
{
	int32_t jan1 = rede_days_from_civil(y, 1, 1);
	bool leap = rede_date_valid(y, 2, 29);

	if (d->kind == 'J')
		return jan1 + d->day - 1 + (leap && d->day >= 60);
	if (d->kind == 'D')
		return jan1 + d->day;
	int32_t first = rede_days_from_civil(y, d->month, 1);
	/* 1970-01-01 was a Thursday; weekday 0 is Sunday. */
	int wd1 = (int)(((first + 4) % 7 + 7) % 7);
	int day = 1 + (d->weekday - wd1 + 7) % 7 + (d->week - 1) * 7;

	while (!rede_date_valid(y, d->month, day))
		day -= 7;
	return first + day - 1;
}

static int32_t rule_offset(const struct zone_rule *r, int64_t t)
{
	int64_t local = t + r->std_offset;
	int32_t day = (int32_t)(local >= 0 ? local / SECS_PER_DAY
					   : (local - SECS_PER_DAY + 1) / SECS_PER_DAY);
	int y, m, d;
	int64_t start, end;

	if (!r->dst)
		return r->std_offset;
	rede_civil_from_days(day, &y, &m, &d);
	start = (int64_t)rule_day(&r->start, y) * SECS_PER_DAY + r->start.secs - r->std_offset;
	end = (int64_t)rule_day(&r->end, y) * SECS_PER_DAY + r->end.secs - r->dst_offset;
	if (start < end)
		return t >= start && t < end ? r->dst_offset : r->std_offset;
	return t >= end && t < start ? r->std_offset : r->dst_offset;
}

int32_t zone_offset(const struct zone *z, int64_t t)
{
	size_t lo = 0, hi = z->ntrans;

	if (!z->ntrans)
		return z->has_rule ? rule_offset(&z->rule, t) : z->first_off;
	if (t < z->trans[0])
		return z->first_off;
	if (t >= z->trans[z->ntrans - 1] && z->has_rule)
		return rule_offset(&z->rule, t);
	/* the last transition at or before t */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (z->trans[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return z->trans_off[lo];
}

void zone_release(struct zone *z)
{
	free(z->trans);
	free(z->trans_off);
	memset(z, 0, sizeof(*z));
}

/* ---- the Danish zone ---- */

static struct zone dk_zone;
static pthread_once_t dk_once = PTHREAD_ONCE_INIT;

static bool dk_read(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *data;
	size_t n;
	bool ok;

	if (!f)
		return false;
	data = xmalloc(ZONE_FILE_MAX);
	n = fread(data, 1, ZONE_FILE_MAX, f);
	ok = !ferror(f) && n < ZONE_FILE_MAX && zone_parse_tzif(data, n, &dk_zone);
	fclose(f);
	free(data);
	return ok;
}

static void dk_load(void)
{
	const char *dir = getenv("TZDIR");
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", ZONE_NAME);
	if (dk_read(path))
		return;
	log_warn("cannot read the time zone %s; using the EU rule for Danish time", path);
	zone_from_rule(ZONE_FALLBACK_RULE, &dk_zone);
}

int32_t rede_dk_offset(int64_t t)
{
	pthread_once(&dk_once, dk_load);
	return zone_offset(&dk_zone, t);
}

int32_t rede_dk_day(int64_t t)
{
	int64_t local = t + rede_dk_offset(t);

	return (int32_t)(local >= 0 ? local / SECS_PER_DAY
				    : (local - SECS_PER_DAY + 1) / SECS_PER_DAY);
}

int32_t rede_today(void)
{
	return rede_dk_day(rede_now());
}

void rede_dk_time_format(int64_t t, char out[REDE_DK_TIME_SIZE])
{
	int64_t local = t + rede_dk_offset(t);
	int32_t day = rede_dk_day(t);
	int64_t rem = local - (int64_t)day * SECS_PER_DAY;
	int y, m, d;
	char tmp[64];
	size_t n;

	rede_civil_from_days(day, &y, &m, &d);
	snprintf(tmp, sizeof(tmp), "%02d-%02d-%04d kl. %02d:%02d", d, m, y % 10000,
		 (int)(rem / 3600), (int)(rem / 60 % 60));
	n = strlen(tmp) < REDE_DK_TIME_SIZE - 1 ? strlen(tmp) : REDE_DK_TIME_SIZE - 1;
	memcpy(out, tmp, n);
	out[n] = 0;
}
