/*
 * sso.c - federated sign-in in the store (see sso.h and migration 0013).
 *
 * Portable SQL only. The one-time-use cache and the consumption of a
 * sign-in under way rely on the primary key and on DELETE's row count, so
 * a replay is refused whichever thread or process - on SQLite or on
 * PostgreSQL - sees the second copy.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"
#include "store/settings.h"
#include "store/sso.h"

/* An owned text column of the configurations and sessions: "" for NULL
 * (the columns are NOT NULL; the readers never see a NULL string). */
#define SSO_STR(col, type, field) STORE_COL("COALESCE(" col ", '')", STORE_COL_STR, type, field)

static const struct store_col saml_cols[] = {
	SSO_STR("idp_entity_id", struct sso_saml_config, idp_entity_id),
	SSO_STR("idp_metadata", struct sso_saml_config, idp_metadata),
	SSO_STR("sp_entity_id", struct sso_saml_config, sp_entity_id),
	SSO_STR("sp_cert", struct sso_saml_config, sp_cert),
	SSO_STR("sp_key_sealed", struct sso_saml_config, sp_key_sealed),
	SSO_STR("base_url", struct sso_saml_config, base_url),
	SSO_STR("cvr", struct sso_saml_config, cvr),
	STORE_COL("enabled", STORE_COL_BOOL, struct sso_saml_config, enabled),
	STORE_COL("updated_at", STORE_COL_INT, struct sso_saml_config, updated_at),
};

static const struct store_col oidc_cols[] = {
	SSO_STR("issuer", struct sso_oidc_config, issuer),
	SSO_STR("client_id", struct sso_oidc_config, client_id),
	SSO_STR("client_secret_sealed", struct sso_oidc_config, client_secret_sealed),
	SSO_STR("base_url", struct sso_oidc_config, base_url),
	SSO_STR("alg", struct sso_oidc_config, alg),
	SSO_STR("scopes", struct sso_oidc_config, scopes),
	SSO_STR("role_claim", struct sso_oidc_config, role_claim),
	STORE_COL("enabled", STORE_COL_BOOL, struct sso_oidc_config, enabled),
	STORE_COL("updated_at", STORE_COL_INT, struct sso_oidc_config, updated_at),
};

static const struct store_col municipality_cols[] = {
	STORE_COL("m.code", STORE_COL_CSTR, struct sso_municipality_row, code),
	STORE_COL("m.name", STORE_COL_CSTR, struct sso_municipality_row, name),
	STORE_COL("COALESCE(s.enabled, 0)", STORE_COL_BOOL, struct sso_municipality_row, saml),
	STORE_COL("COALESCE(o.enabled, 0)", STORE_COL_BOOL, struct sso_municipality_row, oidc),
};

static const struct store_col map_cols[] = {
	STORE_COL("source", STORE_COL_CSTR, struct sso_map_row, source),
	STORE_COL("role", STORE_COL_CSTR, struct sso_map_row, role),
	STORE_COL("unit_id", STORE_COL_INT, struct sso_map_row, unit_id),
};

static const struct store_col session_cols[] = {
	STORE_COL("municipality_id", STORE_COL_INT, struct sso_session_row, municipality_id),
	STORE_COL("kind", STORE_COL_TEXT, struct sso_session_row, kind),
	SSO_STR("subject", struct sso_session_row, subject),
	SSO_STR("name_id_format", struct sso_session_row, name_id_format),
	SSO_STR("name_qualifier", struct sso_session_row, name_qualifier),
	SSO_STR("sp_name_qualifier", struct sso_session_row, sp_name_qualifier),
	SSO_STR("session_index", struct sso_session_row, session_index),
	SSO_STR("idp_logout", struct sso_session_row, idp_logout),
};

/* ---- SAML configuration ---- */

void sso_saml_config_release(struct sso_saml_config *s)
{
	free(s->idp_entity_id);
	free(s->idp_metadata);
	free(s->sp_entity_id);
	free(s->sp_cert);
	free(s->sp_key_sealed);
	free(s->base_url);
	free(s->cvr);
	memset(s, 0, sizeof(*s));
}

