# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Set-based SQL of the survey addon, named and parameterised (fixed text: the only
fragment spliced in is compat's, chosen by series)."""
from . import compat

# The satisfaction health component for the core's RESULT query (w.partner_id,
# w.company_id and the core's %(ref_date)s in scope): mean of the answers of the last
# 365 days, each on 0-100; NULL without answers.
HEALTH_SATISFACTION = """(
    SELECT AVG(CASE s.kind WHEN 'nps' THEN s.score * 10.0
                           WHEN 'csat' THEN (s.score - 1) * 25.0
                           ELSE 100.0 - (s.score - 1) * 100.0 / 6 END)
      FROM crm_lifecycle_satisfaction s
     WHERE s.partner_id = w.partner_id AND s.company_id = w.company_id
       AND s.date > %(ref_date)s::date - 365 AND s.date <= %(ref_date)s::date)"""

# The profiles' satisfaction fields: last NPS answer, rolling CSAT/CES averages and
# response rate over the rolling window.
UPDATE_PROFILES = """
WITH scope AS (
    SELECT p.id, p.partner_id, p.company_id FROM crm_lifecycle_profile p
     WHERE %(full)s OR p.partner_id = ANY(%(partner_ids)s::int[])
),
last_nps AS (
    SELECT DISTINCT ON (s.partner_id, s.company_id) s.partner_id, s.company_id, s.score,
           s.category, s.date
      FROM crm_lifecycle_satisfaction s JOIN scope USING (partner_id, company_id)
     WHERE s.kind = 'nps'
     ORDER BY s.partner_id, s.company_id, s.date DESC, s.id DESC
),
rolling AS (
    SELECT s.partner_id, s.company_id,
           AVG(s.score) FILTER (WHERE s.kind = 'csat') AS csat_avg,
           AVG(s.score) FILTER (WHERE s.kind = 'ces') AS ces_avg,
           COUNT(*) AS answers
      FROM crm_lifecycle_satisfaction s JOIN scope USING (partner_id, company_id)
     WHERE s.date > %(today)s::date - %(rolling_days)s
     GROUP BY s.partner_id, s.company_id
),
invited AS (
    SELECT i.partner_id, i.company_id, COUNT(*) AS sent,
           COUNT(*) FILTER (WHERE i.state = 'answered') AS answered
      FROM crm_lifecycle_survey_invitation i JOIN scope USING (partner_id, company_id)
     WHERE i.state IN ('queued', 'sent', 'answered')
       AND i.date_sent > %(today)s::date - %(rolling_days)s
     GROUP BY i.partner_id, i.company_id
)
UPDATE crm_lifecycle_profile p
   SET nps_last = n.score, nps_category = n.category, nps_date = n.date,
       csat_avg = r.csat_avg, ces_avg = r.ces_avg, satisfaction_count = COALESCE(r.answers, 0),
       survey_response_rate = CASE WHEN i.sent > 0 THEN i.answered::numeric / i.sent END
  FROM scope sc
  LEFT JOIN last_nps n ON n.partner_id = sc.partner_id AND n.company_id = sc.company_id
  LEFT JOIN rolling r ON r.partner_id = sc.partner_id AND r.company_id = sc.company_id
  LEFT JOIN invited i ON i.partner_id = sc.partner_id AND i.company_id = sc.company_id
 WHERE p.id = sc.id
"""

