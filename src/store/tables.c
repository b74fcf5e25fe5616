/*
 * tables.c - the schema's tables in reference order (see tables.h).
 * schema_version is left out: each database keeps its own.
 */
#include "store/tables.h"

const struct store_table store_tables[] = {
	{"municipality", false, true},
	{"unit", false, true},
	{"app_user", false, true},
	{"unit_member", false, false},
	{"device", false, true}, /* 0021_device (replaces login_device) */
	{"session", false, true},
	{"api_token", false, true},
	{"login_throttle", false, false},
	{"setting", true, false},
	{"idempotency", false, false},
	{"audit_log", false, true},
	{"audit_head", true, false},
	{"family", false, true},
	{"person", false, true},
	{"consent", false, true},
	{"risk_factor", true, false},
	{"referral", false, true},
	{"referral_risk", false, false},
	{"visitation_decision", false, true},
	{"enrolment", false, true},
	{"enrolment_staff", false, false},
	{"enrolment_hours", false, true},
	{"goal", false, true},
	{"goal_rating", false, true},
	{"contact", false, true},
	{"contact_goal", false, false},
	{"closure", false, false},
	/* 0003_health_visits */
	{"hv_criterion", false, true},
	{"hv_offer", false, true},
	{"hv_offer_attempt", false, true},
	{"hv_visit", false, true},
	{"hv_material", true, false},
	{"hv_visit_material", false, false},
	{"hv_material_staff", false, false},
	{"hv_toybox", false, true},
	{"hv_toybox_checkout", false, true},
	/* 0004: COS-P courses and cooperation with daycare */
	{"staff_competence", false, true},
	{"institution_health_visitor", false, false},
	{"cosp_course", false, true},
	{"cosp_facilitator", false, false},
	{"cosp_session", false, true},
	{"cosp_offer", false, true},
	{"cosp_offer_institution", false, false},
	{"cosp_offer_acquaintance", false, false},
	{"cosp_attendance", false, false},
	{"handover", false, true},
	{"handover_item", false, true},
	{"consultant_visit", false, true},
	{"consultant_topic", false, true},
	{"family_group", false, true},
	{"family_group_worker", false, false},
	{"family_group_member", false, true},
	{"family_group_goal", false, true},
	{"daycare_score", false, true},
	{"status_meeting", false, true},
	/* 0005: reports - the typology for promising practice */
	{"typology_question", true, true},
	{"practice", false, true},
	{"practice_assessment", false, true},
	{"practice_answer", false, false},
	/* 0006: running totals for the reports */
	{"contact_effort", false, false},
	/* 0007: the word index of name search */
	{"search_word", false, false},
	/* 0010: the history of the states the reports read as of a day */
	{"hv_offer_state", false, true},
	{"cosp_offer_state", false, true},
	{"enrolment_state", false, false},
	{"consent_state", false, false},
	/* 0012: retention, archive deliveries, legal holds */
	{"retention_rule", true, false},
	{"archive_export", false, true},
	{"archive_delivery", false, true},
	{"legal_hold", false, true},
	{"retention_run", false, true},
	/* 0013: sign-in through the municipality's identity provider */
	{"sso_saml", false, false},
	{"sso_oidc", false, false},
	{"sso_role_map", false, false},
	{"sso_identity", false, false},
	{"sso_pending", false, false},
	{"sso_replay", false, false},
	{"sso_session", false, false},
	{"sso_break_glass", false, false},
	/* 0016: imports: the source key and fingerprint of each imported row group */
	{"import_key", false, false},
	/* 0019: faglig sparring (default themes are seeded) */
	{"sparring_theme", true, true},
	{"sparring_session", false, true},
	{"sparring_participant", false, false},
	{"sparring_session_theme", false, false},
	{"sparring_case", false, false},
	/* 0028: the caseload's open assignments, kept on write */
	{"caseload_open", false, false},
};
const int store_tables_count = (int)(sizeof(store_tables) / sizeof(store_tables[0]));