enum rede_err store_sso_saml_get(struct store_conn *c, int64_t municipality_id,
				 struct sso_saml_config *out)
{
	struct store_stmt *st = store_prepare_select(c, saml_cols, STORE_NCOLS(saml_cols),
						     "FROM sso_saml WHERE municipality_id = ?");
	enum rede_err err;

	memset(out, 0, sizeof(*out));
	store_bind_all(st, STORE_INT(municipality_id));
	err = store_step_one(st);
	if (!err) {
		out->municipality_id = municipality_id;
		store_read_row(st, saml_cols, STORE_NCOLS(saml_cols), out);
	}
	store_finish(st);
	return err;
}

enum rede_err store_sso_saml_put(struct store_conn *c, const struct sso_saml_config *s)
{
	struct store_stmt *st = store_prepare(
		c, "INSERT INTO sso_saml (municipality_id, idp_entity_id, idp_metadata, "
		   "sp_entity_id, sp_cert, sp_key_sealed, base_url, cvr, enabled, updated_at) "
		   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (municipality_id) DO UPDATE "
		   "SET idp_entity_id = excluded.idp_entity_id, idp_metadata = "
		   "excluded.idp_metadata, sp_entity_id = excluded.sp_entity_id, sp_cert = "
		   "excluded.sp_cert, sp_key_sealed = excluded.sp_key_sealed, base_url = "
		   "excluded.base_url, cvr = excluded.cvr, enabled = excluded.enabled, "
		   "updated_at = excluded.updated_at");

	store_bind_all(st, STORE_INT(s->municipality_id), STORE_TEXT(s->idp_entity_id),
		       STORE_TEXT(s->idp_metadata), STORE_TEXT(s->sp_entity_id),
		       STORE_TEXT(s->sp_cert), STORE_TEXT(s->sp_key_sealed),
		       STORE_TEXT(s->base_url), STORE_TEXT(s->cvr ? s->cvr : ""),
		       STORE_INT(s->enabled), STORE_INT(s->updated_at));
	return store_run(st);
}

/* ---- OIDC configuration ---- */

void sso_oidc_config_release(struct sso_oidc_config *s)
{
	free(s->issuer);
	free(s->client_id);
	free(s->client_secret_sealed);
	free(s->base_url);
	free(s->alg);
	free(s->scopes);
	free(s->role_claim);
	memset(s, 0, sizeof(*s));
}

enum rede_err store_sso_oidc_get(struct store_conn *c, int64_t municipality_id,
				 struct sso_oidc_config *out)
{
	struct store_stmt *st = store_prepare_select(c, oidc_cols, STORE_NCOLS(oidc_cols),
						     "FROM sso_oidc WHERE municipality_id = ?");
	enum rede_err err;

	memset(out, 0, sizeof(*out));
	store_bind_all(st, STORE_INT(municipality_id));
	err = store_step_one(st);
	if (!err) {
		out->municipality_id = municipality_id;
		store_read_row(st, oidc_cols, STORE_NCOLS(oidc_cols), out);
	}
	store_finish(st);
	return err;
}

enum rede_err store_sso_oidc_put(struct store_conn *c, const struct sso_oidc_config *s)
{
	struct store_stmt *st = store_prepare(
		c,
		"INSERT INTO sso_oidc (municipality_id, issuer, client_id, client_secret_sealed, "
		"base_url, alg, scopes, role_claim, enabled, updated_at) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (municipality_id) DO UPDATE "
		"SET issuer = excluded.issuer, client_id = excluded.client_id, "
		"client_secret_sealed = excluded.client_secret_sealed, base_url = "
		"excluded.base_url, alg = excluded.alg, scopes = excluded.scopes, role_claim = "
		"excluded.role_claim, enabled = excluded.enabled, updated_at = "
		"excluded.updated_at");

	store_bind_all(st, STORE_INT(s->municipality_id), STORE_TEXT(s->issuer),
		       STORE_TEXT(s->client_id), STORE_TEXT(s->client_secret_sealed),
		       STORE_TEXT(s->base_url), STORE_TEXT(s->alg), STORE_TEXT(s->scopes),
		       STORE_TEXT(s->role_claim), STORE_INT(s->enabled), STORE_INT(s->updated_at));
	return store_run(st);
}

