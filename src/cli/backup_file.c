/*
 * backup_file.c - reading and writing the backup file (see backup_file.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "cli/backup_file.h"
#include "rede/util.h"

#define CHUNK (1 << 16)
#define MANIFEST_CAP (4 << 20)

int backup_sha256_file(const char *path, char out[BACKUP_SHA256_HEX], int64_t *bytes)
{
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];
	unsigned char *chunk = xmalloc(CHUNK);
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = -1;
	ssize_t n;

	*bytes = 0;
	if (fd < 0)
		goto out;
	crypto_hash_sha256_init(&st);
	while ((n = read(fd, chunk, CHUNK)) > 0) {
		crypto_hash_sha256_update(&st, chunk, (unsigned long long)n);
		*bytes += n;
	}
	if (n < 0)
		goto out;
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(out, BACKUP_SHA256_HEX, h, sizeof(h));
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	free(chunk);
	return rc;
}

static void sha256_text(const char *s, char out[BACKUP_SHA256_HEX])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)s, strlen(s));
	sodium_bin2hex(out, BACKUP_SHA256_HEX, h, sizeof(h));
}

static char *zip_msg(zip_t *z, const char *what)
{
	return xasprintf("%s: %s", what, z ? zip_strerror(z) : "zip error");
}

int backup_file_write(const char *out_path, const char *db_path, const char *manifest, char **msg)
{
	char db_sum[BACKUP_SHA256_HEX], man_sum[BACKUP_SHA256_HEX];
	char *sums = NULL, *tmp = xasprintf("%s.part", out_path);
	zip_source_t *src;
	zip_t *z = NULL;
	int64_t bytes;
	int zerr = 0, rc = -1;
	zip_int64_t idx;
	struct stat sb;

	*msg = NULL;
	if (lstat(out_path, &sb) == 0) {
		*msg = xasprintf("%s exists; a backup never overwrites a file", out_path);
		goto out;
	}
	if (backup_sha256_file(db_path, db_sum, &bytes) != 0) {
		*msg = xasprintf("%s: %s", db_path, strerror(errno));
		goto out;
	}
	sha256_text(manifest, man_sum);
	sums = xasprintf("%s  %s\n%s  %s\n", man_sum, BACKUP_MANIFEST_NAME, db_sum, BACKUP_DB_NAME);
	unlink(tmp);
	z = zip_open(tmp, ZIP_CREATE | ZIP_EXCL, &zerr);
	if (!z) {
		zip_error_t e;

		zip_error_init_with_code(&e, zerr);
		*msg = xasprintf("%s: %s", tmp, zip_error_strerror(&e));
		zip_error_fini(&e);
		goto out;
	}
	src = zip_source_buffer(z, manifest, strlen(manifest), 0);
	if (!src || zip_file_add(z, BACKUP_MANIFEST_NAME, src, ZIP_FL_ENC_UTF_8) < 0) {
		zip_source_free(src);
		*msg = zip_msg(z, "manifest");
		goto fail;
	}
	src = zip_source_file(z, db_path, 0, -1);
	if (!src || (idx = zip_file_add(z, BACKUP_DB_NAME, src, ZIP_FL_ENC_UTF_8)) < 0) {
		zip_source_free(src);
		*msg = zip_msg(z, "database copy");
		goto fail;
	}
	src = zip_source_buffer(z, sums, strlen(sums), 0);
	if (!src || zip_file_add(z, BACKUP_SUMS_NAME, src, ZIP_FL_ENC_UTF_8) < 0) {
		zip_source_free(src);
		*msg = zip_msg(z, "checksums");
		goto fail;
	}
	if (zip_close(z) != 0) {
		*msg = zip_msg(z, tmp);
		goto fail;
	}
	z = NULL;
	if (chmod(tmp, 0600) != 0 || link(tmp, out_path) != 0) {
		*msg = xasprintf("%s: %s", out_path, strerror(errno));
		unlink(tmp);
		goto out;
	}
	unlink(tmp);
	rc = 0;
	goto out;
fail:
	zip_discard(z);
	z = NULL;
	unlink(tmp);
out:
	free(sums);
	free(tmp);
	return rc;
}

/* A small member of the archive as text (manifest, sums). */
static char *read_member(zip_t *z, const char *name, char **msg)
{
	zip_file_t *f = zip_fopen(z, name, 0);
	struct buf b;
	char chunk[4096];
	zip_int64_t n;

	if (!f) {
		*msg = xasprintf("%s is missing from the backup", name);
		return NULL;
	}
	buf_init(&b, MANIFEST_CAP);
	while ((n = zip_fread(f, chunk, sizeof(chunk))) > 0) {
		if (!buf_add(&b, chunk, (size_t)n)) {
			*msg = xasprintf("%s is too large", name);
			goto fail;
		}
	}
	if (n < 0) {
		*msg = xasprintf("%s cannot be read: %s", name, zip_file_strerror(f));
		goto fail;
	}
	zip_fclose(f);
	return buf_detach(&b, NULL);
fail:
	zip_fclose(f);
	buf_release(&b);
	return NULL;
}

