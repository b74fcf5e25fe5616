/*
 * msg_en.c - server messages in English when the client asks for English
 * (Accept-Language whose first language is en; the web UI sends its own
 * language). The handlers write Danish (DESIGN §4); just before an answer
 * is sent, http_queue runs its problem+json through http_msg_en_problem,
 * which replaces the title and each error message found in the table below.
 * A message is matched whole, or with its numbers as "{n}" ("Teksten er for
 * lang (højst 4000 tegn)" matches "... (højst {n} tegn)"); a message not in
 * the table stays Danish. Add a line when a handler gains a message that
 * the UI shows.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "http/server_internal.h"
#include "rede/util.h"

static const struct {
	const char *da, *en;
} msgs[] = {
	{"Ugyldige data", "Please correct the following"},
	{"Angiv tidspunktet som ÅÅÅÅ-MM-DDTtt:mm:ssZ (RFC 3339)",
	 "Give the time as YYYY-MM-DDThh:mm:ssZ (RFC 3339)"},
	{"Tidspunktet ligger i fremtiden - kontroller enhedens ur",
	 "The time lies in the future - check the device's clock"},
	{"Registreringen er lavet for mere end {n} dage siden og kan ikke modtages",
	 "The record was made more than {n} days ago and cannot be received"},
	{"Ret venligst følgende", "Please correct the following"},
	{"Feltet skal udfyldes", "This field is required"},
	{"Ukendt felt", "Unknown field"},
	{"Ugyldig JSON", "Invalid JSON"},
	{"Indholdet kunne ikke læses som JSON", "The content could not be read as JSON"},
	{"Indholdet skal være JSON (application/json)", "The content must be JSON (application/json)"},
	{"Forventede et JSON-objekt", "Expected a JSON object"},
	{"Forespørgslen er for stor (højst {n} MiB)", "The request is too large (at most {n} MiB)"},
	{"Teksten er for lang (højst {n} tegn)", "The text is too long (at most {n} characters)"},
	{"Teksten indeholder et nul-tegn", "The text contains a null character"},
	{"Ugyldig dato (ÅÅÅÅ-MM-DD)", "Invalid date (YYYY-MM-DD)"},
	{"Forkert type: forventede tekst", "Wrong type: expected text"},
	{"Forkert type: forventede heltal", "Wrong type: expected a whole number"},
	{"Forkert type: forventede sand/falsk", "Wrong type: expected true/false"},
	{"Forkert type: forventede dato (ÅÅÅÅ-MM-DD)", "Wrong type: expected a date (YYYY-MM-DD)"},
	{"Forkert type: forventede liste", "Wrong type: expected a list"},
	{"Forkert type: forventede objekt", "Wrong type: expected an object"},
	{"Forkert type: forventede tekst eller null", "Wrong type: expected text or null"},
	{"Forkert type: forventede heltal eller null", "Wrong type: expected a whole number or null"},
	{"Ikke fundet", "Not found"},
	{"Du har ikke adgang til dette", "You do not have access to this"},
	{"Du er ikke logget ind", "You are not signed in"},
	{"Enheden er spærret", "This device has been disabled"},
	{"Din bruger er deaktiveret", "Your user has been disabled"},
	{"En administrator har spærret denne enhed. Det, der var gemt på enheden, er slettet.",
	 "An administrator has disabled this device. What was kept on the device has been erased."},
	{"Din bruger er deaktiveret. Det, der var gemt på enheden, er slettet.",
	 "Your user has been disabled. What was kept on the device has been erased."},
	{"Din session er udløbet – log ind igen", "Your session has ended – sign in again"},
	{"Manglende eller forkert CSRF-token", "Missing or wrong CSRF token"},
	{"Genindlæs siden og prøv igen", "Reload the page and try again"},
	{"Forkert brugernavn eller adgangskode", "Wrong username or password"},
	{"For mange mislykkede forsøg", "Too many failed attempts"},
	{"Den nuværende adgangskode er forkert", "The current password is wrong"},
	{"Metoden er ikke tilladt her", "The method is not allowed here"},
	{"Konflikt med eksisterende data", "Conflicts with existing data"},
	{"Nogen har ændret dette, siden du hentede det", "Someone changed this since you fetched it"},
	{"Hent de nyeste oplysninger og foretag ændringen igen", "Fetch the latest and make the change again"},
	{"Der opstod en uventet fejl", "An unexpected error occurred"},
	{"Databasen svarer ikke", "The database does not answer"},
	{"Idempotency-Key er brugt til en anden handling", "The Idempotency-Key was used for another action"},
	{"Brug en ny nøgle til en ny handling", "Use a new key for a new action"},
	{"Nøglen skal være 1-{n} synlige tegn", "The key must be 1-{n} visible characters"},
	{"Brugernavnet er optaget", "The username is taken"},
	{"Vælg mindst én rolle", "Choose at least one role"},
	{"Ukendt rolle", "Unknown role"},
	{"Timeprisen er urimelig", "The hourly cost is unreasonable"},
	{"Enheden findes ikke", "The unit does not exist"},
	{"Familien findes ikke", "The family does not exist"},
	{"Vælg et barn i familien", "Choose a child in the family"},
	{"Forældrenes samtykke mangler", "The parents' consent is missing"},
	{"Datoen ligger i fremtiden", "The date is in the future"},
	{"Afslutningsdatoen ligger i fremtiden", "The closing date is in the future"},
	{"Afslutningsdatoen ligger før forløbets start", "The closing date is before the course started"},
	{"Angiv årsagen", "Give the reason"},
	{"Ugyldigt id", "Invalid id"},
	{"Søg på mindst {n} tegn af et navn", "Search for at least {n} characters of a name"},
	{"Brugernavnet skal have {n}-{n} tegn: a-z, 0-{n}, punktum, bindestreg eller understreg",
	 "The username must have {n}-{n} characters: a-z, 0-{n}, full stop, hyphen or underscore"},
	{"Adgangskoden skal have mindst {n} tegn", "The password must have at least {n} characters"},
	{"Kassen er i karantæne efter brug og kan først udlånes igen {d} kl. {n}:{n}",
	 "The box is in quarantine after use and can be lent again from {d} at {n}:{n}"},
	/* faglig sparring and training records (h_sparring.c, h_cosp.c) */
	{"Sparringen registreres, når den er holdt", "Supervision is recorded once it has taken place"},
	{"Angiv varigheden i minutter ({n}-{n})", "Give the length in minutes ({n}-{n})"},
	{"Angiv mindst én deltager", "Give at least one participant"},
	{"Vælg deltagere blandt kollegerne", "Choose participants among the colleagues"},
	{"Vælg lederen blandt kollegerne", "Choose the leader among the colleagues"},
	{"Lederen står også som deltager", "The leader is also a participant"},
	{"Angiv enten en kollega eller et navn som leder, ikke begge",
	 "Give either a colleague or a name as the leader, not both"},
	{"Du registrerer din egen sparring: du deltager eller leder den",
	 "You record your own supervision: you take part in it or lead it"},
	{"Vælg temaer fra listen", "Choose themes from the list"},
	{"Forløbet findes ikke", "The course does not exist"},
	{"Det samme forløb står to gange", "The same course is given twice"},
	{"Noten må ikke nævne familien, når ikke alle deltagere må se den",
	 "The note may not name the family when not every participant may see it"},
	{"Temaet findes allerede", "The theme exists already"},
	{"Standardtemaerne kan ikke ændres", "The default themes cannot be changed"},
	{"Du er ikke knyttet til en enhed", "You are not a member of a unit"},
	{"Måneden er ikke begyndt endnu", "The month has not begun yet"},
	{"Du kan kun registrere din egen uddannelse", "You can only record your own training"},
	{"Slutdatoen skal være samme dag som eller efter startdatoen",
	 "The end date must be on or after the start date"},
	{"Uddannelsen registreres, når den er afsluttet", "Training is recorded once it has ended"},
	{"Angiv timer mellem {n} og {n}", "Give hours between {n} and {n}"},
	{"Vælg yes eller no", "Choose yes or no"},
	{"En beviskode kræver, at der er udstedt et bevis", "A certificate number needs a certificate"},
	{"Vælg cosp, marte_meo, icdp, nbo eller other", "Choose cosp, marte_meo, icdp, nbo or other"},
};

