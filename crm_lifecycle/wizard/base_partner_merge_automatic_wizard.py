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
from ..engine import dupcheck, queries, recompute as engine, segments

_logger = logging.getLogger(__name__)


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
        # merging duplicates is what the duplicate check asks for: it must not refuse it
        merge = super(MergePartnerLifecycle, self.with_context(**{dupcheck.MERGE_CONTEXT: True}))
        result = merge._merge(partner_ids, dst_partner, *args, **kwargs)
        if survivor and survivor.exists() and len(partners) > 1:
            engine.recompute(self.env, partner_ids=[survivor.commercial_partner_id.id])
        return result

    def _lifecycle_merge(self, src_partners, dst_partner):
        cr = self.env.cr
        compat.flush(self.env)  # overrides and memberships written through the ORM
        dst = dst_partner.id
        folded, dropped = [], []
        cr.execute(queries.MERGE_HAS_MEMBERS)
        has_members = cr.fetchone()[0]
        cr.execute(queries.MERGE_PROVISIONAL_HISTORY, {"dst": dst})
        for src in src_partners:
            params = {"src": src.id, "dst": dst,
                      "origin": _("(manual stage of %s, merged into this customer)") % src.display_name}
            cr.execute(queries.MERGE_DROPPED_OVERRIDES, params)
            dropped += [(src, row[0]) for row in cr.fetchall()]
            cr.execute(queries.MERGE_CARRY_OVERRIDES, params)
            cr.execute(queries.MERGE_MOVE_TRANSITIONS, params)
            if has_members:
                cr.execute(queries.MERGE_MOVE_MEMBERSHIP_PROFILES, params)
            cr.execute(queries.MERGE_DELETE_FOLDED_PROFILES, params)
            folded += [(src, row[0]) for row in cr.fetchall()]
            cr.execute(queries.MERGE_HAND_OVER_PROFILES, params)
        cr.execute(queries.MERGE_RENUMBER_HISTORY, {"dst": dst})
        srcs = {"srcs": src_partners.ids, "dst": dst,
                "today": compat.today(self.env)}
        cr.execute(queries.MERGE_DROP_DUPLICATE_ROWS, srcs)
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
        cr.execute(queries.MERGE_MEMBER_SEGMENTS, params)
        segment_ids = [row[0] for row in cr.fetchall()]
        try:
            self._lifecycle_move_memberships(params)
        finally:
            # the closed and moved stays change the segments' totals: recount them exactly
            segments.recount(self.env, segment_ids, params["today"])

    def _lifecycle_move_memberships(self, params):
        cr = self.env.cr
        cr.execute(queries.MERGE_CLOSE_DOUBLE_MEMBERSHIPS, params)
        try:
            with cr.savepoint():
                cr.execute(queries.MERGE_MOVE_MEMBERSHIPS, params)
        except psycopg2.IntegrityError:
            # a constraint of the segments feature refuses a row: move the others one by one
            cr.execute(queries.MERGE_SOURCE_MEMBERS, params)
            for (member_id,) in cr.fetchall():
                try:
                    with cr.savepoint():
                        cr.execute(queries.MERGE_MOVE_MEMBERSHIP,
                                   {"dst": params["dst"], "member_id": member_id})
                except psycopg2.IntegrityError:
                    _logger.warning("segment membership %s of a merged partner conflicts with the "
                                    "survivor's and is dropped", member_id)
