# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A profile's health week by week: one row per profile and ISO week, written set-based
by the engine (engine/history.py), read-only for everybody else. Rows older than two
years are pruned by the daily recompute (HISTORY_KEEP_INTERVAL in engine/queries.py)."""
from odoo import _, fields, models
from odoo.exceptions import UserError

from .. import compat


class LifecycleProfileHistory(models.Model):
    _name = "crm.lifecycle.profile.history"
    _description = "Customer Lifecycle Weekly Snapshot"
    _order = "week desc, id desc"
    _rec_name = "week"

    profile_id = fields.Many2one("crm.lifecycle.profile", required=True, readonly=True,
                                 ondelete="cascade", index=True)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, readonly=True,
                                 ondelete="cascade", index=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, ondelete="cascade",
                                 index=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    week = fields.Date(required=True, readonly=True, index=True,
                       help="Monday of the ISO week of this snapshot.")
    ref_date = fields.Date("Computed as of", readonly=True)
    stage_id = fields.Many2one("crm.lifecycle.stage", readonly=True, ondelete="set null")
    health_score = fields.Integer("Health", readonly=True, **compat.aggregator("avg"))
    health_recency = fields.Float("Recency vs cadence", readonly=True, **compat.aggregator("avg"))
    health_trend = fields.Float("Revenue trend", readonly=True, **compat.aggregator("avg"))
    health_payment = fields.Float("Payment behaviour", readonly=True, **compat.aggregator("avg"))
    health_service = fields.Float("Service load", readonly=True, **compat.aggregator("avg"))
    health_satisfaction = fields.Float("Satisfaction", readonly=True, **compat.aggregator("avg"))
    annual_value = fields.Monetary("Annual value", readonly=True)
    p_alive = fields.Float("P(alive)", digits=(16, 3), readonly=True, **compat.aggregator("avg"),
                           help="Empty when the company had no valid churn model fit.")

    _sql_constraints = [
        ("profile_week_unique", "UNIQUE(profile_id, week)",
         "A profile has one snapshot per week."),
    ]

    # The access rights give nobody create, write or unlink; these guard the superuser's
    # ORM too (the engine writes with SQL), so that a snapshot is what the engine computed.
    @compat.model_create
    def create(self, vals):  # pylint: disable=method-required-super
        raise UserError(_("Weekly health snapshots are written by the lifecycle recompute and "
                          "cannot be created or edited."))

    def write(self, vals):  # pylint: disable=method-required-super
        raise UserError(_("Weekly health snapshots are written by the lifecycle recompute and "
                          "cannot be created or edited."))
