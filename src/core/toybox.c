/*
 * toybox.c - toy boxes: state and quarantine (see core_toybox.h).
 */
#include <stdio.h>

#include "rede/core_toybox.h"
#include "rede/util.h"

#define SECONDS_PER_HOUR 3600

const char *const core_toybox_state_names[TOYBOX_STATE__COUNT] = {
	"available",
	"checked_out",
	"quarantine",
	"written_off",
};

const char *const core_toybox_write_off_names[WRITE_OFF__COUNT] = {
	"lost",
	"damaged",
	"other",
};

int64_t core_toybox_free_at(const struct core_toybox_params *p, const struct core_toybox_facts *f)
{
	if (!f->last_returned_at)
		return 0;
	return f->last_returned_at + p->quarantine_hours * SECONDS_PER_HOUR;
}

enum core_toybox_state core_toybox_state(const struct core_toybox_params *p,
					 const struct core_toybox_facts *f, int64_t now)
{
	if (f->written_off)
		return TOYBOX_WRITTEN_OFF;
	if (f->checked_out)
		return TOYBOX_CHECKED_OUT;
	if (f->last_returned_at && now < core_toybox_free_at(p, f))
		return TOYBOX_QUARANTINE;
	return TOYBOX_AVAILABLE;
}

void core_toybox_quarantine_message(int64_t free_at, char out[CORE_TOYBOX_MSG_SIZE])
{
	char when[REDE_DK_TIME_SIZE];

	/* Minutes shown are whole: round up, so the time named is never one
	 * at which the box is still refused. */
	rede_dk_time_format((free_at + 59) / 60 * 60, when);
	snprintf(out, CORE_TOYBOX_MSG_SIZE,
		 "Kassen er i karantæne efter brug og kan først udlånes igen %s", when);
}
