/*
 * daycare.c - the vocabularies of the cooperation with daycare (see
 * core_daycare.h). The codes are stored and sent as they stand here.
 */
#include "rede/core_daycare.h"

const char *const core_handover_participant_names[HANDOVER_PARTICIPANT__COUNT] = {
	"parents", "health_visitor", "daycare", "home_pedagogue", "other",
};

const char *const core_handover_topic_names[HANDOVER_TOPIC__COUNT] = {
	"sleep", "food", "language", "development", "routines", "relations", "health", "other",
};

const char *const core_consult_proposer_names[CONSULT_PROPOSER__COUNT] = {
	"parents",
	"daycare",
	"health_visitor",
};

const char *const core_fgroup_participant_names[FGROUP_PARTICIPANT__COUNT] = {
	"parents",
	"daycare",
	"group_worker",
	"other",
};
