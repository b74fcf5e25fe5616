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
#include "store/cosp.h"
#include "store/families.h"
#include "store/tenancy.h"

/* ---- codes (the Danish labels are the UI's, web/i18n/da.json) ---- */

static const struct imp_code person_kinds[] = {
	{"Barn", "child"},
	{"Forælder", "guardian"},
	{NULL, NULL},
};
static const struct imp_code relations[] = {
	{"Mor", "mother"},       {"Far", "father"},
	{"Medmor", "co_mother"}, {"Plejeforælder", "foster_parent"},
	{"Anden", "other"},      {NULL, NULL},
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
	{"Observation", "observation"},
	{"Rådgivende samtale", "advice"},
	{"Konkret anvisning", "guidance"},
	{"Leg og aktivitet", "play"},
	{"Andet", "other"},
	{NULL, NULL},
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
	{"Sundhedsplejen", "health_visiting"},
	{"Dagtilbud", "daycare"},
	{"Jordemoder", "midwife"},
	{"Egen læge", "gp"},
	{"Familieafdelingen", "family_department"},
	{"Familien selv", "self"},
	{"Andre", "other"},
	{NULL, NULL},
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

enum {
	F_KEY,
	F_NAME,
	F_KIND,
	F_GIVEN,
	F_FAMILY,
	F_CPR,
	F_EXPECTED,
	F_PHONE,
	F_RELATION,
	F_LIVES,
	F_LANGUAGE,
	F_INTERPRETER,
	F_BY,
	F__COUNT
};

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
	{"Registreret af", "registered_by", IMPC_TEXT, false, NULL,
	 "Brugernavn på medarbejderen, der registrerede familien (og derfor ser den); "
	 "tom: den, der importerer"},
};

