# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Customer pool (公海): when an owner last followed a customer up, when the customer is
due back in the pool, and the set-based statements that give notice, release and claim.

One statement computes the follow-up state of every owned customer (or of a few), grouped
per partner; Python only creates the notice activities of the customers it returns.
"""
import datetime

from .. import compat

# The follow-up state of owned customers: one row per commercial partner that has a
# salesperson and a lifecycle profile. Follow-ups counted, all by the partner's owner:
#   * messages on the partner or its contacts: notes, logged calls, emails (comment), and
#     the message a done activity leaves (it carries the activity type);
#   * activities kept as done (Odoo 17 activity types with "keep done"), {activities};
#   * sale orders (quotations too) of the partner or its contacts with the owner as
#     salesperson, dated by their order date;
#   * the day the owner received the customer (claim or assignment in the pool history);
#   * and the partner's creation, so that a new customer starts with a full period.
# due_date = last follow-up + the release days of the partner's stage: the longest of the
# stages of its profiles (a customer active in one company is not released because it is
# quiet in another); 0 days for a stage = never released; no configured stage = default.
# notice_valid: the owner was given notice for this period (a notice dated on or after
# due_date - notice_days, i.e. after the last follow-up moved the due date).
FOLLOWUP_STATE = """
WITH cand AS (
    SELECT p.id AS partner_id, p.user_id, u.partner_id AS author_id,
           COALESCE(p.company_id, u.company_id) AS company_id, p.create_date::date AS created
      FROM res_partner p
      JOIN res_users u ON u.id = p.user_id
     WHERE p.active AND p.user_id IS NOT NULL AND p.commercial_partner_id = p.id
       AND (%(all)s OR p.id = ANY(%(partner_ids)s::int[]))
       AND EXISTS (SELECT 1 FROM crm_lifecycle_profile pr WHERE pr.partner_id = p.id)
), contacts AS (
    SELECT c.partner_id, c.user_id, c.author_id, rp.id AS contact_id
      FROM cand c JOIN res_partner rp ON rp.commercial_partner_id = c.partner_id
), follow AS (
    SELECT k.partner_id, MAX(m.date)::date AS day
      FROM contacts k
      JOIN mail_message m ON m.model = 'res.partner' AND m.res_id = k.contact_id
                         AND m.author_id = k.author_id
     WHERE m.message_type = 'comment' OR m.mail_activity_type_id IS NOT NULL
     GROUP BY k.partner_id
    UNION ALL
    SELECT k.partner_id, MAX(so.date_order)::date
      FROM contacts k
      JOIN sale_order so ON so.partner_id = k.contact_id AND so.user_id = k.user_id
     WHERE so.state != 'cancel'
     GROUP BY k.partner_id
    {activities}
    UNION ALL
    SELECT c.partner_id, MAX(e.date)
      FROM cand c
      JOIN crm_lifecycle_pool_event e ON e.partner_id = c.partner_id AND e.user_id = c.user_id
     WHERE e.event IN ('claim', 'assign')
     GROUP BY c.partner_id
), last_follow AS (
    SELECT c.partner_id, GREATEST(c.created, MAX(f.day)) AS last_followup
      FROM cand c LEFT JOIN follow f ON f.partner_id = c.partner_id
     GROUP BY c.partner_id, c.created
), days AS (
    SELECT c.partner_id, MAX(COALESCE(sd.days, %(default_days)s)) AS release_days
      FROM cand c
      JOIN crm_lifecycle_profile pr ON pr.partner_id = c.partner_id
      LEFT JOIN crm_lifecycle_pool_stage_days sd ON sd.stage_id = pr.stage_id
     GROUP BY c.partner_id
), state AS (
    SELECT c.partner_id, c.user_id, c.company_id, lf.last_followup, d.release_days,
           CASE WHEN d.release_days > 0 THEN lf.last_followup + d.release_days END AS due_date
      FROM cand c
      JOIN last_follow lf ON lf.partner_id = c.partner_id
      JOIN days d ON d.partner_id = c.partner_id
)
SELECT s.partner_id, s.user_id, s.company_id, s.last_followup, s.release_days, s.due_date,
       (SELECT MAX(e.date) FROM crm_lifecycle_pool_event e
         WHERE e.partner_id = s.partner_id AND e.user_id = s.user_id AND e.event = 'notice'
           AND e.date >= s.due_date - %(notice_days)s) AS notice_date
  FROM state s
 WHERE %(horizon)s::date IS NULL OR s.due_date <= %(horizon)s::date