# Why each candidate contact may not be asked now (NULL: it may), first reason first. An
# invitation "went out" when it was queued, sent or answered (a skipped one did not).
# - the throttle: any survey within the window, of any kind;
# - a relationship survey: one per relationship interval per contact;
# - transactional surveys (fatigue.TRANSACTIONAL_TRIGGERS): at most %(transactional_max)s in
#   %(transactional_days)s days;
# - an NPS before the customer's first: only from %(nps_min_age)s days after the customer's
#   first confirmed order in the company (the partner's creation without an order);
# - the contact's own (or its company's) "no satisfaction surveys".
ELIGIBILITY = """
WITH sent AS (
    SELECT i.contact_id, i.partner_id, i.kind, i.trigger, i.date_sent
      FROM crm_lifecycle_survey_invitation i
     WHERE i.state IN ('queued', 'sent', 'answered')
       AND i.contact_id = ANY(%(contact_ids)s::int[])
)
SELECT p.id,
       CASE WHEN COALESCE(trim(p.email), '') = '' THEN 'no_email'
            WHEN """ + compat.SQL_PARTNER_OPTED_OUT + """ THEN 'opted_out'
            WHEN COALESCE(p.lifecycle_survey_opt_out, false)
                 OR COALESCE(cp.lifecycle_survey_opt_out, false) THEN 'survey_opt_out'
            WHEN EXISTS (SELECT 1 FROM sent i WHERE i.contact_id = p.id
                            AND i.date_sent > %(today)s::date - %(window_days)s) THEN 'throttled'
            WHEN %(trigger)s = 'relationship'
                 AND EXISTS (SELECT 1 FROM sent i WHERE i.contact_id = p.id
                                AND i.trigger = 'relationship'
                                AND i.date_sent > %(today)s::date - %(relationship_days)s)
                 THEN 'relationship_recent'
            WHEN %(trigger)s = ANY(%(transactional)s::varchar[])
                 AND (SELECT COUNT(*) FROM sent i WHERE i.contact_id = p.id
                         AND i.trigger = ANY(%(transactional)s::varchar[])
                         AND i.date_sent > %(today)s::date - %(transactional_days)s)
                     >= %(transactional_max)s THEN 'transactional_cap'
            WHEN %(kind)s = 'nps' AND %(nps_min_age)s > 0
                 AND NOT EXISTS (SELECT 1 FROM crm_lifecycle_survey_invitation n
                                  WHERE n.partner_id = cp.id AND n.company_id = %(company_id)s
                                    AND n.kind = 'nps'
                                    AND n.state IN ('queued', 'sent', 'answered'))
                 AND COALESCE((SELECT MIN(so.date_order)::date
                                 FROM sale_order so JOIN res_partner sp ON sp.id = so.partner_id
                                WHERE COALESCE(sp.commercial_partner_id, sp.id) = cp.id
                                  AND so.company_id = %(company_id)s
                                  AND so.state IN ('sale', 'done')),
                              cp.create_date::date) > %(today)s::date - %(nps_min_age)s
                 THEN 'too_new'
       END AS skip_reason
  FROM res_partner p
  JOIN res_partner cp ON cp.id = COALESCE(p.commercial_partner_id, p.id)
 WHERE p.id = ANY(%(contact_ids)s::int[])
"""

# Customers whose first confirmed order was `onboarding_days` ago (within the last week
# of that, so that a missed cron day catches up) and who had no onboarding survey yet.
ONBOARDING_DUE = """
SELECT f.partner_id, f.company_id
  FROM (SELECT COALESCE(rp.commercial_partner_id, rp.id) AS partner_id, so.company_id,
               MIN(so.date_order)::date AS first_date
          FROM sale_order so JOIN res_partner rp ON rp.id = so.partner_id
         WHERE so.state IN ('sale', 'done')
         GROUP BY 1, 2) f
 WHERE f.first_date <= %(today)s::date - %(onboarding_days)s
   AND f.first_date > %(today)s::date - %(onboarding_days)s - 7
   AND NOT EXISTS (SELECT 1 FROM crm_lifecycle_survey_invitation i
                    WHERE i.partner_id = f.partner_id AND i.company_id = f.company_id
                      AND i.trigger = 'onboarding')
"""

# Customers in the relationship-NPS stages not asked a relationship NPS within the interval.
RELATIONSHIP_DUE = """
SELECT p.partner_id, p.company_id
  FROM crm_lifecycle_profile p
 WHERE p.stage_id = ANY(%(stage_ids)s::int[])
   AND (%(company_ids)s::int[] IS NULL OR p.company_id = ANY(%(company_ids)s::int[]))
   AND NOT EXISTS (SELECT 1 FROM crm_lifecycle_survey_invitation i
                    WHERE i.partner_id = p.partner_id AND i.company_id = p.company_id
                      AND i.trigger = 'relationship'
                      -- a customer left out of the sample stays out for the interval
                      AND (i.state <> 'skipped' OR i.skip_reason = 'sampled_out')
                      AND i.date_sent > %(today)s::date - %(relationship_days)s)
 ORDER BY p.partner_id
"""

