/*
 * h_cosp_plan.c - POST /api/v1/groups/plan: the COS-P group planner over
 * the API (DOMAIN §1.3, seed 003 "Vær varsom ...").
 *
 * Takes every accepted, not yet placed offer (or the offer_ids given) and
 * every open course (not cancelled, starting today or later; or the
 * course_ids given) and runs the pure planner (core_planner.h): capacity,
 * time slot and group type respected; never two families tied to the same
 * daycare institution, or acquainted, in one course - counting families
 * already placed in a course, which the planner sees as courses the new
 * family must avoid. It maximises the families placed, explains each
 * placement and each family left out, in Danish, and gives the same answer
 * for the same data. With "commit": true the placements are stored (the
 * explanation kept as the placement note) in the same transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/h_cosp.h"
#include "rede/core.h"
#include "rede/core_course.h"
#include "rede/core_planner.h"
#include "rede/util.h"
#include "store/families.h"
#include "store/tenancy.h"

/* Bounds of one plan (a municipality's year is hundreds of families and
 * dozens of courses; these leave room and cap the work one request does). */
#define PLAN_MAX_OFFERS 5000
#define PLAN_MAX_COURSES 500

struct plan_data {
	struct cosp_offer_row *offers; /* to place */
	size_t noffers;
	struct cosp_course_row *courses;
	size_t ncourses;
	struct cosp_offer_row *members; /* already placed in the courses */
	size_t nmembers;
	bool too_many;
};

static int collect_offer(const struct cosp_offer_row *o, const struct cosp_offer_facts *x,
			 void *arg)
{
	struct plan_data *d = arg;

	(void)x; /* the planner needs the rows and their ties only */
	if (d->noffers == PLAN_MAX_OFFERS) {
		d->too_many = true;
		return 1;
	}
	d->offers = xrealloc(d->offers, (d->noffers + 1) * sizeof(*d->offers));
	d->offers[d->noffers++] = *o;
	return 0;
}

static int collect_member(const struct cosp_offer_row *o, const struct cosp_offer_facts *x,
			  void *arg)
{
	struct plan_data *d = arg;

	(void)x;
	if (o->dropout_on[0])
		return 0;
	d->members = xrealloc(d->members, (d->nmembers + 1) * sizeof(*d->members));
	d->members[d->nmembers++] = *o;
	return 0;
}

static int collect_course(const struct cosp_course_row *r, void *arg)
{
	struct plan_data *d = arg;

	if (d->ncourses == PLAN_MAX_COURSES) {
		d->too_many = true;
		return 1;
	}
	d->courses = xrealloc(d->courses, (d->ncourses + 1) * sizeof(*d->courses));
	d->courses[d->ncourses++] = *r;
	return 0;
}

static unsigned list_mask(const char *const *names, int count, const char *list)
{
	char buf[64], *save = NULL;
	unsigned m = 0;

	snprintf(buf, sizeof(buf), "%s", list);
	for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		int k = core_course_name_index(names, count, t);
		if (k < count)
			m |= 1u << k;
	}
	return m;
}

static void to_plan_family(const struct cosp_offer_row *o, struct plan_family *f)
{
	memset(f, 0, sizeof(*f));
	f->id = o->family_id;
	f->slots = list_mask(plan_slot_names, SLOT__COUNT, o->slots);
	f->types = list_mask(plan_type_names, GTYPE__COUNT, o->types);
	f->daycares = o->institution_ids;
	f->ndaycares = o->ninstitutions;
	f->knows = o->acquaintance_ids;
	f->nknows = o->nacquaintances;
}

static const struct http_jfield plan_fields[] = {
	{"course_ids", J_ARRAY, false, 0},
	{"offer_ids", J_ARRAY, false, 0},
	{"commit", J_BOOL, false, 0},
	{"placed_on", J_DATE, false, 0},
	{NULL, 0, false, 0},
};

/* Load the courses and offers the body names (or the open / waiting
 * ones); field errors for ids that are not plannable. */
static enum rede_err load(struct http_req *req, struct store_conn *c, struct plan_data *d,
			  struct http_resp *resp)
{
	const json_t *b = req->body;
	int64_t mid = req->auth.municipality_id;
	int64_t *ids = xcalloc(PLAN_MAX_OFFERS, sizeof(int64_t));
	struct cosp_offer_filter flt = {0};
	char today[COSP_DATE];
	size_t n = 0;
	enum rede_err err = REDE_OK;

