/*
 * core.h - domain types and rules of the foundation: roles, CPR numbers,
 * password policy, session lifetime, login throttling and the audit hash.
 *
 * Pure C: no I/O, no SQL, no HTTP, no JSON. Everything here is a function
 * of its arguments (time is passed in), so it is tested directly.
 * Policy numbers (timeouts, limits) come in through structs filled from
 * the setting table; the defaults live in the migration, not here.
 */
#ifndef REDE_CORE_H
#define REDE_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rede/err.h"

/* ---- roles (DESIGN §5) ---- */
enum core_role {
	ROLE_ADMIN,
	ROLE_COORDINATOR,
	ROLE_HOME_PEDAGOGUE,
	ROLE_HEALTH_VISITOR,
	ROLE_DAYCARE,
	ROLE_LEADER,
	ROLE_EVALUATOR,
	ROLE__COUNT
};
#define ROLE_BIT(r) ((int64_t)1 << (r))
#define ROLE_ALL_BITS (ROLE_BIT(ROLE__COUNT) - 1)
/* "admin", "coordinator", "home_pedagogue", ... */
extern const char *const core_role_names[ROLE__COUNT];
/* Parse one role name; returns ROLE__COUNT when unknown. */
enum core_role core_role_parse(const char *name);
/* Parse "admin,leader" into a bit set. Returns false on an unknown or empty
 * name (and *bits is unspecified). */
bool core_roles_parse_list(const char *list, int64_t *bits);
/* Write "admin,leader" for a bit set into out (size n); returns out. */
char *core_roles_format(int64_t bits, char *out, size_t n);

/* ---- unit kinds ---- */
enum core_unit_kind {
	UNIT_DAYCARE,
	UNIT_HEALTH_VISITING,
	UNIT_ADMINISTRATION,
	UNIT_FAMILY_DEPARTMENT,
	UNIT_PPR,
	UNIT_KIND__COUNT
};
extern const char *const core_unit_kind_names[UNIT_KIND__COUNT];
enum core_unit_kind core_unit_kind_parse(const char *name); /* __COUNT if unknown */

/* ---- CPR numbers (DESIGN §5) ----
 * Accepts "DDMMYYSSSS" or "DDMMYY-SSSS". Validates a real date with the
 * century from the 7th digit; does NOT demand modulus 11. On success writes
 * the ten digits (NUL-terminated) to norm and the birth date to y, m, d
 * (any of which may be NULL). */
bool core_cpr_parse(const char *in, char norm[11], int *y, int *m, int *d);
/* "DDMMYY-xxxx" from ten digits; out at least 12 bytes. */
void core_cpr_mask(const char norm[11], char out[12]);
/* Century rule: full year from the two-digit year and the 7th digit. */
int core_cpr_full_year(int yy, int digit7);
/* Does free text hold something shaped like a CPR number: ten digits, or
 * six and four with one '-' or ' ' between, not part of a longer run of
 * digits? Writes the first such number's ten digits to digits (valid date
 * or not: the caller decides with core_cpr_parse). Free text that does
 * must be handled as a CPR look-up, never stored or logged as text. */
bool core_cpr_find(const char *text, char digits[11]);

/* ---- passwords ---- */
/* A password is acceptable when it has at least min_len Unicode code points
 * (counted as UTF-8 sequences) and is valid UTF-8 without control
 * characters. */
bool core_password_acceptable(const char *pw, int min_len);

/* ---- sessions ---- */
struct core_session_policy {
	int64_t idle_seconds;     /* default 1800 */
	int64_t absolute_seconds; /* default 43200 */
};
/* Is a session created at created and last seen at last_seen still valid at
 * now? Both limits are inclusive of the boundary second being invalid:
 * valid while now - last_seen < idle and now - created < absolute. */
bool core_session_valid(const struct core_session_policy *p, int64_t created, int64_t last_seen,
			int64_t now);

/* ---- login throttling ----
 * Per account: the first free_failures failures cost nothing; after that
 * each further attempt must wait 2^(extra-1) seconds after the last
 * failure, capped at max_delay (so an attacker can delay, never lock out, a
 * user). A device that has signed in to the account before is not under
 * the account or address rules at all; its own failures count the same
 * way against that device only. Per address: address_max failures per
 * address_window seconds (counted from the first failure in the window)
 * are free; after that the address is slowed, not locked: one attempt per
 * address_slow seconds until the window ends. */
struct core_login_policy {
	int64_t account_free_failures;
	int64_t account_max_delay;
	int64_t address_max_failures;
	int64_t address_window;
	int64_t address_slow;
};
/* Seconds the account (or device) must still wait at now (0 = may try). */
int64_t core_login_account_wait(const struct core_login_policy *p, int64_t failures,
				int64_t last_failure, int64_t now);
/* Seconds the address must still wait at now (0 = may try); last_attempt
 * is the address's last counted attempt (0 = none). */
int64_t core_login_address_wait(const struct core_login_policy *p, int64_t failures,
				int64_t window_start, int64_t last_attempt, int64_t now);

/* ---- audit chain ---- */
struct core_audit_entry {
	int64_t id;
	const char *at;          /* UTC ISO-8601 with milliseconds */
	int64_t municipality_id; /* 0 = none */
	int64_t user_id;         /* 0 = none */
	const char *username;    /* may be NULL */
	const char *action;
	const char *entity;    /* may be NULL */
	const char *entity_id; /* may be NULL */
	const char *purpose;   /* may be NULL */
	const char *outcome;
	const char *detail;       /* may be NULL */
	const char *purpose_code; /* core_purpose.h code; may be NULL (older entries) */
};
#define CORE_AUDIT_HASH_HEX 65
#define CORE_AUDIT_KEY_BYTES 32
/* mac = hex(BLAKE2b-256 keyed with key (CORE_AUDIT_KEY_BYTES) over prev_hex
 * || canonical(entry)). The canonical text is unambiguous: each field
 * length-prefixed, NULL distinct from "". key NULL: the unkeyed hash of
 * chains before migration 0009 (core_audit_hash). purpose_code is appended
 * only when present, so entries written before it existed keep their MACs. */
void core_audit_mac(const unsigned char *key, const char *prev_hex,
		    const struct core_audit_entry *e, char out[CORE_AUDIT_HASH_HEX]);
/* The unkeyed form, for reading chains made before the MAC. */
void core_audit_hash(const char *prev_hex, const struct core_audit_entry *e,
		     char out[CORE_AUDIT_HASH_HEX]);
extern const char core_audit_genesis[CORE_AUDIT_HASH_HEX];

/* ---- sign-in through an identity provider (core/sso_grant.c) ----
 * What a user may do after signing in through the municipality's identity
 * provider: the union of the roles and units the municipality maps the
 * user's privileges (SAML) or claim values (OIDC) to, applied afresh at
 * every sign-in. No role, no session. */
#define CORE_SSO_MAX_UNITS 64
struct core_sso_grant {
	int64_t roles; /* bit set of enum core_role */
	int64_t units[CORE_SSO_MAX_UNITS];
	size_t nunits;
};
/* Add one mapping row: a role by name and a unit (0 = none). False for a
 * role name Rede does not know (the row is then ignored). */
bool core_sso_grant_add(struct core_sso_grant *g, const char *role, int64_t unit_id);

#endif
