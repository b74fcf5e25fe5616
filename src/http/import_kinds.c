/*
 * import_kinds.c - what can be imported (src/http/import.h): per kind its
 * sheet, its columns (Danish headers, types, codes for the drop-downs) and
 * how a row group becomes the API calls a person in the UI would make -
 * through imp_call, i.e. the route's own handler with its validation, core
 * rules and store calls.
 *
 * Kinds so far: families with their persons (one row per person, rows
 * with the same Familie-ID are one family: POST /families, then POST
 * /families/{id}/persons per row), consents (POST /families/{id}/consents,
 * the family by its Familie-ID from an earlier import or its number in
 * Rede, the guardian by first name in it), referrals with their decision
 * (POST /referrals, then POST /referrals/{id}/decision; the child by CPR
 * number) and contacts of home-pedagogue courses (POST
 * /enrolments/{id}/contacts as the pedagogue named in the row, who must be
 * on the course, as in the API).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <strings.h>

#include "http/import.h"
#include "rede/util.h"
#include "store/families.h"
#include "store/tenancy.h"

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

static const struct imp_code purposes[] = {
	{"Deltagelse i forløb", "participation"},
	{"Deling med dagtilbud", "share_daycare"},
	{"Deling med sundhedsplejen", "share_health_visiting"},
	{"Kontakt til evaluering", "evaluation_contact"},
	{NULL, NULL},
};
static const struct imp_code sources[] = {
	{"Sundhedsplejen", "health_visiting"}, {"Dagtilbud", "daycare"},
	{"Jordemoder", "midwife"},            {"Egen læge", "gp"},
	{"Familieafdelingen", "family_department"}, {"Familien selv", "self"},
	{"Andre", "other"},                   {NULL, NULL},
};
static const struct imp_code programmes[] = {
	{"Hjemmepædagogisk forløb", "home_pedagogue"},
	{NULL, NULL},
};
static const struct imp_code outcomes[] = {
	{"Bevilget", "accepted"},
	{"Afslået", "rejected"},
	{"Henvist til anden indsats", "referred_elsewhere"},
	{"På venteliste", "waitlist"},
	{"Familien har takket nej", "declined_by_family"},
	{NULL, NULL},
};

static const struct imp_code legal_frames[] = {
	{"Dagtilbudsloven §§ 8-9", "dagtilbudsloven_8_9"},
	{"Serviceloven § 11, stk. 3", "serviceloven_11_3"},
	{NULL, NULL},
};
static const struct imp_code focus_areas[] = {
	{"Hjælp med de faste rutiner", "routines"},
	{"Leg og nærvær", "play_presence"},
	{"Følelser, tanker og sprog", "feelings_language"},
	{"Samarbejde med dagtilbud", "daycare_cooperation"},
	{"Andet", "other"},
	{NULL, NULL},
};
static const struct imp_code raters[] = {
	{"Hjemmepædagog", "staff"},
	{"Forælder", "parent"},
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

/* A family named by a cell: the Familie-ID of an earlier families import,
 * or the family's number in Rede; it must be in the municipality. 0 (with
 * a problem on col) when it is neither. */
static enum rede_err family_of(struct imp_run *r, struct store_conn *c, const struct imp_row *row,
			       int col, int64_t *id)
{
	const char *s = json_string_value(row->val[col]);
	struct family_row f = {0};
	enum rede_err err = imp_key_lookup(r, c, "families", s, id);

	if (err == REDE_E_NOTFOUND) {
		char *end;
		long long v = strtoll(s, &end, 10);

		err = REDE_OK;
		*id = !*end && v > 0 ? v : 0;
	}
	if (err)
		return err;
	if (*id) {
		err = store_family_get(c, imp_municipality(r), *id, &f);
		family_row_release(&f);
		if (err == REDE_E_NOTFOUND) {
			*id = 0;
			err = REDE_OK;
		}
	}
	if (!err && !*id)
		imp_problem(r, row, col, "Ukendt familie - skriv Familie-ID fra importen af "
			    "familier eller familiens nummer i Rede");
	return err;
}

/* ---- consents ---- */

enum { S_KEY, S_FAMILY, S_GUARDIAN, S_PURPOSE, S_GIVEN, S__COUNT };

