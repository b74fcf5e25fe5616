/*
 * cases.c - a municipality's records as cases, with their end and newest
 * entry (see cases.h for what "ended" means per kind).
 *
 * One query per kind reads the root rows with the dates that matter; the
 * newest entry is the largest of those dates, computed here (GREATEST is
 * not portable SQL). Families come last, from the cases read before them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"
#include "store/cases.h"

#define MAX_DATES 8

static int32_t day_of(struct store_stmt *st, int col)
{
	int32_t d;
	const char *s = store_col_text(st, col);

	return s && rede_date_parse(s, &d) ? d : CORE_NO_DATE;
}

static int32_t newest(const int32_t *d, int n)
{
	int32_t m = CORE_NO_DATE;

	for (int i = 0; i < n; i++)
		if (d[i] != CORE_NO_DATE && d[i] > m)
			m = d[i];
	return m;
}

static struct store_case *push(struct store_case_list *l)
{
	if (l->n == l->alloc) {
		l->alloc = l->alloc ? l->alloc * 2 : 256;
		l->items = xrealloc(l->items, (size_t)l->alloc * sizeof(*l->items));
	}
	memset(&l->items[l->n], 0, sizeof(l->items[0]));
	return &l->items[l->n++];
}

/* The queries. Columns: 0 id, 1 family_id, 2 referral_id, 3 programme,
 * 4 erased_at, 5 created_at, then the kind's own from OWN. */
#define OWN 6
static const char course_hp_sql[] =
	"SELECT e.id, e.family_id, e.referral_id, e.programme, e.erased_at, e.created_at, e.closed_on, "
	"e.start_on, (SELECT MAX(k.happened_on) FROM contact k WHERE k.enrolment_id = e.id), "
	"(SELECT MAX(r.rated_on) FROM goal_rating r JOIN goal g ON g.id = r.goal_id "
	" WHERE g.enrolment_id = e.id), "
	"(SELECT MAX(g.agreed_on) FROM goal g WHERE g.enrolment_id = e.id), "
	"(SELECT cl.closed_on FROM closure cl WHERE cl.enrolment_id = e.id) "
	"FROM enrolment e WHERE e.municipality_id = ? AND e.programme = 'home_pedagogue' "
	"ORDER BY e.id";

static const char course_cosp_sql[] =
	"SELECT e.id, e.family_id, e.referral_id, e.programme, e.erased_at, e.created_at, e.closed_on, "
	"(SELECT MAX(s.held_on) FROM cosp_session s JOIN cosp_course cc ON cc.id = s.course_id "
	" WHERE s.course_id = o.course_id AND cc.cancelled_on IS NULL), "
	"o.offered_on, o.answered_on, o.placed_on, o.dropout_on, o.rated_on "
	"FROM enrolment e JOIN cosp_offer o ON o.enrolment_id = e.id "
	"WHERE e.municipality_id = ? AND e.programme = 'cosp' ORDER BY e.id";

static const char course_fg_sql[] =
	"SELECT e.id, e.family_id, e.referral_id, e.programme, e.erased_at, e.created_at, e.closed_on, "
	"g.start_on, g.weeks, m.joined_on, m.start_meeting_on, "
	"(SELECT MAX(d.scored_on) FROM daycare_score d JOIN family_group_goal fg "
	" ON fg.id = d.goal_id WHERE fg.member_id = m.id), "
	"(SELECT MAX(sm.held_on) FROM status_meeting sm WHERE sm.member_id = m.id) "
	"FROM enrolment e JOIN family_group_member m ON m.enrolment_id = e.id "
	"JOIN family_group g ON g.id = m.group_id "
	"WHERE e.municipality_id = ? AND e.programme = 'family_group' ORDER BY e.id";

static const char referral_sql[] =
	"SELECT r.id, r.family_id, r.id, r.programme, r.erased_at, r.created_at, r.status, r.last_decided_on, "
	"r.referred_on FROM referral r WHERE r.municipality_id = ? "
	"AND NOT EXISTS (SELECT 1 FROM enrolment e WHERE e.referral_id = r.id) ORDER BY r.id";

static const char offer_sql[] =
	"SELECT o.id, o.family_id, 0, o.programme, o.erased_at, o.created_at, o.status, o.offered_on, "
	"o.answered_on, v.visited_on, "
	"(SELECT MAX(a.attempted_on) FROM hv_offer_attempt a WHERE a.offer_id = o.id) "
	"FROM hv_offer o LEFT JOIN hv_visit v ON v.offer_id = o.id "
	"WHERE o.municipality_id = ? ORDER BY o.id";

