/*
 * insight.c - reading everything about a person for a request for insight
 * (see insight.h). Each section is one query per level (courses, their
 * goals, their ratings, ...): a family's rows are few, and the nesting is
 * what a reader follows. The ids of every row go into a list by audit
 * entity, from which the look-ups are read at the end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"
#include "store/insight.h"

#define IN_CHUNK 200

/* Audit entities whose ids belong to the person's records. */
enum ent {
	E_PERSON,
	E_FAMILY,
	E_CONSENT,
	E_REFERRAL,
	E_ENROLMENT,
	E_GOAL,
	E_CONTACT,
	E_OFFER,
	E_VISIT,
	E_CRITERION,
	E_HANDOVER,
	E_COSP_OFFER,
	E_MEMBER,
	E_SCORE,
	E__COUNT
};
static const char *const ent_names[E__COUNT] = {
	"person",
	"family",
	"consent",
	"referral",
	"enrolment",
	"goal",
	"contact",
	"hv_offer",
	"hv_visit",
	"hv_criterion",
	"handover",
	"cosp_offer",
	"family_group_member",
	"daycare_score",
};

struct ids {
	int64_t *v;
	int n, alloc;
};

struct ctx {
	struct store_conn *c;
	int64_t municipality_id;
	bool show_staff;
	enum rede_err err;
	struct ids ids[E__COUNT];
};

static void note_id(struct ctx *x, enum ent e, int64_t id)
{
	struct ids *s = &x->ids[e];

	if (s->n == s->alloc) {
		s->alloc = s->alloc ? s->alloc * 2 : 16;
		s->v = xrealloc(s->v, (size_t)s->alloc * sizeof(*s->v));
	}
	s->v[s->n++] = id;
}

/* Rows of sql (integer parameters) as objects: column -> text or null. */
static json_t *rows(struct ctx *x, const char *sql, int n, const int64_t *params)
{
	json_t *out = json_array();
	struct store_stmt *st;
	enum rede_err err;

	if (x->err)
		return out;
	st = store_prepare(x->c, sql);
	for (int i = 0; i < n; i++) /* the caller's query and its parameter count vary */
		store_bind_int(st, i + 1, params[i]);
	while ((err = store_step(st)) == REDE_ROW) {
		json_t *o = json_object();

		/* by index and name by design: the caller's columns, as JSON */
		for (int i = 0; i < store_col_count(st); i++)
			json_object_set_new(o, store_col_name(st, i),
					    store_col_null(st, i)
						    ? json_null()
						    : json_string(store_col_text(st, i)));
		json_array_append_new(out, o);
	}
	store_finish(st);
	if (err != REDE_DONE)
		x->err = err;
	return out;
}

static json_t *rows1(struct ctx *x, const char *sql, int64_t a)
{
	return rows(x, sql, 1, &a);
}

static int64_t id_of(const json_t *o)
{
	const char *s = json_string_value(json_object_get(o, "id"));

	return s ? strtoll(s, NULL, 10) : 0;
}

/* Note the ids of every row as entity e. */
static void note_all(struct ctx *x, enum ent e, const json_t *arr)
{
	size_t i;
	const json_t *o;

	json_array_foreach(arr, i, o) note_id(x, e, id_of(o));
}

/* Staff names only where the municipality's setting says so. */
#define STAFF(col, alias)                                                                          \
	", CASE WHEN ? = 1 THEN (SELECT display_name FROM app_user WHERE id = " col                \
	") END AS " alias

static const char person_sql[] =
	"SELECT id, kind, given_name, family_name, cpr_box, birth_date, expected_birth_date, phone, "
	"relation, lives_with_child, language, interpreter_needed, created_at FROM person WHERE "
	"id = ?";

static json_t *one(struct ctx *x, const char *sql, int64_t id)
{
	json_t *a = rows1(x, sql, id), *o = json_incref(json_array_get(a, 0));

	json_decref(a);
	return o ? o : json_null();
}

