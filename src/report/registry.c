/*
 * registry.c - the reports by name, running one over a scope, and the
 * output formats. `rede report` (src/cli/cmd_report.c) and GET
 * /api/v1/reports/{name} (src/http/h_reports.c) both come through here,
 * so the same name and scope give the same numbers either way.
 */
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"
#include "report/report_internal.h"

const struct report_def report_defs[] = {
	{"visits", "Hjemmebesøg ved 1½ og 3 år", report_build_visits, true},
	{"materials", "Materialer til 1½- og 3-årsbesøgene", report_build_materials, true},
	{"cosp", "COS-P-forløb (Tryghedscirklen)", report_build_cosp, true},
	{"home-pedagogue", "Hjemmepædagogiske forløb", report_build_home_pedagogue, true},
	{"costs", "Omkostninger", report_build_costs, true},
	{"evaluation-kit", "Evalueringskit: registrering af aktiviteter",
	 report_build_evaluation_kit, true},
	{"typology", "Typologi for lovende praksis: selvvurderinger", report_build_typology, false},
	{"sparring", "Faglig sparring og kompetenceudvikling", report_build_sparring, true},
};
const int report_defs_count = (int)(sizeof(report_defs) / sizeof(report_defs[0]));

const struct report_def *report_def_find(const char *name)
{
	for (int i = 0; name && i < report_defs_count; i++)
		if (!strcmp(report_defs[i].name, name))
			return &report_defs[i];
	return NULL;
}

static json_t *filters_json(const struct report_scope *s)
{
	json_t *munis = json_array(), *unit;

	for (int i = 0; i < s->nmunis; i++)
		json_array_append_new(munis, json_pack("{s:s, s:s, s:I}", "code", s->munis[i].code,
						       "name", s->munis[i].name, "round",
						       (json_int_t)s->munis[i].round));
	switch (s->unit_mode) {
	case RUNIT_ONE:
		unit = json_pack("{s:I, s:s}", "id", (json_int_t)s->unit_id, "name",
				 s->unit_name ? s->unit_name : "");
		break;
	case RUNIT_MEMBER: unit = json_string("mine"); break;
	default: unit = json_null(); break;
	}
	return json_pack("{s:o, s:o, s:o}", "municipalities", munis, "unit", unit, "round",
			 s->round ? json_integer(s->round) : json_null());
}

enum rede_err report_run(struct store_conn *c, const char *name, const struct report_scope *s,
			 struct report **out)
{
	const struct report_def *d = report_def_find(name);
	struct report *r;
	enum rede_err err;

	*out = NULL;
	if (!d)
		return REDE_E_NOTFOUND;
	r = report_new(d->name, d->title);
	snprintf(r->from, sizeof(r->from), "%s", s->from);
	snprintf(r->to, sizeof(r->to), "%s", s->to);
	json_decref(r->filters);
	r->filters = filters_json(s);
	err = d->build(c, s, r);
	if (err) {
		report_free(r);
		return err;
	}
	report_settle(r);
	report_finish(r);
	*out = r;
	return REDE_OK;
}

/* ---- formats ---- */

const char *const report_format_names[RFORMAT__COUNT] = {"json", "csv", "csv-da", "xlsx",
							 "html", "svg", "merge"};

enum report_format report_format_parse(const char *s)
{
	for (int i = 0; s && i < RFORMAT__COUNT; i++)
		if (!strcmp(report_format_names[i], s))
			return (enum report_format)i;
	return RFORMAT__COUNT;
}

const char *report_format_mime(enum report_format f)
{
	switch (f) {
	case RFORMAT_CSV:
	case RFORMAT_CSV_DA: return "text/csv; charset=utf-8";
	case RFORMAT_XLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	case RFORMAT_HTML: return "text/html; charset=utf-8";
	case RFORMAT_SVG: return "image/svg+xml";
	default: return "application/json; charset=utf-8";
	}
}

const char *report_format_ext(enum report_format f)
{
	switch (f) {
	case RFORMAT_CSV:
	case RFORMAT_CSV_DA: return "csv";
	case RFORMAT_XLSX: return "xlsx";
	case RFORMAT_HTML: return "html";
	case RFORMAT_SVG: return "svg";
	default: return "json";
	}
}

enum rede_err report_write(const struct report *r, enum report_format f, const char *chart,
			   char **out, size_t *len)
{
	json_t *j = NULL;

	*out = NULL;
	*len = 0;
	switch (f) {
	case RFORMAT_JSON:
	case RFORMAT_MERGE:
		j = f == RFORMAT_JSON ? report_to_json(r) : report_to_merge_json(r);
		*out = json_dumps(j, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
		json_decref(j);
		if (!*out)
			abort(); /* jansson only fails on allocation */
		*len = strlen(*out);
		return REDE_OK;
	case RFORMAT_CSV:
	case RFORMAT_CSV_DA: *out = report_write_csv(r, f == RFORMAT_CSV_DA, len); return REDE_OK;
	case RFORMAT_XLSX: return report_write_xlsx(r, out, len);
	case RFORMAT_HTML:
		*out = report_write_html(r);
		*len = strlen(*out);
		return REDE_OK;
	case RFORMAT_SVG:
		for (int t = 0; t < r->ntables; t++) {
			const struct report_table *tb = r->tables[t];
			if (tb->chart == RCHART_NONE || (chart && strcmp(chart, tb->name)))
				continue;
			*out = report_svg_chart(r, tb);
			*len = strlen(*out);
			return REDE_OK;
		}
		return REDE_E_NOTFOUND;
	default: return REDE_E_INVALID;
	}
}
