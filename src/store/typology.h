/*
 * typology.h - the typology for promising practice in the store (DOMAIN
 * §1.7, migration 0005): questions as data (built-in rows and a
 * municipality's own for the editable elements), practices, their dated
 * self-assessments and answers, and the evidence Rede finds in its own
 * records for the monitoring and economy questions.
 *
 * Ownership: row structs own their char * fields; *_release frees them.
 * Lookups take the caller's municipality and answer REDE_E_NOTFOUND for
 * another municipality's practice.
 */
#ifndef REDE_STORE_TYPOLOGY_H
#define REDE_STORE_TYPOLOGY_H

#include <stdbool.h>
#include <stdint.h>

#include "rede/core_typology.h"
#include "rede/store.h"

struct typology_question {
	int64_t id;
	int64_t municipality_id; /* 0 = built in */
	enum core_typology_element element;
	int64_t position;
	const char *text;                     /* valid during the callback */
	enum core_typology_evidence evidence; /* TYPEV__COUNT = answered by hand */
	bool placeholder;
};

/* The questions in force for a municipality, element by element in the
 * typology's order: the municipality's own for an element when it has
 * any, else the built-in ones. fn returns non-zero to stop. */
enum rede_err store_typology_questions(struct store_conn *c, int64_t municipality_id,
				       int (*fn)(const struct typology_question *q, void *arg),
				       void *arg);
/* Replace a municipality's questions of one (editable) element with texts
 * (n of them, in order); earlier ones are retired, never deleted.
 * user_id 0: the operator on the command line. */
enum rede_err store_typology_replace(struct store_conn *c, int64_t municipality_id,
				     enum core_typology_element e, const char *const *texts, int n,
				     int64_t user_id);

struct practice_row {
	int64_t id;
	int64_t municipality_id;
	char *name, *description;
	char programme[32]; /* "" = not run in Rede */
	int64_t version;
};
void practice_row_release(struct practice_row *p);
enum rede_err store_practice_insert(struct store_conn *c, struct practice_row *p, int64_t user_id);
enum rede_err store_practice_get(struct store_conn *c, int64_t municipality_id, int64_t id,
				 struct practice_row *out);
enum rede_err store_practice_each(struct store_conn *c, int64_t municipality_id,
				  int (*fn)(const struct practice_row *p, void *arg), void *arg);

/* A new assessment; *id gets its id. */
enum rede_err store_assessment_insert(struct store_conn *c, int64_t practice_id,
				      const char *assessed_on, const char *note, int64_t user_id,
				      int64_t *id);
enum rede_err store_answer_insert(struct store_conn *c, int64_t assessment_id, int64_t question_id,
				  bool yes, const char *source, const char *evidence);
/* The newest assessment of a practice dated on or before `on` (NULL: any
 * date): id and date (REDE_E_NOTFOUND when it has none). */
enum rede_err store_assessment_latest(struct store_conn *c, int64_t practice_id, const char *on,
				      int64_t *id, char assessed_on[11]);

struct typology_answer {
	const struct typology_question *q;
	bool yes;
	const char *source;   /* staff, rede */
	const char *evidence; /* may be NULL */
};
enum rede_err store_answer_each(struct store_conn *c, int64_t assessment_id,
				int (*fn)(const struct typology_answer *a, void *arg), void *arg);

/* The scores of a practice's newest assessment. */
struct practice_scores {
	int64_t assessment_id;
	char assessed_on[11];
	int yes[TYP_ELEMENT__COUNT], n[TYP_ELEMENT__COUNT];
	double score[TYP_ELEMENT__COUNT];
	double total;
};
/* REDE_E_NOTFOUND when the practice has no assessment. */
enum rede_err store_practice_scores(struct store_conn *c, int64_t practice_id,
				    struct practice_scores *out);
/* The same for the newest assessment dated on or before `on` (the
 * typology report: the assessment in force at the end of its period). */
enum rede_err store_practice_scores_on(struct store_conn *c, int64_t practice_id, const char *on,
				       struct practice_scores *out);

/* What Rede's records show for evidence e of a practice running programme
 * (home_pedagogue, visit_1_5y, visit_3y, cosp, family_group) in the
 * window from..to: *yes and a Danish sentence saying what was found and
 * which report shows it (caller frees). */
enum rede_err store_typology_evidence(struct store_conn *c, int64_t municipality_id,
				      const char *programme, enum core_typology_evidence e,
				      const char *from, const char *to, bool *yes, char **text);

#endif
