/*
 * backup.h - what a backup needs from the database: a consistent copy of
 * a live SQLite file (the online backup API, while `rede serve` reads and
 * writes it), the database's census for the manifest (schema version,
 * audit head, rows per table), and SQLite's own integrity check.
 *
 * The backup file format (a zip with the copy, the manifest and checksums)
 * is the CLI's business (src/cli/backup_file.c); PostgreSQL is backed up
 * with pgBackRest (docs/OPERATIONS.md), not here.
 */
#ifndef REDE_STORE_BACKUP_H
#define REDE_STORE_BACKUP_H

#include <stdint.h>

#include "rede/store.h"

/* Copy the SQLite database at src_path into the new file dst_path (which
 * must not exist; created 0600) in ONE read transaction of the source:
 * the copy holds exactly the commits made before the copy began, while
 * writers go on (WAL). The copy is left in rollback-journal mode, a single
 * self-contained file. On failure *msg (English, caller frees) says why
 * and dst_path is removed. */
enum rede_err store_sqlite_backup(const char *src_path, const char *dst_path, char **msg);

/* PRAGMA integrity_check on a SQLite file: REDE_OK when "ok". */
enum rede_err store_sqlite_integrity(const char *path, char **msg);

/* What a manifest records about a SQLite database file, read in one read
 * transaction without changing the file (no pragmas: a backup's checksum
 * stays valid). counts[i] belongs to store_tables[i] (src/store/tables.h);
 * -1 for a table the file does not have (a backup older than this rede). */
struct store_census {
	int schema_version;
	int64_t audit_last_id;
	char audit_last_hash[160];
	int ntables;
	int64_t *counts; /* owned */
};
enum rede_err store_sqlite_census(const char *path, struct store_census *out, char **msg);
void store_census_release(struct store_census *c);

#endif