static enum rede_err families_dispatch(struct imp_run *r, struct store_conn *c,
				       const struct imp_group *g)
{
	const struct imp_kind *k = imp_kind_find("families");
	const json_t *name = NULL, *by = NULL;
	char idbuf[24];
	int64_t fid = 0, pid, actor = 0;
	enum rede_err err;

	for (int i = 0; i < g->nrows && !name; i++)
		name = g->rows[i]->val[F_NAME];
	for (int i = 0; i < g->nrows && !by; i++)
		by = g->rows[i]->val[F_BY];
	if (!name) {
		imp_problem(r, g->rows[0], F_NAME, "Familienavnet skal udfyldes");
		return REDE_OK;
	}
	/* registered as that staff member, as they would in the UI: the
	 * access rule then lets them see it (a health visitor's offers) */
	if (by) {
		err = imp_user_lookup(r, c, json_string_value(by), &actor);
		if (err == REDE_E_NOTFOUND) {
			imp_problem(r, g->rows[0], F_BY, "Ukendt medarbejder (brugernavn)");
			return REDE_OK;
		}
		if (err)
			return err;
	}
	imp_arg_cols(r, -1, F_BY);
	err = imp_call(r, c, "POST", "/api/v1/families", NULL, json_pack("{s:O}", "name", name),
		       actor, g->rows[0], &fid);
	imp_arg_cols(r, -1, -1);
	if (err || !fid)
		return err;
	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)fid);
	for (int i = 0; i < g->nrows; i++) {
		const struct imp_row *row = g->rows[i];
		json_t *body = json_object();

		for (int col = F_KIND; col < F_BY; col++)
			put(body, k, row, col);
		imp_arg_cols(r, -1, F_BY);
		err = imp_call(r, c, "POST", "/api/v1/families/{id}/persons", idbuf, body, actor,
			       row, &pid);
		imp_arg_cols(r, -1, -1);
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
		imp_problem(r, row, col,
			    "Ukendt familie - skriv Familie-ID fra importen af "
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

enum {
	H_KEY,
	H_CPR,
	H_REFERRED,
	H_SOURCE,
	H_REASON,
	H_PROGRAMME,
	H_OUTCOME,
	H_DECIDED,
	H_DECISION_REASON,
	H__COUNT
};

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

enum {
	K_KEY,
	K_REFERRAL,
	K_STAFF,
	K_UNIT,
	K_FRAME,
	K_MEETING,
	K_START,
	K_END,
	K_MINUTES,
	K_THEME,
	K_FOCUS,
	K_TEXT,
	K_BASELINE,
	K_TARGET,
	K_AGREED,
	K_RATED,
	K_VALUE,
	K_BY,
	K__COUNT
};

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
static enum rede_err course_body(struct imp_run *r, struct store_conn *c, const struct imp_row *row,
				 json_t *body, int64_t *first_staff, bool *ok)
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

		for (char *t = strtok_r(copy, ",;", &save); t && *ok;
		     t = strtok_r(NULL, ",;", &save)) {
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

enum {
	C_KEY,
	C_COURSE,
	C_DATE,
	C_MINUTES,
	C_KIND,
	C_ACTIVITIES,
	C_STANCE,
	C_NOTE,
	C_SHARED,
	C_BY,
	C__COUNT
};

static const struct imp_col contact_cols[C__COUNT] = {
	{"Kilde-ID", "source_key", IMPC_KEY, true, NULL, "Jeres egen nøgle for kontakten"},
	{"Forløb", "enrolment", IMPC_TEXT, true, NULL,
	 "Forløbets nummer i Rede (eller Kilde-ID fra en import af forløb)"},
	{"Dato", "happened_on", IMPC_DATE, true, NULL, "dd-mm-åååå"},
	{"Minutter", "minutes", IMPC_INT, true, NULL, "Varighed i minutter"},
	{"Type", "kind", IMPC_CODE, true, contact_kinds, NULL},
	{"Aktiviteter", "activities", IMPC_CODES, false, activities, "Flere adskilles med komma"},
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
			imp_problem(r, row, C_COURSE,
				    "Ukendt forløb - skriv forløbets nummer i Rede");
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

/* ---- shared by the kinds below ---- */

/* The child with the CPR number in column col, in the municipality: its
 * person row (released by the caller), or ok false with a problem. */
static enum rede_err child_by_cpr(struct imp_run *r, struct store_conn *c,
				  const struct imp_row *row, int col, struct person_row *p,
				  bool *ok)
{
	char hash[CRYPTO_HASH_HEX];
	enum rede_err err;

	*ok = false;
	if (!row->val[col]) {
		imp_problem(r, row, col, "Barnets CPR-nummer skal udfyldes");
		return REDE_OK;
	}
	crypto_cpr_lookup_hash(imp_keys(r), json_string_value(row->val[col]), hash);
	err = store_person_by_cpr_hash(c, imp_municipality(r), hash, p);
	if (err == REDE_E_NOTFOUND || (!err && strcmp(p->kind, "child"))) {
		imp_problem(r, row, col, "Intet barn med dette CPR-nummer i kommunen");
		return REDE_OK;
	}
	*ok = !err;
	return err;
}

/* A staff member by the username in column col (may be empty: *id 0). */
static enum rede_err staff_of(struct imp_run *r, struct store_conn *c, const struct imp_row *row,
			      int col, int64_t *id, bool *ok)
{
	enum rede_err err = REDE_OK;

	*id = 0;
	*ok = true;
	if (!row->val[col])
		return REDE_OK;
	err = imp_user_lookup(r, c, json_string_value(row->val[col]), id);
	if (err == REDE_E_NOTFOUND) {
		imp_problem(r, row, col, "Ukendt medarbejder (brugernavn)");
		*ok = false;
		err = REDE_OK;
	}
	return err;
}

/* A unit by its name in Rede (0 with a problem when unknown). */
static enum rede_err unit_by_name(struct imp_run *r, struct store_conn *c,
				  const struct imp_row *row, int col, const char *name, int64_t *id)
{
	struct unit_find f = {name, 0};
	enum rede_err err = store_unit_each(c, imp_municipality(r), unit_match, &f);

	*id = f.id;
	if (!err && !f.id)
		imp_problem(r, row, col, "Ukendt enhed (navnet i Rede)");
	return err;
}

/* A comma list in a text cell as a JSON array of its trimmed parts. */
static json_t *text_list(const json_t *v)
{
	json_t *arr = json_array();
	char *copy = xstrdup(json_string_value(v)), *save = NULL;

	for (char *t = strtok_r(copy, ",;", &save); t; t = strtok_r(NULL, ",;", &save)) {
		while (*t == ' ')
			t++;
		for (char *e = t + strlen(t); e > t && e[-1] == ' '; e--)
			e[-1] = 0;
		if (*t)
			json_array_append_new(arr, json_string(t));
	}
	free(copy);
	return arr;
}

/* ---- 1½- and 3-year health-visit offers with attempts, answer and visit ---- */

static const struct imp_code hv_programmes[] = {
	{"Besøg ved 1½ år", "visit_1_5y"},
	{"Besøg ved 3 år", "visit_3y"},
	{NULL, NULL},
};
static const struct imp_code hv_criteria[] = {
	{"TOPI gul eller rød", "topi"},
	{"Mange sundhedsplejebesøg i første leveår", "first_year_visits"},
	{"Observation fra dagtilbud", "daycare_observation"},
	{"Familien har selv henvendt sig", "self_referral"},
	{NULL, NULL},
};
static const struct imp_code hv_topi[] = {
	{"Grøn", "green"},
	{"Gul", "yellow"},
	{"Rød", "red"},
	{NULL, NULL},
};
static const struct imp_code hv_channels[] = {
	{"Brev", "letter"},
	{"Telefon", "phone"},
	{"SMS", "sms"},
	{NULL, NULL},
};
static const struct imp_code hv_answers[] = {
	{"Ja tak", "accepted"},
	{"Nej tak", "declined"},
	{"Ikke truffet", "never_reached"},
	{NULL, NULL},
};
static const struct imp_code hv_declines[] = {
	{"Frygt for at blive stemplet", "fear_of_stigma"},
	{"Har rigeligt kontakt med kommunen", "enough_contact"},
	{"For travlt", "too_busy"},
	{"Andet", "other"},
	{NULL, NULL},
};
static const struct imp_code hv_topics[] = {
	{"Søvn", "sleep"},
	{"Grænsesætning og opdragelse", "boundaries"},
	{"Følelser", "feelings"},
	{"Relation", "relation"},
	{"Regulering", "regulation"},
	{"Start i dagtilbud", "daycare_start"},
	{"Mad", "food"},
	{"Andet", "other"},
	{NULL, NULL},
};

enum {
	V_KEY,
	V_CPR,
	V_PROGRAMME,
	V_VISITOR,
	V_CRITERION,
	V_TOPI,
	V_VISITS1,
	V_OFFERED,
	V_CHANNEL,
	V_SOCIAL,
	V_UNIT,
	V_ATTEMPTED,
	V_ATT_CHANNEL,
	V_REACHED,
	V_ANSWER,
	V_ANSWERED,
	V_DECLINE,
	V_DECLINE_TEXT,
	V_VISITED,
	V_MINUTES,
	V_TOPICS,
	V_TOPIC_OTHER,
	V_MATERIALS,
	V_REF_IN,
	V_REF_IN_TO,
	V_REF_OUT,
	V_REF_OUT_TO,
	V_RATING,
	V_NOTE,
	V__COUNT
};

static const struct imp_col hv_cols[V__COUNT] = {
	{"Tilbud-ID", "source_key", IMPC_KEY, true, NULL,
	 "Jeres egen nøgle for tilbuddet; samme ID på hver række (ét kontaktforsøg pr. "
	 "række); resten udfyldes på første række"},
	{"Barnets CPR-nummer", "child_id", IMPC_CPR, false, NULL,
	 "Barnet skal være registreret, og sundhedsplejersken skal kunne se familien"},
	{"Besøg", "programme", IMPC_CODE, false, hv_programmes, NULL},
	{"Sundhedsplejerske", "health_visitor_id", IMPC_TEXT, false, NULL,
	 "Brugernavn; tilbud, svar og besøg registreres som hende"},
	{"Kriterium", "kind", IMPC_CODE, false, hv_criteria,
	 "Udvælgelseskriteriet; registreres på tilbudsdatoen. Tom: et kriterium er "
	 "registreret i Rede"},
	{"TOPI", "topi", IMPC_CODE, false, hv_topi, "Kun ved kriteriet TOPI"},
	{"Besøg i første leveår", "visit_count", IMPC_INT, false, NULL,
	 "Kun ved kriteriet om mange besøg"},
	{"Tilbudt den", "offered_on", IMPC_DATE, false, NULL, "dd-mm-åååå"},
	{"Kanal", "channel", IMPC_CODE, false, hv_channels, "Hvordan tilbuddet blev givet"},
	{"Sociale foranstaltninger", "social_measures", IMPC_BOOL, false, NULL,
	 "ja/nej: familien har allerede socialfaglige foranstaltninger"},
	{"Enhed", "unit_id", IMPC_TEXT, false, NULL, "Enhedens navn i Rede (valgfri)"},
	{"Kontaktforsøg den", "attempted_on", IMPC_DATE, false, NULL,
	 "dd-mm-åååå; ét forsøg pr. række"},
	{"Forsøgets kanal", "attempt_channel", IMPC_CODE, false, hv_channels, NULL},
	{"Truffet", "reached", IMPC_BOOL, false, NULL, "ja/nej"},
	{"Svar", "answer", IMPC_CODE, false, hv_answers, "Tom: familien har ikke svaret"},
	{"Svar den", "answered_on", IMPC_DATE, false, NULL, "dd-mm-åååå"},
	{"Grund til nej tak", "decline_reason", IMPC_CODE, false, hv_declines, NULL},
	{"Anden grund", "decline_text", IMPC_TEXT, false, NULL, "Ved grunden Andet"},
	{"Besøgt den", "visited_on", IMPC_DATE, false, NULL, "dd-mm-åååå; tom: intet besøg"},
	{"Minutter", "minutes", IMPC_INT, false, NULL, "Besøgets varighed"},
	{"Emner", "topics", IMPC_CODES, false, hv_topics, "Flere adskilles med komma"},
	{"Andet emne", "topic_other", IMPC_TEXT, false, NULL, "Ved emnet Andet"},
	{"Materialer", "materials", IMPC_TEXT, false, NULL, "Katalogets koder, adskilt med komma"},
	{"Henvist internt", "referral_within", IMPC_BOOL, false, NULL,
	 "ja/nej (tom: nej) - videre i sundhedsplejen"},
	{"Henvist internt til", "referral_within_to", IMPC_TEXT, false, NULL, NULL},
	{"Henvist eksternt", "referral_outside", IMPC_BOOL, false, NULL,
	 "ja/nej (tom: nej) - uden for sundhedsplejen"},
	{"Henvist eksternt til", "referral_outside_to", IMPC_TEXT, false, NULL, NULL},
	{"Forælderens vurdering", "parent_rating", IMPC_INT, false, NULL,
	 "1 i høj grad, 2 i nogen grad, 3 i mindre grad, 4 slet ikke, 0 ved ikke"},
	{"Note om besøget", "note", IMPC_TEXT, false, NULL, NULL},
};

static enum rede_err hv_dispatch(struct imp_run *r, struct store_conn *c, const struct imp_group *g)
{
	const struct imp_kind *k = imp_kind_find("health_visits");
	const struct imp_row *row = g->rows[0];
	struct person_row p = {0};
	char idbuf[24];
	int64_t child, actor, unit = 0, id, oid = 0;
	bool ok;
	json_t *body;
	enum rede_err err = child_by_cpr(r, c, row, V_CPR, &p, &ok);

	child = p.id;
	person_row_release(&p);
	if (err || !ok)
		return err;
	if (!row->val[V_VISITOR]) {
		imp_problem(r, row, V_VISITOR, "Sundhedsplejersken skal udfyldes");
		return REDE_OK;
	}
	err = staff_of(r, c, row, V_VISITOR, &actor, &ok);
	if (!err && ok && row->val[V_UNIT])
		err = unit_by_name(r, c, row, V_UNIT, json_string_value(row->val[V_UNIT]), &unit);
	if (err || !ok || (row->val[V_UNIT] && !unit))
		return err;
	imp_arg_cols(r, -1, V_VISITOR);
	if (row->val[V_CRITERION]) {
		/* the fact the offer rests on, dated the offer's day */
		body = json_pack("{s:I}", "child_id", (json_int_t)child);
		put(body, k, row, V_CRITERION);
		put(body, k, row, V_TOPI);
		put(body, k, row, V_VISITS1);
		if (row->val[V_OFFERED])
			json_object_set(body, "recorded_on", row->val[V_OFFERED]);
		imp_field_alias(r, "recorded_on", V_OFFERED);
		err = imp_call(r, c, "POST", "/api/v1/health-visits/criteria", NULL, body, actor,
			       row, &id);
		imp_field_alias(r, NULL, -1);
		if (err || !id)
			goto out;
	}
	body = json_pack("{s:I}", "child_id", (json_int_t)child);
	put(body, k, row, V_PROGRAMME);
	for (int col = V_OFFERED; col <= V_SOCIAL; col++)
		put(body, k, row, col);
	if (unit)
		json_object_set_new(body, "unit_id", json_integer(unit));
	err = imp_call(r, c, "POST", "/api/v1/health-visits/offers", NULL, body, actor, row, &oid);
	if (err || !oid)
		goto out;
	imp_key_entity(r, "hv_offer", oid);
	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)oid);
	/* the contact attempts, one a row, in the file's order */
	imp_field_alias(r, "channel", V_ATT_CHANNEL);
	for (int i = 0; i < g->nrows && !err; i++) {
		const struct imp_row *ar = g->rows[i];

		if (!ar->val[V_ATTEMPTED])
			continue;
		body = json_object();
		put(body, k, ar, V_ATTEMPTED);
		put(body, k, ar, V_REACHED);
		if (ar->val[V_ATT_CHANNEL])
			json_object_set(body, "channel", ar->val[V_ATT_CHANNEL]);
		err = imp_call(r, c, "POST", "/api/v1/health-visits/offers/{id}/attempts", idbuf,
			       body, actor, ar, &id);
	}
	imp_field_alias(r, NULL, -1);
	if (err)
		goto out;
	if (row->val[V_ANSWER]) {
		body = json_object();
		for (int col = V_ANSWER; col <= V_DECLINE_TEXT; col++)
			put(body, k, row, col);
		err = imp_call(r, c, "POST", "/api/v1/health-visits/offers/{id}/answer", idbuf,
			       body, actor, row, &id);
		if (err || !id)
			goto out;
	}
	if (row->val[V_VISITED]) {
		body = json_object();
		for (int col = V_VISITED; col <= V_NOTE; col++)
			if (col != V_MATERIALS)
				put(body, k, row, col);
		if (row->val[V_MATERIALS])
			json_object_set_new(body, "materials", text_list(row->val[V_MATERIALS]));
		/* an empty referral cell is a no, as on the paper form */
		if (!row->val[V_REF_IN])
			json_object_set_new(body, "referral_within", json_false());
		if (!row->val[V_REF_OUT])
			json_object_set_new(body, "referral_outside", json_false());
		err = imp_call(r, c, "POST", "/api/v1/health-visits/offers/{id}/visit", idbuf, body,
			       actor, row, &id);
	}
out:
	imp_arg_cols(r, -1, -1);
	return err;
}

/* ---- COS-P offers and the families' places on a group ---- */

static const struct imp_code cosp_channels[] = {
	{"Brev", "letter"},          {"Telefon", "phone"}, {"SMS", "sms"},
	{"Personligt", "in_person"}, {NULL, NULL},
};
static const struct imp_code cosp_answers[] = {
	{"Ja tak", "accepted"},
	{"Nej tak", "declined"},
	{NULL, NULL},
};

enum {
	P_KEY,
	P_CPR,
	P_OFFERED,
	P_CHANNEL,
	P_BY,
	P_ANSWER,
	P_ANSWERED,
	P_REASON,
	P_GROUP,
	P_PLACED,
	P_DROPOUT,
	P_DROPOUT_REASON,
	P_RATING,
	P_RATED,
	P__COUNT
};

static const struct imp_col cosp_cols[P__COUNT] = {
	{"Kilde-ID", "source_key", IMPC_KEY, true, NULL, "Jeres egen nøgle for tilbuddet"},
	{"Barnets CPR-nummer", "child_id", IMPC_CPR, true, NULL,
	 "Barnet skal være registreret (fx ved importen af familier)"},
	{"Tilbudt den", "offered_on", IMPC_DATE, true, NULL, "dd-mm-åååå"},
	{"Kanal", "channel", IMPC_CODE, false, cosp_channels, NULL},
	{"Tilbudt af", "offered_by", IMPC_TEXT, false, NULL,
	 "Brugernavn på sundhedsplejersken eller koordinatoren; tom: den, der importerer"},
	{"Svar", "answer", IMPC_CODE, false, cosp_answers, "Tom: familien har ikke svaret"},
	{"Svar den", "answered_on", IMPC_DATE, false, NULL, "dd-mm-åååå"},
	{"Begrundelse", "reason", IMPC_TEXT, false, NULL, "Ved nej tak (valgfri)"},
	{"Hold", "course_ids", IMPC_TEXT, false, NULL,
	 "Holdets navn i Rede; familien får plads efter planlæggerens regler (kun "
	 "koordinator)"},
	{"Placeret den", "placed_on", IMPC_DATE, false, NULL, "dd-mm-åååå; tom: i dag"},
	{"Stoppet den", "dropout_on", IMPC_DATE, false, NULL, "dd-mm-åååå; familien stoppede"},
	{"Årsag til stop", "dropout_reason", IMPC_TEXT, false, NULL, NULL},
	{"Forældrenes vurdering", "rating", IMPC_INT, false, NULL,
	 "1 i høj grad, 2 i nogen grad, 3 i mindre grad, 4 slet ikke"},
	{"Vurderet den", "rated_on", IMPC_DATE, false, NULL, "dd-mm-åååå"},
};

struct group_find {
	const char *name;
	int64_t id;
	int found;
};

static int group_match(const struct cosp_course_row *g, void *arg)
{
	struct group_find *f = arg;

	if (!strcasecmp(g->name, f->name)) {
		f->id = g->id;
		f->found++;
	}
	return 0;
}

/* Place the offer on the group named in the row, through the group
 * planner with its capacity, slot, type and tie rules (as the importer: a
 * coordinator's work). */
static enum rede_err cosp_place(struct imp_run *r, struct store_conn *c, const struct imp_row *row,
				int64_t oid)
{
	const struct imp_kind *k = imp_kind_find("cosp");
	struct group_find f = {json_string_value(row->val[P_GROUP]), 0, 0};
	json_t *body, *answer = NULL;
	int64_t id;
	enum rede_err err = store_cosp_course_each(c, imp_municipality(r), NULL, group_match, &f);

	if (err)
		return err;
	if (f.found != 1) {
		imp_problem(r, row, P_GROUP,
			    f.found ? "Flere hold har dette navn" : "Ukendt hold (navnet i Rede)");
		return REDE_OK;
	}
	body = json_pack("{s:[I], s:[I], s:b}", "course_ids", (json_int_t)f.id, "offer_ids",
			 (json_int_t)oid, "commit", 1);
	put(body, k, row, P_PLACED);
	imp_field_alias(r, "offer_ids", P_GROUP);
	err = imp_call_answer(r, c, "POST", "/api/v1/groups/plan", NULL, body, 0, row, &id,
			      &answer);
	imp_field_alias(r, NULL, -1);
	if (!err && answer && json_integer_value(json_object_get(answer, "placed_count")) != 1) {
		json_t *u = json_array_get(json_object_get(answer, "unplaced"), 0);
		const char *why = json_string_value(json_object_get(u, "explanation"));

		imp_problem(r, row, P_GROUP, why ? why : "Familien kan ikke få plads på holdet");
	}
	json_decref(answer);
	return err;
}

static enum rede_err cosp_dispatch(struct imp_run *r, struct store_conn *c,
				   const struct imp_group *g)
{
	const struct imp_kind *k = imp_kind_find("cosp");
	const struct imp_row *row = g->rows[0];
	struct person_row p = {0};
	char idbuf[24];
	int64_t actor, oid = 0, id;
	bool ok;
	json_t *body;
	enum rede_err err = child_by_cpr(r, c, row, P_CPR, &p, &ok);

	if (err || !ok) {
		person_row_release(&p);
		return err;
	}
	body = json_pack("{s:I, s:I}", "family_id", (json_int_t)p.family_id, "child_id",
			 (json_int_t)p.id);
	person_row_release(&p);
	err = staff_of(r, c, row, P_BY, &actor, &ok);
	if (err || !ok) {
		json_decref(body);
		return err;
	}
	put(body, k, row, P_OFFERED);
	put(body, k, row, P_CHANNEL);
	imp_arg_cols(r, -1, P_BY);
	err = imp_call(r, c, "POST", "/api/v1/cosp/offers", NULL, body, actor, row, &oid);
	if (err || !oid)
		goto out;
	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)oid);
	if (row->val[P_ANSWER]) {
		body = json_object();
		put(body, k, row, P_ANSWER);
		put(body, k, row, P_ANSWERED);
		put(body, k, row, P_REASON);
		err = imp_call(r, c, "POST", "/api/v1/cosp/offers/{id}/answer", idbuf, body, actor,
			       row, &id);
		if (err || !id)
			goto out;
	}
	imp_arg_cols(r, -1, -1);
	if (row->val[P_GROUP]) {
		err = cosp_place(r, c, row, oid);
		if (err)
			goto out;
	} else if (row->val[P_DROPOUT] || row->val[P_RATING]) {
		imp_problem(r, row, P_GROUP,
			    "Stop og vurdering kræver, at familien har haft plads "
			    "på et hold");
		goto out;
	}
	/* dropout and rating after the placement, as the importing coordinator */
	if (row->val[P_DROPOUT]) {
		body = json_object();
		put(body, k, row, P_DROPOUT);
		if (row->val[P_DROPOUT_REASON])
			json_object_set(body, "reason", row->val[P_DROPOUT_REASON]);
		imp_field_alias(r, "reason", P_DROPOUT_REASON);
		err = imp_call(r, c, "POST", "/api/v1/cosp/offers/{id}/dropout", idbuf, body, 0,
			       row, &id);
		imp_field_alias(r, NULL, -1);
		if (err)
			goto out;
	}
	if (row->val[P_RATING] || row->val[P_RATED]) {
		body = json_object();
		put(body, k, row, P_RATING);
		put(body, k, row, P_RATED);
		err = imp_call(r, c, "POST", "/api/v1/cosp/offers/{id}/rating", idbuf, body, 0, row,
			       &id);
	}
out:
	imp_arg_cols(r, -1, -1);
	return err;
}

