/*
 * msg_en.c - server messages in English when the client asks for English
 * (Accept-Language whose first language is en; the web UI sends its own
 * language). The handlers write Danish (DESIGN §4); just before an answer
 * is sent, http_queue runs its problem+json through http_msg_en_problem,
 * which replaces the title and each error message found in the table below.
 * A message is matched whole, with "{n}" for a number ("Teksten er for lang
 * (højst 4000 tegn)" matches "... (højst {n} tegn)"), "{d}" for a date and
 * "{s}" for any text (a name, a list of codes); the values reappear in the
 * English in the same order. A message not in the table would stay Danish:
 * tests/api/msg_en.test.mjs walks the handlers' sources and fails when a
 * Danish title or message has no line here.
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
	{"Indholdet skal være JSON (application/json)",
	 "The content must be JSON (application/json)"},
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
	{"Forkert type: forventede heltal eller null",
	 "Wrong type: expected a whole number or null"},
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
	{"Nogen har ændret dette, siden du hentede det",
	 "Someone changed this since you fetched it"},
	{"Hent de nyeste oplysninger og foretag ændringen igen",
	 "Fetch the latest and make the change again"},
	{"Der opstod en uventet fejl", "An unexpected error occurred"},
	{"Databasen svarer ikke", "The database does not answer"},
	{"Idempotency-Key er brugt til en anden handling",
	 "The Idempotency-Key was used for another action"},
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
	{"Afslutningsdatoen ligger før forløbets start",
	 "The closing date is before the course started"},
	{"Angiv årsagen", "Give the reason"},
	{"Ugyldigt id", "Invalid id"},
	{"Søg på mindst {n} tegn af et navn", "Search for at least {n} characters of a name"},
	{"Brugernavnet skal have {n}-{n} tegn: a-z, 0-{n}, punktum, bindestreg eller understreg",
	 "The username must have {n}-{n} characters: a-z, 0-{n}, full stop, hyphen or underscore"},
	{"Adgangskoden skal have mindst {n} tegn",
	 "The password must have at least {n} characters"},
	{"Kassen er i karantæne efter brug og kan først udlånes igen {d} kl. {n}:{n}",
	 "The box is in quarantine after use and can be lent again from {d} at {n}:{n}"},
	/* faglig sparring and training records (h_sparring.c, h_cosp.c) */
	{"Sparringen registreres, når den er holdt",
	 "Supervision is recorded once it has taken place"},
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
	{"En beviskode kræver, at der er udstedt et bevis",
	 "A certificate number needs a certificate"},
	{"Vælg cosp, marte_meo, icdp, nbo eller other",
	 "Choose cosp, marte_meo, icdp, nbo or other"},
	/* the handlers' messages (tests/api/msg_en.test.mjs walks the sources) */
	{"Datoen skal ligge mellem {s} og {s}", "The date must lie between {s} and {s}"},
	{"Angiv om målet er nået (met, partly eller not_met)",
	 "Say whether the goal is met (met, partly or not_met)"},
	{"Vælg met, partly eller not_met", "Choose met, partly or not_met"},
	{"Målet hører ikke til dette forløb", "The goal does not belong to this course"},
	{"Ukendt spørgsmål", "Unknown question"},
	{"Svar {n} (i høj grad), {n} (i nogen grad), {n} (i mindre grad), {n} (slet ikke) eller {n} (ved ikke)",
	 "Answer {n} (to a great extent), {n} (to some extent), {n} (to a small extent), {n} (not at all) or {n} (don't know)"},
	{"Vælg goals_met, max_weeks_reached, family_withdrew, needs_other_intervention, moved eller other",
	 "Choose goals_met, max_weeks_reached, family_withdrew, needs_other_intervention, moved or other"},
	{"Angiv hvilken anden indsats familien har brug for",
	 "Say which other intervention the family needs"},
	{"Forløbet er allerede afsluttet", "The course is already closed"},
	{"Et forløb kan kun afsluttes én gang", "A course can be closed only once"},
	{"Vidensoverlevering til dagtilbuddet kræver forældrenes samtykke til deling med dagtilbud på datoen",
	 "A handover to the daycare needs the parents' consent to sharing with daycare on the date"},
	{"Kun institutionens faste sundhedsplejerske kan ændre besøget",
	 "Only the institution's assigned health visitor can change the visit"},
	{"Kun dagtilbud har en fast sundhedsplejerske",
	 "Only daycare units have an assigned health visitor"},
	{"Vælg en aktiv sundhedsplejerske i kommunen",
	 "Choose an active health visitor in the municipality"},
	{"Planlæg indeværende eller kommende år", "Plan the current or the coming year"},
	{"Ugyldigt tal", "Invalid number"},
	{"Besøget flyttes inden for samme år", "A visit is moved within the same year"},
	{"Et afholdt eller aflyst besøg kan ikke flyttes",
	 "A held or cancelled visit cannot be moved"},
	{"Vælg parents, daycare eller health_visitor", "Choose parents, daycare or health_visitor"},
	{"Skriv emnet", "Write the topic"},
	{"Besøget er allerede afholdt", "The visit has already been held"},
	{"Vælg done eller missed", "Choose done or missed"},
	{"Angiv datoen for besøget", "Give the date of the visit"},
	{"Et aflyst besøg dækker ingen emner", "A cancelled visit covers no topics"},
	{"Besøget er allerede registreret", "The visit is already recorded"},
	{"Emnet hører ikke til besøget", "The topic does not belong to the visit"},
	{"Ukendt aktivitet: vælg observation, advice, guidance, play eller other",
	 "Unknown activity: choose observation, advice, guidance, play or other"},
	{"Ugyldig liste af mål", "Invalid list of goals"},
	{"Vælg home_session, network_meeting, phone, other_place, cancelled eller no_show",
	 "Choose home_session, network_meeting, phone, other_place, cancelled or no_show"},
	{"Kun netværksmøder kan registreres på en fremtidig dato",
	 "Only network meetings can be recorded on a future date"},
	{"Vælg in_front, beside eller behind", "Choose in_front, beside or behind"},
	{"Et netværksmøde med dagtilbuddet kræver forældrenes samtykke til deling med dagtilbud på mødets dato",
	 "A network meeting with the daycare needs the parents' consent to sharing with daycare on the meeting's date"},
	{"Deling med dagtilbuddet kræver forældrenes samtykke til deling med dagtilbud på datoen",
	 "Sharing with the daycare needs the parents' consent to sharing with daycare on the date"},
	{"Du er ikke kursusleder på dette hold", "You are not a course leader on this group"},
	{"Kompetencen er allerede registreret på den dato",
	 "The competence is already recorded on that date"},
	{"Kursusledere er aktive sundhedsplejersker eller pædagoger i kommunen",
	 "Course leaders are active health visitors or pedagogues in the municipality"},
	{"Mindst én kursusleder skal være sundhedsplejerske",
	 "At least one course leader must be a health visitor"},
	{"Kursuslederen er ikke COS-P-uddannet", "The course leader is not trained in COS-P"},
	{"Giv holdet et navn", "Give the group a name"},
	{"Vælg morning, afternoon eller evening", "Choose morning, afternoon or evening"},
	{"Vælg mothers, couples, mixed eller individual",
	 "Choose mothers, couples, mixed or individual"},
	{"Første gang er startdatoen, og datoerne kommer i rækkefølge",
	 "The first session is the start date, and the dates come in order"},
	{"Datoen skal ligge mellem forrige og næste gang på holdet",
	 "The date must lie between the group's previous and next session"},
	{"Holdet har ikke den gang", "The group has no such session"},
	{"Angiv fremmøde for mindst én familie", "Give attendance for at least one family"},
	{"Fremmøde kan først registreres på dagen",
	 "Attendance can be recorded from the day itself"},
	{"Hver registrering er {offer_id, attended}", "Each record is {offer_id, attended}"},
	{"Familien er ikke på holdet", "The family is not in the group"},
	{"Familien er stoppet på holdet", "The family has dropped out of the group"},
	{"Familien stoppede før denne gang", "The family dropped out before this session"},
	{"Et hold har {n}-{n} kursusledere", "A group has {n}-{n} course leaders"},
	{"Medarbejder {n} er ikke uddannet i COS-P (Tryghedscirklen) senest på holdets startdato",
	 "Staff member {n} is not trained in COS-P (Circle of Security) by the group's start date"},
	{"Et hold har {n}-{n} pladser", "A group has {n}-{n} places"},
	{"Et hold har {n} gange", "A group has {n} sessions"},
	{"Vælg dagtilbud (enheder af typen daycare)",
	 "Choose daycare units (units of the type daycare)"},
	{"En familie kender ikke sig selv", "A family does not know itself"},
	{"Tilbuddet kan ikke dateres i fremtiden", "The offer cannot be dated in the future"},
	{"Vælg letter, phone, sms eller in_person", "Choose letter, phone, sms or in_person"},
	{"Vælg offered, accepted eller declined", "Choose offered, accepted or declined"},
	{"Ukendt forløbstrin", "Unknown course step"},
	{"If-Match mangler", "If-Match is missing"},
	{"Svaret er accepted eller declined", "The answer is accepted or declined"},
	{"Svaret kan ikke ligge før tilbuddet", "The answer cannot be before the offer"},
	{"Familien har allerede svaret på tilbuddet", "The family has already answered the offer"},
	{"Familien er allerede stoppet", "The family has already dropped out"},
	{"Kun en familie på et hold kan stoppe", "Only a family in a group can drop out"},
	{"Datoen ligger før familien fik plads", "The date is before the family got a place"},
	{"Kun en familie, der har været på hold, kan vurdere det",
	 "Only a family that has been in a group can rate it"},
	{"Vurderingen er {n}-{n}", "The rating is {n}-{n}"},
	{"Holdet findes ikke eller er aflyst", "The group does not exist or is cancelled"},
	{"Kun accepterede tilbud uden plads kan planlægges",
	 "Only accepted offers without a place can be planned"},
	{"For mange tilbud eller hold i én plan", "Too many offers or groups in one plan"},
	{"Et tilbud blev ændret undervejs; prøv igen", "An offer was changed meanwhile; try again"},
	{"Du er ikke tilknyttet dette forløb", "You are not assigned to this course"},
	{"Forløbet er afsluttet", "The course is closed"},
	{"Et afsluttet forløb kan ikke ændres", "A closed course cannot be changed"},
	{"Listen må kun indeholde medarbejder-id'er", "The list may contain only staff ids"},
	{"Samme medarbejder er valgt to gange", "The same staff member is chosen twice"},
	{"Medarbejderen findes ikke i kommunen eller er ikke hjemmepædagog",
	 "The staff member does not exist in the municipality or is not a home pedagogue"},
	{"Vælg dagtilbudsloven_{n}_{n} (dagtilbudsloven §§ {n}-{n}) eller serviceloven_{n}_{n} (serviceloven § {n}, stk. {n})",
	 "Choose dagtilbudsloven_{n}_{n} (Day Care Act sections {n}-{n}) or serviceloven_{n}_{n} (Social Services Act section {n}, subsection {n})"},
	{"Henvisningen findes ikke", "The referral does not exist"},
	{"Henvisningen er ikke bevilget", "The referral is not granted"},
	{"Et forløb kan kun oprettes fra en bevilget henvisning",
	 "A course can be created only from a granted referral"},
	{"Henvisningen har allerede et forløb", "The referral already has a course"},
	{"Der er allerede oprettet et forløb", "A course has already been created"},
	{"Vælg planned, active eller closed", "Choose planned, active or closed"},
	{"Antal pr. side skal være et helt tal fra {n} til {n}",
	 "Items per page must be a whole number from {n} to {n}"},
	{"Ugyldig fortsættelse - hent listen forfra",
	 "Invalid continuation - fetch the list from the start"},
	{"Ændringen mangler If-Match (hent forløbet igen)",
	 "The change lacks If-Match (fetch the course again)"},
	{"Send ETag fra seneste hentning af forløbet",
	 "Send the ETag from the latest fetch of the course"},
	{"Kun en koordinator kan ændre tilknyttede medarbejdere",
	 "Only a coordinator can change the assigned staff"},
	{"Kontakt koordinatoren", "Contact the coordinator"},
	{"Datoen ligger før forløbets start", "The date is before the course's start"},
	{"Begrundelsen for forlængelsen skal udfyldes", "The reason for the extension is required"},
	{"Opstartsmødet kan først registreres, når det er holdt",
	 "The start meeting can be recorded once it has been held"},
	{"Forløbet er allerede startet eller afsluttet",
	 "The course has already started or is closed"},
	{"Kun et planlagt forløb kan startes", "Only a planned course can be started"},
	{"Vælg mellem {n} og {n} hjemmepædagoger", "Choose between {n} and {n} home pedagogues"},
	{"Angiv minutter pr. uge mellem {n} og {n}", "Give minutes per week between {n} and {n}"},
	{"Fejl i personens oplysninger", "Error in the person's details"},
	{"Vælg barn (child) eller forælder/værge (guardian)",
	 "Choose child (child) or parent/guardian (guardian)"},
	{"Navnet skal udfyldes", "The name is required"},
	{"Et barn skal have CPR-nummer eller forventet fødselsdato",
	 "A child must have a CPR number or an expected birth date"},
	{"Ukendt relation (mother, father, co_mother, foster_parent, other)",
	 "Unknown relation (mother, father, co_mother, foster_parent, other)"},
	{"Personen med dette CPR-nummer er allerede registreret - find familien via CPR-opslag",
	 "The person with this CPR number is already registered - find the family by CPR lookup"},
	{"Ændringen mangler If-Match (hent oplysningerne igen)",
	 "The change lacks If-Match (fetch the details again)"},
	{"Personen har intet CPR-nummer registreret", "The person has no CPR number registered"},
	{"Ukendt formål (participation, share_daycare, share_health_visiting, evaluation_contact)",
	 "Unknown purpose (participation, share_daycare, share_health_visiting, evaluation_contact)"},
	{"Samtykket skal gives af en forælder/værge i familien",
	 "The consent must be given by a parent/guardian in the family"},
	{"Samtykket er allerede trukket tilbage", "The consent has already been withdrawn"},
	{"Tilbagetrækningen kan ikke ligge før samtykket blev givet",
	 "The withdrawal cannot be before the consent was given"},
	{"Angiv {n}-{n} gruppemedarbejdere", "Give {n}-{n} group workers"},
	{"Angiv en liste af id'er", "Give a list of ids"},
	{"Du er ikke gruppemedarbejder i denne familiegruppe",
	 "You are not a group worker in this family group"},
	{"Giv gruppen et navn", "Give the group a name"},
	{"Gruppemedarbejdere er aktive pædagoger eller sundhedsplejersker i kommunen",
	 "Group workers are active pedagogues or health visitors in the municipality"},
	{"Vælg barnets dagtilbud", "Choose the child's daycare"},
	{"Optag sker mens gruppen kører, og højst i dag",
	 "Admission happens while the group runs, and at the latest today"},
	{"Familiegruppen deler mål og trivsel med dagtilbuddet og kræver forældrenes samtykke til deling med dagtilbud",
	 "The family group shares goals and well-being with the daycare and needs the parents' consent to sharing with daycare"},
	{"Mødet ligger mellem optag og i dag", "The meeting lies between admission and today"},
	{"Vælg blandt parents, daycare, group_worker og other",
	 "Choose among parents, daycare, group_worker and other"},
	{"Forældre, dagtilbud og en gruppemedarbejder deltager i opstartsmødet",
	 "Parents, daycare and a group worker take part in the start meeting"},
	{"Aftal {n}-{n} mål for barnet", "Agree on {n}-{n} goals for the child"},
	{"Hvert mål er {text}", "Each goal is {text}"},
	{"Familien har forladt gruppen", "The family has left the group"},
	{"Opstartsmødet er allerede holdt", "The start meeting has already been held"},
	{"Familien har allerede forladt gruppen", "The family has already left the group"},
	{"Datoen ligger mellem optag og i dag", "The date lies between admission and today"},
	{"Mødet registreres, når det er holdt", "The meeting is recorded once it has been held"},
	{"Statusmøder følger efter opstartsmødet", "Status meetings follow the start meeting"},
	{"Målet findes ikke", "The goal does not exist"},
	{"Dagen ligger mellem opstartsmødet og i dag",
	 "The day lies between the start meeting and today"},
	{"Et forløb varer {n}-{n} uger", "A course lasts {n}-{n} weeks"},
	{"Gruppen har allerede {n} familier", "The group already has {n} families"},
	{"Scoren er {n}-{n}", "The score is {n}-{n}"},
	{"Vælg routines, play_presence, feelings_language, daycare_cooperation eller other",
	 "Choose routines, play_presence, feelings_language, daycare_cooperation or other"},
	{"Beskriv målet med familiens egne ord", "Describe the goal in the family's own words"},
	{"Ændringen mangler If-Match (hent målet igen)",
	 "The change lacks If-Match (fetch the goal again)"},
	{"Send ETag fra seneste hentning af målet",
	 "Send the ETag from the latest fetch of the goal"},
	{"Angiv staff (medarbejder) eller parent (forælder)",
	 "Give staff (staff member) or parent (parent)"},
	{"Datoen ligger før målet blev aftalt", "The date is before the goal was agreed"},
	{"Vælg tema {n}-{n}", "Choose theme {n}-{n}"},
	{"Angiv en værdi på skalaen {n}-{n}", "Give a value on the scale {n}-{n}"},
	{"Vælg blandt parents, health_visitor, daycare, home_pedagogue og other",
	 "Choose among parents, health_visitor, daycare, home_pedagogue and other"},
	{"Forældrene og dagtilbuddet deltager i en overleveringssamtale",
	 "The parents and the daycare take part in a handover meeting"},
	{"Angiv {n}-{n} punkter, der blev delt", "Give {n}-{n} points that were shared"},
	{"Hvert punkt er {topic, text}; topic er sleep, food, language, development, routines, relations, health eller other",
	 "Each point is {topic, text}; topic is sleep, food, language, development, routines, relations, health or other"},
	{"Vælg dagtilbuddet (en enhed af typen daycare)",
	 "Choose the daycare (a unit of the type daycare)"},
	{"Samtalen registreres, når den er holdt", "The meeting is recorded once it has been held"},
	{"En overleveringssamtale kræver forældrenes samtykke til deling med dagtilbud på samtalens dato",
	 "A handover meeting needs the parents' consent to sharing with daycare on the meeting's date"},
	{"Angiv familien", "Give the family"},
	{"Du er ikke sundhedsplejerske på dette tilbud",
	 "You are not the health visitor on this offer"},
	{"Barnet findes ikke", "The child does not exist"},
	{"Vælg topi, first_year_visits, daycare_observation eller self_referral",
	 "Choose topi, first_year_visits, daycare_observation or self_referral"},
	{"Angiv TOPI-placeringen: green, yellow eller red",
	 "Give the TOPI placement: green, yellow or red"},
	{"TOPI-placering hører kun til en TOPI-registrering",
	 "A TOPI placement belongs only to a TOPI record"},
	{"Angiv antal sundhedsplejebesøg i første leveår ({n}-{n})",
	 "Give the number of health visits in the first year of life ({n}-{n})"},
	{"Antal besøg hører kun til en registrering af besøg i første leveår",
	 "The number of visits belongs only to a record of visits in the first year of life"},
	{"Angiv barnets id", "Give the child's id"},
	{"Vælg visit_{n}_{n}y ({n}½-års-besøg) eller visit_{n}y ({n}-års-besøg)",
	 "Choose visit_{n}_{n}y ({n}½-year visit) or visit_{n}y ({n}-year visit)"},
	{"Angiv periodens første dag (ÅÅÅÅ-MM-DD)", "Give the period's first day (YYYY-MM-DD)"},
	{"Angiv periodens sidste dag (ÅÅÅÅ-MM-DD)", "Give the period's last day (YYYY-MM-DD)"},
	{"Periodens sidste dag ligger før den første", "The period's last day is before its first"},
	{"Perioden må højst være to år", "The period may be at most two years"},
	{"Vælg letter (brev), phone (telefon) eller sms",
	 "Choose letter (letter), phone (phone) or sms"},
	{"Medarbejderen findes ikke i kommunen eller er ikke sundhedsplejerske",
	 "The staff member does not exist in the municipality or is not a health visitor"},
	{"Barnet er ikke født endnu (ingen fødselsdato)",
	 "The child is not born yet (no birth date)"},
	{"Barnet er ikke i målgruppen", "The child is not in the target group"},
	{"Ingen af kommunens udvælgelseskriterier er opfyldt på tilbudsdatoen: registrér først det kriterium, der gælder",
	 "None of the municipality's selection criteria is met on the offer date: first record the criterion that applies"},
	{"Barnet har allerede fået dette tilbud", "The child has already had this offer"},
	{"Der er allerede registreret et tilbud om dette besøg",
	 "An offer of this visit is already recorded"},
	{"Vælg visit_{n}_{n}y eller visit_{n}y", "Choose visit_{n}_{n}y or visit_{n}y"},
	{"Vælg offered, accepted, declined, never_reached eller visited",
	 "Choose offered, accepted, declined, never_reached or visited"},
	{"Ændringen mangler If-Match (hent tilbuddet igen)",
	 "The change lacks If-Match (fetch the offer again)"},
	{"Send ETag fra seneste hentning af tilbuddet",
	 "Send the ETag from the latest fetch of the offer"},
	{"Tilbudsdatoen ligger efter et registreret kontaktforsøg eller svar",
	 "The offer date is after a recorded contact attempt or answer"},
	{"Tilbuddet er afsluttet", "The offer is closed"},
	{"Et tilbud, der er afslået, ikke nået eller gennemført, kan ikke ændres",
	 "An offer that was declined, never reached or carried out cannot be changed"},
	{"Tilbuddet kan ikke slettes", "The offer cannot be deleted"},
	{"Kun et tilbud uden svar, kontaktforsøg og udlånt legetøj kan slettes (et fejlagtigt oprettet tilbud)",
	 "Only an offer without an answer, contact attempts or lent toys can be deleted (an offer created by mistake)"},
	{"Kontaktforsøget ligger før tilbudsdatoen",
	 "The contact attempt is before the offer date"},
	{"Familien har allerede svaret", "The family has already answered"},
	{"Kontaktforsøg registreres, mens tilbuddet afventer svar",
	 "Contact attempts are recorded while the offer awaits an answer"},
	{"Vælg accepted (ja tak), declined (nej tak) eller never_reached (ikke truffet)",
	 "Choose accepted (yes please), declined (no thanks) or never_reached (not reached)"},
	{"Svaret ligger før tilbudsdatoen", "The answer is before the offer date"},
	{"Afbuddet ligger før familiens ja tak", "The cancellation is before the family's yes"},
	{"Angiv hvorfor familien takkede nej: fear_of_stigma, enough_contact, too_busy eller other",
	 "Say why the family declined: fear_of_stigma, enough_contact, too_busy or other"},
	{"En begrundelse hører kun til et nej tak", "A reason belongs only to a decline"},
	{"Beskriv den anden grund", "Describe the other reason"},
	{"For få kontaktforsøg", "Too few contact attempts"},
	{"Svaret passer ikke til tilbuddets status", "The answer does not fit the offer's status"},
	{"Tilbuddet har allerede et svar, der ikke kan ændres sådan",
	 "The offer already has an answer that cannot be changed like this"},
	{"Ukendt emne: vælg sleep, boundaries, feelings, relation, regulation, daycare_start, food eller other",
	 "Unknown topic: choose sleep, boundaries, feelings, relation, regulation, daycare_start, food or other"},
	{"Ugyldig liste af materialer", "Invalid list of materials"},
	{"Angiv hvad familien er henvist til", "Say what the family is referred to"},
	{"Udfyldes kun, når familien er henvist", "Filled in only when the family is referred"},
	{"Besøget ligger før tilbuddet eller familiens svar",
	 "The visit is before the offer or the family's answer"},
	{"Angiv besøgets varighed i minutter ({n}-{n})",
	 "Give the visit's duration in minutes ({n}-{n})"},
	{"Beskriv det andet emne", "Describe the other topic"},
	{"Udfyldes kun, når emnet other er valgt", "Filled in only when the topic other is chosen"},
	{"Vælg {n} (i høj grad), {n} (i nogen grad), {n} (i mindre grad), {n} (slet ikke) eller {n} (ved ikke)",
	 "Choose {n} (to a great extent), {n} (to some extent), {n} (to a small extent), {n} (not at all) or {n} (don't know)"},
	{"Familien har ikke takket ja", "The family has not accepted"},
	{"Et besøg registreres én gang, for et tilbud familien har takket ja til",
	 "A visit is recorded once, for an offer the family has accepted"},
	/* the programme's name in English too (before the general lines below) */
	{"Barnet er for ungt til Besøg ved {n}½ år: tilbuddet kan tidligst gives {d}",
	 "The child is too young for the visit at {n}½ years: the offer can be given {d} at the earliest"},
	{"Barnet er for ungt til Besøg ved {n} år: tilbuddet kan tidligst gives {d}",
	 "The child is too young for the visit at {n} years: the offer can be given {d} at the earliest"},
	{"Barnet er ude af aldersvinduet for Besøg ved {n}½ år: tilbuddet skulle gives senest {d}",
	 "The child is past the age window for the visit at {n}½ years: the offer should have been given {d} at the latest"},
	{"Barnet er ude af aldersvinduet for Besøg ved {n} år: tilbuddet skulle gives senest {d}",
	 "The child is past the age window for the visit at {n} years: the offer should have been given {d} at the latest"},
	{"Barnet er for ungt til {s}: tilbuddet kan tidligst gives {s}",
	 "The child is too young for {s}: the offer can be given {s} at the earliest"},
	{"Barnet er ude af aldersvinduet for {s}: tilbuddet skulle gives senest {s}",
	 "The child is past the age window for {s}: the offer should have been given {s} at the latest"},
	{"Familien kan først registreres som ikke truffet efter {n} forgæves kontaktforsøg; {n} er registreret",
	 "The family can be recorded as not reached only after {n} failed contact attempts; {n} are recorded"},
	{"Materialet {s} findes ikke i kataloget for denne aldersgruppe",
	 "The material {s} is not in the catalogue for this age group"},
	{"Filen kan ikke importeres - intet er ændret",
	 "The file cannot be imported - nothing has changed"},
	{"Ukendt slags import", "Unknown kind of import"},
	{"Vælg en fil (XLSX eller CSV)", "Choose a file (XLSX or CSV)"},
	{"Filnavnet er for langt", "The file name is too long"},
	{"Vælg json eller html", "Choose json or html"},
	{"Ugyldigt CPR-nummer", "Invalid CPR number"},
	{"Rede har ingen oplysninger om en person med det CPR-nummer",
	 "Rede has no information about a person with that CPR number"},
	{"Skal være et familie-id", "Must be a family id"},
	{"Angiv begrundelsen", "Give the reason"},
	{"Familien er allerede omfattet af et retligt stop",
	 "The family is already covered by a legal hold"},
	{"Det retlige stop er allerede ophævet", "The legal hold has already been lifted"},
	{"Vælg {n}_{n}y eller {n}y", "Choose {n}_{n}y or {n}y"},
	{"Koden skal være {n}-{n} tegn: store bogstaver A-Z, cifre og _, og begynde med et bogstav",
	 "The code must be {n}-{n} characters: capital letters A-Z, digits and _, starting with a letter"},
	{"Vælg day_wheel, inspiration_cards, parents_booklet, film, agreement_cards, toy_box eller other",
	 "Choose day_wheel, inspiration_cards, parents_booklet, film, agreement_cards, toy_box or other"},
	{"Materialets navn skal udfyldes", "The material's name is required"},
	{"Koden findes allerede i kataloget", "The code already exists in the catalogue"},
	{"Du kan kun svare for dig selv", "You can answer only for yourself"},
	{"For mange materialer i ét svar", "Too many materials in one answer"},
	{"Materialet findes ikke i kataloget", "The material is not in the catalogue"},
	{"Et materiale, man bruger, kender man også", "A material you use is also one you know"},
	{"Opslaget kræver et formål", "The lookup needs a purpose"},
	{"Vælg formålet med opslaget", "Choose the purpose of the lookup"},
	{"Ukendt formål", "Unknown purpose"},
	{"Henvisning er til hjemmepædagogisk forløb (home_pedagogue)",
	 "A referral is to a home-pedagogue course (home_pedagogue)"},
	{"Ukendt henvisningskilde", "Unknown referral source"},
	{"TOPI-placering er grøn (green), gul (yellow) eller rød (red)",
	 "A TOPI placement is green (green), yellow (yellow) or red (red)"},
	{"Beskriv årsagen til henvisningen", "Describe the reason for the referral"},
	{"Ukendt risikofaktor", "Unknown risk factor"},
	{"Ukendt status", "Unknown status"},
	{"Henvisningen er allerede afgjort", "The referral has already been decided"},
	{"Rapporten har ingen sådan figur", "The report has no such chart"},
	{"Vælg en tabel med en figur", "Choose a table with a chart"},
	{"Log ind med kommunens login", "Sign in with the municipality's login"},
	{"Din kommune har slået log ind med adgangskode fra. Brug \"Log ind med kommunens login\".",
	 "Your municipality has turned off sign-in with a password. Use \"Sign in with the municipality's login\"."},
	{"Du logger ind med kommunens login og har ingen adgangskode i Rede",
	 "You sign in with the municipality's login and have no password in Rede"},
	{"Prøv igen om {n} sekunder", "Try again in {n} seconds"},
	{"Højst {n} forløb pr. sparring", "At most {n} courses per sparring session"},
	{"Hvert forløb er {enrolment_id, note}; noten må udelades",
	 "Each course is {enrolment_id, note}; the note may be left out"},
	{"Noten er for lang (højst {n} tegn)", "The note is too long (at most {n} characters)"},
	{"Vælg individual, group, ppr, health_visiting, family_department eller leader",
	 "Choose individual, group, ppr, health_visiting, family_department or leader"},
	{"Angiv måneden som ÅÅÅÅ-MM", "Give the month as YYYY-MM"},
	{"Højst {n} nødadgange", "At most {n} emergency accesses"},
	{"Nødadgang skal være en aktiv bruger i kommunen med adgangskode",
	 "Emergency access must be an active user in the municipality with a password"},
	{"Angiv mindst én administrator med nødadgang, før adgangskoder slås fra",
	 "Name at least one administrator with emergency access before passwords are turned off"},
	{"Vælg available, checked_out, quarantine eller written_off",
	 "Choose available, checked_out, quarantine or written_off"},
	{"Kassens mærkning skal udfyldes", "The box's label is required"},
	{"Der findes allerede en kasse med den mærkning", "A box with that label already exists"},
	{"Kassen er afskrevet", "The box is written off"},
	{"En afskrevet kasse kan ikke udlånes eller ændres",
	 "A written-off box cannot be lent or changed"},
	{"Kassen er udlånt", "The box is lent out"},
	{"Kassen er ude til et andet besøg", "The box is out for another visit"},
	{"Kassen er ikke udlånt", "The box is not lent out"},
	{"Kun en udlånt kasse kan afleveres", "Only a lent box can be returned"},
	{"Kassen er netop ændret af en anden", "The box was just changed by someone else"},
	{"Hent kassens status igen", "Fetch the box's status again"},
	{"Tilbuddet findes ikke", "The offer does not exist"},
	{"Kassen udlånes af besøgets sundhedsplejerske",
	 "The box is lent by the visit's health visitor"},
	{"Kassen passer ikke til besøget", "The box does not fit the visit"},
	{"Kassens aldersgruppe er en anden end besøgets ({n}½ eller {n} år)",
	 "The box's age group differs from the visit's ({n}½ or {n} years)"},
	{"Familien har ikke takket ja til besøget", "The family has not accepted the visit"},
	{"En kasse udlånes til et besøg, familien har takket ja til",
	 "A box is lent for a visit the family has accepted"},
	{"Kassen er i karantæne", "The box is in quarantine"},
	{"Vælg lost (bortkommet), damaged (ødelagt) eller other",
	 "Choose lost (lost), damaged (damaged) or other"},
	{"Beskriv hvorfor kassen afskrives", "Describe why the box is written off"},
	{"Spørgsmålene til dette element følger typologien og kan ikke ændres",
	 "The questions for this element follow the typology and cannot be changed"},
	{"Skriv mellem {n} og {n} spørgsmål", "Write between {n} and {n} questions"},
	{"Et spørgsmål er tekst på {n} til {n} tegn",
	 "A question is text of {n} to {n} characters"},
	{"Praksis skal have et navn", "The practice must have a name"},
	{"Vælg home_pedagogue, visit_{n}_{n}y, visit_{n}y, cosp eller family_group - eller intet, hvis praksis ikke kører i Rede",
	 "Choose home_pedagogue, visit_{n}_{n}y, visit_{n}y, cosp or family_group - or nothing if the practice does not run in Rede"},
	{"Der findes allerede en praksis med det navn", "A practice with that name already exists"},
	{"For mange svar", "Too many answers"},
	{"Et svar er {question_id, yes}", "An answer is {question_id, yes}"},
	{"Spørgsmålet er ikke i brug i kommunen", "The question is not in use in the municipality"},
	{"Spørgsmålet er besvaret to gange", "The question is answered twice"},
	{"Alle spørgsmål skal besvares", "All questions must be answered"},
	{"Ukendt enhedstype (dagtilbud, sundhedspleje, forvaltning, familieafdeling eller PPR)",
	 "Unknown unit type (daycare, health visiting, administration, family department or PPR)"},
	{"Der findes allerede en enhed med det navn", "A unit with that name already exists"},
	{"Angiv en kendt rolle, fx home_pedagogue", "Give a known role, e.g. home_pedagogue"},
	{"Ugyldig liste af enheder", "Invalid list of units"},
	{"Brugernavnet skal have {n}-{n} tegn: a-z, {n}-{n}, punktum, bindestreg eller understreg",
	 "The username must have {n}-{n} characters: a-z, {n}-{n}, full stop, hyphen or underscore"},
	{"En servicekonto logger ind med et token, ikke en adgangskode",
	 "A service account signs in with a token, not a password"},
	{"Ændringen mangler If-Match (hent brugeren igen)",
	 "The change lacks If-Match (fetch the user again)"},
	{"Du kan ikke deaktivere dig selv", "You cannot deactivate yourself"},
	{"En servicekonto har ingen adgangskode", "A service account has no password"},
	{"Brugeren logger ind med kommunens login og har ingen adgangskode i Rede",
	 "The user signs in with the municipality's login and has no password in Rede"},
	{"Vælg en anden bruger i kommunen", "Choose another user of the municipality"},
	{"Brugeren er deaktiveret", "The user is disabled"},
	{"Brugeren logger allerede ind med kommunens login",
	 "The user already signs in with the municipality's login"},
	{"Den valgte bruger logger ikke ind med kommunens login",
	 "The chosen user does not sign in with the municipality's login"},
	{"Du kan ikke flytte dit eget login", "You cannot move your own login"},
	{"En servicekonto logger ind med et token, ikke med kommunens login",
	 "A service account signs in with a token, not with the municipality's login"},
	{"Ukendt kolonne i kolonne {s} (se skabelonen for {s})",
	 "Unknown column in column {s} (see the template for {s})"},
	{"Kolonnen \"{s}\" mangler", "The column \"{s}\" is missing"},
	{"Ukendt værdi - vælg en af: {s}", "Unknown value - choose one of: {s}"},
	{"Ukendt værdi i listen - brug: {s}", "Unknown value in the list - use: {s}"},
	{"Det samme id står to gange", "The same id appears twice"},
	{"Højst {n}", "At most {n}"},
	{"Idempotency-Key er brugt til en forespørgsel med et andet indhold",
	 "Idempotency-Key was used for a request with other content"},
	{"Nøglen er brugt før med andre data - brug en ny nøgle",
	 "The key was used before with other data - use a new key"},
	{"Nøglen skal være {n}-{n} synlige tegn", "The key must be {n}-{n} visible characters"},
	{"Indholdet skal være en formular", "The content must be a form"},
	{"Brug application/x-www-form-urlencoded", "Use application/x-www-form-urlencoded"},
	{"Brug application/json", "Use application/json"},
	{"Filen er for stor (højst {n} MiB)", "The file is too large (at most {n} MiB)"},
	{"Rapporten findes ikke", "The report does not exist"},
	{"Vælg json, csv, csv-da, xlsx, html eller svg",
	 "Choose json, csv, csv-da, xlsx, html or svg"},
	{"Fletteudtræk laves kun med rede report på serveren",
	 "Merge extracts are made only with rede report on the server"},
	{"Datoen skal skrives ÅÅÅÅ-MM-DD", "Write the date as YYYY-MM-DD"},
	{"Perioden skal begynde før den slutter", "The period must begin before it ends"},
	{"Perioden må højst være {n} år", "The period may be at most {n} years"},
	{"Runden skal være et helt tal fra {n}", "The round must be a whole number from {n}"},
	{"Du kan kun se din egen kommunes tal", "You can see only your own municipality's figures"},
	{"Kommunen findes ikke", "The municipality does not exist"},
	{"Vælg en kommune", "Choose a municipality"},
	{"Enheden skal angives med sit id", "Give the unit by its id"},
	{"Du kan kun se tal for dine egne enheder", "You can see figures only for your own units"},
	{"Tal for en enkelt enhed ser kun enhedens egne medarbejdere",
	 "Figures for a single unit are seen only by the unit's own staff"},
	{"Vælg én kommune, alle kommuner eller en hel runde (round=): tal for andre udvalg kunne trækkes fra hinanden",
	 "Choose one municipality, all municipalities or a whole round (round=): figures for other selections could be subtracted from each other"},
	{"Besøget kan først registreres, når det har fundet sted",
	 "The visit can be recorded once it has taken place"},
	{"Et kontaktforsøg kan ikke dateres i fremtiden",
	 "A contact attempt cannot be dated in the future"},
	{"Svaret kan ikke dateres i fremtiden", "The answer cannot be dated in the future"},
	{"Tilbuddet kan først registreres, når det er givet",
	 "The offer can be recorded once it has been given"},
	{"Vælg blandt morning, afternoon og evening",
	 "Choose among morning, afternoon and evening"},
	{"Vælg blandt mothers, couples, mixed og individual",
	 "Choose among mothers, couples, mixed and individual"},
};

