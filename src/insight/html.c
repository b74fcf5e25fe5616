/*
 * html.c - the insight document as a printable Danish HTML page for a
 * parent (see insight.h): plain words for every code, one section per kind
 * of record, who received the data, how long it is kept, and the list of
 * look-ups with date, time and purpose. Self-contained (its own small
 * style sheet, no script, no external resource), so it can be saved,
 * e-mailed through a secure channel or printed. Every value is escaped.
 */
#include <stdlib.h>
#include <string.h>

#include "insight/insight.h"
#include "rede/util.h"

/* ---- Danish words for the stored codes ---- */
static const char *const labels[][3] = {
	{"kind", "child", "Barn"},
	{"kind", "guardian", "Forælder"},
	{"relation", "mother", "Mor"},
	{"relation", "father", "Far"},
	{"relation", "co_mother", "Medmor"},
	{"relation", "foster_parent", "Plejeforælder"},
	{"relation", "other", "Anden"},
	{"consent", "participation", "Deltagelse i forløb"},
	{"consent", "share_daycare", "Deling af oplysninger med dagtilbud"},
	{"consent", "share_health_visiting", "Deling af oplysninger med sundhedsplejen"},
	{"consent", "evaluation_contact", "Kontakt om evaluering"},
	{"programme", "home_pedagogue", "Hjemmepædagogisk forløb"},
	{"programme", "cosp", "COS-P-forældrekursus (Tryghedscirklen)"},
	{"programme", "family_group", "Familiegruppe"},
	{"programme", "visit_1_5y", "Sundhedsplejens besøg ved 1½ år"},
	{"programme", "visit_3y", "Sundhedsplejens besøg ved 3 år"},
	{"programme", "daycare", "Overleveringssamtale"},
	{"programme", "all", "Familien"},
	{"source", "health_visiting", "Sundhedsplejen"},
	{"source", "daycare", "Dagtilbud"},
	{"source", "midwife", "Jordemoder"},
	{"source", "gp", "Egen læge"},
	{"source", "family_department", "Familieafdelingen"},
	{"source", "self", "Familien selv"},
	{"source", "other", "Andre"},
	{"status", "pending", "Afventer afgørelse"},
	{"status", "accepted", "Bevilget"},
	{"status", "rejected", "Afslået"},
	{"status", "referred_elsewhere", "Henvist til anden indsats"},
	{"status", "waitlist", "På venteliste"},
	{"status", "declined_by_family", "Familien takkede nej"},
	{"status", "planned", "Planlagt"},
	{"status", "active", "I gang"},
	{"status", "closed", "Afsluttet"},
	{"status", "offered", "Tilbudt"},
	{"status", "declined", "Takket nej"},
	{"status", "never_reached", "Ikke truffet"},
	{"status", "visited", "Besøgt"},
	{"legal_frame", "dagtilbudsloven_8_9", "Dagtilbudsloven §§ 8-9"},
	{"legal_frame", "serviceloven_11_3", "Serviceloven § 11, stk. 3"},
	{"contact", "home_session", "Besøg i hjemmet"},
	{"contact", "network_meeting", "Netværksmøde med dagtilbud"},
	{"contact", "phone", "Telefonsamtale"},
	{"contact", "other_place", "Møde et andet sted"},
	{"contact", "cancelled", "Aflyst"},
	{"contact", "no_show", "Udeblevet"},
	{"activity", "observation", "observation"},
	{"activity", "advice", "rådgivende samtale"},
	{"activity", "guidance", "konkret anvisning"},
	{"activity", "play", "leg og aktivitet"},
	{"activity", "other", "andet"},
	{"stance", "in_front", "gik foran"},
	{"stance", "beside", "gik ved siden af"},
	{"stance", "behind", "gik bagved"},
	{"theme", "1", "Relationer og rammer i hjemmet"},
	{"theme", "2", "Barnets trivsel, læring og udvikling"},
	{"theme", "3", "Samarbejde med dagtilbud"},
	{"focus", "routines", "Faste rutiner"},
	{"focus", "play_presence", "Leg og nærvær"},
	{"focus", "feelings_language", "Følelser, tanker og sprog"},
	{"focus", "daycare_cooperation", "Samarbejde med dagtilbud"},
	{"focus", "other", "Andet"},
	{"attainment", "met", "Nået"},
	{"attainment", "partly", "Delvist nået"},
	{"attainment", "not_met", "Ikke nået"},
	{"closure", "goals_met", "Målene er nået"},
	{"closure", "max_weeks_reached", "Forløbets længste varighed er nået"},
	{"closure", "family_withdrew", "Familien trak sig"},
	{"closure", "needs_other_intervention", "Familien har brug for en anden indsats"},
	{"closure", "moved", "Familien flyttede"},
	{"closure", "other", "Andet"},
	{"answer", "1", "I høj grad"},
	{"answer", "2", "I nogen grad"},
	{"answer", "3", "I mindre grad"},
	{"answer", "4", "Slet ikke"},
	{"answer", "0", "Ved ikke"},
	{"criterion", "topi", "TOPI gul eller rød"},
	{"criterion", "first_year_visits", "Mange sundhedsplejebesøg det første år"},
	{"criterion", "daycare_observation", "Observation fra dagtilbud"},
	{"criterion", "self_referral", "Familien henvendte sig selv"},
	{"topi", "green", "Grøn"},
	{"topi", "yellow", "Gul"},
	{"topi", "red", "Rød"},
	{"channel", "letter", "Brev"},
	{"channel", "phone", "Telefon"},
	{"channel", "sms", "SMS"},
	{"channel", "in_person", "Personligt"},
	{"decline", "fear_of_stigma", "Frygt for at blive stemplet"},
	{"decline", "enough_contact", "Nok kontakt med kommunen"},
	{"decline", "too_busy", "For travlt"},
	{"decline", "other", "Andet"},
	{"topic", "sleep", "søvn"},
	{"topic", "boundaries", "grænser og opdragelse"},
	{"topic", "feelings", "følelser"},
	{"topic", "relation", "relation"},
	{"topic", "regulation", "regulering"},
	{"topic", "daycare_start", "start i dagtilbud"},
	{"topic", "food", "mad"},
	{"topic", "other", "andet"},
	{"topic", "language", "sprog"},
	{"topic", "development", "udvikling"},
	{"topic", "routines", "rutiner"},
	{"topic", "relations", "relationer"},
	{"topic", "health", "helbred"},
	{"rater", "staff", "medarbejder"},
	{"rater", "parent", "forælder"},
	{"action", "read", "Læst"},
	{"action", "search", "Søgt frem"},
	{"action", "create", "Oprettet"},
	{"action", "update", "Ændret"},
	{"action", "delete", "Slettet"},
	{"action", "reveal", "CPR-nummer vist"},
	{"action", "export", "Udtrukket"},
	{"action", "insight", "Indsigt dannet"},
	{"action", "decide", "Afgørelse truffet"},
	{"action", "hold", "Retligt stop sat"},
	{"action", "release", "Retligt stop ophævet"},
	{"kindcase", "course", "Forløb"},
	{"kindcase", "referral", "Henvisninger uden forløb"},
	{"kindcase", "health_visit", "Sundhedsplejens besøg"},
	{"kindcase", "handover", "Overleveringssamtaler"},
	{"kindcase", "family", "Familien og personerne"},
	{"from", "end", "sagens afslutning"},
	{"from", "last_entry", "seneste notat i sagen"},
	{"participant", "parents", "forældrene"},
	{"participant", "health_visitor", "sundhedsplejersken"},
	{"participant", "daycare", "dagtilbuddet"},
	{"participant", "home_pedagogue", "hjemmepædagogen"},
	{"participant", "group_worker", "gruppemedarbejderen"},
	{"participant", "other", "andre"},
	{"slot", "morning", "formiddag"},
	{"slot", "afternoon", "eftermiddag"},
	{"slot", "evening", "aften"},
	{"slot", "mothers", "mødrehold"},
	{"slot", "couples", "parhold"},
	{"slot", "mixed", "blandet hold"},
	{"slot", "individual", "individuelt forløb"},
};

