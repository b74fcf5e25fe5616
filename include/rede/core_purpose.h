/*
 * core_purpose.h - why personal data was looked at: the purpose every
 * access is put on record with (issue 18; Datatilsynet's practice since
 * 2024: a citizen may learn the dates and purposes of look-ups of them).
 *
 * Most routes imply their purpose (a home pedagogue reading her course is
 * casework; a report is statistics). Where a route does not - revealing a
 * CPR number, looking a person up by CPR number, reading a family outside
 * one's caseload - the user picks one of the CHOOSABLE purposes (a short
 * list the UI offers) and the API requires it (docs/API.md, "Purpose").
 *
 * Codes are stable (they are on the audit log); labels are Danish, written
 * for a parent reading an insight.
 */
#ifndef REDE_CORE_PURPOSE_H
#define REDE_CORE_PURPOSE_H

#include <stdbool.h>

enum core_purpose {
	/* choosable: the user gives one of these where the route implies none */
	PURPOSE_CASEWORK,       /* the family's course or visit */
	PURPOSE_VISITATION,     /* deciding on a referral */
	PURPOSE_IDENTITY,       /* making sure it is the right person */
	PURPOSE_PARENT_REQUEST, /* the parents asked */
	PURPOSE_AUTHORITY,      /* another authority asked (e.g. a notification) */
	PURPOSE_CORRECTION,     /* correcting the records */
	/* implied by the route or the tool */
	PURPOSE_DAYCARE_SHARING, /* what the parents consented to share with daycare */
	PURPOSE_STATISTICS,      /* reports: aggregates */
	PURPOSE_ADMINISTRATION,  /* users, units, settings, sign-in */
	PURPOSE_INSIGHT,         /* a request for insight (GDPR art. 15) */
	PURPOSE_LEGAL_HOLD,      /* keeping records for a complaint or case */
	PURPOSE_ARCHIVE,         /* an archive version for the public archive */
	PURPOSE_RETENTION,       /* deletion when the retention period ended */
	PURPOSE_BACKUP,          /* backup and restore */
	PURPOSE__COUNT
};
#define PURPOSE_CHOOSABLE_COUNT (PURPOSE_CORRECTION + 1)

extern const char *const core_purpose_names[PURPOSE__COUNT];  /* "casework", ... */
extern const char *const core_purpose_labels[PURPOSE__COUNT]; /* Danish */

/* The purpose for a code, or PURPOSE__COUNT when unknown. */
enum core_purpose core_purpose_parse(const char *code);
/* May a user give this purpose (the short list)? */
bool core_purpose_choosable(enum core_purpose p);
/* The purpose a route implies ("GET", "/api/v1/families/{id}"), used when
 * the request gave none. */
enum core_purpose core_purpose_of_route(const char *method, const char *pattern);
/* The purpose a command-line verb implies, from its "cli VERB" text
 * ("cli report ..." is statistics); administration for the rest and for
 * NULL. */
enum core_purpose core_purpose_of_cli(const char *verb);
/* The Danish label for a code on the log; the code itself when unknown. */
const char *core_purpose_label(const char *code);

#endif
