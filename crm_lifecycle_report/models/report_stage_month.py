# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from odoo.addons.crm_lifecycle.models.lifecycle_profile import ABC_CLASSES, RFM_SEGMENTS

from . import sql_sources


class LifecycleReportStageMonth(models.Model):
    """Stage distribution over time: how many customers sat in each stage at each month end.

    One row per customer, company and month from its first stage change to this month:
    the stage it was in at the end of that month (its last transition on or before it)."""
    _name = "crm.lifecycle.report.stage.month"
    _inherit = "crm.lifecycle.report.mixin"
    _description = "Lifecycle report: stages by month"
    _auto = False
    _order = "month desc, stage_id"
    _report_rows = "p"

    month = fields.Date(readonly=True)
    stage_id = fields.Many2one("crm.lifecycle.stage", string="Stage at month end", readonly=True)
    rfm_segment = fields.Selection(RFM_SEGMENTS, string="RFM segment (today)", readonly=True)
    abc_class = fields.Selection(ABC_CLASSES, string="ABC (today)", readonly=True)
    customer_count = fields.Integer("Customers", readonly=True)
    annual_value = fields.Monetary("Annual value (today)", readonly=True)

    def _with(self):
        return """months AS (
    SELECT b.profile_id, m::date AS month
      FROM (SELECT profile_id, min(date) AS first_date
              FROM crm_lifecycle_transition GROUP BY profile_id) b
     CROSS JOIN LATERAL generate_series(date_trunc('month', b.first_date),
                                        date_trunc('month', """ + sql_sources.TODAY + """),
                                        interval '1 month') m
)"""

    def _select(self):
        return super()._select() + """,
       row_number() OVER (ORDER BY m.profile_id, m.month) AS id, m.month,
       last_t.to_stage_id AS stage_id, p.rfm_segment, p.abc_class,
       1 AS customer_count, p.annual_value"""

    def _from(self):
        return """months m
  JOIN crm_lifecycle_profile p ON p.id = m.profile_id
  JOIN res_company c ON c.id = p.company_id
  CROSS JOIN LATERAL (
      SELECT t.to_stage_id FROM crm_lifecycle_transition t
       WHERE t.profile_id = m.profile_id
         AND t.date < (m.month + interval '1 month')::date
       ORDER BY t.date DESC, t.id DESC LIMIT 1) last_t"""
