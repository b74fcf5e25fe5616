/*
 * import_kinds.c - what can be imported (src/http/import.h): per kind its
 * sheet, its columns (Danish headers, types, codes for the drop-downs) and
 * how a row group becomes the API calls a person in the UI would make -
 * through imp_call, i.e. the route's own handler with its validation, core
 * rules and store calls.
 *
 * Kinds so far: families with their persons (one row per person, rows
 * with the same Familie-ID are one family: POST /families, then POST
 * /families/{id}/persons per row) and contacts of home-pedagogue courses
 * (POST /enrolments/{id}/contacts as the pedagogue named in the row, who
 * must be on the course, as in the API).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/import.h"
#include "rede/util.h"

/* ---- codes (the Danish labels are the UI's, web/i18n/da.json) ---- */

static const struct imp_code person_kinds[] = {
	{"Barn", "child"},
	{"Forælder", "guardian"},
	{NULL, NULL},
};
static const struct imp_code relations[] = {
	{"Mor", "mother"},           {"Far", "father"}, {"Medmor", "co_mother"},
	{"Plejeforælder", "foster_parent"}, {"Anden", "other"}, {NULL, NULL},
};
static const struct imp_code contact_kinds[] = {
	{"Besøg i hjemmet", "home_session"},
	{"Netværksmøde med dagtilbud", "network_meeting"},
	{"Telefonsamtale", "phone"},
	{"Andet sted", "other_place"},
	{"Aflyst", "cancelled"},
	{"Udeblevet", "no_show"},
	{NULL, NULL},
};
static const struct imp_code activities[] = {
	{"Observation", "observation"},   {"Rådgivende samtale", "advice"},
	{"Konkret anvisning", "guidance"}, {"Leg og aktivitet", "play"},
	{"Andet", "other"},               {NULL, NULL},
};
static const struct imp_code stances[] = {
	{"Gå foran", "in_front"},
	{"Gå ved siden af", "beside"},
	{"Gå bagved", "behind"},
	{NULL, NULL},
};

/* ---- helpers ---- */

/* Put the row's value of column c into body under its field, if any. */
static void put(json_t *body, const struct imp_kind *k, const struct imp_row *row, int c)
{
	if (row->val[c])
		json_object_set(body, k->cols[c].field, row->val[c]);
}

/* ---- families ---- */

enum { F_KEY, F_NAME, F_KIND, F_GIVEN, F_FAMILY, F_CPR, F_EXPECTED, F_PHONE, F_RELATION,
       F_LIVES, F_LANGUAGE, F_INTERPRETER, F__COUNT };

static const struct imp_col family_cols[F__COUNT] = {
	{"Familie-ID", "source_key", IMPC_KEY, true, NULL,
	 "Jeres egen nøgle for familien; samme ID på hver person i familien"},
	{"Familienavn", "name", IMPC_TEXT, false, NULL, "Udfyldes på familiens første række"},
	{"Rolle", "kind", IMPC_CODE, true, person_kinds, "Barn eller Forælder"},
	{"Fornavn", "given_name", IMPC_TEXT, true, NULL, NULL},
	{"Efternavn", "family_name", IMPC_TEXT, true, NULL, NULL},
	{"CPR-nummer", "cpr", IMPC_CPR, false, NULL, "DDMMÅÅ-XXXX; skrives som tekst"},
	{"Forventet fødselsdato", "expected_birth_date", IMPC_DATE, false, NULL,
	 "dd-mm-åååå; for et barn uden CPR-nummer"},
	{"Telefon", "phone", IMPC_TEXT, false, NULL, NULL},
	{"Relation", "relation", IMPC_CODE, false, relations, "Forælderens relation til barnet"},
	{"Bor med barnet", "lives_with_child", IMPC_BOOL, false, NULL, "ja/nej"},
	{"Sprog", "language", IMPC_TEXT, false, NULL, NULL},
	{"Tolk", "interpreter_needed", IMPC_BOOL, false, NULL, "ja/nej"},
};