	rede_date_format(rede_today(), today);
	if (json_object_get(b, "course_ids")) {
		if (!http_id_list(json_object_get(b, "course_ids"), "course_ids", ids,
				  PLAN_MAX_COURSES, &n, resp))
			goto out;
		for (size_t i = 0; i < n; i++) {
			struct cosp_course_row r;

			err = store_cosp_course_get(c, mid, ids[i], &r);
			if (err == REDE_E_NOTFOUND || (!err && r.cancelled_on[0])) {
				err = REDE_OK;
				http_field_error(resp, "course_ids",
						 "Holdet findes ikke eller er aflyst");
				goto out;
			}
			if (err)
				goto out;
			collect_course(&r, d);
		}
	} else {
		err = store_cosp_course_each(c, mid, today, collect_course, d);
		if (err)
			goto out;
	}
	flt.unplaced = true;
	err = store_cosp_offer_each(c, mid, NULL, &flt, collect_offer, d);
	if (err)
		goto out;
	if (json_object_get(b, "offer_ids")) {
		size_t keep = 0;

		if (!http_id_list(json_object_get(b, "offer_ids"), "offer_ids", ids,
				  PLAN_MAX_OFFERS, &n, resp))
			goto out;
		for (size_t i = 0; i < n; i++) {
			bool found = false;
			for (size_t j = 0; j < d->noffers && !found; j++)
				found = d->offers[j].id == ids[i];
			if (!found) {
				http_field_error(
					resp, "offer_ids",
					"Kun accepterede tilbud uden plads kan planlægges");
				goto out;
			}
		}
		for (size_t j = 0; j < d->noffers; j++) {
			bool wanted = false;
			for (size_t i = 0; i < n && !wanted; i++)
				wanted = d->offers[j].id == ids[i];
			if (wanted)
				d->offers[keep++] = d->offers[j];
		}
		d->noffers = keep;
	}
	for (size_t i = 0; i < d->ncourses && !err; i++) {
		struct cosp_offer_filter mf = {0};

		mf.course_id = d->courses[i].id;
		err = store_cosp_offer_each(c, mid, NULL, &mf, collect_member, d);
	}
	if (d->too_many)
		http_field_error(resp, "offer_ids", "For mange tilbud eller hold i én plan");
out:
	free(ids);
	return err;
}

/* Why family f may not join course c, if a family already placed there is
 * tied to it: that family (and the shared institution, 0 = acquainted). */
static bool member_tie(const struct plan_data *d, const struct plan_family *f, int64_t course_id,
		       int64_t *family, int64_t *institution)
{
	for (size_t m = 0; m < d->nmembers; m++) {
		struct plan_family g;

		if (d->members[m].course_id != course_id)
			continue;
		to_plan_family(&d->members[m], &g);
		if (core_plan_conflict(f, &g, institution)) {
			*family = g.id;
			return true;
		}
	}
	return false;
}

static char *explain_placed(const struct cosp_course_row *r, int free_after)
{
	int s = core_course_name_index(plan_slot_names, SLOT__COUNT, r->time_slot);
	int t = core_course_name_index(plan_type_names, GTYPE__COUNT, r->group_type);
	char start[11];

	/* YYYY-MM-DD -> dd-mm-åååå, as every date a user reads */
	snprintf(start, sizeof(start), "%.2s-%.2s-%.4s", r->start_on + 8, r->start_on + 5,
		 r->start_on);
	return xasprintf("Placeret på holdet \"%s\" (start %s, %s, %s): passer til familiens "
			 "ønsker om tidspunkt og holdtype, og ingen anden familie på holdet er "
			 "knyttet til samme dagtilbud eller kender familien. %d ledige pladser "
			 "tilbage.",
			 r->name, start, s < SLOT__COUNT ? plan_slot_labels_da[s] : r->time_slot,
			 t < GTYPE__COUNT ? plan_type_labels_da[t] : r->group_type, free_after);
}

