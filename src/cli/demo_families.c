/*
 * demo_families.c - synthetic families, consents, referrals and visitation
 * decisions for the demo (see demo_families.h).
 *
 * INTERIM: written with plain SQL against the 0002 schema until the
 * families/referrals store (store/families.h, store/referrals.h) lands;
 * then these bodies become calls to it. CPR numbers are stored exactly as
 * DESIGN §5 asks: encrypted under the key file plus the keyed lookup hash.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/demo_families.h"
#include "rede/core.h"
#include "rede/crypto.h"
#include "rede/util.h"

static void lower(const char *in, char *out, size_t n)
{
	size_t i = 0;

	for (; in[i] && i + 1 < n; i++)
		out[i] = (char)tolower((unsigned char)in[i]);
	out[i] = 0;
}

static enum rede_err add_person(struct store_conn *c, const struct demo_course_opts *o,
				int64_t family_id, const char *kind, const char *given,
				const char *surname, const char *cpr, int32_t expected,
				const char *relation, int64_t *id)
{
	struct store_stmt *st = store_prepare(
		c, "INSERT INTO person (municipality_id, family_id, kind, given_name, family_name, "
		   "search_key, cpr_box, cpr_hash, birth_date, expected_birth_date, phone, relation, "
		   "lives_with_child, language, interpreter_needed, created_at) "
		   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?) RETURNING id");
	char key[160], both[160], hash[CRYPTO_HASH_HEX], birth[11], exp[11], phone[16];
	char *box = NULL;
	int y, m, d;
	enum rede_err err;

	snprintf(both, sizeof(both), "%s %s", given, surname);
	lower(both, key, sizeof(key));
	store_bind_int(st, 1, o->municipality_id);
	store_bind_int(st, 2, family_id);
	store_bind_text(st, 3, kind);
	store_bind_text(st, 4, given);
	store_bind_text(st, 5, surname);
	store_bind_text(st, 6, key);
	if (cpr) {
		char norm[11];

		core_cpr_parse(cpr, norm, &y, &m, &d);
		box = crypto_cpr_encrypt(o->keys, norm);
		crypto_cpr_lookup_hash(o->keys, norm, hash);
		snprintf(birth, sizeof(birth), "%04d-%02d-%02d", y, m, d);
		store_bind_text(st, 7, box);
		store_bind_text(st, 8, hash);
		store_bind_text(st, 9, birth);
		store_bind_null(st, 10);
	} else {
		rede_date_format(expected, exp);
		store_bind_null(st, 7);
		store_bind_null(st, 8);
		store_bind_null(st, 9);
		store_bind_text(st, 10, exp);
	}
	/* 2-digit prefix 00 is not a Danish subscriber range: plainly fake. */
	snprintf(phone, sizeof(phone), "00%06lld", (long long)(family_id * 7 % 1000000));
	store_bind_text(st, 11, strcmp(kind, "guardian") ? NULL : phone);
	store_bind_text(st, 12, relation);
	if (relation)
		store_bind_int(st, 13, 1);
	else
		store_bind_null(st, 13);
	store_bind_text(st, 14, strcmp(kind, "guardian") ? NULL : "da");
	store_bind_int(st, 15, rede_now());
	err = store_run_int(st, id);
	free(box);
	return err;
}

