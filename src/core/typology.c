/*
 * typology.c - the typology for promising practice: elements, scoring and
 * the comparison of practices (see core_typology.h).
 */
#include <stdlib.h>
#include <string.h>

#include "rede/core_typology.h"

const char *const core_typology_element_names[TYP_ELEMENT__COUNT] = {"teori_og_viden",
								     "virkning",
								     "beskrivelse",
								     "maal",
								     "overfoerbarhed",
								     "oekonomi",
								     "faglig_refleksion",
								     "relationelt_samarbejde",
								     "individuel_tilrettelaeggelse",
								     "monitorering",
								     "opfoelgning"};
const char *const core_typology_element_labels_da[TYP_ELEMENT__COUNT] = {
	"Teori og viden",
	"Virkning",
	"Beskrivelse",
	"Mål",
	"Overførbarhed",
	"Økonomi",
	"Faglig refleksion",
	"Relationelt samarbejde",
	"Individuel tilrettelæggelse",
	"Monitorering",
	"Opfølgning"};
const char *const core_practice_programme_names[CORE_PRACTICE_PROGRAMME__COUNT] = {
	"home_pedagogue", "visit_1_5y", "visit_3y", "cosp", "family_group",
};

const char *const core_typology_evidence_names[TYPEV__COUNT] = {
	"goals_measured",  "fixed_procedure",  "it_system",        "aggregated",
	"reported",        "costs_known",      "costs_vs_results", "costs_compared",
	"cases_discussed", "sparring_regular", "shared_training"};

bool core_typology_element_locked(enum core_typology_element e)
{
	return e == TYP_FAGLIG_REFLEKSION || e == TYP_INDIVIDUEL_TILRETTELAEGGELSE ||
	       e == TYP_OEKONOMI || e == TYP_MONITORERING;
}

enum core_typology_element core_typology_element_parse(const char *name)
{
	for (int i = 0; name && i < TYP_ELEMENT__COUNT; i++)
		if (!strcmp(core_typology_element_names[i], name))
			return (enum core_typology_element)i;
	return TYP_ELEMENT__COUNT;
}

enum core_typology_evidence core_typology_evidence_parse(const char *name)
{
	for (int i = 0; name && i < TYPEV__COUNT; i++)
		if (!strcmp(core_typology_evidence_names[i], name))
			return (enum core_typology_evidence)i;
	return TYPEV__COUNT;
}

double core_typology_score(const int yes[TYP_ELEMENT__COUNT], const int n[TYP_ELEMENT__COUNT],
			   double score[TYP_ELEMENT__COUNT])
{
	double total = 0;

	for (int e = 0; e < TYP_ELEMENT__COUNT; e++) {
		score[e] = n[e] > 0 ? (double)yes[e] / n[e] : 0;
		total += score[e];
	}
	return total;
}

static int dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

void core_stats_of(const double *v, size_t n, struct core_stats *out)
{
	double *s;

	memset(out, 0, sizeof(*out));
	out->n = n;
	if (!n)
		return;
	s = malloc(n * sizeof(*s));
	if (!s)
		abort();
	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), dbl_cmp);
	for (size_t i = 0; i < n; i++)
		out->mean += s[i];
	out->mean /= (double)n;
	out->median = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	out->min = s[0];
	out->max = s[n - 1];
	free(s);
}
