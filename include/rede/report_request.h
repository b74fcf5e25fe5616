/*
 * report_request.h - turning a report request (CLI flags or query
 * parameters) and its caller into a report scope and the decision whether
 * numbers are suppressed (src/report/request.c). One rule for the CLI and
 * the API; see request.c for who sees what.
 */
#ifndef REDE_REPORT_REQUEST_H
#define REDE_REPORT_REQUEST_H

#include <stdbool.h>
#include <stdint.h>

#include "rede/report.h"

/* The request as given; NULL for what was not given. */
struct report_request {
	const char *name;
	const char *from, *to;    /* YYYY-MM-DD; default: 1 January of to's year .. today */
	const char *municipality; /* CODE[,CODE...] | all | own */
	const char *unit;         /* unit id | mine | all */
	const char *round;        /* programme round number */
	const char *format;       /* json (default), csv, csv-da, xlsx, html, svg, merge */
	bool final;               /* evaluation kit: the end-of-project delivery */
};

struct report_caller {
	bool cli;                /* the operator on the server (any municipality) */
	int64_t municipality_id; /* the caller's own (CLI: 0 unless given) */
	int64_t user_id;
	int64_t roles; /* bit set of enum core_role */
};

/* What came out besides the scope: the format, whether to suppress, and
 * on a refusal the field and a Danish message (static strings). */
struct report_request_error {
	const char *field;
	const char *message;
	enum report_format format;
	bool suppress;
};

/* Fill s (report_scope_release it in every case). Returns REDE_OK,
 * REDE_E_INVALID (bad parameter: see e), REDE_E_NOTFOUND (no such report,
 * municipality or unit for this caller: see e) or a store error. */
enum rede_err report_request_resolve(struct store_conn *c, const struct report_request *q,
				     const struct report_caller *who, struct report_scope *s,
				     struct report_request_error *e);

/* Run report name over s (from report_request_resolve) and, when
 * suppress, protect it for everything who may combine it with: an
 * evaluator's (and the CLI's) union of municipalities together with each
 * of them and each round in it (src/report/family.c), a staff member's
 * municipality against their own units' exact numbers. The one entry
 * `rede report` and GET /api/v1/reports/{name} use. */
enum rede_err report_produce(struct store_conn *c, const char *name, const struct report_scope *s,
			     const struct report_caller *who, bool suppress, struct report **out);

/* The suppression threshold for a scope: the largest of its
 * municipalities' report.suppression_threshold settings. */
int64_t report_scope_threshold(struct store_conn *c, const struct report_scope *s);

/* The evaluation kit's delivery for a period ending on to (seed 003:
 * 5 September, 5 May, or the end of the project when final):
 * {"kind", "due_on", "label"}. */
json_t *report_delivery(const char *to, bool final);

#endif
