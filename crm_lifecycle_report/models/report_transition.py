# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from odoo.addons.crm_lifecycle.models.lifecycle_profile import RFM_SEGMENTS


class LifecycleReportTransition(models.Model):
    """Stage transition matrix: from which stage to which, how often, for how much value.

    One row per stage change, with the customer's annual value (from x to y: pivot rows x
    columns; counts and value add up). The first change has no "from" stage."""
    _name = "crm.lifecycle.report.transition"
    _inherit = "crm.lifecycle.report.mixin"
    _description = "Lifecycle report: stage transitions"
    _auto = False
    _order = "date desc, id desc"
    _report_rows = "t"

    date = fields.Date(readonly=True)
    from_stage_id = fields.Many2one("crm.lifecycle.stage", string="From", readonly=True)
    to_stage_id = fields.Many2one("crm.lifecycle.stage", string="To", readonly=True)
    kind = fields.Selection([("auto", "Rules"), ("manual", "Manual")], readonly=True)
    rfm_segment = fields.Selection(RFM_SEGMENTS, string="RFM segment (today)", readonly=True)
    transition_count = fields.Integer("Changes", readonly=True)
    annual_value = fields.Monetary("Annual value", readonly=True)

    def _select(self):
        return super()._select() + """,
       t.id, t.date, t.from_stage_id, t.to_stage_id, t.kind, p.rfm_segment,
       1 AS transition_count, p.annual_value"""

    def _from(self):
        return """crm_lifecycle_transition t
  JOIN crm_lifecycle_profile p ON p.id = t.profile_id
  JOIN res_company c ON c.id = t.company_id"""
