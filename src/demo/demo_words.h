/*
 * demo_words.h - the synthetic words of a home pedagogue's contact record
 * that both demo generators use (demo_courses.c for the demo
 * municipality, demo_scale.c for --scale national): the activity sets
 * and the notes. One list, so the two demos cannot drift apart; each
 * generator picks from it with its own random stream, in the order
 * listed (changing the order changes the generated data).
 */
#ifndef REDE_DEMO_DEMO_WORDS_H
#define REDE_DEMO_DEMO_WORDS_H

/* "activities" values of a contact (comma-separated core activity names) */
extern const char *const demo_contact_activities[7];
/* synthetic notes of a contact; they say they are synthetic */
extern const char *const demo_contact_notes[4];

#endif