static const struct imp_col consent_cols[S__COUNT] = {
	{"Kilde-ID", "source_key", IMPC_KEY, true, NULL, "Jeres egen nøgle for samtykket"},
	{"Familie", "family", IMPC_TEXT, true, NULL,
	 "Familie-ID fra importen af familier, eller familiens nummer i Rede"},
	{"Forælder", "guardian_id", IMPC_TEXT, true, NULL,
	 "Fornavnet på forælderen i familien, der gav samtykket"},
	{"Formål", "purpose", IMPC_CODE, true, purposes, NULL},
	{"Givet den", "given_on", IMPC_DATE, true, NULL, "dd-mm-åååå"},
};

struct guardian_find {
	const char *name;
	int64_t id;
	int found;
};

static int guardian_match(const struct person_row *p, void *arg)
{
	struct guardian_find *g = arg;

	if (!strcmp(p->kind, "guardian") && !strcasecmp(p->given_name, g->name)) {
		g->id = p->id;
		g->found++;
	}
	return 0;
}

static enum rede_err consents_dispatch(struct imp_run *r, struct store_conn *c,
				       const struct imp_group *g)
{
	const struct imp_kind *k = imp_kind_find("consents");
	const struct imp_row *row = g->rows[0];
	struct guardian_find gf = {json_string_value(row->val[S_GUARDIAN]), 0, 0};
	char idbuf[24];
	int64_t fid, cid;
	json_t *body;
	enum rede_err err = family_of(r, c, row, S_FAMILY, &fid);

	if (err || !fid)
		return err;
	err = store_person_each(c, fid, guardian_match, &gf);
	if (err)
		return err;
	if (gf.found != 1) {
		imp_problem(r, row, S_GUARDIAN,
			    gf.found ? "Flere forældre i familien har dette fornavn"
				     : "Ingen forælder i familien har dette fornavn");
		return REDE_OK;
	}
	body = json_pack("{s:I}", "guardian_id", (json_int_t)gf.id);
	put(body, k, row, S_PURPOSE);
	put(body, k, row, S_GIVEN);
	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)fid);
	imp_arg_cols(r, S_FAMILY, -1);
	err = imp_call(r, c, "POST", "/api/v1/families/{id}/consents", idbuf, body, 0, row, &cid);
	imp_arg_cols(r, -1, -1);
	return err;
}

/* ---- referrals with their decision ---- */

enum { H_KEY, H_CPR, H_REFERRED, H_SOURCE, H_REASON, H_PROGRAMME, H_OUTCOME, H_DECIDED,
       H_DECISION_REASON, H__COUNT };

static const struct imp_col referral_cols[H__COUNT] = {
	{"Kilde-ID", "source_key", IMPC_KEY, true, NULL, "Jeres egen nøgle for henvisningen"},
	{"Barnets CPR-nummer", "child_id", IMPC_CPR, true, NULL,
	 "Barnet skal være registreret (fx ved importen af familier)"},
	{"Henvist den", "referred_on", IMPC_DATE, true, NULL, "dd-mm-åååå"},
	{"Henvist af", "source", IMPC_CODE, true, sources, NULL},
	{"Begrundelse", "reason", IMPC_TEXT, true, NULL, NULL},
	{"Indsats", "programme", IMPC_CODE, false, programmes, NULL},
	{"Afgørelse", "outcome", IMPC_CODE, false, outcomes, "Tom: henvisningen venter"},
	{"Afgjort den", "decided_on", IMPC_DATE, false, NULL, "dd-mm-åååå"},
	{"Begrundelse for afgørelsen", "decision_reason", IMPC_TEXT, false, NULL,
	 "Skal udfyldes ved afslag"},
};

