/*
 * views.c - the web UI's pages a caller may open, for GET /api/v1/me (and
 * the sign-in answer), so the UI holds no copy of who may do what.
 *
 * Each page names the API route it reads or writes first; the roles that
 * may see the page are that route's roles (routes.c) narrowed to the
 * page's audience (a page for the daily work of some of the roles the
 * route serves, e.g. the caseload is a home pedagogue's although leaders
 * may read GET /caseload). A page whose route is missing is nobody's.
 */
#include <string.h>

#include "http/handlers.h"
#include "rede/core.h"

#define R(x) ROLE_BIT(ROLE_##x)
#define FRONT (R(COORDINATOR) | R(HOME_PEDAGOGUE) | R(HEALTH_VISITOR) | R(DAYCARE))

static const struct view {
	const char *path;   /* the UI's hash route */
	const char *method; /* the route that decides */
	const char *pattern;
	int64_t audience; /* narrows the route's roles; 0: as the route */
} views[] = {
	{"/caseload", "GET", "/api/v1/caseload", R(HOME_PEDAGOGUE)},
	{"/visitation", "GET", "/api/v1/referrals", R(COORDINATOR)},
	{"/courses", "GET", "/api/v1/enrolments", R(COORDINATOR) | R(LEADER)},
	{"/families", "GET", "/api/v1/families", FRONT | R(LEADER)},
	{"/families/:id", "GET", "/api/v1/families/{id}", FRONT | R(LEADER)},
	{"/referrals/new/:id", "POST", "/api/v1/referrals", FRONT},
	{"/referrals/:id", "GET", "/api/v1/referrals/{id}", FRONT | R(LEADER)},
	{"/courses/:id", "GET", "/api/v1/enrolments/{id}",
	 R(COORDINATOR) | R(HOME_PEDAGOGUE) | R(LEADER)},
	{"/health-visits", "GET", "/api/v1/health-visits/offers", 0},
	{"/health-visits/offers/:id", "GET", "/api/v1/health-visits/offers/{id}", 0},
	{"/toyboxes", "GET", "/api/v1/toyboxes", 0},
	{"/materials", "GET", "/api/v1/materials", R(HEALTH_VISITOR)},
	{"/cosp", "GET", "/api/v1/groups", 0},
	{"/cosp/groups/:id", "GET", "/api/v1/groups/{id}", 0},
	{"/cosp/offers/:id", "GET", "/api/v1/cosp/offers/{id}", 0},
	{"/daycare", "GET", "/api/v1/daycare/children", 0},
	{"/consultant-visits", "GET", "/api/v1/consultant-visits", 0},
	{"/family-groups", "GET", "/api/v1/family-groups", 0},
	{"/family-groups/:id", "GET", "/api/v1/family-groups/{id}", 0},
	{"/sparring", "GET", "/api/v1/sparring/sessions", 0},
	{"/sparring/overview", "GET", "/api/v1/sparring/overview", 0},
	{"/reports", "GET", "/api/v1/reports", 0},
	{"/admin", "GET", "/api/v1/users", 0},
	/* the records waiting on the device (web/js/offline.js): the
	 * front-line roles that record offline; it reads no API of its own */
	{"/outbox", "GET", "/api/v1/me", FRONT},
	{"/imports", "GET", "/api/v1/imports/kinds", 0},
};

/* The roles of the route method+pattern; -1 when there is none. */
static int64_t route_roles(const char *method, const char *pattern)
{
	for (int i = 0; i < http_routes_count; i++)
		if (!strcmp(http_routes[i].method, method) &&
		    !strcmp(http_routes[i].pattern, pattern))
			return http_routes[i].roles;
	return -1;
}

int64_t http_view_roles(const char *path)
{
	for (size_t i = 0; i < sizeof(views) / sizeof(views[0]); i++)
		if (!strcmp(views[i].path, path)) {
			int64_t r = route_roles(views[i].method, views[i].pattern);

			if (r < 0)
				return 0;
			if (!r)
				r = ~INT64_C(0);
			return views[i].audience ? r & views[i].audience : r;
		}
	return 0;
}

json_t *http_views_json(int64_t roles)
{
	json_t *out = json_array();

	for (size_t i = 0; i < sizeof(views) / sizeof(views[0]); i++)
		if (http_view_roles(views[i].path) & roles)
			json_array_append_new(out, json_string(views[i].path));
	return out;
}
