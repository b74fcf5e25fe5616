/*
 * h_caseload.c - GET /api/v1/caseload: the caller's own planned and active
 * courses (those they are assigned to), each with its week, weeks left and
 * the alerts of core_course_alerts (warning week, no contact, goal not
 * rated, network meeting without consent). The thresholds are programme
 * parameters from the setting table.
 *
 * Why it has its own code path: the caseload is the page a home pedagogue
 * opens first and many times a day, and it was CPU-bound (issue 9): nine
 * queries with 64-id IN lists, a list query that probed enrolment_status
 * once per status and assigned course, and a jansson tree of ~600 values
 * built, dumped and freed per request. Here the rows and facts come from
 * store_caseload (three queries driven by the caller's assignments) and
 * the answer is written straight into a buffer.
 *
 * The answer is byte for byte what the short course form of h_enrolments.c
 * (json_course_short, via jansson's compact dump) gives for the same
 * courses: the same keys in the same order, strings escaped as jansson
 * does. tests/api/caseload_perf.test.mjs compares the two answers; change
 * both together.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/h_course.h"
#include "rede/core.h"
#include "rede/util.h"
#include "store/course_batch.h"

/* The caseload answer is ~0.6 kB per course; start big enough for most. */
#define CASELOAD_BUF_START 16384

/* ---- a compact JSON writer, byte-compatible with json_dumps(JSON_COMPACT) ---- */

/* A JSON string as jansson writes it: '"' and '\\' escaped, control
 * characters as \b \f \n \r \t or \u00XX (upper-case hex), everything
 * else (UTF-8 included) as is. */
static void put_str(struct buf *b, const char *s)
{
	const char *run = s;

	buf_addch(b, '"');
	for (const char *p = s; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		char esc[8];

		if (ch >= 0x20 && ch != '"' && ch != '\\')
			continue;
		buf_add(b, run, (size_t)(p - run));
		run = p + 1;
		switch (ch) {
		case '"': buf_add(b, "\\\"", 2); break;
		case '\\': buf_add(b, "\\\\", 2); break;
		case '\b': buf_add(b, "\\b", 2); break;
		case '\f': buf_add(b, "\\f", 2); break;
		case '\n': buf_add(b, "\\n", 2); break;
		case '\r': buf_add(b, "\\r", 2); break;
		case '\t': buf_add(b, "\\t", 2); break;
		default:
			snprintf(esc, sizeof(esc), "\\u%04X", ch);
			buf_add(b, esc, 6);
			break;
		}
	}
	buf_adds(b, run);
	buf_addch(b, '"');
}

static void put_int(struct buf *b, int64_t v)
{
	char num[24];
	int n = snprintf(num, sizeof(num), "%lld", (long long)v);

	buf_add(b, num, (size_t)n);
}

/* ,"key": (the first key of an object passes first = true) */
static void put_key(struct buf *b, const char *key, bool first)
{
	if (!first)
		buf_addch(b, ',');
	put_str(b, key);
	buf_addch(b, ':');
}

static void key_str(struct buf *b, const char *key, const char *v)
{
	put_key(b, key, false);
	put_str(b, v);
}

static void key_int(struct buf *b, const char *key, int64_t v)
{
	put_key(b, key, false);
	put_int(b, v);
}

/* An id or null for 0 (none). */
static void key_id0(struct buf *b, const char *key, int64_t v)
{
	put_key(b, key, false);
	if (v)
		put_int(b, v);
	else
		buf_add(b, "null", 4);
}

/* json_date: the text, or null for "". */
static void key_date(struct buf *b, const char *key, const char *v)
{
	put_key(b, key, false);
	if (v && *v)
		put_str(b, v);
	else
		buf_add(b, "null", 4);
}

static int32_t text_date(const char *s)
{
	int32_t d;

	return s && rede_date_parse(s, &d) ? d : CORE_NO_DATE;
}

/* One course in the short form (see json_course_short in h_enrolments.c,
 * same keys, same order). */