"""

# Done activities kept as archived records (Odoo 17's "keep done" activity types); 11
# deletes a done activity and keeps only its message, counted above.
_KEPT_ACTIVITIES = """
    UNION ALL
    SELECT k.partner_id, MAX(a.date_done)
      FROM contacts k
      JOIN mail_activity a ON a.res_model = 'res.partner' AND a.res_id = k.contact_id
                          AND a.user_id = k.user_id
     WHERE a.active IS FALSE AND a.date_done IS NOT NULL
     GROUP BY k.partner_id"""

# Customers to release (the caller passes their ids after checking the notice): owner
# and copies cleared, pool date set, history written, in three statements. INSERT_EVENTS
# without a user_id records the current owner: run it before RELEASE_PARTNERS.
RELEASE_PARTNERS = """
UPDATE res_partner
   SET lifecycle_pool_prev_user_id = user_id, user_id = NULL, lifecycle_pool_date = %(day)s,
       write_date = now() AT TIME ZONE 'UTC', write_uid = %(uid)s
 WHERE id = ANY(%(partner_ids)s::int[])
"""
SET_PROFILE_OWNER = """
UPDATE crm_lifecycle_profile SET user_id = %(user_id)s WHERE partner_id = ANY(%(partner_ids)s::int[])
"""
INSERT_EVENTS = """
INSERT INTO crm_lifecycle_pool_event (partner_id, company_id, user_id, event, date, reason,
                                      create_uid, write_uid, create_date, write_date)
SELECT p.id, COALESCE(p.company_id, %(company_id)s), COALESCE(%(user_id)s, p.user_id),
       %(event)s, %(day)s, %(reason)s, %(uid)s, %(uid)s,
       now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
  FROM res_partner p
 WHERE p.id = ANY(%(partner_ids)s::int[])
"""

# Notice events for several customers at once, one (owner, company, reason) per customer.
INSERT_NOTICES = """
INSERT INTO crm_lifecycle_pool_event (partner_id, company_id, user_id, event, date, reason,
                                      create_uid, write_uid, create_date, write_date)
SELECT x.partner_id, x.company_id, x.user_id, 'notice', %(day)s, x.reason, %(uid)s, %(uid)s,
       now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
  FROM unnest(%(partner_ids)s::int[], %(company_ids)s::int[], %(user_ids)s::int[], %(reasons)s::text[])
       AS x(partner_id, company_id, user_id, reason)
"""

# How many customers a salesperson holds from the pool: those it owns whose latest pool
# event is its own claim (an assignment by a manager does not count against the limit).
CLAIMED_HELD = """
SELECT COUNT(*)
  FROM res_partner p
  JOIN LATERAL (SELECT e.event, e.user_id FROM crm_lifecycle_pool_event e
                 WHERE e.partner_id = p.id ORDER BY e.date DESC, e.id DESC LIMIT 1) last ON TRUE
 WHERE p.user_id = %(user_id)s AND last.event = 'claim' AND last.user_id = %(user_id)s
"""

# The row every claim for a salesperson writes before counting what they hold. An advisory
# lock would not do: under REPEATABLE READ the second claim, once it had the lock, would
# still count from its snapshot, taken before the first claim committed. Writing one row
# makes PostgreSQL abort the second claim instead (a concurrent update), which Odoo retries.
TABLE_CLAIMANT = """
CREATE TABLE IF NOT EXISTS crm_lifecycle_pool_claimant (
    user_id integer PRIMARY KEY REFERENCES res_users (id) ON DELETE CASCADE,
    claimed_at timestamp NOT NULL
)
"""
TOUCH_CLAIMANT = """
INSERT INTO crm_lifecycle_pool_claimant (user_id, claimed_at)
VALUES (%(user_id)s, now() AT TIME ZONE 'UTC')
ON CONFLICT (user_id) DO UPDATE SET claimed_at = EXCLUDED.claimed_at
"""


def followup_state(env, partner_ids=None, default_days=0, notice_days=0, horizon=None):
    """Rows (dicts) of FOLLOWUP_STATE for every owned customer, or `partner_ids`; with
    `horizon`, only those due on or before it (the cron reads only what it acts on)."""
    activity = env["mail.activity"]
    kept = "date_done" in activity._fields and "active" in activity._fields
    query = FOLLOWUP_STATE.format(activities=_KEPT_ACTIVITIES if kept else "")
    env.cr.execute(query, {
        "all": partner_ids is None, "partner_ids": list(partner_ids or []),
        "default_days": default_days, "notice_days": notice_days, "horizon": horizon})
    rows = env.cr.dictfetchall()
    for row in rows:  # Odoo 11 reads dates as strings
        for key in ("last_followup", "due_date", "notice_date"):
            row[key] = compat.to_date(row[key])
    return rows


def due_for_notice(rows, today, notice_days):
    """Rows whose release is near (within notice_days) and whose owner has no notice yet."""
    return [r for r in rows if r["due_date"] and not r["notice_date"]
            and today >= r["due_date"] - datetime.timedelta(days=notice_days)]


def due_for_release(rows, today, notice_days):
    """Rows past their due date whose owner had notice_days of notice."""
    return [r for r in rows if r["due_date"] and r["notice_date"] and today >= r["due_date"]
            and today >= r["notice_date"] + datetime.timedelta(days=notice_days)]