# Queued invitations whose e-mail left (sent, or already deleted after sending) or failed.
MARK_SENT = """
UPDATE crm_lifecycle_survey_invitation i
   SET state = CASE WHEN m.state = 'exception' THEN 'failed' ELSE 'sent' END
  FROM crm_lifecycle_survey_invitation j
  LEFT JOIN mail_mail m ON m.id = j.mail_id
 WHERE i.id = j.id AND i.state = 'queued'
   AND (m.id IS NULL OR m.state IN ('sent', 'exception'))
"""

# Invitations that went out %(reminder_days)s days ago or more, were not answered, were never
# reminded, are still open (deadline) and whose contact may still be asked: the one
# reminder each gets.
REMINDERS_DUE = """
SELECT i.id
  FROM crm_lifecycle_survey_invitation i
  JOIN survey_user_input ui ON ui.id = i.user_input_id
  JOIN res_partner p ON p.id = i.contact_id
  JOIN res_partner cp ON cp.id = COALESCE(p.commercial_partner_id, p.id)
 WHERE i.state = 'sent' AND i.reminder_date IS NULL
   AND i.date_sent <= %(today)s::date - %(reminder_days)s
   AND ui.state <> 'done'
   AND (ui.deadline IS NULL OR ui.deadline > %(today)s::date)
   AND COALESCE(trim(p.email), '') <> ''
   AND NOT (""" + compat.SQL_PARTNER_OPTED_OUT + """)
   AND NOT COALESCE(p.lifecycle_survey_opt_out, false)
   AND NOT COALESCE(cp.lifecycle_survey_opt_out, false)
 ORDER BY i.id
 LIMIT %(limit)s
"""

# Consumed ratings (a customer's rating.rating with a value) not counted yet: their
# rated model and record, for the company lookup.
PENDING_RATINGS = """
SELECT r.id, r.res_model, r.res_id
  FROM rating_rating r
 WHERE r.consumed AND r.rating >= 1 AND r.partner_id IS NOT NULL AND r.res_model IS NOT NULL
   AND (%(rating_ids)s::int[] IS NULL OR r.id = ANY(%(rating_ids)s::int[]))
   AND NOT EXISTS (SELECT 1 FROM crm_lifecycle_satisfaction s WHERE s.rating_id = r.id)
 ORDER BY r.id
"""

# Count consumed ratings as CSAT answers, once each: the unique rating_id makes a second
# (or concurrent) ingestion of the same rating insert nothing (ON CONFLICT waits for the
# other transaction, then skips). The value goes linearly onto the CSAT scale (1 ->
# %(csat_low)s, %(rating_max)s -> %(csat_high)s, as scales.rating_csat); the customer is the
# commercial partner of the rating's author, the company the rated record's
# (%(company_ids)s, parallel to %(rating_ids)s), else the customer's, else the default.
INGEST_RATINGS = """
WITH pick AS (
    SELECT x.rating_id, x.company_id
      FROM unnest(%(rating_ids)s::int[], %(company_ids)s::int[]) AS x(rating_id, company_id)
),
src AS (
    SELECT r.id AS rating_id, r.partner_id AS contact_id, cp.id AS partner_id,
           COALESCE(x.company_id, cp.company_id, %(default_company_id)s) AS company_id,
           (%(csat_low)s + ROUND((LEAST(r.rating, %(rating_max)s) - 1)
                                 * (%(csat_high)s - %(csat_low)s)::numeric
                                 / (%(rating_max)s - 1)))::int AS score,
           (COALESCE(r.write_date, r.create_date) AT TIME ZONE 'UTC'
                                                  AT TIME ZONE %(tz)s)::date AS date,
           NULLIF(trim(r.feedback), '') AS comment, r.res_model, r.res_id, r.res_name,
           cp.user_id
      FROM pick x
      JOIN rating_rating r ON r.id = x.rating_id
      JOIN res_partner p ON p.id = r.partner_id
      JOIN res_partner cp ON cp.id = COALESCE(p.commercial_partner_id, p.id)
     WHERE r.consumed AND r.rating >= 1
)
INSERT INTO crm_lifecycle_satisfaction
       (partner_id, contact_id, company_id, kind, score, csat_satisfied, date, comment, source,
        rating_id, origin_model, origin_res_id, origin_name, ticket_id, user_id, stage_id,
        create_uid, create_date, write_uid, write_date)
SELECT s.partner_id, s.contact_id, s.company_id, 'csat', s.score,
       CASE WHEN s.score >= %(csat_satisfied)s THEN 100 ELSE 0 END, s.date, s.comment, 'rating',
       s.rating_id, s.res_model, s.res_id, s.res_name,
       (SELECT t.id FROM helpdesk_ticket t
         WHERE s.res_model = 'helpdesk.ticket' AND t.id = s.res_id),
       s.user_id, pr.stage_id, %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
  FROM src s
  LEFT JOIN crm_lifecycle_profile pr ON pr.partner_id = s.partner_id AND pr.company_id = s.company_id
ON CONFLICT (rating_id) DO NOTHING
RETURNING id
"""