enum rede_err store_sso_set_enabled(struct store_conn *c, int64_t municipality_id, const char *kind,
				    bool enabled)
{
	struct store_stmt *st;
	enum rede_err err;

	if (!strcmp(kind, "saml"))
		st = store_prepare(c, "UPDATE sso_saml SET enabled = ? WHERE municipality_id = ?");
	else if (!strcmp(kind, "oidc"))
		st = store_prepare(c, "UPDATE sso_oidc SET enabled = ? WHERE municipality_id = ?");
	else
		return REDE_E_INVALID;
	store_bind_all(st, STORE_INT(enabled), STORE_INT(municipality_id));
	err = store_run(st);
	if (!err && store_changes(c) == 0)
		err = REDE_E_NOTFOUND;
	return err;
}

enum rede_err store_sso_municipality_each(
	struct store_conn *c, int (*fn)(const struct sso_municipality_row *r, void *arg), void *arg)
{
	struct store_stmt *st = store_prepare_select(
		c, municipality_cols, STORE_NCOLS(municipality_cols),
		"FROM municipality m LEFT JOIN sso_saml s ON s.municipality_id = m.id "
		"LEFT JOIN sso_oidc o ON o.municipality_id = m.id "
		"WHERE COALESCE(s.enabled, 0) <> 0 OR COALESCE(o.enabled, 0) <> 0 "
		"ORDER BY m.name, m.code");
	enum rede_err err;

	while ((err = store_step(st)) == REDE_ROW) {
		struct sso_municipality_row r;

		store_read_row(st, municipality_cols, STORE_NCOLS(municipality_cols), &r);
		if (fn(&r, arg))
			break;
	}
	store_finish(st);
	return err == REDE_ROW || err == REDE_DONE ? REDE_OK : err;
}

/* ---- role mapping ---- */

enum rede_err store_sso_map_add(struct store_conn *c, int64_t municipality_id, const char *source,
				const char *role, int64_t unit_id)
{
	struct store_stmt *st = store_prepare(
		c, "INSERT INTO sso_role_map (municipality_id, source, role, unit_id) "
		   "VALUES (?, ?, ?, ?) ON CONFLICT (municipality_id, source, role, unit_id) "
		   "DO NOTHING");
	store_bind_all(st, STORE_INT(municipality_id), STORE_TEXT(source), STORE_TEXT(role),
		       STORE_INT(unit_id));
	return store_run(st);
}

enum rede_err store_sso_map_remove(struct store_conn *c, int64_t municipality_id,
				   const char *source, const char *role, int64_t *n)
{
	struct store_stmt *st;
	enum rede_err err;

	if (role) {
		st = store_prepare(c, "DELETE FROM sso_role_map WHERE municipality_id = ? AND "
				      "source = ? AND role = ?");
		store_bind_all(st, STORE_INT(municipality_id), STORE_TEXT(source),
			       STORE_TEXT(role));
	} else {
		st = store_prepare(
			c, "DELETE FROM sso_role_map WHERE municipality_id = ? AND source = ?");
		store_bind_all(st, STORE_INT(municipality_id), STORE_TEXT(source));
	}
	err = store_run(st);
	if (!err && n)
		*n = store_changes(c);
	return err;
}

static enum rede_err map_rows(struct store_stmt *st,
			      int (*fn)(const struct sso_map_row *r, void *arg), void *arg)
{
	enum rede_err err;

	while ((err = store_step(st)) == REDE_ROW) {
		struct sso_map_row r;

		store_read_row(st, map_cols, STORE_NCOLS(map_cols), &r);
		if (fn(&r, arg))
			break;
	}
	store_finish(st);
	return err == REDE_ROW || err == REDE_DONE ? REDE_OK : err;
}

