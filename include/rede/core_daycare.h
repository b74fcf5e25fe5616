/*
 * core_daycare.h - the vocabularies of the cooperation with daycare
 * (DOMAIN §1.6): who takes part in a handover conversation and what it
 * covers, who proposes a topic for a consultant visit, and who takes part
 * in a family group's start meeting. The rules of the consultant visits'
 * wheel and of the family groups are in core_cosp.h. Served to the UI by
 * GET /api/v1/vocabulary.
 */
#ifndef REDE_CORE_DAYCARE_H
#define REDE_CORE_DAYCARE_H

enum core_handover_participant {
	HANDOVER_PARENTS,
	HANDOVER_HEALTH_VISITOR,
	HANDOVER_DAYCARE,
	HANDOVER_HOME_PEDAGOGUE,
	HANDOVER_OTHER,
	HANDOVER_PARTICIPANT__COUNT
};
extern const char *const core_handover_participant_names[HANDOVER_PARTICIPANT__COUNT];

enum core_handover_topic {
	HANDOVER_SLEEP,
	HANDOVER_FOOD,
	HANDOVER_LANGUAGE,
	HANDOVER_DEVELOPMENT,
	HANDOVER_ROUTINES,
	HANDOVER_RELATIONS,
	HANDOVER_HEALTH,
	HANDOVER_TOPIC_OTHER,
	HANDOVER_TOPIC__COUNT
};
extern const char *const core_handover_topic_names[HANDOVER_TOPIC__COUNT];

/* Who proposed a topic for a consultant visit. */
enum core_consult_proposer {
	PROPOSER_PARENTS,
	PROPOSER_DAYCARE,
	PROPOSER_HEALTH_VISITOR,
	CONSULT_PROPOSER__COUNT
};
extern const char *const core_consult_proposer_names[CONSULT_PROPOSER__COUNT];

/* Who took part in a family group member's start meeting. */
enum core_fgroup_participant {
	FGROUP_PARENTS,
	FGROUP_DAYCARE,
	FGROUP_GROUP_WORKER,
	FGROUP_OTHER,
	FGROUP_PARTICIPANT__COUNT
};
extern const char *const core_fgroup_participant_names[FGROUP_PARTICIPANT__COUNT];

#endif
