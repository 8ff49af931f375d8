# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from odoo.addons.crm_lifecycle import compat
from odoo.addons.crm_lifecycle.models.lifecycle_profile import ABC_CLASSES, RFM_SEGMENTS


class LifecycleReportRfm(models.Model):
    """RFM grid (R x F: customers and revenue) and the RFM segment summary.

    One row per scored customer: the R x F grid and the segment summary are its pivots."""
    _name = "crm.lifecycle.report.rfm"
    _inherit = "crm.lifecycle.report.mixin"
    _description = "Lifecycle report: RFM"
    _auto = False
    _order = "r_score desc, f_score desc"
    _report_rows = "p"

    stage_id = fields.Many2one("crm.lifecycle.stage", readonly=True)
    r_score = fields.Integer("R", readonly=True, **compat.aggregator("avg"))
    f_score = fields.Integer("F", readonly=True, **compat.aggregator("avg"))
    m_score = fields.Integer("M", readonly=True, **compat.aggregator("avg"))
    rfm_segment = fields.Selection(RFM_SEGMENTS, string="RFM segment", readonly=True)
    abc_class = fields.Selection(ABC_CLASSES, string="ABC", readonly=True)
    last_order_date = fields.Date(readonly=True)
    customer_count = fields.Integer("Customers", readonly=True)
    revenue_total = fields.Monetary("Revenue", readonly=True)
    revenue_365 = fields.Monetary("Revenue (365 d)", readonly=True)
    annual_value = fields.Monetary(readonly=True)

    def _select(self):
        return super()._select() + """,
       p.id, p.stage_id, p.r_score, p.f_score, p.m_score, p.rfm_segment, p.abc_class,
       p.last_order_date, 1 AS customer_count, p.revenue_total, p.revenue_365, p.annual_value"""

    def _from(self):
        return """crm_lifecycle_profile p
  JOIN res_company c ON c.id = p.company_id"""

    def _where(self):
        return "p.r_score > 0 AND p.f_score > 0"