/* The sum SHA256SUMS gives for name, or false. */
static bool sum_for(const char *sums, const char *name, char out[BACKUP_SHA256_HEX])
{
	const char *p = sums;

	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		if (len == 64 + 2 + strlen(name) && !strncmp(p + 66, name, strlen(name)) &&
		    p[64] == ' ' && p[65] == ' ') {
			memcpy(out, p, 64);
			out[64] = 0;
			return true;
		}
		p = nl ? nl + 1 : NULL;
	}
	return false;
}

static int extract(zip_t *z, const char *to, char sum[BACKUP_SHA256_HEX], char **msg)
{
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];
	unsigned char *chunk = xmalloc(CHUNK);
	zip_file_t *f = zip_fopen(z, BACKUP_DB_NAME, 0);
	zip_int64_t n;
	int fd = -1, rc = -1;

	if (!f) {
		*msg = xasprintf("%s is missing from the backup", BACKUP_DB_NAME);
		goto out;
	}
	fd = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		*msg = xasprintf("%s: %s", to, strerror(errno));
		goto out;
	}
	crypto_hash_sha256_init(&st);
	while ((n = zip_fread(f, chunk, CHUNK)) > 0) {
		crypto_hash_sha256_update(&st, chunk, (unsigned long long)n);
		for (zip_int64_t done = 0; done < n;) {
			ssize_t w = write(fd, chunk + done, (size_t)(n - done));
			if (w < 0) {
				*msg = xasprintf("%s: %s", to, strerror(errno));
				goto out;
			}
			done += w;
		}
	}
	if (n < 0) {
		*msg = xasprintf("the database copy is damaged: %s", zip_file_strerror(f));
		goto out;
	}
	if (fsync(fd) != 0) {
		*msg = xasprintf("%s: %s", to, strerror(errno));
		goto out;
	}
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(sum, BACKUP_SHA256_HEX, h, sizeof(h));
	rc = 0;
out:
	if (f)
		zip_fclose(f);
	if (fd >= 0 && close(fd) != 0 && rc == 0) {
		*msg = xasprintf("%s: %s", to, strerror(errno));
		rc = -1;
	}
	if (rc && fd >= 0)
		unlink(to);
	free(chunk);
	return rc;
}

int backup_file_read(const char *path, const char *extract_to, char **manifest,
		     char db_sum[BACKUP_SHA256_HEX], char **msg)
{
	char want[BACKUP_SHA256_HEX], got[BACKUP_SHA256_HEX];
	char *sums = NULL;
	zip_t *z;
	int zerr = 0, rc = -1;

	*msg = NULL;
	*manifest = NULL;
	z = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
	if (!z) {
		zip_error_t e;

		zip_error_init_with_code(&e, zerr);
		*msg = xasprintf("%s is not a readable backup: %s", path, zip_error_strerror(&e));
		zip_error_fini(&e);
		return -1;
	}
	*manifest = read_member(z, BACKUP_MANIFEST_NAME, msg);
	if (!*manifest)
		goto out;
	sums = read_member(z, BACKUP_SUMS_NAME, msg);
	if (!sums)
		goto out;
	sha256_text(*manifest, got);
	if (!sum_for(sums, BACKUP_MANIFEST_NAME, want) || strcmp(want, got)) {
		*msg = xasprintf("the manifest does not match its checksum");
		goto out;
	}
	if (!sum_for(sums, BACKUP_DB_NAME, want)) {
		*msg = xasprintf("%s names no checksum for the database", BACKUP_SUMS_NAME);
		goto out;
	}
	if (extract(z, extract_to, got, msg) != 0)
		goto out;
	if (strcmp(want, got)) {
		*msg = xasprintf("the database copy does not match its checksum");
		unlink(extract_to);
		goto out;
	}
	memcpy(db_sum, got, BACKUP_SHA256_HEX);
	rc = 0;
out:
	if (rc) {
		free(*manifest);
		*manifest = NULL;
	}
	free(sums);
	zip_discard(z);
	return rc;
}
