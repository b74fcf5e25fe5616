/*
 * purpose.c - the purposes of access to personal data (see
 * core_purpose.h): codes, Danish labels, and the purpose a route implies.
 */
#include <string.h>

#include "rede/core_purpose.h"
#include "rede/util.h"

const char *const core_purpose_names[PURPOSE__COUNT] = {
	"casework",   "visitation",      "identity",   "parent_request", "authority",
	"correction", "daycare_sharing", "statistics", "administration", "insight",
	"legal_hold", "archive",         "retention",  "backup",
};

const char *const core_purpose_labels[PURPOSE__COUNT] = {
	"Arbejdet med familiens forløb eller besøg",
	"Visitation af en henvisning",
	"Kontrol af, at det er den rette person",
	"Forældrene har selv henvendt sig",
	"En anden myndighed har henvendt sig",
	"Rettelse af oplysninger",
	"Deling med dagtilbud efter forældrenes samtykke",
	"Statistik og afrapportering (uden navne)",
	"Administration af systemet",
	"Besvarelse af en anmodning om indsigt",
	"Sikring af oplysninger til en klage- eller retssag",
	"Aflevering til offentligt arkiv",
	"Sletning efter udløbet opbevaringsfrist",
	"Sikkerhedskopi og genskabelse",
};

enum core_purpose core_purpose_parse(const char *code)
{
	for (int i = 0; code && i < PURPOSE__COUNT; i++)
		if (!strcmp(code, core_purpose_names[i]))
			return (enum core_purpose)i;
	return PURPOSE__COUNT;
}

bool core_purpose_choosable(enum core_purpose p)
{
	return p < PURPOSE_CHOOSABLE_COUNT;
}

/* Route prefixes and what they imply; first match wins, the rest is
 * casework. Keep in step with docs/API.md ("Purpose"). */
static const struct {
	const char *prefix;
	enum core_purpose purpose;
} route_purposes[] = {
	{"/api/v1/reports", PURPOSE_STATISTICS},
	{"/api/v1/typology", PURPOSE_STATISTICS},
	{"/api/v1/practices", PURPOSE_STATISTICS},
	{"/api/v1/insight", PURPOSE_INSIGHT},
	{"/api/v1/legal-holds", PURPOSE_LEGAL_HOLD},
	{"/api/v1/daycare/", PURPOSE_DAYCARE_SHARING},
	{"/api/v1/referrals/{id}/decision", PURPOSE_VISITATION},
	{"/api/v1/session", PURPOSE_ADMINISTRATION},
	{"/api/v1/me", PURPOSE_ADMINISTRATION},
	{"/api/v1/users", PURPOSE_ADMINISTRATION},
	{"/api/v1/units", PURPOSE_ADMINISTRATION},
	{"/api/v1/staff", PURPOSE_ADMINISTRATION},
	{"/api/v1/purposes", PURPOSE_ADMINISTRATION},
};

enum core_purpose core_purpose_of_route(const char *method, const char *pattern)
{
	(void)method;
	for (size_t i = 0; pattern && i < sizeof(route_purposes) / sizeof(route_purposes[0]); i++)
		if (str_starts(pattern, route_purposes[i].prefix))
			return route_purposes[i].purpose;
	return PURPOSE_CASEWORK;
}

const char *core_purpose_label(const char *code)
{
	enum core_purpose p = core_purpose_parse(code);

	return p < PURPOSE__COUNT ? core_purpose_labels[p] : code;
}

enum core_purpose core_purpose_of_cli(const char *verb)
{
	static const struct {
		const char *verb;
		enum core_purpose p;
	} verbs[] = {
		{"cli report", PURPOSE_STATISTICS},   {"cli audit person", PURPOSE_INSIGHT},
		{"cli insight", PURPOSE_INSIGHT},     {"cli backup", PURPOSE_BACKUP},
		{"cli restore", PURPOSE_BACKUP},      {"cli archive", PURPOSE_ARCHIVE},
		{"cli retention", PURPOSE_RETENTION}, {"cli hold", PURPOSE_LEGAL_HOLD},
		{"cli copy", PURPOSE_BACKUP},
	};

	for (size_t i = 0; verb && i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (str_starts(verb, verbs[i].verb))
			return verbs[i].p;
	return PURPOSE_ADMINISTRATION;
}
