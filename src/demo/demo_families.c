/*
 * demo_families.c - synthetic families, consents, referrals and visitation
 * decisions for the demo (see demo_families.h), written through the
 * families and referrals store (store/families.h, store/referrals.h) like
 * the API writes them. CPR numbers are stored exactly as DESIGN §5 asks:
 * encrypted under the key file plus the keyed lookup hash.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo/demo_families.h"
#include "rede/core.h"
#include "rede/core_family.h"
#include "rede/crypto.h"
#include "rede/util.h"
#include "store/families.h"
#include "store/referrals.h"
#include "store/settings.h"

/* 2-digit prefix 00 is no Danish subscriber range: plainly a fake number. */
#define DEMO_PHONE_FMT "00%06lld"

void demo_person_begin(struct person_row *p, int64_t family_id, const char *kind, const char *given,
		       const char *surname, int lives_with_child)
{
	memset(p, 0, sizeof(*p));
	p->family_id = family_id;
	snprintf(p->kind, sizeof(p->kind), "%s", kind);
	p->given_name = xstrdup(given);
	p->family_name = xstrdup(surname);
	p->lives_with_child = lives_with_child;
}

void demo_person_set_cpr(struct person_row *p, const struct crypto_keys *keys, const char *cpr)
{
	char norm[11], hash[CRYPTO_HASH_HEX];
	int y, m, d;

	core_cpr_parse(cpr, norm, &y, &m, &d);
	p->cpr_box = crypto_cpr_encrypt(keys, norm);
	crypto_cpr_lookup_hash(keys, norm, hash);
	p->cpr_hash = xstrdup(hash);
	snprintf(p->birth_date, sizeof(p->birth_date), "%04d-%02d-%02d", y, m, d);
}

enum rede_err demo_person_save(struct store_conn *c, int64_t municipality_id, struct person_row *p,
			       int64_t *id)
{
	char both[160], key[640];
	enum rede_err err;

	snprintf(both, sizeof(both), "%s %s", p->given_name, p->family_name);
	err = store_person_create(c, municipality_id, p, core_search_key(both, key, sizeof(key)));
	*id = p->id;
	person_row_release(p);
	return err;
}

static enum rede_err add_person(struct store_conn *c, const struct demo_course_opts *o,
				int64_t family_id, const char *kind, const char *given,
				const char *surname, const char *cpr, int32_t expected,
				const char *relation, int64_t *id)
{
	struct person_row p;
	char phone[16];

	demo_person_begin(&p, family_id, kind, given, surname, relation ? 1 : -1);
	if (cpr)
		demo_person_set_cpr(&p, o->keys, cpr);
	else
		rede_date_format(expected, p.expected_birth_date);
	if (relation) {
		snprintf(p.relation, sizeof(p.relation), "%s", relation);
		snprintf(phone, sizeof(phone), DEMO_PHONE_FMT,
			 (long long)(family_id * 7919 % 1000000));
		p.phone = xstrdup(phone);
		p.language = xstrdup("da");
	}
	return demo_person_save(c, o->municipality_id, &p, id);
}

static enum rede_err add_consent(struct store_conn *c, const struct demo_course_opts *o,
				 int64_t family_id, const char *purpose, int64_t guardian_id,
				 int32_t on, int64_t *id)
{
	struct consent_row r;
	enum rede_err err;

	memset(&r, 0, sizeof(r));
	r.family_id = family_id;
	r.guardian_id = guardian_id;
	snprintf(r.purpose, sizeof(r.purpose), "%s", purpose);
	rede_date_format(on, r.given_on);
	err = store_consent_give(c, o->municipality_id, &r, o->coordinator_id);
	*id = r.id;
	return err;
}

char *demo_assessment(struct store_conn *c, int64_t municipality_id, int32_t referred_on,
		      int32_t birth, int32_t expected, int nrisks, bool section52)
{
	struct visitation_input in = {0};
	struct visitation_assessment a;
	int64_t months = 36;
	json_t *j;
	char *text;

	if (store_setting_int(c, municipality_id, "home_pedagogue.max_child_age_months", &months))
		return NULL;
	in.referred_on = referred_on;
	in.child_birth = birth ? birth : VIS_NO_DATE;
	in.expected_birth = expected ? expected : VIS_NO_DATE;
	in.max_child_age_months = (int)months;
	in.parent_risks = nrisks;
	in.section52 = section52;
	in.participation_consent = true;
	core_visitation_assess(&in, &a);
	j = store_visitation_assessment_json(&a);
	text = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	return text;
}

