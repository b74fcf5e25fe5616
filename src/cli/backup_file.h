/*
 * backup_file.h - the backup file `rede backup` writes: one zip archive
 * (libzip) holding
 *
 *   manifest.json   what the copy is: format, time, schema version, audit
 *                   head, rows per table, the copy's SHA-256 and size
 *   rede.db         the SQLite copy (online backup API, rollback journal)
 *   SHA256SUMS      sha256sum(1) lines for the two files above
 *
 * so an operator can check it with standard tools as well as with `rede
 * backup verify` (unzip; sha256sum -c SHA256SUMS). The zip's own CRCs
 * catch damage in transport; the SHA-256 sums catch any change. The key
 * file is NOT in the backup: keep it elsewhere (docs/OPERATIONS.md).
 */
#ifndef REDE_CLI_BACKUP_FILE_H
#define REDE_CLI_BACKUP_FILE_H

#include <stdint.h>

#define BACKUP_FORMAT "rede-backup"
#define BACKUP_FORMAT_VERSION 1
#define BACKUP_DB_NAME "rede.db"
#define BACKUP_MANIFEST_NAME "manifest.json"
#define BACKUP_SUMS_NAME "SHA256SUMS"
#define BACKUP_SHA256_HEX 65

/* SHA-256 of a file as hex; *bytes gets its size. 0 on success, -1 with
 * errno set otherwise. */
int backup_sha256_file(const char *path, char out[BACKUP_SHA256_HEX], int64_t *bytes);

/* Write out_path (which must not exist; mode 0600) from the database copy
 * at db_path and the manifest text. 0 on success; otherwise -1 and *msg
 * (English, caller frees), with nothing left at out_path. */
int backup_file_write(const char *out_path, const char *db_path, const char *manifest, char **msg);

/* Open a backup file: read the manifest (*manifest, caller frees), check
 * SHA256SUMS names both files and matches the manifest, and extract the
 * database to extract_to (must not exist; created 0600) checking its
 * SHA-256 against SHA256SUMS (the sum into db_sum). 0 when everything
 * matches; otherwise -1 and *msg, with nothing left at extract_to. */
int backup_file_read(const char *path, const char *extract_to, char **manifest,
		     char db_sum[BACKUP_SHA256_HEX], char **msg);

#endif
