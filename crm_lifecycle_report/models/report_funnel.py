# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from odoo.addons.crm_lifecycle.engine import queries
from odoo.addons.crm_lifecycle.models.lifecycle_profile import RFM_SEGMENTS

STEPS = [
    ("1_prospect", "1. Known (prospect or customer)"),
    ("2_first_order", "2. First order"),
    ("3_repeat", "3. Repeat order"),
    ("4_loyal", "4. Loyal"),
]


class LifecycleReportFunnel(models.Model):
    """Lifecycle funnel: known -> first order -> repeat order -> loyal.

    One row per customer profile and funnel step it reached, dated when it reached it:
    known = its first stage change or first order, first/repeat order = its 1st/2nd
    confirmed order (the engine's orders), loyal = its first change into the stage with
    the loyal rule."""
    _name = "crm.lifecycle.report.funnel"
    _inherit = "crm.lifecycle.report.mixin"
    _description = "Lifecycle report: funnel"
    _auto = False
    _order = "step, date"
    _report_rows = "p"

    step = fields.Selection(STEPS, readonly=True)
    date = fields.Date("Reached on", readonly=True)
    stage_id = fields.Many2one("crm.lifecycle.stage", string="Stage (today)", readonly=True)
    rfm_segment = fields.Selection(RFM_SEGMENTS, string="RFM segment (today)", readonly=True)
    customer_count = fields.Integer("Customers", readonly=True)

    def _with(self):
        return queries.order_scope_sql(self.env.cr) + """,
ranked AS (
    SELECT partner_id, company_id, d,
           row_number() OVER (PARTITION BY partner_id, company_id ORDER BY d) AS rn
      FROM orders
),
steps AS (
    SELECT p.id AS profile_id, '1_prospect' AS step,
           LEAST((SELECT min(t.date) FROM crm_lifecycle_transition t WHERE t.profile_id = p.id),
                 p.first_order_date) AS date
      FROM crm_lifecycle_profile p
    UNION ALL
    SELECT p.id, CASE r.rn WHEN 1 THEN '2_first_order' ELSE '3_repeat' END, r.d
      FROM crm_lifecycle_profile p
      JOIN ranked r ON r.partner_id = p.partner_id AND r.company_id = p.company_id AND r.rn <= 2
    UNION ALL
    SELECT t.profile_id, '4_loyal', min(t.date)
      FROM crm_lifecycle_transition t
      JOIN crm_lifecycle_stage s ON s.id = t.to_stage_id AND s.code = 'loyal'
     GROUP BY t.profile_id
)"""

    def _select(self):
        return super()._select() + """,
       row_number() OVER (ORDER BY st.profile_id, st.step) AS id, st.step, st.date,
       p.stage_id, p.rfm_segment, 1 AS customer_count"""

    def _from(self):
        return """steps st
  JOIN crm_lifecycle_profile p ON p.id = st.profile_id
  JOIN res_company c ON c.id = p.company_id"""