enum rede_err store_sso_map_each(struct store_conn *c, int64_t municipality_id,
				 int (*fn)(const struct sso_map_row *r, void *arg), void *arg)
{
	struct store_stmt *st = store_prepare_select(c, map_cols, STORE_NCOLS(map_cols),
						     "FROM sso_role_map WHERE municipality_id = ? "
						     "ORDER BY source, role, unit_id");
	store_bind_all(st, STORE_INT(municipality_id));
	return map_rows(st, fn, arg);
}

enum rede_err store_sso_map_of(struct store_conn *c, int64_t municipality_id, const char *value,
			       int (*fn)(const struct sso_map_row *r, void *arg), void *arg)
{
	struct store_stmt *st =
		store_prepare_select(c, map_cols, STORE_NCOLS(map_cols),
				     "FROM sso_role_map WHERE municipality_id = ? AND "
				     "source = ? ORDER BY role, unit_id");
	store_bind_all(st, STORE_INT(municipality_id), STORE_TEXT(value));
	return map_rows(st, fn, arg);
}

/* ---- identities ---- */

enum rede_err store_sso_identity_user(struct store_conn *c, int64_t municipality_id,
				      const char *kind, const char *subject, int64_t *user_id)
{
	struct store_stmt *st = store_prepare(
		c, "SELECT user_id FROM sso_identity WHERE municipality_id = ? AND kind = ? AND "
		   "subject = ?");
	store_bind_all(st, STORE_INT(municipality_id), STORE_TEXT(kind), STORE_TEXT(subject));
	return store_run_int(st, user_id);
}

enum rede_err store_sso_identity_add(struct store_conn *c, int64_t municipality_id,
				     const char *kind, const char *subject, int64_t user_id,
				     int64_t now)
{
	struct store_stmt *st = store_prepare(
		c, "INSERT INTO sso_identity (municipality_id, kind, subject, user_id, created_at, "
		   "last_login_at) VALUES (?, ?, ?, ?, ?, ?)");
	store_bind_all(st, STORE_INT(municipality_id), STORE_TEXT(kind), STORE_TEXT(subject),
		       STORE_INT(user_id), STORE_INT(now), STORE_INT(now));
	return store_run(st);
}

enum rede_err store_sso_identity_touch(struct store_conn *c, int64_t municipality_id,
				       const char *kind, const char *subject, int64_t now)
{
	struct store_stmt *st = store_prepare(
		c, "UPDATE sso_identity SET last_login_at = ? WHERE municipality_id = ? AND "
		   "kind = ? AND subject = ?");
	store_bind_all(st, STORE_INT(now), STORE_INT(municipality_id), STORE_TEXT(kind),
		       STORE_TEXT(subject));
	return store_run(st);
}

enum rede_err store_sso_identity_move(struct store_conn *c, int64_t municipality_id,
				      int64_t from_id, int64_t to_id, int64_t *moved)
{
	struct store_stmt *st = store_prepare(
		c, "UPDATE sso_identity SET user_id = ? WHERE municipality_id = ? AND user_id = ?");
	enum rede_err err;

	store_bind_all(st, STORE_INT(to_id), STORE_INT(municipality_id), STORE_INT(from_id));
	err = store_run(st);
	*moved = err ? 0 : store_changes(c);
	return err;
}

/* ---- sign-ins under way ---- */

enum rede_err store_sso_pending_add(struct store_conn *c, const struct sso_pending *p)
{
	struct store_stmt *st = store_prepare(
		c, "INSERT INTO sso_pending (key, municipality_id, kind, browser_hash, nonce, "
		   "verifier, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
	store_bind_all(st, STORE_TEXT(p->key), STORE_INT(p->municipality_id), STORE_TEXT(p->kind),
		       STORE_TEXT(p->browser_hash), STORE_TEXT(p->nonce), STORE_TEXT(p->verifier),
		       STORE_INT(p->created_at));
	return store_run(st);
}

#define PENDING_COL(expr, kind, field) STORE_COL(expr, kind, struct sso_pending, field)
static const struct store_col pending_cols[] = {
	PENDING_COL("municipality_id", STORE_COL_INT, municipality_id),
	PENDING_COL("kind", STORE_COL_TEXT, kind),
	PENDING_COL("browser_hash", STORE_COL_TEXT, browser_hash),
	PENDING_COL("nonce", STORE_COL_TEXT, nonce),
	PENDING_COL("verifier", STORE_COL_TEXT, verifier),
	PENDING_COL("created_at", STORE_COL_INT, created_at),
};

enum rede_err store_sso_pending_get(struct store_conn *c, const char *key, struct sso_pending *out)
{
	size_t n = sizeof(pending_cols) / sizeof(pending_cols[0]);
	struct store_stmt *st =
		store_prepare_select(c, pending_cols, n, "FROM sso_pending WHERE key = ?");
	enum rede_err err;

