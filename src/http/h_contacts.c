/*
 * h_contacts.c - what happened in a course (DOMAIN §1.1 "Content of
 * sessions"): date, minutes, kind, activities, the pedagogue's stance
 * (in front of / beside / behind the parents), goals worked on and a
 * journal note.
 *
 * Network meetings with daycare, and anything shared with daycare, need
 * the parents' share_daycare consent in force on the contact's date
 * (store_consent_active); without it the contact is refused (409) and
 * nothing is written. A network meeting may be recorded ahead with a
 * future date (that is a planned meeting; the caseload warns when its
 * consent is later withdrawn); other contacts cannot lie in the future.
 *
 * A contact made offline (issue 20) comes with "recorded_at", the client's
 * time (record_time.h), and may send If-Match with the course's ETag as the
 * device saw it: a course changed since then answers 412 with the course as
 * it is now, so the user decides again instead of the record landing on a
 * course that is no longer what they saw.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/h_course.h"
#include "http/record_time.h"
#include "rede/util.h"
#include "store/contacts.h"
#include "store/families.h"

static json_t *json_contact(const struct contact_row *r)
{
	json_t *acts = json_array(), *goals = json_array();
	char buf[sizeof(r->activities)], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", r->activities);
	for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save))
		json_array_append_new(acts, json_string(t));
	for (size_t i = 0; i < r->ngoals; i++)
		json_array_append_new(goals, json_integer(r->goal_ids[i]));
	json_t *o =
		json_pack("{s:I, s:I, s:s, s:I, s:s, s:o, s:o, s:o, s:o, s:b, s:o}", "id",
			  (json_int_t)r->id, "enrolment_id", (json_int_t)r->enrolment_id,
			  "happened_on", r->happened_on, "minutes", (json_int_t)r->minutes, "kind",
			  r->kind, "activities", acts, "stance", json_date(r->stance), "goal_ids",
			  goals, "note", r->note ? json_string(r->note) : json_null(),
			  "shared_with_daycare", r->shared_with_daycare, "recorded_by",
			  r->recorded_by ? json_integer(r->recorded_by) : json_null());

	http_record_times_json(o, r->recorded_at, r->created_at);
	return o;
}

/* 412 with the course as it is now. */
static enum rede_err course_stale(struct http_req *req, struct store_conn *c,
				  const struct enrolment_row *e, struct http_resp *resp)
{
	struct core_course_params p;
	json_t *o = NULL;
	enum rede_err err = course_params(req, c, &p);

	if (!err)
		err = json_course(c, e, &p, rede_today(), true, &o);
	if (!err)
		http_precondition_failed_current(resp, o, "enrolment", e->id, e->version);
	return err;
}

/* activities: distinct names from core_activity_names, kept as a comma
 * list in the stable order of the table. */
static void activities_parse(const json_t *arr, struct contact_row *r, struct http_resp *resp)
{
	bool seen[ACTIVITY__COUNT] = {false};
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v)
	{
		int k = core_course_name_index(core_activity_names, ACTIVITY__COUNT,
					       json_is_string(v) ? json_string_value(v) : NULL);
		if (k == ACTIVITY__COUNT) {
			http_field_error(
				resp, "activities",
				"Ukendt aktivitet: vælg observation, advice, guidance, play "
				"eller other");
			return;
		}
		seen[k] = true;
	}
	r->activities[0] = 0;
	for (int k = 0; k < ACTIVITY__COUNT; k++)
		if (seen[k]) {
			size_t n = strlen(r->activities);
			snprintf(r->activities + n, sizeof(r->activities) - n, "%s%s", n ? "," : "",
				 core_activity_names[k]);
		}
}

/* goal_ids: goals of this course. */
static enum rede_err goals_parse(struct store_conn *c, const json_t *arr,
				 const struct enrolment_row *e, struct contact_row *r,
				 struct http_resp *resp)
{
	size_t i;
	json_t *v;

	r->ngoals = 0;
	json_array_foreach(arr, i, v)
	{
		struct goal_row g;
		bool dup = false;
		enum rede_err err;

		if (!json_is_integer(v) || r->ngoals == CONTACT_MAX_GOALS) {
			http_field_error(resp, "goal_ids", "Ugyldig liste af mål");
			return REDE_OK;
		}
		for (size_t j = 0; j < r->ngoals; j++)
			dup |= r->goal_ids[j] == json_integer_value(v);
		if (dup)
			continue;
		goal_row_init(&g);
		err = store_goal_get(c, e->municipality_id, json_integer_value(v), &g);
		if (err == REDE_OK && g.enrolment_id != e->id)
			err = REDE_E_NOTFOUND;
		goal_row_release(&g);
		if (err == REDE_E_NOTFOUND) {
			http_field_error(resp, "goal_ids", "Målet hører ikke til dette forløb");
			return REDE_OK;
		}
		if (err)
			return err;
		r->goal_ids[r->ngoals++] = json_integer_value(v);
	}
	return REDE_OK;
}

/* ---- POST /api/v1/enrolments/{id}/contacts ---- */