static void put_course(struct buf *b, const struct enrolment_row *e, const struct course_extra *x,
		       const struct core_course_params *p, int32_t today)
{
	struct core_course_facts f;
	struct core_alert alerts[ALERT_KIND__COUNT];
	int32_t start = text_date(e->start_on);
	int32_t ext = text_date(e->extension_until);
	char limit[STORE_DATE_SIZE];
	size_t n;

	limit[0] = 0;
	if (start != CORE_NO_DATE)
		rede_date_format(core_course_limit(p, start, ext), limit);
	buf_addch(b, '{');
	put_key(b, "id", true);
	put_int(b, e->id);
	key_str(b, "status", e->status);
	key_int(b, "family_id", e->family_id);
	key_str(b, "family_name", x->family_name);
	key_int(b, "child_id", e->child_id);
	key_id0(b, "referral_id", e->referral_id);
	key_id0(b, "unit_id", e->unit_id);
	key_date(b, "legal_frame", e->legal_frame);
	key_date(b, "start_meeting_on", e->start_meeting_on);
	key_date(b, "start_on", e->start_on);
	key_date(b, "planned_end_on", e->planned_end_on);
	key_date(b, "latest_end_on", limit);
	key_date(b, "closed_on", e->closed_on);
	put_key(b, "staff", false);
	buf_addch(b, '[');
	for (size_t i = 0; i < x->nstaff; i++) {
		buf_adds(b, i ? ",{" : "{");
		put_key(b, "id", true);
		put_int(b, x->staff_ids[i]);
		key_str(b, "display_name", x->staff_names[i]);
		buf_addch(b, '}');
	}
	buf_addch(b, ']');
	course_extra_facts(e, x, &f);
	n = core_course_alerts(p, &f, today, alerts);
	put_key(b, "alerts", false);
	buf_addch(b, '[');
	for (size_t i = 0; i < n; i++) {
		buf_adds(b, i ? ",{" : "{");
		put_key(b, "kind", true);
		put_str(b, core_alert_kind_names[alerts[i].kind]);
		key_str(b, "text", alerts[i].text);
		buf_addch(b, '}');
	}
	buf_addch(b, ']');
	key_int(b, "version", e->version);
	put_key(b, "extension", false);
	if (e->extension_reason) {
		buf_addch(b, '{');
		put_key(b, "until", true);
		put_str(b, e->extension_until);
		key_str(b, "reason", e->extension_reason);
		buf_addch(b, '}');
	} else {
		buf_add(b, "null", 4);
	}
	put_key(b, "week", false);
	if (start != CORE_NO_DATE && today >= start)
		put_int(b, core_course_week(start, today));
	else
		buf_add(b, "null", 4);
	put_key(b, "weeks_left", false);
	if (start != CORE_NO_DATE)
		put_int(b, core_course_weeks_left(p, start, ext, today));
	else
		buf_add(b, "null", 4);
	put_key(b, "in_warning_period", false);
	buf_adds(b, start != CORE_NO_DATE && core_course_in_warning(p, start, today) ? "true"
										      : "false");
	key_int(b, "max_weeks", p->max_weeks);
	key_int(b, "warning_week", p->warning_week);
	put_key(b, "rating_scale", false);
	buf_addch(b, '{');
	put_key(b, "min", true);
	put_int(b, p->rating_min);
	key_int(b, "max", p->rating_max);
	buf_addch(b, '}');
	put_key(b, "minutes_per_week", false);
	if (x->minutes_current < 0)
		buf_add(b, "null", 4);
	else
		put_int(b, x->minutes_current);
	buf_addch(b, '}');
}

enum rede_err h_caseload_get(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	struct access_who who = http_who(req);
	struct core_course_params p;
	struct enrolment_row *rows = NULL;
	struct course_extra *x = NULL;
	int32_t today = course_today();
	size_t n = 0;
	struct buf b;
	enum rede_err err;

	req->audit_action = "search";
	req->audit_entity = "enrolment";
	req->audit_detail = xstrdup("caseload");
	err = course_params(req, c, &p);
	if (!err)
		err = store_caseload(c, &who, today, &rows, &x, &n);
	if (err)
		goto done;
	buf_init(&b, 0);
	/* one allocation for most answers instead of eight doublings */
	b.data = xrealloc(b.data, CASELOAD_BUF_START);
	b.alloc = CASELOAD_BUF_START;
	buf_add(&b, "{\"items\":[", 10);
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_addch(&b, ',');
		put_course(&b, &rows[i], &x[i], &p, today);
	}
	buf_add(&b, "]}", 2);
	{
		size_t len;
		char *body = buf_detach(&b, &len);

		/* the Content-Type http_queue gives a JSON answer */
		http_raw(resp, 200, body, len, "application/json; charset=utf-8", NULL);
	}
done:
	store_caseload_free(rows, x, n);
	return err;
}
