# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from odoo.addons.crm_lifecycle.models.lifecycle_profile import ABC_CLASSES

QUADRANTS = [
    ("high_profitable", "High value, profitable"),
    ("high_unprofitable", "High value, unprofitable"),
    ("low_profitable", "Low value, profitable"),
    ("low_unprofitable", "Low value, unprofitable"),
]


class LifecycleReportProfitability(models.Model):
    """Profitable vs unprofitable: value (ABC class A or B = high) against margin (below 0
    = unprofitable), one row per customer with orders. Revenue and margin add up in every
    total; the margin rate of a total row is margin over revenue, computed by the reader
    from the two sums rather than a sum of rates."""
    _name = "crm.lifecycle.report.profitability"
    _inherit = "crm.lifecycle.report.mixin"
    _description = "Lifecycle report: profitability"
    _auto = False
    _order = "margin_total"
    _report_rows = "p"

    stage_id = fields.Many2one("crm.lifecycle.stage", readonly=True)
    abc_class = fields.Selection(ABC_CLASSES, string="ABC", readonly=True)
    quadrant = fields.Selection(QUADRANTS, readonly=True)
    customer_count = fields.Integer("Customers", readonly=True)
    revenue_net = fields.Monetary("Revenue net of credit notes", readonly=True)
    margin_total = fields.Monetary("Margin", readonly=True)
    margin_annual = fields.Monetary("Margin (365 d)", readonly=True)
    annual_value = fields.Monetary(readonly=True)

    def _select(self):
        return super()._select() + """,
       p.id, p.stage_id, p.abc_class,
       CASE WHEN p.abc_class IN ('A', 'B') THEN 'high' ELSE 'low' END
           || CASE WHEN p.margin_total < 0 THEN '_unprofitable' ELSE '_profitable' END AS quadrant,
       1 AS customer_count, p.revenue_total - p.refunded_total AS revenue_net, p.margin_total,
       p.margin_annual, p.annual_value"""

    def _from(self):
        return """crm_lifecycle_profile p
  JOIN res_company c ON c.id = p.company_id"""

    def _where(self):
        return "p.order_count > 0 AND p.margin_total IS NOT NULL"
