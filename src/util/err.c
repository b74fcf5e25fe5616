/*
 * err.c - names of enum rede_err for log lines.
 */
#include "rede/err.h"

static const char *const err_names[REDE_ERR__COUNT] = {
	"ok",          "row",     "done",   "not found", "conflict",  "retryable",
	"store error", "invalid", "denied", "aborted",   "i/o error", "crypto error",
};

const char *rede_err_name(enum rede_err e)
{
	return (unsigned)e < REDE_ERR__COUNT ? err_names[e] : "unknown error";
}
