# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from odoo.addons.crm_lifecycle.models.lifecycle_profile import RFM_SEGMENTS

# One row per stage change, with the customer's annual value (from x to y: pivot rows x
# columns; counts and value add up). The first change has no "from" stage.
SQL_TRANSITION = """
SELECT t.id, t.date, t.from_stage_id, t.to_stage_id, t.kind, t.partner_id, t.company_id,
       c.currency_id, p.user_id, p.rfm_segment, 1 AS transition_count, p.annual_value
  FROM crm_lifecycle_transition t
  JOIN crm_lifecycle_profile p ON p.id = t.profile_id
  JOIN res_company c ON c.id = t.company_id
"""


class LifecycleReportTransition(models.Model):
    """Stage transition matrix: from which stage to which, how often, for how much value."""
    _name = "crm.lifecycle.report.transition"
    _inherit = "crm.lifecycle.report.mixin"
    _description = "Lifecycle report: stage transitions"
    _auto = False
    _order = "date desc, id desc"

    date = fields.Date(readonly=True)
    from_stage_id = fields.Many2one("crm.lifecycle.stage", string="From", readonly=True)
    to_stage_id = fields.Many2one("crm.lifecycle.stage", string="To", readonly=True)
    kind = fields.Selection([("auto", "Rules"), ("manual", "Manual")], readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    rfm_segment = fields.Selection(RFM_SEGMENTS, string="RFM segment (today)", readonly=True)
    transition_count = fields.Integer("Changes", readonly=True)
    annual_value = fields.Monetary("Annual value", readonly=True)

    def _view_sql(self):
        return SQL_TRANSITION
