/*
 * objects.c - the one object loader (see objects.h): for every kind of
 * object a route can name, how its row is read within the caller's
 * municipality and which access rule of store/access.c decides whether
 * the caller may see it. Before this table each handler file had its own
 * loader repeating "read the id, apply the rule, answer 404, name the
 * audit entity".
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include "http/handlers.h"
#include "http/objects.h"
#include "rede/util.h"
#include "store/consult.h"
#include "store/cosp.h"
#include "store/enrolments.h"
#include "store/families.h"
#include "store/fgroups.h"
#include "store/goals.h"
#include "store/handovers.h"
#include "store/health_visits.h"
#include "store/referrals.h"
#include "store/sparring.h"
#include "store/tenancy.h"
#include "store/toyboxes.h"
#include "store/typology.h"
#include "store/users.h"

/* Read row id within w's municipality and apply the kind's access rule;
 * REDE_E_NOTFOUND when either fails. */
typedef enum rede_err (*obj_loader)(struct store_conn *c, const struct access_who *w, int64_t id,
				    void *row);

struct obj_kind {
	const char *entity;         /* the audit entity */
	size_t size;                /* of the row */
	void (*init)(void *row);    /* NULL: a zeroed row will do */
	void (*release)(void *row); /* NULL: the row owns nothing */
	obj_loader load;
	/* A kind reached through another: the parent is loaded by its own
	 * loader (and rule) from the id at parent_id in this row, and this
	 * kind's loader only reads the row within the municipality. */
	enum http_object parent;
	size_t parent_id;
};

/* ---- the loaders: one read, one rule ---- */

static enum rede_err load_unit(struct store_conn *c, const struct access_who *w, int64_t id,
			       void *row)
{
	return store_unit_get(c, w->municipality_id, id, row);
}

static enum rede_err load_user(struct store_conn *c, const struct access_who *w, int64_t id,
			       void *row)
{
	return store_user_get(c, w->municipality_id, id, row);
}

static enum rede_err load_family(struct store_conn *c, const struct access_who *w, int64_t id,
				 void *row)
{
	enum rede_err err = store_access_family(c, w, id);

	return err ? err : store_family_get(c, w->municipality_id, id, row);
}

static enum rede_err load_person(struct store_conn *c, const struct access_who *w, int64_t id,
				 void *row)
{
	struct person_row *p = row;
	enum rede_err err = store_person_get(c, w->municipality_id, id, p);

	return err ? err : store_access_family(c, w, p->family_id);
}

static enum rede_err load_consent(struct store_conn *c, const struct access_who *w, int64_t id,
				  void *row)
{
	struct consent_row *r = row;
	enum rede_err err = store_consent_get(c, w->municipality_id, id, r);

	return err ? err : store_access_family(c, w, r->family_id);
}

static enum rede_err load_referral(struct store_conn *c, const struct access_who *w, int64_t id,
				   void *row)
{
	struct referral_row *r = row;
	enum rede_err err = store_referral_get(c, w->municipality_id, id, r);

	return err ? err : store_access_family(c, w, r->family_id);
}

static enum rede_err load_course(struct store_conn *c, const struct access_who *w, int64_t id,
				 void *row)
{
	int64_t family_id;
	enum rede_err err = store_access_course(c, w, id, &family_id);

	return err ? err : store_enrolment_get(c, w->municipality_id, id, row);
}

static enum rede_err load_goal(struct store_conn *c, const struct access_who *w, int64_t id,
			       void *row)
{
	return store_goal_get(c, w->municipality_id, id, row);
}

static enum rede_err load_hv_offer(struct store_conn *c, const struct access_who *w, int64_t id,
				   void *row)
{
	struct hv_offer_row *o = row;
	enum rede_err err = store_hv_offer_get(c, w->municipality_id, id, o);

	return err ? err : store_access_family(c, w, o->family_id);
}

static enum rede_err load_hv_visit(struct store_conn *c, const struct access_who *w, int64_t id,
				   void *row)
{
	return store_hv_visit_get(c, w->municipality_id, id, row);
}

static enum rede_err load_health_visitor(struct store_conn *c, const struct access_who *w,
					 int64_t id, void *row)
{
	enum rede_err err = store_access_health_visitor(c, w, id);

	if (!err)
		*(int64_t *)row = id;
	return err;
}