static const char handover_sql[] =
	"SELECT h.id, h.family_id, 0, 'daycare', h.erased_at, h.created_at, h.held_on FROM handover h "
	"WHERE h.municipality_id = ? ORDER BY h.id";

static const char family_sql[] =
	"SELECT f.id, f.created_at, f.deleted_at, "
	"(SELECT count(*) FROM legal_hold l WHERE l.family_id = f.id AND l.cleared_at IS NULL) "
	"FROM family f WHERE f.municipality_id = ? ORDER BY f.id";

/* Fill the kind's end and last from the row; today for "once past". */
typedef void (*dates_fn)(struct store_stmt *st, int32_t today, struct store_case *k);

static void course_hp_dates(struct store_stmt *st, int32_t today, struct store_case *k)
{
	int32_t d[MAX_DATES];
	(void)today;

	k->end = day_of(st, OWN + 0);
	for (int i = 0; i < 6; i++)
		d[i] = day_of(st, OWN + i);
	k->last = newest(d, 6);
}

static void course_cosp_dates(struct store_stmt *st, int32_t today, struct store_case *k)
{
	int32_t d[MAX_DATES], last_session = day_of(st, OWN + 1), placed = day_of(st, OWN + 4);

	k->end = day_of(st, OWN + 0);
	if (k->end == CORE_NO_DATE && placed != CORE_NO_DATE && last_session != CORE_NO_DATE &&
	    last_session < today)
		k->end = last_session;
	for (int i = 0; i < 7; i++)
		d[i] = day_of(st, OWN + i);
	if (k->end == CORE_NO_DATE || last_session > k->end)
		d[1] = CORE_NO_DATE; /* a course the family left: its later sessions are not theirs */
	k->last = newest(d, 7);
}

static void course_fg_dates(struct store_stmt *st, int32_t today, struct store_case *k)
{
	int32_t d[MAX_DATES], start = day_of(st, OWN + 1), group_end = CORE_NO_DATE;

	if (start != CORE_NO_DATE)
		group_end = start + (int32_t)store_col_int(st, OWN + 2) * 7 - 1;
	k->end = day_of(st, OWN + 0);
	if (k->end == CORE_NO_DATE && group_end != CORE_NO_DATE && group_end < today)
		k->end = group_end;
	d[0] = k->end;
	for (int i = 3; i < 7; i++)
		d[i - 2] = day_of(st, OWN + i);
	k->last = newest(d, 5);
}

static void referral_dates(struct store_stmt *st, int32_t today, struct store_case *k)
{
	const char *status = store_col_text(st, OWN + 0);
	int32_t d[2] = {day_of(st, OWN + 1), day_of(st, OWN + 2)};
	(void)today;

	k->end = CORE_NO_DATE;
	if (status && (!strcmp(status, "rejected") || !strcmp(status, "referred_elsewhere") ||
		       !strcmp(status, "declined_by_family")))
		k->end = d[0] != CORE_NO_DATE ? d[0] : d[1];
	k->last = newest(d, 2);
}

static void offer_dates(struct store_stmt *st, int32_t today, struct store_case *k)
{
	const char *status = store_col_text(st, OWN + 0);
	int32_t d[4] = {day_of(st, OWN + 1), day_of(st, OWN + 2), day_of(st, OWN + 3),
			day_of(st, OWN + 4)};
	(void)today;

	k->end = CORE_NO_DATE;
	if (status && !strcmp(status, "visited"))
		k->end = d[2];
	else if (status && (!strcmp(status, "declined") || !strcmp(status, "never_reached")))
		k->end = d[1] != CORE_NO_DATE ? d[1] : newest(d, 4);
	k->last = newest(d, 4);
}

static void handover_dates(struct store_stmt *st, int32_t today, struct store_case *k)
{
	(void)today;
	k->end = k->last = day_of(st, OWN + 0);
}

static enum rede_err load_kind(struct store_conn *c, const char *sql, enum core_case_kind kind,
			       dates_fn dates, int64_t municipality_id, int32_t today,
			       struct store_case_list *out)
{
	struct store_stmt *st = store_prepare(c, sql);
	enum rede_err err;

