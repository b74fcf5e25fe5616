-- 0032_referral_period: the referrals of a period in one municipality, read
-- from one key (issue 22; docs/PERFORMANCE.md "One family on several
-- connections").
--
-- The home-pedagogue report counts a municipality's referrals of the period
-- by source, channel and the outcome known at its end. Without a key on the
-- day referred, SQLite read every referral the municipality ever had
-- (referral_status) and looked each row up; this key holds everything the
-- count reads (id too, for the outcome's lookup), so on SQLite it is one
-- range of one index, and PostgreSQL's grouped form over every municipality
-- reads the index alone instead of every referral's row in turn.
CREATE INDEX referral_period ON referral (municipality_id, referred_on, programme, source,
	channel, last_decided_on, last_outcome, id);