static enum rede_err load_toybox(struct store_conn *c, const struct access_who *w, int64_t id,
				 void *row)
{
	return store_toybox_get(c, w->municipality_id, id, row);
}

static enum rede_err load_cosp_group(struct store_conn *c, const struct access_who *w, int64_t id,
				     void *row)
{
	return store_cosp_course_get(c, w->municipality_id, id, row);
}

static enum rede_err load_cosp_offer(struct store_conn *c, const struct access_who *w, int64_t id,
				     void *row)
{
	struct cosp_offer_row *o = row;
	int64_t family_id;
	enum rede_err err = store_cosp_offer_get(c, w->municipality_id, id, o);

	return err ? err : store_access_enrolment(c, w, o->enrolment_id, &family_id);
}

static enum rede_err load_handover(struct store_conn *c, const struct access_who *w, int64_t id,
				   void *row)
{
	struct handover_row *h = row;
	char day[11];
	enum rede_err err = store_handover_get(c, w->municipality_id, id, h);

	rede_date_format(rede_today(), day);
	return err ? err : store_access_handover(c, w, h->id, h->family_id, day);
}

static enum rede_err load_consult_visit(struct store_conn *c, const struct access_who *w,
					int64_t id, void *row)
{
	struct consult_visit_row *r = row;
	enum rede_err err = store_consult_get(c, w->municipality_id, id, r);

	return err ? err : store_access_consult_visit(c, w, r->unit_id, r->health_visitor_id);
}

static enum rede_err load_family_group(struct store_conn *c, const struct access_who *w, int64_t id,
				       void *row)
{
	return store_fgroup_get(c, w->municipality_id, id, row);
}

static enum rede_err load_family_group_member(struct store_conn *c, const struct access_who *w,
					      int64_t id, void *row)
{
	struct fgroup_member_row *m = row;
	int64_t family_id;
	enum rede_err err = store_fgroup_member_get(c, w->municipality_id, id, m);

	return err ? err : store_access_enrolment(c, w, m->enrolment_id, &family_id);
}

static enum rede_err load_practice(struct store_conn *c, const struct access_who *w, int64_t id,
				   void *row)
{
	return store_practice_get(c, w->municipality_id, id, row);
}

/* A sparring session: the rule of store/sparring.h (participants, its
 * leader and recorder, leaders of a participant's unit). */
static enum rede_err load_sparring_session(struct store_conn *c, const struct access_who *w,
					   int64_t id, void *row)
{
	enum rede_err err = store_sparring_visible(c, w, id);

	return err ? err : store_sparring_get(c, w->municipality_id, id, row);
}

static enum rede_err load_sparring_theme(struct store_conn *c, const struct access_who *w,
					 int64_t id, void *row)
{
	return store_sparring_theme_get(c, w->municipality_id, id, row);
}

/* ---- rows that own memory ---- */

static void user_init(void *r)
{
	user_row_init(r);
}
static void user_release(void *r)
{
	user_row_release(r);
}
static void family_release(void *r)
{
	family_row_release(r);
}
static void person_release(void *r)
{
	person_row_release(r);
}
static void referral_release(void *r)
{
	referral_row_release(r);
}
static void course_init(void *r)
{
	enrolment_row_init(r);
}
static void course_release(void *r)
{
	enrolment_row_release(r);
}
static void goal_init(void *r)
{
	goal_row_init(r);
}
static void goal_release(void *r)
{
	goal_row_release(r);
}
static void hv_offer_init(void *r)
{
	hv_offer_row_init(r);
}
static void hv_offer_release(void *r)
{
	hv_offer_row_release(r);
}
static void hv_visit_init(void *r)
{
	hv_visit_row_init(r);
}
static void hv_visit_release(void *r)
{
	hv_visit_row_release(r);
}
static void handover_init(void *r)
{
	handover_row_init(r);
}
static void handover_release(void *r)
{
	handover_row_release(r);
}
static void practice_release(void *r)
{
	practice_row_release(r);
}

/* ---- the table: which read and which rule for each kind ---- */