static json_t *courses(struct ctx *x, int64_t family_id)
{
	const int64_t staff = x->show_staff;
	json_t *list =
		rows1(x,
		      "SELECT e.id, e.programme, e.status, e.legal_frame, e.start_meeting_on, "
		      "e.start_on, e.planned_end_on, e.extension_until, e.extension_reason, "
		      "e.closed_on, e.erased_at, u.name AS unit, p.given_name AS child "
		      "FROM enrolment e LEFT JOIN unit u ON u.id = e.unit_id JOIN person p ON "
		      "p.id = e.child_id WHERE e.family_id = ? ORDER BY e.id",
		      family_id);
	size_t i;
	json_t *e;

	note_all(x, E_ENROLMENT, list);
	json_array_foreach(list, i, e)
	{
		int64_t id = id_of(e), p2[2] = {staff, id};
		json_t *goals, *contacts, *cosp, *member, *g;
		size_t j;

		if (x->show_staff)
			json_object_set_new(
				e, "staff",
				rows1(x,
				      "SELECT u.display_name FROM enrolment_staff s JOIN "
				      "app_user u ON u.id = s.user_id WHERE "
				      "s.enrolment_id = ? ORDER BY u.display_name",
				      id));
		json_object_set_new(e, "hours",
				    rows1(x,
					  "SELECT from_date, minutes_per_week FROM "
					  "enrolment_hours WHERE enrolment_id = ? "
					  "ORDER BY from_date, id",
					  id));
		goals = rows1(x,
			      "SELECT id, theme, focus_area, text, baseline, target, agreed_on, "
			      "attainment FROM goal WHERE enrolment_id = ? ORDER BY id",
			      id);
		note_all(x, E_GOAL, goals);
		json_array_foreach(goals, j, g) json_object_set_new(
			g, "ratings",
			rows1(x,
			      "SELECT rated_on, value, rated_by_kind FROM "
			      "goal_rating WHERE goal_id = ? ORDER BY rated_on, id",
			      id_of(g)));
		json_object_set_new(e, "goals", goals);
		contacts = rows(
			x,
			"SELECT id, happened_on, minutes, kind, activities, stance, note, "
			"shared_with_daycare" STAFF(
				"recorded_by",
				"recorded_by") " FROM contact WHERE enrolment_id = ? ORDER BY happened_on, id",
			2, p2);
		note_all(x, E_CONTACT, contacts);
		json_object_set_new(e, "contacts", contacts);
		json_object_set_new(
			e, "closure",
			one(x,
			    "SELECT closed_on, reason, other_intervention, handover_on, "
			    "onward_referral, eval_parenting, eval_learning_environment, "
			    "eval_child_development, eval_daycare_cooperation, "
			    "eval_good_parent FROM closure WHERE enrolment_id = ?",
			    id));
		cosp = one(x,
			   "SELECT o.id, o.offered_on, o.channel, o.status, o.answered_on, "
			   "o.decline_reason, o.slots, o.types, o.placed_on, cc.name AS course, "
			   "cc.start_on AS course_start, cc.place AS course_place, o.dropout_on, "
			   "o.dropout_reason, o.rating, o.rated_on FROM cosp_offer o LEFT JOIN "
			   "cosp_course cc ON cc.id = o.course_id WHERE o.enrolment_id = ?",
			   id);
		if (json_is_object(cosp)) {
			note_id(x, E_COSP_OFFER, id_of(cosp));
			json_object_set_new(
				cosp, "attendance",
				rows1(x,
				      "SELECT s.number, s.held_on, a.attended FROM "
				      "cosp_attendance a JOIN cosp_session s ON s.id = "
				      "a.session_id WHERE a.offer_id = ? ORDER BY s.number",
				      id_of(cosp)));
		}
		json_object_set_new(e, "cosp", cosp);
		member = one(x,
			     "SELECT m.id, g.name AS group_name, g.start_on AS group_start, "
			     "g.weeks AS group_weeks, m.joined_on, m.start_meeting_on, "
			     "m.start_participants, m.left_on, m.left_reason, u.name AS daycare "
			     "FROM family_group_member m JOIN family_group g ON g.id = m.group_id "
			     "JOIN unit u ON u.id = m.daycare_unit_id WHERE m.enrolment_id = ?",
			     id);
		if (json_is_object(member)) {
			json_t *fg = rows1(x,
					   "SELECT id, text, agreed_on FROM family_group_goal "
					   "WHERE member_id = ? ORDER BY id",
					   id_of(member));
			size_t k;
			json_t *fgg;

			note_id(x, E_MEMBER, id_of(member));
			json_array_foreach(fg, k, fgg)
			{
				json_t *sc =
					rows1(x,
					      "SELECT id, scored_on, score, did FROM "
					      "daycare_score WHERE goal_id = ? ORDER BY scored_on",
					      id_of(fgg));
				note_all(x, E_SCORE, sc);
				json_object_set_new(fgg, "scores", sc);
			}
			json_object_set_new(member, "goals", fg);
			json_object_set_new(member, "status_meetings",
					    rows1(x,
						  "SELECT held_on, note FROM status_meeting WHERE "
						  "member_id = ? ORDER BY held_on, id",
						  id_of(member)));
		}
		json_object_set_new(e, "family_group", member);
	}
	return list;
}

