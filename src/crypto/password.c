/*
 * password.c - Argon2id password hashes (libsodium, INTERACTIVE preset).
 *
 * Each hash or check holds 64 MiB while it runs (the preset's memory
 * cost). Unbounded, a burst of sign-in attempts - even with unknown user
 * names, which are checked against a dummy hash so they take as long -
 * would take 64 MiB per connection and could exhaust the server's memory.
 * So at most password_slots() run at once (one per CPU, 1 to 4); the
 * others wait their turn, which makes a burst slower, not bigger.
 */
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rede/crypto.h"
#include "rede/util.h"

bool crypto_init(void)
{
	return sodium_init() >= 0;
}

#define SLOTS_MAX 4

static pthread_mutex_t slot_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t slot_cv = PTHREAD_COND_INITIALIZER;
static int slots_busy, slots_peak, slots_limit;

static int password_slots(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > SLOTS_MAX ? SLOTS_MAX : (int)n;
}

static void slot_take(void)
{
	pthread_mutex_lock(&slot_mu);
	if (!slots_limit)
		slots_limit = password_slots();
	while (slots_busy >= slots_limit)
		pthread_cond_wait(&slot_cv, &slot_mu);
	if (++slots_busy > slots_peak)
		slots_peak = slots_busy;
	pthread_mutex_unlock(&slot_mu);
}

static void slot_give(void)
{
	pthread_mutex_lock(&slot_mu);
	slots_busy--;
	pthread_cond_signal(&slot_cv);
	pthread_mutex_unlock(&slot_mu);
}

int crypto_password_peak_concurrency(int *limit)
{
	int peak;

	pthread_mutex_lock(&slot_mu);
	if (!slots_limit)
		slots_limit = password_slots();
	peak = slots_peak;
	if (limit)
		*limit = slots_limit;
	pthread_mutex_unlock(&slot_mu);
	return peak;
}

char *crypto_password_hash(const char *pw)
{
	char *out = xmalloc(crypto_pwhash_STRBYTES);
	int rc;

	slot_take();
	rc = crypto_pwhash_str_alg(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				   crypto_pwhash_MEMLIMIT_INTERACTIVE,
				   crypto_pwhash_ALG_ARGON2ID13);
	slot_give();
	if (rc != 0) {
		free(out);
		return NULL;
	}
	return out;
}

bool crypto_password_verify(const char *hash, const char *pw)
{
	bool ok;

	if (!hash || !*hash)
		return false;
	slot_take();
	ok = crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
	slot_give();
	return ok;
}

static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void)
{
	char pw[CRYPTO_TOKEN_TEXT];
	char *h;

	crypto_token_new(pw);
	h = crypto_password_hash(pw);
	if (h) {
		memcpy(dummy_hash, h, sizeof(dummy_hash));
		free(h);
	}
}

const char *crypto_password_dummy_hash(void)
{
	pthread_once(&dummy_once, make_dummy);
	return dummy_hash;
}
