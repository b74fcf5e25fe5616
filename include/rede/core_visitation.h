/*
 * core_visitation.h - referrals and the uniform visitation procedure of the
 * home-pedagogue course (DOMAIN §1.1, §1.4; seeds 000, 002). Pure C.
 *
 * The core computes an assessment with its reasons - the same questions
 * for every family in a municipality - and checks a coordinator's decision.
 * It never decides alone: the coordinator does.
 */
#ifndef REDE_CORE_VISITATION_H
#define REDE_CORE_VISITATION_H

#include <stdbool.h>
#include <stdint.h>

enum referral_source {
	SRC_HEALTH_VISITING,
	SRC_DAYCARE,
	SRC_MIDWIFE,
	SRC_GP,
	SRC_FAMILY_DEPARTMENT,
	SRC_SELF,
	SRC_OTHER,
	SRC__COUNT
};
extern const char *const referral_source_names[SRC__COUNT];

enum topi_position { TOPI_GREEN, TOPI_YELLOW, TOPI_RED, TOPI__COUNT };
extern const char *const topi_names[TOPI__COUNT];

enum visitation_outcome {
	VIS_ACCEPTED,
	VIS_REJECTED,
	VIS_REFERRED_ELSEWHERE,
	VIS_WAITLIST,
	VIS_DECLINED_BY_FAMILY,
	VIS__COUNT
};
extern const char *const visitation_outcome_names[VIS__COUNT];

#define VIS_NO_DATE INT32_MIN

struct visitation_input {
	int32_t referred_on;      /* days since epoch */
	int32_t child_birth;      /* VIS_NO_DATE when not born */
	int32_t expected_birth;   /* VIS_NO_DATE when unknown */
	int max_child_age_months; /* programme parameter, default 36 */
	int parent_risks, child_risks;
	bool section52;
	bool participation_consent;
};

/* The reasons of an assessment, in this order (their bit in a decision's
 * reasons_ok / reasons_failed masks is 1 << index; append, never reorder). */
enum visitation_reason_code {
	REASON_CHILD_AGE,
	REASON_RISK_FACTORS,
	REASON_SECTION52,
	REASON_CONSENT,
	REASON__COUNT
};
extern const char *const visitation_reason_codes[REASON__COUNT];

struct visitation_reason {
	const char *code; /* stable: child_age, risk_factors, section52, consent */
	bool ok;
	char text[200]; /* Danish */
};

struct visitation_assessment {
	struct visitation_reason reasons[REASON__COUNT];
	int n;
	bool in_target_group; /* every reason ok */
};

void core_visitation_assess(const struct visitation_input *in, struct visitation_assessment *out);

struct core_field_error {
	const char *field;
	const char *message; /* Danish, static */
};

/* Check a decision; returns the number of errors written (at most 4). */
int core_visitation_decision_check(enum visitation_outcome outcome, bool section52,
				   const char *reason, const char *other_intervention,
				   const char *section52_justification,
				   struct core_field_error errs[4]);

#endif