static const struct obj_kind kinds[OBJ__COUNT] = {
	[OBJ_UNIT] = {"unit", sizeof(struct unit_row), NULL, NULL, load_unit},
	[OBJ_USER] = {"user", sizeof(struct user_row), user_init, user_release, load_user},
	[OBJ_FAMILY] = {"family", sizeof(struct family_row), NULL, family_release, load_family},
	[OBJ_PERSON] = {"person", sizeof(struct person_row), NULL, person_release, load_person},
	[OBJ_CONSENT] = {"consent", sizeof(struct consent_row), NULL, NULL, load_consent},
	[OBJ_REFERRAL] = {"referral", sizeof(struct referral_row), NULL, referral_release,
			  load_referral},
	[OBJ_COURSE] = {"enrolment", sizeof(struct enrolment_row), course_init, course_release,
			load_course},
	[OBJ_GOAL] = {"goal", sizeof(struct goal_row), goal_init, goal_release, load_goal,
		      OBJ_COURSE, offsetof(struct goal_row, enrolment_id)},
	[OBJ_HV_OFFER] = {"hv_offer", sizeof(struct hv_offer_row), hv_offer_init, hv_offer_release,
			  load_hv_offer},
	[OBJ_HV_VISIT] = {"hv_visit", sizeof(struct hv_visit_row), hv_visit_init, hv_visit_release,
			  load_hv_visit, OBJ_HV_OFFER, offsetof(struct hv_visit_row, offer_id)},
	[OBJ_HEALTH_VISITOR] = {"material_staff", sizeof(int64_t), NULL, NULL, load_health_visitor},
	[OBJ_TOYBOX] = {"toybox", sizeof(struct toybox_row), NULL, NULL, load_toybox},
	[OBJ_COSP_GROUP] = {"cosp_course", sizeof(struct cosp_course_row), NULL, NULL,
			    load_cosp_group},
	[OBJ_COSP_OFFER] = {"cosp_offer", sizeof(struct cosp_offer_row), NULL, NULL,
			    load_cosp_offer},
	[OBJ_HANDOVER] = {"handover", sizeof(struct handover_row), handover_init, handover_release,
			  load_handover},
	[OBJ_CONSULT_VISIT] = {"consultant_visit", sizeof(struct consult_visit_row), NULL, NULL,
			       load_consult_visit},
	[OBJ_FAMILY_GROUP] = {"family_group", sizeof(struct fgroup_row), NULL, NULL,
			      load_family_group},
	[OBJ_FAMILY_GROUP_MEMBER] = {"family_group_member", sizeof(struct fgroup_member_row), NULL,
				     NULL, load_family_group_member},
	[OBJ_PRACTICE] = {"practice", sizeof(struct practice_row), NULL, practice_release,
			  load_practice},
	[OBJ_SPARRING_SESSION] = {"sparring_session", sizeof(struct sparring_row), NULL, NULL,
				  load_sparring_session},
	[OBJ_SPARRING_THEME] = {"sparring_theme", sizeof(struct sparring_theme_row), NULL, NULL,
				load_sparring_theme},
};

const char *obj_entity(enum http_object kind)
{
	return kind > OBJ_NONE && kind < OBJ__COUNT ? kinds[kind].entity : NULL;
}

static void *row_new(const struct obj_kind *k)
{
	void *row = xcalloc(1, k->size);

	if (k->init)
		k->init(row);
	return row;
}

static void row_free(const struct obj_kind *k, void *row)
{
	if (!row)
		return;
	if (k->release)
		k->release(row);
	free(row);
}

enum rede_err obj_load(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	enum http_object kind = req->route ? req->route->object : OBJ_NONE;
	struct access_who who = http_who(req);
	const struct obj_kind *k;
	int64_t id;
	enum rede_err err;

	if (kind <= OBJ_NONE || kind >= OBJ__COUNT)
		return REDE_OK;
	k = &kinds[kind];
	req->audit_entity = k->entity;
	if (!http_arg_id(req, 0, &id)) {
		http_not_found(resp);
		return REDE_OK;
	}
	snprintf(req->audit_entity_id, sizeof(req->audit_entity_id), "%lld", (long long)id);
	req->object = row_new(k);
	err = k->load(c, &who, id, req->object);
	if (!err && k->parent) {
		const struct obj_kind *pk = &kinds[k->parent];
		int64_t parent_id = *(const int64_t *)((const char *)req->object + k->parent_id);

		req->object_parent = row_new(pk);
		err = pk->load(c, &who, parent_id, req->object_parent);
	}
	if (err == REDE_E_NOTFOUND) {
		http_not_found(resp);
		return REDE_OK;
	}
	return err;
}

