/*
 * users.c - staff accounts and their unit memberships (see users.h), and
 * the step of migration 0008 that makes usernames unique per municipality.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"
#include "store/users.h"

static const struct store_col user_cols[] = {
	STORE_COL("id", STORE_COL_INT, struct user_row, id),
	STORE_COL("municipality_id", STORE_COL_INT, struct user_row, municipality_id),
	STORE_COL("username", STORE_COL_STR, struct user_row, username),
	STORE_COL("display_name", STORE_COL_STR, struct user_row, display_name),
	STORE_COL("password_hash", STORE_COL_STR, struct user_row, password_hash),
	STORE_COL("roles", STORE_COL_INT, struct user_row, roles),
	STORE_COL("is_service", STORE_COL_BOOL, struct user_row, is_service),
	STORE_COL("hourly_cost_ore", STORE_COL_INTM1, struct user_row, hourly_cost_ore),
	STORE_COL("disabled_at", STORE_COL_INT0, struct user_row, disabled_at),
	STORE_COL("created_at", STORE_COL_INT, struct user_row, created_at),
	STORE_COL("version", STORE_COL_INT, struct user_row, version),
	STORE_COL("plain_sign_in", STORE_COL_BOOL, struct user_row, plain_sign_in),
	STORE_COL("CASE WHEN plain_sign_in = 1 THEN username ELSE username || '@' || "
		  "(SELECT m.code FROM municipality m WHERE m.id = app_user.municipality_id) END",
		  STORE_COL_STR, struct user_row, sign_in),
	STORE_COL("CASE WHEN EXISTS (SELECT 1 FROM sso_identity s WHERE s.user_id = app_user.id) "
		  "THEN 1 ELSE 0 END",
		  STORE_COL_BOOL, struct user_row, federated),
};

void user_row_init(struct user_row *u)
{
	memset(u, 0, sizeof(*u));
	u->hourly_cost_ore = -1;
}

void user_row_release(struct user_row *u)
{
	free(u->username);
	free(u->sign_in);
	free(u->display_name);
	free(u->password_hash);
	user_row_init(u);
}

static void user_from_row(struct store_stmt *st, struct user_row *u)
{
	user_row_release(u);
	store_read_row(st, user_cols, STORE_NCOLS(user_cols), u);
	if (!u->sign_in) /* NAME@CODE is NULL when the municipality has no code */
		u->sign_in = xstrdup(u->username);
}

static enum rede_err load_units(struct store_conn *c, struct user_row *u)
{
	struct store_stmt *st = store_prepare(
		c, "SELECT unit_id FROM unit_member WHERE user_id = ? ORDER BY unit_id");
	enum rede_err err;

	u->nunits = 0;
	store_bind_all(st, STORE_INT(u->id));
	while ((err = store_step(st)) == REDE_ROW) {
		if (u->nunits < USER_MAX_UNITS)
			u->unit_ids[u->nunits++] = store_col_int(st, 0);
	}
	store_finish(st);
	return err == REDE_DONE ? REDE_OK : err;
}

static enum rede_err user_one(struct store_conn *c, struct store_stmt *st, struct user_row *out)
{
	enum rede_err err = store_step_one(st);

	if (!err)
		user_from_row(st, out);
	store_finish(st);
	if (err == REDE_OK)
		err = load_units(c, out);
	return err;
}

enum rede_err store_user_by_sign_in(struct store_conn *c, const char *sign_in, struct user_row *out)
{
	const char *at = strrchr(sign_in, '@');
	struct store_stmt *st;
	char *name;
	enum rede_err err;

	if (!at) {
		st = store_prepare_select(c, user_cols, STORE_NCOLS(user_cols),
					  "FROM app_user WHERE username = ? AND plain_sign_in = 1");
		store_bind_all(st, STORE_TEXT(sign_in));
		return user_one(c, st, out);
	}
	if (at == sign_in || !at[1])
		return REDE_E_NOTFOUND;
	name = xstrndup(sign_in, (size_t)(at - sign_in));
	st = store_prepare_select(c, user_cols, STORE_NCOLS(user_cols),
				  "FROM app_user WHERE username = ? AND "
				  "municipality_id = (SELECT id FROM municipality WHERE code = ?)");
	store_bind_all(st, STORE_TEXT(name), STORE_TEXT(at + 1));
	err = user_one(c, st, out);
	free(name);
	return err;
}

enum rede_err store_user_by_name(struct store_conn *c, int64_t municipality_id,
				 const char *username, struct user_row *out)
{
	struct store_stmt *st =
		store_prepare_select(c, user_cols, STORE_NCOLS(user_cols),
				     "FROM app_user WHERE municipality_id = ? AND username = ?");
	store_bind_all(st, STORE_INT(municipality_id), STORE_TEXT(username));
	return user_one(c, st, out);
}

