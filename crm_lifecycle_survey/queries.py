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

# Why each candidate contact may not be asked now (NULL: it may). The throttle counts
# every invitation that went out (queued, sent, answered) of any kind.
ELIGIBILITY = """
SELECT p.id,
       CASE WHEN COALESCE(trim(p.email), '') = '' THEN 'no_email'
            WHEN """ + compat.SQL_PARTNER_OPTED_OUT + """ THEN 'opted_out'
            WHEN EXISTS (SELECT 1 FROM crm_lifecycle_survey_invitation i
                          WHERE i.contact_id = p.id AND i.state IN ('queued', 'sent', 'answered')
                            AND i.date_sent > %(today)s::date - %(window_days)s) THEN 'throttled'
       END AS skip_reason
  FROM res_partner p
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
                      AND i.trigger = 'relationship' AND i.state <> 'skipped'
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

# The averaging columns of one answer (NULL for the kinds they do not apply to).
SET_POINTS = """
UPDATE crm_lifecycle_satisfaction
   SET nps_points = CASE WHEN kind = 'nps' THEN CASE WHEN score >= 9 THEN 100 WHEN score >= 7 THEN 0
                                                     ELSE -100 END END,
       csat_satisfied = CASE WHEN kind = 'csat' THEN CASE WHEN score >= 4 THEN 100 ELSE 0 END END
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