# A counted rating the customer changed afterwards (17's rating page: the e-mail's click
# counts, the form then sends the comment and may change the value): the row follows it.
REFRESH_RATINGS = """
UPDATE crm_lifecycle_satisfaction s
   SET score = v.score, csat_satisfied = CASE WHEN v.score >= %(csat_satisfied)s THEN 100 ELSE 0 END,
       comment = v.comment, write_uid = %(uid)s, write_date = now() AT TIME ZONE 'UTC'
  FROM (SELECT r.id,
               (%(csat_low)s + ROUND((LEAST(r.rating, %(rating_max)s) - 1)
                                     * (%(csat_high)s - %(csat_low)s)::numeric
                                     / (%(rating_max)s - 1)))::int AS score,
               NULLIF(trim(r.feedback), '') AS comment
          FROM rating_rating r
         WHERE r.id = ANY(%(rating_ids)s::int[]) AND r.consumed AND r.rating >= 1) v
 WHERE s.rating_id = v.id
   AND (s.score IS DISTINCT FROM v.score OR s.comment IS DISTINCT FROM v.comment)
RETURNING s.partner_id
"""

# The averaging columns of one answer (NULL for the kinds they do not apply to).
SET_POINTS = """
UPDATE crm_lifecycle_satisfaction
   SET nps_points = CASE WHEN kind = 'nps' THEN CASE WHEN score >= 9 THEN 100 WHEN score >= 7 THEN 0
                                                     ELSE -100 END END,
       csat_satisfied = CASE WHEN kind = 'csat' THEN CASE WHEN score >= %(csat_satisfied)s THEN 100
                                                          ELSE 0 END END
 WHERE id = %(id)s
"""

# The Advocate stage rule for the core's RESULT (w.* = the customer's metrics): still
# ordering within its active window (and alive for the churn model when it is used), at
# least %(advocate_promoters)s promoter answers in two years and no detractor in one.
STAGE_RULE = """(CASE WHEN %(on_advocate)s AND w.order_count > 0
           AND w.recency_days <= w.active_window
           AND (NOT %(use_churn_model)s OR w.p_alive IS NULL OR w.p_alive >= %(p_alive_threshold)s)
           AND (SELECT COUNT(*) FROM crm_lifecycle_satisfaction s
                 WHERE s.partner_id = w.partner_id AND s.company_id = w.company_id
                   AND s.category = 'promoter' AND s.date <= %(ref_date)s::date
                   AND s.date > %(ref_date)s::date - 730) >= %(advocate_promoters)s
           AND NOT EXISTS (SELECT 1 FROM crm_lifecycle_satisfaction s
                            WHERE s.partner_id = w.partner_id AND s.company_id = w.company_id
                              AND s.category = 'detractor' AND s.date <= %(ref_date)s::date
                              AND s.date > %(ref_date)s::date - 365)
      THEN 'advocate' END)"""

INDEX_SATISFACTION = """
CREATE INDEX IF NOT EXISTS crm_lifecycle_satisfaction_customer_date_index
    ON crm_lifecycle_satisfaction (partner_id, company_id, date)
"""