enum rede_err store_user_plain_free(struct store_conn *c, const char *username, bool *is_free)
{
	struct store_stmt *st = store_prepare(
		c, "SELECT count(*) FROM app_user WHERE username = ? AND plain_sign_in = 1");
	int64_t n = 0;
	enum rede_err err;

	store_bind_all(st, STORE_TEXT(username));
	err = store_run_int(st, &n);
	*is_free = n == 0;
	return err;
}

enum rede_err store_user_get(struct store_conn *c, int64_t municipality_id, int64_t id,
			     struct user_row *out)
{
	struct store_stmt *st = store_prepare_select(
		c, user_cols, STORE_NCOLS(user_cols),
		"FROM app_user WHERE id = ? AND (municipality_id = ? OR ? = 0)");
	store_bind_all(st, STORE_INT(id), STORE_INT(municipality_id), STORE_INT(municipality_id));
	return user_one(c, st, out);
}

static enum rede_err save_units(struct store_conn *c, const struct user_row *u)
{
	struct store_stmt *st = store_prepare(c, "DELETE FROM unit_member WHERE user_id = ?");
	enum rede_err err;

	store_bind_all(st, STORE_INT(u->id));
	err = store_run(st);
	for (size_t i = 0; !err && i < u->nunits; i++) {
		st = store_prepare(c, "INSERT INTO unit_member (user_id, unit_id) VALUES (?, ?)");
		store_bind_all(st, STORE_INT(u->id), STORE_INT(u->unit_ids[i]));
		err = store_run(st);
	}
	return err;
}

enum rede_err store_user_display_name(struct store_conn *c, int64_t id, char **name)
{
	struct store_stmt *st = store_prepare(c, "SELECT display_name FROM app_user WHERE id = ?");
	enum rede_err err;

	*name = NULL;
	store_bind_all(st, STORE_INT(id));
	err = store_step_one(st);
	if (!err)
		*name = xstrdup(store_col_text(st, 0));
	store_finish(st);
	return err == REDE_E_NOTFOUND ? REDE_OK : err;
}

enum rede_err store_user_insert(struct store_conn *c, struct user_row *u)
{
	struct store_stmt *st = store_prepare(
		c, "INSERT INTO app_user (municipality_id, username, display_name, password_hash, "
		   "roles, is_service, hourly_cost_ore, disabled_at, created_at, version, "
		   "plain_sign_in) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?) RETURNING id");
	enum rede_err err;

	u->created_at = rede_now();
	u->version = 1;
	/* hourly_cost_ore: -1 (none) binds NULL, 0 is a cost */
	store_bind_all(st, STORE_INT(u->municipality_id), STORE_TEXT(u->username),
		       STORE_TEXT(u->display_name),
		       STORE_TEXT(u->password_hash ? u->password_hash : ""), STORE_INT(u->roles),
		       STORE_INT(u->is_service ? 1 : 0),
		       u->hourly_cost_ore == -1 ? STORE_TEXT(NULL) : STORE_INT(u->hourly_cost_ore),
		       STORE_INT0(u->disabled_at), STORE_INT(u->created_at),
		       STORE_INT(u->plain_sign_in ? 1 : 0));
	err = store_run_int(st, &u->id);
	if (!err)
		err = save_units(c, u);
	return err;
}

enum rede_err store_user_update(struct store_conn *c, struct user_row *u)
{
	struct store_stmt *st = store_prepare(
		c, "UPDATE app_user SET display_name = ?, roles = ?, hourly_cost_ore = ?, "
		   "disabled_at = ?, version = version + 1 WHERE id = ? AND version = ?");
	enum rede_err err;

	/* hourly_cost_ore: -1 (none) binds NULL, 0 is a cost */
	store_bind_all(st, STORE_TEXT(u->display_name), STORE_INT(u->roles),
		       u->hourly_cost_ore == -1 ? STORE_TEXT(NULL) : STORE_INT(u->hourly_cost_ore),
		       STORE_INT0(u->disabled_at), STORE_INT(u->id), STORE_INT(u->version));
	err = store_run(st);
	if (err)
		return err;
	if (store_changes(c) != 1)
		return REDE_E_CONFLICT;
	u->version++;
	return save_units(c, u);
}

enum rede_err store_user_set_password(struct store_conn *c, int64_t id, const char *hash)
{
	struct store_stmt *st = store_prepare(
		c, "UPDATE app_user SET password_hash = ?, version = version + 1 WHERE id = ?");
	store_bind_all(st, STORE_TEXT(hash), STORE_INT(id));
	return store_run(st);
}