static json_t *referrals(struct ctx *x, int64_t family_id)
{
	const int64_t p2[2] = {x->show_staff, family_id};
	json_t *list = rows(
		x,
		"SELECT r.id, r.referred_on, r.source, r.channel, r.reason, r.topi, "
		"r.section52, r.status, r.erased_at, p.given_name AS child" STAFF(
			"r.referred_by",
			"referred_by") " FROM referral r JOIN person p ON p.id = r.child_id WHERE "
				       "r.family_id = ? ORDER BY r.referred_on, r.id",
		2, p2);
	size_t i;
	json_t *r;

	note_all(x, E_REFERRAL, list);
	json_array_foreach(list, i, r)
	{
		int64_t pr[2] = {x->municipality_id, id_of(r)}, pd[2] = {x->show_staff, id_of(r)};

		json_object_set_new(
			r, "risk_factors",
			rows(x,
			     "SELECT COALESCE(f.label, rr.code) AS label FROM "
			     "referral_risk rr LEFT JOIN risk_factor f ON f.code = rr.code "
			     "AND (f.municipality_id = 0 OR f.municipality_id = ?) WHERE "
			     "rr.referral_id = ? ORDER BY rr.code",
			     2, pr));
		json_object_set_new(
			r, "decisions",
			rows(x,
			     "SELECT decided_on, outcome, reason, other_intervention, "
			     "section52_justification" STAFF(
				     "decided_by",
				     "decided_by") " FROM visitation_decision WHERE referral_id = ? ORDER BY "
						   "decided_on, id",
			     2, pd));
	}
	return list;
}

static json_t *health_visits(struct ctx *x, int64_t family_id)
{
	const int64_t p2[2] = {x->show_staff, family_id};
	json_t *list = rows(
		x,
		"SELECT o.id, o.programme, o.criterion, o.offered_on, o.channel, "
		"o.social_measures, o.status, o.answered_on, o.decline_reason, "
		"o.decline_text, o.erased_at, p.given_name AS child" STAFF(
			"o.health_visitor_id",
			"health_visitor") " FROM hv_offer o JOIN person p ON p.id = o.child_id WHERE "
					  "o.family_id = ? ORDER BY o.offered_on, o.id",
		2, p2);
	size_t i;
	json_t *o;

	note_all(x, E_OFFER, list);
	json_array_foreach(list, i, o)
	{
		json_t *visit;

		json_object_set_new(
			o, "attempts",
			rows1(x,
			      "SELECT attempted_on, channel, reached, note FROM "
			      "hv_offer_attempt WHERE offer_id = ? ORDER BY attempted_on, "
			      "id",
			      id_of(o)));
		visit = one(x,
			    "SELECT id, visited_on, minutes, topics, topic_other, referral_within, "
			    "referral_within_to, referral_outside, referral_outside_to, "
			    "parent_rating, note FROM hv_visit WHERE offer_id = ?",
			    id_of(o));
		if (json_is_object(visit)) {
			int64_t pm[2] = {x->municipality_id, id_of(visit)};

			note_id(x, E_VISIT, id_of(visit));
			json_object_set_new(
				visit, "materials",
				rows(x,
				     "SELECT COALESCE(m.label, vm.material_code) AS "
				     "label FROM hv_visit_material vm LEFT JOIN hv_material "
				     "m ON m.code = vm.material_code AND (m.municipality_id "
				     "= 0 OR m.municipality_id = ?) WHERE vm.visit_id = ? "
				     "ORDER BY vm.material_code",
				     2, pm));
		}
		json_object_set_new(o, "visit", visit);
	}
	return list;
}

