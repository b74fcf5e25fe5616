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

static int32_t day_of(const char *s)
{
	int32_t d;

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

/* A root row as read: the columns every kind has go into the case, the
 * kind's own (dates as the statement's text, and a family group's weeks)
 * after them, at the places its dates function reads. */
struct case_read {
	struct store_case k;
	const char *own[MAX_DATES];
	int64_t weeks;
};
#define CASE_COMMON(x_id, x_family, x_referral, x_programme, x_erased_at, x_created_at)            \
	STORE_COL(x_id, STORE_COL_INT, struct case_read, k.id),                                    \
		STORE_COL(x_family, STORE_COL_INT, struct case_read, k.family_id),                 \
		STORE_COL(x_referral, STORE_COL_INT0, struct case_read, k.referral_id),            \
		STORE_COL(x_programme, STORE_COL_TEXT, struct case_read, k.programme),             \
		STORE_COL("CASE WHEN " x_erased_at " IS NULL THEN 0 ELSE 1 END", STORE_COL_BOOL,   \
			  struct case_read, k.erased),                                             \
		STORE_COL(x_created_at, STORE_COL_INT, struct case_read, k.created)
#define CASE_ENROLMENT                                                                             \
	CASE_COMMON("e.id", "e.family_id", "e.referral_id", "e.programme", "e.erased_at",          \
		    "e.created_at")
#define OWN(i, expr) STORE_COL(expr, STORE_COL_CSTR, struct case_read, own[i])

static const struct store_col course_hp_cols[] = {
	CASE_ENROLMENT,
	OWN(0, "e.closed_on"),
	OWN(1, "e.start_on"),
	OWN(2, "(SELECT MAX(k.happened_on) FROM contact k WHERE k.enrolment_id = e.id)"),
	OWN(3, "(SELECT MAX(r.rated_on) FROM goal_rating r JOIN goal g ON g.id = r.goal_id "
	       " WHERE g.enrolment_id = e.id)"),
	OWN(4, "(SELECT MAX(g.agreed_on) FROM goal g WHERE g.enrolment_id = e.id)"),
	OWN(5, "(SELECT cl.closed_on FROM closure cl WHERE cl.enrolment_id = e.id)"),
};
static const char course_hp_rest[] =
	"FROM enrolment e WHERE e.municipality_id = ? AND e.programme = 'home_pedagogue' "
	"ORDER BY e.id";

static const struct store_col course_cosp_cols[] = {
	CASE_ENROLMENT,
	OWN(0, "e.closed_on"),
	OWN(1, "(SELECT MAX(s.held_on) FROM cosp_session s JOIN cosp_course cc ON cc.id = "
	       "s.course_id WHERE s.course_id = o.course_id AND cc.cancelled_on IS NULL)"),
	OWN(2, "o.offered_on"),
	OWN(3, "o.answered_on"),
	OWN(4, "o.placed_on"),
	OWN(5, "o.dropout_on"),
	OWN(6, "o.rated_on"),
};
static const char course_cosp_rest[] =
	"FROM enrolment e JOIN cosp_offer o ON o.enrolment_id = e.id "
	"WHERE e.municipality_id = ? AND e.programme = 'cosp' ORDER BY e.id";

static const struct store_col course_fg_cols[] = {
	CASE_ENROLMENT,
	OWN(0, "e.closed_on"),
	OWN(1, "g.start_on"),
	STORE_COL("g.weeks", STORE_COL_INT, struct case_read, weeks),
	OWN(3, "m.joined_on"),
	OWN(4, "m.start_meeting_on"),
	OWN(5, "(SELECT MAX(d.scored_on) FROM daycare_score d JOIN family_group_goal fg "
	       " ON fg.id = d.goal_id WHERE fg.member_id = m.id)"),
	OWN(6, "(SELECT MAX(sm.held_on) FROM status_meeting sm WHERE sm.member_id = m.id)"),
};
static const char course_fg_rest[] =
	"FROM enrolment e JOIN family_group_member m ON m.enrolment_id = e.id "
	"JOIN family_group g ON g.id = m.group_id "
	"WHERE e.municipality_id = ? AND e.programme = 'family_group' ORDER BY e.id";

static const struct store_col referral_cols[] = {
	CASE_COMMON("r.id", "r.family_id", "r.id", "r.programme", "r.erased_at", "r.created_at"),
	OWN(0, "r.status"),
	OWN(1, "r.last_decided_on"),
	OWN(2, "r.referred_on"),
};
static const char referral_rest[] =
	"FROM referral r WHERE r.municipality_id = ? "
	"AND NOT EXISTS (SELECT 1 FROM enrolment e WHERE e.referral_id = r.id) ORDER BY r.id";

static const struct store_col offer_cols[] = {
	CASE_COMMON("o.id", "o.family_id", "0", "o.programme", "o.erased_at", "o.created_at"),
	OWN(0, "o.status"),
	OWN(1, "o.offered_on"),
	OWN(2, "o.answered_on"),
	OWN(3, "v.visited_on"),
	OWN(4, "(SELECT MAX(a.attempted_on) FROM hv_offer_attempt a WHERE a.offer_id = o.id)"),
};
static const char offer_rest[] = "FROM hv_offer o LEFT JOIN hv_visit v ON v.offer_id = o.id "
				 "WHERE o.municipality_id = ? ORDER BY o.id";

static const struct store_col handover_cols[] = {
	CASE_COMMON("h.id", "h.family_id", "0", "'daycare'", "h.erased_at", "h.created_at"),
	OWN(0, "h.held_on"),
};
static const char handover_rest[] = "FROM handover h WHERE h.municipality_id = ? ORDER BY h.id";

/* A family as read. */
struct family_read {
	int64_t id;
	int64_t created;
	bool deleted;
	int64_t holds; /* legal holds not cleared */
};
static const struct store_col family_cols[] = {
	STORE_COL("f.id", STORE_COL_INT, struct family_read, id),
	STORE_COL("f.created_at", STORE_COL_INT, struct family_read, created),
	STORE_COL("CASE WHEN f.deleted_at IS NULL THEN 0 ELSE 1 END", STORE_COL_BOOL,
		  struct family_read, deleted),
	STORE_COL("(SELECT count(*) FROM legal_hold l WHERE l.family_id = f.id AND "
		  "l.cleared_at IS NULL)",
		  STORE_COL_INT, struct family_read, holds),
};

/* Fill the kind's end and last from the row; today for "once past". */
typedef void (*dates_fn)(const struct case_read *r, int32_t today, struct store_case *k);

static void course_hp_dates(const struct case_read *r, int32_t today, struct store_case *k)
{
	int32_t d[MAX_DATES];
	(void)today;

	k->end = day_of(r->own[0]);
	for (int i = 0; i < 6; i++)
		d[i] = day_of(r->own[i]);
	k->last = newest(d, 6);
}

static void course_cosp_dates(const struct case_read *r, int32_t today, struct store_case *k)
{
	int32_t d[MAX_DATES], last_session = day_of(r->own[1]), placed = day_of(r->own[4]);

	k->end = day_of(r->own[0]);
	if (k->end == CORE_NO_DATE && placed != CORE_NO_DATE && last_session != CORE_NO_DATE &&
	    last_session < today)
		k->end = last_session;
	for (int i = 0; i < 7; i++)
		d[i] = day_of(r->own[i]);
	if (k->end == CORE_NO_DATE || last_session > k->end)
		d[1] = CORE_NO_DATE; /* a course the family left: its later sessions are not theirs */
	k->last = newest(d, 7);
}

static void course_fg_dates(const struct case_read *r, int32_t today, struct store_case *k)
{
	int32_t d[MAX_DATES], start = day_of(r->own[1]), group_end = CORE_NO_DATE;

	if (start != CORE_NO_DATE)
		group_end = start + (int32_t)r->weeks * 7 - 1;
	k->end = day_of(r->own[0]);
	if (k->end == CORE_NO_DATE && group_end != CORE_NO_DATE && group_end < today)
		k->end = group_end;
	d[0] = k->end;
	for (int i = 3; i < 7; i++)
		d[i - 2] = day_of(r->own[i]);
	k->last = newest(d, 5);
}

static void referral_dates(const struct case_read *r, int32_t today, struct store_case *k)
{
	const char *status = r->own[0];
	int32_t d[2] = {day_of(r->own[1]), day_of(r->own[2])};
	(void)today;

	k->end = CORE_NO_DATE;
	if (status && (!strcmp(status, "rejected") || !strcmp(status, "referred_elsewhere") ||
		       !strcmp(status, "declined_by_family")))
		k->end = d[0] != CORE_NO_DATE ? d[0] : d[1];
	k->last = newest(d, 2);
}

static void offer_dates(const struct case_read *r, int32_t today, struct store_case *k)
{
	const char *status = r->own[0];
	int32_t d[4] = {day_of(r->own[1]), day_of(r->own[2]), day_of(r->own[3]), day_of(r->own[4])};
	(void)today;

	k->end = CORE_NO_DATE;
	if (status && !strcmp(status, "visited"))
		k->end = d[2];
	else if (status && (!strcmp(status, "declined") || !strcmp(status, "never_reached")))
		k->end = d[1] != CORE_NO_DATE ? d[1] : newest(d, 4);
	k->last = newest(d, 4);
}

static void handover_dates(const struct case_read *r, int32_t today, struct store_case *k)
{
	(void)today;
	k->end = k->last = day_of(r->own[0]);
}

static enum rede_err load_kind(struct store_conn *c, const struct store_col *cols, size_t ncols,
			       const char *rest, enum core_case_kind kind, dates_fn dates,
			       int64_t municipality_id, int32_t today, struct store_case_list *out)
{
	struct store_stmt *st = store_prepare_select(c, cols, ncols, rest);
	enum rede_err err;

	store_bind_all(st, STORE_INT(municipality_id));
	while ((err = store_step(st)) == REDE_ROW) {
		struct store_case *k = push(out);
		struct case_read r;

		memset(&r, 0, sizeof(r));
		store_read_row(st, cols, ncols, &r);
		*k = r.k;
		k->kind = kind;
		dates(&r, today, k);
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
	st = store_prepare_select(c, family_cols, STORE_NCOLS(family_cols),
				  "FROM family f WHERE f.municipality_id = ? ORDER BY f.id");
	store_bind_all(st, STORE_INT(municipality_id));
	while ((err = store_step(st)) == REDE_ROW) {
		struct family_read f;
		int64_t fid;
		int32_t created, end = CORE_NO_DATE;
		bool open = false, held;
		int pending = 0, all = 0;
		struct store_case *k;

		store_read_row(st, family_cols, STORE_NCOLS(family_cols), &f);
		fid = f.id;
		created = rede_dk_day(f.created);
		held = f.holds > 0;

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
		k->erased = f.deleted;
		k->created = f.created;
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
		const struct store_col *cols;
		size_t ncols;
		const char *rest;
		enum core_case_kind kind;
		dates_fn dates;
	} kinds[] = {
		{course_hp_cols, STORE_NCOLS(course_hp_cols), course_hp_rest, CASE_COURSE,
		 course_hp_dates},
		{course_cosp_cols, STORE_NCOLS(course_cosp_cols), course_cosp_rest, CASE_COURSE,
		 course_cosp_dates},
		{course_fg_cols, STORE_NCOLS(course_fg_cols), course_fg_rest, CASE_COURSE,
		 course_fg_dates},
		{referral_cols, STORE_NCOLS(referral_cols), referral_rest, CASE_REFERRAL,
		 referral_dates},
		{offer_cols, STORE_NCOLS(offer_cols), offer_rest, CASE_HEALTH_VISIT, offer_dates},
		{handover_cols, STORE_NCOLS(handover_cols), handover_rest, CASE_HANDOVER,
		 handover_dates},
	};
	enum rede_err err = REDE_OK;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]) && !err; i++)
		err = load_kind(c, kinds[i].cols, kinds[i].ncols, kinds[i].rest, kinds[i].kind,
				kinds[i].dates, municipality_id, today, out);
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
