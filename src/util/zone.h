/*
 * zone.h - a time zone read from the system zone data (TZif, RFC 8536),
 * behind rede_dk_offset/rede_today (include/rede/util.h). Private to
 * src/util; the unit tests use it to check the rule reader on its own.
 *
 * Why not localtime_r: it answers for the process's zone (TZ), and setting
 * TZ per call is not thread-safe (setenv/tzset race with every other
 * thread that reads the zone). The zone is therefore read once into a
 * struct zone, which is only read afterwards, from any thread.
 */
#ifndef REDE_UTIL_ZONE_H
#define REDE_UTIL_ZONE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One POSIX TZ rule ("CET-1CEST,M3.5.0,M10.5.0/3"): the offsets east of
 * UTC and, with dst, when summer time starts and ends (local times). */
struct zone_date {
	char kind; /* 'M' (month.week.weekday), 'J' (1-365, no leap day), 'D' (0-365) */
	int month, week, weekday, day;
	int32_t secs; /* local time of day of the change; may be negative or > 24 h */
};
struct zone_rule {
	int32_t std_offset, dst_offset;
	bool dst;
	struct zone_date start, end;
};

struct zone {
	int64_t *trans;     /* transition instants, ascending; owned */
	int32_t *trans_off; /* offset in force from each transition on; owned */
	size_t ntrans;
	int32_t first_off; /* before the first transition */
	bool has_rule;     /* after the last transition (the TZif footer) */
	struct zone_rule rule;
};

/* Parse a TZif file's bytes (version 2 or later: 64-bit data and footer;
 * version 1: 32-bit data). false for anything malformed. */
bool zone_parse_tzif(const unsigned char *data, size_t n, struct zone *z);
/* A zone of one POSIX TZ rule only. false when it cannot be read. */
bool zone_from_rule(const char *posix, struct zone *z);
/* Seconds east of UTC at instant t. */
int32_t zone_offset(const struct zone *z, int64_t t);
void zone_release(struct zone *z);

#endif