static json_t *handovers(struct ctx *x, int64_t family_id)
{
	json_t *list = rows1(x,
			     "SELECT h.id, h.held_on, h.participants, u.name AS institution, "
			     "h.erased_at, p.given_name AS child FROM handover h JOIN unit u ON "
			     "u.id = h.unit_id JOIN person p ON p.id = h.child_id WHERE "
			     "h.family_id = ? ORDER BY h.held_on, h.id",
			     family_id);
	size_t i;
	json_t *h;

	note_all(x, E_HANDOVER, list);
	json_array_foreach(list, i, h)
		json_object_set_new(h, "items",
				    rows1(x,
					  "SELECT topic, text FROM handover_item "
					  "WHERE handover_id = ? ORDER BY id",
					  id_of(h)));
	return list;
}

/* An audit entry as lookups reads it; the texts are the statement's. */
struct audit_read {
	int64_t id;
	const char *at, *action, *purpose_code, *route, *staff, *entity;
};
#define AUDIT_COL(expr, kind, field) STORE_COL(expr, kind, struct audit_read, field)
static const struct store_col audit_cols[] = {
	AUDIT_COL("a.id", STORE_COL_INT, id),
	AUDIT_COL("a.at", STORE_COL_CSTR, at),
	AUDIT_COL("a.action", STORE_COL_CSTR, action),
	AUDIT_COL("a.purpose_code", STORE_COL_CSTR, purpose_code),
	AUDIT_COL("a.purpose", STORE_COL_CSTR, route),
	AUDIT_COL("COALESCE((SELECT u.display_name FROM app_user u WHERE u.id = a.user_id), "
		  "a.username)",
		  STORE_COL_CSTR, staff),
	AUDIT_COL("a.entity", STORE_COL_CSTR, entity),
};

/* The audit entries about the noted ids, successful ones, oldest first. */
static json_t *lookups(struct ctx *x)
{
	json_t *out = json_array();

	for (int e = 0; e < E__COUNT && !x->err; e++) {
		const struct ids *s = &x->ids[e];

		for (int from = 0; from < s->n && !x->err; from += IN_CHUNK) {
			int to = from + IN_CHUNK < s->n ? from + IN_CHUNK : s->n;
			struct buf b;
			struct store_stmt *st;
			enum rede_err err;
			char *rest;

			buf_init(&b, 0);
			buf_adds(&b, "FROM audit_log a WHERE a.outcome = 'ok' AND a.entity = ? AND "
				     "a.entity_id IN (");
			for (int i = from; i < to; i++)
				buf_adds(&b, i > from ? ", ?" : "?");
			buf_adds(&b, ") ORDER BY a.id");
			rest = buf_detach(&b, NULL);
			st = store_prepare_select(x->c, audit_cols, STORE_NCOLS(audit_cols), rest);
			store_bind_all(st, STORE_TEXT(ent_names[e]));
			for (int i = from; i < to; i++) {
				char id[24];

				snprintf(id, sizeof(id), "%lld", (long long)s->v[i]);
				/* one per id: the IN list's length varies */
				store_bind_text(st, i - from + 2, id);
			}
			while ((err = store_step(st)) == REDE_ROW) {
				struct audit_read r;
				json_t *o;

				store_read_row(st, audit_cols, STORE_NCOLS(audit_cols), &r);
				o = json_pack("{s:I, s:s, s:s, s:s?, s:s?, s:s}", "id",
					      (json_int_t)r.id, "at", r.at, "action", r.action,
					      "purpose_code", r.purpose_code, "route", r.route,
					      "entity", r.entity);
				if (x->show_staff && r.staff)
					json_object_set_new(o, "staff", json_string(r.staff));
				json_array_append_new(out, o);
			}
			store_finish(st);
			free(rest);
			if (err != REDE_DONE)
				x->err = err;
		}
	}
	return out;
}

static int by_audit_id(const void *a, const void *b)
{
	json_int_t x = json_integer_value(json_object_get(*(json_t *const *)a, "id"));
	json_int_t y = json_integer_value(json_object_get(*(json_t *const *)b, "id"));

	return x < y ? -1 : x > y;
}

static json_t *sorted(json_t *arr)
{
	size_t n = json_array_size(arr);
	json_t **v = xmalloc(sizeof(*v) * (n ? n : 1)), *out = json_array();

	for (size_t i = 0; i < n; i++)
		v[i] = json_array_get(arr, i);
	qsort(v, n, sizeof(*v), by_audit_id);
	for (size_t i = 0; i < n; i++)
		json_array_append(out, v[i]);
	free(v);
	json_decref(arr);
	return out;
}