/* "afternoon,evening" -> "eftermiddag, aften" (unknown codes kept). */
static char *da_list(const char *codes, const char *const *names, const char *const *da, int count)
{
	struct buf b;
	char *copy = xstrdup(codes), *save = NULL;

	buf_init(&b, 0);
	for (char *w = strtok_r(copy, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		int i = core_course_name_index(names, count, w);

		buf_printf(&b, "%s%s", b.len ? ", " : "", i < count ? da[i] : w);
	}
	free(copy);
	return buf_detach(&b, NULL);
}

/* A family's name for an explanation (the planner is the coordinator's,
 * who sees every family of the municipality); "familie N" if it is gone
 * or - whatever the rows say - not the municipality's. */
static char *family_label(struct store_conn *c, int64_t municipality_id, int64_t id)
{
	struct family_row f = {0};
	char *out = NULL;

	if (store_family_get(c, municipality_id, id, &f) == REDE_OK)
		out = xstrdup(f.name);
	family_row_release(&f);
	return out ? out : xasprintf("familie %lld", (long long)id);
}

static char *explain_tie(struct store_conn *c, int64_t municipality_id, int64_t self,
			 int64_t family, int64_t institution, bool placed_before)
{
	char *who = family_label(c, municipality_id, family),
	     *me = family_label(c, municipality_id, self), *out;
	struct unit_row unit;

	if (institution) {
		bool named = store_unit_get(c, municipality_id, institution, &unit) == REDE_OK;

		out = xasprintf("%s%s går i samme dagtilbud (%s), og der er ikke plads på et "
				"andet hold, der passer.",
				who, placed_before ? ", der allerede har plads," : "",
				named ? unit.name : "samme enhed");
	} else {
		out = xasprintf("%s og %s%s kender hinanden, og der er ikke plads på et "
				"andet hold, der passer.",
				me, who, placed_before ? " (der allerede har plads)" : "");
	}
	free(who);
	free(me);
	return out;
}

enum rede_err h_groups_plan(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	const json_t *b = req->body;
	struct plan_data d = {0};
	struct plan_family *fam = NULL;
	struct plan_course *crs = NULL;
	struct plan_result r = {0};
	int64_t **avoid = NULL;
	int *left = NULL;
	bool commit = json_is_true(json_object_get(b, "commit"));
	char placed_on[COSP_DATE];
	json_t *placed = NULL, *unplaced = NULL;
	enum rede_err err;

	req->audit_entity = "cosp_plan";
	if (!http_json_check(b, plan_fields, resp))
		return REDE_OK;
	if (json_object_get(b, "placed_on"))
		snprintf(placed_on, sizeof(placed_on), "%s",
			 json_string_value(json_object_get(b, "placed_on")));
	else
		rede_date_format(rede_today(), placed_on);
	err = load(req, c, &d, resp);
	if (err || resp->status)
		goto out;

	crs = xcalloc(d.ncourses + 1, sizeof(*crs));
	left = xcalloc(d.ncourses + 1, sizeof(*left));
	for (size_t i = 0; i < d.ncourses; i++) {
		int64_t taken = 0;

		err = store_cosp_course_taken(c, d.courses[i].id, &taken);
		if (err)
			goto out;
		crs[i].id = d.courses[i].id;
		crs[i].slot = (enum plan_slot)core_course_name_index(plan_slot_names, SLOT__COUNT,
								     d.courses[i].time_slot);
		crs[i].type = (enum plan_type)core_course_name_index(plan_type_names, GTYPE__COUNT,
								     d.courses[i].group_type);
		crs[i].capacity =
			(int)(d.courses[i].capacity > taken ? d.courses[i].capacity - taken : 0);
		left[i] = crs[i].capacity;
	}
	fam = xcalloc(d.noffers + 1, sizeof(*fam));
	avoid = xcalloc(d.noffers + 1, sizeof(*avoid));
	for (size_t i = 0; i < d.noffers; i++) {
		to_plan_family(&d.offers[i], &fam[i]);
		avoid[i] = xcalloc(d.ncourses + 1, sizeof(int64_t));
		for (size_t k = 0; k < d.ncourses; k++) {
			int64_t g, inst;
			if (member_tie(&d, &fam[i], d.courses[k].id, &g, &inst))
				avoid[i][fam[i].navoid++] = d.courses[k].id;
		}
		fam[i].avoid = avoid[i];
	}
	core_plan(fam, d.noffers, crs, d.ncourses, 0, &r);

	placed = json_array();
	unplaced = json_array();
	for (size_t i = 0; i < r.n; i++) {
		const struct plan_outcome *o = &r.outcomes[i];
		struct cosp_offer_row *offer = &d.offers[i];
		char *why = NULL;
		size_t k = 0;

		if (o->reason == PLAN_PLACED) {
			while (k < d.ncourses && d.courses[k].id != o->course_id)
				k++;
			why = explain_placed(&d.courses[k], --left[k]);
			json_array_append_new(placed,
					      json_pack("{s:I, s:I, s:I, s:s, s:s}", "offer_id",
							(json_int_t)offer->id, "family_id",
							(json_int_t)offer->family_id, "course_id",
							(json_int_t)o->course_id, "course_name",
							d.courses[k].name, "explanation", why));
			if (commit) {
				offer->course_id = o->course_id;
				snprintf(offer->placed_on, sizeof(offer->placed_on), "%s",
					 placed_on);
				snprintf(offer->placement_note, sizeof(offer->placement_note), "%s",
					 why);
				err = store_cosp_offer_update(c, offer);
			}
		} else {
			int64_t g = o->conflict_family_id, inst = o->conflict_daycare_id;
			const char *reason = plan_reason_names[o->reason];
			bool before = false;

			if (o->reason == PLAN_NO_MATCHING_COURSE && fam[i].navoid) {
				/* matching courses exist, but each holds a tied family */
				member_tie(&d, &fam[i], fam[i].avoid[0], &g, &inst);
				reason = "conflict";
				before = true;
			}
			if (!strcmp(reason, "conflict"))
				why = explain_tie(c, req->auth.municipality_id, offer->family_id, g,
						  inst, before);
			else if (o->reason == PLAN_ALL_FULL)
				why = xasprintf("Alle %d hold, der passer til familiens ønsker om "
						"tidspunkt og holdtype, er fulde.",
						o->matching_courses);
			else {
				char *sl = da_list(offer->slots, plan_slot_names,
						   plan_slot_labels_da, SLOT__COUNT);
				char *ty = da_list(offer->types, plan_type_names,
						   plan_type_labels_da, GTYPE__COUNT);

				why = xasprintf("Intet åbent hold passer til familiens ønsker om "
						"tidspunkt (%s) og holdtype (%s).",
						sl, ty);
				free(sl);
				free(ty);
			}
			json_array_append_new(
				unplaced, json_pack("{s:I, s:I, s:s, s:s, s:o, s:o}", "offer_id",
						    (json_int_t)offer->id, "family_id",
						    (json_int_t)offer->family_id, "reason", reason,
						    "explanation", why, "conflict_family_id",
						    g ? json_integer(g) : json_null(),
						    "conflict_institution_id",
						    inst ? json_integer(inst) : json_null()));
		}
		free(why);
		if (err == REDE_E_CONFLICT) {
			err = REDE_OK;
			http_problem(resp, 409, "Et tilbud blev ændret undervejs; prøv igen");
			goto out;
		}
		if (err)
			goto out;
	}
	req->audit_action = commit ? "update" : "read";
	req->audit_detail = xasprintf("placed %d of %zu in %zu courses%s", r.placed, r.n,
				      d.ncourses, commit ? ", committed" : "");
	http_json(resp, 200,
		  json_pack("{s:i, s:I, s:I, s:b, s:b, s:o, s:o}", "placed_count", r.placed,
			    "unplaced_count", (json_int_t)(r.n - (size_t)r.placed), "courses",
			    (json_int_t)d.ncourses, "proven_optimal", r.proven_optimal, "committed",
			    commit, "placements", placed, "unplaced", unplaced));
	placed = unplaced = NULL;
out:
	json_decref(placed);
	json_decref(unplaced);
	core_plan_result_release(&r);
	for (size_t i = 0; avoid && i < d.noffers; i++)
		free(avoid[i]);
	free(avoid);
	free(fam);
	free(crs);
	free(left);
	free(d.offers);
	free(d.courses);
	free(d.members);
	return err;
}
