/*
 * h_health_visit.h - the handlers of the 1½- and 3-year visits
 * (h_hv_criteria.c, h_hv_due.c, h_hv_offers.c, h_hv_answers.c,
 * h_hv_visits.c, sharing h_hv_common.c), the materials catalog
 * (h_materials.c) and the toy boxes (h_toyboxes.c), and what they share: loading an offer through the
 * access rule, the "is it your offer" check, dates (field errors are
 * http_field_error, rede/http.h).
 *
 * Roles (routes.c): health visitors do the work; coordinators and leaders
 * read (the access rule narrows every offer and visit: a coordinator sees
 * the municipality's, a leader those of their units, a health visitor the
 * families they created, referred or hold an offer for); admin, evaluator
 * and daycare have no access (403).
 *
 * Order of checks in every handler: the object in the path is loaded
 * through the access rule first (404 when missing, another
 * municipality's, or not the caller's to see), then who may change it
 * (403), then the body (400), then the object's state (409).
 */
#ifndef REDE_HTTP_H_HEALTH_VISIT_H
#define REDE_HTTP_H_HEALTH_VISIT_H

#include <stdbool.h>
#include <stdint.h>

#include "http/handlers.h"
#include "rede/core_health_visit.h"
#include "store/health_visits.h"

/* A visit cannot last longer than a day. */
#define HV_VISIT_MINUTES_MAX (24 * 60)
#define HV_TEXT_MAX 2000
#define HV_NOTE_MAX 20000
/* The longest period the due list covers, in days. */
#define HV_DUE_PERIOD_MAX_DAYS 731

/* A date field already checked as J_DATE; CORE_NO_DATE-like INT32_MIN when
 * absent or null. */
int32_t hv_date(const json_t *body, const char *field);
/* A stored "YYYY-MM-DD" (or "") as days; INT32_MIN for "". */
int32_t hv_text_date(const char *s);
/* "YYYY-MM-DD" or null for "". */
json_t *hv_json_date(const char *s);
/* A string or null. */
json_t *hv_json_str(const char *s);
/* Unix seconds as UTC ISO-8601, or null for 0. */
json_t *hv_json_time(int64_t t);
/* {id, display_name} of a user, or null for 0. */
enum rede_err hv_json_user(struct store_conn *c, int64_t user_id, json_t **out);
/* The same from a name already read: null when user_id is 0 or name NULL. */
json_t *hv_user_json(int64_t user_id, const char *name);

/* The caller must be the offer's health visitor (403 otherwise). */
bool hv_offer_mine(const struct http_req *req, const struct hv_offer_row *o,
		   struct http_resp *resp);
/* An offer as JSON; full adds the attempts and the visit. */
enum rede_err hv_json_offer(struct store_conn *c, const struct hv_offer_row *o,
			    const struct core_hv_params *p, bool full, json_t **out);
/* A visit as JSON. */
enum rede_err hv_json_visit(struct store_conn *c, const struct hv_visit_row *v, json_t **out);
/* The full offer as JSON (*out owned), with the caller's municipality's
 * parameters. */
enum rede_err hv_offer_full(struct http_req *req, struct store_conn *c,
			    const struct hv_offer_row *o, json_t **out);
/* Answer with the full offer and its ETag. */
enum rede_err hv_answer_offer(struct http_req *req, struct store_conn *c,
			      const struct hv_offer_row *o, int status, struct http_resp *resp);
/* The index of a JSON string among names (count when not one of them). */
int hv_name_index(const char *const *names, int count, const json_t *v);
/* A child named in a body: exists in the municipality and its family is
 * the caller's to see; else a 400 naming the field. */
enum rede_err hv_child_parse(struct http_req *req, struct store_conn *c, const json_t *v,
			     int64_t *family_id, char birth[HV_DATE_SIZE], struct http_resp *resp);
/* A date field that must not lie in the future (400 with message_da). */
void hv_not_future(const json_t *b, const char *field, struct http_resp *resp,
		   const char *message_da);
/* health_visitor_id: a health visitor of the municipality (400 if not). */
enum rede_err hv_visitor_parse(struct store_conn *c, int64_t mid, const json_t *v, int64_t *out,
			       struct http_resp *resp);
/* A contact channel (letter, phone, sms) into out (400 if not one). */
void hv_channel_parse(const json_t *v, const char *field, char *out, size_t n,
		      struct http_resp *resp);
/* The state of an offer as the enum (HV_OFFER_STATUS__COUNT if unknown). */
enum core_hv_offer_status hv_offer_status(const struct hv_offer_row *o);
/* Store a changed offer; a concurrent change answers 412 (*saved false). */
enum rede_err hv_save_offer(struct store_conn *c, struct hv_offer_row *o, struct http_resp *resp,
			    bool *saved);

/* h_hv_criteria.c, h_hv_due.c, h_hv_offers.c, h_hv_answers.c, h_hv_visits.c */
enum rede_err h_hv_due(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_hv_criteria_create(struct http_req *req, struct store_conn *c,
				   struct http_resp *resp);
enum rede_err h_hv_criteria_list(struct http_req *req, struct store_conn *c,
				 struct http_resp *resp);
enum rede_err h_hv_offers_create(struct http_req *req, struct store_conn *c,
				 struct http_resp *resp);
enum rede_err h_hv_offers_list(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_hv_offers_get(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_hv_offers_update(struct http_req *req, struct store_conn *c,
				 struct http_resp *resp);
enum rede_err h_hv_offers_delete(struct http_req *req, struct store_conn *c,
				 struct http_resp *resp);
enum rede_err h_hv_attempts_create(struct http_req *req, struct store_conn *c,
				   struct http_resp *resp);
enum rede_err h_hv_answer(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_hv_visit_create(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_hv_visit_get(struct http_req *req, struct store_conn *c, struct http_resp *resp);

/* h_materials.c */
enum rede_err h_materials_list(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_materials_create(struct http_req *req, struct store_conn *c,
				 struct http_resp *resp);
enum rede_err h_materials_staff_get(struct http_req *req, struct store_conn *c,
				    struct http_resp *resp);
enum rede_err h_materials_staff_put(struct http_req *req, struct store_conn *c,
				    struct http_resp *resp);

/* h_toyboxes.c */
enum rede_err h_toyboxes_list(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_toyboxes_create(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_toyboxes_get(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_toyboxes_checkout(struct http_req *req, struct store_conn *c,
				  struct http_resp *resp);
enum rede_err h_toyboxes_return(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_toyboxes_write_off(struct http_req *req, struct store_conn *c,
				   struct http_resp *resp);

#endif
