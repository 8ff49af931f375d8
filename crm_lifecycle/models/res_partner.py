# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .. import access, compat
from ..engine import recompute as engine
from .lifecycle_profile import ABC_CLASSES, HEALTH_BANDS, RFM_SEGMENTS, health_band, health_band_domain


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Stored copies written by the engine (queries.MIRROR_TO_PARTNERS) so that partner
    # lists can filter and group on them; the profile itself is per company.
    # Only lifecycle users read them (portal users read their own partner).
    lifecycle_stage_id = fields.Many2one("crm.lifecycle.stage", string="Lifecycle stage",
                                         readonly=True, copy=False, index=True, groups=access.USER_GROUP)
    lifecycle_rfm_segment = fields.Selection(RFM_SEGMENTS, string="RFM segment", readonly=True,
                                             copy=False, groups=access.USER_GROUP)
    lifecycle_abc_class = fields.Selection(ABC_CLASSES, string="ABC class", readonly=True, copy=False,
                                           groups=access.USER_GROUP)
    lifecycle_health_score = fields.Integer("Health", readonly=True, copy=False, groups=access.USER_GROUP,
                                            **compat.aggregator("avg"))
    lifecycle_health_band = fields.Selection(HEALTH_BANDS, string="Health band",
                                             compute="_compute_lifecycle_health_band",
                                             search="_search_lifecycle_health_band")
    # The profile of the commercial partner in the current company, for the form.
    lifecycle_profile_id = fields.Many2one("crm.lifecycle.profile", compute="_compute_lifecycle_profile",
                                           search="_search_lifecycle_profile")
    lifecycle_currency_id = fields.Many2one(related="lifecycle_profile_id.currency_id", readonly=True,
                                            string="Lifecycle currency")
    lifecycle_stage_date = fields.Date(related="lifecycle_profile_id.stage_date", readonly=True)
    lifecycle_r_score = fields.Integer(related="lifecycle_profile_id.r_score", readonly=True)
    lifecycle_f_score = fields.Integer(related="lifecycle_profile_id.f_score", readonly=True)
    lifecycle_m_score = fields.Integer(related="lifecycle_profile_id.m_score", readonly=True)
    lifecycle_order_count = fields.Integer(related="lifecycle_profile_id.order_count", readonly=True)
    lifecycle_last_order_date = fields.Date(related="lifecycle_profile_id.last_order_date", readonly=True)
    lifecycle_revenue_365 = fields.Monetary(related="lifecycle_profile_id.revenue_365", readonly=True,
                                            currency_field="lifecycle_currency_id")
    lifecycle_annual_value = fields.Monetary(related="lifecycle_profile_id.annual_value", readonly=True,
                                             currency_field="lifecycle_currency_id")
    lifecycle_avg_order_value = fields.Monetary(related="lifecycle_profile_id.avg_order_value",
                                                readonly=True, currency_field="lifecycle_currency_id")
    lifecycle_receivable_open = fields.Monetary(related="lifecycle_profile_id.receivable_open",
                                                readonly=True, currency_field="lifecycle_currency_id")
    lifecycle_overdue_amount = fields.Monetary(related="lifecycle_profile_id.overdue_amount",
                                               readonly=True, currency_field="lifecycle_currency_id")
    lifecycle_on_time_rate = fields.Float(related="lifecycle_profile_id.delivery_on_time_rate",
                                          readonly=True)
    lifecycle_tickets_open = fields.Integer(related="lifecycle_profile_id.tickets_open", readonly=True)
    lifecycle_complaints = fields.Integer(related="lifecycle_profile_id.complaints_count", readonly=True)
    lifecycle_opps_open = fields.Integer(related="lifecycle_profile_id.opps_open", readonly=True)
    lifecycle_p_alive = fields.Float(related="lifecycle_profile_id.p_alive", readonly=True)
    lifecycle_churn_risk = fields.Float(related="lifecycle_profile_id.churn_risk", readonly=True)
    lifecycle_clv_12m = fields.Monetary(related="lifecycle_profile_id.clv_12m", readonly=True,
                                        currency_field="lifecycle_currency_id")
    lifecycle_churn_basis = fields.Selection(related="lifecycle_profile_id.churn_basis", readonly=True)
    lifecycle_health_recency = fields.Float(related="lifecycle_profile_id.health_recency", readonly=True)
    lifecycle_health_trend = fields.Float(related="lifecycle_profile_id.health_trend", readonly=True)
    lifecycle_health_payment = fields.Float(related="lifecycle_profile_id.health_payment", readonly=True)
    lifecycle_health_service = fields.Float(related="lifecycle_profile_id.health_service", readonly=True)
    lifecycle_transition_count = fields.Integer(compute="_compute_lifecycle_profile")

    def _compute_lifecycle_profile(self):
        company = compat.current_company(self.env)
        commercial = self.mapped("commercial_partner_id")
        profiles = self.env["crm.lifecycle.profile"].search(
            [("partner_id", "in", commercial.ids), ("company_id", "=", company.id)])
        by_partner = {p.partner_id.id: p for p in profiles}
        counts = {}
        if profiles:
            groups = self.env["crm.lifecycle.transition"].read_group(
                [("profile_id", "in", profiles.ids)], ["profile_id"], ["profile_id"])
            counts = {g["profile_id"][0]: g["profile_id_count"] for g in groups}
        for partner in self:
            profile = by_partner.get(partner.commercial_partner_id.id)
            partner.lifecycle_profile_id = profile.id if profile else False
            partner.lifecycle_transition_count = counts.get(profile.id, 0) if profile else 0

    @compat.search_method
    def _search_lifecycle_profile(self, operator, value):
        profiles = self.env["crm.lifecycle.profile"].search([("id", operator, value)])
        return [("commercial_partner_id", "in", profiles.mapped("partner_id").ids)]

    @api.depends("lifecycle_health_score", "lifecycle_stage_id")
    def _compute_lifecycle_health_band(self):
        for partner in self:
            partner.lifecycle_health_band = (
                health_band(partner.lifecycle_health_score) if partner.lifecycle_stage_id else False)

    @compat.search_method
    def _search_lifecycle_health_band(self, operator, value):
        return health_band_domain("lifecycle_health_score", operator, value,
                                  extra=("lifecycle_stage_id", "!=", False))

    def action_lifecycle_open_profile(self):
        self.ensure_one()
        access.check_user(self.env)
        if not self.lifecycle_profile_id:
            raise UserError(_("%s has no lifecycle profile in this company yet: no order, invoice, "
                              "ticket or lead.") % self.commercial_partner_id.display_name)
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.lifecycle.profile",
            "res_id": self.lifecycle_profile_id.id,
            "view_mode": "form",
        }

    def action_lifecycle_history(self):
        self.ensure_one()
        access.check_user(self.env)
        return self.env["crm.lifecycle.transition"]._history_action(
            [("partner_id", "=", self.commercial_partner_id.id)])

    def action_lifecycle_refresh(self):
        """Refresh this customer now (the button on the partner form)."""
        self.env["crm.lifecycle.profile"]._check_manager()
        engine.recompute(self.env, partner_ids=self.mapped("commercial_partner_id").ids)
        return True