static enum rede_err referrals_dispatch(struct imp_run *r, struct store_conn *c,
					const struct imp_group *g)
{
	const struct imp_kind *k = imp_kind_find("referrals");
	const struct imp_row *row = g->rows[0];
	struct person_row p = {0};
	char hash[CRYPTO_HASH_HEX], idbuf[24];
	int64_t rid, did;
	json_t *body;
	enum rede_err err;

	crypto_cpr_lookup_hash(imp_keys(r), json_string_value(row->val[H_CPR]), hash);
	err = store_person_by_cpr_hash(c, imp_municipality(r), hash, &p);
	if (err == REDE_E_NOTFOUND || (!err && strcmp(p.kind, "child"))) {
		imp_problem(r, row, H_CPR, "Intet barn med dette CPR-nummer i kommunen");
		person_row_release(&p);
		return REDE_OK;
	}
	if (err)
		return err;
	body = json_pack("{s:I, s:I}", "family_id", (json_int_t)p.family_id, "child_id",
			 (json_int_t)p.id);
	person_row_release(&p);
	for (int col = H_REFERRED; col <= H_PROGRAMME; col++)
		put(body, k, row, col);
	err = imp_call(r, c, "POST", "/api/v1/referrals", NULL, body, 0, row, &rid);
	if (err || !rid || !row->val[H_OUTCOME])
		return err;
	body = json_object();
	put(body, k, row, H_OUTCOME);
	put(body, k, row, H_DECIDED);
	if (row->val[H_DECISION_REASON])
		json_object_set(body, "reason", row->val[H_DECISION_REASON]);
	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)rid);
	imp_field_alias(r, "reason", H_DECISION_REASON);
	err = imp_call(r, c, "POST", "/api/v1/referrals/{id}/decision", idbuf, body, 0, row, &did);
	imp_field_alias(r, NULL, -1);
	return err;
}

/* ---- home-pedagogue courses with goals and a rating per goal ---- */

enum { K_KEY, K_REFERRAL, K_STAFF, K_UNIT, K_FRAME, K_MEETING, K_START, K_END, K_MINUTES,
       K_THEME, K_FOCUS, K_TEXT, K_BASELINE, K_TARGET, K_AGREED, K_RATED, K_VALUE, K_BY,
       K__COUNT };

static const struct imp_col course_cols[K__COUNT] = {
	{"Forløb-ID", "source_key", IMPC_KEY, true, NULL,
	 "Jeres egen nøgle for forløbet; samme ID på hver række (ét mål pr. række)"},
	{"Henvisning", "referral_id", IMPC_TEXT, false, NULL,
	 "Kilde-ID fra importen af henvisninger, eller henvisningens nummer i Rede"},
	{"Hjemmepædagog", "staff_ids", IMPC_TEXT, false, NULL,
	 "Brugernavne, adskilt med komma; den første registrerer målene"},
	{"Enhed", "unit_id", IMPC_TEXT, false, NULL, "Enhedens navn i Rede"},
	{"Lovgrundlag", "legal_frame", IMPC_CODE, false, legal_frames, NULL},
	{"Startmøde", "start_meeting_on", IMPC_DATE, false, NULL, "dd-mm-åååå"},
	{"Start", "start_on", IMPC_DATE, false, NULL, "dd-mm-åååå"},
	{"Planlagt slut", "planned_end_on", IMPC_DATE, false, NULL,
	 "dd-mm-åååå; højst 40 uger efter start uden forlængelse"},
	{"Minutter pr. uge", "minutes_per_week", IMPC_INT, false, NULL, NULL},
	{"Tema", "theme", IMPC_INT, false, NULL, "Målets tema (nummer)"},
	{"Fokusområde", "focus_area", IMPC_CODE, false, focus_areas, NULL},
	{"Mål", "text", IMPC_TEXT, false, NULL, NULL},
	{"Udgangspunkt", "baseline", IMPC_INT, false, NULL, NULL},
	{"Mål-værdi", "target", IMPC_INT, false, NULL, NULL},
	{"Aftalt den", "agreed_on", IMPC_DATE, false, NULL, "dd-mm-åååå"},
	{"Vurderet den", "rated_on", IMPC_DATE, false, NULL, "dd-mm-åååå"},
	{"Vurdering", "value", IMPC_INT, false, NULL, NULL},
	{"Vurderet af", "by", IMPC_CODE, false, raters, NULL},
};

struct unit_find {
	const char *name;
	int64_t id;
};

static int unit_match(const struct unit_row *u, void *arg)
{
	struct unit_find *f = arg;

	if (!strcasecmp(u->name, f->name)) {
		f->id = u->id;
		return 1;
	}
	return 0;
}

/* The first row's course fields into body; the staff by username and the
 * unit by name; false with a problem when one is unknown. */
