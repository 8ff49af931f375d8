# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Segment membership, set-based: per segment one ORM search gives the matching profile
ids (the ORM applies the domain, partner fields included). For everybody, two statements
per segment diff them against the open memberships (close who left, open who entered)
and one statement recounts every segment; for a few customers, one statement does it
all for every segment. No Python loop over customers."""
import logging
import time

from .. import compat

_logger = logging.getLogger(__name__)

# Open memberships whose profile no longer matches end on the reference day (never
# before they began).
# (profile_id identifies the customer and company: one profile per pair; the matched ids
# are unnested so that PostgreSQL hashes them instead of scanning the array per member)
CLOSE_LEFT = """
WITH matched AS (SELECT unnest(%(profile_ids)s::integer[]) AS id)
UPDATE crm_lifecycle_segment_member m
   SET date_left = GREATEST(%(ref_date)s::date, m.date_entered),
       write_uid = %(uid)s, write_date = now() AT TIME ZONE 'UTC'
 WHERE m.segment_id = %(segment_id)s
   AND m.date_left IS NULL
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

# The open memberships take their profile's current annual value (only where it changed).
SYNC_VALUES = """
UPDATE crm_lifecycle_segment_member m
   SET annual_value = p.annual_value
  FROM crm_lifecycle_profile p
 WHERE p.id = m.profile_id AND m.date_left IS NULL
   AND m.annual_value IS DISTINCT FROM p.annual_value
"""

# Totals from the memberships alone: one refreshed customer costs an index scan of its
# segments' members, not a read of every member's profile.
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

# A refresh of a few customers does all of the above for every segment in one statement
# (two dozen round trips were a fifth of a one-customer refresh). `current`: the
# customers' open stays before it; a stay ends when its segment was searched and no
# longer matches; a matched profile without an open stay enters; the stays that go on
# take their profile's value; each segment's totals move by what changed.
# Parameters: ref_date, uid, partner_ids, segment_ids (every active segment),
# searched_ids (those whose rule could be searched), matched_segment_ids and
# matched_profile_ids (pairs: the customers' profiles each searched segment matches).
APPLY_FOR_CUSTOMERS = """
WITH matched AS (
    SELECT * FROM unnest(%(matched_segment_ids)s::integer[], %(matched_profile_ids)s::integer[])
                  AS x (segment_id, profile_id)
), current AS (
    SELECT m.id, m.segment_id, m.partner_id, m.company_id, m.annual_value, p.annual_value AS new_value,
           NOT (m.segment_id = ANY(%(searched_ids)s::integer[]))
           OR EXISTS (SELECT 1 FROM matched x
                       WHERE x.segment_id = m.segment_id AND x.profile_id = m.profile_id)
               AS stays
      FROM crm_lifecycle_segment_member m
      LEFT JOIN crm_lifecycle_profile p ON p.id = m.profile_id
     WHERE m.date_left IS NULL AND m.partner_id = ANY(%(partner_ids)s::integer[])
       AND m.segment_id = ANY(%(segment_ids)s::integer[])
), closed AS (
    UPDATE crm_lifecycle_segment_member m
       SET date_left = GREATEST(%(ref_date)s::date, m.date_entered),
           write_uid = %(uid)s, write_date = now() AT TIME ZONE 'UTC'
      FROM current c
     WHERE c.id = m.id AND NOT c.stays
    RETURNING m.segment_id, -1 AS members, -COALESCE(c.annual_value, 0) AS value
), synced AS (
    UPDATE crm_lifecycle_segment_member m
       SET annual_value = c.new_value
      FROM current c
     WHERE c.id = m.id AND c.stays AND c.annual_value IS DISTINCT FROM c.new_value
    RETURNING m.segment_id, 0 AS members, COALESCE(c.new_value, 0) - COALESCE(c.annual_value, 0) AS value
), opened AS (
    INSERT INTO crm_lifecycle_segment_member (segment_id, partner_id, company_id, profile_id,
        annual_value, date_entered, create_uid, write_uid, create_date, write_date)
    SELECT x.segment_id, p.partner_id, p.company_id, p.id, p.annual_value, %(ref_date)s, %(uid)s, %(uid)s,
           now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
      FROM matched x
      JOIN crm_lifecycle_profile p ON p.id = x.profile_id
     WHERE NOT EXISTS (SELECT 1 FROM current c WHERE c.segment_id = x.segment_id
                          AND c.partner_id = p.partner_id AND c.company_id = p.company_id)
    RETURNING segment_id, 1 AS members, COALESCE(annual_value, 0) AS value
), moved AS (
    SELECT segment_id, sum(members) AS members, sum(value) AS value,
           count(*) FILTER (WHERE members = 1) AS entered, count(*) FILTER (WHERE members = -1) AS left_
      FROM (SELECT * FROM closed UNION ALL SELECT * FROM synced UNION ALL SELECT * FROM opened) c
     GROUP BY segment_id
), totals AS (
    UPDATE crm_lifecycle_segment s
       SET member_count = s.member_count + d.members, member_value = s.member_value + d.value
      FROM moved d
     WHERE d.segment_id = s.id
)
SELECT segment_id, entered, left_ FROM moved
"""

