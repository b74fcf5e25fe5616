-- 0034_referral_municipality: the newest referrals of one municipality
-- (GET /api/v1/referrals: "ORDER BY r.id DESC LIMIT 500" for the caller's
-- municipality; docs/PERFORMANCE.md "Lists read in batches").
--
-- Without it both backends walked every municipality's referrals from the
-- newest down and dropped the others' by their family: a unit leader's list
-- over the national copy walked 223 677 referrals for 500 rows (0.49 s on
-- PostgreSQL). With it the walk stays in the municipality.
CREATE INDEX referral_municipality ON referral(municipality_id, id);