static const char *lbl(const char *group, const char *code)
{
	if (!code)
		return "";
	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (!strcmp(labels[i][0], group) && !strcmp(labels[i][1], code))
			return labels[i][2];
	return code;
}

/* ---- writing ---- */

static void esc(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': buf_adds(b, "&amp;"); break;
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		case '"': buf_adds(b, "&quot;"); break;
		case '\'': buf_adds(b, "&#39;"); break;
		default: buf_addch(b, *s);
		}
	}
}

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* "2026-11-23" -> "23-11-2026" (the UI's Danish date form). */
static void date_da(struct buf *b, const char *d)
{
	if (d && strlen(d) >= 10 && d[4] == '-' && d[7] == '-')
		buf_printf(b, "%.2s-%.2s-%.4s", d + 8, d + 5, d);
	else
		esc(b, d);
}

/* A comma list of codes in words. */
static void codes(struct buf *b, const char *group, const char *list)
{
	char *copy = xstrdup(list ? list : ""), *save = NULL;
	bool first = true;

	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		buf_adds(b, first ? "" : ", ");
		esc(b, lbl(group, t));
		first = false;
	}
	free(copy);
}

enum vk { V_TEXT, V_DATE, V_CODE, V_CODES, V_YESNO, V_MINUTES, V_CPR };

/* One row of a fact table; nothing when the value is empty. */
static void row(struct buf *b, const char *label, const json_t *o, const char *key, enum vk k,
		const char *group)
{
	const char *v = str(o, key);

	if (!v || !*v)
		return;
	buf_adds(b, "<tr><th scope=\"row\">");
	esc(b, label);
	buf_adds(b, "</th><td>");
	switch (k) {
	case V_DATE: date_da(b, v); break;
	case V_CODE: esc(b, lbl(group, v)); break;
	case V_CODES: codes(b, group, v); break;
	case V_YESNO: buf_adds(b, strcmp(v, "0") ? "Ja" : "Nej"); break;
	case V_MINUTES: buf_printf(b, "%s minutter", v); break;
	default: esc(b, v);
	}
	buf_adds(b, "</td></tr>\n");
}