/* "... 4000 ..." -> "... {n} ..." with the numbers kept in order; a date
 * dd-mm-åååå becomes "{d}". */
static void skeleton(const char *s, char *out, size_t n, char vals[8][16], int *nv)
{
	size_t o = 0;

	*nv = 0;
	while (*s && o + 4 < n) {
		if (isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) && s[2] == '-' &&
		    isdigit((unsigned char)s[3]) && isdigit((unsigned char)s[4]) && s[5] == '-' &&
		    isdigit((unsigned char)s[6]) && isdigit((unsigned char)s[9]) && *nv < 8) {
			snprintf(vals[(*nv)++], 16, "%.10s", s);
			memcpy(out + o, "{d}", 3);
			o += 3;
			s += 10;
		} else if (isdigit((unsigned char)*s) && *nv < 8) {
			size_t k = strspn(s, "0123456789");

			snprintf(vals[(*nv)++], 16, "%.*s", (int)(k < 15 ? k : 15), s);
			memcpy(out + o, "{n}", 3);
			o += 3;
			s += k;
		} else {
			out[o++] = *s++;
		}
	}
	out[o] = 0;
}

/* The English of a Danish message, or NULL. Caller frees. */
static char *english(const char *da)
{
	char sk[512], vals[8][16];
	int nv;

	if (!da)
		return NULL;
	skeleton(da, sk, sizeof(sk), vals, &nv);
	for (size_t i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++) {
		struct buf b;
		int v = 0;

		if (strcmp(msgs[i].da, sk))
			continue;
		buf_init(&b, 0);
		for (const char *p = msgs[i].en; *p;) {
			if ((!strncmp(p, "{n}", 3) || !strncmp(p, "{d}", 3)) && v < nv) {
				buf_adds(&b, vals[v++]);
				p += 3;
			} else {
				buf_printf(&b, "%c", *p++);
			}
		}
		return buf_detach(&b, NULL);
	}
	return NULL;
}

bool http_wants_english(const char *accept_language)
{
	/* the first language listed is the one wanted (browsers list by
	 * preference; the web UI sends only its own) */
	const char *p = accept_language;

	if (!p)
		return false;
	while (*p == ' ')
		p++;
	return (p[0] == 'e' || p[0] == 'E') && (p[1] == 'n' || p[1] == 'N') &&
	       (p[2] == 0 || p[2] == '-' || p[2] == ',' || p[2] == ';' || p[2] == ' ');
}

static void swap(json_t *o, const char *key)
{
	char *en = english(json_string_value(json_object_get(o, key)));

	if (en)
		json_object_set_new(o, key, json_string(en));
	free(en);
}

void http_msg_en_problem(json_t *problem)
{
	json_t *e;
	size_t i;

	swap(problem, "title");
	json_array_foreach(json_object_get(problem, "errors"), i, e)
		swap(e, "message");
}
