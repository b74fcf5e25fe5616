/*
 * routes.c - the route table: every API path, who may call it, the object
 * its path names, and its handler. The server matches in order; the role
 * mask is checked before the handler runs (403), then the object is loaded
 * through the access rule (.object, http/objects.c: 404) and handed to the
 * handler. Who may do what is read from this table and store/access.c.
 */
#include "http/h_cosp.h"
#include "http/h_daycare.h"
#include "http/h_health_visit.h"
#include "http/handlers.h"
#include "rede/core.h"

#define ADMIN ROLE_BIT(ROLE_ADMIN)
#define ANY 0
/* Courses: coordinators create and extend them; the assigned home
 * pedagogues work in them (a coordinator may also plan: hours, start,
 * planned end, staff); leaders of the course's unit read. */
/* Families: front-line staff create them and record members and consents;
 * leaders read (the access rule narrows every object); the full CPR number
 * only for the roles whose casework needs it. */
#define FAMILY_WRITE                                                                               \
	(ROLE_BIT(ROLE_COORDINATOR) | ROLE_BIT(ROLE_HOME_PEDAGOGUE) |                              \
	 ROLE_BIT(ROLE_HEALTH_VISITOR) | ROLE_BIT(ROLE_DAYCARE))
#define FAMILY_READ (FAMILY_WRITE | ROLE_BIT(ROLE_LEADER))
#define CPR_REVEAL                                                                                 \
	(ROLE_BIT(ROLE_COORDINATOR) | ROLE_BIT(ROLE_HOME_PEDAGOGUE) | ROLE_BIT(ROLE_HEALTH_VISITOR))
#define COURSE_COORD ROLE_BIT(ROLE_COORDINATOR)
#define COURSE_WORK ROLE_BIT(ROLE_HOME_PEDAGOGUE)
#define COURSE_PLAN (COURSE_COORD | COURSE_WORK)
#define COURSE_READ (COURSE_PLAN | ROLE_BIT(ROLE_LEADER))
/* Visits at 1½ and 3 years, materials, toy boxes: health visitors work;
 * coordinators and leaders read (the access rule narrows each offer and
 * visit); the due list is for health visitors and coordinators. */
#define HV_WORK ROLE_BIT(ROLE_HEALTH_VISITOR)
#define HV_READ (HV_WORK | ROLE_BIT(ROLE_COORDINATOR) | ROLE_BIT(ROLE_LEADER))
#define HV_DUE (HV_WORK | ROLE_BIT(ROLE_COORDINATOR))
/* COS-P (h_cosp*.c): coordinators plan groups; health visitors offer and
 * run courses (with pedagogues as co-facilitators); leaders read; training
 * records are kept by admins, coordinators and leaders. */
#define COSP_OFFER (ROLE_BIT(ROLE_COORDINATOR) | ROLE_BIT(ROLE_HEALTH_VISITOR))
#define COSP_STAFF (COSP_OFFER | ROLE_BIT(ROLE_HOME_PEDAGOGUE))
#define COSP_READ (COSP_STAFF | ROLE_BIT(ROLE_LEADER))
#define COMPETENCE_WRITE (ADMIN | ROLE_BIT(ROLE_COORDINATOR) | ROLE_BIT(ROLE_LEADER))
#define COMPETENCE_READ (COMPETENCE_WRITE | COSP_STAFF)
/* Cooperation with daycare (h_handovers.c, h_consult.c, h_fgroups.c):
 * front-line staff record; daycare users reach only what was shared with
 * their institution. */
#define DAYCARE ROLE_BIT(ROLE_DAYCARE)
#define COOP_WRITE COSP_STAFF
#define COOP_READ (COOP_WRITE | ROLE_BIT(ROLE_LEADER))
#define CONSULT_WORK (ROLE_BIT(ROLE_COORDINATOR) | ROLE_BIT(ROLE_HEALTH_VISITOR))
#define CONSULT_PLAN (CONSULT_WORK | ROLE_BIT(ROLE_LEADER))

/* Faglig sparring (h_sparring.c): front-line staff and coordinators record
 * their own sessions; leaders read their units' and keep the theme list
 * with the admins; the overview is the leaders'. Training records are the
 * competences above: front-line staff may add their own. */
#define SPARRING_WORK (COSP_STAFF | ROLE_BIT(ROLE_LEADER))
#define THEME_WRITE (ADMIN | ROLE_BIT(ROLE_LEADER))

