/*
 * audit_key.c - the audit key file: the key of the audit chain's MAC
 * (core_audit_mac), kept outside the database.
 *
 * Its own file, not a part of the CPR key file, because the two are held
 * by different people: the server host needs both; whoever checks the
 * audit log (`rede audit verify`, a data protection officer, an auditor)
 * needs only this one, and must not get the means to decrypt CPR numbers
 * with it. 32 random bytes, mode 0600, created by `rede init` or, for a
 * database from before the MAC, `rede migrate`; never overwritten.
 */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rede/crypto.h"
#include "rede/util.h"

enum rede_err crypto_audit_keyfile_create(const char *path)
{
	unsigned char raw[CRYPTO_AUDIT_KEY_BYTES];
	enum rede_err err = REDE_E_IO;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	if (fd < 0)
		return errno == EEXIST ? REDE_E_CONFLICT : REDE_E_IO;
	randombytes_buf(raw, sizeof(raw));
	if (write(fd, raw, sizeof(raw)) != (ssize_t)sizeof(raw) || fsync(fd) != 0)
		goto out;
	err = REDE_OK;
out:
	sodium_memzero(raw, sizeof(raw));
	close(fd);
	if (err)
		unlink(path);
	return err;
}

enum rede_err crypto_audit_key_load(const char *path, unsigned char key[CRYPTO_AUDIT_KEY_BYTES],
				    char **msg)
{
	unsigned char raw[CRYPTO_AUDIT_KEY_BYTES + 1];
	enum rede_err err = REDE_E_CRYPTO;
	struct stat st;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		*msg = xasprintf("%s", strerror(errno));
		return errno == ENOENT ? REDE_E_NOTFOUND : REDE_E_IO;
	}
	if (fstat(fd, &st) != 0 || (st.st_mode & 077)) {
		*msg = xasprintf("the audit key file may be read by others; run chmod 600 %s",
				 path);
		goto out;
	}
	n = read(fd, raw, sizeof(raw));
	if (n != CRYPTO_AUDIT_KEY_BYTES) {
		*msg = xasprintf("the audit key file has the wrong size");
		goto out;
	}
	memcpy(key, raw, CRYPTO_AUDIT_KEY_BYTES);
	err = REDE_OK;
out:
	sodium_memzero(raw, sizeof(raw));
	close(fd);
	return err;
}
