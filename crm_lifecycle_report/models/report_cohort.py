# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from odoo.addons.crm_lifecycle import compat
from odoo.addons.crm_lifecycle.engine import queries
from odoo.addons.crm_lifecycle.models.lifecycle_profile import RFM_SEGMENTS

from . import sql_sources


class LifecycleReportCohort(models.Model):
    """Cohort retention: first-order month x months since, share of customers and of
    first-month revenue still buying.

    One row per customer, company and month from its first order month to this month,
    whether it ordered that month or not (retained 1 or 0), in the cohort of its first
    order month. The shares are row values that a pivot averages: customer_share is 100
    for a customer who ordered that month and 0 otherwise, so the average over any group
    of rows (a cell, a cohort's total, the total of every cohort N months after their
    first order) is the true ratio, retained customers over the customers counted. A
    pivot cannot divide one sum by another; an average of 0/100 rows gives that ratio in
    every total."""
    _name = "crm.lifecycle.report.cohort"
    _inherit = "crm.lifecycle.report.mixin"
    _description = "Lifecycle report: cohort retention"
    _auto = False
    _order = "cohort_month desc, months_since"
    _report_rows = "s"

    cohort_month = fields.Date("First-order month", readonly=True)
    month = fields.Date(readonly=True)
    months_since = fields.Integer("Months since first order", readonly=True, **compat.aggregator("max"))
    stage_id = fields.Many2one("crm.lifecycle.stage", string="Stage (today)", readonly=True)
    rfm_segment = fields.Selection(RFM_SEGMENTS, string="RFM segment (today)", readonly=True)
    revenue = fields.Monetary(readonly=True, help="Untaxed confirmed orders that month.")
    customer_count = fields.Integer("Cohort customers", readonly=True,
                                    help="Customers of the cohort (one per row).")
    retained = fields.Integer("Customers still buying", readonly=True,
                              help="1 when the customer ordered that month, else 0.")
    customer_share = fields.Float(
        "Customers still buying (%)", readonly=True, digits=(16, 1), **compat.aggregator("avg"),
        help="Customers who ordered that month over the cohort's customers.")
    revenue_share = fields.Float(
        "Revenue vs first month (%)", readonly=True, digits=(16, 1), **compat.aggregator("avg"),
        help="That month's revenue against the cohort's first-month revenue; a total over "
             "several cohorts weighs each cohort by its customers.")

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
-- every month of every customer from its cohort month on (0 revenue, not retained),
-- then the months it ordered: one aggregation instead of a join of CTEs, which the
-- planner misjudges (1 row estimated) into a loop over every month for every cohort
cells AS (
    SELECT partner_id, company_id, cohort_month, month, revenue, 1 AS retained FROM tagged
    UNION ALL
    SELECT t.partner_id, t.company_id, t.cohort_month, g.month::date, 0, 0
      FROM tagged t
     CROSS JOIN LATERAL generate_series(t.cohort_month, date_trunc('month', """ + sql_sources.TODAY + """),
                                        interval '1 month') g(month)
     WHERE t.month = t.cohort_month
),
grid AS (
    SELECT partner_id, company_id, cohort_month, month, sum(revenue) AS revenue,
           max(retained) AS retained
      FROM cells GROUP BY partner_id, company_id, cohort_month, month
),
sized AS (
    SELECT g.*,
           count(*) FILTER (WHERE g.month = g.cohort_month)
               OVER (PARTITION BY g.company_id, g.cohort_month) AS cohort_size,
           sum(g.revenue) FILTER (WHERE g.month = g.cohort_month)
               OVER (PARTITION BY g.company_id, g.cohort_month) AS cohort_revenue
      FROM grid g
)"""

    def _select(self):
        # revenue_share: the row's revenue against the cohort's mean first-month revenue
        # per customer, so that the average over a cohort's rows is its revenue against
        # its first-month revenue
        return super()._select() + """,
       row_number() OVER (ORDER BY s.company_id, s.partner_id, s.month) AS id,
       s.cohort_month, s.month,
       ((date_part('year', s.month) - date_part('year', s.cohort_month)) * 12
        + date_part('month', s.month) - date_part('month', s.cohort_month))::integer
           AS months_since,
       p.stage_id, p.rfm_segment, s.revenue, 1 AS customer_count, s.retained,
       100.0 * s.retained AS customer_share,
       100.0 * s.revenue * s.cohort_size / NULLIF(s.cohort_revenue, 0) AS revenue_share"""

    def _from(self):
        return """sized s
  JOIN res_company c ON c.id = s.company_id
  LEFT JOIN crm_lifecycle_profile p
         ON p.partner_id = s.partner_id AND p.company_id = s.company_id"""