	store_bind_all(st, STORE_INT(municipality_id));
	while ((err = store_step(st)) == REDE_ROW) {
		struct store_case *k = push(out);

		k->kind = kind;
		k->id = store_col_int(st, 0);
		k->family_id = store_col_int(st, 1);
		k->referral_id = store_col_int0(st, 2);
		store_col_copy(st, 3, k->programme, sizeof(k->programme));
		k->erased = !store_col_null(st, 4);
		k->created = store_col_int(st, 5);
		dates(st, today, k);
		if (k->end != CORE_NO_DATE && k->last < k->end)
			k->last = k->end;
	}
	store_finish(st);
	return err == REDE_DONE ? REDE_OK : err;
}

static int by_family(const void *a, const void *b)
{
	const struct store_case *x = a, *y = b;

	return x->family_id < y->family_id ? -1 : x->family_id > y->family_id;
}

/* Families from the cases before them: ended when all their cases ended. */
static enum rede_err load_families(struct store_conn *c, int64_t municipality_id,
				   struct store_case_list *out)
{
	struct store_case *sorted;
	struct store_stmt *st;
	int ncases = out->n, j = 0;
	enum rede_err err;

	sorted = xmalloc(sizeof(*sorted) * (size_t)(ncases ? ncases : 1));
	if (ncases) {
		memcpy(sorted, out->items, sizeof(*sorted) * (size_t)ncases);
		qsort(sorted, (size_t)ncases, sizeof(*sorted), by_family);
	}
	st = store_prepare(c, family_sql);
	store_bind_all(st, STORE_INT(municipality_id));
	while ((err = store_step(st)) == REDE_ROW) {
		int64_t fid = store_col_int(st, 0);
		int32_t created = rede_dk_day(store_col_int(st, 1)), end = CORE_NO_DATE;
		bool open = false, held = store_col_int(st, 3) > 0;
		int pending = 0, all = 0;
		struct store_case *k;

		while (j < ncases && sorted[j].family_id < fid)
			j++;
		for (; j < ncases && sorted[j].family_id == fid; j++) {
			all++;
			if (!sorted[j].erased)
				pending++;
			if (sorted[j].end == CORE_NO_DATE)
				open = true;
			else if (sorted[j].end > end)
				end = sorted[j].end;
		}
		k = push(out);
		k->kind = CASE_FAMILY;
		snprintf(k->programme, sizeof(k->programme), "all");
		k->id = k->family_id = fid;
		k->erased = !store_col_null(st, 2);
		k->created = store_col_int(st, 1);
		k->held = held;
		k->open_cases = pending;
		k->cases = all;
		/* with cases, the family ends with the last of them (rows may be
		 * created after the fact, by an import); without, when created */
		k->end = open ? CORE_NO_DATE : all ? end : created;
		k->last = k->end;
	}
	store_finish(st);
	/* the hold of a family covers all its cases */
	if (err == REDE_DONE) {
		for (int i = ncases; i < out->n; i++) {
			if (!out->items[i].held)
				continue;
			for (int x = 0; x < ncases; x++)
				if (out->items[x].family_id == out->items[i].id)
					out->items[x].held = true;
		}
	}
	free(sorted);
	return err == REDE_DONE ? REDE_OK : err;
}

enum rede_err store_cases_load(struct store_conn *c, int64_t municipality_id, int32_t today,
			       struct store_case_list *out)
{
	static const struct {
		const char *sql;
		enum core_case_kind kind;
		dates_fn dates;
	} kinds[] = {
		{course_hp_sql, CASE_COURSE, course_hp_dates},
		{course_cosp_sql, CASE_COURSE, course_cosp_dates},
		{course_fg_sql, CASE_COURSE, course_fg_dates},
		{referral_sql, CASE_REFERRAL, referral_dates},
		{offer_sql, CASE_HEALTH_VISIT, offer_dates},
		{handover_sql, CASE_HANDOVER, handover_dates},
	};
	enum rede_err err = REDE_OK;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]) && !err; i++)
		err = load_kind(c, kinds[i].sql, kinds[i].kind, kinds[i].dates, municipality_id,
				today, out);
	if (!err)
		err = load_families(c, municipality_id, out);
	if (err)
		store_case_list_release(out);
	return err;
}

void store_case_list_release(struct store_case_list *l)
{
	free(l->items);
	memset(l, 0, sizeof(*l));
}
