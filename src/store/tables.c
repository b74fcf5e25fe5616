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
	{"session", false, true},
	{"api_token", false, true},
	{"login_throttle", false, false},
	{"login_device", false, false},
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
};
const int store_tables_count = (int)(sizeof(store_tables) / sizeof(store_tables[0]));
