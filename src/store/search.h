/*
 * search.h - the word index behind name search (migration 0007_search).
 *
 * Every word of a family's name and of each member's name is a row of
 * search_word, in search_key form (core_search_key), split at spaces and
 * hyphens. A name search is then one index range per typed word
 * ("han" = word >= 'han' AND word < 'hao') instead of a LIKE '%...%' scan
 * of every family and person of the municipality. The store functions
 * that write names (families.c) call the setters below in the caller's
 * transaction, so the index never disagrees with the names.
 */
#ifndef REDE_STORE_SEARCH_H
#define REDE_STORE_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rede/store.h"
#include "store/access.h"

/* At most this many words of a query are used (further ones are ignored). */
#define SEARCH_QUERY_WORDS 6

/* Split key (a search key, changed in place) at spaces and hyphens into at
 * most max distinct non-empty words; words[] point into key. Returns the
 * count. */
size_t search_split(char *key, const char **words, size_t max);

/* The least string greater than every string starting with prefix, in byte
 * (UTF-8 code point) order: prefix with its last character bumped by one.
 * False when there is none (empty prefix or last character U+10FFFF) or it
 * does not fit n bytes. */
bool search_prefix_upper(const char *prefix, char *out, size_t n);

/* Record the words of search_key for family_id: of the family's own name
 * when person_id is 0, else of that member. replace: first drop the words
 * recorded for it before (a rename). */
enum rede_err store_search_words_set(struct store_conn *c, int64_t municipality_id,
				     int64_t family_id, int64_t person_id, const char *search_key,
				     bool replace);

/* Recompute every family's and person's search_key with the current
 * folding (core_search_key) and rebuild the words of those whose key
 * changed: the data step of a migration that changes the folding (0010). */
enum rede_err store_search_refold(struct store_conn *c);

#endif
