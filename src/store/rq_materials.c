/*
 * rq_materials.c - the queries of the report on the health visitors'
 * materials (src/report/r_materials.c): the catalogue, what the staff
 * know and use, and the uses in the period's visits.
 */
#include "store/report_sql.h"

struct store_rq_rows *store_rq_material_catalog(struct store_conn *c, int64_t municipality_id)
{
	struct store_stmt *st = store_prepare(
		c, "SELECT code, label FROM hv_material WHERE (municipality_id = 0 OR "
		   "municipality_id = ?) ORDER BY code");

	store_bind_all(st, STORE_INT(municipality_id));
	return store_rq_of(st);
}

static const struct store_rq_query material_staff = RQ_ONE_ROW(
	"u.municipality_id", "count(*)", "FROM app_user u",
	"EXISTS (SELECT 1 FROM hv_material_staff ms WHERE ms.user_id = u.id) AND " REPORT_STAFF_UNIT_SQL(
		"u.id"));

struct store_rq_rows *store_rq_material_staff(struct store_conn *c, const struct store_rq_scope *s)
{
	return RQ_OPEN(c, s, &material_staff, 0, STORE_INT(s->municipality_id), RQ_UNIT_ARGS(s));
}

static const struct store_rq_query material_known = RQ_GROUPED(
	"ms.municipality_id", "ms.material_code, sum(ms.knows), sum(ms.uses)",
	"FROM hv_material_staff ms", REPORT_STAFF_UNIT_SQL("ms.user_id"), "ms.material_code");

struct store_rq_rows *store_rq_material_known(struct store_conn *c, const struct store_rq_scope *s)
{
	return RQ_OPEN(c, s, &material_known, 0, STORE_INT(s->municipality_id), RQ_UNIT_ARGS(s));
}

static const struct store_rq_query material_uses = RQ_GROUPED(
	"v.municipality_id", "vm.material_code, o.programme, count(*)",
	"FROM hv_visit_material vm JOIN hv_visit v ON v.id = vm.visit_id JOIN hv_offer o ON o.id ="
	" v.offer_id",
	"v.visited_on >= ? AND v.visited_on <= ? AND " REPORT_UNIT_SQL("o.unit_id"),
	"vm.material_code, o.programme");

struct store_rq_rows *store_rq_material_uses(struct store_conn *c, const struct store_rq_scope *s)
{
	return RQ_OPEN(c, s, &material_uses, 0, RQ_SCOPE_ARGS(s));
}

static const struct store_rq_query material_visits = RQ_GROUPED(
	"v.municipality_id",
	"o.programme, count(*), sum(CASE WHEN EXISTS (SELECT 1 FROM hv_visit_material vm WHERE"
	" vm.visit_id = v.id) THEN 1 ELSE 0 END)",
	"FROM hv_visit v JOIN hv_offer o ON o.id = v.offer_id",
	"v.visited_on >= ? AND v.visited_on <= ? AND " REPORT_UNIT_SQL("o.unit_id"), "o.programme");

struct store_rq_rows *store_rq_material_visits(struct store_conn *c, const struct store_rq_scope *s)
{
	return RQ_OPEN(c, s, &material_visits, 0, RQ_SCOPE_ARGS(s));
}
