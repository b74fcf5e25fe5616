/*
 * r_evaluation_kit.c - the evaluation kit (evalueringskit, DOMAIN §3; seed
 * 003 "Tidsplan for den tværgående evaluering"): the activity
 * registrations a project leader delivers to the cross-municipal
 * evaluation, in one document - the visits, materials, COS-P,
 * home-pedagogue and cost reports for the period. The delivery it matches
 * (5 September, 5 May, or the end of the project with --final / final=1)
 * is stated with the period. Because all tables are in one report, small
 * numbers are protected across all of them at once: a count hidden in the
 * COS-P tables cannot be recovered through the cost tables.
 */
#include "rede/report_request.h"
#include "report/report_internal.h"

enum rede_err report_build_evaluation_kit(struct store_conn *c, const struct report_scope *s,
					  struct report *r)
{
	enum rede_err (*const parts[])(struct store_conn *, const struct report_scope *,
				       struct report *) = {
		report_build_visits, report_build_materials, report_build_cosp,
		report_build_home_pedagogue, report_build_costs};
	enum rede_err err = REDE_OK;

	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]) && !err; i++)
		err = parts[i](c, s, r);
	json_decref(r->delivery);
	r->delivery = report_delivery(s->to, s->final_delivery);
	return err;
}
