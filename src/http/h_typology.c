/*
 * h_typology.c - the typology self-assessment of promising practice
 * (DOMAIN §1.7, seed 004) over HTTP:
 *
 *   GET  /api/v1/typology/questions                 the 11 elements and their questions
 *   PUT  /api/v1/typology/elements/{code}/questions the municipality's own questions
 *                                                   for an editable element
 *   GET  /api/v1/practices, POST /api/v1/practices  the practices assessed
 *   GET  /api/v1/practices/{id}                     with its newest assessment and scores
 *   POST /api/v1/practices/{id}/assessments         a dated self-assessment
 *   GET  /api/v1/typology/compare[?practices=1,2]   several practices: mean, median, min, max
 *
 * For a practice run in Rede (practice.programme), the monitoring and
 * economy questions are answered by Rede from its records, with the
 * evidence written next to the answer; answers sent for those questions
 * are not used. Every other question in force must be answered. A
 * practice of another municipality is 404.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/handlers.h"
#include "rede/core_typology.h"
#include "rede/util.h"
#include "store/settings.h"
#include "store/typology.h"

#define QUESTIONS_MAX 20
#define QUESTION_LEN_MAX 400
#define ANSWERS_MAX 300

/* ---- questions ---- */

struct qlist {
	json_t *elements; /* array of element objects, in typology order */
	struct {
		int64_t id;
		enum core_typology_element element;
		enum core_typology_evidence evidence;
		char *text;
	} q[ANSWERS_MAX];
	int n;
};

static json_t *element_obj(json_t *elements, enum core_typology_element e)
{
	json_t *o = json_array_get(elements, (size_t)e);
	return json_object_get(o, "questions");
}

static int add_question(const struct typology_question *q, void *arg)
{
	struct qlist *l = arg;

	json_array_append_new(
		element_obj(l->elements, q->element),
		json_pack("{s:I, s:s, s:o, s:b, s:b}", "id", (json_int_t)q->id, "text", q->text,
			  "evidence",
			  q->evidence < TYPEV__COUNT
				  ? json_string(core_typology_evidence_names[q->evidence])
				  : json_null(),
			  "placeholder", q->placeholder, "own", q->municipality_id != 0));
	if (l->n < ANSWERS_MAX) {
		l->q[l->n].id = q->id;
		l->q[l->n].element = q->element;
		l->q[l->n].evidence = q->evidence;
		l->q[l->n].text = xstrdup(q->text);
		l->n++;
	}
	return 0;
}

static void qlist_release(struct qlist *l)
{
	json_decref(l->elements);
	for (int i = 0; i < l->n; i++)
		free(l->q[i].text);
}

static enum rede_err qlist_load(struct store_conn *c, int64_t muni, struct qlist *l)
{
	memset(l, 0, sizeof(*l));
	l->elements = json_array();
	for (int e = 0; e < TYP_ELEMENT__COUNT; e++)
		json_array_append_new(l->elements,
				      json_pack("{s:s, s:s, s:b, s:[]}", "code",
						core_typology_element_names[e], "label",
						core_typology_element_labels_da[e], "editable",
						!core_typology_element_locked(e), "questions"));
	return store_typology_questions(c, muni, add_question, l);
}

enum rede_err h_typology_questions(struct http_req *req, struct store_conn *c,
				   struct http_resp *resp)
{
	struct qlist l;
	enum rede_err err = qlist_load(c, req->auth.municipality_id, &l);

	req->audit_entity = NULL;
	if (!err)
		http_json(resp, 200, json_pack("{s:O}", "elements", l.elements));
	qlist_release(&l);
	return err;
}

static const struct http_jfield questions_fields[] = {
	{"questions", J_ARRAY, true, 0},
	{NULL, 0, false, 0},
};