static enum rede_err families_dispatch(struct imp_run *r, struct store_conn *c,
				       const struct imp_group *g)
{
	const struct imp_kind *k = imp_kind_find("families");
	const json_t *name = NULL;
	char idbuf[24];
	int64_t fid = 0, pid;
	enum rede_err err;

	for (int i = 0; i < g->nrows && !name; i++)
		name = g->rows[i]->val[F_NAME];
	if (!name) {
		imp_problem(r, g->rows[0], F_NAME, "Familienavnet skal udfyldes");
		return REDE_OK;
	}
	err = imp_call(r, c, "POST", "/api/v1/families", NULL,
		       json_pack("{s:O}", "name", name), 0, g->rows[0], &fid);
	if (err || !fid)
		return err;
	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)fid);
	for (int i = 0; i < g->nrows; i++) {
		const struct imp_row *row = g->rows[i];
		json_t *body = json_object();

		for (int col = F_KIND; col < F__COUNT; col++)
			put(body, k, row, col);
		err = imp_call(r, c, "POST", "/api/v1/families/{id}/persons", idbuf, body, 0, row,
			       &pid);
		if (err)
			return err;
	}
	return REDE_OK;
}

/* ---- contacts ---- */

enum { C_KEY, C_COURSE, C_DATE, C_MINUTES, C_KIND, C_ACTIVITIES, C_STANCE, C_NOTE, C_SHARED,
       C_BY, C__COUNT };

static const struct imp_col contact_cols[C__COUNT] = {
	{"Kilde-ID", "source_key", IMPC_KEY, true, NULL, "Jeres egen nøgle for kontakten"},
	{"Forløb", "enrolment", IMPC_TEXT, true, NULL,
	 "Forløbets nummer i Rede (eller Kilde-ID fra en import af forløb)"},
	{"Dato", "happened_on", IMPC_DATE, true, NULL, "dd-mm-åååå"},
	{"Minutter", "minutes", IMPC_INT, true, NULL, "Varighed i minutter"},
	{"Type", "kind", IMPC_CODE, true, contact_kinds, NULL},
	{"Aktiviteter", "activities", IMPC_CODES, false, activities,
	 "Flere adskilles med komma"},
	{"Position", "stance", IMPC_CODE, false, stances, NULL},
	{"Note", "note", IMPC_TEXT, false, NULL, NULL},
	{"Delt med dagtilbud", "shared_with_daycare", IMPC_BOOL, false, NULL, "ja/nej"},
	{"Registreret af", "recorded_by", IMPC_TEXT, true, NULL,
	 "Brugernavn på hjemmepædagogen, der er tilknyttet forløbet"},
};

static enum rede_err contacts_dispatch(struct imp_run *r, struct store_conn *c,
				       const struct imp_group *g)
{
	const struct imp_kind *k = imp_kind_find("contacts");
	const struct imp_row *row = g->rows[0];
	const char *course = json_string_value(row->val[C_COURSE]);
	const char *by = json_string_value(row->val[C_BY]);
	char idbuf[24];
	int64_t eid = 0, actor = 0, cid;
	json_t *body;
	enum rede_err err;

	err = imp_key_lookup(r, c, "courses", course, &eid);
	if (err == REDE_E_NOTFOUND) {
		char *end;
		long long v = strtoll(course, &end, 10);

		err = REDE_OK;
		if (*end || v <= 0) {
			imp_problem(r, row, C_COURSE, "Ukendt forløb - skriv forløbets nummer i Rede");
			return REDE_OK;
		}
		eid = v;
	}
	if (err)
		return err;
	err = imp_user_lookup(r, c, by, &actor);
	if (err == REDE_E_NOTFOUND) {
		imp_problem(r, row, C_BY, "Ukendt medarbejder (brugernavn)");
		return REDE_OK;
	}
	if (err)
		return err;
	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)eid);
	body = json_object();
	for (int col = C_DATE; col < C_BY; col++)
		put(body, k, row, col);
	imp_arg_cols(r, C_COURSE, C_BY);
	err = imp_call(r, c, "POST", "/api/v1/enrolments/{id}/contacts", idbuf, body, actor, row,
		       &cid);
	imp_arg_cols(r, -1, -1);
	return err;
}

/* ---- the table ---- */

const struct imp_kind imp_kinds[] = {
	{"families", "Familier", "familier med personer", family_cols, F__COUNT, true,
	 families_dispatch},
	{"contacts", "Kontakter", "kontakter i hjemmepædagogforløb", contact_cols, C__COUNT,
	 false, contacts_dispatch},
};
const int imp_kinds_count = (int)(sizeof(imp_kinds) / sizeof(imp_kinds[0]));

const struct imp_kind *imp_kind_find(const char *name)
{
	for (int i = 0; name && i < imp_kinds_count; i++)
		if (!strcmp(imp_kinds[i].name, name))
			return &imp_kinds[i];
	return NULL;
}