	memset(out, 0, sizeof(*out));
	store_bind_all(st, STORE_TEXT(key));
	err = store_step_one(st);
	if (!err) {
		snprintf(out->key, sizeof(out->key), "%s", key);
		store_read_row(st, pending_cols, n, out);
	}
	store_finish(st);
	return err;
}

enum rede_err store_sso_pending_take(struct store_conn *c, const char *key, bool *taken)
{
	struct store_stmt *st = store_prepare(c, "DELETE FROM sso_pending WHERE key = ?");
	enum rede_err err;

	store_bind_all(st, STORE_TEXT(key));
	err = store_run(st);
	*taken = !err && store_changes(c) == 1;
	return err;
}

enum rede_err store_sso_pending_prune(struct store_conn *c, int64_t before)
{
	struct store_stmt *st = store_prepare(c, "DELETE FROM sso_pending WHERE created_at < ?");
	store_bind_all(st, STORE_INT(before));
	return store_run(st);
}

/* ---- one-time use ---- */

enum rede_err store_sso_replay_claim(struct store_conn *c, const char *kind, const char *id,
				     int64_t expires_at, int64_t now, bool *fresh)
{
	struct store_stmt *st = store_prepare(c, "DELETE FROM sso_replay WHERE expires_at < ?");
	enum rede_err err;

	*fresh = false;
	store_bind_all(st, STORE_INT(now));
	err = store_run(st);
	if (err)
		return err;
	st = store_prepare(c, "INSERT INTO sso_replay (kind, id, expires_at) VALUES (?, ?, ?) "
			      "ON CONFLICT (kind, id) DO NOTHING");
	store_bind_all(st, STORE_TEXT(kind), STORE_TEXT(id), STORE_INT(expires_at));
	err = store_run(st);
	*fresh = !err && store_changes(c) == 1;
	return err;
}

/* ---- sessions opened through an IdP ---- */

void sso_session_row_release(struct sso_session_row *r)
{
	free(r->subject);
	free(r->name_id_format);
	free(r->name_qualifier);
	free(r->sp_name_qualifier);
	free(r->session_index);
	free(r->idp_logout);
	memset(r, 0, sizeof(*r));
}

enum rede_err store_sso_session_add(struct store_conn *c, const struct sso_session_row *r)
{
	struct store_stmt *st = store_prepare(
		c, "INSERT INTO sso_session (session_id, municipality_id, kind, subject, "
		   "name_id_format, name_qualifier, sp_name_qualifier, session_index, idp_logout) "
		   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
	store_bind_all(st, STORE_INT(r->session_id), STORE_INT(r->municipality_id),
		       STORE_TEXT(r->kind), STORE_TEXT(r->subject),
		       STORE_TEXT(r->name_id_format ? r->name_id_format : ""),
		       STORE_TEXT(r->name_qualifier ? r->name_qualifier : ""),
		       STORE_TEXT(r->sp_name_qualifier ? r->sp_name_qualifier : ""),
		       STORE_TEXT(r->session_index ? r->session_index : ""),
		       STORE_TEXT(r->idp_logout ? r->idp_logout : ""));
	return store_run(st);
}

enum rede_err store_sso_session_get(struct store_conn *c, int64_t session_id,
				    struct sso_session_row *out)
{
	struct store_stmt *st = store_prepare_select(c, session_cols, STORE_NCOLS(session_cols),
						     "FROM sso_session WHERE session_id = ?");
	enum rede_err err;