/* The person asked about and their family. */
struct found_row {
	int64_t id, family_id;
};
static const struct store_col found_cols[] = {
	STORE_COL("p.id", STORE_COL_INT, struct found_row, id),
	STORE_COL("p.family_id", STORE_COL_INT, struct found_row, family_id),
};

enum rede_err store_insight_find(struct store_conn *c, int64_t municipality_id,
				 const char *cpr_hash, int64_t *id, int64_t *family_id)
{
	struct store_stmt *st = store_prepare_select(
		c, found_cols, STORE_NCOLS(found_cols),
		"FROM person p JOIN family f ON f.id = p.family_id WHERE "
		"p.municipality_id = ? AND p.cpr_hash = ? AND f.deleted_at IS NULL");
	enum rede_err err;

	store_bind_all(st, STORE_INT(municipality_id), STORE_TEXT(cpr_hash));
	err = store_step_one(st);
	if (!err) {
		struct found_row r;

		store_read_row(st, found_cols, STORE_NCOLS(found_cols), &r);
		*id = r.id;
		*family_id = r.family_id;
	}
	store_finish(st);
	return err;
}

json_t *store_insight_collect(struct store_conn *c, int64_t municipality_id, int64_t id,
			      int64_t family_id, bool show_staff, enum rede_err *err)
{
	struct ctx x = {c, municipality_id, show_staff, REDE_OK, {{0}}};
	json_t *doc = json_object(), *person, *members, *children = json_array(), *m, *facts;
	bool guardian;
	size_t i;

	person = one(&x, person_sql, id);
	guardian = !strcmp(json_string_value(json_object_get(person, "kind")) ?: "", "guardian");
	note_id(&x, E_PERSON, id);
	note_id(&x, E_FAMILY, family_id);
	json_object_set_new(doc, "person", person);
	json_object_set_new(
		doc, "family",
		one(&x, "SELECT id, name, created_at FROM family WHERE id = ?", family_id));
	{
		int64_t p2[2] = {family_id, id};

		members = rows(&x,
			       "SELECT id, kind, given_name, family_name, relation, birth_date, "
			       "expected_birth_date FROM person WHERE family_id = ? AND id <> ? "
			       "ORDER BY id",
			       2, p2);
	}
	/* a guardian's insight covers the children's data too */
	json_array_foreach(members, i, m)
	{
		if (guardian &&
		    !strcmp(json_string_value(json_object_get(m, "kind")) ?: "", "child")) {
			json_array_append_new(children, one(&x, person_sql, id_of(m)));
			note_id(&x, E_PERSON, id_of(m));
		}
	}
	json_object_set_new(doc, "members", members);
	json_object_set_new(doc, "children", children);
	{
		json_t *consents = rows1(&x,
					 "SELECT c.id, c.purpose, c.given_on, c.withdrawn_on, "
					 "g.given_name || ' ' || g.family_name AS guardian FROM "
					 "consent c JOIN person g ON g.id = c.guardian_id WHERE "
					 "c.family_id = ? ORDER BY c.given_on, c.id",
					 family_id);
		note_all(&x, E_CONSENT, consents);
		json_object_set_new(doc, "consents", consents);
	}
	json_object_set_new(doc, "referrals", referrals(&x, family_id));
	json_object_set_new(doc, "courses", courses(&x, family_id));
	json_object_set_new(doc, "health_visits", health_visits(&x, family_id));
	facts = rows1(&x,
		      "SELECT c.id, c.kind, c.topi, c.visit_count, c.recorded_on, c.note, "
		      "p.given_name AS child FROM hv_criterion c JOIN person p ON p.id = "
		      "c.child_id WHERE c.family_id = ? ORDER BY c.recorded_on, c.id",
		      family_id);
	note_all(&x, E_CRITERION, facts);
	json_object_set_new(doc, "selection_facts", facts);
	json_object_set_new(doc, "handovers", handovers(&x, family_id));
	json_object_set_new(doc, "legal_holds",
			    rows1(&x,
				  "SELECT reason, set_at, cleared_at, clear_reason FROM "
				  "legal_hold WHERE family_id = ? ORDER BY id",
				  family_id));
	json_object_set_new(doc, "lookups", sorted(lookups(&x)));
	for (int e = 0; e < E__COUNT; e++)
		free(x.ids[e].v);
	*err = x.err;
	if (x.err) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}