static void table_open(struct buf *b)
{
	buf_adds(b, "<table class=\"facts\">\n");
}

static void table_close(struct buf *b)
{
	buf_adds(b, "</table>\n");
}

static void h(struct buf *b, int level, const char *text)
{
	buf_printf(b, "<h%d>", level);
	esc(b, text);
	buf_printf(b, "</h%d>\n", level);
}

static void p(struct buf *b, const char *text)
{
	buf_adds(b, "<p>");
	esc(b, text);
	buf_adds(b, "</p>\n");
}

static void erased_note(struct buf *b, const json_t *o)
{
	if (str(o, "erased_at"))
		p(b,
		  "Sagen er slettet, fordi opbevaringsfristen er udløbet og sagen er afleveret "
		  "til arkiv. Kun datoer og koder, som bruges til statistik uden navne, er tilbage.");
}

static void person_facts(struct buf *b, const json_t *o)
{
	table_open(b);
	row(b, "Navn", o, "given_name", V_TEXT, NULL);
	row(b, "Efternavn", o, "family_name", V_TEXT, NULL);
	row(b, "CPR-nummer", o, "cpr", V_TEXT, NULL);
	row(b, "Fødselsdato", o, "birth_date", V_DATE, NULL);
	row(b, "Terminsdato", o, "expected_birth_date", V_DATE, NULL);
	row(b, "Rolle i familien", o, "kind", V_CODE, "kind");
	row(b, "Relation til barnet", o, "relation", V_CODE, "relation");
	row(b, "Bor sammen med barnet", o, "lives_with_child", V_YESNO, NULL);
	row(b, "Telefon", o, "phone", V_TEXT, NULL);
	row(b, "Sprog", o, "language", V_TEXT, NULL);
	row(b, "Behov for tolk", o, "interpreter_needed", V_YESNO, NULL);
	table_close(b);
}

static void list_items(struct buf *b, const json_t *arr, void (*item)(struct buf *, const json_t *))
{
	size_t i;
	const json_t *o;

	if (!json_array_size(arr))
		return;
	buf_adds(b, "<ul>\n");
	json_array_foreach(arr, i, o)
	{
		buf_adds(b, "<li>");
		item(b, o);
		buf_adds(b, "</li>\n");
	}
	buf_adds(b, "</ul>\n");
}

static void rating_item(struct buf *b, const json_t *o)
{
	date_da(b, str(o, "rated_on"));
	buf_adds(b, ": ");
	esc(b, str(o, "value"));
	buf_adds(b, " (vurderet af ");
	esc(b, lbl("rater", str(o, "rated_by_kind")));
	buf_adds(b, ")");
}

static void contact_item(struct buf *b, const json_t *o)
{
	date_da(b, str(o, "happened_on"));
	buf_adds(b, ": ");
	esc(b, lbl("contact", str(o, "kind")));
	buf_printf(b, ", %s minutter", str(o, "minutes") ? str(o, "minutes") : "0");
	if (str(o, "activities") && *str(o, "activities")) {
		buf_adds(b, " (");
		codes(b, "activity", str(o, "activities"));
		buf_adds(b, ")");
	}
	if (str(o, "stance")) {
		buf_adds(b, "; hjemmepædagogen ");
		esc(b, lbl("stance", str(o, "stance")));
	}
	if (str(o, "shared_with_daycare") && strcmp(str(o, "shared_with_daycare"), "0"))
		buf_adds(b, "; delt med dagtilbuddet");
	if (str(o, "recorded_by")) {
		buf_adds(b, "; registreret af ");
		esc(b, str(o, "recorded_by"));
	}
	if (str(o, "note") && *str(o, "note")) {
		buf_adds(b, "<br>Notat: ");
		esc(b, str(o, "note"));
	}
}

static void attendance_item(struct buf *b, const json_t *o)
{
	buf_adds(b, "Gang ");
	esc(b, str(o, "number"));
	buf_adds(b, " (");
	date_da(b, str(o, "held_on"));
	buf_adds(b, strcmp(str(o, "attended") ? str(o, "attended") : "0", "0") ? "): mødt op"
									       : "): ikke mødt op");
}

static void score_item(struct buf *b, const json_t *o)
{
	date_da(b, str(o, "scored_on"));
	buf_adds(b, ": ");
	esc(b, str(o, "score"));
	if (str(o, "did") && *str(o, "did")) {
		buf_adds(b, " - ");
		esc(b, str(o, "did"));
	}
}

static void meeting_item(struct buf *b, const json_t *o)
{
	date_da(b, str(o, "held_on"));
	if (str(o, "note") && *str(o, "note")) {
		buf_adds(b, ": ");
		esc(b, str(o, "note"));
	}
}

