/*
 * core_programme.h - the programmes a family can take part in: the value
 * of enrolment.programme (and referral.programme). A family's place in
 * any programme is an enrolment row, so one access rule covers them all
 * (src/store/access.c); only the home-pedagogue programme's enrolments are
 * "courses" (the API's /enrolments, the UI's "forløb").
 */
#ifndef REDE_CORE_PROGRAMME_H
#define REDE_CORE_PROGRAMME_H

/* The home-pedagogue course (DOMAIN §1.1). */
#define PROGRAMME_HOME_PEDAGOGUE "home_pedagogue"
/* A COS-P group course (DOMAIN §1.3). */
#define PROGRAMME_COSP "cosp"
/* A family group with daycare (DOMAIN §1.6). */
#define PROGRAMME_FAMILY_GROUP "family_group"

#endif