enum rede_err store_user_each(struct store_conn *c, int64_t municipality_id,
			      int (*fn)(const struct user_row *u, void *arg), void *arg)
{
	struct store_stmt *st =
		store_prepare_select(c, user_cols, STORE_NCOLS(user_cols),
				     "FROM app_user WHERE municipality_id = ? ORDER BY username");
	struct user_row *rows = NULL;
	size_t n = 0, alloc = 0;
	enum rede_err err;

	/* Collect first: loading units needs the connection for a second
	 * statement, and a PostgreSQL result is consumed row by row. */
	store_bind_all(st, STORE_INT(municipality_id));
	while ((err = store_step(st)) == REDE_ROW) {
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			rows = xrealloc(rows, alloc * sizeof(*rows));
		}
		user_row_init(&rows[n]);
		user_from_row(st, &rows[n]);
		n++;
	}
	store_finish(st);
	if (err != REDE_DONE)
		goto out;
	err = REDE_OK;
	for (size_t i = 0; i < n && !err; i++) {
		err = load_units(c, &rows[i]);
		if (!err && fn(&rows[i], arg))
			break;
	}
out:
	for (size_t i = 0; i < n; i++)
		user_row_release(&rows[i]);
	free(rows);
	return err;
}

/* ---- migration 0008 ---- */

/* The unique constraint of 0001 on username alone. */
static enum rede_err pg_drop_username_unique(struct store_conn *c)
{
	struct store_stmt *st = store_prepare(
		c, "SELECT conname FROM pg_constraint WHERE conrelid = 'app_user'::regclass "
		   "AND contype = 'u' AND conkey = ARRAY[(SELECT attnum FROM pg_attribute "
		   "WHERE attrelid = 'app_user'::regclass AND attname = 'username')]::smallint[]");
	char *name = NULL, *sql = NULL;
	enum rede_err err = store_step_one(st);

	if (!err)
		name = xstrdup(store_col_text(st, 0));
	store_finish(st);
	if (err == REDE_E_NOTFOUND)
		return REDE_OK; /* already gone */
	if (err)
		return err;
	sql = xasprintf("ALTER TABLE app_user DROP CONSTRAINT \"%s\"", name);
	err = store_run(store_prepare(c, sql));
	free(sql);
	free(name);
	return err;
}

static enum rede_err run_sql(struct store_conn *c, const char *sql)
{
	return store_run(store_prepare(c, sql));
}

/* SQLite keeps a column's UNIQUE in the table's definition: build the
 * table again from its own definition without it, keeping every column
 * and index (also those later migrations of other work may have added).
 * Foreign keys from other tables name app_user and find the new table;
 * deferring their check to COMMIT lets the rows be away for a moment. */
static enum rede_err sqlite_drop_username_unique(struct store_conn *c)
{
	static const char old_col[] = "username TEXT NOT NULL UNIQUE";
	struct store_stmt *st;
	char *table_sql = NULL, *new_sql = NULL, **index_sql = NULL, *hit;
	size_t nindex = 0;
	enum rede_err err;

	st = store_prepare(c, "SELECT sql FROM sqlite_master WHERE type = 'table' AND "
			      "name = 'app_user'");
	err = store_step_one(st);
	if (!err)
		table_sql = xstrdup(store_col_text(st, 0));
	store_finish(st);
	if (err)
		goto out;
	hit = strstr(table_sql, old_col);
	if (!hit)
		goto out; /* nothing to drop */
	new_sql = xasprintf("%.*susername TEXT NOT NULL%s", (int)(hit - table_sql), table_sql,
			    hit + strlen(old_col));
	st = store_prepare(c, "SELECT sql FROM sqlite_master WHERE type = 'index' AND "
			      "tbl_name = 'app_user' AND sql IS NOT NULL");
	while ((err = store_step(st)) == REDE_ROW) {
		index_sql = xrealloc(index_sql, (nindex + 1) * sizeof(*index_sql));
		index_sql[nindex++] = xstrdup(store_col_text(st, 0));
	}
	store_finish(st);
	if (err != REDE_DONE)
		goto out;
	err = run_sql(c, "PRAGMA defer_foreign_keys = ON");
	if (!err)
		err = run_sql(c, "CREATE TABLE app_user_0008 AS SELECT * FROM app_user");
	if (!err)
		err = run_sql(c, "DROP TABLE app_user");
	if (!err)
		err = run_sql(c, new_sql);
	if (!err)
		err = run_sql(c, "INSERT INTO app_user SELECT * FROM app_user_0008");
	if (!err)
		err = run_sql(c, "DROP TABLE app_user_0008");
	for (size_t i = 0; i < nindex && !err; i++)
		err = run_sql(c, index_sql[i]);
out:
	for (size_t i = 0; i < nindex; i++)
		free(index_sql[i]);
	free(index_sql);
	free(new_sql);
	free(table_sql);
	return err;
}

enum rede_err store_users_scope_usernames(struct store_conn *c)
{
	if (!strcmp(store_conn_backend(c), "postgres"))
		return pg_drop_username_unique(c);
	return sqlite_drop_username_unique(c);
}
