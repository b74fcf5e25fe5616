/*
 * objects.h - the object a route's path names, loaded once for every
 * handler (objects.c): the route table declares its kind (.object in
 * routes.c), the server loads it through the access rule before the
 * handler runs, and the handler reads it here.
 *
 * What the loader does, for every kind: parse path argument 0 as an id,
 * name the audit entity ("enrolment 42"), read the row within the caller's
 * municipality, apply the access rule of store/access.c, and answer 404
 * when any of that fails - a missing object, another municipality's, and
 * one the caller may not see look the same. Which rule each kind uses is
 * the table in objects.c.
 *
 * The accessors return the loaded row; calling one on a route that does
 * not declare that kind is a programming error (abort). The server owns
 * the rows and frees them after the answer; a handler may change a row
 * (to save it) but never frees it.
 */
#ifndef REDE_HTTP_OBJECTS_H
#define REDE_HTTP_OBJECTS_H

#include <stdint.h>

#include "rede/http.h"

struct consent_row;
struct consult_visit_row;
struct cosp_course_row;
struct cosp_offer_row;
struct enrolment_row;
struct family_row;
struct fgroup_member_row;
struct fgroup_row;
struct goal_row;
struct handover_row;
struct hv_offer_row;
struct hv_visit_row;
struct person_row;
struct practice_row;
struct referral_row;
struct sparring_row;
struct sparring_theme_row;
struct toybox_row;
struct unit_row;
struct user_row;

/* Load the object of req->route (nothing for OBJ_NONE). REDE_OK with a 404
 * on resp when it is not the caller's to see; a store error otherwise. */
enum rede_err obj_load(struct http_req *req, struct store_conn *c, struct http_resp *resp);
/* Free what obj_load loaded (also safe when nothing was). */
void obj_release(struct http_req *req);

/* The audit entity a kind is recorded as ("enrolment" for a course). */
const char *obj_entity(enum http_object kind);

struct unit_row *obj_unit(const struct http_req *req);
struct user_row *obj_user(const struct http_req *req);
struct family_row *obj_family(const struct http_req *req);
struct person_row *obj_person(const struct http_req *req);
struct consent_row *obj_consent(const struct http_req *req);
struct referral_row *obj_referral(const struct http_req *req);
/* The course of an OBJ_COURSE route, or the course of an OBJ_GOAL's goal. */
struct enrolment_row *obj_course(const struct http_req *req);
struct goal_row *obj_goal(const struct http_req *req);
/* The offer of an OBJ_HV_OFFER route, or the offer of an OBJ_HV_VISIT's visit. */
struct hv_offer_row *obj_hv_offer(const struct http_req *req);
struct hv_visit_row *obj_hv_visit(const struct http_req *req);
/* The user id of an OBJ_HEALTH_VISITOR route. */
int64_t obj_health_visitor_id(const struct http_req *req);
struct toybox_row *obj_toybox(const struct http_req *req);
struct cosp_course_row *obj_cosp_group(const struct http_req *req);
struct cosp_offer_row *obj_cosp_offer(const struct http_req *req);
struct handover_row *obj_handover(const struct http_req *req);
struct consult_visit_row *obj_consult_visit(const struct http_req *req);
struct fgroup_row *obj_family_group(const struct http_req *req);
struct fgroup_member_row *obj_family_group_member(const struct http_req *req);
struct practice_row *obj_practice(const struct http_req *req);
struct sparring_row *obj_sparring_session(const struct http_req *req);
struct sparring_theme_row *obj_sparring_theme(const struct http_req *req);

#endif
