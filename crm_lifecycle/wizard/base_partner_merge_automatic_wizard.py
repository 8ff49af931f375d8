# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Odoo's partner merge, taught about lifecycle data.

The wizard repoints every foreign key to the removed partners with one UPDATE per column,
and when that UPDATE violates a unique constraint it DELETES the removed partners' rows.
For profiles (one per partner and company) that delete would cascade to their stage
history. So before Odoo's generic update, the removed partners' profiles are folded into
the survivor's (their transitions move over) or handed to the survivor, segment
memberships move without conflicts, stale duplicate candidates go; pool events need
nothing (no unique constraint, the generic update moves them). After the merge the
survivor's profile is recomputed from the combined records.
"""
import logging

import psycopg2

from odoo import _, models

from .. import compat
from ..engine import recompute as engine, segments

_logger = logging.getLogger(__name__)

# Transitions of a removed partner's profile move to the survivor's profile in the same
# company, then that profile goes; a profile in a company where the survivor has none is
# handed over. Run per removed partner, so that two removed partners' profiles in one
# company end up as one.
# A moved change takes a provisional position (-id: unique, below every real one) until
# RENUMBER_HISTORY orders the survivor's whole history by date.
MOVE_TRANSITIONS = """
UPDATE crm_lifecycle_transition t
   SET profile_id = d.id, partner_id = %(dst)s, sequence = -t.id
  FROM crm_lifecycle_profile s
  JOIN crm_lifecycle_profile d ON d.company_id = s.company_id AND d.partner_id = %(dst)s
 WHERE t.profile_id = s.id AND s.partner_id = %(src)s
"""
# The survivor's history as one timeline: positions 1..n by date. In two steps, since the
# unique (profile, position) index is checked row by row: all provisional first.
PROVISIONAL_HISTORY = """
UPDATE crm_lifecycle_transition SET sequence = -id WHERE partner_id = %(dst)s AND sequence > 0
"""
RENUMBER_HISTORY = """
UPDATE crm_lifecycle_transition t SET sequence = n.position
  FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY profile_id ORDER BY date, -sequence) AS position
          FROM crm_lifecycle_transition WHERE partner_id = %(dst)s) n
 WHERE t.id = n.id
"""
# A manual stage of a removed partner is kept on purpose: it carries over to the survivor's
# profile in that company when the survivor has none (its reason says where it came
# from); when both have one, the survivor's stays and the note on the survivor says so.
CARRY_OVERRIDES = """
UPDATE crm_lifecycle_profile d
   SET override_stage_id = s.override_stage_id, override_until = s.override_until,
       override_user_id = s.override_user_id,
       override_reason = LEFT(COALESCE(s.override_reason, '') || ' ' || %(origin)s, 1000)
  FROM crm_lifecycle_profile s
 WHERE s.partner_id = %(src)s AND d.partner_id = %(dst)s AND d.company_id = s.company_id
   AND s.override_stage_id IS NOT NULL AND d.override_stage_id IS NULL
"""
DROPPED_OVERRIDES = """
SELECT s.company_id FROM crm_lifecycle_profile s
  JOIN crm_lifecycle_profile d ON d.company_id = s.company_id AND d.partner_id = %(dst)s
 WHERE s.partner_id = %(src)s AND s.override_stage_id IS NOT NULL AND d.override_stage_id IS NOT NULL
"""
# Segment memberships follow their profile the same way (they are keyed by profile, and a
# folded profile's deletion would cascade to them).
MOVE_MEMBERSHIP_PROFILES = """
UPDATE crm_lifecycle_segment_member m
   SET profile_id = d.id
  FROM crm_lifecycle_profile s
  JOIN crm_lifecycle_profile d ON d.company_id = s.company_id AND d.partner_id = %(dst)s
 WHERE m.profile_id = s.id AND s.partner_id = %(src)s
"""
DELETE_FOLDED_PROFILES = """
DELETE FROM crm_lifecycle_profile s
 USING crm_lifecycle_profile d
 WHERE s.partner_id = %(src)s AND d.partner_id = %(dst)s AND d.company_id = s.company_id
RETURNING s.company_id
"""
HAND_OVER_PROFILES = """
UPDATE crm_lifecycle_profile SET partner_id = %(dst)s WHERE partner_id = %(src)s
"""
DROP_DUPLICATE_ROWS = """
DELETE FROM crm_lifecycle_duplicate
 WHERE partner_id = ANY(%(srcs)s::int[]) OR duplicate_id = ANY(%(srcs)s::int[])
"""
# Segment memberships (crm_lifecycle_segment_member, from the segments feature): a current
# membership of a removed partner in a segment the survivor is currently in is closed
# today (history kept, one current membership), then all rows move.
CLOSE_DOUBLE_MEMBERSHIPS = """
UPDATE crm_lifecycle_segment_member s
   SET date_left = %(today)s
 WHERE s.partner_id = ANY(%(srcs)s::int[]) AND s.date_left IS NULL
   AND EXISTS (SELECT 1 FROM crm_lifecycle_segment_member d
                WHERE d.partner_id = %(dst)s AND d.segment_id = s.segment_id
                  AND d.company_id IS NOT DISTINCT FROM s.company_id AND d.date_left IS NULL)
