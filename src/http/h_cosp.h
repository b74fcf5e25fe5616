/*
 * h_cosp.h - the COS-P handlers (h_cosp.c: competences, courses,
 * sessions, attendance; h_cosp_offers.c: offers, answers, dropout,
 * rating; h_cosp_plan.c: the group planner) and what they share. The
 * route table (routes.c) points at the handlers declared here.
 *
 * Order of checks, as in the home-pedagogue handlers: the object through
 * the access rule (404), who may change it (403), the body (400, every
 * bad field named), then the state of things (409). Nothing is written
 * unless every check passes.
 */
#ifndef REDE_HTTP_H_COSP_H
#define REDE_HTTP_H_COSP_H

#include <stdbool.h>
#include <stdint.h>

#include "http/handlers.h"
#include "rede/core_cosp.h"
#include "store/cosp.h"

/* May the caller work in the course (a facilitator, or a coordinator)?
 * 403 otherwise. */
bool cosp_require_facilitator(struct http_req *req, struct store_conn *c, int64_t course_id,
			      struct http_resp *resp, enum rede_err *err);
/* The offer as JSON, with family name, attendance, completion and stage
 * from its facts (store_cosp_offer_facts; no I/O). */
json_t *json_cosp_offer(const struct core_cosp_params *p, const struct cosp_offer_row *o,
			const struct cosp_offer_facts *x);
/* The same for one offer, its facts read here (*out owned). */
enum rede_err json_cosp_offer_read(struct store_conn *c, const struct core_cosp_params *p,
				   const struct cosp_offer_row *o, json_t **out);
/* A comma list ("morning,evening") as a JSON array. */
json_t *cosp_list_json(const char *list);

/* h_cosp.c */
enum rede_err h_competences_list(struct http_req *req, struct store_conn *c,
				 struct http_resp *resp);
enum rede_err h_competences_add(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_cosp_courses_create(struct http_req *req, struct store_conn *c,
				    struct http_resp *resp);
enum rede_err h_cosp_courses_list(struct http_req *req, struct store_conn *c,
				  struct http_resp *resp);
enum rede_err h_cosp_courses_get(struct http_req *req, struct store_conn *c,
				 struct http_resp *resp);
enum rede_err h_cosp_sessions_move(struct http_req *req, struct store_conn *c,
				   struct http_resp *resp);
enum rede_err h_cosp_attendance(struct http_req *req, struct store_conn *c, struct http_resp *resp);

/* h_cosp_offers.c */
enum rede_err h_cosp_offers_create(struct http_req *req, struct store_conn *c,
				   struct http_resp *resp);
enum rede_err h_cosp_offers_list(struct http_req *req, struct store_conn *c,
				 struct http_resp *resp);
enum rede_err h_cosp_offers_get(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_cosp_offers_update(struct http_req *req, struct store_conn *c,
				   struct http_resp *resp);
enum rede_err h_cosp_offers_answer(struct http_req *req, struct store_conn *c,
				   struct http_resp *resp);
enum rede_err h_cosp_offers_dropout(struct http_req *req, struct store_conn *c,
				    struct http_resp *resp);
enum rede_err h_cosp_offers_rating(struct http_req *req, struct store_conn *c,
				   struct http_resp *resp);

/* h_cosp_plan.c */
enum rede_err h_groups_plan(struct http_req *req, struct store_conn *c, struct http_resp *resp);

#endif