static enum rede_err add_referral(struct store_conn *c, const struct demo_course_opts *o,
				  const struct demo_family_spec *s, struct demo_family *f)
{
	static const char *const risks[] = {"P_LACKING_KNOWLEDGE", "C_CIRCADIAN",
					    "P_SINGLE_WEAK_NETWORK", "C_RESTLESS"};
	struct referral_row r;
	struct person_row child = {0};
	char decided[11], *assessment = NULL;
	int32_t birth = 0;
	enum rede_err err;

	memset(&r, 0, sizeof(r));
	r.municipality_id = o->municipality_id;
	r.family_id = f->family_id;
	r.child_id = f->child_id;
	snprintf(r.programme, sizeof(r.programme), "home_pedagogue");
	snprintf(r.source, sizeof(r.source), "health_visiting");
	r.channel = xstrdup("Sundhedsplejersken");
	r.reason = xstrdup("SYNTETISK demohenvisning: usikkerhed om døgnrytme og leg");
	snprintf(r.topi, sizeof(r.topi), "yellow");
	rede_date_format(s->referred_on, r.referred_on);
	r.referred_by = o->referrer_id;
	for (int i = 0; i < 2; i++)
		snprintf(r.risks[r.nrisks++], sizeof(r.risks[0]), "%s",
			 risks[(f->family_id + i) % 4]);
	err = store_referral_create(c, &r);
	f->referral_id = r.id;
	if (!err && s->decision) {
		err = store_person_get(c, o->municipality_id, f->child_id, &child);
		if (!err && !rede_date_parse(child.birth_date, &birth))
			birth = 0;
		assessment = err ? NULL
				 : demo_assessment(c, o->municipality_id, s->referred_on, birth,
						   s->child_cpr ? 0 : s->expected_birth, r.nrisks,
						   false);
		if (!err && !assessment)
			err = REDE_E_STORE;
	}
	if (!err && s->decision) {
		rede_date_format(s->referred_on + 7, decided);
		err = store_referral_decide(
			c, &r, s->decision,
			!strcmp(s->decision, "rejected")
				? "Problemstillingen er for kompleks til et hjemmepædagogisk forløb"
			: !strcmp(s->decision, "waitlist") ? "Ingen ledig hjemmepædagog lige nu"
							   : NULL,
			NULL, NULL, assessment, decided, o->coordinator_id);
	}
	free(assessment);
	person_row_release(&child);
	referral_row_release(&r);
	return err;
}

enum rede_err demo_family_create(struct store_conn *c, const struct demo_course_opts *o,
				 const struct demo_family_spec *s, struct demo_family *f)
{
	char key[4 * sizeof(s->family_name)];
	int64_t father = 0, id;
	enum rede_err err;

	memset(f, 0, sizeof(*f));
	err = store_family_create(c, o->municipality_id, s->family_name,
				  core_search_key(s->family_name, key, sizeof(key)),
				  o->coordinator_id, &f->family_id);
	if (!err)
		err = add_person(c, o, f->family_id, "child", s->child_given, s->surname,
				 s->child_cpr, s->expected_birth, NULL, &f->child_id);
	if (!err)
		err = add_person(c, o, f->family_id, "guardian", s->mother_given, s->surname,
				 s->mother_cpr, 0, "mother", &f->mother_id);
	if (!err && s->father_given)
		err = add_person(c, o, f->family_id, "guardian", s->father_given, s->surname,
				 s->father_cpr, 0, "father", &father);
	if (!err)
		err = add_consent(c, o, f->family_id, "participation", f->mother_id, s->referred_on,
				  &id);
	if (!err && s->share_daycare)
		err = add_consent(c, o, f->family_id, "share_daycare", f->mother_id, s->referred_on,
				  &f->share_consent_id);
	f->share_daycare = s->share_daycare;
	if (!err)
		err = add_referral(c, o, s, f);
	return err;
}

enum rede_err demo_family_withdraw_share(struct store_conn *c, const struct demo_course_opts *o,
					 const struct demo_family *f, int32_t from)
{
	struct consent_row r;
	char day[11];
	enum rede_err err;

	if (!f->share_consent_id)
		return REDE_OK;
	memset(&r, 0, sizeof(r));
	err = store_consent_get(c, o->municipality_id, f->share_consent_id, &r);
	rede_date_format(from, day);
	if (!err)
		err = store_consent_withdraw(c, &r, day);
	return err;
}