/* ---- staff users: roles and units, never a password ---- */

static const struct imp_code role_labels[] = {
	{"Administrator", "admin"},
	{"Koordinator", "coordinator"},
	{"Hjemmepædagog", "home_pedagogue"},
	{"Sundhedsplejerske", "health_visitor"},
	{"Dagtilbud", "daycare"},
	{"Leder", "leader"},
	{"Evaluator", "evaluator"},
	{NULL, NULL},
};

enum { U_NAME, U_DISPLAY, U_ROLES, U_UNITS, U__COUNT };

static const struct imp_col user_cols[U__COUNT] = {
	{"Brugernavn", "username", IMPC_KEY, true, NULL,
	 "3-64 tegn: a-z, 0-9, punktum, bindestreg, understreg. Ingen adgangskode: "
	 "medarbejderen logger ind med kommunens login, eller en administrator sætter en"},
	{"Navn", "display_name", IMPC_TEXT, true, NULL, NULL},
	{"Roller", "roles", IMPC_CODES, true, role_labels, "Flere adskilles med komma"},
	{"Enheder", "unit_ids", IMPC_TEXT, false, NULL,
	 "Enhedernes navne i Rede, adskilt med komma"},
};

static enum rede_err users_dispatch(struct imp_run *r, struct store_conn *c,
				    const struct imp_group *g)
{
	const struct imp_kind *k = imp_kind_find("users");
	const struct imp_row *row = g->rows[0];
	json_t *body = json_object(), *units = json_array(), *names = NULL, *v;
	int64_t id;
	size_t i;
	enum rede_err err = REDE_OK;

	put(body, k, row, U_NAME);
	put(body, k, row, U_DISPLAY);
	put(body, k, row, U_ROLES);
	if (row->val[U_UNITS]) {
		names = text_list(row->val[U_UNITS]);
		json_array_foreach(names, i, v)
		{
			err = unit_by_name(r, c, row, U_UNITS, json_string_value(v), &id);
			if (err || !id)
				break;
			json_array_append_new(units, json_integer(id));
		}
	}
	if (err || json_array_size(units) != json_array_size(names)) {
		json_decref(body);
		goto out;
	}
	json_object_set(body, "unit_ids", units);
	/* no "password": the account has none (POST /users) */
	err = imp_call(r, c, "POST", "/api/v1/users", NULL, body, 0, row, &id);
out:
	json_decref(names);
	json_decref(units);
	return err;
}

