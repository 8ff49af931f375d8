# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Segment membership, set-based: per segment one ORM search gives the matching profile
ids (the ORM applies the domain, partner fields included), then two statements diff them
against the open memberships (close who left, open who entered), and one statement
updates every segment's count and value. No Python loop over customers."""
import logging
import time

from .. import compat

_logger = logging.getLogger(__name__)

# Open memberships whose profile no longer matches end on the reference day (never
# before they began). A partial recompute only decides about its own customers.
# (profile_id identifies the customer and company: one profile per pair; the matched ids
# are unnested so that PostgreSQL hashes them instead of scanning the array per member)
CLOSE_LEFT = """
WITH matched AS (SELECT unnest(%(profile_ids)s::integer[]) AS id)
UPDATE crm_lifecycle_segment_member m
   SET date_left = GREATEST(%(ref_date)s::date, m.date_entered),
       write_uid = %(uid)s, write_date = now() AT TIME ZONE 'UTC'
 WHERE m.segment_id = %(segment_id)s
   AND m.date_left IS NULL
   AND (%(full)s OR m.partner_id = ANY(%(partner_ids)s::integer[]))
   AND NOT EXISTS (SELECT 1 FROM matched WHERE matched.id = m.profile_id)
"""

OPEN_ENTERED = """
INSERT INTO crm_lifecycle_segment_member (segment_id, partner_id, company_id, profile_id,
    annual_value, date_entered, create_uid, write_uid, create_date, write_date)
SELECT %(segment_id)s, p.partner_id, p.company_id, p.id, p.annual_value, %(ref_date)s, %(uid)s, %(uid)s,
       now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
  FROM crm_lifecycle_profile p
 WHERE p.id = ANY(%(profile_ids)s::integer[])
   AND NOT EXISTS (SELECT 1 FROM crm_lifecycle_segment_member m
                    WHERE m.segment_id = %(segment_id)s AND m.date_left IS NULL
                      AND m.partner_id = p.partner_id AND m.company_id = p.company_id)
"""

# The open memberships of the customers in scope take their profile's current annual
# value (only where it changed).
SYNC_VALUES = """
UPDATE crm_lifecycle_segment_member m
   SET annual_value = p.annual_value
  FROM crm_lifecycle_profile p
 WHERE p.id = m.profile_id AND m.date_left IS NULL
   AND (%(full)s OR m.partner_id = ANY(%(partner_ids)s::integer[]))
   AND m.annual_value IS DISTINCT FROM p.annual_value
"""

# Totals from the memberships alone: one refreshed customer costs an index scan of its
# segments' members, not a read of every member's profile (measured at 100,000
# customers: 27 ms for a 10,332-member segment through the profiles).
UPDATE_TOTALS = """
UPDATE crm_lifecycle_segment s
   SET member_count = t.members, member_value = t.value, date_refreshed = %(ref_date)s
  FROM (SELECT s2.id, count(m.id) AS members, COALESCE(sum(m.annual_value), 0) AS value
          FROM crm_lifecycle_segment s2
          LEFT JOIN crm_lifecycle_segment_member m
                 ON m.segment_id = s2.id AND m.date_left IS NULL
         WHERE s2.id = ANY(%(segment_ids)s)
         GROUP BY s2.id) t
 WHERE t.id = s.id
"""

# A partial refresh moves the totals by what its customers' open memberships add up to
# after the refresh minus before (the daily full refresh recounts everything).
SCOPE_CONTRIBUTIONS = """
SELECT segment_id, count(*), COALESCE(sum(annual_value), 0)
  FROM crm_lifecycle_segment_member
 WHERE date_left IS NULL AND partner_id = ANY(%(partner_ids)s::integer[])
   AND segment_id = ANY(%(segment_ids)s::integer[])
 GROUP BY segment_id
"""
MOVE_TOTALS = """
UPDATE crm_lifecycle_segment s
   SET member_count = s.member_count + d.members, member_value = s.member_value + d.value
  FROM (SELECT unnest(%(ids)s::integer[]) AS id, unnest(%(members)s::integer[]) AS members,
               unnest(%(values)s::numeric[]) AS value) d
 WHERE d.id = s.id
"""

ANALYZE_AFTER = 1000


def _contributions(cr, params):
    cr.execute(SCOPE_CONTRIBUTIONS, params)
    return {segment_id: (count, value) for segment_id, count, value in cr.fetchall()}


def refresh(env, ref_date, partner_ids=None, segments=None):
    """Bring the membership of `segments` (default: every active segment) up to date with
    the stored profiles as of ref_date; only `partner_ids` when given. Returns
    {segment_id: (entered, left)}."""
    started = time.time()
    cr = env.cr
    compat.flush(env)
    if segments is None:
        segments = env["crm.lifecycle.segment"].sudo().search([])
    if not segments:
        return {}
    profiles = env["crm.lifecycle.profile"].sudo()
    params = {
        "ref_date": ref_date,
        "uid": env.uid,
        "full": partner_ids is None,
        "partner_ids": list(partner_ids or []),
    }
    changes = {}
    if partner_ids is not None:
        before = _contributions(cr, dict(params, segment_ids=segments.ids))
    for segment in segments:
        try:
            # a rule can break after it was saved (e.g. an addon providing one of its
            # fields was uninstalled): skip that segment, keep the recompute
            with cr.savepoint():
                domain = segment._evaluated_domain(ref_date)
                if partner_ids is not None:
                    domain = [("partner_id", "in", params["partner_ids"])] + domain
                profile_ids = profiles.search(domain, order="id").ids
        except Exception as error:
            _logger.warning("crm_lifecycle: segment %s (%s) skipped: %s", segment.id,
                            segment.name, error)
            continue
        values = dict(params, segment_id=segment.id, profile_ids=profile_ids)
        cr.execute(CLOSE_LEFT, values)
        left = cr.rowcount
        cr.execute(OPEN_ENTERED, values)
        changes[segment.id] = (cr.rowcount, left)
    if sum(entered + left for entered, left in changes.values()) > ANALYZE_AFTER:
        # the anti-joins above are planned from the table's statistics: after a big change
        # (a new segment filled, a first recompute) stale ones make PostgreSQL estimate one
        # member and loop (measured: 17 s instead of 0.1 s for a 10,000-member segment)
        cr.execute("ANALYZE crm_lifecycle_segment_member")
    cr.execute(SYNC_VALUES, params)
    if partner_ids is None:
        cr.execute(UPDATE_TOTALS, dict(params, segment_ids=segments.ids))
    else:
        # only these customers changed: move the totals by their difference
        after = _contributions(cr, dict(params, segment_ids=segments.ids))
        ids, members, values = [], [], []
        for segment_id in set(before) | set(after):
            count_before, value_before = before.get(segment_id, (0, 0))
            count_after, value_after = after.get(segment_id, (0, 0))
            if (count_before, value_before) != (count_after, value_after):
                ids.append(segment_id)
                members.append(count_after - count_before)
                values.append(value_after - value_before)
        if ids:
            cr.execute(MOVE_TOTALS, {"ids": ids, "members": members, "values": values})
    compat.invalidate(env)
    _logger.info("crm_lifecycle: %d segments refreshed in %.2fs", len(segments), time.time() - started)
    return changes
