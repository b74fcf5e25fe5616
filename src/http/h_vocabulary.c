/*
 * h_vocabulary.c - GET /api/v1/vocabulary: the allowed values of the
 * API's closed lists (contact kinds, activities, channels, decline and
 * closure reasons, ...) with their Danish labels, read from the core
 * tables the handlers check against, so a client holds no copy that can
 * drift from what the server accepts.
 *
 * Answer: {"lists": {NAME: [{"code": ..., "label": ... | null}, ...]}}
 * in the core's order; label is null where the core has no Danish label
 * (the web UI's catalogue, web/i18n, names those).
 */
#include "http/handlers.h"
#include "rede/core.h"
#include "rede/core_cosp.h"
#include "rede/core_course.h"
#include "rede/core_daycare.h"
#include "rede/core_family.h"
#include "rede/core_health_visit.h"
#include "rede/core_purpose.h"
#include "rede/core_sparring.h"
#include "rede/core_toybox.h"
#include "rede/core_visitation.h"

struct vocab_list {
	const char *name;
	const char *const *codes;
	const char *const *labels_da; /* NULL: none in the core */
	int n;
};

#define LIST(name, codes, labels, n)                                                               \
	{                                                                                          \
		name, codes, labels, n                                                             \
	}

static const struct vocab_list lists[] = {
	LIST("roles", core_role_names, NULL, ROLE__COUNT),
	LIST("unit_kinds", core_unit_kind_names, NULL, UNIT_KIND__COUNT),
	LIST("person_kinds", person_kind_names, NULL, PERSON_KIND__COUNT),
	LIST("guardian_relations", guardian_relation_names, NULL, REL__COUNT),
	LIST("consent_purposes", consent_purpose_names, NULL, CONSENT_PURPOSE__COUNT),
	LIST("lookup_purposes", core_purpose_names, core_purpose_labels, PURPOSE__COUNT),
	LIST("referral_sources", referral_source_names, NULL, SRC__COUNT),
	LIST("visitation_outcomes", visitation_outcome_names, NULL, VIS__COUNT),
	LIST("course_statuses", core_course_status_names, NULL, COURSE_STATUS__COUNT),
	LIST("legal_frames", core_legal_frame_names, core_legal_frame_labels_da,
	     LEGAL_FRAME__COUNT),
	LIST("focus_areas", core_focus_area_names, core_focus_area_labels_da, FOCUS_AREA__COUNT),
	LIST("contact_kinds", core_contact_kind_names, core_contact_kind_labels_da,
	     CONTACT_KIND__COUNT),
	LIST("activities", core_activity_names, core_activity_labels_da, ACTIVITY__COUNT),
	LIST("stances", core_stance_names, core_stance_labels_da, STANCE__COUNT),
	LIST("closure_reasons", core_closure_reason_names, core_closure_reason_labels_da,
	     CLOSURE_REASON__COUNT),
	LIST("attainments", core_attainment_names, NULL, ATTAINMENT__COUNT),
	LIST("raters", core_rater_names, NULL, RATER__COUNT),
	LIST("evaluation_questions", core_eval_question_names, core_eval_question_labels_da,
	     EVAL_QUESTION__COUNT),
	LIST("hv_programmes", core_hv_programme_names, core_hv_programme_labels_da,
	     HV_PROGRAMME__COUNT),
	LIST("hv_criteria", core_hv_criterion_names, core_hv_criterion_labels_da,
	     HV_CRITERION__COUNT),
	LIST("hv_channels", core_hv_channel_names, NULL, HV_CHANNEL__COUNT),
	LIST("hv_offer_statuses", core_hv_offer_status_names, NULL, HV_OFFER_STATUS__COUNT),
	LIST("hv_answers", core_hv_answer_names, NULL, HV_ANSWER__COUNT),
	LIST("hv_decline_reasons", core_hv_decline_names, core_hv_decline_labels_da,
	     HV_DECLINE__COUNT),
	LIST("hv_topics", core_hv_topic_names, core_hv_topic_labels_da, HV_TOPIC__COUNT),
	LIST("material_kinds", core_material_kind_names, NULL, MATERIAL_KIND__COUNT),
	LIST("toybox_states", core_toybox_state_names, NULL, TOYBOX_STATE__COUNT),
	LIST("toybox_write_off_reasons", core_toybox_write_off_names, NULL, WRITE_OFF__COUNT),
	LIST("cosp_stages", core_cosp_stage_names, NULL, COSP_STAGE__COUNT),
	LIST("cosp_channels", core_cosp_channel_names, NULL, COSP_CHANNEL__COUNT),
	LIST("competences", core_competence_names, NULL, COMPETENCE__COUNT),
	LIST("handover_participants", core_handover_participant_names, NULL,
	     HANDOVER_PARTICIPANT__COUNT),
	LIST("handover_topics", core_handover_topic_names, NULL, HANDOVER_TOPIC__COUNT),
	LIST("consult_proposers", core_consult_proposer_names, NULL, CONSULT_PROPOSER__COUNT),
	LIST("family_group_participants", core_fgroup_participant_names, NULL,
	     FGROUP_PARTICIPANT__COUNT),
	LIST("sparring_forms", core_sparring_form_names, NULL, SPARRING_FORM__COUNT),
};

enum rede_err h_vocabulary_get(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	json_t *out = json_object();

	(void)req;
	(void)c;
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		json_t *items = json_array();

		for (int k = 0; k < lists[i].n; k++) {
			const char *label = lists[i].labels_da ? lists[i].labels_da[k] : NULL;

			json_array_append_new(
				items, json_pack("{s:s, s:o}", "code", lists[i].codes[k], "label",
						 label ? json_string(label) : json_null()));
		}
		json_object_set_new(out, lists[i].name, items);
	}
	http_json(resp, 200, json_pack("{s:o}", "lists", out));
	return REDE_OK;
}