enum rede_err h_typology_replace(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	const char *code = req->nargs ? req->args[0] : NULL;
	enum core_typology_element e = core_typology_element_parse(code);
	const json_t *arr, *it;
	const char *texts[QUESTIONS_MAX];
	size_t i;
	enum rede_err err;

	req->audit_entity = "typology_question";
	req->audit_action = "update";
	snprintf(req->audit_entity_id, sizeof(req->audit_entity_id), "%.31s", code ? code : "");
	if (e == TYP_ELEMENT__COUNT) {
		http_not_found(resp);
		return REDE_OK;
	}
	if (core_typology_element_locked(e)) {
		http_conflict(
			resp, "code",
			"Spørgsmålene til dette element følger typologien og kan ikke ændres");
		return REDE_OK;
	}
	if (!http_json_check(req->body, questions_fields, resp))
		return REDE_OK;
	arr = json_object_get(req->body, "questions");
	if (json_array_size(arr) < 1 || json_array_size(arr) > QUESTIONS_MAX) {
		http_field_error(resp, "questions", "Skriv mellem 1 og 20 spørgsmål");
		return REDE_OK;
	}
	json_array_foreach(arr, i, it)
	{
		const char *t = json_string_value(it);
		char field[32];

		snprintf(field, sizeof(field), "questions[%zu]", i);
		if (!t || !*t || strlen(t) > QUESTION_LEN_MAX)
			http_field_error(resp, field, "Et spørgsmål er tekst på 1 til 400 tegn");
		texts[i] = t;
	}
	if (resp->status)
		return REDE_OK;
	err = store_typology_replace(c, req->auth.municipality_id, e, texts,
				     (int)json_array_size(arr), req->auth.user_id);
	if (err)
		return err;
	return h_typology_questions(req, c, resp);
}

/* ---- practices ---- */

static json_t *json_practice(const struct practice_row *p)
{
	return json_pack("{s:I, s:s, s:s?, s:o}", "id", (json_int_t)p->id, "name", p->name,
			 "description", p->description, "programme",
			 p->programme[0] ? json_string(p->programme) : json_null());
}

static int add_practice(const struct practice_row *p, void *arg)
{
	json_array_append_new(arg, json_practice(p));
	return 0;
}

enum rede_err h_practices_list(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	json_t *items = json_array();
	enum rede_err err = store_practice_each(c, req->auth.municipality_id, add_practice, items);

	req->audit_entity = NULL;
	return http_items_answer(resp, items, err);
}

static const struct http_jfield practice_fields[] = {
	{"name", J_STRING, true, 200},
	{"description", J_STRING_OR_NULL, false, 2000},
	{"programme", J_STRING_OR_NULL, false, 32},
	{NULL, 0, false, 0},
};

static bool programme_ok(const char *p)
{
	for (int i = 0; p && i < CORE_PRACTICE_PROGRAMME__COUNT; i++)
		if (!strcmp(core_practice_programme_names[i], p))
			return true;
	return false;
}

enum rede_err h_practices_create(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	const json_t *b = req->body;
	const char *prog;
	struct practice_row p;
	enum rede_err err;

	memset(&p, 0, sizeof(p));
	req->audit_entity = "practice";
	if (!http_json_check(b, practice_fields, resp))
		return REDE_OK;
	prog = json_string_value(json_object_get(b, "programme"));
	if (!*json_string_value(json_object_get(b, "name")))
		http_field_error(resp, "name", "Praksis skal have et navn");
	if (prog && !programme_ok(prog))
		http_field_error(resp, "programme",
				 "Vælg home_pedagogue, visit_1_5y, visit_3y, cosp eller "
				 "family_group - eller intet, hvis praksis ikke kører i Rede");
	if (resp->status)
		return REDE_OK;
	p.municipality_id = req->auth.municipality_id;
	p.name = xstrdup(json_string_value(json_object_get(b, "name")));
	p.description = xstrdup(json_string_value(json_object_get(b, "description")));
	snprintf(p.programme, sizeof(p.programme), "%s", prog ? prog : "");
	err = store_practice_insert(c, &p, req->auth.user_id);
	if (err == REDE_E_CONFLICT) {
		http_conflict(resp, "name", "Der findes allerede en praksis med det navn");
		err = REDE_OK;
	} else if (!err) {
		snprintf(req->audit_entity_id, sizeof(req->audit_entity_id), "%lld",
			 (long long)p.id);
		http_json(resp, 201, json_practice(&p));
		resp->location = xasprintf("/api/v1/practices/%lld", (long long)p.id);
	}
	practice_row_release(&p);
	return err;
}

/* ---- assessments and scores ---- */

struct answers_json {
	json_t *elements;
};

static int add_answer(const struct typology_answer *a, void *arg)
{
	json_t *el = json_array_get(arg, (size_t)a->q->element);

	json_array_append_new(json_object_get(el, "answers"),
			      json_pack("{s:I, s:s, s:b, s:s, s:s?}", "question_id",
					(json_int_t)a->q->id, "text", a->q->text, "yes", a->yes,
					"source", a->source ? a->source : "staff", "evidence",
					a->evidence));
	return 0;
}

