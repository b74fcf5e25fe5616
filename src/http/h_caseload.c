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
 * store_caseload (three queries, driven by the caller's open assignments
 * kept apart on write: caseload_open, issue 22) and the answer is written
 * straight into a buffer.
 *
 * The answer is byte for byte what the short course form of h_enrolments.c
 * (json_course_short, via jansson's compact dump) gives for the same
 * courses: the same keys in the same order, strings escaped as jansson
 * does. tests/api/caseload.test.mjs compares the two answers; change
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
	char num[24], *p = num + sizeof(num);
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;

	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	buf_add(b, p, (size_t)(num + sizeof(num) - p));
}

static void put_null(struct buf *b)
{
	buf_add(b, "null", 4);
}

/* Keys are literals that need no escaping: ,"key": in one append. */
#define KEY(b, k) buf_add((b), ",\"" k "\":", sizeof(",\"" k "\":") - 1)
#define KEY1(b, k) buf_add((b), "{\"" k "\":", sizeof("{\"" k "\":") - 1)

/* json_date: the text, or null for "". */
static void put_date(struct buf *b, const char *v)
{
	if (v && *v)
		put_str(b, v);
	else
		put_null(b);
}

/* An id, or null for 0 (none). */
static void put_id0(struct buf *b, int64_t v)
{
	if (v)
		put_int(b, v);
	else
		put_null(b);
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
	KEY1(b, "id");
	put_int(b, e->id);
	KEY(b, "status");
	put_str(b, e->status);
	KEY(b, "family_id");
	put_int(b, e->family_id);
	KEY(b, "family_name");
	put_str(b, x->family_name);
	KEY(b, "child_id");
	put_int(b, e->child_id);
	KEY(b, "referral_id");
	put_id0(b, e->referral_id);
	KEY(b, "unit_id");
	put_id0(b, e->unit_id);
	KEY(b, "legal_frame");
	put_date(b, e->legal_frame);
	KEY(b, "start_meeting_on");
	put_date(b, e->start_meeting_on);
	KEY(b, "start_on");
	put_date(b, e->start_on);
	KEY(b, "planned_end_on");
	put_date(b, e->planned_end_on);
	KEY(b, "latest_end_on");
	put_date(b, limit);
	KEY(b, "closed_on");
	put_date(b, e->closed_on);
	KEY(b, "staff");
	buf_addch(b, '[');
	for (size_t i = 0; i < x->nstaff; i++) {
		if (i)
			buf_addch(b, ',');
		KEY1(b, "id");
		put_int(b, x->staff_ids[i]);
		KEY(b, "display_name");
		put_str(b, x->staff_names[i]);
		buf_addch(b, '}');
	}
	buf_addch(b, ']');
	course_extra_facts(e, x, &f);
	n = core_course_alerts(p, &f, today, alerts);
	KEY(b, "alerts");
	buf_addch(b, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_addch(b, ',');
		KEY1(b, "kind");
		put_str(b, core_alert_kind_names[alerts[i].kind]);
		KEY(b, "text");
		put_str(b, alerts[i].text);
		buf_addch(b, '}');
	}
	buf_addch(b, ']');
	KEY(b, "version");
	put_int(b, e->version);
	KEY(b, "extension");
	if (e->extension_reason) {
		KEY1(b, "until");
		put_str(b, e->extension_until);
		KEY(b, "reason");
		put_str(b, e->extension_reason);
		buf_addch(b, '}');
	} else {
		put_null(b);
	}
	KEY(b, "week");
	if (start != CORE_NO_DATE && today >= start)
		put_int(b, core_course_week(start, today));
	else
		put_null(b);
	KEY(b, "weeks_left");
	if (start != CORE_NO_DATE)
		put_int(b, core_course_weeks_left(p, start, ext, today));
	else
		put_null(b);
	KEY(b, "in_warning_period");
	buf_adds(b, start != CORE_NO_DATE && core_course_in_warning(p, start, today) ? "true"
										     : "false");
	KEY(b, "max_weeks");
	put_int(b, p->max_weeks);
	KEY(b, "warning_week");
	put_int(b, p->warning_week);
	KEY(b, "rating_scale");
	KEY1(b, "min");
	put_int(b, p->rating_min);
	KEY(b, "max");
	put_int(b, p->rating_max);
	buf_addch(b, '}');
	KEY(b, "minutes_per_week");
	if (x->minutes_current < 0)
		put_null(b);
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
	int32_t today = rede_today();
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
