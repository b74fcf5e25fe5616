/*
 * h_daycare.h - the handlers of the cooperation with daycare (DOMAIN
 * §1.6): handover conversations (h_handovers.c), consultant visits
 * (h_consult.c) and the Aarhus family groups (h_fgroups.c). The route
 * table (routes.c) points at them.
 *
 * A daycare user never reaches case content through these handlers: it
 * gets exactly what was shared with its institution (handover items while
 * the parents' consent is in force) or what its daily work needs (the
 * goals it scores in a family group), nothing else.
 */
#ifndef REDE_HTTP_H_DAYCARE_H
#define REDE_HTTP_H_DAYCARE_H

#include "http/handlers.h"
#include "rede/core_daycare.h"

/* h_handovers.c */
enum rede_err h_handovers_create(struct http_req *req, struct store_conn *c,
				 struct http_resp *resp);
enum rede_err h_handovers_list(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_handovers_get(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_daycare_handovers(struct http_req *req, struct store_conn *c,
				  struct http_resp *resp);

/* h_consult.c */
enum rede_err h_institution_health_visitor(struct http_req *req, struct store_conn *c,
					   struct http_resp *resp);
enum rede_err h_consult_plan(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_consult_list(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_consult_move(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_consult_topic(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_consult_outcome(struct http_req *req, struct store_conn *c, struct http_resp *resp);

/* h_fgroups.c */
enum rede_err h_fgroups_create(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_fgroups_list(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_fgroups_get(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_fgroups_add_member(struct http_req *req, struct store_conn *c,
				   struct http_resp *resp);
enum rede_err h_fgroup_members_start(struct http_req *req, struct store_conn *c,
				     struct http_resp *resp);
enum rede_err h_fgroup_members_leave(struct http_req *req, struct store_conn *c,
				     struct http_resp *resp);
enum rede_err h_fgroup_members_status(struct http_req *req, struct store_conn *c,
				      struct http_resp *resp);
enum rede_err h_fgroup_members_scores(struct http_req *req, struct store_conn *c,
				      struct http_resp *resp);
enum rede_err h_daycare_children(struct http_req *req, struct store_conn *c,
				 struct http_resp *resp);
enum rede_err h_daycare_score(struct http_req *req, struct store_conn *c, struct http_resp *resp);

#endif