static void course(struct buf *b, const json_t *e)
{
	const json_t *goals = json_object_get(e, "goals"), *cl = json_object_get(e, "closure");
	const json_t *cosp = json_object_get(e, "cosp"), *fg = json_object_get(e, "family_group");
	size_t i;
	const json_t *g, *s;

	buf_adds(b, "<section class=\"case\">\n");
	h(b, 3, lbl("programme", str(e, "programme")));
	erased_note(b, e);
	table_open(b);
	row(b, "Barn", e, "child", V_TEXT, NULL);
	row(b, "Status", e, "status", V_CODE, "status");
	row(b, "Lovgrundlag", e, "legal_frame", V_CODE, "legal_frame");
	row(b, "Ansvarlig enhed", e, "unit", V_TEXT, NULL);
	row(b, "Opstartsmøde", e, "start_meeting_on", V_DATE, NULL);
	row(b, "Start", e, "start_on", V_DATE, NULL);
	row(b, "Planlagt afslutning", e, "planned_end_on", V_DATE, NULL);
	row(b, "Forlænget til", e, "extension_until", V_DATE, NULL);
	row(b, "Begrundelse for forlængelse", e, "extension_reason", V_TEXT, NULL);
	row(b, "Afsluttet", e, "closed_on", V_DATE, NULL);
	table_close(b);
	if (json_array_size(json_object_get(e, "staff"))) {
		buf_adds(b, "<p>Medarbejdere: ");
		json_array_foreach(json_object_get(e, "staff"), i, s)
		{
			buf_adds(b, i ? ", " : "");
			esc(b, str(s, "display_name"));
		}
		buf_adds(b, "</p>\n");
	}
	if (json_array_size(goals)) {
		h(b, 4, "Mål");
		json_array_foreach(goals, i, g)
		{
			buf_adds(b, "<div class=\"goal\">");
			table_open(b);
			row(b, "Mål", g, "text", V_TEXT, NULL);
			row(b, "Tema", g, "theme", V_CODE, "theme");
			row(b, "Fokusområde", g, "focus_area", V_CODE, "focus");
			row(b, "Aftalt", g, "agreed_on", V_DATE, NULL);
			row(b, "Udgangspunkt", g, "baseline", V_TEXT, NULL);
			row(b, "Mål på skalaen", g, "target", V_TEXT, NULL);
			row(b, "Nået ved afslutning", g, "attainment", V_CODE, "attainment");
			table_close(b);
			list_items(b, json_object_get(g, "ratings"), rating_item);
			buf_adds(b, "</div>\n");
		}
	}
	if (json_array_size(json_object_get(e, "contacts"))) {
		h(b, 4, "Kontakter");
		list_items(b, json_object_get(e, "contacts"), contact_item);
	}
	if (json_is_object(cl)) {
		h(b, 4, "Afslutning");
		table_open(b);
		row(b, "Dato", cl, "closed_on", V_DATE, NULL);
		row(b, "Årsag", cl, "reason", V_CODE, "closure");
		row(b, "Anden indsats", cl, "other_intervention", V_TEXT, NULL);
		row(b, "Overlevering til dagtilbud", cl, "handover_on", V_DATE, NULL);
		row(b, "Videre henvisning", cl, "onward_referral", V_TEXT, NULL);
		row(b, "Forældrekompetencer", cl, "eval_parenting", V_CODE, "answer");
		row(b, "Hjemmets læringsmiljø", cl, "eval_learning_environment", V_CODE, "answer");
		row(b, "Barnets udvikling", cl, "eval_child_development", V_CODE, "answer");
		row(b, "Samarbejdet med dagtilbud", cl, "eval_daycare_cooperation", V_CODE,
		    "answer");
		row(b, "Støtte til at være en god forælder", cl, "eval_good_parent", V_CODE,
		    "answer");
		table_close(b);
	}
	if (json_is_object(cosp)) {
		table_open(b);
		row(b, "Tilbudt", cosp, "offered_on", V_DATE, NULL);
		row(b, "Hvordan", cosp, "channel", V_CODE, "channel");
		row(b, "Svar", cosp, "status", V_CODE, "status");
		row(b, "Svaret", cosp, "answered_on", V_DATE, NULL);
		row(b, "Begrundelse for nej", cosp, "decline_reason", V_TEXT, NULL);
		row(b, "Tidspunkter I kunne", cosp, "slots", V_CODES, "slot");
		row(b, "Holdtyper I ønskede", cosp, "types", V_CODES, "slot");
		row(b, "Hold", cosp, "course", V_TEXT, NULL);
		row(b, "Holdet startede", cosp, "course_start", V_DATE, NULL);
		row(b, "Placeret", cosp, "placed_on", V_DATE, NULL);
		row(b, "Stoppet", cosp, "dropout_on", V_DATE, NULL);
		row(b, "Årsag til stop", cosp, "dropout_reason", V_TEXT, NULL);
		row(b, "Jeres vurdering", cosp, "rating", V_CODE, "answer");
		table_close(b);
		list_items(b, json_object_get(cosp, "attendance"), attendance_item);
	}
	if (json_is_object(fg)) {
		table_open(b);
		row(b, "Gruppe", fg, "group_name", V_TEXT, NULL);
		row(b, "Dagtilbud", fg, "daycare", V_TEXT, NULL);
		row(b, "Startede", fg, "joined_on", V_DATE, NULL);
		row(b, "Opstartsmøde", fg, "start_meeting_on", V_DATE, NULL);
		row(b, "Deltagere i opstartsmødet", fg, "start_participants", V_CODES,
		    "participant");
		row(b, "Stoppede", fg, "left_on", V_DATE, NULL);
		row(b, "Årsag", fg, "left_reason", V_TEXT, NULL);
		table_close(b);
		json_array_foreach(json_object_get(fg, "goals"), i, g)
		{
			buf_adds(b, "<p>Mål: ");
			esc(b, str(g, "text"));
			buf_adds(b, " (aftalt ");
			date_da(b, str(g, "agreed_on"));
			buf_adds(b, "). Dagtilbuddets daglige vurdering (1-4):</p>\n");
			list_items(b, json_object_get(g, "scores"), score_item);
		}
		if (json_array_size(json_object_get(fg, "status_meetings"))) {
			p(b, "Statusmøder:");
			list_items(b, json_object_get(fg, "status_meetings"), meeting_item);
		}
	}
	buf_adds(b, "</section>\n");
}

