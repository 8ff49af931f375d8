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
from . import queries

_logger = logging.getLogger(__name__)

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
        env.cr.execute(queries.SEGMENT_UPDATE_TOTALS,
                       {"segment_ids": list(segment_ids), "ref_date": ref_date})


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
    cr.execute(queries.SEGMENT_APPLY_FOR_CUSTOMERS, dict(
        params, segment_ids=segments.ids, searched_ids=searched,
        matched_segment_ids=matched_segments, matched_profile_ids=matched_profiles))
    changes = dict.fromkeys(searched, (0, 0))
    changes.update((segment_id, (entered, left)) for segment_id, entered, left in cr.fetchall()
                   if segment_id in changes)
    if sum(entered + left for entered, left in changes.values()) > ANALYZE_AFTER:
        cr.execute(queries.SEGMENT_ANALYZE_MEMBERS)  # see _refresh_all
    return changes


def _refresh_all(cr, segments, profiles, params):
    changes = {}
    for segment in segments:
        profile_ids = _search(segment, profiles, params["ref_date"], None)
        if profile_ids is None:
            continue
        values = dict(params, segment_id=segment.id, profile_ids=profile_ids)
        cr.execute(queries.SEGMENT_CLOSE_LEFT, values)
        left = cr.rowcount
        cr.execute(queries.SEGMENT_OPEN_ENTERED, values)
        changes[segment.id] = (cr.rowcount, left)
    if sum(entered + left for entered, left in changes.values()) > ANALYZE_AFTER:
        # the anti-joins above are planned from the table's statistics: after a big change
        # (a new segment filled, a first recompute) stale ones make PostgreSQL estimate one
        # member and loop over every member, orders of magnitude slower
        cr.execute(queries.SEGMENT_ANALYZE_MEMBERS)
    cr.execute(queries.SEGMENT_SYNC_VALUES, params)
    cr.execute(queries.SEGMENT_UPDATE_TOTALS, dict(params, segment_ids=segments.ids))
    return changes
