-- 0033_closed_and_state_keys: keys for the national kit's grouped queries
-- on PostgreSQL (issue 22 goal 1; docs/PERFORMANCE.md "Keys for the
-- grouped queries").
--
-- Four queries of the home-pedagogue and cost reports read "the
-- home-pedagogue courses closed in the period" over every municipality at
-- once. Without a key on the closing day alone, each read all of closure
-- (closure_period leads with the municipality), and without a key on the
-- programme each read every course's whole row to learn it. These two hold
-- what those joins read; the one-municipality forms keep closure_period and
-- enrolment_page, which SQLite's plans go on using.
CREATE INDEX closure_closed ON closure(closed_on, enrolment_id, municipality_id);
CREATE INDEX enrolment_programme ON enrolment(programme, id);

-- The visit report reads each offer's status and decline reason as they
-- stood on the period's last day, from the latest state on or before it
-- (src/store/rq_visits.c). This key holds both, so each is one probe of the
-- index; it replaces 0010's hv_offer_state_offer, its first three columns.
DROP INDEX hv_offer_state_offer;
CREATE INDEX hv_offer_state_status ON hv_offer_state(offer_id, effective_on, id, status,
	decline_reason);
