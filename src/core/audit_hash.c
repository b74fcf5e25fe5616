/*
 * audit_hash.c - the MAC that chains audit entries.
 *
 * mac = hex(BLAKE2b-256_key(prev_hex || canonical(entry))), keyed with the
 * audit key (a key file outside the database, crypto_audit_key_load): who
 * can write the database but has not the key cannot make an entry, or a
 * renumbered or shortened chain, that verifies. Chains made before
 * migration 0009 used the same construction unkeyed (core_audit_hash); the
 * migration checks them that way and re-seals them with the key. The
 * canonical text
 * writes every field in a fixed order, integers in decimal, strings as
 * "<length>:<bytes>" and NULL as "-", each followed by a newline: no two
 * different entries have the same text, so no edit goes unnoticed.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "rede/core.h"

const char core_audit_genesis[CORE_AUDIT_HASH_HEX] =
	"0000000000000000000000000000000000000000000000000000000000000000";

static void put_int(crypto_generichash_state *st, int64_t v)
{
	char tmp[32];
	int n = snprintf(tmp, sizeof(tmp), "%lld\n", (long long)v);
	crypto_generichash_update(st, (const unsigned char *)tmp, (unsigned long long)n);
}

static void put_str(crypto_generichash_state *st, const char *s)
{
	char tmp[32];
	int n;

	if (!s) {
		crypto_generichash_update(st, (const unsigned char *)"-\n", 2);
		return;
	}
	n = snprintf(tmp, sizeof(tmp), "%zu:", strlen(s));
	crypto_generichash_update(st, (const unsigned char *)tmp, (unsigned long long)n);
	crypto_generichash_update(st, (const unsigned char *)s, strlen(s));
	crypto_generichash_update(st, (const unsigned char *)"\n", 1);
}

void core_audit_mac(const unsigned char *key, const char *prev_hex,
		    const struct core_audit_entry *e, char out[CORE_AUDIT_HASH_HEX])
{
	crypto_generichash_state st;
	unsigned char h[32];

	crypto_generichash_init(&st, key, key ? CORE_AUDIT_KEY_BYTES : 0, sizeof(h));
	crypto_generichash_update(&st, (const unsigned char *)prev_hex, strlen(prev_hex));
	put_int(&st, e->id);
	put_str(&st, e->at);
	put_int(&st, e->municipality_id);
	put_int(&st, e->user_id);
	put_str(&st, e->username);
	put_str(&st, e->action);
	put_str(&st, e->entity);
	put_str(&st, e->entity_id);
	put_str(&st, e->purpose);
	put_str(&st, e->outcome);
	put_str(&st, e->detail);
	if (e->purpose_code) /* issue 18; absent from older entries */
		put_str(&st, e->purpose_code);
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2hex(out, CORE_AUDIT_HASH_HEX, h, sizeof(h));
}

void core_audit_hash(const char *prev_hex, const struct core_audit_entry *e,
		     char out[CORE_AUDIT_HASH_HEX])
{
	core_audit_mac(NULL, prev_hex, e, out);
}