static enum rede_err course_body(struct imp_run *r, struct store_conn *c,
				 const struct imp_row *row, json_t *body, int64_t *first_staff,
				 bool *ok)
{
	const struct imp_kind *k = imp_kind_find("courses");
	const char *ref = json_string_value(row->val[K_REFERRAL]);
	const char *staff = json_string_value(row->val[K_STAFF]);
	const char *unit = json_string_value(row->val[K_UNIT]);
	json_t *ids = json_array();
	enum rede_err err = REDE_OK;
	int64_t id = 0;

	*ok = true;
	*first_staff = 0;
	for (int col = K_FRAME; col <= K_MINUTES; col++)
		put(body, k, row, col);
	if (ref) {
		err = imp_key_lookup(r, c, "referrals", ref, &id);
		if (err == REDE_E_NOTFOUND) {
			char *end;
			long long v = strtoll(ref, &end, 10);

			err = REDE_OK;
			id = !*end && v > 0 ? v : 0;
		}
		if (err)
			goto out;
		if (!id) {
			imp_problem(r, row, K_REFERRAL, "Ukendt henvisning");
			*ok = false;
		} else {
			json_object_set_new(body, "referral_id", json_integer(id));
		}
	}
	if (staff) {
		char *copy = xstrdup(staff), *save = NULL;

		for (char *t = strtok_r(copy, ",;", &save); t && *ok; t = strtok_r(NULL, ",;", &save)) {
			while (*t == ' ')
				t++;
			for (char *e = t + strlen(t); e > t && e[-1] == ' '; e--)
				e[-1] = 0;
			err = imp_user_lookup(r, c, t, &id);
			if (err == REDE_E_NOTFOUND) {
				imp_problem(r, row, K_STAFF, "Ukendt medarbejder (brugernavn)");
				*ok = false;
				err = REDE_OK;
			} else if (!err) {
				json_array_append_new(ids, json_integer(id));
				if (!*first_staff)
					*first_staff = id;
			}
		}
		free(copy);
		if (err)
			goto out;
	}
	json_object_set(body, "staff_ids", ids);
	if (unit) {
		struct unit_find f = {unit, 0};

		err = store_unit_each(c, imp_municipality(r), unit_match, &f);
		if (err)
			goto out;
		if (!f.id) {
			imp_problem(r, row, K_UNIT, "Ukendt enhed (navnet i Rede)");
			*ok = false;
		} else {
			json_object_set_new(body, "unit_id", json_integer(f.id));
		}
	}
out:
	json_decref(ids);
	return err;
}

static enum rede_err courses_dispatch(struct imp_run *r, struct store_conn *c,
				      const struct imp_group *g)
{
	const struct imp_kind *k = imp_kind_find("courses");
	json_t *body = json_object();
	char idbuf[24];
	int64_t eid, staff, gid, rid;
	bool ok;
	enum rede_err err = course_body(r, c, g->rows[0], body, &staff, &ok);

	if (err || !ok) {
		json_decref(body);
		return err;
	}
	err = imp_call(r, c, "POST", "/api/v1/enrolments", NULL, body, 0, g->rows[0], &eid);
	if (err || !eid)
		return err;
	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)eid);
	for (int i = 0; i < g->nrows; i++) {
		const struct imp_row *row = g->rows[i];

		if (!row->val[K_TEXT] && !row->val[K_THEME])
			continue;
		body = json_object();
		for (int col = K_THEME; col <= K_AGREED; col++)
			put(body, k, row, col);
		imp_arg_cols(r, -1, K_STAFF);
		err = imp_call(r, c, "POST", "/api/v1/enrolments/{id}/goals", idbuf, body, staff,
			       row, &gid);
		if (err || !gid || !row->val[K_RATED]) {
			imp_arg_cols(r, -1, -1);
			if (err)
				return err;
			continue;
		}
		char gbuf[24];

		snprintf(gbuf, sizeof(gbuf), "%lld", (long long)gid);
		body = json_object();
		for (int col = K_RATED; col <= K_BY; col++)
			put(body, k, row, col);
		err = imp_call(r, c, "POST", "/api/v1/goals/{id}/ratings", gbuf, body, staff, row,
			       &rid);
		imp_arg_cols(r, -1, -1);
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
	{"consents", "Samtykker", "forældres samtykker", consent_cols, S__COUNT, false,
	 consents_dispatch},
	{"referrals", "Henvisninger", "henvisninger med afgørelse", referral_cols, H__COUNT,
	 false, referrals_dispatch},
	{"courses", "Forløb", "hjemmepædagogforløb med mål og vurderinger", course_cols, K__COUNT,
	 true, courses_dispatch},
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
