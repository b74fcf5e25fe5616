/*
 * util.h - small helpers every module uses: allocation that aborts on
 * failure, a growable byte buffer with a hard cap, logging, time.
 *
 * Allocation failure is not a recoverable condition in Rede: xmalloc and
 * friends abort. Buffers grown from request data always carry a cap so a
 * client can never make the server allocate without bound.
 */
#ifndef REDE_UTIL_H
#define REDE_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- allocation (abort on out-of-memory) ---- */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s); /* NULL in, NULL out */
char *xstrndup(const char *s, size_t n);
/* printf into a fresh allocation the caller frees */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- buf: growable byte buffer, always NUL-terminated ----
 * The buffer owns its memory; buf_release frees it, buf_detach hands it to
 * the caller. cap == 0 means "no cap" and is only for trusted data. */
struct buf {
	char *data; /* never NULL after buf_init */
	size_t len;
	size_t alloc;
	size_t cap; /* hard limit on len; appends beyond it fail */
};
void buf_init(struct buf *b, size_t cap);
void buf_release(struct buf *b);
char *buf_detach(struct buf *b, size_t *len); /* caller frees; b is left released */
void buf_reset(struct buf *b);                /* len = 0, keeps memory */
/* Return false (and leave b unchanged) when the cap would be exceeded. */
bool buf_add(struct buf *b, const void *data, size_t n);
bool buf_adds(struct buf *b, const char *s);
bool buf_addch(struct buf *b, char c);
bool buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- log: one line per event to stderr, English, lowercase.
 * Never log personal data: no CPR, names, note text, request bodies. */
enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR, LOG_LEVEL__COUNT };
void log_set_level(enum log_level lvl);
void log_msg(enum log_level lvl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

/* ---- time ----
 * rede_now_ms is the one clock the program reads. Tests may shift it with
 * rede_clock_set_offset_ms (injectable clock, no sleeping in tests). */
int64_t rede_now_ms(void);
static inline int64_t rede_now(void)
{
	return rede_now_ms() / 1000;
}
void rede_clock_set_offset_ms(int64_t offset);
/* "2026-11-23T04:30:00.123Z" into out (at least 25 bytes) */
void rede_time_iso(int64_t ms, char out[25]);
/* Parse an RFC 3339 time, "YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)",
 * into milliseconds since the epoch (UTC). Returns false for anything
 * else (no date-only, no local time without an offset). */
bool rede_time_parse_iso(const char *s, int64_t *ms);
/* Parse strict "YYYY-MM-DD" with a real calendar date. Days since
 * 1970-01-01 into *days. Returns false for anything else. */
bool rede_date_parse(const char *s, int32_t *days);
/* days since epoch -> "YYYY-MM-DD" (out at least 11 bytes) */
void rede_date_format(int32_t days, char out[11]);
/* days since epoch -> "DD-MM-YYYY", the Danish way, for text people read */
void rede_date_format_da(int32_t days, char out[11]);
/* y-m-d -> days since epoch; no validation (see rede_date_valid) */
int32_t rede_days_from_civil(int y, int m, int d);
/* days since epoch -> y-m-d */
void rede_civil_from_days(int32_t days, int *y, int *m, int *d);
bool rede_date_valid(int y, int m, int d);

/* ---- numbers ---- */
/* n / d (d > 0) rounded half away from zero: 7/2 = 4, -7/2 = -4, 5/3 = 2.
 * The one rounding of shown amounts (round.c). */
int64_t rede_div_round(int64_t n, int64_t d);

/* ---- the Danish clock (src/util/zone.c) ----
 * The users are in Denmark: their "today", and every time shown to them,
 * is the Europe/Copenhagen wall clock, never the UTC day. The zone's rules
 * come from the system zone data, read once; safe from any thread. */
/* Seconds east of UTC on the Danish wall clock at instant t (Unix seconds). */
int32_t rede_dk_offset(int64_t t);
/* The Danish calendar day of instant t, as days since 1970-01-01. */
int32_t rede_dk_day(int64_t t);
/* The Danish calendar day now: the user's today (days since 1970-01-01). */
int32_t rede_today(void);
/* The Danish wall-clock time of instant t as "dd-mm-åååå kl. HH:MM"
 * (out at least REDE_DK_TIME_SIZE bytes). */
#define REDE_DK_TIME_SIZE 24
void rede_dk_time_format(int64_t t, char out[REDE_DK_TIME_SIZE]);

/* ---- strings ---- */
/* constant-time comparison of two NUL-terminated strings */
bool str_equal_ct(const char *a, const char *b);
bool str_starts(const char *s, const char *prefix);
/* The one folding of free text for comparison (fold.c, where the rule is
 * spelled out): white space trimmed and collapsed to single spaces,
 * invisible characters dropped, base letter + combining accent composed,
 * capitals (ASCII, Æ Ø Å and the other accented Latin, Greek and Cyrillic
 * capitals) made small. Used by name search (core_search_key) and by every
 * report that groups free text. Writes at most outsz-1 bytes and never
 * half a character; the result is never longer than in, so outsz =
 * strlen(in) + 1 always suffices. Returns out. */
char *str_fold(const char *in, char *out, size_t outsz);
/* str_fold into a fresh allocation the caller frees. */
char *str_fold_dup(const char *in);

#endif
