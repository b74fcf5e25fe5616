/*
 * handlers.h - the resource handlers the route table (routes.c) points at,
 * one file per resource (h_<resource>.c), and the few JSON encoders they
 * share. The object a route's path names reaches its handler loaded
 * (http/objects.h).
 */
#ifndef REDE_HTTP_HANDLERS_H
#define REDE_HTTP_HANDLERS_H

#include "http/objects.h"
#include "rede/crypto.h"
#include "rede/http.h"
#include "store/access.h"
#include "store/users.h"

/* The caller as the access rules (store/access.h) see them. */
static inline struct access_who http_who(const struct http_req *req)
{
	struct access_who w = {req->auth.municipality_id, req->auth.user_id, req->auth.roles};
	return w;
}

/* h_session.c */
enum rede_err h_session_check(struct http_req *req, struct http_resp *resp);
enum rede_err h_session_create(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_session_delete(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_me_get(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_session_get(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_me_password(struct http_req *req, struct store_conn *c, struct http_resp *resp);

/* h_units.c */
enum rede_err h_units_list(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_units_create(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_units_get(struct http_req *req, struct store_conn *c, struct http_resp *resp);

/* h_users.c */
enum rede_err h_users_list(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_users_create(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_users_get(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_users_update(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_users_password(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_users_end_sessions(struct http_req *req, struct store_conn *c,
				   struct http_resp *resp);
/* POST /users/{id}/sso-link {"from_user_id"}: the account made by a
 * person's first sign-in through the municipality's login hands that login
 * to {id} (an imported account) and is disabled. */
enum rede_err h_users_sso_link(struct http_req *req, struct store_conn *c, struct http_resp *resp);
/* h_devices.c: a user's devices (issue 20) */
enum rede_err h_users_devices(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_users_device_disable(struct http_req *req, struct store_conn *c,
				     struct http_resp *resp);
enum rede_err h_staff_list(struct http_req *req, struct store_conn *c, struct http_resp *resp);

/* h_enrolments.c, h_closure.c, h_goals.c, h_contacts.c, h_caseload.c (courses) */
enum rede_err h_enrolments_create(struct http_req *req, struct store_conn *c,
				  struct http_resp *resp);
enum rede_err h_enrolments_list(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_enrolments_get(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_enrolments_update(struct http_req *req, struct store_conn *c,
				  struct http_resp *resp);
enum rede_err h_enrolments_hours(struct http_req *req, struct store_conn *c,
				 struct http_resp *resp);
enum rede_err h_enrolments_extension(struct http_req *req, struct store_conn *c,
				     struct http_resp *resp);
enum rede_err h_enrolments_start(struct http_req *req, struct store_conn *c,
				 struct http_resp *resp);
enum rede_err h_enrolments_close(struct http_req *req, struct store_conn *c,
				 struct http_resp *resp);
enum rede_err h_goals_create(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_goals_get(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_goals_update(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_goals_rate(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_contacts_create(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_contacts_list(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_caseload_get(struct http_req *req, struct store_conn *c, struct http_resp *resp);

/* h_families.c */
enum rede_err h_families_create(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_families_search(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_families_get(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_families_add_person(struct http_req *req, struct store_conn *c,
				    struct http_resp *resp);
enum rede_err h_families_give_consent(struct http_req *req, struct store_conn *c,
				      struct http_resp *resp);
enum rede_err h_families_update(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_persons_update(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_persons_lookup(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_persons_reveal_cpr(struct http_req *req, struct store_conn *c,
				   struct http_resp *resp);
enum rede_err h_consents_withdraw(struct http_req *req, struct store_conn *c,
				  struct http_resp *resp);

/* h_referrals.c */
enum rede_err h_referrals_create(struct http_req *req, struct store_conn *c,
				 struct http_resp *resp);
enum rede_err h_referrals_list(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_referrals_get(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_referrals_decide(struct http_req *req, struct store_conn *c,
				 struct http_resp *resp);
enum rede_err h_risk_factors_list(struct http_req *req, struct store_conn *c,
				  struct http_resp *resp);

/* h_reports.c */
enum rede_err h_reports_list(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_reports_get(struct http_req *req, struct store_conn *c, struct http_resp *resp);

/* h_typology.c */
enum rede_err h_typology_questions(struct http_req *req, struct store_conn *c,
				   struct http_resp *resp);
enum rede_err h_typology_replace(struct http_req *req, struct store_conn *c,
				 struct http_resp *resp);
enum rede_err h_typology_compare(struct http_req *req, struct store_conn *c,
				 struct http_resp *resp);
enum rede_err h_practices_list(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_practices_create(struct http_req *req, struct store_conn *c,
				 struct http_resp *resp);
enum rede_err h_practices_get(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_practices_assess(struct http_req *req, struct store_conn *c,
				 struct http_resp *resp);

/* h_legal_holds.c */
enum rede_err h_legal_holds_list(struct http_req *req, struct store_conn *c,
				 struct http_resp *resp);
enum rede_err h_legal_holds_create(struct http_req *req, struct store_conn *c,
				   struct http_resp *resp);
enum rede_err h_legal_holds_clear(struct http_req *req, struct store_conn *c,
				  struct http_resp *resp);

/* h_purposes.c: the purposes a user may give, and taking the one a request
 * gave ("purpose", a code of GET /api/v1/purposes) onto its audit entry.
 * False, with a 400 naming "purpose", when it is missing but required or
 * not one of them. */
enum rede_err h_purposes_list(struct http_req *req, struct store_conn *c, struct http_resp *resp);
bool http_purpose(struct http_req *req, const char *given, bool required, struct http_resp *resp);

/* h_insight.c */
enum rede_err h_insight_create(struct http_req *req, struct store_conn *c, struct http_resp *resp);

/* h_sso.c, h_sso_saml.c, h_sso_oidc.c: sign-in through the
 * municipality's identity provider (issue 17) */
/* The URL that ends the IdP's session for a session opened through it
 * (*url NULL for a password session). */
enum rede_err h_sso_logout_url(struct http_req *req, struct store_conn *c, int64_t session_id,
			       char **url);
enum rede_err h_sso_municipalities(struct http_req *req, struct store_conn *c,
				   struct http_resp *resp);
enum rede_err h_sso_admin_get(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_sso_local_login_put(struct http_req *req, struct store_conn *c,
				    struct http_resp *resp);
enum rede_err h_saml_metadata(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_saml_login_prepare(struct http_req *req, struct http_resp *resp);
enum rede_err h_saml_login(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_saml_acs_prepare(struct http_req *req, struct http_resp *resp);
enum rede_err h_saml_acs(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_saml_slo(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_oidc_login_prepare(struct http_req *req, struct http_resp *resp);
enum rede_err h_oidc_login(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_oidc_callback_prepare(struct http_req *req, struct http_resp *resp);
enum rede_err h_oidc_callback(struct http_req *req, struct store_conn *c, struct http_resp *resp);

/* views.c: the roles that may open the web UI's page path (0: none, or
 * not a page), and the pages a caller with roles may open, as a JSON
 * array of paths ("/caseload", "/families/:id", ...). */
int64_t http_view_roles(const char *path);
json_t *http_views_json(int64_t roles);
/* h_vocabulary.c: GET /api/v1/vocabulary */
enum rede_err h_vocabulary_get(struct http_req *req, struct store_conn *c, struct http_resp *resp);
/* h_imports.c (issue 19) */
enum rede_err h_imports_kinds(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_imports_template(struct http_req *req, struct store_conn *c,
				 struct http_resp *resp);
enum rede_err h_imports_prepare(struct http_req *req, struct http_resp *resp);
enum rede_err h_imports_create(struct http_req *req, struct store_conn *c, struct http_resp *resp);

/* A user as JSON (no password hash); with units when c is given. */
json_t *json_user(struct store_conn *c, const struct user_row *u);
/* The municipality's units, read once (one query) for a user's or a
 * list's answers (GET /users, the staff directory): load the table,
 * answer each user from it, release it (owns rows). */
struct user_units {
	struct unit_row *rows;
	size_t n, alloc;
};
enum rede_err user_units_load(struct store_conn *c, int64_t municipality_id, struct user_units *t);
void user_units_release(struct user_units *t);
json_t *json_user_from(const struct user_units *t, const struct user_row *u);
/* The user's units as [{id, name, kind}], from the table. */
json_t *json_user_units_from(const struct user_units *t, const struct user_row *u);
/* ["admin","leader"] from a role bit set. */
json_t *json_roles(int64_t roles);
/* Parse a JSON array of role names; false (with a field error on resp)
 * when it is empty or names an unknown role. */
bool json_roles_parse(const json_t *arr, const char *field, int64_t *bits, struct http_resp *resp);

/* h_sparring.c (faglig sparring, issue 23) */
enum rede_err h_sparring_themes_list(struct http_req *req, struct store_conn *c,
				     struct http_resp *resp);
enum rede_err h_sparring_themes_create(struct http_req *req, struct store_conn *c,
				       struct http_resp *resp);
enum rede_err h_sparring_themes_update(struct http_req *req, struct store_conn *c,
				       struct http_resp *resp);
enum rede_err h_sparring_create(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_sparring_list(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_sparring_get(struct http_req *req, struct store_conn *c, struct http_resp *resp);
enum rede_err h_sparring_colleagues(struct http_req *req, struct store_conn *c,
				    struct http_resp *resp);
enum rede_err h_sparring_overview(struct http_req *req, struct store_conn *c,
				  struct http_resp *resp);

#endif
