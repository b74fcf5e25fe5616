/*
 * settings.c - policy values stored as data (see settings.h).
 */
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"
#include "store/settings.h"

/* Every row of the table, read once per read transaction (store_memo_get):
 * a report family reads ten settings for each of 99 municipalities, each
 * a round trip on PostgreSQL. In the order ORDER BY key, municipality_id
 * gives, which the lookups below keep. */
struct settings_memo {
	int n;
	int64_t *muni;
	char **key, **value;
};

static void memo_free(void *arg)
{
	struct settings_memo *m = arg;

	for (int i = 0; i < m->n; i++) {
		free(m->key[i]);
		free(m->value[i]);
	}
	free(m->muni);
	free(m->key);
	free(m->value);
	free(m);
}

/* The memo of c's read transaction, read now if need be; NULL outside one
 * or when the read failed (the callers then ask the database as before). */
static const struct settings_memo *memo(struct store_conn *c)
{
	struct settings_memo *m = store_memo_get(c, STORE_MEMO_SETTINGS);
	struct store_stmt *st;
	enum rede_err err;
	int cap = 0;

	if (m || !store_read_tx(c))
		return m;
	m = xcalloc(1, sizeof(*m));
	st = store_prepare(c, "SELECT municipality_id, key, value FROM setting "
			      "ORDER BY key, municipality_id");
	while ((err = store_step(st)) == REDE_ROW) {
		if (m->n == cap) {
			cap = cap ? 2 * cap : 64;
			m->muni = xrealloc(m->muni, (size_t)cap * sizeof(*m->muni));
			m->key = xrealloc(m->key, (size_t)cap * sizeof(*m->key));
			m->value = xrealloc(m->value, (size_t)cap * sizeof(*m->value));
		}
		m->muni[m->n] = store_col_int(st, 0);
		m->key[m->n] = xstrdup(store_col_text(st, 1));
		m->value[m->n] = xstrdup(store_col_text(st, 2));
		m->n++;
	}
	store_finish(st);
	if (err != REDE_DONE) {
		memo_free(m);
		return NULL;
	}
	store_memo_put(c, STORE_MEMO_SETTINGS, m, memo_free); /* in a read transaction: kept */
	return m;
}

static enum rede_err setting_int_read(struct store_conn *c, int64_t municipality_id,
				      const char *key, int64_t *out)
{
	/* The municipality's own row sorts first when it exists. */
	struct store_stmt *st = store_prepare(
		c, "SELECT value FROM setting WHERE key = ? AND (municipality_id = ? OR "
		   "municipality_id = 0) ORDER BY municipality_id DESC");
	enum rede_err err;

	store_bind_all(st, STORE_TEXT(key), STORE_INT(municipality_id));
	err = store_step_one(st);
	if (!err)
		*out = strtoll(store_col_text(st, 0), NULL, 10);
	store_finish(st);
	return err;
}

enum rede_err store_setting_int(struct store_conn *c, int64_t municipality_id, const char *key,
				int64_t *out)
{
	const struct settings_memo *m = memo(c);

	if (m) {
		/* the municipality's own row over the default, as the query below */
		const char *v = NULL;

		for (int i = 0; i < m->n; i++)
			if ((m->muni[i] == municipality_id || m->muni[i] == 0) &&
			    !strcmp(m->key[i], key) && (!v || m->muni[i]))
				v = m->value[i];
		if (!v)
			return REDE_E_NOTFOUND;
		*out = strtoll(v, NULL, 10);
		return REDE_OK;
	}
	return setting_int_read(c, municipality_id, key, out);
}

enum rede_err store_setting_set(struct store_conn *c, int64_t municipality_id, const char *key,
				const char *value)
{
	struct store_stmt *st = store_prepare(
		c, "INSERT INTO setting (municipality_id, key, value) VALUES (?, ?, ?) "
		   "ON CONFLICT (municipality_id, key) DO UPDATE SET value = excluded.value");
	store_bind_all(st, STORE_INT(municipality_id), STORE_TEXT(key), STORE_TEXT(value));
	return store_run(st);
}

static const struct store_col setting_cols[] = {
	STORE_COL("s.municipality_id", STORE_COL_INT, struct setting_row, municipality_id),
	STORE_COL("m.code", STORE_COL_STR, struct setting_row, municipality_code),
	STORE_COL("s.key", STORE_COL_STR, struct setting_row, key),
	STORE_COL("s.value", STORE_COL_STR, struct setting_row, value),
};

enum rede_err store_setting_each(struct store_conn *c,
				 int (*fn)(const struct setting_row *r, void *arg), void *arg)
{
	struct store_stmt *st =
		store_prepare_select(c, setting_cols, STORE_NCOLS(setting_cols),
				     "FROM setting s LEFT JOIN municipality m ON "
				     "m.id = s.municipality_id ORDER BY s.key, s.municipality_id");
	enum rede_err err;

	while ((err = store_step(st)) == REDE_ROW) {
		struct setting_row r = {0};
		int stop;

		store_read_row(st, setting_cols, STORE_NCOLS(setting_cols), &r);
		stop = fn(&r, arg);
		free(r.municipality_code);
		free(r.key);
		free(r.value);
		if (stop)
			break;
	}
	store_finish(st);
	return err == REDE_DONE || err == REDE_ROW ? REDE_OK : err;
}

