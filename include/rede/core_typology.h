/*
 * core_typology.h - the typology for promising practice (typologi for
 * lovende praksis, Jensen et al. 2016; DOMAIN §1.7, seed 004): eleven
 * elements, each valued 0-1 as the share of its questions answered yes,
 * summed to 0-11; and the comparison of several practices (mean, median,
 * min, max), as seed 004 reports it (7.45 / 7.6 / 6.10 / 9.04 over 13
 * practices).
 *
 * Pure C like core.h. The questions are data (migration 0005); the
 * element list is the typology itself and fixed here with stable codes.
 */
#ifndef REDE_CORE_TYPOLOGY_H
#define REDE_CORE_TYPOLOGY_H

#include <stdbool.h>
#include <stddef.h>

enum core_typology_element {
	TYP_TEORI_OG_VIDEN,
	TYP_VIRKNING,
	TYP_BESKRIVELSE,
	TYP_MAAL,
	TYP_OVERFOERBARHED,
	TYP_OEKONOMI,
	TYP_FAGLIG_REFLEKSION,
	TYP_RELATIONELT_SAMARBEJDE,
	TYP_INDIVIDUEL_TILRETTELAEGGELSE,
	TYP_MONITORERING,
	TYP_OPFOELGNING,
	TYP_ELEMENT__COUNT
};
extern const char *const core_typology_element_names[TYP_ELEMENT__COUNT];
extern const char *const core_typology_element_labels_da[TYP_ELEMENT__COUNT];
/* The elements whose questions are seed 004's wording (faglig refleksion,
 * individuel tilrettelæggelse, økonomi, monitorering): not editable by a
 * municipality. */
bool core_typology_element_locked(enum core_typology_element e);
/* TYP_ELEMENT__COUNT when unknown */
enum core_typology_element core_typology_element_parse(const char *name);

/* The evidence Rede fills in from its own records (monitoring, economy,
 * faglig refleksion). */
enum core_typology_evidence {
	TYPEV_GOALS_MEASURED,
	TYPEV_FIXED_PROCEDURE,
	TYPEV_IT_SYSTEM,
	TYPEV_AGGREGATED,
	TYPEV_REPORTED,
	TYPEV_COSTS_KNOWN,
	TYPEV_COSTS_VS_RESULTS,
	TYPEV_COSTS_COMPARED,
	/* faglig refleksion (issue 23): courses discussed in sparring, sparring
	 * held regularly, shared training */
	TYPEV_CASES_DISCUSSED,
	TYPEV_SPARRING_REGULAR,
	TYPEV_SHARED_TRAINING,
	TYPEV__COUNT
};
extern const char *const core_typology_evidence_names[TYPEV__COUNT];

/* What a practice may be run in within Rede: the programmes, with the
 * 1½- and 3-year visits apart (a practice's "programme"). */
#define CORE_PRACTICE_PROGRAMME__COUNT 5
extern const char *const core_practice_programme_names[CORE_PRACTICE_PROGRAMME__COUNT];
enum core_typology_evidence core_typology_evidence_parse(const char *name);

/* Element scores from answers: yes[e] of n[e] questions answered yes.
 * score[e] = yes/n (0 when an element has no questions); returns the
 * total, 0-11. */
double core_typology_score(const int yes[TYP_ELEMENT__COUNT], const int n[TYP_ELEMENT__COUNT],
			   double score[TYP_ELEMENT__COUNT]);

struct core_stats {
	double mean, median, min, max;
	size_t n;
};
/* Mean, median (middle value, or the mean of the two middle ones), min
 * and max of v[0..n-1]; all 0 when n is 0. v is not changed. */
void core_stats_of(const double *v, size_t n, struct core_stats *out);

#endif
