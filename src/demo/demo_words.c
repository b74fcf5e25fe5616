/*
 * demo_words.c - the contact record's synthetic activity sets and notes
 * shared by the demo generators (see demo_words.h).
 */
#include "demo/demo_words.h"

const char *const demo_contact_activities[7] = {
	"observation",
	"advice",
	"guidance",
	"play",
	"observation,guidance",
	"advice,play",
	"observation,advice,guidance",
};

const char *const demo_contact_notes[4] = {
	"Syntetisk notat: aftenrutinen gennemgået, forældrene afprøver billedskema.",
	"Syntetisk notat: leg på gulvet, mor følger barnets initiativ.",
	"Syntetisk notat: talt om søvn og om at dele opgaverne derhjemme.",
	"Syntetisk notat: far sætter ord på barnets signaler under måltidet.",
};