static void decision_item(struct buf *b, const json_t *o)
{
	date_da(b, str(o, "decided_on"));
	buf_adds(b, ": ");
	esc(b, lbl("status", str(o, "outcome")));
	if (str(o, "reason")) {
		buf_adds(b, ". Begrundelse: ");
		esc(b, str(o, "reason"));
	}
	if (str(o, "other_intervention")) {
		buf_adds(b, ". Henvist til: ");
		esc(b, str(o, "other_intervention"));
	}
	if (str(o, "section52_justification")) {
		buf_adds(b, ". Begrundelse trods foranstaltninger: ");
		esc(b, str(o, "section52_justification"));
	}
	if (str(o, "decided_by")) {
		buf_adds(b, " (");
		esc(b, str(o, "decided_by"));
		buf_adds(b, ")");
	}
}

static void label_item(struct buf *b, const json_t *o)
{
	esc(b, str(o, "label"));
}

static void referral(struct buf *b, const json_t *r)
{
	buf_adds(b, "<section class=\"case\">\n");
	h(b, 3, "Henvisning til hjemmepædagogisk forløb");
	erased_note(b, r);
	table_open(b);
	row(b, "Barn", r, "child", V_TEXT, NULL);
	row(b, "Henvist", r, "referred_on", V_DATE, NULL);
	row(b, "Henvist af", r, "source", V_CODE, "source");
	row(b, "Medarbejder", r, "referred_by", V_TEXT, NULL);
	row(b, "Hvordan I hørte om tilbuddet", r, "channel", V_TEXT, NULL);
	row(b, "Begrundelse", r, "reason", V_TEXT, NULL);
	row(b, "TOPI", r, "topi", V_CODE, "topi");
	if (str(r, "section52") && strcmp(str(r, "section52"), "0"))
		row(b, "Foranstaltninger efter serviceloven § 52", r, "section52", V_YESNO, NULL);
	row(b, "Status", r, "status", V_CODE, "status");
	table_close(b);
	if (json_array_size(json_object_get(r, "risk_factors"))) {
		p(b, "Forhold, der blev lagt vægt på:");
		list_items(b, json_object_get(r, "risk_factors"), label_item);
	}
	if (json_array_size(json_object_get(r, "decisions"))) {
		p(b, "Afgørelser:");
		list_items(b, json_object_get(r, "decisions"), decision_item);
	}
	buf_adds(b, "</section>\n");
}

static void attempt_item(struct buf *b, const json_t *o)
{
	date_da(b, str(o, "attempted_on"));
	buf_adds(b, ": ");
	esc(b, lbl("channel", str(o, "channel")));
	buf_adds(b, strcmp(str(o, "reached") ? str(o, "reached") : "0", "0") ? ", truffet"
									     : ", ikke truffet");
	if (str(o, "note")) {
		buf_adds(b, " - ");
		esc(b, str(o, "note"));
	}
}

