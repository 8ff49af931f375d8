# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from odoo.addons.crm_lifecycle import compat
from odoo.addons.crm_lifecycle.engine import queries
from odoo.addons.crm_lifecycle.models.lifecycle_profile import RFM_SEGMENTS


class LifecycleReportCohort(models.Model):
    """Cohort retention: first-order month x months since, share of customers and of
    first-month revenue still buying.

    One row per customer, company and month in which it ordered (the engine's orders),
    placed in the cohort of its first order month. Shares are relative to the whole cohort
    of the company (its customers and its first-month revenue), so that summing rows in a
    pivot cell gives the share of the cohort still buying N months later."""
    _name = "crm.lifecycle.report.cohort"
    _inherit = "crm.lifecycle.report.mixin"
    _description = "Lifecycle report: cohort retention"
    _auto = False
    _order = "cohort_month desc, months_since"
    _report_rows = "s"

    cohort_month = fields.Date("First-order month", readonly=True)
    month = fields.Date("Order month", readonly=True)
    months_since = fields.Integer("Months since first order", readonly=True, **compat.aggregator("max"))
    stage_id = fields.Many2one("crm.lifecycle.stage", string="Stage (today)", readonly=True)
    rfm_segment = fields.Selection(RFM_SEGMENTS, string="RFM segment (today)", readonly=True)
    revenue = fields.Monetary(readonly=True, help="Untaxed confirmed orders that month.")
    cohort_size = fields.Integer("Cohort customers", readonly=True, **compat.aggregator("max"))
    customer_share = fields.Float("Customers still buying (%)", readonly=True, digits=(16, 1),
                                  help="Share of the cohort's customers who ordered that month.")
    revenue_share = fields.Float("Revenue vs first month (%)", readonly=True, digits=(16, 1),
                                 help="That month's revenue against the cohort's first-month revenue.")

    def _with(self):
        return queries.order_scope_sql(self.env.cr) + """,
monthly AS (
    SELECT partner_id, company_id, date_trunc('month', d)::date AS month, sum(amount) AS revenue
      FROM orders GROUP BY partner_id, company_id, date_trunc('month', d)
),
tagged AS (
    SELECT m.*, min(m.month) OVER (PARTITION BY m.partner_id, m.company_id) AS cohort_month
      FROM monthly m
),
-- window aggregates, not a join back on the cohorts: the planner misjudges such a join
-- of CTEs (1 row estimated) and loops over every month for every cohort
sized AS (
    SELECT t.*,
           count(*) FILTER (WHERE t.month = t.cohort_month)
               OVER (PARTITION BY t.company_id, t.cohort_month) AS cohort_size,
           sum(t.revenue) FILTER (WHERE t.month = t.cohort_month)
               OVER (PARTITION BY t.company_id, t.cohort_month) AS cohort_revenue
      FROM tagged t
)"""

    def _select(self):
        return super()._select() + """,
       row_number() OVER (ORDER BY s.company_id, s.partner_id, s.month) AS id,
       s.cohort_month, s.month,
       ((date_part('year', s.month) - date_part('year', s.cohort_month)) * 12
        + date_part('month', s.month) - date_part('month', s.cohort_month))::integer
           AS months_since,
       p.stage_id, p.rfm_segment, s.revenue, s.cohort_size,
       100.0 / s.cohort_size AS customer_share,
       100.0 * s.revenue / NULLIF(s.cohort_revenue, 0) AS revenue_share"""

    def _from(self):
        return """sized s
  JOIN res_company c ON c.id = s.company_id
  LEFT JOIN crm_lifecycle_profile p
         ON p.partner_id = s.partner_id AND p.company_id = s.company_id"""
