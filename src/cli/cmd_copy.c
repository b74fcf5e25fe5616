/*
 * cmd_copy.c - `rede copy --from SRC --to DST`: move a whole installation
 * from one database to another, typically from the embedded SQLite file to
 * PostgreSQL when a municipality outgrows it.
 *
 * Rows are copied verbatim, ids included, so the audit chain (whose hashes
 * cover the ids) still verifies on the destination. The source is read in
 * one read transaction (a consistent snapshot); each table is written in
 * one transaction on the destination (PostgreSQL: with COPY FROM STDIN),
 * which must be empty (it is migrated to the current schema first). Its
 * secondary indexes are dropped before the data and built after it. At
 * the end every table's row count is compared and the destination's
 * audit chain is verified.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "rede/util.h"
#include "store/audit.h"
#include "store/copy.h"
#include "store/tables.h"

static const char copy_help[] =
	"usage: rede copy --from SRC --to DST\n"
	"\n"
	"Copy all data (with its audit chain) from one database to another, e.g.\n"
	"  rede copy --from sqlite:var/rede.db --to postgres://rede@db/rede\n"
	"The destination must be empty; it is migrated first. The CPR key file\n"
	"stays the same: give the new installation the same key file.\n";

static void progress(int64_t done, int64_t total, const char *table)
{
	int width = 30, fill;

	if (!isatty(STDERR_FILENO) || total <= 0)
		return;
	fill = (int)(done * width / total);
	fprintf(stderr, "\r[%.*s%*s] %3d%% %-24s", fill, "##############################",
		width - fill, "", (int)(done * 100 / total), table);
	fflush(stderr);
}

int cmd_copy(int argc, char **argv)
{
	static const struct option opts[] = {
		{"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct cli_common from, to;
	struct store *s = NULL, *d = NULL;
	struct store_conn *sc = NULL, *dc = NULL;
	struct store_audit_report r;
	int64_t total = 0, done = 0, *counts = NULL;
	struct store_copy_index *ix = NULL;
	int nix = 0;
	bool bulk;
	char *msg = NULL;
	int ch, rc = 1, applied;
	enum rede_err err;

	cli_common_init(&from);
	cli_common_init(&to);
	from.db = to.db = NULL;
	optind = 1;
	while ((ch = cli_getopt(argc, argv, opts)) != -1) {
		switch (ch) {
		case 'f': from.db = optarg; break;
		case 't': to.db = optarg; break;
		case 'h': return cli_usage(copy_help, true);
		default: return cli_usage(copy_help, false);
		}
	}
	if (optind != argc || !from.db || !to.db)
		return cli_usage(copy_help, false);
	counts = xcalloc((size_t)store_tables_count, sizeof(*counts));
	s = cli_open(&from, false);
	if (!s)
		goto out;
	d = store_open(to.db, 1, &msg);
	if (!d) {
		fprintf(stderr, "rede: cannot open %s: %s\n", to.db, msg ? msg : "unknown error");
		goto out;
	}
	/* the copied chain is verified with the source's audit key */
	if (!cli_audit_key_load(&from, d, false))
		goto out;
	if (store_migrate(d, &applied, &msg) != REDE_OK) {
		fprintf(stderr, "rede: cannot migrate the destination: %s\n", msg ? msg : "");
		goto out;
	}
	sc = store_acquire(s);
	dc = store_acquire(d);
	if (store_copy_count(dc, "municipality") != 0 || store_copy_count(dc, "audit_log") != 0) {
		fprintf(stderr, "rede: the destination already holds data; copy needs an empty "
				"database\n");
		goto out;
	}
	/* indexes are built once after the data, not kept row by row */
	err = store_copy_indexes_drop(dc, &ix, &nix);
	if (err) {
		fprintf(stderr, "rede: cannot set the destination's indexes aside: %s\n",
			rede_err_name(err));
		goto out;
	}
	err = store_begin(sc, STORE_TX_READ);
	if (err)
		goto out;
	for (int i = 0; i < store_tables_count; i++) {
		counts[i] = store_copy_count(sc, store_tables[i].name);
		if (counts[i] < 0) {
			fprintf(stderr, "rede: cannot read table %s\n", store_tables[i].name);
			goto out;
		}
		total += counts[i];
	}
	for (int i = 0; i < store_tables_count; i++) {
		err = store_copy_table(sc, dc, &store_tables[i], &done, total, progress);
		if (err) {
			fprintf(stderr,
				"\nrede: copying %s failed: %s (the destination may be "
				"partly filled; drop and recreate it)\n",
				store_tables[i].name, rede_err_name(err));
			goto out;
		}
	}
	progress(total, total, "done");
	if (isatty(STDERR_FILENO))
		fputc('\n', stderr);
	store_rollback(sc);
	err = store_copy_indexes_build(dc, ix, nix);
	if (err) {
		fprintf(stderr,
			"rede: building the destination's indexes failed: %s (drop and "
			"recreate it)\n",
			rede_err_name(err));
		goto out;
	}
	for (int i = 0; i < store_tables_count; i++) {
		int64_t n = store_copy_count(dc, store_tables[i].name);
		if (n != counts[i]) {
			fprintf(stderr,
				"rede: verification failed: %s has %lld rows, expected "
				"%lld\n",
				store_tables[i].name, (long long)n, (long long)counts[i]);
			goto out;
		}
	}
	bulk = store_bulk_available(dc);
	store_release(d, dc);
	dc = NULL;
	if (store_audit_verify(d, &r) != REDE_OK || r.first_bad_id) {
		fprintf(stderr, "rede: the copied audit chain does not verify (entry %lld)\n",
			(long long)r.first_bad_id);
		goto out;
	}
	printf("copied %lld rows in %d tables%s; counts verified; audit chain intact "
	       "(%lld entries)\n",
	       (long long)total, store_tables_count, bulk ? " with COPY" : "",
	       (long long)r.checked);
	rc = 0;
out:
	store_copy_indexes_free(ix, nix);
	free(msg);
	free(counts);
	if (sc)
		store_release(s, sc);
	if (dc)
		store_release(d, dc);
	if (s)
		store_close(s);
	if (d)
		store_close(d);
	return rc;
}