static const struct http_jfield contact_fields[] = {
	{"happened_on", J_DATE, true, 0},
	{"minutes", J_INT, true, 0},
	{"kind", J_STRING, true, 32},
	{"activities", J_ARRAY, false, 0},
	{"stance", J_STRING_OR_NULL, false, 16},
	{"goal_ids", J_ARRAY, false, 0},
	{"note", J_STRING_OR_NULL, false, COURSE_NOTE_MAX},
	{"shared_with_daycare", J_BOOL, false, 0},
	RECORD_TIME_FIELD,
	{NULL, 0, false, 0},
};

enum rede_err h_contacts_create(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	const json_t *b = req->body, *v;
	struct enrolment_row *e = obj_course(req);
	struct contact_row r;
	int kind = CONTACT_KIND__COUNT;
	bool active = false;
	enum rede_err err = REDE_OK;

	contact_row_init(&r);
	if (!course_require_staff(req, c, e, false, resp, &err))
		goto out;
	/* Until it exists the new contact is audited by its course. */
	req->audit_entity = "contact";
	req->audit_entity_id[0] = 0;
	req->audit_detail = xasprintf("enrolment %lld", (long long)e->id);
	if (!http_json_check(b, contact_fields, resp))
		goto out;
	r.municipality_id = e->municipality_id;
	r.enrolment_id = e->id;
	r.recorded_by = req->auth.user_id;
	snprintf(r.happened_on, sizeof(r.happened_on), "%s",
		 json_string_value(json_object_get(b, "happened_on")));
	kind = core_course_name_index(core_contact_kind_names, CONTACT_KIND__COUNT,
				      json_string_value(json_object_get(b, "kind")));
	if (kind == CONTACT_KIND__COUNT)
		http_field_error(
			resp, "kind",
			"Vælg home_session, network_meeting, phone, other_place, cancelled "
			"eller no_show");
	else
		snprintf(r.kind, sizeof(r.kind), "%s", core_contact_kind_names[kind]);
	r.minutes = json_integer_value(json_object_get(b, "minutes"));
	if (r.minutes < 0 || r.minutes > COURSE_CONTACT_MINUTES_MAX) {
		char msg[80];

		snprintf(msg, sizeof(msg), "Angiv varigheden i minutter (0-%d)",
			 COURSE_CONTACT_MINUTES_MAX);
		http_field_error(resp, "minutes", msg);
	}
	if (kind != CONTACT_NETWORK_MEETING && course_date(b, "happened_on") > rede_today())
		http_field_error(resp, "happened_on",
				 "Kun netværksmøder kan registreres på en fremtidig dato");
	activities_parse(json_object_get(b, "activities"), &r, resp);
	if ((v = json_object_get(b, "stance")) && json_is_string(v)) {
		int k = core_course_name_index(core_stance_names, STANCE__COUNT,
					       json_string_value(v));
		if (k == STANCE__COUNT)
			http_field_error(resp, "stance", "Vælg in_front, beside eller behind");
		else
			snprintf(r.stance, sizeof(r.stance), "%s", core_stance_names[k]);
	}
	if ((v = json_object_get(b, "note")) && json_is_string(v) && *json_string_value(v))
		r.note = xstrdup(json_string_value(v));
	r.shared_with_daycare = json_is_true(json_object_get(b, "shared_with_daycare"));
	err = goals_parse(c, json_object_get(b, "goal_ids"), e, &r, resp);
	if (!err)
		err = http_recorded_at(req, c, resp, &r.recorded_at);
	if (err || http_failed(resp))
		goto out;
	if (!http_if_match_ok(req, "enrolment", e->id, e->version)) {
		err = course_stale(req, c, e, resp);
		goto out;
	}
	if (!course_require_open(e, resp))
		goto out;
	if (kind == CONTACT_NETWORK_MEETING || r.shared_with_daycare) {
		err = store_consent_active(c, e->family_id, CONSENT_SHARE_DAYCARE, r.happened_on,
					   &active);
		if (err)
			goto out;
		if (!active) {
			http_problem(resp, 409, "Forældrenes samtykke mangler");
			http_problem_field(
				resp,
				kind == CONTACT_NETWORK_MEETING ? "kind" : "shared_with_daycare",
				kind == CONTACT_NETWORK_MEETING
					? "Et netværksmøde med dagtilbuddet kræver "
					  "forældrenes samtykke til deling med dagtilbud "
					  "på mødets dato"
					: "Deling med dagtilbuddet kræver forældrenes "
					  "samtykke til deling med dagtilbud på datoen");
			goto out;
		}
	}
	err = store_contact_insert(c, &r);
	if (err)
		goto out;
	snprintf(req->audit_entity_id, sizeof(req->audit_entity_id), "%lld", (long long)r.id);
	http_json(resp, 201, json_contact(&r));
	resp->location = xasprintf("/api/v1/enrolments/%lld/contacts", (long long)e->id);
out:
	contact_row_release(&r);
	return err;
}

/* ---- GET /api/v1/enrolments/{id}/contacts ---- */

static int add_contact(const struct contact_row *r, void *arg)
{
	json_array_append_new(arg, json_contact(r));
	return 0;
}

enum rede_err h_contacts_list(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	struct enrolment_row *e = obj_course(req);
	json_t *items = json_array();

	req->audit_action = "search";
	req->audit_entity = "contact";
	req->audit_entity_id[0] = 0;
	req->audit_detail = xasprintf("enrolment %lld", (long long)e->id);
	return http_items_answer(resp, items, store_contact_each(c, e->id, add_contact, items));
}