/* A value a placeholder matched in a Danish message. */
struct val {
	const char *at;
	size_t len;
};

/* Does the Danish message s match the table's pattern p? "{n}" is a run of
 * digits, "{d}" a date dd-mm-åååå, "{s}" any text (shortest first, at least
 * one character); everything else matches itself. The placeholders' values
 * go to vals in order (at most 8; *nv counts them). */
static bool match(const char *s, const char *p, struct val vals[8], int *nv)
{
	int n0 = *nv;

	for (;;) {
		if (!*p)
			return !*s;
		if (!strncmp(p, "{n}", 3) || !strncmp(p, "{d}", 3)) {
			size_t k = strspn(s, "0123456789");

			if (p[1] == 'd')
				k = isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
						    s[2] == '-' && isdigit((unsigned char)s[3]) &&
						    isdigit((unsigned char)s[4]) && s[5] == '-' &&
						    strspn(s + 6, "0123456789") == 4
					    ? 10
					    : 0;
			if (!k || *nv == 8)
				return false;
			vals[(*nv)++] = (struct val){s, k};
			s += k;
			p += 3;
		} else if (!strncmp(p, "{s}", 3)) {
			if (*nv == 8)
				return false;
			for (size_t k = 1; s[k - 1]; k++) {
				int n = *nv + 1;

				vals[*nv] = (struct val){s, k};
				if (match(s + k, p + 3, vals, &n)) {
					*nv = n;
					return true;
				}
			}
			*nv = n0;
			return false;
		} else if (*s == *p) {
			s++;
			p++;
		} else {
			*nv = n0;
			return false;
		}
	}
}

/* The English of a Danish message, or NULL. Caller frees. */
static char *english(const char *da)
{
	struct val vals[8];

	if (!da)
		return NULL;
	for (size_t i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++) {
		struct buf b;
		int nv = 0, v = 0;

		if (!match(da, msgs[i].da, vals, &nv))
			continue;
		buf_init(&b, 0);
		for (const char *p = msgs[i].en; *p;) {
			if ((!strncmp(p, "{n}", 3) || !strncmp(p, "{d}", 3) ||
			     !strncmp(p, "{s}", 3)) &&
			    v < nv) {
				buf_printf(&b, "%.*s", (int)vals[v].len, vals[v].at);
				v++;
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
	json_array_foreach(json_object_get(problem, "errors"), i, e) swap(e, "message");
}
