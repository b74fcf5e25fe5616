/*
 * visitation.c - the uniform visitation assessment and decision rules (see
 * core_visitation.h).
 */
#include <stdio.h>
#include <string.h>

#include "rede/core_visitation.h"
#include "rede/util.h"

const char *const referral_source_names[SRC__COUNT] = {
	"health_visiting", "daycare", "midwife", "gp", "family_department", "self", "other"};
const char *const topi_names[TOPI__COUNT] = {"green", "yellow", "red"};
const char *const visitation_outcome_names[VIS__COUNT] = {
	"accepted", "rejected", "referred_elsewhere", "waitlist", "declined_by_family"};

/* Whole months from birth to day (a month counts once its day is reached). */
static int months_between(int32_t birth, int32_t day)
{
	char a[11], b[11];
	int y1, m1, d1, y2, m2, d2, months;

	rede_date_format(birth, a);
	rede_date_format(day, b);
	sscanf(a, "%d-%d-%d", &y1, &m1, &d1);
	sscanf(b, "%d-%d-%d", &y2, &m2, &d2);
	months = (y2 - y1) * 12 + (m2 - m1);
	if (d2 < d1)
		months--;
	return months;
}

const char *const visitation_reason_codes[REASON__COUNT] = {"child_age", "risk_factors",
							    "section52", "consent"};

static struct visitation_reason *add(struct visitation_assessment *out,
				     enum visitation_reason_code code, bool ok)
{
	struct visitation_reason *r = &out->reasons[out->n++];

	r->code = visitation_reason_codes[code];
	r->ok = ok;
	return r;
}

void core_visitation_assess(const struct visitation_input *in, struct visitation_assessment *out)
{
	struct visitation_reason *r;

	memset(out, 0, sizeof(*out));
	if (in->child_birth != VIS_NO_DATE) {
		int months = months_between(in->child_birth, in->referred_on);
		r = add(out, REASON_CHILD_AGE, months >= 0 && months < in->max_child_age_months);
		snprintf(
			r->text, sizeof(r->text),
			r->ok ? "Barnet er %d %s ved henvisningen (under %d måneder)"
			      : "Barnet er %d %s ved henvisningen - målgruppen er under %d måneder",
			months, months == 1 ? "måned" : "måneder", in->max_child_age_months);
	} else {
		r = add(out, REASON_CHILD_AGE, in->expected_birth != VIS_NO_DATE);
		snprintf(r->text, sizeof(r->text), "%s",
			 r->ok ? "Barnet er ventet (forløbet kan starte i graviditeten)"
			       : "Barnets fødselsdato eller forventede fødselsdato mangler");
	}
	r = add(out, REASON_RISK_FACTORS, in->parent_risks + in->child_risks > 0);
	if (r->ok)
		snprintf(r->text, sizeof(r->text),
			 "%d %s hos forældrene og %d hos barnet er registreret - visitator "
			 "vurderer deres art og kombination",
			 in->parent_risks,
			 in->parent_risks == 1 ? "risikofaktor" : "risikofaktorer",
			 in->child_risks);
	else
		snprintf(r->text, sizeof(r->text), "%s", "Ingen risikofaktorer er registreret");
	r = add(out, REASON_SECTION52, !in->section52);
	snprintf(r->text, sizeof(r->text), "%s",
		 in->section52 ? "Der er truffet afgørelse om foranstaltninger efter serviceloven "
				 "§ 52 - familien er som udgangspunkt uden for målgruppen; optag "
				 "kun med begrundelse"
			       : "Ingen foranstaltninger efter serviceloven § 52");
	r = add(out, REASON_CONSENT, in->participation_consent);
	snprintf(r->text, sizeof(r->text), "%s",
		 in->participation_consent ? "Forældrene har givet samtykke til deltagelse"
					   : "Samtykke til deltagelse mangler (forløbet er "
					     "frivilligt)");
	out->in_target_group = true;
	for (int i = 0; i < out->n; i++)
		out->in_target_group = out->in_target_group && out->reasons[i].ok;
}

static bool blank(const char *s)
{
	return !s || !*s;
}

int core_visitation_decision_check(enum visitation_outcome outcome, bool section52,
				   const char *reason, const char *other_intervention,
				   const char *section52_justification,
				   struct core_field_error errs[4])
{
	int n = 0;

	if (outcome >= VIS__COUNT) {
		errs[n++] = (struct core_field_error){"outcome", "Ukendt afgørelse"};
		return n;
	}
	if (outcome == VIS_REJECTED && blank(reason))
		errs[n++] = (struct core_field_error){"reason", "Et afslag skal begrundes"};
	if (outcome == VIS_REFERRED_ELSEWHERE && blank(other_intervention))
		errs[n++] = (struct core_field_error){
			"other_intervention", "Skriv hvilken anden indsats familien henvises til"};
	if (outcome == VIS_ACCEPTED && section52 && blank(section52_justification))
		errs[n++] = (struct core_field_error){
			"section52_justification",
			"En familie med § 52-foranstaltninger kan kun optages med en begrundelse "
			"for, at forløbet understøtter foranstaltningerne"};
	return n;
}
