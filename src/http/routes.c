/*
 * routes.c - the route table: every API path, who may call it, and its
 * handler. The server matches in order; the role mask is checked before
 * the handler runs (403), object-level access inside the handler (404).
 */
#include "http/handlers.h"
#include "rede/core.h"

#define ADMIN ROLE_BIT(ROLE_ADMIN)
#define ANY 0

const struct http_route http_routes[] = {
	{"POST", "/api/v1/session", ANY, HTTP_PUBLIC | HTTP_NO_CSRF, h_session_create},
	{"DELETE", "/api/v1/session", ANY, 0, h_session_delete},
	{"GET", "/api/v1/me", ANY, 0, h_me_get},
	{"PUT", "/api/v1/me/password", ANY, 0, h_me_password},

	{"GET", "/api/v1/units", ANY, 0, h_units_list},
	{"POST", "/api/v1/units", ADMIN, 0, h_units_create},
	{"GET", "/api/v1/units/{id}", ANY, 0, h_units_get},

	{"GET", "/api/v1/users", ADMIN, 0, h_users_list},
	{"POST", "/api/v1/users", ADMIN, 0, h_users_create},
	{"GET", "/api/v1/users/{id}", ADMIN, 0, h_users_get},
	{"PATCH", "/api/v1/users/{id}", ADMIN, 0, h_users_update},
	{"POST", "/api/v1/users/{id}/password", ADMIN, 0, h_users_password},
	{"POST", "/api/v1/users/{id}/end-sessions", ADMIN, 0, h_users_end_sessions},

	/* families, persons, consents, referrals, visitation (h_families.c,
	 * h_referrals.c) */

	/* courses: enrolments, hours, goals, ratings, contacts, closure,
	 * caseload (h_enrolments.c, h_goals.c, h_contacts.c, h_caseload.c) */
};
const int http_routes_count = (int)(sizeof(http_routes) / sizeof(http_routes[0]));