static void health_visit(struct buf *b, const json_t *o)
{
	const json_t *v = json_object_get(o, "visit");

	buf_adds(b, "<section class=\"case\">\n");
	h(b, 3, lbl("programme", str(o, "programme")));
	erased_note(b, o);
	table_open(b);
	row(b, "Barn", o, "child", V_TEXT, NULL);
	row(b, "Tilbudt", o, "offered_on", V_DATE, NULL);
	row(b, "Hvordan", o, "channel", V_CODE, "channel");
	row(b, "Hvorfor tilbuddet", o, "criterion", V_CODE, "criterion");
	row(b, "Sundhedsplejerske", o, "health_visitor", V_TEXT, NULL);
	row(b, "Status", o, "status", V_CODE, "status");
	row(b, "Svaret", o, "answered_on", V_DATE, NULL);
	row(b, "Årsag til nej", o, "decline_reason", V_CODE, "decline");
	row(b, "Jeres egne ord", o, "decline_text", V_TEXT, NULL);
	table_close(b);
	list_items(b, json_object_get(o, "attempts"), attempt_item);
	if (json_is_object(v)) {
		h(b, 4, "Besøget");
		table_open(b);
		row(b, "Dato", v, "visited_on", V_DATE, NULL);
		row(b, "Varighed", v, "minutes", V_MINUTES, NULL);
		row(b, "Emner", v, "topics", V_CODES, "topic");
		row(b, "Andet emne", v, "topic_other", V_TEXT, NULL);
		row(b, "Henvist videre i sundhedsplejen", v, "referral_within", V_YESNO, NULL);
		row(b, "Hvortil", v, "referral_within_to", V_TEXT, NULL);
		row(b, "Henvist videre uden for sundhedsplejen", v, "referral_outside", V_YESNO,
		    NULL);
		row(b, "Hvortil", v, "referral_outside_to", V_TEXT, NULL);
		row(b, "Jeres vurdering af besøget", v, "parent_rating", V_CODE, "answer");
		row(b, "Notat", v, "note", V_TEXT, NULL);
		table_close(b);
		if (json_array_size(json_object_get(v, "materials"))) {
			p(b, "Materialer:");
			list_items(b, json_object_get(v, "materials"), label_item);
		}
	}
	buf_adds(b, "</section>\n");
}

static void recipient_item(struct buf *b, const json_t *o)
{
	size_t i;
	const json_t *it;

	esc(b, str(o, "institution"));
	buf_adds(b, ", overleveringssamtale ");
	date_da(b, str(o, "held_on"));
	buf_adds(b, " om ");
	esc(b, str(o, "child"));
	buf_adds(b, " (deltagere: ");
	codes(b, "participant", str(o, "participants"));
	buf_adds(b, ")");
	if (str(o, "erased_at"))
		buf_adds(b, ". Indholdet er slettet efter opbevaringsfristen.");
	if (json_array_size(json_object_get(o, "items"))) {
		buf_adds(b, "<ul>");
		json_array_foreach(json_object_get(o, "items"), i, it)
		{
			buf_adds(b, "<li>");
			esc(b, lbl("topic", str(it, "topic")));
			buf_adds(b, ": ");
			esc(b, str(it, "text"));
			buf_adds(b, "</li>");
		}
		buf_adds(b, "</ul>");
	}
}

static void recipients(struct buf *b, const json_t *doc)
{
	size_t i;
	const json_t *e;
	bool any = json_array_size(json_object_get(doc, "handovers")) > 0;

	h(b, 2, "Hvem har fået oplysninger om jer");
	p(b, "Oplysninger deles kun med jeres samtykke. Her står, hvem der har modtaget "
	     "oplysninger fra Rede, og hvad de fik.");
	list_items(b, json_object_get(doc, "handovers"), recipient_item);
	buf_adds(b, "<ul>\n");
	json_array_foreach(json_object_get(doc, "courses"), i, e)
	{
		const json_t *fg = json_object_get(e, "family_group");
		const json_t *k;
		size_t j;
		bool shared = false;

		if (json_is_object(fg)) {
			buf_adds(b, "<li>");
			esc(b, str(fg, "daycare"));
			buf_adds(b, " (dagtilbud) har registreret og set barnets mål og daglige "
				    "vurderinger i familiegruppen fra ");
			date_da(b, str(fg, "joined_on"));
			buf_adds(b, ".</li>\n");
			any = true;
		}
		json_array_foreach(json_object_get(e, "contacts"), j,
				   k) if (str(k, "shared_with_daycare") &&
					  strcmp(str(k, "shared_with_daycare"), "0")) shared = true;
		if (shared) {
			buf_adds(b, "<li>Dagtilbuddet har fået viden fra netværksmøder i ");
			esc(b, lbl("programme", str(e, "programme")));
			buf_adds(
				b,
				" (se kontakterne, der er markeret som delt med dagtilbuddet).</li>\n");
			any = true;
		}
	}
	buf_adds(b, "</ul>\n");
	if (!any)
		p(b, "Ingen oplysninger er givet videre til andre.");
}

