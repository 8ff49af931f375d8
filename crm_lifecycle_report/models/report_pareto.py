# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from odoo.addons.crm_lifecycle import compat
from odoo.addons.crm_lifecycle.models.lifecycle_profile import ABC_CLASSES, RFM_SEGMENTS

# A customer's rank within its company: by revenue, ties by id, the running sum up to it.
RANK_WINDOW = """(PARTITION BY p.company_id ORDER BY p.revenue_total DESC, p.id
             ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"""
# All its company's customers.
COMPANY_WINDOW = "(PARTITION BY p.company_id)"


class LifecycleReportPareto(models.Model):
    """Pareto / ABC: cumulative revenue share by customer rank (per company).

    Customers with revenue ranked by revenue within their company (ties by id), with the
    cumulative share of revenue up to their rank and the share of customers it
    represents."""
    _name = "crm.lifecycle.report.pareto"
    _inherit = "crm.lifecycle.report.mixin"
    _description = "Lifecycle report: Pareto / ABC"
    _auto = False
    _order = "company_id, rank"
    _report_rows = "p"
    # Shares whose sum over a group of rows is that group's share: every row of a company
    # is divided by the same total, the company's revenue (a pivot's total row of one
    # company's classes is 100 %). test_aggregates reads this list.
    _additive_shares = ("revenue_share",)

    stage_id = fields.Many2one("crm.lifecycle.stage", readonly=True)
    rfm_segment = fields.Selection(RFM_SEGMENTS, string="RFM segment", readonly=True)
    abc_class = fields.Selection(ABC_CLASSES, string="ABC", readonly=True)
    revenue_total = fields.Monetary("Revenue", readonly=True)
    rank = fields.Integer(readonly=True, **compat.aggregator("max"))
    cumulative_share = fields.Float("Cumulative revenue (%)", readonly=True, **compat.aggregator("max"),
                                    digits=(16, 1))
    customer_share = fields.Float("Customers up to this rank (%)", readonly=True,
                                  **compat.aggregator("max"), digits=(16, 1))
    revenue_share = fields.Float("Revenue share (%)", readonly=True, digits=(16, 2))

    def _select(self):
        return super()._select() + """,
       p.id, p.stage_id, p.rfm_segment, p.abc_class, p.revenue_total,
       row_number() OVER """ + RANK_WINDOW + """ AS rank,
       100.0 * sum(p.revenue_total) OVER """ + RANK_WINDOW + """
             / sum(p.revenue_total) OVER """ + COMPANY_WINDOW + """ AS cumulative_share,
       100.0 * row_number() OVER """ + RANK_WINDOW + """
             / count(*) OVER """ + COMPANY_WINDOW + """ AS customer_share,
       100.0 * p.revenue_total / sum(p.revenue_total) OVER """ + COMPANY_WINDOW + """ AS revenue_share"""

    def _from(self):
        return """crm_lifecycle_profile p
  JOIN res_company c ON c.id = p.company_id"""

    def _where(self):
        return "p.revenue_total > 0"