ANALYZE_AFTER = 1000


def _search(segment, profiles, ref_date, partner_ids):
    """The profile ids the segment's rule matches (of partner_ids only when given), or
    None when the rule cannot be searched any more (e.g. an addon providing one of its
    fields was uninstalled): that segment is skipped, the recompute goes on."""
    try:
        with profiles.env.cr.savepoint():
            domain = segment._evaluated_domain(ref_date)
            if partner_ids is not None:
                domain = [("partner_id", "in", partner_ids)] + domain
            return profiles.search(domain, order="id").ids
    except Exception as error:
        _logger.warning("crm_lifecycle: segment %s (%s) skipped: %s", segment.id, segment.name, error)
        return None


def recount(env, segment_ids, ref_date):
    """Totals of these segments counted again from their open stays (after a change made
    outside refresh(), such as a partner merge)."""
    if segment_ids:
        env.cr.execute(UPDATE_TOTALS, {"segment_ids": list(segment_ids), "ref_date": ref_date})


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
    # the two fields the rules need, in one read (touching one field would read every
    # field, the translated name and description included)
    segments.read(["domain", "company_id"])
    profiles = env["crm.lifecycle.profile"].sudo()
    params = {
        "ref_date": ref_date,
        "uid": env.uid,
        "partner_ids": list(partner_ids or []),
    }
    if partner_ids is not None:
        changes = _refresh_customers(cr, segments, profiles, params)
    else:
        changes = _refresh_all(cr, segments, profiles, params)
    compat.invalidate(env)
    _logger.info("crm_lifecycle: %d segments refreshed in %.2fs", len(segments), time.time() - started)
    return changes


def _refresh_customers(cr, segments, profiles, params):
    matched_segments, matched_profiles, searched = [], [], []
    for segment in segments:
        profile_ids = _search(segment, profiles, params["ref_date"], params["partner_ids"])
        if profile_ids is not None:
            searched.append(segment.id)
            matched_segments += [segment.id] * len(profile_ids)
            matched_profiles += profile_ids
    cr.execute(APPLY_FOR_CUSTOMERS, dict(
        params, segment_ids=segments.ids, searched_ids=searched,
        matched_segment_ids=matched_segments, matched_profile_ids=matched_profiles))
    changes = dict.fromkeys(searched, (0, 0))
    changes.update((segment_id, (entered, left)) for segment_id, entered, left in cr.fetchall()
                   if segment_id in changes)
    if sum(entered + left for entered, left in changes.values()) > ANALYZE_AFTER:
        cr.execute("ANALYZE crm_lifecycle_segment_member")  # see _refresh_all
    return changes


def _refresh_all(cr, segments, profiles, params):
    changes = {}
    for segment in segments:
        profile_ids = _search(segment, profiles, params["ref_date"], None)
        if profile_ids is None:
            continue
        values = dict(params, segment_id=segment.id, profile_ids=profile_ids)
        cr.execute(CLOSE_LEFT, values)
        left = cr.rowcount
        cr.execute(OPEN_ENTERED, values)
        changes[segment.id] = (cr.rowcount, left)
    if sum(entered + left for entered, left in changes.values()) > ANALYZE_AFTER:
        # the anti-joins above are planned from the table's statistics: after a big change
        # (a new segment filled, a first recompute) stale ones make PostgreSQL estimate one
        # member and loop over every member, orders of magnitude slower
        cr.execute("ANALYZE crm_lifecycle_segment_member")
    cr.execute(SYNC_VALUES, params)
    cr.execute(UPDATE_TOTALS, dict(params, segment_ids=segments.ids))
    return changes