static enum rede_err add_consent(struct store_conn *c, const struct demo_course_opts *o,
				 int64_t family_id, const char *purpose, int64_t guardian_id,
				 int32_t on, int64_t *id)
{
	struct store_stmt *st = store_prepare(
		c, "INSERT INTO consent (municipality_id, family_id, purpose, guardian_id, given_on, "
		   "recorded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
	char day[11];

	rede_date_format(on, day);
	store_bind_int(st, 1, o->municipality_id);
	store_bind_int(st, 2, family_id);
	store_bind_text(st, 3, purpose);
	store_bind_int(st, 4, guardian_id);
	store_bind_text(st, 5, day);
	store_bind_int(st, 6, o->coordinator_id);
	store_bind_int(st, 7, rede_now());
	return store_run_int(st, id);
}

static enum rede_err add_referral(struct store_conn *c, const struct demo_course_opts *o,
				  const struct demo_family_spec *s, struct demo_family *f)
{
	static const char *const risks[] = {"P_LACKING_KNOWLEDGE", "C_CIRCADIAN",
					    "P_SINGLE_WEAK_NETWORK", "C_RESTLESS"};
	struct store_stmt *st = store_prepare(
		c, "INSERT INTO referral (municipality_id, family_id, child_id, programme, source, "
		   "channel, reason, topi, section52, referred_on, referred_by, status, created_at) "
		   "VALUES (?, ?, ?, 'home_pedagogue', 'health_visiting', 'health_visitor', ?, "
		   "'yellow', 0, ?, ?, ?, ?) RETURNING id");
	char day[11];
	enum rede_err err;

	rede_date_format(s->referred_on, day);
	store_bind_int(st, 1, o->municipality_id);
	store_bind_int(st, 2, f->family_id);
	store_bind_int(st, 3, f->child_id);
	store_bind_text(st, 4, "SYNTETISK demohenvisning: usikkerhed om døgnrytme og leg");
	store_bind_text(st, 5, day);
	store_bind_int(st, 6, o->referrer_id);
	store_bind_text(st, 7, s->decision ? s->decision : "pending");
	store_bind_int(st, 8, rede_now());
	err = store_run_int(st, &f->referral_id);
	for (int i = 0; !err && i < 2; i++) {
		st = store_prepare(c, "INSERT INTO referral_risk (referral_id, code) VALUES (?, ?)");
		store_bind_int(st, 1, f->referral_id);
		store_bind_text(st, 2, risks[(f->family_id + i) % 4]);
		err = store_run(st);
	}
	if (err || !s->decision)
		return err;
	st = store_prepare(
		c, "INSERT INTO visitation_decision (municipality_id, referral_id, outcome, reason, "
		   "assessment, decided_on, decided_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	rede_date_format(s->referred_on + 7, day);
	store_bind_int(st, 1, o->municipality_id);
	store_bind_int(st, 2, f->referral_id);
	store_bind_text(st, 3, s->decision);
	store_bind_text(st, 4,
			!strcmp(s->decision, "rejected")
				? "Problemstillingen er for kompleks til et hjemmepædagogisk forløb"
			: !strcmp(s->decision, "waitlist") ? "Ingen ledig hjemmepædagog lige nu"
							   : NULL);
	store_bind_text(st, 5, "{\"synthetic\":true}");
	store_bind_text(st, 6, day);
	store_bind_int(st, 7, o->coordinator_id);
	store_bind_int(st, 8, rede_now());
	return store_run(st);
}

enum rede_err demo_family_create(struct store_conn *c, const struct demo_course_opts *o,
				 const struct demo_family_spec *s, struct demo_family *f)
{
	struct store_stmt *st = store_prepare(
		c, "INSERT INTO family (municipality_id, name, search_key, created_at, created_by) "
		   "VALUES (?, ?, ?, ?, ?) RETURNING id");
	char key[80];
	int64_t father = 0, id;
	enum rede_err err;

	memset(f, 0, sizeof(*f));
	lower(s->family_name, key, sizeof(key));
	store_bind_int(st, 1, o->municipality_id);
	store_bind_text(st, 2, s->family_name);
	store_bind_text(st, 3, key);
	store_bind_int(st, 4, rede_now());
	store_bind_int(st, 5, o->coordinator_id);
	err = store_run_int(st, &f->family_id);
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
		err = add_consent(c, o, f->family_id, "participation", f->mother_id,
				  s->referred_on, &id);
	if (!err && s->share_daycare)
		err = add_consent(c, o, f->family_id, "share_daycare", f->mother_id,
				  s->referred_on, &f->share_consent_id);
	f->share_daycare = s->share_daycare;
	if (!err)
		err = add_referral(c, o, s, f);
	return err;
}

enum rede_err demo_family_withdraw_share(struct store_conn *c, const struct demo_family *f,
					 int32_t from)
{
	struct store_stmt *st = store_prepare(
		c, "UPDATE consent SET withdrawn_on = ?, version = version + 1 WHERE id = ?");
	char day[11];

	if (!f->share_consent_id)
		return REDE_OK;
	rede_date_format(from, day);
	store_bind_text(st, 1, day);
	store_bind_int(st, 2, f->share_consent_id);
	return store_run(st);
}