"""
MOVE_MEMBERSHIPS = """
UPDATE crm_lifecycle_segment_member SET partner_id = %(dst)s WHERE partner_id = ANY(%(srcs)s::int[])
"""


class MergePartnerLifecycle(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _update_foreign_keys(self, src_partners, dst_partner):
        self._lifecycle_merge(src_partners, dst_partner)
        return super()._update_foreign_keys(src_partners, dst_partner)

    def _merge(self, partner_ids, dst_partner=None, *args, **kwargs):
        partners = self.env["res.partner"].browse(partner_ids).exists()
        if dst_partner and dst_partner in partners:
            survivor = dst_partner
        elif len(partners) > 1:
            survivor = self._get_ordered_partner(partners.ids)[-1]
        else:
            survivor = None
        result = super()._merge(partner_ids, dst_partner, *args, **kwargs)
        if survivor and survivor.exists() and len(partners) > 1:
            engine.recompute(self.env, partner_ids=[survivor.commercial_partner_id.id])
        return result

    def _lifecycle_merge(self, src_partners, dst_partner):
        cr = self.env.cr
        compat.flush(self.env)  # overrides and memberships written through the ORM
        dst = dst_partner.id
        folded, dropped = [], []
        cr.execute("SELECT to_regclass('crm_lifecycle_segment_member') IS NOT NULL")
        has_members = cr.fetchone()[0]
        cr.execute(PROVISIONAL_HISTORY, {"dst": dst})
        for src in src_partners:
            params = {"src": src.id, "dst": dst,
                      "origin": _("(manual stage of %s, merged into this customer)") % src.display_name}
            cr.execute(DROPPED_OVERRIDES, params)
            dropped += [(src, row[0]) for row in cr.fetchall()]
            cr.execute(CARRY_OVERRIDES, params)
            cr.execute(MOVE_TRANSITIONS, params)
            if has_members:
                cr.execute(MOVE_MEMBERSHIP_PROFILES, params)
            cr.execute(DELETE_FOLDED_PROFILES, params)
            folded += [(src, row[0]) for row in cr.fetchall()]
            cr.execute(HAND_OVER_PROFILES, params)
        cr.execute(RENUMBER_HISTORY, {"dst": dst})
        srcs = {"srcs": src_partners.ids, "dst": dst,
                "today": compat.today(self.env)}
        cr.execute(DROP_DUPLICATE_ROWS, srcs)
        if has_members:
            self._lifecycle_merge_memberships(srcs)
        companies = self.env["res.company"].browse([company for _src, company in folded + dropped])
        names = {c.id: c.name for c in companies}
        if folded:
            dst_partner.message_post(body=_(
                "Lifecycle: the profiles of %s were merged into this customer's; their stage "
                "history is kept here.") % ", ".join(
                    "%s (%s)" % (src.display_name, names[company]) for src, company in folded))
        if dropped:
            dst_partner.message_post(body=_(
                "Lifecycle: this customer's manual stage was kept; the manual stage of %s was "
                "not carried over.") % ", ".join(
                    "%s (%s)" % (src.display_name, names[company]) for src, company in dropped))

    def _lifecycle_merge_memberships(self, params):
        cr = self.env.cr
        cr.execute("SELECT DISTINCT segment_id FROM crm_lifecycle_segment_member "
                   "WHERE partner_id = ANY(%(srcs)s::int[]) OR partner_id = %(dst)s", params)
        segment_ids = [row[0] for row in cr.fetchall()]
        try:
            self._lifecycle_move_memberships(params)
        finally:
            # the closed and moved stays change the segments' totals: recount them exactly
            segments.recount(self.env, segment_ids, params["today"])

    def _lifecycle_move_memberships(self, params):
        cr = self.env.cr
        cr.execute(CLOSE_DOUBLE_MEMBERSHIPS, params)
        try:
            with cr.savepoint():
                cr.execute(MOVE_MEMBERSHIPS, params)
        except psycopg2.IntegrityError:
            # a constraint of the segments feature refuses a row: move the others one by one
            cr.execute("SELECT id FROM crm_lifecycle_segment_member WHERE partner_id = ANY(%(srcs)s::int[])",
                       params)
            for (member_id,) in cr.fetchall():
                try:
                    with cr.savepoint():
                        cr.execute("UPDATE crm_lifecycle_segment_member SET partner_id = %s WHERE id = %s",
                                   (params["dst"], member_id))
                except psycopg2.IntegrityError:
                    _logger.warning("segment membership %s of a merged partner conflicts with the "
                                    "survivor's and is dropped", member_id)