void obj_release(struct http_req *req)
{
	enum http_object kind = req->route ? req->route->object : OBJ_NONE;

	if (kind <= OBJ_NONE || kind >= OBJ__COUNT)
		return;
	row_free(&kinds[kind], req->object);
	if (kinds[kind].parent)
		row_free(&kinds[kinds[kind].parent], req->object_parent);
	req->object = req->object_parent = NULL;
}

/* The loaded row of kind, as the object or the object's parent. */
static void *loaded(const struct http_req *req, enum http_object kind)
{
	enum http_object own = req->route ? req->route->object : OBJ_NONE;

	if (own == kind && req->object)
		return req->object;
	if (own > OBJ_NONE && own < OBJ__COUNT && kinds[own].parent == kind && req->object_parent)
		return req->object_parent;
	log_error("a handler asked for a %s the route does not load",
		  kind > OBJ_NONE && kind < OBJ__COUNT ? kinds[kind].entity : "object");
	abort();
}

struct unit_row *obj_unit(const struct http_req *req)
{
	return loaded(req, OBJ_UNIT);
}
struct user_row *obj_user(const struct http_req *req)
{
	return loaded(req, OBJ_USER);
}
struct family_row *obj_family(const struct http_req *req)
{
	return loaded(req, OBJ_FAMILY);
}
struct person_row *obj_person(const struct http_req *req)
{
	return loaded(req, OBJ_PERSON);
}
struct consent_row *obj_consent(const struct http_req *req)
{
	return loaded(req, OBJ_CONSENT);
}
struct referral_row *obj_referral(const struct http_req *req)
{
	return loaded(req, OBJ_REFERRAL);
}
struct enrolment_row *obj_course(const struct http_req *req)
{
	return loaded(req, OBJ_COURSE);
}
struct goal_row *obj_goal(const struct http_req *req)
{
	return loaded(req, OBJ_GOAL);
}
struct hv_offer_row *obj_hv_offer(const struct http_req *req)
{
	return loaded(req, OBJ_HV_OFFER);
}
struct hv_visit_row *obj_hv_visit(const struct http_req *req)
{
	return loaded(req, OBJ_HV_VISIT);
}
int64_t obj_health_visitor_id(const struct http_req *req)
{
	return *(const int64_t *)loaded(req, OBJ_HEALTH_VISITOR);
}
struct toybox_row *obj_toybox(const struct http_req *req)
{
	return loaded(req, OBJ_TOYBOX);
}
struct cosp_course_row *obj_cosp_group(const struct http_req *req)
{
	return loaded(req, OBJ_COSP_GROUP);
}
struct cosp_offer_row *obj_cosp_offer(const struct http_req *req)
{
	return loaded(req, OBJ_COSP_OFFER);
}
struct handover_row *obj_handover(const struct http_req *req)
{
	return loaded(req, OBJ_HANDOVER);
}
struct consult_visit_row *obj_consult_visit(const struct http_req *req)
{
	return loaded(req, OBJ_CONSULT_VISIT);
}
struct fgroup_row *obj_family_group(const struct http_req *req)
{
	return loaded(req, OBJ_FAMILY_GROUP);
}
struct fgroup_member_row *obj_family_group_member(const struct http_req *req)
{
	return loaded(req, OBJ_FAMILY_GROUP_MEMBER);
}
struct practice_row *obj_practice(const struct http_req *req)
{
	return loaded(req, OBJ_PRACTICE);
}

struct sparring_row *obj_sparring_session(const struct http_req *req)
{
	return loaded(req, OBJ_SPARRING_SESSION);
}

struct sparring_theme_row *obj_sparring_theme(const struct http_req *req)
{
	return loaded(req, OBJ_SPARRING_THEME);
}