/* The newest assessment of a practice as JSON, or JSON null. */
static enum rede_err assessment_json(struct store_conn *c, int64_t practice_id, json_t **out)
{
	struct practice_scores s;
	json_t *elements;
	enum rede_err err = store_practice_scores(c, practice_id, &s);

	*out = NULL;
	if (err == REDE_E_NOTFOUND) {
		*out = json_null();
		return REDE_OK;
	}
	if (err)
		return err;
	elements = json_array();
	for (int e = 0; e < TYP_ELEMENT__COUNT; e++)
		json_array_append_new(elements, json_pack("{s:s, s:s, s:f, s:i, s:i, s:[]}", "code",
							  core_typology_element_names[e], "label",
							  core_typology_element_labels_da[e],
							  "score", s.score[e], "yes", s.yes[e],
							  "questions", s.n[e], "answers"));
	err = store_answer_each(c, s.assessment_id, add_answer, elements);
	if (err) {
		json_decref(elements);
		return err;
	}
	*out = json_pack("{s:I, s:s, s:f, s:o}", "id", (json_int_t)s.assessment_id, "assessed_on",
			 s.assessed_on, "total", s.total, "elements", elements);
	return REDE_OK;
}

enum rede_err h_practices_get(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	struct practice_row *p = obj_practice(req);
	json_t *o, *a = NULL;
	enum rede_err err = assessment_json(c, p->id, &a);

	if (!err) {
		o = json_practice(p);
		json_object_set_new(o, "assessment", a);
		http_json(resp, 200, o);
	}
	return err;
}

static const struct http_jfield assessment_fields[] = {
	{"assessed_on", J_DATE, true, 0},
	{"note", J_STRING_OR_NULL, false, 2000},
	{"answers", J_ARRAY, true, 0},
	{NULL, 0, false, 0},
};
static const struct http_jfield answer_fields[] = {
	{"question_id", J_INT, true, 0},
	{"yes", J_BOOL, true, 0},
	{NULL, 0, false, 0},
};

/* The evidence window: months before day, to day. */
static void window_from(const char *day, int64_t months, char out[11])
{
	int y = 1970, m = 1, d = 1;
	int32_t days;

	if (sscanf(day, "%d-%d-%d", &y, &m, &d) != 3)
		y = 1970;
	m -= (int)(months % 12);
	y -= (int)(months / 12);
	if (m < 1) {
		m += 12;
		y--;
	}
	while (d > 28 && !rede_date_valid(y, m, d))
		d--;
	days = rede_days_from_civil(y, m, d) + 1;
	rede_date_format(days, out);
}

enum rede_err h_practices_assess(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	const json_t *b = req->body, *arr, *it;
	struct practice_row *p = obj_practice(req);
	struct qlist l;
	int given[ANSWERS_MAX]; /* per question in l: -1 none, else 0/1 */
	const char *day;
	char from[11];
	int64_t months = 12, aid = 0;
	size_t i;
	enum rede_err err = REDE_OK;
	json_t *a = NULL;

	memset(&l, 0, sizeof(l));
	req->audit_action = "create";
	if (!http_json_check(b, assessment_fields, resp))
		goto out;
	arr = json_object_get(b, "answers");
	if (json_array_size(arr) > ANSWERS_MAX) {
		http_field_error(resp, "answers", "For mange svar");
		goto out;
	}
	if ((err = qlist_load(c, req->auth.municipality_id, &l)))
		goto out;
	for (int k = 0; k < l.n; k++)
		given[k] = -1;
	json_array_foreach(arr, i, it)
	{
		struct http_resp one = {0};
		char field[48];
		int k;

		snprintf(field, sizeof(field), "answers[%zu]", i);
		if (!http_json_check(it, answer_fields, &one)) {
			json_decref(one.json);
			http_field_error(resp, field, "Et svar er {question_id, yes}");
			continue;
		}
		json_decref(one.json);
		for (k = 0; k < l.n; k++)
			if (l.q[k].id == json_integer_value(json_object_get(it, "question_id")))
				break;
		snprintf(field, sizeof(field), "answers[%zu].question_id", i);
		if (k == l.n)
			http_field_error(resp, field, "Spørgsmålet er ikke i brug i kommunen");
		else if (given[k] >= 0)
			http_field_error(resp, field, "Spørgsmålet er besvaret to gange");
		else
			given[k] = json_is_true(json_object_get(it, "yes"));
	}
	for (int k = 0; k < l.n && !resp->status; k++)
		if (given[k] < 0 && !(p->programme[0] && l.q[k].evidence < TYPEV__COUNT))
			http_field_error(resp, "answers", "Alle spørgsmål skal besvares");
	if (resp->status)
		goto out;

	day = json_string_value(json_object_get(b, "assessed_on"));
	if (store_setting_int(c, req->auth.municipality_id, "typology.evidence_months", &months))
		months = 12;
	window_from(day, months, from);
	err = store_assessment_insert(c, p->id, day, json_string_value(json_object_get(b, "note")),
				      req->auth.user_id, &aid);
	for (int k = 0; k < l.n && !err; k++) {
		if (p->programme[0] && l.q[k].evidence < TYPEV__COUNT) {
			bool yes = false;
			char *text = NULL;
			err = store_typology_evidence(c, req->auth.municipality_id, p->programme,
						      l.q[k].evidence, from, day, &yes, &text);
			if (!err)
				err = store_answer_insert(c, aid, l.q[k].id, yes, "rede", text);
			free(text);
		} else {
			err = store_answer_insert(c, aid, l.q[k].id, given[k] == 1, "staff", NULL);
		}
	}
	if (!err)
		err = assessment_json(c, p->id, &a);
	if (!err)
		http_json(resp, 201, a);
out:
	qlist_release(&l);
	return err;
}

