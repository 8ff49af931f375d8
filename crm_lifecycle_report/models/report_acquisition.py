# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from odoo.addons.crm_lifecycle import compat


class LifecycleReportAcquisition(models.Model):
    """Return of acquisition sources and campaigns: one row per customer with orders, by the
    UTM source, medium and campaign it was acquired through (its profile's acquisition) and
    the month of its first order.

    Counts, revenue, margin and predicted CLV add up in every total. The shares and the
    per-customer figures are row values that a pivot averages: still_active_share is 100
    for a customer still active and 0 otherwise, so the average over any group of rows is
    the true ratio, active customers over the customers counted (as the cohort report does);
    revenue and predicted CLV per customer are each row's own figure, so their average is
    the group's sum over its customers."""
    _name = "crm.lifecycle.report.acquisition"
    _inherit = "crm.lifecycle.report.mixin"
    _description = "Lifecycle report: acquisition sources and campaigns"
    _auto = False
    _order = "acquired_month desc, partner_id"
    _report_rows = "p"

    source_id = fields.Many2one("utm.source", readonly=True)
    medium_id = fields.Many2one("utm.medium", readonly=True)
    campaign_id = fields.Many2one("utm.campaign", readonly=True)
    acquired_month = fields.Date("Acquired (first-order month)", readonly=True)
    stage_id = fields.Many2one("crm.lifecycle.stage", string="Stage (today)", readonly=True)
    customer_count = fields.Integer("Customers acquired", readonly=True)
    active_count = fields.Integer(
        "Still active", readonly=True,
        help="Customers whose stage today is neither at risk nor lapsed (1 or 0 per row).")
    still_active_share = fields.Float(
        "Still active (%)", readonly=True, digits=(16, 1), **compat.aggregator("avg"),
        help="Customers still active over the customers acquired.")
    revenue = fields.Monetary(readonly=True, help="Untaxed confirmed orders since the first one.")
    revenue_avg = fields.Monetary("Revenue per customer", readonly=True, **compat.aggregator("avg"))
    margin_total = fields.Monetary(
        "Margin", readonly=True,
        help="Where known: order lines less their cost, as on the profile (empty without a cost).")
    clv_12m = fields.Monetary(
        "Predicted CLV (12 months)", readonly=True,
        help="The churn model's prediction, where the company has a valid fit.")
    clv_avg = fields.Monetary(
        "Predicted CLV per customer", readonly=True, **compat.aggregator("avg"),
        help="Average over the customers with a prediction.")

    def _select(self):
        return super()._select() + """,
       p.id, p.acquisition_source_id AS source_id, p.acquisition_medium_id AS medium_id,
       p.acquisition_campaign_id AS campaign_id,
       date_trunc('month', p.first_order_date)::date AS acquired_month, p.stage_id,
       1 AS customer_count, a.active AS active_count, 100.0 * a.active AS still_active_share,
       p.revenue_total AS revenue, p.revenue_total AS revenue_avg, p.margin_total,
       CASE WHEN p.churn_basis = 'model' THEN p.clv_12m END AS clv_12m,
       CASE WHEN p.churn_basis = 'model' THEN p.clv_12m END AS clv_avg"""

    def _from(self):
        return """crm_lifecycle_profile p
  JOIN res_company c ON c.id = p.company_id
  LEFT JOIN crm_lifecycle_stage st ON st.id = p.stage_id
 CROSS JOIN LATERAL (SELECT CASE WHEN st.code IN ('at_risk', 'lapsed') THEN 0 ELSE 1 END AS active) a"""

    def _where(self):
        return "p.order_count > 0"