/* ---- the table ---- */

const struct imp_kind imp_kinds[] = {
	{"families", "Familier", "familier med personer", family_cols, F__COUNT, true,
	 families_dispatch},
	{"consents", "Samtykker", "forældres samtykker", consent_cols, S__COUNT, false,
	 consents_dispatch},
	{"referrals", "Henvisninger", "henvisninger med afgørelse", referral_cols, H__COUNT, false,
	 referrals_dispatch},
	{"courses", "Forløb", "hjemmepædagogforløb med mål og vurderinger", course_cols, K__COUNT,
	 true, courses_dispatch},
	{"contacts", "Kontakter", "kontakter i hjemmepædagogforløb", contact_cols, C__COUNT, false,
	 contacts_dispatch},
	{"health_visits", "Besøgstilbud", "tilbud om besøg ved 1½ og 3 år med svar og besøg",
	 hv_cols, V__COUNT, true, hv_dispatch},
	{"cosp", "COS-P", "COS-P-tilbud med svar og plads på hold", cosp_cols, P__COUNT, false,
	 cosp_dispatch},
	{"users", "Medarbejdere", "medarbejdere med roller og enheder (uden adgangskode)",
	 user_cols, U__COUNT, false, users_dispatch},
};
const int imp_kinds_count = (int)(sizeof(imp_kinds) / sizeof(imp_kinds[0]));

const struct imp_kind *imp_kind_find(const char *name)
{
	for (int i = 0; name && i < imp_kinds_count; i++)
		if (!strcmp(imp_kinds[i].name, name))
			return &imp_kinds[i];
	return NULL;
}