	memset(out, 0, sizeof(*out));
	store_bind_all(st, STORE_INT(session_id));
	err = store_step_one(st);
	if (!err) {
		out->session_id = session_id;
		store_read_row(st, session_cols, STORE_NCOLS(session_cols), out);
	}
	store_finish(st);
	return err;
}

enum rede_err store_sso_session_end_subject(struct store_conn *c, int64_t municipality_id,
					    const char *kind, const char *subject,
					    const char *session_index, int64_t now, int64_t *n)
{
	bool by_index = session_index && *session_index;
	struct store_stmt *st;
	enum rede_err err;

	if (by_index)
		st = store_prepare(
			c, "UPDATE session SET ended_at = ? WHERE ended_at IS NULL AND id IN "
			   "(SELECT session_id FROM sso_session WHERE municipality_id = ? AND "
			   "kind = ? AND subject = ? AND session_index = ?)");
	else
		st = store_prepare(
			c, "UPDATE session SET ended_at = ? WHERE ended_at IS NULL AND id IN "
			   "(SELECT session_id FROM sso_session WHERE municipality_id = ? AND "
			   "kind = ? AND subject = ?)");
	/* session_index is the fifth parameter only in the by_index statement */
	const struct store_arg args[] = {STORE_INT(now), STORE_INT(municipality_id),
					 STORE_TEXT(kind), STORE_TEXT(subject),
					 STORE_TEXT(session_index)};
	store_bind_list(st, 1, args, by_index ? 5 : 4);
	err = store_run(st);
	if (!err && n)
		*n = store_changes(c);
	return err;
}

/* ---- local passwords ---- */

enum rede_err store_sso_break_glass_set(struct store_conn *c, int64_t municipality_id,
					int64_t user_id, bool on)
{
	struct store_stmt *st;

	if (on)
		st = store_prepare(c, "INSERT INTO sso_break_glass (municipality_id, user_id) "
				      "VALUES (?, ?) ON CONFLICT (municipality_id, user_id) "
				      "DO NOTHING");
	else
		st = store_prepare(c, "DELETE FROM sso_break_glass WHERE municipality_id = ? "
				      "AND user_id = ?");
	store_bind_all(st, STORE_INT(municipality_id), STORE_INT(user_id));
	return store_run(st);
}

enum rede_err store_sso_break_glass_clear(struct store_conn *c, int64_t municipality_id)
{
	struct store_stmt *st =
		store_prepare(c, "DELETE FROM sso_break_glass WHERE municipality_id = ?");
	store_bind_all(st, STORE_INT(municipality_id));
	return store_run(st);
}

enum rede_err store_sso_break_glass_each(struct store_conn *c, int64_t municipality_id,
					 int (*fn)(const char *username, void *arg), void *arg)
{
	struct store_stmt *st = store_prepare(
		c, "SELECT u.username FROM sso_break_glass b JOIN app_user u ON u.id = b.user_id "
		   "WHERE b.municipality_id = ? ORDER BY u.username");
	enum rede_err err;

	store_bind_all(st, STORE_INT(municipality_id));
	while ((err = store_step(st)) == REDE_ROW)
		if (fn(store_col_text(st, 0), arg))
			break;
	store_finish(st);
	return err == REDE_ROW || err == REDE_DONE ? REDE_OK : err;
}

enum rede_err store_sso_local_login_allowed(struct store_conn *c, int64_t municipality_id,
					    int64_t user_id, bool *allowed)
{
	struct store_stmt *st;
	int64_t on = 1, n = 0;
	enum rede_err err = store_setting_int(c, municipality_id, "sso.local_login", &on);

	*allowed = true;
	if (err == REDE_E_NOTFOUND)
		return REDE_OK;
	if (err || on)
		return err;
	st = store_prepare(c, "SELECT count(*) FROM sso_break_glass WHERE municipality_id = ? "
			      "AND user_id = ?");
	store_bind_all(st, STORE_INT(municipality_id), STORE_INT(user_id));
	err = store_run_int(st, &n);
	*allowed = n > 0;
	return err;
}
