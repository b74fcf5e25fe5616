/*
 * r_typology.c - the typology self-assessment report (DOMAIN §1.7). The
 * typology itself arrives in a later step; until then the report is empty.
 */
#include "report/report_internal.h"

enum rede_err report_build_typology(struct store_conn *c, const struct report_scope *s,
				    struct report *r)
{
	(void)c;
	(void)s;
	(void)r;
	return REDE_OK;
}