static void lookups(struct buf *b, const json_t *doc)
{
	const json_t *l = json_object_get(doc, "lookups"), *e;
	bool staff = json_is_true(json_object_get(doc, "shows_staff"));
	size_t i;

	h(b, 2, "Hvornår og hvorfor jeres oplysninger er slået op");
	p(b,
	  staff ? "Alle opslag i og ændringer af oplysningerne står i kommunens log. Her er dato, "
		  "klokkeslæt, hvad der skete, formålet og hvem."
		: "Alle opslag i og ændringer af oplysningerne står i kommunens log. Her er dato, "
		  "klokkeslæt, hvad der skete og formålet. Kommunen oplyser ikke navnene på de "
		  "medarbejdere, der har slået op; spørg kommunen, hvis I vil vide mere.");
	if (!json_array_size(l)) {
		p(b, "Der er ingen opslag.");
		return;
	}
	buf_printf(
		b,
		"<table class=\"log\">\n<thead><tr><th scope=\"col\">Dato</th><th "
		"scope=\"col\">Kl.</th><th scope=\"col\">Hvad</th><th scope=\"col\">Formål</th>%s"
		"</tr></thead>\n<tbody>\n",
		staff ? "<th scope=\"col\">Hvem</th>" : "");
	json_array_foreach(l, i, e)
	{
		buf_adds(b, "<tr><td>");
		date_da(b, str(e, "date"));
		buf_adds(b, "</td><td>");
		esc(b, str(e, "time"));
		buf_adds(b, "</td><td>");
		esc(b, lbl("action", str(e, "action")));
		buf_adds(b, "</td><td>");
		esc(b, str(e, "purpose_label"));
		if (staff) {
			buf_adds(b, "</td><td>");
			esc(b, str(e, "staff"));
		}
		buf_adds(b, "</td></tr>\n");
	}
	buf_adds(b, "</tbody>\n</table>\n");
}

static void retention(struct buf *b, const json_t *doc)
{
	size_t i;
	const json_t *r;

	h(b, 2, "Hvor længe oplysningerne gemmes");
	p(b, "Når fristen er gået, og sagen er afleveret til offentligt arkiv, sletter kommunen "
	     "oplysningerne i Rede. Kun tal uden navne til statistik bliver tilbage.");
	buf_adds(b, "<ul>\n");
	json_array_foreach(json_object_get(doc, "retention"), i, r)
	{
		json_int_t months = json_integer_value(json_object_get(r, "months"));

		buf_adds(b, "<li>");
		esc(b, lbl("programme", str(r, "programme")));
		if (!strcmp(str(r, "kind") ?: "", "referral"))
			buf_adds(b, " (henvisning uden forløb)");
		if (months % 12 == 0)
			buf_printf(b, ": %lld år efter ", (long long)(months / 12));
		else
			buf_printf(b, ": %lld måneder efter ", (long long)months);
		esc(b, lbl("from", str(r, "runs_from")));
		buf_adds(b, ". <span class=\"basis\">");
		esc(b, str(r, "legal_basis"));
		buf_adds(b, "</span></li>\n");
	}
	buf_adds(b, "</ul>\n");
}

static const char style[] =
	"body{font-family:Georgia,'Times New Roman',serif;max-width:48rem;margin:2rem auto;"
	"padding:0 1rem;line-height:1.5;color:#1a1a1a}"
	"h1{font-size:1.6rem}h2{font-size:1.3rem;border-bottom:1px solid #999;margin-top:2rem}"
	"h3{font-size:1.1rem}h4{font-size:1rem;margin-bottom:.25rem}"
	"table{border-collapse:collapse;margin:.5rem 0;width:100%}"
	"th,td{text-align:left;vertical-align:top;padding:.2rem .5rem;border-bottom:1px solid #ddd}"
	"table.facts th{width:40%;font-weight:normal;color:#444}"
	".case{border-left:3px solid #bbb;padding-left:1rem;margin:1rem 0}"
	".basis{color:#555;font-size:.9rem}.intro{background:#f3f3f3;padding:.75rem 1rem}"
	"@media print{body{margin:0;max-width:none}.case{break-inside:avoid-page}}";

