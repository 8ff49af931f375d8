# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from ..engine import queries


class LifecycleSegmentMember(models.Model):
    """One stay of a customer in a segment: date_left empty while it is a member. Written
    by the engine with set-based SQL (engine/segments.py)."""
    _name = "crm.lifecycle.segment.member"
    _description = "Customer Segment Membership"
    _order = "date_entered desc, id desc"
    _rec_name = "partner_id"

    segment_id = fields.Many2one("crm.lifecycle.segment", required=True, readonly=True,
                                 ondelete="cascade", index=True)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, readonly=True,
                                 ondelete="cascade", index=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, ondelete="cascade",
                                 index=True)
    profile_id = fields.Many2one("crm.lifecycle.profile", readonly=True, ondelete="cascade",
                                 index=True)
    date_entered = fields.Date("Entered", required=True, readonly=True)
    date_left = fields.Date("Left", readonly=True, index=True)
    stage_id = fields.Many2one(related="profile_id.stage_id", readonly=True)
    user_id = fields.Many2one(related="profile_id.user_id", readonly=True)
    currency_id = fields.Many2one(related="profile_id.currency_id", readonly=True)
    # kept by the engine (the profile's value at each refresh, frozen when the stay ends):
    # the segment's total is summed from here, without reading every member's profile
    annual_value = fields.Monetary(readonly=True, currency_field="currency_id")
    health_score = fields.Integer(related="profile_id.health_score", readonly=True)

    def init(self):
        # one open stay per customer and company in a segment
        self.env.cr.execute(queries.SEGMENT_OPEN_MEMBER_INDEX)