/* Reports (h_reports.c): evaluators and admins get suppressed aggregates;
 * leaders, coordinators, home pedagogues and health visitors their own
 * units' numbers (src/report/request.c decides). Daycare users none. */
#define REPORT_READ                                                                                \
	(ADMIN | ROLE_BIT(ROLE_EVALUATOR) | ROLE_BIT(ROLE_LEADER) | ROLE_BIT(ROLE_COORDINATOR) |   \
	 ROLE_BIT(ROLE_HOME_PEDAGOGUE) | ROLE_BIT(ROLE_HEALTH_VISITOR))

/* The typology self-assessment (h_typology.c): leaders, coordinators and
 * admins keep the questions, practices and assessments; evaluators read. */
#define TYPOLOGY_WRITE (ADMIN | ROLE_BIT(ROLE_LEADER) | ROLE_BIT(ROLE_COORDINATOR))
#define TYPOLOGY_READ (TYPOLOGY_WRITE | ROLE_BIT(ROLE_EVALUATOR))

/* Importing registrations (h_imports.c, issue 19): coordinators and admins;
 * each row then needs the role its own route needs. */
#define IMPORT (ADMIN | ROLE_BIT(ROLE_COORDINATOR))

const struct http_route http_routes[] = {
	{"POST", "/api/v1/session", ANY, HTTP_PUBLIC | HTTP_NO_CSRF, h_session_create,
	 h_session_check},
	/* sign-in through the municipality's identity provider (h_sso*.c):
	 * browser redirects and HTML, not JSON */
	{"GET", "/api/v1/sso/municipalities", ANY, HTTP_PUBLIC, h_sso_municipalities},
	{"GET", "/api/v1/sso", ADMIN, 0, h_sso_admin_get},
	{"PUT", "/api/v1/sso/local-login", ADMIN, 0, h_sso_local_login_put},
	{"GET", "/auth/saml/{code}/metadata", ANY, HTTP_PUBLIC, h_saml_metadata},
	{"GET", "/auth/saml/{code}/login", ANY, HTTP_PUBLIC | HTTP_WRITE_GET, h_saml_login,
	 h_saml_login_prepare},
	{"POST", "/auth/saml/{code}/acs", ANY, HTTP_PUBLIC | HTTP_NO_CSRF | HTTP_FORM, h_saml_acs,
	 h_saml_acs_prepare},
	{"GET", "/auth/saml/{code}/slo", ANY, HTTP_PUBLIC | HTTP_WRITE_GET, h_saml_slo},
	{"POST", "/auth/saml/{code}/slo", ANY, HTTP_PUBLIC | HTTP_NO_CSRF | HTTP_FORM, h_saml_slo},
	{"GET", "/auth/oidc/{code}/login", ANY, HTTP_PUBLIC | HTTP_WRITE_GET, h_oidc_login,
	 h_oidc_login_prepare},
	{"GET", "/auth/oidc/{code}/callback", ANY, HTTP_PUBLIC | HTTP_WRITE_GET, h_oidc_callback,
	 h_oidc_callback_prepare},
	{"DELETE", "/api/v1/session", ANY, 0, h_session_delete},
	{"GET", "/api/v1/session", ANY, HTTP_PUBLIC, h_session_get},
	{"GET", "/api/v1/me", ANY, 0, h_me_get},
	/* the allowed values of the closed lists, with Danish labels */
	{"GET", "/api/v1/vocabulary", ANY, 0, h_vocabulary_get},
	{"PUT", "/api/v1/me/password", ANY, 0, h_me_password},

	{"GET", "/api/v1/units", ANY, 0, h_units_list},
	{"POST", "/api/v1/units", ADMIN, 0, h_units_create},
	{"GET", "/api/v1/units/{id}", ANY, 0, h_units_get, .object = OBJ_UNIT},

	{"GET", "/api/v1/users", ADMIN, 0, h_users_list},
	{"POST", "/api/v1/users", ADMIN, 0, h_users_create},
	{"GET", "/api/v1/users/{id}", ADMIN, 0, h_users_get, .object = OBJ_USER},
	{"PATCH", "/api/v1/users/{id}", ADMIN, 0, h_users_update, .object = OBJ_USER},
	{"POST", "/api/v1/users/{id}/password", ADMIN, 0, h_users_password, .object = OBJ_USER},
	{"POST", "/api/v1/users/{id}/end-sessions", ADMIN, 0, h_users_end_sessions,
	 .object = OBJ_USER},
	{"POST", "/api/v1/users/{id}/sso-link", ADMIN, 0, h_users_sso_link, .object = OBJ_USER},
	{"GET", "/api/v1/users/{id}/devices", ADMIN, 0, h_users_devices, .object = OBJ_USER},
	{"POST", "/api/v1/users/{id}/devices/{device}/disable", ADMIN, 0, h_users_device_disable,
	 .object = OBJ_USER},
	/* colleagues' names for assigning courses and COS-P facilitators */
	{"GET", "/api/v1/staff",
	 COURSE_COORD | ADMIN | ROLE_BIT(ROLE_HEALTH_VISITOR) | ROLE_BIT(ROLE_LEADER), 0,
	 h_staff_list},

	/* families, persons, consents, referrals, visitation (h_families.c,
	 * h_referrals.c) */
	{"POST", "/api/v1/families", FAMILY_WRITE, 0, h_families_create},
	{"GET", "/api/v1/families", FAMILY_READ, 0, h_families_search},
	{"GET", "/api/v1/families/{id}", FAMILY_READ, 0, h_families_get, .object = OBJ_FAMILY},
	{"PATCH", "/api/v1/families/{id}", FAMILY_WRITE, 0, h_families_update,
	 .object = OBJ_FAMILY},
	{"POST", "/api/v1/families/{id}/persons", FAMILY_WRITE, 0, h_families_add_person,
	 .object = OBJ_FAMILY},
	{"PATCH", "/api/v1/persons/{id}", FAMILY_WRITE, 0, h_persons_update, .object = OBJ_PERSON},
	{"POST", "/api/v1/families/{id}/consents", FAMILY_WRITE, 0, h_families_give_consent,
	 .object = OBJ_FAMILY},
	{"POST", "/api/v1/consents/{id}/withdraw", FAMILY_WRITE, 0, h_consents_withdraw,
	 .object = OBJ_CONSENT, .action = "withdraw"},
	{"POST", "/api/v1/persons/lookup", FAMILY_READ, 0, h_persons_lookup},
	{"GET", "/api/v1/persons/{id}/cpr", CPR_REVEAL, 0, h_persons_reveal_cpr,
	 .object = OBJ_PERSON, .action = "reveal"},
	{"GET", "/api/v1/risk-factors", FAMILY_READ, 0, h_risk_factors_list},
	{"POST", "/api/v1/referrals", FAMILY_WRITE, 0, h_referrals_create},
	{"GET", "/api/v1/referrals", FAMILY_READ, 0, h_referrals_list},
	{"GET", "/api/v1/referrals/{id}", FAMILY_READ, 0, h_referrals_get, .object = OBJ_REFERRAL},
	{"POST", "/api/v1/referrals/{id}/decision", ROLE_BIT(ROLE_COORDINATOR), 0,
	 h_referrals_decide, .object = OBJ_REFERRAL},

	/* courses: enrolments, hours, goals, ratings, contacts, closure,
	 * caseload (h_enrolments.c, h_goals.c, h_contacts.c, h_caseload.c) */
	{"POST", "/api/v1/enrolments", COURSE_COORD, 0, h_enrolments_create},
	{"GET", "/api/v1/enrolments", COURSE_READ, 0, h_enrolments_list},
	{"GET", "/api/v1/enrolments/{id}", COURSE_READ, 0, h_enrolments_get, .object = OBJ_COURSE},
	{"PATCH", "/api/v1/enrolments/{id}", COURSE_PLAN, 0, h_enrolments_update,
	 .object = OBJ_COURSE},
	{"POST", "/api/v1/enrolments/{id}/hours", COURSE_PLAN, 0, h_enrolments_hours,
	 .object = OBJ_COURSE},
	{"POST", "/api/v1/enrolments/{id}/extension", COURSE_COORD, 0, h_enrolments_extension,
	 .object = OBJ_COURSE},
	{"POST", "/api/v1/enrolments/{id}/start", COURSE_PLAN, 0, h_enrolments_start,
	 .object = OBJ_COURSE},
	{"POST", "/api/v1/enrolments/{id}/close", COURSE_WORK, 0, h_enrolments_close,
	 .object = OBJ_COURSE},
	{"POST", "/api/v1/enrolments/{id}/goals", COURSE_WORK, 0, h_goals_create,
	 .object = OBJ_COURSE},
	{"GET", "/api/v1/enrolments/{id}/contacts", COURSE_READ, 0, h_contacts_list,
	 .object = OBJ_COURSE},
	{"POST", "/api/v1/enrolments/{id}/contacts", COURSE_WORK, 0, h_contacts_create,
	 .object = OBJ_COURSE},
	{"GET", "/api/v1/goals/{id}", COURSE_READ, 0, h_goals_get, .object = OBJ_GOAL},
	{"PATCH", "/api/v1/goals/{id}", COURSE_WORK, 0, h_goals_update, .object = OBJ_GOAL},
	{"POST", "/api/v1/goals/{id}/ratings", COURSE_WORK, 0, h_goals_rate, .object = OBJ_GOAL},
	{"GET", "/api/v1/caseload", COURSE_READ, 0, h_caseload_get},

	/* health-visitor visits at 1½ and 3 years, materials, toy boxes
	 * (h_hv_*.c, h_materials.c, h_toyboxes.c) */
	{"GET", "/api/v1/health-visits/due", HV_DUE, 0, h_hv_due},
	{"GET", "/api/v1/health-visits/criteria", HV_READ, 0, h_hv_criteria_list},
	{"POST", "/api/v1/health-visits/criteria", HV_WORK, 0, h_hv_criteria_create},
	{"GET", "/api/v1/health-visits/offers", HV_READ, 0, h_hv_offers_list},
	{"POST", "/api/v1/health-visits/offers", HV_WORK, 0, h_hv_offers_create},
	{"GET", "/api/v1/health-visits/offers/{id}", HV_READ, 0, h_hv_offers_get,
	 .object = OBJ_HV_OFFER},
	{"PATCH", "/api/v1/health-visits/offers/{id}", HV_WORK, 0, h_hv_offers_update,
	 .object = OBJ_HV_OFFER},
	{"DELETE", "/api/v1/health-visits/offers/{id}", HV_WORK, 0, h_hv_offers_delete,
	 .object = OBJ_HV_OFFER},
	{"POST", "/api/v1/health-visits/offers/{id}/attempts", HV_WORK, 0, h_hv_attempts_create,
	 .object = OBJ_HV_OFFER},
	{"POST", "/api/v1/health-visits/offers/{id}/answer", HV_WORK, 0, h_hv_answer,
	 .object = OBJ_HV_OFFER},
	{"POST", "/api/v1/health-visits/offers/{id}/visit", HV_WORK, 0, h_hv_visit_create,
	 .object = OBJ_HV_OFFER},
	{"GET", "/api/v1/health-visits/visits/{id}", HV_READ, 0, h_hv_visit_get,
	 .object = OBJ_HV_VISIT},
	{"GET", "/api/v1/materials", HV_READ, 0, h_materials_list},
	{"POST", "/api/v1/materials", HV_WORK, 0, h_materials_create},
	{"GET", "/api/v1/health-visitors/{id}/materials", HV_READ, 0, h_materials_staff_get,
	 .object = OBJ_HEALTH_VISITOR},
	{"PUT", "/api/v1/health-visitors/{id}/materials", HV_WORK, 0, h_materials_staff_put,
	 .object = OBJ_HEALTH_VISITOR},
	{"GET", "/api/v1/toyboxes", HV_READ, 0, h_toyboxes_list},
	{"POST", "/api/v1/toyboxes", HV_WORK, 0, h_toyboxes_create},
	{"GET", "/api/v1/toyboxes/{id}", HV_READ, 0, h_toyboxes_get, .object = OBJ_TOYBOX},
	{"POST", "/api/v1/toyboxes/{id}/checkout", HV_WORK, 0, h_toyboxes_checkout,
	 .object = OBJ_TOYBOX},
	{"POST", "/api/v1/toyboxes/{id}/return", HV_WORK, 0, h_toyboxes_return,
	 .object = OBJ_TOYBOX},
	{"POST", "/api/v1/toyboxes/{id}/write-off", HV_WORK, 0, h_toyboxes_write_off,
	 .object = OBJ_TOYBOX},
	/* COS-P group courses (h_cosp.c, h_cosp_offers.c, h_cosp_plan.c) */
	{"GET", "/api/v1/competences", COMPETENCE_READ, 0, h_competences_list},
	{"POST", "/api/v1/users/{id}/competences", COMPETENCE_READ, 0, h_competences_add,
	 .object = OBJ_USER},

	/* faglig sparring (h_sparring.c) */
	{"GET", "/api/v1/sparring/themes", SPARRING_WORK | ADMIN, 0, h_sparring_themes_list},
	{"POST", "/api/v1/sparring/themes", THEME_WRITE, 0, h_sparring_themes_create},
	{"PATCH", "/api/v1/sparring/themes/{id}", THEME_WRITE, 0, h_sparring_themes_update,
	 .object = OBJ_SPARRING_THEME},
	{"POST", "/api/v1/sparring/sessions", SPARRING_WORK, 0, h_sparring_create},
	{"GET", "/api/v1/sparring/sessions", SPARRING_WORK, 0, h_sparring_list},
	{"GET", "/api/v1/sparring/sessions/{id}", SPARRING_WORK, 0, h_sparring_get,
	 .object = OBJ_SPARRING_SESSION},
	{"GET", "/api/v1/sparring/overview", ROLE_BIT(ROLE_LEADER), 0, h_sparring_overview},
	{"GET", "/api/v1/sparring/colleagues", SPARRING_WORK, 0, h_sparring_colleagues},
	{"POST", "/api/v1/groups/plan", ROLE_BIT(ROLE_COORDINATOR), 0, h_groups_plan},
	{"POST", "/api/v1/groups", COSP_OFFER, 0, h_cosp_courses_create},
	{"GET", "/api/v1/groups", COSP_READ, 0, h_cosp_courses_list},
	{"GET", "/api/v1/groups/{id}", COSP_READ, 0, h_cosp_courses_get, .object = OBJ_COSP_GROUP},
	{"PATCH", "/api/v1/groups/{id}/sessions/{number}", COSP_STAFF, 0, h_cosp_sessions_move,
	 .object = OBJ_COSP_GROUP},
	{"POST", "/api/v1/groups/{id}/attendance", COSP_STAFF, 0, h_cosp_attendance,
	 .object = OBJ_COSP_GROUP},
	{"POST", "/api/v1/cosp/offers", COSP_OFFER, 0, h_cosp_offers_create},
	{"GET", "/api/v1/cosp/offers", COSP_READ, 0, h_cosp_offers_list},
	{"GET", "/api/v1/cosp/offers/{id}", COSP_READ, 0, h_cosp_offers_get,
	 .object = OBJ_COSP_OFFER},
	{"PATCH", "/api/v1/cosp/offers/{id}", COSP_OFFER, 0, h_cosp_offers_update,
	 .object = OBJ_COSP_OFFER},
	{"POST", "/api/v1/cosp/offers/{id}/answer", COSP_OFFER, 0, h_cosp_offers_answer,
	 .object = OBJ_COSP_OFFER},
	{"POST", "/api/v1/cosp/offers/{id}/dropout", COSP_STAFF, 0, h_cosp_offers_dropout,
	 .object = OBJ_COSP_OFFER},
	{"POST", "/api/v1/cosp/offers/{id}/rating", COSP_STAFF, 0, h_cosp_offers_rating,
	 .object = OBJ_COSP_OFFER},

	/* cooperation with daycare (h_handovers.c, h_consult.c, h_fgroups.c) */
	{"POST", "/api/v1/handovers", COOP_WRITE, 0, h_handovers_create},
	{"GET", "/api/v1/handovers", COOP_READ, 0, h_handovers_list},
	{"GET", "/api/v1/handovers/{id}", COOP_READ | DAYCARE, 0, h_handovers_get,
	 .object = OBJ_HANDOVER},
	{"GET", "/api/v1/daycare/handovers", DAYCARE, 0, h_daycare_handovers},
	{"PUT", "/api/v1/institutions/{id}/health-visitor", COMPETENCE_WRITE, 0,
	 h_institution_health_visitor, .object = OBJ_UNIT},
	{"POST", "/api/v1/consultant-visits/plan", CONSULT_PLAN, 0, h_consult_plan},
	{"GET", "/api/v1/consultant-visits", CONSULT_PLAN | DAYCARE, 0, h_consult_list},
	{"PATCH", "/api/v1/consultant-visits/{id}", CONSULT_WORK, 0, h_consult_move,
	 .object = OBJ_CONSULT_VISIT},
	{"POST", "/api/v1/consultant-visits/{id}/topics", CONSULT_WORK | DAYCARE, 0,
	 h_consult_topic, .object = OBJ_CONSULT_VISIT},
	{"POST", "/api/v1/consultant-visits/{id}/outcome", CONSULT_WORK, 0, h_consult_outcome,
	 .object = OBJ_CONSULT_VISIT},
	{"POST", "/api/v1/family-groups", COOP_WRITE, 0, h_fgroups_create},
	{"GET", "/api/v1/family-groups", COOP_READ, 0, h_fgroups_list},
	{"GET", "/api/v1/family-groups/{id}", COOP_READ, 0, h_fgroups_get,
	 .object = OBJ_FAMILY_GROUP},
	{"POST", "/api/v1/family-groups/{id}/members", COOP_WRITE, 0, h_fgroups_add_member,
	 .object = OBJ_FAMILY_GROUP},
	{"GET", "/api/v1/family-group-members/{id}", COOP_READ, 0, h_fgroup_members_scores,
	 .object = OBJ_FAMILY_GROUP_MEMBER},
	{"POST", "/api/v1/family-group-members/{id}/start-meeting", COOP_WRITE, 0,
	 h_fgroup_members_start, .object = OBJ_FAMILY_GROUP_MEMBER},
	{"POST", "/api/v1/family-group-members/{id}/leave", COOP_WRITE, 0, h_fgroup_members_leave,
	 .object = OBJ_FAMILY_GROUP_MEMBER},
	{"POST", "/api/v1/family-group-members/{id}/status-meetings", COOP_WRITE, 0,
	 h_fgroup_members_status, .object = OBJ_FAMILY_GROUP_MEMBER},
	{"GET", "/api/v1/daycare/children", DAYCARE, 0, h_daycare_children},
	{"POST", "/api/v1/daycare/scores", DAYCARE, 0, h_daycare_score},

	/* reports (h_reports.c) */
	{"GET", "/api/v1/reports", REPORT_READ, HTTP_REPLICA, h_reports_list},
	{"GET", "/api/v1/reports/{name}", REPORT_READ, HTTP_REPLICA, h_reports_get},
	/* typology self-assessment (h_typology.c) */
	{"GET", "/api/v1/typology/questions", TYPOLOGY_READ, 0, h_typology_questions},
	{"PUT", "/api/v1/typology/elements/{code}/questions", TYPOLOGY_WRITE, 0,
	 h_typology_replace},
	{"GET", "/api/v1/typology/compare", TYPOLOGY_READ, 0, h_typology_compare},
	{"GET", "/api/v1/practices", TYPOLOGY_READ, 0, h_practices_list},
	{"POST", "/api/v1/practices", TYPOLOGY_WRITE, 0, h_practices_create},
	{"GET", "/api/v1/practices/{id}", TYPOLOGY_READ, 0, h_practices_get,
	 .object = OBJ_PRACTICE},
	{"POST", "/api/v1/practices/{id}/assessments", TYPOLOGY_WRITE, 0, h_practices_assess,
	 .object = OBJ_PRACTICE},

	/* the duties on personal data (issue 18): insight (h_insight.c), legal
	 * holds (h_legal_holds.c) */
	{"POST", "/api/v1/insight", ADMIN, 0, h_insight_create},
	{"GET", "/api/v1/purposes", ANY, 0, h_purposes_list},
	{"GET", "/api/v1/legal-holds", ADMIN, 0, h_legal_holds_list},
	{"POST", "/api/v1/legal-holds", ADMIN, 0, h_legal_holds_create},
	{"POST", "/api/v1/legal-holds/{id}/clear", ADMIN, 0, h_legal_holds_clear},
	/* imports (h_imports.c): the file is the body; the import runs in the
	 * prepare step, in transactions of its own */
	{"GET", "/api/v1/imports/kinds", IMPORT, 0, h_imports_kinds},
	{"GET", "/api/v1/imports/templates/{kind}", IMPORT, 0, h_imports_template},
	{"POST", "/api/v1/imports", IMPORT, HTTP_RAW_BODY, h_imports_create, h_imports_prepare},
};
const int http_routes_count = (int)(sizeof(http_routes) / sizeof(http_routes[0]));