char *insight_html(const json_t *doc)
{
	const json_t *person = json_object_get(doc, "person"),
		     *m = json_object_get(doc, "municipality");
	const json_t *family = json_object_get(doc, "family"), *e;
	struct buf b;
	size_t i;

	buf_init(&b, 0);
	buf_adds(&b, "<!DOCTYPE html>\n<html lang=\"da\">\n<head>\n<meta charset=\"utf-8\">\n"
		     "<title>Indsigt i oplysninger i Rede</title>\n<style>");
	buf_adds(&b, style);
	buf_adds(&b, "</style>\n</head>\n<body>\n<h1>Indsigt: de oplysninger ");
	esc(&b, str(m, "name"));
	buf_adds(&b, " har om ");
	esc(&b, str(person, "given_name"));
	buf_adds(&b, " ");
	esc(&b, str(person, "family_name"));
	buf_adds(&b, "</h1>\n<div class=\"intro\">\n");
	buf_adds(&b,
		 "<p>Du har ret til at se de oplysninger, kommunen behandler om dig "
		 "(databeskyttelsesforordningens artikel 15). Dette er alt, hvad kommunen har "
		 "registreret i Rede om dig, om dine børn og om de sager, I har været en del af: "
		 "forløb, besøg, samtykker, hvem der har fået oplysninger, hvor længe de gemmes, "
		 "og hvornår og hvorfor de er slået op.</p>\n<p>Dannet ");
	date_da(&b, str(doc, "generated_at"));
	buf_adds(&b,
		 ". Rede er kommunens system til de tidlige indsatser for familier med børn "
		 "under 3 år (1.000-dages-programmet). Oplysningerne bruges til at tilrettelægge "
		 "og dokumentere indsatsen for jeres familie og, uden navne, til statistik. "
		 "Kontakt kommunen, hvis noget er forkert, eller hvis I har spørgsmål.</p>\n"
		 "</div>\n");

	h(&b, 2, "Om dig");
	person_facts(&b, person);
	if (json_array_size(json_object_get(doc, "children"))) {
		h(&b, 2, "Om dine børn");
		json_array_foreach(json_object_get(doc, "children"), i, e) person_facts(&b, e);
	}
	h(&b, 2, "Familien");
	table_open(&b);
	row(&b, "Familiens betegnelse", family, "name", V_TEXT, NULL);
	table_close(&b);
	if (json_array_size(json_object_get(doc, "members"))) {
		buf_adds(&b, "<p>Andre i familien i Rede:</p>\n<ul>\n");
		json_array_foreach(json_object_get(doc, "members"), i, e)
		{
			buf_adds(&b, "<li>");
			esc(&b, str(e, "given_name"));
			buf_adds(&b, " ");
			esc(&b, str(e, "family_name"));
			buf_adds(&b, " (");
			esc(&b, lbl(str(e, "relation") ? "relation" : "kind",
				    str(e, "relation") ? str(e, "relation") : str(e, "kind")));
			buf_adds(&b, ")</li>\n");
		}
		buf_adds(&b, "</ul>\n");
	}
	if (json_array_size(json_object_get(doc, "consents"))) {
		h(&b, 2, "Samtykker");
		buf_adds(&b, "<ul>\n");
		json_array_foreach(json_object_get(doc, "consents"), i, e)
		{
			buf_adds(&b, "<li>");
			esc(&b, lbl("consent", str(e, "purpose")));
			buf_adds(&b, ": givet af ");
			esc(&b, str(e, "guardian"));
			buf_adds(&b, " ");
			date_da(&b, str(e, "given_on"));
			if (str(e, "withdrawn_on")) {
				buf_adds(&b, ", trukket tilbage ");
				date_da(&b, str(e, "withdrawn_on"));
			}
			buf_adds(&b, "</li>\n");
		}
		buf_adds(&b, "</ul>\n");
	}
	if (json_array_size(json_object_get(doc, "referrals"))) {
		h(&b, 2, "Henvisninger og visitation");
		json_array_foreach(json_object_get(doc, "referrals"), i, e) referral(&b, e);
	}
	if (json_array_size(json_object_get(doc, "courses"))) {
		h(&b, 2, "Forløb");
		json_array_foreach(json_object_get(doc, "courses"), i, e) course(&b, e);
	}
	if (json_array_size(json_object_get(doc, "health_visits")) ||
	    json_array_size(json_object_get(doc, "selection_facts"))) {
		h(&b, 2, "Sundhedsplejens besøg ved 1½ og 3 år");
		json_array_foreach(json_object_get(doc, "health_visits"), i, e) health_visit(&b, e);
		if (json_array_size(json_object_get(doc, "selection_facts"))) {
			p(&b, "Oplysninger, som tilbuddet om besøg bygger på:");
			buf_adds(&b, "<ul>\n");
			json_array_foreach(json_object_get(doc, "selection_facts"), i, e)
			{
				buf_adds(&b, "<li>");
				date_da(&b, str(e, "recorded_on"));
				buf_adds(&b, ": ");
				esc(&b, lbl("criterion", str(e, "kind")));
				if (str(e, "topi")) {
					buf_adds(&b, " (");
					esc(&b, lbl("topi", str(e, "topi")));
					buf_adds(&b, ")");
				}
				if (str(e, "visit_count")) {
					buf_adds(&b, " (");
					esc(&b, str(e, "visit_count"));
					buf_adds(&b, " besøg)");
				}
				if (str(e, "note")) {
					buf_adds(&b, " - ");
					esc(&b, str(e, "note"));
				}
				buf_adds(&b, "</li>\n");
			}
			buf_adds(&b, "</ul>\n");
		}
	}
	recipients(&b, doc);
	if (json_array_size(json_object_get(doc, "legal_holds"))) {
		h(&b, 2, "Oplysninger, der ikke må slettes endnu");
		p(&b,
		  "Kommunen har besluttet at gemme familiens oplysninger ud over fristen, fordi "
		  "de skal bruges i en klage-, tilsyns- eller retssag:");
		buf_adds(&b, "<ul>\n");
		json_array_foreach(json_object_get(doc, "legal_holds"), i, e)
		{
			buf_adds(&b, "<li>");
			esc(&b, str(e, "reason"));
			buf_adds(&b, str(e, "cleared_at") ? " (ophævet)" : " (gælder)");
			buf_adds(&b, "</li>\n");
		}
		buf_adds(&b, "</ul>\n");
	}
	retention(&b, doc);
	lookups(&b, doc);
	buf_adds(&b, "</body>\n</html>\n");
	return buf_detach(&b, NULL);
}