/* A key and its value, the statement's texts (valid until the next step). */
struct key_value_read {
	const char *key, *value;
};
static const struct store_col key_value_cols[] = {
	STORE_COL("key", STORE_COL_CSTR, struct key_value_read, key),
	STORE_COL("value", STORE_COL_CSTR, struct key_value_read, value),
};

enum rede_err store_setting_each_in(struct store_conn *c, int64_t municipality_id,
				    int (*fn)(const char *key, const char *value, void *arg),
				    void *arg)
{
	const struct settings_memo *m = memo(c);
	struct store_stmt *st;
	enum rede_err err;

	if (m) {
		for (int i = 0; i < m->n; i++)
			if ((m->muni[i] == 0 || m->muni[i] == municipality_id) &&
			    fn(m->key[i], m->value[i], arg))
				break;
		return REDE_OK;
	}
	/* The municipality's own rows sort after the defaults. */
	st = store_prepare_select(c, key_value_cols, STORE_NCOLS(key_value_cols),
				  "FROM setting WHERE municipality_id = 0 OR municipality_id = ? "
				  "ORDER BY key, municipality_id");
	store_bind_all(st, STORE_INT(municipality_id));
	while ((err = store_step(st)) == REDE_ROW) {
		struct key_value_read r;

		store_read_row(st, key_value_cols, STORE_NCOLS(key_value_cols), &r);
		if (fn(r.key, r.value, arg))
			break;
	}
	store_finish(st);
	return err == REDE_DONE || err == REDE_ROW ? REDE_OK : err;
}

enum rede_err store_policy_load(struct store_conn *c, struct rede_policy *out)
{
	static const struct {
		const char *key;
		size_t off;
	} keys[] = {
		{"session.idle_seconds", offsetof(struct rede_policy, session.idle_seconds)},
		{"session.absolute_seconds",
		 offsetof(struct rede_policy, session.absolute_seconds)},
		{"login.account_free_failures",
		 offsetof(struct rede_policy, login.account_free_failures)},
		{"login.account_max_delay_seconds",
		 offsetof(struct rede_policy, login.account_max_delay)},
		{"login.address_max_failures",
		 offsetof(struct rede_policy, login.address_max_failures)},
		{"login.address_window_seconds",
		 offsetof(struct rede_policy, login.address_window)},
		{"login.address_slow_seconds", offsetof(struct rede_policy, login.address_slow)},
		{"password.min_length", offsetof(struct rede_policy, password_min_length)},
		{"report.suppression_threshold",
		 offsetof(struct rede_policy, suppression_threshold)},
	};
	enum rede_err err = REDE_OK;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]) && !err; i++) {
		err = store_setting_int(c, 0, keys[i].key, (int64_t *)((char *)out + keys[i].off));
		if (err == REDE_E_NOTFOUND)
			log_error("setting %s is missing", keys[i].key);
	}
	return err;
}

enum rede_err store_settings_load(struct store_conn *c, int64_t municipality_id,
				  const struct store_setting_key *keys, size_t n, void *out)
{
	struct buf sql;
	struct store_stmt *st;
	bool *seen = xcalloc(n ? n : 1, sizeof(*seen));
	enum rede_err err;

	/* defaults (municipality 0) sort first; the municipality's rows override */
	buf_init(&sql, 0);
	buf_adds(&sql, "FROM setting WHERE (municipality_id = ? OR "
		       "municipality_id = 0) AND key IN (");
	for (size_t i = 0; i < n; i++)
		buf_adds(&sql, i ? ", ?" : "?");
	buf_adds(&sql, ") ORDER BY municipality_id");
	st = store_prepare_select(c, key_value_cols, STORE_NCOLS(key_value_cols), sql.data);
	store_bind_all(st, STORE_INT(municipality_id));
	for (size_t i = 0; i < n; i++) /* one per key: the IN list's length varies */
		store_bind_text(st, (int)i + 2, keys[i].key);
	while ((err = store_step(st)) == REDE_ROW) {
		struct key_value_read r;

		store_read_row(st, key_value_cols, STORE_NCOLS(key_value_cols), &r);
		for (size_t i = 0; i < n; i++)
			if (!strcmp(r.key, keys[i].key)) {
				*(int64_t *)((char *)out + keys[i].off) =
					strtoll(r.value, NULL, 10);
				seen[i] = true;
			}
	}
	store_finish(st);
	if (err == REDE_DONE)
		err = REDE_OK;
	for (size_t i = 0; i < n && !err; i++)
		if (!seen[i]) {
			log_error("setting %s is missing", keys[i].key);
			err = REDE_E_NOTFOUND;
		}
	free(seen);
	buf_release(&sql);
	return err;
}