/* ---- comparing practices ---- */

struct compare {
	struct store_conn *c;
	json_t *items;
	double totals[512], el[TYP_ELEMENT__COUNT][512];
	size_t n;
	const char *only; /* "1,2,3" or NULL */
	enum rede_err err;
};

static bool listed(const char *list, int64_t id)
{
	char want[24];
	const char *p = list;
	size_t k;

	if (!list)
		return true;
	k = (size_t)snprintf(want, sizeof(want), "%lld", (long long)id);
	while (*p) {
		if (!strncmp(p, want, k) && (p[k] == ',' || !p[k]))
			return true;
		p = strchr(p, ',');
		if (!p)
			break;
		p++;
	}
	return false;
}

static int compare_add(const struct practice_row *p, void *arg)
{
	struct compare *x = arg;
	struct practice_scores s;
	json_t *el;

	if (!listed(x->only, p->id) || x->n >= 512)
		return 0;
	x->err = store_practice_scores(x->c, p->id, &s);
	if (x->err == REDE_E_NOTFOUND) {
		x->err = REDE_OK;
		return 0;
	}
	if (x->err)
		return 1;
	el = json_object();
	for (int e = 0; e < TYP_ELEMENT__COUNT; e++) {
		json_object_set_new(el, core_typology_element_names[e], json_real(s.score[e]));
		x->el[e][x->n] = s.score[e];
	}
	x->totals[x->n++] = s.total;
	json_array_append_new(x->items, json_pack("{s:I, s:s, s:s, s:f, s:o}", "id",
						  (json_int_t)p->id, "name", p->name, "assessed_on",
						  s.assessed_on, "total", s.total, "elements", el));
	return 0;
}

static json_t *stats_json(const double *v, size_t n)
{
	struct core_stats s;

	core_stats_of(v, n, &s);
	return json_pack("{s:f, s:f, s:f, s:f}", "mean", s.mean, "median", s.median, "min", s.min,
			 "max", s.max);
}

enum rede_err h_typology_compare(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	struct compare *x = xcalloc(1, sizeof(*x));
	json_t *el;
	enum rede_err err;

	req->audit_entity = NULL;
	x->c = c;
	x->items = json_array();
	x->only = http_query(req, "practices");
	err = store_practice_each(c, req->auth.municipality_id, compare_add, x);
	if (!err)
		err = x->err;
	if (err) {
		json_decref(x->items);
		free(x);
		return err;
	}
	el = json_object();
	for (int e = 0; e < TYP_ELEMENT__COUNT; e++)
		json_object_set_new(el, core_typology_element_names[e], stats_json(x->el[e], x->n));
	http_json(resp, 200,
		  json_pack("{s:o, s:I, s:{s:o, s:o}}", "practices", x->items, "n",
			    (json_int_t)x->n, "stats", "total", stats_json(x->totals, x->n),
			    "elements", el));
	free(x);
	return REDE_OK;
}
